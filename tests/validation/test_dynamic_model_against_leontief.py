"""The dynamic model on the real WIOD table against the Leontief closed form.

Source: Miller & Blair (2009), Input-Output Analysis, eq. 2.12 (``Δx = L Δf``).  A shock that
only removes demand (Mexican transport-equipment exports to US final demand stop for 7 days and
are not made up; no stock can bind because the buyers are households) must give a cumulative
output loss equal to ``L Δf`` once the model has settled: stocks back at target, order books
empty.  Tolerance 1 % of each region's loss: the daily model orders on yesterday's output (a
one-day lag that telescopes out) and stops at a settling tolerance of 1e-7 of daily output.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from borderlever.economics.ario import ArioModel, LinkShock, simulate
from borderlever.economics.dynamic import ario_params
from borderlever.economics.inputoutput import leontief_inverse, read_wiod_na4
from borderlever.parameters import resolve

pytestmark = pytest.mark.raw


def test_dynamic_model_against_leontief_on_wiod(raw_dir: Path) -> None:
    folder = raw_dir / "io_tables/wiod2013/derived"
    if not folder.is_dir():
        pytest.skip(f"{folder} absent")
    m = ArioModel(read_wiod_na4(folder))
    R, P, days = len(m.regions), len(m.products), 7
    mex, usa, c15 = m.regions.index("MEX"), m.regions.index("USA"), m.products.index("c15")
    cap = np.ones((days, R, R, P))
    cap[:, mex, usa, c15] = 0.0
    theta = np.zeros((R, R, P))
    theta[mex, usa, c15] = 1.0
    # only final demand crosses: intermediate sales of MEX c15 to the US are not on the link
    shock = LinkShock(cap, np.zeros_like(cap), theta)
    model_final_only = _final_only(m, mex, usa, c15)
    r = simulate(model_final_only, shock, ario_params(resolve()))
    i = m.io.index("MEX", "c15")
    delta_f = np.zeros(len(m.io.labels))
    delta_f[i] = model_final_only.F[i, usa] * days
    A = model_final_only.Z / np.where(model_final_only.x > 0, model_final_only.x, 1.0)[None, :]
    expected = leontief_inverse(A) @ delta_f
    got = r.output_loss.sum(axis=0)
    for region in ("USA", "MEX"):
        sel = m.reg == m.regions.index(region)
        assert got[sel].sum() == pytest.approx(expected[sel].sum(), rel=1e-2)


def _final_only(m: ArioModel, mex: int, usa: int, c15: int) -> ArioModel:
    """The same table with the MEX c15 -> US intermediate sales moved to US final demand, so the
    link carries final goods only (no US plant depends on it)."""
    from borderlever.economics.inputoutput import IOTable

    io = m.io
    Z, Y = io.Z.copy(), io.Y.copy()
    i = io.index("MEX", "c15")
    users = io.regions == "USA"
    moved = Z[i, users].sum()
    Z[i, users] = 0.0
    col = [k for k, lab in enumerate(io.y_labels) if lab.startswith("USA")][0]
    Y[i, col] += moved
    return ArioModel(IOTable(Z, Y, Z.sum(axis=1) + Y.sum(axis=1), io.labels, io.y_labels, io.year))
