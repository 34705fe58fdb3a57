"""GDP and the WIOD NA4 input-output tables against published and derived figures."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from borderlever.data.store import query

pytestmark = pytest.mark.raw


def test_mexico_gdp_2023_against_world_bank(raw_store: Path) -> None:
    """Mexico's GDP 2023 in current USD from the ``gdp`` view.

    Source: World Bank WDI NY.GDP.MKTP.CD, Mexico 2023 = 1.789 trillion USD (data.worldbank.org,
    autumn-2024 vintage).  Tolerance 1 %: later WDI vintages revise GDP in current dollars by up
    to about 1 % (exchange-rate and national-accounts revisions).  Came out at 1.7889 trillion.
    USA (27.36 tn) and Canada (2.14 tn) are asserted with the same tolerance.
    """
    gdp = query(
        "SELECT country_iso3, gdp_usd FROM gdp WHERE year = 2023 "
        "AND country_iso3 IN ('MEX', 'USA', 'CAN')",
        store=raw_store,
    ).set_index("country_iso3")["gdp_usd"]
    assert gdp["MEX"] == pytest.approx(1.79e12, rel=0.01)
    assert gdp["USA"] == pytest.approx(27.36e12, rel=0.01)
    assert gdp["CAN"] == pytest.approx(2.14e12, rel=0.01)


def _matrices(store: Path) -> tuple[np.ndarray, np.ndarray, pd.DataFrame]:
    z_long = query("SELECT supplier_idx, user_idx, value_usd_m FROM io_z", store=store)
    y_long = query("SELECT supplier_idx, column_idx, value_usd_m FROM io_final_demand", store=store)
    out = query("SELECT * FROM io_output ORDER BY idx", store=store)
    z = np.zeros((len(out), len(out)))
    z[z_long.supplier_idx, z_long.user_idx] = z_long.value_usd_m
    y = np.zeros((len(out), int(y_long.column_idx.max()) + 1))
    y[y_long.supplier_idx, y_long.column_idx] = y_long.value_usd_m
    return z, y, out


def test_wiod_rows_balance_against_derived_csv(raw_store: Path) -> None:
    """x = row sum of Z + row sum of Y within rounding; input totals = column sums of Z.

    Source: the derived NA4 x file (``io_tables/wiod2013/derived``) and WIOD's accounting identity
    (Timmer et al. 2015).  Rounding: WIOD cells are whole USD millions, so a US/MEX/CAN row (one
    source row of 1,640 cells) may be off by a few tens (asserted <= 100; largest 85) and an ROW row
    (38 source rows summed) by a few thousand (asserted <= 2,500 and <= 0.5 % of output; largest
    2,158 = 0.40 %).  The stored residual column must equal the recomputed one exactly, and
    intermediate inputs must equal the column sums of Z exactly.
    """
    z, y, out = _matrices(raw_store)
    assert z.shape == (140, 140) and y.shape == (140, 20)
    x = out["gross_output_usd_m"].to_numpy()
    residual = x - z.sum(axis=1) - y.sum(axis=1)
    np.testing.assert_array_equal(residual, out["row_balance_residual_usd_m"].to_numpy())
    np.testing.assert_array_equal(z.sum(axis=0), out["intermediate_inputs_usd_m"].to_numpy())
    na = (out["region"] != "ROW").to_numpy()
    assert np.abs(residual[na]).max() <= 100
    assert np.abs(residual[~na]).max() <= 2500
    assert (np.abs(residual[~na]) <= 0.005 * x[~na]).all()


def test_wiod_mexico_to_usa_against_provenance(raw_store: Path) -> None:
    """Mexico -> USA flows 2011: intermediate 139.5 bn + final 88.0 bn = 227.5 bn USD.

    Source: the check figures computed from ``wiot_2011.RData`` (io_tables/PROVENANCE.md), i.e. the
    original 41-region table, not the NA4 CSVs read here.  Tolerance 0.1 bn (rounding of the quoted
    figures).  Also USA gross output 2011 = 26,918 bn USD.
    """
    z, y, out = _matrices(raw_store)
    region = out["region"].to_numpy()
    mex, usa = region == "MEX", region == "USA"
    inter = z[np.ix_(mex, usa)].sum() / 1e3
    final = y[mex, 0:5].sum() / 1e3  # USA final-demand columns come first
    assert inter == pytest.approx(139.5, abs=0.1)
    assert final == pytest.approx(88.0, abs=0.1)
    assert out.loc[usa, "gross_output_usd_m"].sum() / 1e3 == pytest.approx(26918, abs=1)
