"""load_inputs on a tiny hand-made DuckDB store."""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from borderlever.economics.inputs import load_inputs
from borderlever.errors import DataError


def _store(path: Path, with_gdp: bool = True) -> Path:
    con = duckdb.connect(str(path))
    trade = pd.DataFrame(
        {
            "port_code": ["2304"],
            "year": [2023],
            "direction": ["import"],
            "mode": ["truck"],
            "hs2": ["87"],
            "value_usd": [1e9],
            "months_covered": [12],
            "country": ["MEX"],
        }
    )
    con.register("t", trade)
    con.execute("CREATE TABLE port_year_trade AS SELECT * FROM t")
    if with_gdp:
        con.execute(
            "CREATE TABLE gdp AS SELECT 'USA' AS country_iso3, 2023 AS year, 2.7e13 AS gdp_usd"
        )
    out = pd.DataFrame(
        {"idx": [0, 1], "region_sector": ["USA_c1", "MEX_c1"], "gross_output_usd_m": [10.0, 5.0]}
    )
    z = pd.DataFrame({"supplier_idx": [0, 1], "user_idx": [1, 0], "value_usd_m": [2.0, 1.0]})
    f = pd.DataFrame(
        {
            "supplier_idx": [0, 1],
            "column_idx": [0, 1],
            "demand_region": ["USA", "MEX"],
            "category": ["CONS_h", "CONS_h"],
            "value_usd_m": [8.0, 3.0],
        }
    )
    for name, frame in (("io_output", out), ("io_z", z), ("io_final_demand", f)):
        con.register("x", frame)
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM x")
        con.unregister("x")
    con.execute(
        "CREATE TABLE state_port_trade AS SELECT 'TX' AS us_state, '2304' AS port_code, "
        "'import' AS direction, 'truck' AS mode, 2023 AS year, 1e9 AS value_usd"
    )
    con.close()
    return path


def test_load_inputs_reads_views_and_builds_the_io_table(tmp_path: Path) -> None:
    inputs = load_inputs(_store(tmp_path / "s.duckdb"))
    assert inputs.trade["value_usd"].sum() == 1e9
    assert inputs.io is not None and inputs.io.labels == ("USA_c1", "MEX_c1")
    assert np.array_equal(inputs.io.Z, [[0.0, 2.0], [1.0, 0.0]])
    assert inputs.io.y_labels == ("USA_CONS_h", "MEX_CONS_h")
    assert inputs.state_trade is not None and list(inputs.state_trade["state"]) == ["TX"]
    assert inputs.crossings is None  # view absent: optional


def test_missing_required_view_is_a_data_error(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="port_year_trade or gdp"):
        load_inputs(_store(tmp_path / "s.duckdb", with_gdp=False))
