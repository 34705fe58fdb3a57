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
                            added_stage_servers)``
==========================  ====================================================================

A window that repeats (weekdays, hours) becomes one engine object per span.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from borderlever.scenarios.resolve import ResolvedPolicy, ResolvedScenario
from borderlever.scenarios.spec import EconomicsSpec, Reactions

#: Classes whose patience is ``Reactions.passenger_max_wait_h`` (others: ``max_wait_h``).
PASSENGER_PATIENCE = ("pov_standard", "pov_ready", "pov_sentri", "pedestrian")
#: Classes that cannot divert by road to another port (walkers, trains on fixed track).
NO_DETOUR = ("pedestrian", "rail")


def _closure(p: ResolvedPolicy, common: dict[str, Any]) -> Any:
    from borderlever.network.policies import Closure
    from borderlever.parameters import default

    return Closure(**common, surge_h=default("staffing.post_closure_surge_h"))


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


def _inspection(p: ResolvedPolicy, common: dict[str, Any]) -> Any:
    from borderlever.network.policies import EnhancedInspection

    return EnhancedInspection(
        **common,
        added_stage_share=float(p.parameters["share_inspected"]),
        added_stage_mean_min=float(p.parameters["extra_inspection_min"]),
        added_stage_servers=int(p.parameters["stations"]),
    )


#: Policy kind -> builder of one engine object for one span.
POLICY_BUILDERS: dict[str, Callable[[ResolvedPolicy, dict[str, Any]], Any]] = {
    "closure": _closure,
    "lane_cut": _lane_cut,
    "hours_cut": _hours_cut,
    "officer_reassignment": _officers,
    "enhanced_inspection": _inspection,
}


def sim_policies(resolved: ResolvedScenario) -> list[Any]:
    """The engine's policy objects, in scenario order, one per window span."""
    out = []
    for pol in resolved.policies:
        for start, end in pol.intervals_min:
            common = {
                "start_min": float(start),
                "end_min": float(end),
                "ports": tuple(pol.port_codes),
                "classes": tuple(pol.vehicle_classes),
            }
            out.append(POLICY_BUILDERS[pol.kind](pol, common))
    return out


def reaction_shares(r: Reactions) -> tuple[float, float]:
    """(divert_share, defer_share) for the engine, whose remainder is cancellation.

    Examples
    --------
    >>> reaction_shares(Reactions(defer_share=0.4, cancel_share=0.1))
    (0.5, 0.4)
    >>> reaction_shares(Reactions(defer_share=0.3, cancel_share=0.3, diversion=False))
    (0.0, 0.5)
    """
    if r.diversion:
        return max(0.0, 1.0 - r.defer_share - r.cancel_share), r.defer_share
    return 0.0, r.defer_share / (r.defer_share + r.cancel_share)


def driver_reactions(r: Reactions) -> Any:
    """The engine's :class:`~borderlever.network.DriverReactions` for a scenario's ``reactions``."""
    from borderlever.network import VEHICLE_CLASSES, DriverReactions
    from borderlever.parameters import default

    divert, defer = reaction_shares(r)
    limit: dict[str, float | None] = {
        c: 60.0 * (r.passenger_max_wait_h if c in PASSENGER_PATIENCE else r.max_wait_h)
        for c in VEHICLE_CLASSES
    }
    share = default("behaviour.patience_mean_share")
    return DriverReactions(
        patience_mean_min={c: share * v for c, v in limit.items() if v is not None},
        patience_max_min=limit,
        patience_cv=default("behaviour.patience_cv"),
        return_lag_min=60.0 * r.return_lag_h,
        divert_share={c: 0.0 if c in NO_DETOUR else divert for c in VEHICLE_CLASSES},
        defer_share={
            c: (defer / (1.0 - divert) if divert < 1.0 else 0.0) if c in NO_DETOUR else defer
            for c in VEHICLE_CLASSES
        },
        max_detour_km={c: 0.0 if c in NO_DETOUR else r.max_detour_km for c in VEHICLE_CLASSES},
        defer_delay_min=60.0 * r.defer_delay_h,
    )


def economics_overrides(e: EconomicsSpec) -> dict[str, Any]:
    """The ``economics`` keys the user set, for :func:`borderlever.economics.with_overrides`."""
    values = e.model_dump(exclude_none=True, exclude={"trade_year"})
    if "perishable_hs2" in values:
        values["perishable_hs2"] = tuple(values["perishable_hs2"])
    return values


def econ_params(e: EconomicsSpec) -> Any:
    """The :class:`~borderlever.economics.params.EconParams` of a scenario."""
    from borderlever.economics.params import DEFAULT_PARAMS, with_overrides

    return with_overrides(DEFAULT_PARAMS, economics_overrides(e))
