"""Maquila: Mexico's lost output valued at INEGI's domestic value added, not the table's."""

from __future__ import annotations

import numpy as np
import pytest

from borderlever.economics.ario import ArioModel, ArioParams, LinkShock, simulate
from borderlever.economics.inputoutput import IOTable
from borderlever.economics.maquila import domestic_va_content, va_scale
from borderlever.errors import ConfigError


def _toy() -> IOTable:
    # MEX_c3 sells to a US plant; it buys from a Mexican supplier and from the US
    Z = np.array([[0.0, 0.0, 0.0], [50.0, 0.0, 0.0], [10.0, 0.0, 0.0]])
    Z[0, 2] = 60.0
    return IOTable(
        Z,
        np.array([[40.0], [50.0], [90.0]]),
        np.array([100.0, 100.0, 100.0]),
        ("MEX_c3", "MEX_c20", "USA_c3"),
        ("USA_f",),
    )


def test_scale_values_mexican_output_only_and_keeps_quantities():
    io = _toy()
    assert domestic_va_content(io) == pytest.approx(0.9)
    k = va_scale(io, 0.45)
    assert k == pytest.approx(0.5)
    m = ArioModel(io)
    R, P = len(m.regions), len(m.products)
    cap = np.ones((4, R, R, P))
    a, b = m.regions.index("MEX"), m.regions.index("USA")
    cap[:, a, b, :] = 0.0  # Mexico's sales to the US stop for 4 days
    shock = LinkShock(cap, np.zeros_like(cap), np.ones((R, R, P)))
    plain = simulate(m, shock, ArioParams(buffer_days={}))
    scaled = simulate(m, shock, ArioParams(buffer_days={}, va_scale={"MEX": k}))
    np.testing.assert_allclose(scaled.output, plain.output)  # quantities unchanged
    mex = np.array([r == "MEX" for r in io.regions])
    assert plain.va_loss[:, mex].sum() > 0
    np.testing.assert_allclose(scaled.va_loss[:, mex], k * plain.va_loss[:, mex])
    np.testing.assert_allclose(scaled.va_loss[:, ~mex], plain.va_loss[:, ~mex])
    with pytest.raises(ConfigError, match="va_scale"):
        ArioParams(buffer_days={}, va_scale={"MEX": 1.5})
