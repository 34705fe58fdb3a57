"""Sensitivity indices through the project's designs against closed-form Sobol' indices.

For y = sum_j a_j x_j with independent x_j, the first-order and total Sobol' indices are both
S_j = a_j^2 Var(x_j) / sum_k a_k^2 Var(x_k).  The factors below use the registry's distributions
(uniform, triangular, loguniform), so the test also checks the inverse-CDF mapping of the unit
design: a wrong mapping changes Var(x_j) and the indices.
"""

from __future__ import annotations

import numpy as np
from scipy import stats

from borderlever.uncertainty.design import Factor, sensitivity, to_values, unit_design

FACTORS = [
    Factor("a", 0.0, 1.0, "uniform"),
    Factor("b", 1.0, 15.0, "triangular", mode=5.0),
    Factor("c", 6.0, 72.0, "loguniform"),
]
COEF = np.array([10.0, 1.0, 0.05])


def _analytic() -> np.ndarray:
    var = np.array(
        [
            1.0 / 12.0,
            stats.triang(4.0 / 14.0, loc=1.0, scale=14.0).var(),
            stats.loguniform(6.0, 72.0).var(),
        ]
    )
    v = COEF**2 * var
    return v / v.sum()


def test_sobol_indices_against_analytic_linear_model():
    """Saltelli design, N = 1024 base points: tolerance 0.05 on each index (the Jansen estimator's
    standard error at this N is about 0.02 for these indices)."""
    unit = unit_design("sobol", 3, 1024, seed=3)
    y = to_values(unit, FACTORS) @ COEF
    idx = sensitivity("sobol", FACTORS, unit, y, seed=1)
    exact = _analytic()
    for index in ("S1", "ST"):
        got = idx[idx["index"] == index].set_index("parameter")["value"]
        np.testing.assert_allclose(got[["a", "b", "c"]].to_numpy(), exact, atol=0.05)


def test_given_data_first_order_against_analytic_linear_model():
    """Latin hypercube of 512 points, RBD-FAST/EASI S1: tolerance 0.06 (its bias at few harmonics
    and 512 points is a few hundredths)."""
    unit = unit_design("lhs", 3, 512, seed=5)
    y = to_values(unit, FACTORS) @ COEF
    idx = sensitivity("lhs", FACTORS, unit, y, seed=1).set_index("parameter")["value"]
    np.testing.assert_allclose(idx[["a", "b", "c"]].to_numpy(), _analytic(), atol=0.06)


def test_morris_mu_star_against_analytic_linear_model():
    """Morris on a linear model: every elementary effect of x_j is a_j * (range of x_j over the
    levels used), exactly, for a uniform factor; mu_star of ``a`` must equal 10 (its whole range
    1 times its coefficient) to rounding."""
    unit = unit_design("morris", 3, 10, seed=2)
    y = to_values(unit, FACTORS) @ COEF
    idx = sensitivity("morris", FACTORS, unit, y, seed=1)
    mu = idx[idx["index"] == "mu_star"].set_index("parameter")["value"]
    assert abs(mu["a"] - 10.0) < 1e-9


def test_drivers_against_linear_model_with_more_parameters_than_points():
    """``run --uncertainty 64`` varies about 57 parameters with 64 points.  y = 10 x0 + 4 x1 +
    0.1 sum(others), x uniform on [0, 1]: analytic S1 = 0.859 for x0, 0.137 for x1, 0.0001 for
    each other; x0's swing from the centre -5/+5.  The driver x0 must be listed first with S1
    within 0.1 and its swing within 1 (the 56 other parameters are noise to the line); x1 may
    be listed (its correlation is diluted by x0's variance); no parameter without effect may be
    (false-discovery control).  Three designs."""
    import pandas as pd

    from borderlever.uncertainty.analysis import _drivers
    from borderlever.uncertainty.sweep import Sweep

    factors = [Factor(f"p{j:02d}", 0.0, 1.0) for j in range(57)]
    for seed in (11, 12, 13):
        unit = unit_design("lhs", len(factors), 64, seed=seed)
        x = to_values(unit, factors)
        y = 10.0 * x[:, 0] + 4.0 * x[:, 1] + 0.1 * x[:, 2:].sum(axis=1)
        points = pd.DataFrame(x, columns=[f.name for f in factors])
        sweep = Sweep("t", None, tuple(factors), "lhs", points, unit)
        mean = float(y.mean())
        drivers, r2 = _drivers(sweep, y, mean, non_negative=False)
        names = [d["parameter"] for d in drivers]
        assert names[0] == "p00" and set(names) <= {"p00", "p01"}, names
        assert abs(drivers[0]["value"] - 100 / 116.46) < 0.1
        assert abs(drivers[0]["at_low"] - (mean - 5.0)) < 1.0
        assert abs(drivers[0]["at_high"] - (mean + 5.0)) < 1.0
        assert r2 > 0.8


def test_nested_drivers_against_linear_model():
    """The default sample's shape: 64 points, 16 simulations x 4 economics draws, 20 simulation
    and 50 economics parameters.  y = 8 s0 + 4 e0 + (a simulation's own noise, sd 0.5, common to
    its group) + 0.05 sum(others), all uniform on [0, 1]: analytic shares of variance about 0.75
    (s0), 0.19 (e0), 0.02 (the group noise; s0 and e0 leave the rest to 68 small parameters).
    Both drivers must be listed first, each index within 0.15 of its share (s0 is estimated from 16
    group means), each swing within 25 % of its span (8 and 4); no parameter without effect may be
    listed (false-discovery control).  Three designs."""
    import pandas as pd

    from borderlever.uncertainty.analysis import _drivers
    from borderlever.uncertainty.design import nested_unit_design
    from borderlever.uncertainty.sweep import Sweep

    sim = [Factor(f"s{j:02d}", 0.0, 1.0, acts_on="sim") for j in range(20)]
    econ = [Factor(f"e{j:02d}", 0.0, 1.0) for j in range(50)]
    factors = sim + econ
    total = 64 / 12 + 16 / 12 + 0.25 + 0.0025 * 68 / 12
    for seed in (21, 22, 23):
        unit = nested_unit_design(factors, 64, 16, seed=seed)
        x = to_values(unit, factors)
        groups = np.arange(64) * 16 // 64
        noise = np.random.default_rng(seed).normal(0.0, 0.5, 16)[groups]
        y = 8.0 * x[:, 0] + 4.0 * x[:, 20] + noise + 0.05 * (x.sum(axis=1) - x[:, 0] - x[:, 20])
        points = pd.DataFrame(x, columns=[f.name for f in factors])
        points.insert(0, "sim_group", groups)
        sweep = Sweep("t", None, tuple(factors), "lhs", points, unit)
        mean = float(y.mean())
        drivers, _ = _drivers(sweep, y, mean, non_negative=False)
        by = {d["parameter"]: d for d in drivers}
        assert set(by) == {"s00", "e00"}, list(by)
        assert abs(by["s00"]["value"] - (64 / 12) / total) < 0.15
        assert abs(by["e00"]["value"] - (16 / 12) / total) < 0.15
        for name, span in (("s00", 8.0), ("e00", 4.0)):
            assert abs((by[name]["at_high"] - by[name]["at_low"]) - span) < 0.25 * span
