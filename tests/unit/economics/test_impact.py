"""impact_from_sim end to end on synthetic closures, with invariants checked by hypothesis."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from borderlever.economics import EconParams, ImpactResult, impact_from_sim, trade_at_stake
from borderlever.economics.inputoutput import IOTable

REGIONS = ("USA", "MEX", "CAN", "ROW")
GDP = pd.DataFrame(
    {
        "country_iso3": ["USA", "MEX", "CAN", "USA"],
        "year": [2023, 2023, 2023, 2022],
        "gdp_usd": [27.7e12, 1.79e12, 2.14e12, 25.7e12],
    }
)
TRADE = pd.DataFrame(
    {
        "port_code": ["2304", "2304", "2304", "2304", "2304"],
        "year": 2023,
        "direction": ["import", "import", "export", "import", "export"],
        "mode": ["truck", "truck", "truck", "rail", "truck"],
        "hs2": ["87", "07", "85", "87", "27"],
        "value_usd": [250e9, 10e9, 80e9, 50e9, 20e9],
        "months_covered": 12,
        "country": "MEX",
    }
)


def _io() -> IOTable:
    rng = np.random.default_rng(3)
    labels = tuple(f"{r}_c{s}" for r in REGIONS for s in range(1, 36))
    Z = rng.uniform(0, 1, (140, 140))
    Y = rng.uniform(20, 40, (140, 4))
    return IOTable(Z, Y, Z.sum(axis=1) + Y.sum(axis=1), labels, tuple(f"{r}_CONS" for r in REGIONS))


IO = _io()


def closure(
    days_closed: int,
    defer: float = 0.7,
    catchup: float = 0.3,
    horizon: int = 16,
    reps: int = 2,
    port: str = "2304",
) -> pd.DataFrame:
    """A truck closure from day 2: deferred trucks return at ``catchup`` x baseline per day."""
    rows, base = [], 1000.0
    for rep in range(reps):
        held = 0.0
        for day in range(horizon):
            closed = 2 <= day < 2 + days_closed
            ret = 0.0 if closed else min(held, catchup * base)
            held += defer * base if closed else -ret
            arrivals = 0.0 if closed else base + ret
            rows.append(
                {
                    "replication": rep,
                    "port_code": port,
                    "vehicle_class": "truck_standard",
                    "day": day,
                    "baseline_arrivals": base,
                    "arrivals": arrivals,
                    "served": arrivals,
                    "wait_vehicle_h": 0.5 * arrivals + ret * (1.0 + 0.1 * rep),
                    "deferred": defer * base if closed else 0.0,
                    "cancelled": (1 - defer) * base if closed else 0.0,
                    "diverted_out": 0.0,
                    "diverted_in": 0.0,
                    "queue_end": 0.0,
                }
            )
    return pd.DataFrame(rows)


BASELINE = closure(0)


def run(daily: pd.DataFrame, params: EconParams | None = None) -> ImpactResult:
    return impact_from_sim(daily, TRADE, GDP, IO, params or EconParams(), baseline_daily=BASELINE)


def test_result_frames_and_summary() -> None:
    r = run(closure(5))
    assert set(r.countries["country"]) == {"USA", "MEX", "CAN"}
    assert (r.countries["gdp_year"] == 2023).all()
    assert r.leverage["leverage_ratio"].notna().all()
    s = r.summary.set_index(["figure", "key"])
    row = s.loc[("country.total_cost_usd", "MEX")]
    assert row["ci_low"] <= row["mean"] <= row["ci_high"] and row["n_replications"] == 2
    assert (
        r.daily.groupby(["replication", "country"])["cumulative_cost_usd"].diff().dropna() >= -1e-6
    ).all()
    assert set(r.sectors["hs2"]) == {"87", "07", "85", "27"}
    assert r.countries["policy_days"].eq(5).all()


def test_baseline_trade_equals_trade_at_stake() -> None:
    r = run(closure(3))
    truck = r.trade[(r.trade["replication"] == 0) & (r.trade["mode"] == "truck")]
    stake = trade_at_stake(TRADE, ports=["2304"], modes=["truck"], days=16)
    assert truck["baseline_usd"].sum() == pytest.approx(stake["value_usd"].sum())


def test_port_without_trade_is_noted_not_zeroed() -> None:
    daily = pd.concat([closure(3), closure(3, port="3401")])
    r = run(daily)
    notes = r.notes[r.notes["kind"] == "missing"]
    assert "no trade data for port 3401" in set(notes["message"])
    assert "3401" not in set(r.trade["port_code"])


def test_rail_without_rail_traffic_is_noted_and_no_io_is_noted() -> None:
    r = impact_from_sim(closure(2), TRADE.assign(mode="rail"), GDP, None)
    assert r.notes["message"].str.contains("no truck trade").any()
    assert r.notes["message"].str.contains("no input-output table").any()
    assert r.production.empty


def _total(r: ImpactResult) -> pd.Series:
    return r.countries.groupby("country")["total_cost_usd"].sum()


def test_zero_day_closure_costs_zero() -> None:
    r = run(closure(0))
    assert (r.countries["total_cost_usd"] == 0).all()
    assert (r.trade[["lost_usd", "deferred_usd", "spoiled_usd"]].to_numpy() == 0).all()
    assert r.leverage["leverage_ratio"].isna().all()


@settings(max_examples=8, deadline=None)
@given(
    n=st.integers(0, 6),
    extra=st.integers(1, 4),
    defer=st.floats(0.0, 1.0),
    catchup=st.floats(0.05, 1.0),
)
def test_cost_never_falls_as_closure_lengthens(
    n: int, extra: int, defer: float, catchup: float
) -> None:
    short = _total(run(closure(n, defer, catchup)))
    long = _total(run(closure(n + extra, defer, catchup)))
    assert (long >= short - 1e-6 * (1 + short.abs())).all()


@settings(max_examples=12, deadline=None)
@given(n=st.integers(1, 8), defer=st.floats(0.0, 1.0), catchup=st.floats(0.05, 1.0))
def test_loss_bounded_by_trade_at_risk_plus_delay_costs(
    n: int, defer: float, catchup: float
) -> None:
    r = run(closure(n, defer, catchup))
    at_risk = trade_at_stake(TRADE, ports=["2304"], modes=["truck"], days=n)["value_usd"].sum()
    per_rep = r.trade.groupby("replication")[["lost_usd", "spoiled_usd"]].sum().sum(axis=1)
    delay = r.costs[r.costs["component"].isin(["truck_wait", "cargo_holding"])]
    delay_costs = (
        delay.groupby("replication")["cost_usd"].sum().reindex(per_rep.index, fill_value=0)
    )
    direct = r.costs.groupby("replication")["cost_usd"].sum()
    assert (per_rep <= at_risk * (1 + 1e-9)).all()
    assert (
        direct + r.trade.groupby("replication")["lost_usd"].sum()
        <= (at_risk + delay_costs) * (1 + 1e-9)
    ).all()


def test_us_costs_are_split_over_states_by_port_shares() -> None:
    states = pd.DataFrame(
        {
            "us_state": ["TX", "MI", "TX"],
            "mode": "truck",
            "port_code": "2304",
            "year": [2023, 2023, 2022],
            "value_usd": [3.0, 1.0, 100.0],
        }
    )
    r = impact_from_sim(closure(3), TRADE, GDP, IO, baseline_daily=BASELINE, state_trade_df=states)
    rep0 = r.states[r.states["replication"] == 0].set_index("state")
    us = r.costs[(r.costs["replication"] == 0) & (r.costs["country"] == "USA")]["cost_usd"].sum()
    assert rep0["us_direct_cost_usd"].sum() == pytest.approx(us)
    assert rep0.loc["TX", "us_direct_cost_usd"] == pytest.approx(0.75 * us)


def test_country_without_gdp_is_noted() -> None:
    r = impact_from_sim(closure(2), TRADE, GDP[GDP["country_iso3"] != "CAN"], IO)
    assert "no GDP for CAN: its GDP share is not reported" in set(r.notes["message"])
    assert "CAN" not in set(r.countries["country"])


def test_state_shares_are_taken_per_mode() -> None:
    states = pd.DataFrame(
        {
            "us_state": ["TX", "MI", "IL"],
            "port_code": "2304",
            "year": 2023,
            "mode": ["truck", "truck", "rail"],
            "value_usd": [1.0, 1.0, 50.0],
        }
    )
    r = impact_from_sim(closure(3), TRADE, GDP, IO, state_trade_df=states)
    rep0 = r.states[r.states["replication"] == 0].set_index("state")
    assert "IL" not in rep0.index  # only trucks were closed
    assert rep0.loc["TX", "us_lost_trade_usd"] == pytest.approx(rep0.loc["MI", "us_lost_trade_usd"])


def test_leverage_only_for_neighbours_trading_through_the_ports() -> None:
    r = run(closure(3))
    assert set(r.leverage["neighbour"]) == {"MEX"}
    assert "CAN" in set(r.countries["country"])


def test_simulator_baseline_columns_replace_a_baseline_run() -> None:
    daily = closure(3).assign(baseline_served=1000.0, baseline_wait_vehicle_h=500.0)
    with_cols = impact_from_sim(daily, TRADE, GDP, IO)
    with_run = impact_from_sim(closure(3), TRADE, GDP, IO, baseline_daily=BASELINE)
    assert not with_cols.notes["message"].str.contains("no baseline run").any()
    a = with_cols.costs.groupby("component")["cost_usd"].sum()
    b = with_run.costs.groupby("component")["cost_usd"].sum()
    assert a["truck_wait"] == pytest.approx(b["truck_wait"])


def test_inbound_closure_leaves_exports_untouched_and_directions_add_up() -> None:
    """An inbound-only closure: no southbound trade lost, no southbound direct cost; each
    country's direction parts add up to its production loss (Shapley split)."""
    r = run(closure(5))
    exports = r.trade[r.trade["direction"] == "export"]
    assert (exports[["lost_usd", "deferred_usd"]].to_numpy() == 0).all()
    d = r.by_direction.set_index(["replication", "country"])
    assert (d["direct_southbound_usd"] == 0).all()
    prod = r.production.groupby(["replication", "region"])["va_loss_usd"].sum()
    parts = d["production_northbound_usd"] + d["production_southbound_usd"]
    for key, value in prod.items():
        if key in parts.index:
            assert parts[key] == pytest.approx(value, rel=1e-9, abs=1e-3)


def test_southbound_closure_is_priced_from_export_values() -> None:
    """Closing US exports for 5 days loses (1 - defer share) of 5 days of export trade, priced
    from the port's own export values, not from the northbound traffic."""
    blocked = pd.DataFrame(
        {"port_code": "2304", "mode": "truck", "day": range(2, 7), "blocked_share": 1.0}
    )
    r = impact_from_sim(
        closure(0),
        TRADE,
        GDP,
        IO,
        EconParams(),
        baseline_daily=BASELINE,
        southbound=blocked,
        defer_share=0.6,
    )
    exports = r.trade[(r.trade["direction"] == "export") & (r.trade["replication"] == 0)]
    per_day = TRADE[(TRADE["direction"] == "export") & (TRADE["mode"] == "truck")]["value_usd"]
    expected = per_day.sum() / 365 * 5 * 0.4
    assert exports["lost_usd"].sum() == pytest.approx(expected, rel=1e-9)
    imports = r.trade[r.trade["direction"] == "import"]
    assert (imports[["lost_usd", "deferred_usd"]].to_numpy() == 0).all()
    assert (r.by_direction["direct_northbound_usd"] == 0).all()
    assert (r.by_direction["production_northbound_usd"].abs() < 1e-6).all()
