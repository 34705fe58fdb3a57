"""Perishables by HS chapter: each group spoils after its own shelf time, with its own share."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from borderlever.economics import EconParams
from borderlever.economics.costs import check_daily, trade_and_costs
from borderlever.economics.perishables import PerishableTable, spoilable_values
from borderlever.errors import ConfigError
from borderlever.parameters import resolve


def _deferred_once(days: int = 70) -> pd.DataFrame:
    """100 trucks deferred on day 0 that never come back within the horizon."""
    rows = []
    for day in range(days):
        rows.append(
            {
                "replication": 0,
                "port_code": "2604",
                "vehicle_class": "truck_standard",
                "day": day,
                "baseline_arrivals": 100.0,
                "arrivals": 0.0 if day == 0 else 100.0,
                "served": 0.0 if day == 0 else 100.0,
                "wait_vehicle_h": 0.0,
                "deferred": 100.0 if day == 0 else 0.0,
                "cancelled": 0.0,
                "diverted_out": 0.0,
                "diverted_in": 0.0,
                "returned": 0.0,
                "queue_end": 0.0,
            }
        )
    return pd.DataFrame(rows)


def _values(hs2: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "port_code": "2604",
            "country": "MEX",
            "direction": "import",
            "mode": "truck",
            "hs2": [hs2],
            "value_usd_per_vehicle": [1000.0],
        }
    )


def _spoiled_by_day(hs2: str, table: PerishableTable | None = None) -> pd.Series:
    params = EconParams()
    if table is not None:
        params = _with_table(params, table)
    trade, _ = trade_and_costs(check_daily(_deferred_once()), _values(hs2), params)
    return trade.groupby("day")["spoiled_usd"].sum()


def _with_table(params: EconParams, table: PerishableTable) -> EconParams:
    """EconParams carrying ``table`` (a field where EconParams has one, else an attribute)."""
    names = {f.name for f in dataclasses.fields(EconParams)}
    if "perishables" in names:
        return dataclasses.replace(params, perishables=table)
    object.__setattr__(params, "perishables", table)
    return params


@pytest.mark.parametrize(
    ("hs2", "group"),
    [("07", "fresh_produce"), ("02", "chilled_meat_fish"), ("04", "dairy"), ("06", "cut_flowers")],
)
def test_each_chapter_spoils_after_its_own_shelf_time(hs2: str, group: str) -> None:
    v = resolve()
    shelf = int(np.ceil(v[f"economics.perishable.{group}.shelf_days"]))
    frozen = v.get(f"economics.perishable.frozen_share.hs{hs2}", 0.0)
    share = v[f"economics.perishable.{group}.spoil_share"]
    spoiled = _spoiled_by_day(hs2)
    # the fresh part of 100 trucks x $1,000 spoils on the day its shelf time runs out, not before
    assert spoiled.loc[: shelf - 1].sum() == 0.0
    assert spoiled.loc[shelf] == pytest.approx(100 * 1000.0 * (1 - frozen) * share)


def test_frozen_part_spoils_later_and_non_perishables_never() -> None:
    v = resolve()
    frozen_shelf = int(np.ceil(v["economics.perishable.frozen.shelf_days"]))
    spoiled = _spoiled_by_day("03")
    expected = 100 * 1000.0 * v["economics.perishable.frozen_share.hs03"]
    expected *= v["economics.perishable.frozen.spoil_share"]
    assert spoiled.loc[frozen_shelf] == pytest.approx(expected)
    assert _spoiled_by_day("87").sum() == 0.0


def test_overrides_reach_the_spoilage() -> None:
    """A scenario or sweep value for a group's shelf time changes when its loads spoil."""
    table = PerishableTable.from_parameters(resolve({"economics.perishable.dairy.shelf_days": 2.0}))
    spoiled = _spoiled_by_day("04", table)
    assert spoiled.loc[2] > 0 and spoiled.loc[:1].sum() == 0.0


def test_table_rows_and_bad_values() -> None:
    rows = PerishableTable.defaults().rows()
    assert rows.groupby("hs2")["value_share"].sum().round(12).eq(1.0).all()
    s = spoilable_values(_values("08"), PerishableTable.defaults())
    assert s["v_spoil_usd"].sum() < 1000.0
    with pytest.raises(ConfigError, match="frozen_share"):
        PerishableTable.from_parameters(resolve({"economics.perishable.frozen_share.hs02": 1.5}))
