"""Scenario `parameters:` overrides reach the simulation and the economics, and change only what
they act on."""

from __future__ import annotations

import pandas as pd
import pytest

from borderlever.errors import BorderleverError
from borderlever.parameters import default
from borderlever.runs.pipeline import resolve_scenario, run_scenario
from borderlever.scenarios import load_spec
from borderlever.scenarios.convert import scenario_overrides, scenario_values
from borderlever.scenarios.loading import spec_from_document


@pytest.fixture(scope="module")
def runs(tiny_store, tiny_scenario):
    resolved = resolve_scenario(tiny_scenario, store=tiny_store)
    base = run_scenario(resolved, store=tiny_store)
    econ = run_scenario(
        resolved, store=tiny_store, parameters={"economics.truck_cost_usd_per_h": 300.0}
    )
    sim = run_scenario(resolved, store=tiny_store, parameters={"behaviour.truck_max_wait_h": 0.5})
    return base, econ, sim


def _costs(out) -> pd.Series:
    return out.economics.cost_by_country.groupby("country_iso3")["cost_usd"].sum()


def test_economics_override_changes_costs_not_the_simulation(runs):
    base, econ, _ = runs
    pd.testing.assert_frame_equal(base.daily, econ.daily)
    assert econ.extra["parameters"]["economics.truck_cost_usd_per_h"] == 300.0
    a, b = _costs(base), _costs(econ)
    assert b["USA"] > a["USA"] and b["MEX"] > a["MEX"]  # truck waits cost more on both sides
    assert b["CAN"] == a["CAN"]  # no Canadian trucks cross at these ports: no change


def test_sim_override_changes_the_simulation(runs):
    base, _, sim = runs
    assert sim.extra["parameters"]["behaviour.truck_max_wait_h"] == 0.5
    assert not base.daily.equals(sim.daily)
    assert sim.daily["deferred"].sum() + sim.daily["cancelled"].sum() > (
        base.daily["deferred"].sum() + base.daily["cancelled"].sum()
    )


def test_override_equal_to_default_changes_nothing(tiny_store, tiny_scenario, runs):
    base = runs[0]
    resolved = resolve_scenario(tiny_scenario, store=tiny_store)
    same = run_scenario(
        resolved, store=tiny_store, parameters={"economics.truck_cost_usd_per_h": 91.27}
    )
    pd.testing.assert_frame_equal(base.daily, same.daily)
    pd.testing.assert_frame_equal(base.economics.cost_by_country, same.economics.cost_by_country)


def test_scenario_parameters_mapping_and_blocks(tiny_scenario):
    doc = load_spec(tiny_scenario).model_dump(mode="json")
    doc["reactions"] = {"defer_share": 0.3}
    doc["economics"] = {"holding_rate_per_year": 0.2}
    doc["parameters"] = {"behaviour.max_detour_km": 100}
    spec = spec_from_document(doc)
    over = scenario_overrides(spec)
    assert over["behaviour.defer_share"] == 0.3  # the scenario's reactions ...
    # ... every field, set or default (the defaults are the registry's behaviour rows)
    assert over["behaviour.cancel_share"] == default("behaviour.cancel_share")
    assert over["economics.holding_rate_per_year"] == 0.2
    assert over["behaviour.max_detour_km"] == 100.0  # parameters: on top of reactions
    assert "economics.truck_cost_usd_per_h" not in over  # economics keys only where set
    values = scenario_values(spec, {"behaviour.max_detour_km": 200})
    assert values["behaviour.max_detour_km"] == 200.0
    assert values["economics.truck_cost_usd_per_h"] == 91.27


def test_unknown_parameter_gets_did_you_mean(tiny_scenario):
    doc = load_spec(tiny_scenario).model_dump(mode="json")
    doc["parameters"] = {"economics.truck_cost_usd_per_hour": 80}
    with pytest.raises(BorderleverError, match="did you mean 'economics.truck_cost_usd_per_h'"):
        spec_from_document(doc)


def test_shares_above_one_are_scaled_and_bad_shares_refused():
    from borderlever.scenarios.convert import reaction_shares
    from borderlever.scenarios.spec import Reactions

    point = {"behaviour.defer_share": 0.8, "behaviour.cancel_share": 0.5}
    assert reaction_shares(Reactions(), point) == (0.0, 0.8 / 1.3)
    with pytest.raises(BorderleverError, match="defer_share"):
        reaction_shares(Reactions(), {**point, "behaviour.defer_share": -0.1})


def test_no_parameters_keeps_the_scenario_hash(tiny_scenario, tiny_store):
    resolved = resolve_scenario(tiny_scenario, store=tiny_store)
    assert "parameters" not in resolved.document()
