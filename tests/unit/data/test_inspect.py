"""Store facts for `data info` and `ports show`, on a small store the test builds."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

from borderlever.data.build import build_store
from borderlever.data.inspect import port_detail, port_list, store_info
from borderlever.data.readers import bts_crossings as bts
from borderlever.data.registry import Dataset, Source
from borderlever.data.schema import Column, TableSchema
from borderlever.errors import ConfigError, UnknownCodeError

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bts_fake import write_bts

TRADE = TableSchema(
    "fake_trade",
    "Trade for the test.",
    (
        Column("port_code", "VARCHAR", "-", "port"),
        Column("year", "INTEGER", "-", "year"),
        Column("direction", "VARCHAR", "-", "import/export"),
        Column("mode", "VARCHAR", "-", "mode"),
        Column("value_usd", "DOUBLE", "USD", "value"),
        Column("months_covered", "INTEGER", "months", "months"),
    ),
)


def _trade(_raw: Path) -> dict[str, pd.DataFrame]:
    return {
        "fake_trade": pd.DataFrame(
            {
                "port_code": ["2304", "2304", "2304", "2304"],
                "year": [2023, 2024, 2024, 2024],
                "direction": ["import", "import", "import", "export"],
                "mode": ["truck", "truck", "rail", "truck"],
                "value_usd": [1.0, 5.0, 2.0, 3.0],
                "months_covered": [12, 9, 9, 9],
            }
        )
    }


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("inspect")
    write_bts(base / "raw")
    trade = Dataset(
        "zz_trade",
        "t",
        Source("T", "http://example.invalid", "-", "-", ("bts_border_crossing/*.gz",)),
        (TRADE,),
        _trade,
        views={"port_year_trade": "SELECT * FROM fake_trade"},
    )
    build_store(base / "raw", base / "s.duckdb", progress=False, only=[bts.DATASET, trade])
    return base / "s.duckdb"


def test_store_info_ranges(store: Path) -> None:
    rel = {r["name"]: r for r in store_info(store)["relations"]}
    assert (rel["port_month_crossings"]["from"], rel["port_month_crossings"]["to"]) == (
        "2024-01-01",
        "2024-04-01",
    )
    assert rel["ports"]["range_column"] == "first_month..last_month"
    assert (rel["port_year_trade"]["from"], rel["port_year_trade"]["to"]) == ("2023", "2024")
    assert rel["build_info"]["from"] is None


def test_port_detail_traffic_and_latest_trade(store: Path) -> None:
    detail = port_detail("laredo", store)
    assert detail["port"]["port_code"] == "2304"
    traffic = detail["traffic"].set_index("measure")["count_12mo"]
    assert traffic["Trucks"] == 100 + 110 + 0 + 130
    trade = detail["trade"]
    assert set(trade["year"]) == {2023}  # the latest full year, not the 9-month 2024
    assert trade.set_index(["direction", "mode"])["value_usd"].to_dict() == {
        ("import", "truck"): 1.0,
    }


def test_unknown_port_and_border(store: Path) -> None:
    with pytest.raises(UnknownCodeError, match="did you mean '2304'"):
        port_detail("2305", store)
    with pytest.raises(ConfigError, match="mexico"):
        port_list("north", store)
    assert port_list("canada", store)["port_code"].tolist() == ["0104"]
