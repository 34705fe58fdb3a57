"""A full secondary lot blocks the primary booth of the vehicle it holds (docs/sim.md,
"Secondary line bounded"): rules at tiny scale."""

from __future__ import annotations

import numpy as np

from borderlever.network.schedule import DriverReactions, single_port_schedule
from borderlever.sim.compile import compile_schedule
from borderlever.sim.engine import derive_hourly, run_compiled

NONE = DriverReactions.none()


def _raw(lot: int | None, react: DriverReactions = NONE, reps: int = 2, **kw) -> tuple:
    s = single_port_schedule(secondary_lot=lot, **kw)
    c = compile_schedule(s, react)
    return run_compiled(c, np.random.SeedSequence(7).generate_state(reps, np.uint64)), c


def test_primary_throughput_bounded_by_secondary_rate_over_referral_share() -> None:
    """Lot of 1, one secondary bay of 30 min (deterministic), half the trucks referred, 30 trucks
    an hour at 3 booths of 1 min (deterministic): primary capacity 180 an hour, but every
    referred truck that passes primary starts secondary, waits in the lot (1 place) or holds
    its booth (3), so over T = 48 h the referred trucks through primary number R in
    [T / 30 min - 1, T / 30 min + 1 + 1 + 3], and all trucks through primary N = R / share in
    distribution (each truck is referred independently: N - R is negative binomial with
    standard deviation sqrt(R (1 - p)) / p).  Primary throughput is thus the secondary rate
    over the referral share, ~4 an hour, not the 30 that arrive (the engine before booths were
    blocked passed all 30).  N is counted from the booths' busy minutes (1 min per truck)."""
    p, s_min, days, lanes, lot, reps = 0.5, 30.0, 2, 3, 1, 2
    kw = dict(
        arrivals_per_h=30.0,
        lanes=lanes,
        primary_mean_min=1.0,
        primary_cv=0.0,
        secondary_share=p,
        secondary_bays=1,
        secondary_mean_min=s_min,
        secondary_cv=0.0,
        days=days,
        tail_days=0,
    )
    raw, c = _raw(lot, reps=reps, **kw)
    n = 0.0
    for r in range(reps):
        h = derive_hourly(raw[r], c)
        n += float((h["lane_utilisation"] * h["open_lanes"] * 60.0).sum())
        assert (h["secondary_blocked_h"] <= h["open_lanes"] + 1e-9).all()  # no more than booths
        assert h["secondary_blocked_h"].sum() > days * 24 * 0.5  # booths are held a lot
    starts = days * 24 * 60.0 / s_min
    r_lo, r_hi = reps * (starts - 1), reps * (starts + 1 + lot + lanes)
    sd = np.sqrt(r_hi * (1 - p)) / p
    assert r_lo / p - 4 * sd <= n <= r_hi / p + 4 * sd, (n, r_lo / p, r_hi / p, sd)


def test_a_lot_that_never_fills_changes_nothing() -> None:
    """A lot larger than every line the run builds gives exactly the numbers of an unbounded
    one (same draws, same order), with patience and deferral on and a congested secondary."""
    react = DriverReactions(
        patience_mean_min={"truck_standard": 60.0},
        divert_share={"truck_standard": 0.0},
        defer_share={"truck_standard": 0.5},
    )
    kw = dict(
        arrivals_per_h=20.0,
        lanes=2,
        primary_mean_min=5.0,
        secondary_share=0.3,
        secondary_bays=1,
        secondary_mean_min=15.0,
        days=2,
    )
    big, _ = _raw(1_000_000, react, **kw)
    unbounded, _ = _raw(None, react, **kw)
    small, _ = _raw(1, react, **kw)
    assert np.array_equal(big, unbounded)
    assert not np.array_equal(small, unbounded)  # the same case with a lot of 1 does block


def test_held_booth_delays_the_vehicles_behind() -> None:
    """One booth, every truck referred, one bay of 60 min, lot of 1: the third truck finishes
    primary while the first is in secondary and the second in the lot, so it holds the only
    booth, and the fourth truck cannot start primary before the first leaves secondary."""
    kw = dict(
        arrivals_per_h=12.0,
        lanes=1,
        primary_mean_min=1.0,
        primary_cv=0.0,
        secondary_share=1.0,
        secondary_bays=1,
        secondary_mean_min=60.0,
        secondary_cv=0.0,
        days=1,
        tail_days=1,
    )
    raw, c = _raw(1, reps=1, **kw)
    h = derive_hourly(raw[0], c)
    # one truck an hour through secondary: the booth serves about one truck an hour too
    busy_min = float((h["lane_utilisation"] * h["open_lanes"] * 60.0).sum())
    assert busy_min <= 48 + 3  # 48 h of secondary at 60 min, plus the lot and the held booth
    assert (h["secondary_blocked_h"] <= h["open_lanes"] + 1e-9).all()
    free, c_free = _raw(None, reps=1, **kw)
    hf = derive_hourly(free[0], c_free)
    assert float((hf["lane_utilisation"] * hf["open_lanes"] * 60.0).sum()) > 200
