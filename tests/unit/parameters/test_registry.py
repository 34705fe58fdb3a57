"""The parameter registry: every row well formed, lookups with did-you-mean."""

from __future__ import annotations

import pytest

from borderlever import parameters
from borderlever.errors import ConfigError, DataError


def test_every_row_has_unit_source_and_a_default_inside_its_range():
    reg = parameters.registry()
    assert reg, "the registry is empty"
    for p in reg.values():
        assert p.unit and p.source and p.fitted_on
        assert p.low <= p.default <= p.high, p.name
        assert p.acts_on in parameters.ACTS_ON


def test_unknown_name_suggests_the_closest():
    with pytest.raises(ConfigError, match="did you mean 'economics.truck_cost_usd_per_h'"):
        parameters.get("economics.truck_cost_usd_per_hr")


def test_a_default_outside_its_range_is_refused():
    row = dict.fromkeys(parameters.COLUMNS, "x")
    row.update(
        default="2", low="0", high="1", distribution="uniform", acts_on="sim", confidence="L"
    )
    with pytest.raises(DataError, match="column 'default'"):
        parameters._parse_row(row, 3, "registry.csv")
