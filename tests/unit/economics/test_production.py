"""Concordance and production losses on a synthetic USA/MEX/CAN/ROW table."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from borderlever.economics.inputoutput import IOTable
from borderlever.economics.params import EconParams
from borderlever.economics.production import (
    bilateral_flows,
    load_concordance,
    production_losses,
    to_sectors,
)
from borderlever.errors import DataError

REGIONS = ("USA", "MEX", "CAN", "ROW")


def synthetic_io(seed: int = 0) -> IOTable:
    """A random, productive 4-region x 35-sector table (not real data)."""
    rng = np.random.default_rng(seed)
    labels = tuple(f"{r}_c{s}" for r in REGIONS for s in range(1, 36))
    n = len(labels)
    Z = rng.uniform(0, 1, (n, n))
    Y = rng.uniform(20, 40, (n, 4 * 2))
    x = Z.sum(axis=1) + Y.sum(axis=1)
    y_labels = tuple(f"{r}_{c}" for r in REGIONS for c in ("CONS", "GFCF"))
    return IOTable(Z, Y, x, labels, y_labels, 2011)


def test_concordance_covers_every_chapter_once() -> None:
    c = load_concordance()
    chapters = {f"{i:02d}" for i in range(1, 100)}
    assert set(c["hs2"]) == chapters
    assert np.allclose(c.groupby("hs2")["share"].sum(), 1.0)
    assert set(c["wiod_sector"]) <= {f"c{i}" for i in range(1, 36)}
    assert c["basis"].str.len().min() > 5


def test_to_sectors_keeps_value_and_rejects_unknown_chapters() -> None:
    c = load_concordance()
    t = pd.DataFrame(
        {"exporter": "MEX", "importer": "USA", "hs2": ["27", "87"], "value_usd": [10.0, 5.0]}
    )
    s = to_sectors(t, c)
    assert s["value_usd"].sum() == pytest.approx(15.0)
    assert s.set_index("sector").loc["c15", "value_usd"] == 5.0
    with pytest.raises(DataError, match="00"):
        to_sectors(t.assign(hs2="00"), c)


def _shock(value: float) -> pd.DataFrame:
    return pd.DataFrame(
        {"exporter": "MEX", "importer": "USA", "sector": ["c15"], "value_usd": [value]}
    )


def test_zero_shock_zero_loss() -> None:
    io = synthetic_io()
    losses, final = production_losses(io, _shock(0.0), _shock(0.0), 14, EconParams())
    assert np.all(losses.select_dtypes("number").to_numpy() == 0.0) and final == 0.0


def test_buffers_absorb_short_disruptions() -> None:
    io = synthetic_io()
    p = EconParams(inventory_buffer_days=5)
    short, _ = production_losses(io, _shock(0.0), _shock(1e6), 5, p)
    assert short["output_loss_supply_usd"].abs().sum() == 0.0
    long, final = production_losses(io, _shock(0.0), _shock(1e6), 10, p)
    usa = long[long["region"] == "USA"]
    # half the missing intermediate inputs pass through (1 - 5/10), amplified by G >= 1
    assert usa["output_loss_supply_usd"].sum() > 0.5 * (1e6 - final) * 0.99
    assert final > 0


def test_demand_side_loss_falls_mostly_on_the_exporter() -> None:
    io = synthetic_io()
    losses, _ = production_losses(io, _shock(1e6), _shock(0.0), 14, EconParams())
    by_region = losses.groupby("region")["output_loss_demand_usd"].sum()
    assert by_region["MEX"] >= 1e6  # the direct loss, plus MEX suppliers
    assert (losses["output_loss_demand_usd"] >= -1e-6).all()
    assert (losses["va_loss_demand_usd"] <= losses["output_loss_demand_usd"] + 1e-6).all()


def test_bilateral_flows_sum_blocks() -> None:
    io = synthetic_io()
    mex = io.regions == "MEX"
    usa = io.regions == "USA"
    expected = io.Z[np.ix_(mex, usa)].sum() + io.Y[np.ix_(mex, io.y_region_columns("USA"))].sum()
    assert bilateral_flows(io, "MEX", "USA") == pytest.approx(expected)
