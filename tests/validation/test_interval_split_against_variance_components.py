"""The parameter part of an interval against known variance components.

Points y_ij = theta_i + e_ij with theta_i ~ N(mu, s_par^2) (the parameters' effect) and
e_ij ~ N(0, s_rep^2) (replication noise), R replications per point: the central 95 % of theta is
mu +- 1.96 s_par exactly.  The plain quantiles of the point means are too wide (they carry
s_rep^2 / R); the split must remove that.  Tolerance: 8 % of the half-width, about three standard
errors of a 2.5 % / 97.5 % quantile at 4,000 points.
"""

from __future__ import annotations

import numpy as np

from borderlever.uncertainty.split import combine, parameter_interval, split_interval


def _sample(seed: int, points: int, reps: int, s_par: float, s_rep: float) -> np.ndarray:
    rng = np.random.default_rng(seed)
    theta = 100.0 + s_par * rng.standard_normal(points)
    return theta[:, None] + s_rep * rng.standard_normal((points, reps))


def test_parameter_interval_against_variance_components():
    s_par, s_rep = 5.0, 10.0
    y = _sample(1, 4000, 4, s_par, s_rep)
    lo, hi, sigma2 = parameter_interval(y)
    half = 1.959964 * s_par
    assert abs(lo - (100.0 - half)) < 0.08 * half
    assert abs(hi - (100.0 + half)) < 0.08 * half
    assert abs(sigma2 - s_par**2) < 0.1 * s_par**2
    naive = np.quantile(y.mean(axis=1), [0.025, 0.975])
    assert naive[1] - naive[0] > (hi - lo) * 1.2  # the noise the split removes is real


def test_no_parameter_effect_gives_a_point_interval_near_the_mean():
    y = _sample(2, 2000, 4, 0.0, 10.0)
    lo, hi, sigma2 = parameter_interval(y)
    assert hi - lo < 0.3 * 1.96 * 10.0 / 2  # far narrower than the per-mean noise band
    assert sigma2 < 1.0


def test_combined_interval_adds_in_quadrature_and_respects_zero():
    assert combine(10.0, (8.0, 12.0), (7.0, 14.0), False) == (6.394449, 14.472136)
    fig = split_interval([1.0, 1.2, 0.8], _sample(3, 200, 3, 3.0, 0.5) - 100.0, True)
    assert fig["ci_low"] == 0.0 and fig["ci_parameters"][0] >= 0.0
    assert fig["ci_low"] <= min(fig["ci_replication"][0], fig["ci_parameters"][0])
    assert fig["ci_high"] >= max(fig["ci_replication"][1], fig["ci_parameters"][1])
