"""A full line in front of the added stage blocks the booth (or bay) of the vehicle it holds
(docs/sim.md, "Added stage"): rules at tiny scale."""

from __future__ import annotations

import numpy as np
import pytest

from borderlever.errors import ConfigError
from borderlever.network.policies import EnhancedInspection
from borderlever.network.schedule import DriverReactions, single_port_schedule
from borderlever.sim.compile import compile_schedule
from borderlever.sim.engine import derive_hourly, run_compiled

NONE = DriverReactions.none()


def _raw(lot: int | None, station_min: float, stations: int, reps: int, **kw) -> tuple:
    days = kw.get("days", 2)
    s = single_port_schedule(**kw)
    pol = EnhancedInspection(
        0.0,
        days * 24 * 60.0,
        added_stage_share=1.0,
        added_stage_mean_min=station_min,
        added_stage_cv=0.0,
        added_stage_servers=stations,
        added_stage_lot=lot,
    )
    c = compile_schedule(pol.apply(s), NONE)
    return run_compiled(c, np.random.SeedSequence(7).generate_state(reps, np.uint64)), c


def _booth_trucks(raw: np.ndarray, c) -> float:
    """Trucks through primary, from the booths' busy minutes (1 min per truck)."""
    h = derive_hourly(raw, c)
    return float((h["lane_utilisation"] * h["open_lanes"] * 60.0).sum())


def test_primary_throughput_bounded_by_the_added_stage_rate() -> None:
    """Every truck through 1 added station of 30 min (deterministic), a line of 2 places, 30
    trucks an hour at 3 booths of 1 min (deterministic, primary capacity 180 an hour) for
    T = 48 h: a truck through primary starts the added stage, waits in the line (2 places) or
    holds its booth (3), so the trucks through primary number N in [T / 30 min - 1,
    T / 30 min + 1 + 2 + 3] (closed form, no randomness in service), ~2 an hour, not the 30
    that arrive (an unbounded line passes all of them through primary)."""
    kw = dict(
        arrivals_per_h=30.0,
        lanes=3,
        primary_mean_min=1.0,
        primary_cv=0.0,
        secondary_share=0.0,
        days=2,
        tail_days=0,
    )
    raw, c = _raw(2, 30.0, 1, 1, **kw)
    n = _booth_trucks(raw[0], c)
    starts = 48 * 60.0 / 30.0
    assert starts - 1 <= n <= starts + 1 + 2 + 3, n
    h = derive_hourly(raw[0], c)
    assert (h["secondary_blocked_h"] <= h["open_lanes"] + 1e-9).all()  # no more than booths
    assert h["secondary_blocked_h"].sum() > 48 * 2  # the booths are held most of the time
    free, c_free = _raw(None, 30.0, 1, 1, **kw)
    assert _booth_trucks(free[0], c_free) > 48 * 25  # unbounded: primary passes what arrives


def test_referred_vehicles_hold_their_secondary_bay() -> None:
    """Every truck referred to 2 secondary bays of 5 min, then 1 added station of 60 min with a
    line of 1 place: a truck leaving secondary holds its bay, so the bays pass at most one truck
    an hour plus the line and the bays (48 h: at most 48 + 1 + 1 + 2 trucks), and the primary
    booths are not booked as held by the added line (the secondary lot is unbounded)."""
    kw = dict(
        arrivals_per_h=6.0,
        lanes=2,
        primary_mean_min=1.0,
        primary_cv=0.0,
        secondary_share=1.0,
        secondary_bays=2,
        secondary_mean_min=5.0,
        secondary_cv=0.0,
        days=2,
        tail_days=0,
    )
    raw, c = _raw(1, 60.0, 1, 1, **kw)
    h = derive_hourly(raw[0], c)
    assert h["served"].sum() <= 48 + 1 + 1 + 2
    assert h["secondary_blocked_h"].sum() == 0.0
    # the secondary line grows behind the held bays: about 6 - 1 trucks an hour
    free, c_free = _raw(None, 60.0, 1, 1, **kw)
    assert np.nansum(derive_hourly(free[0], c_free)["queue_mean"]) > 0


def test_an_unbounded_line_changes_nothing() -> None:
    """Without ``added_stage_lot`` the added stage runs after the primary loop exactly as
    before (same draws, same order): the same numbers as a schedule without the field, and a
    bounded line that does bind gives other numbers."""
    kw = dict(arrivals_per_h=20.0, lanes=2, primary_mean_min=5.0, secondary_share=0.3, days=2)
    a, _ = _raw(None, 30.0, 3, 2, **kw)
    s = single_port_schedule(**kw)
    pol = EnhancedInspection(
        0.0,
        2 * 24 * 60.0,
        added_stage_share=1.0,
        added_stage_mean_min=30.0,
        added_stage_cv=0.0,
        added_stage_servers=3,
    )
    sched = pol.apply(s)
    assert sched.added_lot is None
    b = run_compiled(
        compile_schedule(sched, NONE), np.random.SeedSequence(7).generate_state(2, np.uint64)
    )
    assert np.array_equal(a, b)
    small, _ = _raw(1, 30.0, 3, 2, **kw)
    assert not np.array_equal(small, a)


def test_a_line_of_no_places_is_refused() -> None:
    with pytest.raises(ConfigError, match="added_stage_lot"):
        EnhancedInspection(
            0,
            60,
            added_stage_share=1.0,
            added_stage_mean_min=5,
            added_stage_servers=1,
            added_stage_lot=0,
        )
