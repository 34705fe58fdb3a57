"""The compiled day loop of the dynamic model against its numpy reference implementation.

Source: :func:`borderlever.economics.ario_reference.run_reference`, the model's equations written
with whole-array numpy operations (the implementation the first wave validated against the
Leontief closed form).  Cases: random tables of 3 regions x 4 products (one product a service,
one user sector non-critical, zero cells), shocks that close, throttle and reopen links above
normal with partial retention, both binding stocks and non-binding ones, and the real WIOD table
where ``../shared`` has it.  Tolerance: 1e-9 relative to the largest daily output, elementwise;
the kernel sums rows in another order than numpy's pairwise sums, which moves the last bits
only.  A settling day that flips on such a difference would change the run's length by a day
whose output differs from the baseline by less than the settling tolerance (1e-7): the test
requires the same length, which these cases have.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from borderlever.economics.ario import ArioModel, ArioParams, LinkShock, _run
from borderlever.economics.ario_reference import run_reference
from borderlever.economics.inputoutput import IOTable

REGIONS = ("US", "MX", "CA")
PRODUCTS = ("p1", "p2", "p3", "s")


def _table(rng: np.random.Generator) -> IOTable:
    labels = tuple(f"{r}_{p}" for r in REGIONS for p in PRODUCTS)
    n = len(labels)
    Z = rng.uniform(0.0, 50.0, (n, n)) * (rng.uniform(size=(n, n)) < 0.7)
    Y = rng.uniform(10.0, 200.0, (n, len(REGIONS)))
    x = Z.sum(axis=1) + Y.sum(axis=1)
    return IOTable(Z * 365, Y * 365, x * 365, labels, tuple(f"{r}_CONS" for r in REGIONS))


def _shock(rng: np.random.Generator, days: int) -> LinkShock:
    R, P = len(REGIONS), len(PRODUCTS)
    cap = np.ones((days, R, R, P))
    theta = np.zeros((R, R, P))
    for a, b in ((1, 0), (0, 1), (2, 0)):
        theta[a, b, :] = rng.uniform(0.2, 1.0, P)
        cap[2:6, a, b, :] = rng.uniform(0.0, 0.6, (4, P))  # closed or throttled
        cap[6:8, a, b, :] = rng.uniform(1.0, 1.3, (2, P))  # reopened above normal
    retain = rng.uniform(0.0, 1.0, cap.shape)
    return LinkShock(cap, retain, theta)


def _params(buffers: float) -> ArioParams:
    return ArioParams(
        buffer_days={"p1": buffers, "p2": 2 * buffers, "p3": 0.0},
        restoration_days=5.0,
        psi=0.8,
        overproduction_max=1.15,
        overproduction_days=7.0,
        headroom=0.1,
        max_recovery_days=400,
        recovery_share={"p1": 0.5, "p2": 1.0},
        critical_users=("p1", "p2", "p3"),
    )


def _assert_same(model: ArioModel, shock: LinkShock, params: ArioParams) -> None:
    kernel, ref = _run(model, shock, params), run_reference(model, shock, params)
    assert kernel.output.shape == ref.output.shape
    scale = float(np.abs(ref.baseline).max())
    assert np.abs(kernel.output - ref.output).max() <= 1e-9 * scale
    assert np.abs(kernel.dropped - ref.dropped).max() <= 1e-9 * scale
    assert kernel.va_loss.sum() == pytest.approx(ref.va_loss.sum(), rel=1e-9, abs=1e-9 * scale)


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("buffers", [1.0, 4.0])
def test_ario_kernel_against_numpy_reference_on_random_tables(seed: int, buffers: float) -> None:
    rng = np.random.default_rng(seed)
    model = ArioModel(_table(rng))
    shock = _shock(rng, days=12)
    ref = run_reference(model, shock, _params(buffers))
    assert ref.va_loss.sum() > 0  # the shock binds: a real comparison, not two zeros
    _assert_same(model, shock, _params(buffers))


@pytest.mark.raw
def test_ario_kernel_against_numpy_reference_on_wiod(raw_dir: Path) -> None:
    from borderlever.economics.dynamic import ario_params
    from borderlever.economics.inputoutput import read_wiod_na4
    from borderlever.parameters import resolve

    folder = raw_dir / "io_tables/wiod2013/derived"
    if not folder.is_dir():
        pytest.skip(f"{folder} absent")
    model = ArioModel(read_wiod_na4(folder))
    R, P, days = len(model.regions), len(model.products), 10
    mex, usa = model.regions.index("MEX"), model.regions.index("USA")
    cap = np.ones((days, R, R, P))
    cap[:7, mex, usa, :16] = 0.1  # goods northbound mostly stopped for a week
    theta = np.zeros((R, R, P))
    theta[mex, usa, :16] = 0.6
    shock = LinkShock(cap, np.full(cap.shape, 0.7), theta)
    _assert_same(model, shock, ario_params(resolve()))
