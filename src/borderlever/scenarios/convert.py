"""From a resolved scenario to the engine's policy objects and the economics parameters.

This is the one place where scenario vocabulary meets the model packages: the sim receives plain
frozen dataclasses (:mod:`borderlever.network.policies`, :class:`DriverReactions`) and the
economics an :class:`~borderlever.economics.params.EconParams`; neither sees YAML or pydantic.

Mapping (documented in docs/scenarios.md):

==========================  ====================================================================
scenario ``kind``           engine object
==========================  ====================================================================
closure                     ``Closure``
lane_cut                    ``LaneCut(share=lanes_removed_share)``
hours_cut                   ``HoursCut(open_hour, close_hour)``
officer_reassignment        ``OfficerReassignment(officers=...)`` or ``(share=...)``: a staffing
                            cut against the port's officer force (passenger lanes and nights
                            first; never closes a port), not a lane closure
enhanced_inspection         ``EnhancedInspection(added_stage_share, added_stage_mean_min,
                            added_stage_servers, added_stage_lot)``; ``lot_spaces`` omitted:
                            the registry's ``staffing.added_stage_lot_vehicles``
==========================  ====================================================================

A window that repeats (weekdays, hours) becomes one engine object per span.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from borderlever.errors import ConfigError
from borderlever.scenarios.resolve import ResolvedPolicy, ResolvedScenario
from borderlever.scenarios.spec import EconomicsSpec, Reactions, ScenarioSpec

#: Classes whose patience is ``Reactions.passenger_max_wait_h`` (others: ``max_wait_h``).
PASSENGER_PATIENCE = ("pov_standard", "pov_ready", "pov_sentri", "pedestrian")
#: Classes that cannot divert by road to another port (walkers, trains on fixed track).
NO_DETOUR = ("pedestrian", "rail")
#: Classes whose travellers check the posted wait before setting out and may stay home
#: (``behaviour.forgo_cost_elasticity``): cars and pedestrians; trucks, buses and trains run
#: to a schedule or a load (docs/sim.md).
FORGO_CLASSES = ("pov_standard", "pov_ready", "pov_sentri", "pedestrian")


def _closure(p: ResolvedPolicy, common: dict[str, Any]) -> Any:
    from borderlever.network.policies import Closure

    surge = common.pop("values")["staffing.post_closure_surge_h"]
    return Closure(**common, surge_h=float(surge))


def _lane_cut(p: ResolvedPolicy, common: dict[str, Any]) -> Any:
    from borderlever.network.policies import LaneCut

    return LaneCut(**common, share=float(p.parameters["lanes_removed_share"]))


def _hours_cut(p: ResolvedPolicy, common: dict[str, Any]) -> Any:
    from borderlever.network.policies import HoursCut

    lo, hi = p.parameters["open_hours"]
    return HoursCut(**common, open_hour=int(lo), close_hour=int(hi))


def _officers(p: ResolvedPolicy, common: dict[str, Any]) -> Any:
    from borderlever.network.policies import OfficerReassignment

    share = p.parameters.get("officers_removed_share")
    if share is not None:
        return OfficerReassignment(**common, share=float(share))
    return OfficerReassignment(**common, officers=int(p.parameters["officers_removed"]))


#: Registry row of an ``enhanced_inspection``'s line when the scenario gives no ``lot_spaces``.
ADDED_STAGE_LOT = "staffing.added_stage_lot_vehicles"


def _inspection(p: ResolvedPolicy, common: dict[str, Any]) -> Any:
    from borderlever.network.policies import EnhancedInspection

    values = common.pop("values")
    lot = p.parameters.get("lot_spaces")
    if lot is None:
        lot = max(1, round(float(values[ADDED_STAGE_LOT])))
    return EnhancedInspection(
        **common,
        added_stage_share=float(p.parameters["share_inspected"]),
        added_stage_mean_min=float(p.parameters["extra_inspection_min"]),
        added_stage_servers=int(p.parameters["stations"]),
        added_stage_lot=None if lot == "unbounded" else int(lot),
    )


#: Policy kind -> builder of one engine object for one span.
POLICY_BUILDERS: dict[str, Callable[[ResolvedPolicy, dict[str, Any]], Any]] = {
    "closure": _closure,
    "lane_cut": _lane_cut,
    "hours_cut": _hours_cut,
    "officer_reassignment": _officers,
    "enhanced_inspection": _inspection,
}


def sim_policies(
    resolved: ResolvedScenario, values: Mapping[str, float] | None = None
) -> list[Any]:
    """The engine's policy objects, in scenario order, one per window span (policies that act on
    southbound traffic only are priced by the economics, not simulated).  ``values`` (from
    :func:`scenario_values`; default: the scenario's) gives the registry parameters policies
    read (``staffing.post_closure_surge_h``, and :data:`ADDED_STAGE_LOT` where an
    ``enhanced_inspection`` gives no ``lot_spaces``)."""
    run_values = dict(values) if values is not None else scenario_values(resolved.spec)
    out = []
    for pol in resolved.policies:
        if "northbound" not in pol.directions:  # the simulation queues northbound traffic only
            continue
        for start, end in pol.intervals_min:
            common = {
                "start_min": float(start),
                "end_min": float(end),
                "ports": tuple(pol.port_codes),
                "classes": tuple(pol.vehicle_classes),
            }
            if pol.kind in ("closure", "enhanced_inspection"):
                common["values"] = run_values
            out.append(POLICY_BUILDERS[pol.kind](pol, common))
    return out


#: Scenario ``reactions`` field -> the registry parameter it sets.
REACTION_PARAMETERS: dict[str, str] = {
    "max_wait_h": "behaviour.truck_max_wait_h",
    "passenger_max_wait_h": "behaviour.passenger_max_wait_h",
    "defer_share": "behaviour.defer_share",
    "cancel_share": "behaviour.cancel_share",
    "max_detour_km": "behaviour.max_detour_km",
    "defer_delay_h": "behaviour.defer_delay_h",
    "return_lag_h": "behaviour.return_lag_h",
}
#: Behaviour parameters with no scenario field (registry values only; a sweep varies them).
BEHAVIOUR_ONLY: tuple[str, ...] = (
    "behaviour.patience_mean_share",
    "behaviour.patience_cv",
    "behaviour.forgo_cost_elasticity",
    "behaviour.forgo_trip_cost_h",
)


def wired_parameters() -> tuple[str, ...]:
    """Registry parameters the run pipeline passes to the model (a sweep or a parameter sample
    varies only these: a parameter nothing reads would look like an assumption without effect).

    A parameter joins when the code that reads it does: the driver reactions
    (:data:`REACTION_PARAMETERS`), port staffing (every ``staffing.*`` row of
    :data:`borderlever.network.staffing.STAFFING_PARAMETERS`: the network, the schedule and the
    closure's surge read them), the economics (every ``economics.*`` row: the run's mapping
    is passed whole to ``impact_from_sim``) and :data:`EXTRA_WIRED` (names other modules register
    when they take values from :func:`scenario_values`).
    """
    from borderlever.parameters import registry

    # the pipeline hands the whole mapping to the economics (EconParams fields and the dynamic
    # production model read theirs from it): every economics.* row is wired
    econ = [n for n in registry() if n.startswith("economics.")]
    from borderlever.network.staffing import STAFFING_PARAMETERS

    names = [*REACTION_PARAMETERS.values(), *BEHAVIOUR_ONLY, *econ, *STAFFING_PARAMETERS.values()]
    return tuple(dict.fromkeys([*names, *EXTRA_WIRED]))


#: Further registry parameters the pipeline passes on (appended by the modules that read them).
EXTRA_WIRED: list[str] = [ADDED_STAGE_LOT]


def scenario_overrides(spec: ScenarioSpec) -> dict[str, float]:
    """The registry parameters a scenario sets: its driver reactions (every field, so a run uses
    exactly its scenario's reactions) and the ``economics`` keys it sets, then its ``parameters``
    mapping on top.

    Examples
    --------
    >>> import datetime as dt
    >>> spec = ScenarioSpec(name="x", description="d", start=dt.date(2025, 1, 1), horizon_days=1,
    ...     ports={"codes": ["2304"]}, reactions={"defer_share": 0.3},
    ...     parameters={"economics.truck_cost_usd_per_h": 80})
    >>> o = scenario_overrides(spec)
    >>> o["behaviour.defer_share"], o["behaviour.truck_max_wait_h"], o["economics.truck_cost_usd_per_h"]
    (0.3, 12.0, 80.0)
    """
    from borderlever.economics.params import REGISTRY_FIELDS

    out = {name: float(getattr(spec.reactions, f)) for f, name in REACTION_PARAMETERS.items()}
    for key in REGISTRY_FIELDS:
        value = getattr(spec.economics, key)
        if value is not None:
            out[f"economics.{key}"] = float(value)
    out.update({k: float(v) for k, v in spec.parameters.items()})
    return out


def scenario_values(
    spec: ScenarioSpec, extra: Mapping[str, float] | None = None
) -> dict[str, float]:
    """Every registry parameter's value for a run of ``spec``: registry defaults, the scenario's
    overrides (:func:`scenario_overrides`), then ``extra`` (a sweep point's values) on top."""
    from borderlever.parameters import resolve

    return resolve({**scenario_overrides(spec), **dict(extra or {})})


def reaction_shares(r: Reactions, values: Mapping[str, float] | None = None) -> tuple[float, float]:
    """(divert_share, defer_share) for the engine, whose remainder is cancellation.

    ``values`` (from :func:`scenario_values`) gives ``behaviour.defer_share`` and
    ``behaviour.cancel_share``; without it the scenario's own fields are used.  Shares summing
    above 1 (possible for a point of a parameter sample, each drawn over its own range) are
    scaled to sum to 1, keeping their ratio: nobody diverts.

    Examples
    --------
    >>> reaction_shares(Reactions(defer_share=0.4, cancel_share=0.1))
    (0.5, 0.4)
    >>> reaction_shares(Reactions(defer_share=0.3, cancel_share=0.3, diversion=False))
    (0.0, 0.5)
    """
    defer, cancel = (
        (r.defer_share, r.cancel_share)
        if values is None
        else (values["behaviour.defer_share"], values["behaviour.cancel_share"])
    )
    if not (0.0 <= defer <= 1.0 and 0.0 <= cancel <= 1.0):
        raise ConfigError(
            f"behaviour.defer_share ({defer:g}) and behaviour.cancel_share ({cancel:g}) must be "
            "shares in [0, 1]; change the scenario's reactions or parameters"
        )
    defer, cancel = _fit_in_one(defer, cancel)  # e.g. a sample point: nobody left to divert
    if r.diversion:
        return max(0.0, 1.0 - defer - cancel), defer
    if defer + cancel <= 0:
        raise ConfigError("with diversion off, defer_share + cancel_share must be above 0")
    return 0.0, defer / (defer + cancel)


def reaction_share_notes(values: Mapping[str, float]) -> list[str]:
    """A run note where ``behaviour.defer_share + behaviour.cancel_share`` exceed 1 (a
    ``parameters:`` override, or a sample point, over the other's value), which
    :func:`reaction_shares` scales down silently otherwise.

    Examples
    --------
    >>> reaction_share_notes({"behaviour.defer_share": 0.6, "behaviour.cancel_share": 0.62})[0][:60]
    'behaviour.defer_share (0.6) + behaviour.cancel_share (0.62) '
    >>> reaction_share_notes({"behaviour.defer_share": 0.3, "behaviour.cancel_share": 0.62})
    []
    """
    defer, cancel = values["behaviour.defer_share"], values["behaviour.cancel_share"]
    if defer + cancel <= 1.0 + 1e-12:
        return []
    used_defer, used_cancel = _fit_in_one(defer, cancel)
    return [
        f"behaviour.defer_share ({defer:g}) + behaviour.cancel_share ({cancel:g}) exceed 1: "
        f"used as {used_defer:.3g} and {used_cancel:.3g} (their ratio kept), so no driver who "
        "gives up diverts; set both to choose"
    ]


def _fit_in_one(defer: float, cancel: float) -> tuple[float, float]:
    """Defer and cancel shares scaled to sum to 1 where they exceed it (ratio kept)."""
    if defer + cancel > 1.0:
        return defer / (defer + cancel), cancel / (defer + cancel)
    return defer, cancel


def driver_reactions(r: Reactions, values: Mapping[str, float] | None = None) -> Any:
    """The engine's :class:`~borderlever.network.DriverReactions` for a scenario's ``reactions``.

    ``values`` (from :func:`scenario_values`) supplies the ``behaviour.*`` parameters, so that a
    scenario's ``parameters`` and a sweep point reach the engine; without it, the scenario's
    ``reactions`` fields alone.
    """
    from borderlever.network import VEHICLE_CLASSES, DriverReactions
    from borderlever.parameters import default

    v = (
        dict(values)
        if values is not None
        else {name: float(getattr(r, f)) for f, name in REACTION_PARAMETERS.items()}
    )
    for name in BEHAVIOUR_ONLY:
        v.setdefault(name, default(name))
    divert, defer = reaction_shares(r, v)
    # the scenario's wait limit is the longest primary wait anyone accepts: patience is a
    # lognormal with mean behaviour.patience_mean_share x the limit, truncated at the limit
    limit: dict[str, float | None] = {
        c: 60.0
        * (
            v["behaviour.passenger_max_wait_h"]
            if c in PASSENGER_PATIENCE
            else v["behaviour.truck_max_wait_h"]
        )
        for c in VEHICLE_CLASSES
    }
    share = v["behaviour.patience_mean_share"]
    return DriverReactions(
        patience_mean_min={c: share * x for c, x in limit.items() if x is not None},
        patience_max_min=limit,
        patience_cv=v["behaviour.patience_cv"],
        return_lag_min=60.0 * v.get("behaviour.return_lag_h", float(r.return_lag_h)),
        divert_share={c: 0.0 if c in NO_DETOUR else divert for c in VEHICLE_CLASSES},
        defer_share={
            c: (defer / (1.0 - divert) if divert < 1.0 else 0.0) if c in NO_DETOUR else defer
            for c in VEHICLE_CLASSES
        },
        max_detour_km={
            c: 0.0 if c in NO_DETOUR else v["behaviour.max_detour_km"] for c in VEHICLE_CLASSES
        },
        defer_delay_min=60.0 * v["behaviour.defer_delay_h"],
        forgo_elasticity=dict.fromkeys(FORGO_CLASSES, v["behaviour.forgo_cost_elasticity"]),
        forgo_trip_cost_min=60.0 * v["behaviour.forgo_trip_cost_h"],
    )


def economics_overrides(e: EconomicsSpec) -> dict[str, Any]:
    """The ``economics`` keys the user set, for :func:`borderlever.economics.with_overrides`."""
    return e.model_dump(exclude_none=True, exclude={"trade_year", "concession_value_usd"})


def econ_params(e: EconomicsSpec, values: Mapping[str, float] | None = None) -> Any:
    """The :class:`~borderlever.economics.params.EconParams` of a scenario.

    ``values`` (from :func:`scenario_values`) supplies the ``economics.*`` registry parameters;
    the scenario's other ``economics`` keys (perishable chapters, per-sector buffers, interval
    level) are laid on top.  Without ``values``, the scenario's keys over the registry defaults.
    """
    from borderlever.economics.params import (
        DEFAULT_PARAMS,
        REGISTRY_FIELDS,
        from_parameters,
        with_overrides,
    )

    if values is None:
        return with_overrides(DEFAULT_PARAMS, economics_overrides(e))
    rest = {k: v for k, v in economics_overrides(e).items() if k not in REGISTRY_FIELDS}
    return with_overrides(from_parameters(values), rest)
