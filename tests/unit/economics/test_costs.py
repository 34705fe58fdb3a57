"""Backlog, spoilage, value per vehicle and cost allocation on hand-made daily frames."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from borderlever.economics.costs import (
    backlog,
    check_daily,
    spoiled_vehicles,
    trade_and_costs,
    vehicle_values,
)
from borderlever.economics.params import EconParams
from borderlever.errors import DataError


def _daily(deferred: list[float], arrivals: list[float], wait: float = 100.0) -> pd.DataFrame:
    n = len(deferred)
    return pd.DataFrame(
        {
            "replication": 0,
            "port_code": "2304",
            "vehicle_class": "truck_standard",
            "day": range(n),
            "baseline_arrivals": 100.0,
            "arrivals": arrivals,
            "served": arrivals,
            "wait_vehicle_h": wait,
            "deferred": deferred,
            "cancelled": 0.0,
            "diverted_out": 0.0,
            "diverted_in": 0.0,
            "queue_end": 0.0,
        }
    )


def _fresh_one_day() -> EconParams:
    """Fresh produce (HS 07) that spoils whole after 1 day, none of it frozen."""
    from borderlever.economics.perishables import PerishableTable
    from borderlever.parameters import resolve

    table = PerishableTable.from_parameters(
        resolve(
            {
                "economics.perishable.fresh_produce.shelf_days": 1.0,
                "economics.perishable.fresh_produce.spoil_share": 1.0,
                "economics.perishable.frozen_share.hs07": 0.0,
            }
        )
    )
    return EconParams(perishables=table)


def _values(perishable_share: float = 0.0) -> pd.DataFrame:
    v = 50_000.0
    return pd.DataFrame(
        {
            "port_code": "2304",
            "country": "MEX",
            "direction": ["import", "import", "export"],
            "mode": "truck",
            "hs2": ["87", "07", "85"],
            "value_usd_per_vehicle": [v * (1 - perishable_share), v * perishable_share, 20_000.0],
        }
    )


def test_spoilage_fifo_counts_only_cohorts_past_shelf_time() -> None:
    # 10 deferred on day 0, 10 on day 1; 10 return on day 2, 10 on day 3; shelf 2 days
    deferred = np.array([10.0, 10, 0, 0, 0])
    backlog_end = np.array([10.0, 20, 10, 0, 0])
    out = spoiled_vehicles(deferred, backlog_end, 2.0)
    # day-0 cohort: out by day 2 (cum_out[2] = 10) -> none spoiled; day-1 cohort: still 10 at day 3? no,
    # cum_out[3] = 20 -> gone.  Nothing spoils.
    assert out.sum() == 0.0
    slow = spoiled_vehicles(deferred, np.array([10.0, 20, 15, 10, 5]), 2.0)
    assert slow.tolist() == [0.0, 0.0, 5.0, 10.0, 0.0]


def test_backlog_from_unexplained_arrivals() -> None:
    f = backlog(check_daily(_daily([0, 50, 0, 0], [100, 50, 130, 120])))
    assert f["returned"].tolist() == [0.0, 0.0, 30.0, 20.0]
    assert f["backlog"].tolist() == [0.0, 50.0, 20.0, 0.0]


def test_check_daily_rejects_missing_columns_and_negatives() -> None:
    with pytest.raises(DataError, match="deferred"):
        check_daily(_daily([0], [100]).drop(columns="deferred"))
    with pytest.raises(DataError, match="row 1"):
        check_daily(_daily([-1], [100]))


def test_passenger_classes_are_ignored() -> None:
    d = pd.concat([_daily([0], [100]), _daily([0], [100]).assign(vehicle_class="pov_standard")])
    assert check_daily(d)["baseline_arrivals"].tolist() == [100.0]


def test_vehicle_values_carry_daily_trade() -> None:
    flows = check_daily(_daily([0, 0], [100, 100]))
    annual = pd.DataFrame(
        {
            "port_code": "2304",
            "country": "MEX",
            "direction": "import",
            "mode": "truck",
            "hs2": "87",
            "value_usd": [365e6],
        }
    )
    v = vehicle_values(annual, flows, 365)
    assert v["value_usd_per_vehicle"].tolist() == [pytest.approx(1e6 / 100)]


def test_costs_are_allocated_and_conserved() -> None:
    p = EconParams()
    flows = check_daily(_daily([0, 40, 0, 0, 0, 0], [100, 60, 110, 110, 110, 110], wait=200.0))
    trade, costs = trade_and_costs(flows, _values(0.2), p)
    wait = costs[costs["component"] == "truck_wait"]
    assert wait["cost_usd"].sum() == pytest.approx(6 * 200.0 * p.truck_cost_usd_per_h)
    mex_share = wait.loc[wait["country"] == "MEX", "cost_usd"].sum() / wait["cost_usd"].sum()
    assert mex_share == pytest.approx(p.carrier_share_neighbour_mex)
    hold = costs[costs["component"] == "cargo_holding"]
    imp = trade[trade["direction"] == "import"]
    expected = p.holding_rate_per_year * (
        imp["delay_value_usd_h"].sum() / 8760 + imp["backlog_usd"].sum() / 365
    )
    exp_side = trade[trade["direction"] == "export"]
    expected += p.holding_rate_per_year * exp_side["backlog_usd"].sum() / 365
    assert hold["cost_usd"].sum() == pytest.approx(expected)
    assert set(costs["country"]) <= {"USA", "MEX"}
    assert (costs["cost_usd"] >= 0).all()
    # exports: no waiting, same deferral share
    assert exp_side["delay_value_usd_h"].sum() == 0.0
    assert exp_side["deferred_usd"].sum() == pytest.approx(40 * 20_000.0)


def test_spoilage_goes_to_the_exporter() -> None:
    p = _fresh_one_day()
    flows = check_daily(_daily([0, 50, 0, 0, 0], [100, 50, 100, 100, 150]))
    trade, costs = trade_and_costs(flows, _values(0.5), p)
    spoil = costs[costs["component"] == "spoilage"]
    assert spoil["cost_usd"].sum() == pytest.approx(50 * 25_000.0)  # export side carries no HS 07
    by_role = spoil.groupby(["role", "country"])["cost_usd"].sum()
    assert by_role[("exporter", "MEX")] == pytest.approx(50 * 25_000.0)
    assert by_role.get(("importer", "USA"), 0.0) == 0.0


def test_simulator_returned_column_is_used_when_present() -> None:
    d = _daily([0, 50, 0, 0], [100, 50, 130, 120]).assign(returned=[0.0, 0.0, 10.0, 40.0])
    f = backlog(check_daily(d))
    assert f["backlog"].tolist() == [0.0, 50.0, 40.0, 0.0]


def test_redeferred_vehicles_count_once_and_keep_their_age() -> None:
    # 100 trucks deferred on day 1 come back on day 2 while closed and are deferred again
    d = _daily([0, 100, 100, 0, 0], [100, 0, 100, 200, 100]).assign(
        returned=[0.0, 0.0, 100.0, 100.0, 0.0]
    )
    f = backlog(check_daily(d))
    assert f["deferred_new"].tolist() == [0.0, 100.0, 0.0, 0.0, 0.0]
    assert f["backlog"].tolist() == [0.0, 100.0, 100.0, 0.0, 0.0]
    p = _fresh_one_day()
    trade, _ = trade_and_costs(check_daily(d), _values(0.5), p)
    imp = trade[trade["direction"] == "import"]
    assert imp["deferred_usd"].sum() == pytest.approx(100 * 50_000.0)
    assert imp["spoiled_usd"].sum() == pytest.approx(100 * 25_000.0)


def test_simulator_baseline_columns_give_excess_wait() -> None:
    from borderlever.economics.costs import excess_wait

    d = _daily([0, 0], [100, 100], wait=300.0).assign(
        baseline_served=100.0, baseline_wait_vehicle_h=100.0
    )
    flows = check_daily(d)
    assert excess_wait(flows, None).tolist() == [200.0, 200.0]
    nan_base = check_daily(d.assign(baseline_served=float("nan")))
    assert excess_wait(nan_base, None).tolist() == [300.0, 300.0]
