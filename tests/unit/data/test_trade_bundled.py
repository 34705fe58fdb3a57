"""A fresh install (no raw files) gets the trade, GDP and input-output views from the bundled tables."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from borderlever.data.build import build_store


@pytest.fixture(scope="module")
def bundled_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("bundled") / "b.duckdb"
    build_store(store=store, bundled=True, progress=False)
    return store


def _one(store: Path, sql: str) -> object:
    con = duckdb.connect(str(store), read_only=True)
    try:
        row = con.execute(sql).fetchone()
        assert row is not None
        return row[0]
    finally:
        con.close()


def test_port_year_trade_contract_and_numbers(bundled_store: Path) -> None:
    con = duckdb.connect(str(bundled_store), read_only=True)
    try:
        cols = [r[0] for r in con.execute("DESCRIBE port_year_trade").fetchall()]
    finally:
        con.close()
    assert cols[:8] == [
        "port_code",
        "year",
        "direction",
        "mode",
        "hs2",
        "value_usd",
        "months_covered",
        "country",
    ]
    years = _one(bundled_store, "SELECT list(DISTINCT year ORDER BY year) FROM port_year_trade")
    assert years == [2022, 2023]
    total = _one(
        bundled_store,
        "SELECT sum(value_usd) FROM port_year_trade WHERE year = 2023 AND country = 'MEX'",
    )
    assert total == pytest.approx(798.8e9, rel=0.005)


def test_state_port_trade_latest_year(bundled_store: Path) -> None:
    tx = _one(
        bundled_store,
        "SELECT sum(value_usd) FROM state_port_trade WHERE us_state = 'TX' AND country = 'MEX' "
        "AND direction = 'export' AND year = 2023",
    )
    assert tx == pytest.approx(129.5e9, rel=0.005)


def test_gdp_and_io_tables(bundled_store: Path) -> None:
    assert _one(bundled_store, "SELECT count(DISTINCT country_iso3) FROM gdp") == 3
    assert _one(bundled_store, "SELECT count(*) FROM io_z") == 140 * 140
    assert _one(bundled_store, "SELECT count(*) FROM io_final_demand") == 140 * 20
    assert _one(bundled_store, "SELECT count(*) FROM port_month_trade") == 0  # not bundled
