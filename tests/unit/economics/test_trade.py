"""Trade at stake, mode split, monthly shape and value per truck on small frames."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from borderlever.economics.trade import (
    annual_trade,
    latest_full_year,
    mode_split,
    monthly_shape,
    trade_at_stake,
    value_per_truck,
)
from borderlever.errors import DataError, UnknownCodeError


def _trade() -> pd.DataFrame:
    rows = [
        ("2304", 2023, "import", "truck", "87", 300e9, 12, "MEX"),
        ("2304", 2023, "import", "rail", "87", 50e9, 12, "MEX"),
        ("2304", 2023, "export", "truck", "85", 100e9, 12, "MEX"),
        ("2304", 2023, "import", "truck", "07", 20e9, 12, "MEX"),
        ("0901", 2023, "import", "pipeline", "27", 10e9, 12, "CAN"),
        ("2304", 2024, "import", "truck", "87", 200e9, 8, "MEX"),
    ]
    cols = [
        "port_code",
        "year",
        "direction",
        "mode",
        "hs2",
        "value_usd",
        "months_covered",
        "country",
    ]
    return pd.DataFrame(rows, columns=cols)


def test_latest_full_year_skips_partial_years() -> None:
    assert latest_full_year(_trade()) == 2023
    with pytest.raises(DataError):
        latest_full_year(_trade().assign(months_covered=8))


def test_trade_at_stake_per_day_and_modes() -> None:
    r = trade_at_stake(_trade(), ports=["2304"], modes=["truck"], days=14, by=["direction"])
    imp = r.set_index("direction").loc["import"]
    assert imp["value_usd"] == pytest.approx(320e9 / 365 * 14)
    assert imp["value_usd_per_day"] == pytest.approx(320e9 / 365)
    assert "rail" not in set(trade_at_stake(_trade(), modes=["truck"])["mode"])


def test_zero_days_is_zero_and_negative_days_rejected() -> None:
    assert trade_at_stake(_trade(), days=0)["value_usd"].sum() == 0.0
    with pytest.raises(ValueError):
        trade_at_stake(_trade(), days=-1)


def test_missing_port_is_explicit_never_zero() -> None:
    r = trade_at_stake(_trade(), ports=["2304", "3401"], days=1)
    row = r[r["port_code"] == "3401"]
    assert len(row) == 1
    assert np.isnan(row["value_usd"].iloc[0])
    assert row["note"].iloc[0] == "no trade data for port 3401"


def test_unknown_year_and_bad_direction() -> None:
    with pytest.raises(UnknownCodeError, match="2019"):
        annual_trade(_trade(), year=2019)
    with pytest.raises(DataError, match="direction"):
        annual_trade(_trade().assign(direction="northbound"))
    with pytest.raises(DataError, match="columns"):
        annual_trade(_trade().drop(columns="hs2"))


def _crossings(counts: list[float], measure: str = "Truck Containers Loaded") -> pd.DataFrame:
    months = pd.date_range("2023-01-01", periods=12, freq="MS")
    return pd.DataFrame({"port_code": "2304", "month": months, "measure": measure, "count": counts})


def test_monthly_shape_year_sums_to_annual_value() -> None:
    counts = [100, 80, 120, 100, 90, 110, 100, 100, 95, 105, 100, 100]
    shape = monthly_shape(_crossings(counts), 2023)
    assert shape["factor"].mean() == pytest.approx(1.0)
    full = trade_at_stake(
        _trade(), ports=["2304"], days=365, start=dt.date(2023, 1, 1), shape=shape
    )
    assert full["value_usd"].sum() == pytest.approx(470e9)
    feb = trade_at_stake(_trade(), ports=["2304"], days=28, start=dt.date(2023, 2, 1), shape=shape)
    assert feb["value_usd"].sum() == pytest.approx(470e9 * 80 / 1200)


def test_mode_split_sums_to_one() -> None:
    s = mode_split(_trade())
    tot = s.groupby(["port_code", "direction"])["share"].sum()
    assert np.allclose(tot.to_numpy(), 1.0)
    laredo = s[(s["port_code"] == "2304") & (s["direction"] == "import")].set_index("mode")
    assert laredo.loc["rail", "share"] == pytest.approx(50 / 370)


def test_value_per_truck_uses_loaded_containers() -> None:
    cross = pd.concat([_crossings([500_000] * 12), _crossings([800_000] * 12, "Trucks")])
    v = value_per_truck(_trade(), cross).set_index("direction")
    assert v.loc["import", "value_usd_per_loaded_truck"] == pytest.approx(320e9 / 6e6)
    assert v.loc["import", "value_usd_per_truck"] == pytest.approx(320e9 / 9.6e6)
    assert v.loc["export", "value_usd_per_loaded_truck"] == pytest.approx(100e9 / 6e6)
    none = value_per_truck(_trade(), cross.assign(port_code="0101"))
    assert none["note"].str.contains("no truck crossing counts for port 2304").all()


def test_monthly_shape_from_monthly_trade_values() -> None:
    months = pd.date_range("2023-01-01", periods=12, freq="MS")
    t = pd.DataFrame({"port_code": "2304", "month": months, "value_usd": [2.0] + [1.0] * 11})
    shape = monthly_shape(t, 2023).set_index("month")["factor"]
    assert shape[1] == pytest.approx(2 * 12 / 13)
    assert monthly_shape(t.iloc[:11], 2023).empty


def test_trade_by_day_sums_to_trade_at_stake() -> None:
    from borderlever.economics import trade_by_day

    counts = [100, 80, 120, 100, 90, 110, 100, 100, 95, 105, 100, 100]
    shape = monthly_shape(_crossings(counts), 2023)
    kw = {
        "ports": ["2304"],
        "modes": ["truck"],
        "days": 40,
        "start": dt.date(2023, 1, 20),
        "shape": shape,
    }
    per_day = trade_by_day(_trade(), **kw)
    total = trade_at_stake(_trade(), **kw)["value_usd"].sum()
    assert per_day["value_usd"].sum() == pytest.approx(total)
    jan, feb = per_day[per_day["day"] == 0], per_day[per_day["day"] == 20]
    assert feb["value_usd"].sum() / jan["value_usd"].sum() == pytest.approx((80 / 28) / (100 / 31))


def test_value_per_truck_pools_partners_per_port() -> None:
    extra = pd.DataFrame(
        [("2304", 2023, "import", "truck", "84", 10e9, 12, "CAN")], columns=_trade().columns
    )
    cross = pd.concat([_crossings([500_000] * 12), _crossings([800_000] * 12, "Trucks")])
    v = value_per_truck(pd.concat([_trade(), extra]), cross)
    imp = v[v["direction"] == "import"]
    assert len(imp) == 1 and imp["country"].iloc[0] == "MEX"
    assert imp["value_usd_per_loaded_truck"].iloc[0] == pytest.approx(330e9 / 6e6)
