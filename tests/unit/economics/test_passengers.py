"""Passenger trips not made have a cost: a full closure prices above a commercial-only one."""

from __future__ import annotations

import pandas as pd
import pytest

from borderlever.economics import impact_from_sim
from borderlever.economics.passengers import PassengerParams, lost_person_trips, passenger_costs

GDP = pd.DataFrame(
    {"country_iso3": ["USA", "MEX", "CAN"], "year": 2023, "gdp_usd": [27.7e12, 1.79e12, 2.14e12]}
)
TRADE = pd.DataFrame(
    {
        "port_code": "2304",
        "year": 2023,
        "direction": ["import", "export"],
        "mode": "truck",
        "hs2": ["87", "85"],
        "value_usd": [250e9, 80e9],
        "months_covered": 12,
        "country": "MEX",
    }
)
BASE = {"truck_standard": 1000.0, "pov_standard": 5000.0, "pedestrian": 3000.0, "bus": 20.0}


def _closure(classes_closed: set[str], days: int = 5, closed: tuple[int, int] = (1, 3)):
    """Daily rows of port 2304: closed classes serve nothing on days [closed) and cancel."""
    rows = []
    for rep in (0, 1):
        for cls, base in BASE.items():
            for day in range(days):
                shut = cls in classes_closed and closed[0] <= day < closed[1]
                served = 0.0 if shut else base
                rows.append(
                    {
                        "replication": rep,
                        "port_code": "2304",
                        "vehicle_class": cls,
                        "day": day,
                        "baseline_arrivals": base,
                        "arrivals": served,
                        "served": served,
                        "wait_vehicle_h": 0.1 * served,
                        "deferred": 0.0,
                        "cancelled": base - served,
                        "diverted_out": 0.0,
                        "diverted_in": 0.0,
                        "returned": 0.0,
                        "queue_end": 0.0,
                        "baseline_served": base,
                        "baseline_wait_vehicle_h": 0.1 * base,
                        "baseline_cancelled": 0.0,
                        "baseline_deferred": 0.0,
                    }
                )
    return pd.DataFrame(rows)


def _by_component(daily: pd.DataFrame) -> pd.Series:
    impact = impact_from_sim(daily, TRADE, GDP, None, policy_days=2.0)
    return impact.costs.groupby("component")["cost_usd"].sum()


def test_full_closure_prices_passengers_commercial_only_does_not() -> None:
    p = PassengerParams.defaults()
    full = _by_component(_closure(set(BASE)))
    commercial = _by_component(_closure({"truck_standard"}))
    persons = 2 * (5000.0 * p.persons_per_vehicle + 3000.0 + 20.0 * p.persons_per_bus)
    assert full["shopping"] == pytest.approx(2 * persons * p.shopping_usd_per_trip())
    assert full["commuter_wages"] == pytest.approx(2 * persons * p.wage_usd_per_trip())
    assert commercial.get("shopping", 0.0) == 0.0
    assert commercial.get("commuter_wages", 0.0) == 0.0
    assert full.sum() > commercial.sum()
    # freight costs are the same in both: only the passenger side differs
    freight = ["truck_wait", "cargo_holding", "spoilage"]
    assert (
        full.reindex(freight).fillna(0).tolist() == commercial.reindex(freight).fillna(0).tolist()
    )


def test_trips_made_up_later_are_not_lost_and_canada_is_not_priced() -> None:
    d = _closure({"pedestrian"})
    late = d["vehicle_class"].eq("pedestrian") & d["day"].eq(4)
    d.loc[late, "served"] += 6000.0  # every closed-day pedestrian crosses on day 4
    lost = lost_person_trips(d, PassengerParams.defaults())
    assert lost.groupby("replication")["lost_trips"].sum().tolist() == [0.0, 0.0]
    canada = _closure(set(BASE)).assign(port_code="0901")
    assert passenger_costs(canada, PassengerParams.defaults()).empty
    notes: list = []
    from borderlever.economics.passengers import with_passenger_costs

    with_passenger_costs(pd.DataFrame(), canada, object(), notes)
    assert "not priced" in notes[0][2]


def test_forgone_trips_are_priced_as_shopping_trips_without_wages() -> None:
    """Trips forgone over the posted wait are discretionary: full shopping value, no wage.

    The same lost trips cost the same US value added per shopping trip whatever their cause;
    only the commuter share moves from wages to shopping.  Exact arithmetic, by hand.
    """
    pp = PassengerParams.defaults()
    lost = pd.DataFrame(
        {
            "replication": 0,
            "port_code": "2304",
            "vehicle_class": "pedestrian",
            "day": [0, 1],
            "served": [60.0, 100.0],
            "baseline_served": 100.0,
        }
    )
    blended = passenger_costs(lost, pp).groupby("component")["cost_usd"].sum()
    forgone = passenger_costs(lost.assign(forgone=[40.0, 0.0]), pp)
    by = forgone.groupby("component")["cost_usd"].sum()
    assert by["commuter_wages"] == 0.0
    assert by["shopping"] == pytest.approx(40.0 * pp.shopping_usd_per_shopping_trip())
    assert blended["commuter_wages"] == pytest.approx(40.0 * pp.wage_usd_per_trip())
    assert by["shopping"] > blended["shopping"]
    # more forgone than lost (others made up elsewhere) caps at the lost trips
    capped = passenger_costs(lost.assign(forgone=[70.0, 0.0]), pp)
    assert capped.groupby("component")["cost_usd"].sum()["shopping"] == pytest.approx(
        by["shopping"]
    )
