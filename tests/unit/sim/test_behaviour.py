"""Driver behaviour in the fast engine: truncated patience, deferral after reopening, repeated
attempts with a per-attempt cancellation, and the post-closure staffing surge."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from borderlever.network.policies import Closure
from borderlever.network.schedule import DriverReactions, single_port_schedule
from borderlever.sim import simulate

CLOSED = (1440.0, 3 * 1440.0)  # day 1 and day 2 closed


def _reactions(**kw) -> DriverReactions:
    base = dict(
        patience_mean_min={"truck_standard": 600.0},
        divert_share={"truck_standard": 0.0},
        defer_share={"truck_standard": 1.0},
    )
    return DriverReactions(**{**base, **kw})  # type: ignore[arg-type]


def test_truncated_patience_bounds_every_primary_wait() -> None:
    """Patience min(lognormal, cap): no served vehicle waits longer than the cap (no secondary)."""
    s = single_port_schedule(30.0, lanes=2, primary_mean_min=3.0, days=5)
    react = _reactions(patience_max_min={"truck_standard": 120.0})
    res = simulate(s, [Closure(*CLOSED)], reactions=react, replications=2, seed=5)
    trucks = res.waits[res.waits["vehicle_class"] == "truck_standard"]
    assert trucks["max_wait_min"].max() <= 120.0 + 1e-9
    uncapped = simulate(s, [Closure(*CLOSED)], reactions=_reactions(), replications=2, seed=5)
    assert uncapped.waits["max_wait_min"].max() > 120.0  # the cap is what bounds it


def test_deferred_drivers_return_only_after_reopening_with_a_lag() -> None:
    """With deferral certain, every driver who gives up during the closure comes back after the
    lanes reopen (none while closed), at least ``return_lag`` on average later."""
    s = single_port_schedule(20.0, lanes=3, primary_mean_min=2.0, days=6)
    react = _reactions(
        patience_mean_min={"truck_standard": 30.0}, return_lag_min=180.0, defer_delay_min=60.0
    )
    res = simulate(s, [Closure(*CLOSED)], reactions=react, replications=2, seed=11)
    h = res.hourly
    closed = (h["hour"] >= 24) & (h["hour"] < 72)
    assert h.loc[closed, "returned"].sum() == 0 and h.loc[closed, "deferred"].sum() > 0
    d = res.daily.groupby("replication")[["deferred", "returned", "cancelled"]].sum()
    assert (d["cancelled"] == 0).all()
    assert (d["returned"] == d["deferred"]).all()  # nobody lost: all came back within the run
    first_back = h.loc[(h["hour"] >= 72) & (h["returned"] > 0), "hour"].min()
    assert first_back >= 72  # after reopening; the lag spreads them out
    spread = h.loc[h["hour"] >= 72, ["hour", "returned"]]
    mean_back_h = (spread["hour"] * spread["returned"]).sum() / spread["returned"].sum()
    assert mean_back_h - 72 >= 1.0  # mean lag 3 h after reopening (hour bins: >= 1 h)


@pytest.mark.parametrize("cancel", [0.25, 0.5])
def test_each_attempt_cancels_with_the_given_probability(cancel: float) -> None:
    """A driver giving up cancels with probability ``cancel`` at every attempt and defers
    otherwise; deferring again is allowed, so cancellations / give-ups = ``cancel``."""
    s = single_port_schedule(25.0, lanes=2, primary_mean_min=3.0, days=6)
    react = _reactions(
        patience_mean_min={"truck_standard": 20.0}, defer_share={"truck_standard": 1.0 - cancel}
    )
    res = simulate(s, [Closure(*CLOSED)], reactions=react, replications=3, seed=3)
    d = res.daily[["deferred", "cancelled"]].sum()
    gave_up = d["deferred"] + d["cancelled"]
    se = np.sqrt(cancel * (1 - cancel) / gave_up)
    assert abs(d["cancelled"] / gave_up - cancel) < 5 * se


def test_post_closure_surge_staffs_every_booth_for_its_hours() -> None:
    """A closure's surge staffs the physical booths for ``surge_h`` hours after it, then normal."""
    s = single_port_schedule(20.0, lanes=2, primary_mean_min=2.0, days=6)
    s = replace(s, booths=np.full(s.servers.shape[:2], 5))
    after = Closure(*CLOSED, surge_h=24).apply(s)
    assert (after.servers[0, 0, 0, 72:96] == 5).all() and (
        after.servers[0, 0, 0, 96:120] == 2
    ).all()
    assert (after.servers[0, 0, 0, 24:72] == 0).all()
