"""Conversion of a resolved scenario into the engine's policy objects and economics parameters."""

from __future__ import annotations

import pytest

from borderlever.network.policies import Closure, EnhancedInspection, LaneCut, OfficerReassignment
from borderlever.parameters import get
from borderlever.scenarios import ScenarioSpec, resolve
from borderlever.scenarios.convert import (
    driver_reactions,
    econ_params,
    reaction_shares,
    sim_policies,
)
from borderlever.scenarios.spec import Reactions

from .conftest import minimal


def test_each_kind_maps_to_its_engine_object(ports):
    pols = [
        {"kind": "closure", "classes": ["trucks"], "window": {"start_day": 1, "end_day": 2}},
        {"kind": "lane_cut", "parameters": {"lanes_removed_share": 0.5}},
        {"kind": "officer_reassignment", "ports": ["2304"], "parameters": {"officers_removed": 16}},
        {"kind": "officer_reassignment", "parameters": {"officers_removed_share": 0.15}},
        {
            "kind": "enhanced_inspection",
            "classes": ["trucks"],
            "parameters": {"extra_inspection_min": 50, "stations": 12},
        },
    ]
    res = resolve(ScenarioSpec.model_validate(minimal(policies=pols)), ports)
    objs = sim_policies(res)
    assert [type(o) for o in objs] == [
        Closure,
        LaneCut,
        OfficerReassignment,
        OfficerReassignment,
        EnhancedInspection,
    ]
    closure = objs[0]
    assert (closure.start_min, closure.end_min) == (1440.0, 2880.0)
    assert closure.ports == ("2304", "2305") and closure.classes == ("truck_standard", "truck_fast")
    assert objs[1].share == 0.5 and objs[3].share == 0.15 and objs[3].officers is None
    assert objs[2].officers == 16 and objs[2].share is None
    assert objs[4].added_stage_servers == 12 and objs[4].added_stage_mean_min == 50


def test_weekly_window_gives_one_object_per_span(ports):
    pol = {"kind": "closure", "window": {"weekdays": ["saturday"]}}
    res = resolve(ScenarioSpec.model_validate(minimal(policies=[pol], horizon_days=14)), ports)
    assert len(sim_policies(res)) == 2


@pytest.mark.parametrize("diversion", [True, False])
def test_reactions_keep_defer_to_cancel_ratio(diversion):
    r = Reactions(defer_share=0.3, cancel_share=0.1, diversion=diversion)
    divert, defer = reaction_shares(r)
    cancel = 1 - divert - defer
    assert defer / cancel == pytest.approx(3.0)
    dr = driver_reactions(r)
    assert dr.divert_share["pedestrian"] == 0.0 and dr.max_detour_km["rail"] == 0.0
    # the wait limit is the patience's cap; its mean is behaviour.patience_mean_share of it
    share = get("behaviour.patience_mean_share").default
    assert dr.patience_max_min["truck_standard"] == 60 * get("behaviour.truck_max_wait_h").default
    assert dr.patience_mean_min["truck_standard"] == pytest.approx(
        share * dr.patience_max_min["truck_standard"]
    )
    assert dr.patience_max_min["pov_standard"] == 60 * get("behaviour.passenger_max_wait_h").default
    assert dr.return_lag_min == 60 * get("behaviour.return_lag_h").default
    # classes that cannot divert defer/cancel in the same 3:1 ratio
    ped_defer = dr.defer_share["pedestrian"]
    assert ped_defer / (1 - ped_defer) == pytest.approx(3.0)


def test_economics_overrides_reach_params():
    spec = ScenarioSpec.model_validate(minimal(economics={"truck_cost_usd_per_h": 100.0}))
    assert econ_params(spec.economics).truck_cost_usd_per_h == 100.0
    assert (
        econ_params(ScenarioSpec.model_validate(minimal()).economics).truck_cost_usd_per_h == 91.27
    )


def test_economics_keys_mirror_econparams():
    import dataclasses

    from borderlever.economics.params import EconParams
    from borderlever.scenarios.spec import EconomicsSpec

    spec_keys = set(EconomicsSpec.model_fields) - {"trade_year", "concession_value_usd"}
    # perishables and passengers come from the parameter registry (economics.perishable.*,
    # economics.passenger.*), not from scenario economics: keys
    from_registry = {"perishables", "passengers"}
    assert spec_keys == {f.name for f in dataclasses.fields(EconParams)} - from_registry


def test_directions_default_by_kind_and_southbound_only_is_not_simulated():
    from borderlever.scenarios.resolve import default_directions

    assert default_directions("closure", None) == ("northbound", "southbound")
    assert default_directions("enhanced_inspection", None) == ("northbound",)
    assert default_directions("closure", ["southbound"]) == ("southbound",)


def test_staffing_parameters_reach_the_model(ports):
    """staffing.* rows are wired: a scenario's ``parameters:`` (or a sweep point) reaches the
    closure's surge and the network/schedule staffing, not only the registry default."""
    from borderlever.network.staffing import STAFFING_PARAMETERS, StaffingParams
    from borderlever.scenarios.convert import scenario_values, wired_parameters

    assert set(STAFFING_PARAMETERS.values()) <= set(wired_parameters())
    pol = {"kind": "closure", "window": {"start_day": 1, "end_day": 2}}
    spec = ScenarioSpec.model_validate(
        minimal(
            policies=[pol],
            parameters={"staffing.post_closure_surge_h": 6, "staffing.booth_headroom": 2.0},
        )
    )
    values = scenario_values(spec)
    (closure,) = sim_policies(resolve(spec, ports), values)
    assert closure.surge_h == 6.0
    assert StaffingParams.from_values(values).booth_headroom == 2.0
    (default,) = sim_policies(resolve(spec, ports), scenario_values(spec, {}))
    assert default.surge_h == 6.0  # the scenario's own value, not the registry's 72
    assert get("staffing.post_closure_surge_h").default == 72.0


def test_an_inspection_line_without_lot_spaces_takes_the_registry_row(ports):
    """``lot_spaces`` omitted: the registry's ``staffing.added_stage_lot_vehicles`` (30), which a
    scenario's ``parameters:`` or a sweep point overrides (rounded to whole vehicles);
    ``'unbounded'`` gives no bound; a bad value is a clear error naming the field."""
    from borderlever.scenarios.convert import ADDED_STAGE_LOT, scenario_values, wired_parameters

    def inspection(**extra):
        pol = {
            "kind": "enhanced_inspection",
            "classes": ["trucks"],
            "parameters": {"extra_inspection_min": 50, "stations": 12, **extra},
        }
        return ScenarioSpec.model_validate(minimal(policies=[pol]))

    assert ADDED_STAGE_LOT in wired_parameters()
    spec = inspection()
    (obj,) = sim_policies(resolve(spec, ports))
    assert obj.added_stage_lot == get(ADDED_STAGE_LOT).default == 30.0
    values = {**scenario_values(spec), ADDED_STAGE_LOT: 12.4}
    assert sim_policies(resolve(spec, ports), values)[0].added_stage_lot == 12
    assert sim_policies(resolve(inspection(lot_spaces=7), ports), values)[0].added_stage_lot == 7
    (free,) = sim_policies(resolve(inspection(lot_spaces="unbounded"), ports))
    assert free.added_stage_lot is None
    for bad in (0, "big"):
        with pytest.raises(ValueError, match="lot_spaces"):
            inspection(lot_spaces=bad)


def test_a_defer_share_alone_that_leaves_no_room_names_the_default_it_met() -> None:
    """Setting only ``defer_share`` so high that the registry's ``cancel_share`` (0.62) no longer
    fits says which share was not given and what it took, so the writer knows what to set."""
    with pytest.raises(
        ValueError, match=r"cancel_share was not given and took the registry's 0\.62"
    ):
        Reactions(defer_share=0.5)
    with pytest.raises(ValueError, match=r"exceeds 1 \[type"):  # both given: no hint
        Reactions(defer_share=0.5, cancel_share=0.6)
    assert Reactions(defer_share=0.3).cancel_share == get("behaviour.cancel_share").default


def test_shares_over_one_from_parameters_are_said_in_the_run_notes() -> None:
    """A ``parameters:`` override that pushes defer + cancel above 1 is scaled down (ratio kept,
    nobody diverts), and the run's notes say so with the values used."""
    from borderlever.scenarios.convert import reaction_share_notes

    (note,) = reaction_share_notes({"behaviour.defer_share": 0.6, "behaviour.cancel_share": 0.6})
    assert "used as 0.5 and 0.5" in note and "no driver who gives up diverts" in note
    assert reaction_shares(Reactions(), {"behaviour.defer_share": 0.6,
                                         "behaviour.cancel_share": 0.6}) == (0.0, 0.5)  # fmt: skip
