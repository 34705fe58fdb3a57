"""The engine's random variates (sim/variates.py) against scipy's distributions and numpy's exp.

Each sample comes from one xoshiro256+ stream, as in the engine.  Kolmogorov-Smirnov tests at
level 0.001 on 400,000 draws: a sampler that is off by a fraction of a percent anywhere in the
body fails, while an exact one fails one run in a thousand (the seeds are fixed, so the test is
deterministic).  The tails are checked separately because the ziggurat handles them on a
different path: their frequencies must match the exact tail probabilities within 5 standard
errors of a binomial count.
"""

from __future__ import annotations

import numpy as np
import pytest
from numba import njit
from scipy import stats

from borderlever.sim import variates as V
from borderlever.sim.rng import seed_stream

N = 400_000


@njit(cache=True)
def _draw(kind, n, seed, mu, sigma):
    st = np.empty((1, 1, 4), np.uint64)
    seed_stream(st[0, 0], seed, 0, 0)
    out = np.empty(n)
    for i in range(n):
        if kind == 0:
            out[i] = V.exponential_at(st, 0, 0)
        elif kind == 1:
            out[i] = V.normal_at(st, 0, 0)
        else:
            out[i] = V.lognormal_at(st, 0, 0, mu, sigma)
    return out


@njit(cache=True)
def _fast_exp(y):
    out = np.empty_like(y)
    for i in range(y.size):
        out[i] = V.fast_exp(y[i])
    return out


def _tail_ok(hits: int, n: int, p: float) -> bool:
    return abs(hits - n * p) <= 5 * np.sqrt(n * p * (1 - p))


def test_ziggurat_exponential_against_scipy_expon() -> None:
    """Marsaglia & Tsang (2000) exponential: KS against scipy.stats.expon; tail beyond r = 7.697."""
    x = _draw(0, N, np.uint64(1), 0.0, 0.0)
    assert stats.kstest(x, "expon").pvalue > 1e-3
    assert x.mean() == pytest.approx(1.0, abs=5 * 1.0 / np.sqrt(N))
    assert _tail_ok(int((x > V.ZIG_EXP_R).sum()), N, float(np.exp(-V.ZIG_EXP_R)))
    assert (x > 0).all()


def test_ziggurat_normal_against_scipy_norm() -> None:
    """Marsaglia & Tsang (2000) normal: KS against scipy.stats.norm; both tails beyond r = 3.654."""
    z = _draw(1, N, np.uint64(2), 0.0, 0.0)
    assert stats.kstest(z, "norm").pvalue > 1e-3
    p_tail = float(stats.norm.sf(V.ZIG_NOR_R))
    assert _tail_ok(int((z > V.ZIG_NOR_R).sum()), N, p_tail)
    assert _tail_ok(int((z < -V.ZIG_NOR_R).sum()), N, p_tail)


@pytest.mark.parametrize(("mean", "cv"), [(2.0, 0.5), (30.0, 0.7), (0.57, 0.6)])
def test_lognormal_against_scipy_lognorm(mean: float, cv: float) -> None:
    """Service times: lognormal with the stated mean and cv (the engine's parametrisation)."""
    mu, sigma = V.lognormal_params(mean, cv)
    x = _draw(2, N, np.uint64(3), float(mu), float(sigma))
    assert stats.kstest(x, "lognorm", args=(float(sigma), 0, float(np.exp(mu)))).pvalue > 1e-3
    assert x.mean() == pytest.approx(mean, rel=5 * cv / np.sqrt(N))


def test_exponential_service_option_against_scipy_expon() -> None:
    """sigma < 0 means exponential service with mean exp(mu) (``exponential_service=True``)."""
    x = _draw(2, N, np.uint64(4), float(np.log(1.5)), -1.0)
    assert stats.kstest(x, "expon", args=(0, 1.5)).pvalue > 1e-3


def test_fast_exp_against_numpy_exp() -> None:
    """Table exp (Tang 1989) within 2 ulp (5e-16 relative) of numpy's exp on a grid over
    [-690, 690] and on service-time-like arguments; outside the range it defers to numpy."""
    rng = np.random.default_rng(0)
    y = np.concatenate([np.linspace(-690, 690, 200_001), rng.normal(0, 3, 200_000), [0.0]])
    assert np.max(np.abs(_fast_exp(y) / np.exp(y) - 1)) <= 5e-16
    big = np.array([-800.0, -700.0, 700.0])
    np.testing.assert_array_equal(_fast_exp(big), np.exp(big))
