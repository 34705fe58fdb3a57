"""A policy that changes nothing costs exactly nothing (common random numbers), and trade blocked,
delivered and delayed add up.  Tiny real simulations: one overloaded port, 3 days, 2 replications,
so that drivers balk, defer and cancel at normal queues too (the old source of phantom costs)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from borderlever.economics import impact_from_sim
from borderlever.economics.outcomes import trade_outcomes
from borderlever.network.policies import Closure, LaneCut
from borderlever.network.schedule import single_port_schedule
from borderlever.sim import simulate

GDP = pd.DataFrame(
    {"country_iso3": ["USA", "MEX", "CAN"], "year": 2023, "gdp_usd": [27.7e12, 1.79e12, 2.14e12]}
)
TRADE = pd.DataFrame(
    {
        "port_code": "2304",
        "year": 2023,
        "direction": ["import", "import", "export", "export"],
        "mode": "truck",
        "hs2": ["87", "07", "85", "02"],
        "value_usd": [250e9, 10e9, 80e9, 3e9],
        "months_covered": 12,
        "country": "MEX",
    }
)
DAY = 24 * 60


def _schedule():
    # 40 trucks/h on 2 lanes of 3.5 min: utilisation 1.17, queues grow and drivers react
    return single_port_schedule(40.0, lanes=2, primary_mean_min=3.5, days=3, port_code="2304")


def _run(policies):
    return simulate(_schedule(), policies, replications=2, seed=11).daily


@pytest.fixture(scope="module")
def no_policy() -> pd.DataFrame:
    return _run([])


def test_no_policy_run_has_normal_reactions_but_costs_exactly_zero(no_policy) -> None:
    d = no_policy
    assert d["deferred"].sum() + d["cancelled"].sum() > 0  # drivers balk even with no policy
    impact = impact_from_sim(d, TRADE, GDP, None, policy_days=3.0)
    assert (impact.costs["cost_usd"] == 0.0).all()
    assert (impact.countries["total_cost_usd"] == 0.0).all()
    assert (impact.trade[["lost_usd", "deferred_usd", "spoiled_usd"]].to_numpy() == 0.0).all()
    assert impact.leverage["leverage_ratio"].isna().all()  # 0 / 0: undefined, not 0 or inf
    out = trade_outcomes(d, TRADE, (0, 3))
    cols = ["blocked_usd", "delayed_usd", "delay_value_usd_h"]
    assert (out[cols].to_numpy() == 0.0).all()
    assert np.array_equal(out["delivered_usd"], out["baseline_usd"])


@pytest.mark.parametrize(
    "policy",
    [
        Closure(10 * DAY, 11 * DAY),  # window after the horizon (and its tail)
        LaneCut(0, 3 * DAY, lanes=0),  # inside the horizon, removes no lane
    ],
    ids=["after-horizon", "zero-lanes"],
)
def test_a_policy_that_changes_nothing_changes_nothing_exactly(policy, no_policy) -> None:
    d = _run([policy])
    flows = ["served", "deferred", "cancelled", "wait_vehicle_h"]
    assert np.array_equal(d[flows].to_numpy(), no_policy[flows].to_numpy())
    base = ["baseline_served", "baseline_deferred", "baseline_cancelled", "baseline_wait_vehicle_h"]
    assert np.array_equal(d[base].to_numpy(), d[flows].to_numpy())
    impact = impact_from_sim(d, TRADE, GDP, None, policy_days=1.0)
    assert impact.countries["total_cost_usd"].eq(0.0).all()
    assert trade_outcomes(d, TRADE, (0, 3))["blocked_usd"].eq(0.0).all()


def test_blocked_plus_delivered_is_the_baseline_and_a_slowdown_blocks_less() -> None:
    """Closing the port for a day blocks that day's trade; halving the lanes blocks less."""
    window = (1, 2)
    closed = trade_outcomes(_run([Closure(DAY, 2 * DAY)]), TRADE, window)
    slowed = trade_outcomes(_run([LaneCut(DAY, 2 * DAY, lanes=1)]), TRADE, window)
    for out in (closed, slowed):
        total = out["blocked_usd"] + out["delivered_usd"]
        assert np.allclose(total, out["baseline_usd"], rtol=1e-12)
        assert (out[["blocked_usd", "delayed_usd", "delay_value_usd_h"]] >= 0).all().all()
    assert closed["blocked_usd"].sum() > 0.9 * closed["baseline_usd"].sum()
    assert 0 < slowed["blocked_usd"].sum() < closed["blocked_usd"].sum()
    assert slowed["delay_value_usd_h"].sum() > 0
