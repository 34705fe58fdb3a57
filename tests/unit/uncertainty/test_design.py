"""Designs map the unit hypercube onto the registry's distributions; nested and grid designs."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from borderlever.errors import ConfigError
from borderlever.parameters import registry
from borderlever.uncertainty.design import (
    Factor,
    grid_design,
    nested_unit_design,
    registry_factors,
    to_values,
    unit_design,
)


def test_triangular_ppf_matches_scipy():
    f = Factor("x", 1.0, 15.0, "triangular", mode=5.0)
    u = np.linspace(0.01, 0.99, 7)
    ref = stats.triang((5.0 - 1.0) / 14.0, loc=1.0, scale=14.0).ppf(u)
    np.testing.assert_allclose(f.ppf(u), ref)


def test_lhs_fills_each_stratum_once():
    u = unit_design("lhs", 3, 20, seed=4)
    for j in range(3):
        assert sorted(np.floor(u[:, j] * 20).astype(int)) == list(range(20))


def test_registry_factors_take_ranges_and_centre():
    (f,) = registry_factors(
        ["behaviour.defer_share"], centre={"behaviour.defer_share": 0.3}, ranges={}
    )
    p = registry()["behaviour.defer_share"]
    assert (f.low, f.high, f.mode, f.acts_on) == (p.low, p.high, 0.3, "sim")
    (g,) = registry_factors(
        ["economics.truck_cost_usd_per_h"], ranges={"economics.truck_cost_usd_per_h": {"low": 50}}
    )
    assert g.low == 50 and g.high == 110.0
    with pytest.raises(ConfigError, match="did you mean"):
        registry_factors(["economics.truck_cost"])


def test_default_factors_cover_sim_and_economics_only():
    names = {f.acts_on for f in registry_factors()}
    assert names <= {"sim", "economics"} and "economics" in names


def test_nested_design_keeps_marginals_and_groups():
    fs = [Factor("s", 0, 1, acts_on="sim"), Factor("e", 10, 20)]
    u = nested_unit_design(fs, 64, 16, seed=2)
    values = to_values(u, fs)
    assert len(np.unique(values[:, 0])) == 16 and len(np.unique(values[:, 1])) == 64
    # each economics stratum of the 64-point hypercube is hit once
    assert sorted(np.floor(u[:, 1] * 64).astype(int)) == list(range(64))


def test_grid_and_unknown_method():
    g = grid_design([Factor("a", 0, 2), Factor("b", 0, 1)], {"a": [0, 1, 2], "b": [0.5]})
    assert g.shape == (3, 2)
    with pytest.raises(ConfigError, match="not one of"):
        unit_design("halton", 2, 4, seed=1)
    with pytest.raises(ConfigError, match="power of 2"):
        unit_design("sobol", 2, 6, seed=1)
