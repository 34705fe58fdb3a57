"""EconParams: defaults, validation and scenario overrides."""

from __future__ import annotations

import pytest

from borderlever.economics.params import DEFAULT_PARAMS, PARAMETER_INFO, EconParams, with_overrides
from borderlever.errors import ConfigError


def test_defaults_are_valid_and_documented() -> None:
    p = EconParams()
    assert p.truck_cost_usd_per_h == pytest.approx(91.27)
    for name, (_low, _high, unit, source) in PARAMETER_INFO.items():
        assert hasattr(p, name)
        assert unit and len(source) > 20


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("holding_rate_per_year", -0.1),
        ("truck_cost_usd_per_h", -5.0),
        ("carrier_share_neighbour_mex", 1.2),
        ("holding_share_importer", -0.01),
        ("spoilage_share_exporter", 2),
        ("inventory_buffer_days", -1),
        ("southbound_loaded_per_northbound_loaded", float("nan")),
    ],
)
def test_out_of_range_is_rejected_naming_the_parameter(name: str, value: float) -> None:
    with pytest.raises(ConfigError, match=f"economics.{name}"):
        EconParams(**{name: value})


def test_non_number_is_rejected() -> None:
    with pytest.raises(ConfigError, match="holding_rate_per_year"):
        with_overrides(DEFAULT_PARAMS, {"holding_rate_per_year": "ten"})


def test_override_applies_and_keeps_the_rest() -> None:
    p = with_overrides(DEFAULT_PARAMS, {"truck_cost_usd_per_h": 60.0})
    assert p.truck_cost_usd_per_h == 60.0
    assert p.holding_rate_per_year == DEFAULT_PARAMS.holding_rate_per_year
    assert with_overrides(p, None) is p


def test_unknown_override_key_suggests_the_right_one() -> None:
    with pytest.raises(ConfigError, match="did you mean 'truck_cost_usd_per_h'"):
        with_overrides(DEFAULT_PARAMS, {"truck_cost_usd_per_hour": 50})


def test_sector_buffers_are_validated_and_used() -> None:
    p = EconParams(buffer_days_by_sector={"c15": 1.0})
    assert p.buffer_days("c15") == 1.0
    assert p.buffer_days("c3") == p.inventory_buffer_days
    with pytest.raises(ConfigError, match="buffer_days_by_sector.c15"):
        EconParams(buffer_days_by_sector={"c15": -2.0})


def test_bad_perishable_codes_and_neighbour() -> None:
    # the first-wave single perishable keys were replaced by per-group registry parameters
    with pytest.raises(ConfigError, match=r"economics.perishable.<group>.shelf_days"):
        with_overrides(DEFAULT_PARAMS, {"perishable_shelf_days": 5.0})
    with pytest.raises(ConfigError, match="neighbour"):
        DEFAULT_PARAMS.carrier_share_neighbour("GTM")
