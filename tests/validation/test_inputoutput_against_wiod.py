"""The WIOD 2011 USA/MEX/CAN/ROW table as read here against its provenance checks.

Source: ``shared/data/raw/io_tables/PROVENANCE.md`` (WIOD 2013 release, 2011, aggregated to 4
regions): gross output 2011 USA 26,918, MEX 1,955, CAN 3,185 bn USD; Mexico -> USA 227.5 bn
(intermediate 139.5 + final 88.0), USA -> Mexico 167.3 bn.  Tolerance 0.1 bn (printed rounding).
Row residuals x - Z1 - Y1 are <= 85 USD million for USA/MEX/CAN rows and <= 2,158 for ROW
(PROVENANCE), and x = L (Y1 + residual)
holds to machine precision.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from borderlever.economics.inputoutput import read_wiod_na4
from borderlever.economics.production import bilateral_flows

pytestmark = pytest.mark.raw


def test_wiod_na4_against_provenance_checks(raw_dir: Path) -> None:
    folder = raw_dir / "io_tables/wiod2013/derived"
    if not folder.is_dir():
        pytest.skip(f"{folder} absent")
    io = read_wiod_na4(folder)
    out_bn = {r: io.x[io.regions == r].sum() / 1e3 for r in ("USA", "MEX", "CAN")}
    assert out_bn["USA"] == pytest.approx(26_918, abs=0.6)
    assert out_bn["MEX"] == pytest.approx(1_955, abs=0.6)
    assert out_bn["CAN"] == pytest.approx(3_185, abs=0.6)
    assert bilateral_flows(io, "MEX", "USA") / 1e3 == pytest.approx(227.5, abs=0.1)
    assert bilateral_flows(io, "USA", "MEX") / 1e3 == pytest.approx(167.3, abs=0.1)
    residual = io.x - io.Z.sum(axis=1) - io.Y.sum(axis=1)
    north_america = io.regions != "ROW"
    assert np.abs(residual[north_america]).max() <= 85.0
    assert np.abs(residual[~north_america]).max() <= 2_158.0
    assert np.allclose(io.L @ (io.Y.sum(axis=1) + residual), io.x, rtol=1e-9)
    assert (io.va_coefficients[io.x > 0] > 0).all()
