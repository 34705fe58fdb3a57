"""GRAS balancing and the scaling of the IO table to the trade year."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from borderlever.economics.inputoutput import IOTable
from borderlever.economics.ras import gdp_growth, goods_targets, gras, region_flows, scale_table
from borderlever.errors import DataError


def test_ras_matches_its_targets():
    rng = np.random.default_rng(1)
    M0 = rng.uniform(1, 10, (6, 5))
    u = M0.sum(axis=1) * rng.uniform(0.8, 1.5, 6)
    v = M0.sum(axis=0) * rng.uniform(0.8, 1.5, 5)
    v *= u.sum() / v.sum()
    M = gras(M0, u, v)
    assert M.sum(axis=1) == pytest.approx(u, rel=1e-10)
    assert M.sum(axis=0) == pytest.approx(v, rel=1e-10)
    # RAS keeps the structure: M = diag(r) M0 diag(s), so all cross ratios are unchanged
    ratio = M / M0
    assert ratio[0, 0] * ratio[1, 1] == pytest.approx(ratio[0, 1] * ratio[1, 0], rel=1e-9)


def test_gras_handles_negative_entries_and_keeps_their_sign():
    """Junius & Oosterhaven (2003): negative cells (e.g. inventory changes) keep their sign."""
    M0 = np.array([[5.0, -2.0, 3.0], [4.0, 6.0, -1.0], [2.0, 3.0, 8.0]])
    u = np.array([7.0, 10.0, 14.0])
    v = np.array([12.0, 7.0, 12.0])
    M = gras(M0, u, v)
    assert M.sum(axis=1) == pytest.approx(u, rel=1e-10)
    assert M.sum(axis=0) == pytest.approx(v, rel=1e-10)
    assert (np.sign(M) == np.sign(M0)).all()


def test_targets_with_different_totals_raise():
    with pytest.raises(DataError, match="targets differ"):
        gras(np.ones((2, 2)), np.array([1.0, 1.0]), np.array([1.0, 2.0]))


def _io() -> IOTable:
    regions, sectors = ("USA", "MEX", "CAN", "ROW"), ("c1", "c15", "c30")
    labels = tuple(f"{r}_{s}" for r in regions for s in sectors)
    rng = np.random.default_rng(7)
    Z = rng.uniform(1, 5, (12, 12))
    Y = rng.uniform(20, 40, (12, 4))
    return IOTable(Z, Y, Z.sum(axis=1) + Y.sum(axis=1), labels, tuple(f"{r}_CONS" for r in regions))


def test_scaled_table_hits_the_bilateral_goods_trade_and_grows_with_gdp():
    io = _io()
    growth = {"USA": 1.8, "MEX": 1.5, "CAN": 1.2, "ROW": 1.3}
    goods = {("MEX", "USA"): 30e6, ("USA", "MEX"): 20e6}
    st = scale_table(io, growth, goods, 2023)
    T = region_flows(st.io)
    old = region_flows(io)
    goods_rows = np.isin(io.sectors, ["c1", "c15"])
    mex, usa = io.regions == "MEX", io.regions == "USA"
    y_usa = np.array([lab.startswith("USA") for lab in io.y_labels])
    goods_mex_usa = (
        st.io.Z[np.ix_(mex & goods_rows, usa)].sum()
        + st.io.Y[np.ix_(mex & goods_rows, y_usa)].sum()
    )
    assert goods_mex_usa == pytest.approx(30.0, rel=1e-9)  # table units: USD million
    # each region's total sales grow with its GDP (row margins are GRAS targets)
    assert T.sum(axis=1) == pytest.approx(old.sum(axis=1) * [1.8, 1.5, 1.2, 1.3], rel=1e-9)
    assert st.io.year == 2023
    assert set(st.residual["region"]) == {"USA", "MEX", "CAN", "ROW"}


def test_unit_growth_and_unchanged_trade_leave_the_table_unchanged():
    io = _io()
    usa, mex = io.regions == "USA", io.regions == "MEX"
    goods_rows = np.isin(io.sectors, ["c1", "c15"])
    y_usa = np.array([lab.startswith("USA") for lab in io.y_labels])
    flow = io.Z[np.ix_(mex & goods_rows, usa)].sum() + io.Y[np.ix_(mex & goods_rows, y_usa)].sum()
    st = scale_table(
        io, dict.fromkeys(("USA", "MEX", "CAN", "ROW"), 1.0), {("MEX", "USA"): flow * 1e6}, 2011
    )
    np.testing.assert_allclose(st.io.Z, io.Z, rtol=1e-9)
    np.testing.assert_allclose(st.io.Y, io.Y, rtol=1e-9)


def test_gdp_growth_and_goods_targets_from_store_views():
    gdp = pd.DataFrame(
        {
            "country_iso3": ["USA", "MEX", "CAN", "WLD"] * 2,
            "year": [2011] * 4 + [2023] * 4,
            "gdp_usd": [10.0, 1.0, 2.0, 20.0, 20.0, 1.5, 2.0, 30.0],
        }
    )
    growth, year = gdp_growth(gdp, 2011, 2024)
    assert year == 2023
    assert growth == pytest.approx({"USA": 2.0, "MEX": 1.5, "CAN": 1.0, "ROW": 6.5 / 7.0})
    totals = pd.DataFrame(
        {
            "year": 2023,
            "country": ["MEX", "MEX"],
            "direction": ["import", "export"],
            "value_usd": [5.0, 3.0],
        }
    )
    assert goods_targets(totals, 2023) == {("MEX", "USA"): 5.0, ("USA", "MEX"): 3.0}
    with pytest.raises(DataError, match="GDP"):
        gdp_growth(gdp[gdp["country_iso3"] != "WLD"], 2011, 2023)
