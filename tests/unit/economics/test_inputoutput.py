"""Input-output algebra on small tables (textbook checks are in tests/validation)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from borderlever.economics.inputoutput import (
    IOTable,
    ghosh_shock,
    io_table_from_frames,
    leontief_shock,
)
from borderlever.errors import DataError


def _io(n: int = 3, seed: int = 0) -> IOTable:
    rng = np.random.default_rng(seed)
    Z = rng.uniform(0, 10, (n, n))
    Y = rng.uniform(5, 20, (n, 2))
    x = Z.sum(axis=1) + Y.sum(axis=1)
    return IOTable(Z, Y, x, tuple(f"R{i % 2}_c{i}" for i in range(n)), ("R0_h", "R1_h"))


def test_zero_shock_gives_zero_change() -> None:
    io = _io(5)
    assert np.array_equal(leontief_shock(io, np.zeros(5)), np.zeros(5))
    assert np.array_equal(ghosh_shock(io, np.zeros(5)), np.zeros(5))


def test_leontief_reproduces_output_from_final_demand() -> None:
    io = _io(4)
    assert np.allclose(io.L @ io.Y.sum(axis=1), io.x)


def test_ghosh_reproduces_output_from_primary_inputs() -> None:
    io = _io(4)
    v = io.x - io.Z.sum(axis=0)
    assert np.allclose(v @ io.G, io.x)
    assert np.allclose(io.G, np.diag(1 / io.x) @ io.L @ np.diag(io.x))


@settings(max_examples=30, deadline=None)
@given(st.lists(st.floats(0, 1e6), min_size=4, max_size=4))
def test_shocks_are_linear_and_signed(values: list[float]) -> None:
    io = _io(4, seed=1)
    shock = -np.array(values)
    dx = leontief_shock(io, shock)
    assert np.all(dx <= 1e-9)
    assert np.allclose(leontief_shock(io, 2 * shock), 2 * dx)
    assert np.all(ghosh_shock(io, shock) <= 1e-9)


def test_zero_output_sector_has_zero_coefficients() -> None:
    Z = np.array([[1.0, 0.0], [0.0, 0.0]])
    io = IOTable(Z, np.array([[4.0], [0.0]]), np.array([5.0, 0.0]), ("A_c1", "A_c2"))
    assert np.all(np.isfinite(io.A)) and io.va_coefficients[1] == 0.0


def test_shape_mismatch_raises() -> None:
    with pytest.raises(DataError, match="shapes"):
        IOTable(np.zeros((2, 2)), np.zeros((2, 1)), np.zeros(3), ("A_c1", "A_c2"))


def test_from_frames_checks_labels() -> None:
    import pandas as pd

    labels = ["A_c1", "A_c2"]
    Z = pd.DataFrame([[1.0, 2.0], [3.0, 4.0]], index=labels, columns=labels)
    Y = pd.DataFrame({"A_h": [5.0, 6.0]}, index=labels)
    x = pd.DataFrame({"region_sector": labels, "gross_output": [8.0, 13.0]})
    io = io_table_from_frames(Z, Y, x)
    assert io.labels == tuple(labels) and io.x.tolist() == [8.0, 13.0]
    with pytest.raises(DataError):
        io_table_from_frames(Z.iloc[::-1], Y, x)
    with pytest.raises(DataError):
        io_table_from_frames(Z, Y.iloc[:1], x)


def test_from_long_tables_matches_wide() -> None:
    import pandas as pd

    from borderlever.economics.inputoutput import io_table_from_long

    io = _io(4)
    labels = list(io.labels)
    output = pd.DataFrame({"idx": range(4), "region_sector": labels, "gross_output_usd_m": io.x})
    i, j = np.meshgrid(range(4), range(4), indexing="ij")
    z_long = pd.DataFrame(
        {"supplier_idx": i.ravel(), "user_idx": j.ravel(), "value_usd_m": io.Z.ravel()}
    )
    i, k = np.meshgrid(range(4), range(2), indexing="ij")
    final = pd.DataFrame(
        {
            "supplier_idx": i.ravel(),
            "column_idx": k.ravel(),
            "demand_region": np.where(k.ravel() == 0, "R0", "R1"),
            "category": "h",
            "value_usd_m": io.Y.ravel(),
        }
    )
    back = io_table_from_long(output.iloc[::-1], z_long.sample(frac=1, random_state=1), final)
    assert np.array_equal(back.Z, io.Z) and np.array_equal(back.Y, io.Y)
    assert back.labels == io.labels and back.y_labels == ("R0_h", "R1_h")
