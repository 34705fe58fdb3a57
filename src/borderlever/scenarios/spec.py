"""Pydantic models of a scenario file: what a user may write, with units, ranges and defaults.

Every model forbids unknown keys (a typo is an error with a did-you-mean, never silently
ignored) and is frozen.  The JSON schema in ``docs/scenario-schema.json`` is generated from
:class:`ScenarioSpec` (see :mod:`borderlever.scenarios.schema`).

References
----------
PyPSA-Eur scenario handling (strict schema, base + override):
https://github.com/PyPSA/pypsa-eur/pull/413 ; https://github.com/PyPSA/pypsa-eur/issues/1743
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from borderlever.errors import ConfigError
from borderlever.network.classes import CLASS_GROUPS as NETWORK_GROUPS
from borderlever.parameters import default
from borderlever.parameters import get as _param_entry

#: Named groups of vehicle classes a scenario may use instead of listing classes (the network's
#: groups, less ``pov``).
CLASS_GROUPS: dict[str, tuple[str, ...]] = {
    name: NETWORK_GROUPS[name] for name in ("commercial", "passenger", "trucks", "all")
}
ClassName = Literal[
    "truck_standard",
    "truck_fast",
    "pov_standard",
    "pov_ready",
    "pov_sentri",
    "pedestrian",
    "bus",
    "rail",
    "commercial",
    "passenger",
    "trucks",
    "all",
]
Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
WEEKDAYS: tuple[str, ...] = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)
Border = Literal["US-Mexico Border", "US-Canada Border"]
Direction = Literal["northbound", "southbound"]
#: Upper bound on replications: beyond it a run is almost surely a typo (hours of CPU).
MAX_REPLICATIONS = 1000
#: Upper bound on the horizon [days].
MAX_HORIZON_DAYS = 366


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PortSelection(_Strict):
    """Which ports the run simulates: the union of ``codes``, ``states`` and ``border`` (or ``all``)."""

    codes: list[str] = Field(
        default_factory=list,
        description="BTS port codes, 4 characters with leading zeros (e.g. '2304' Laredo) [-].",
    )
    states: list[str] = Field(
        default_factory=list, description="US state names as in BTS (e.g. 'Texas') [-]."
    )
    border: Border | None = Field(default=None, description="Every port on this border [-].")
    all: bool = Field(default=False, description="Every land port in the store [-].")

    @model_validator(mode="after")
    def _not_empty(self) -> PortSelection:
        if not (self.codes or self.states or self.border or self.all):
            raise ValueError("select at least one port: give codes, states, border or all: true")
        return self


class Window(_Strict):
    """When a policy applies: a span, optionally only on some weekdays and some hours of the day.

    Give the span either as calendar ``start``/``end`` (ISO date or datetime, local port time) or as
    ``start_day``/``end_day`` offsets from the scenario start [days]; not both.  ``end`` is
    exclusive: ``start_day: 0, end_day: 14`` covers the first 14 days.  With ``weekdays`` the policy
    applies only on those days (e.g. ``[saturday]`` repeats weekly); with ``hours`` only between
    those hours of each day.
    """

    start: dt.datetime | None = Field(default=None, description="First moment [ISO datetime].")
    end: dt.datetime | None = Field(default=None, description="End, exclusive [ISO datetime].")
    start_day: float | None = Field(
        default=None, ge=0, description="Start as an offset from the scenario start [days]."
    )
    end_day: float | None = Field(
        default=None, gt=0, description="End as an offset from the scenario start [days]."
    )
    weekdays: list[Weekday] | None = Field(
        default=None, description="Apply only on these weekdays (weekly repeat) [-]."
    )
    hours: tuple[float, float] | None = Field(
        default=None, description="Apply only between these hours of each day, [from, to) [h]."
    )

    @model_validator(mode="after")
    def _one_form(self) -> Window:
        calendar = self.start is not None or self.end is not None
        offsets = self.start_day is not None or self.end_day is not None
        if calendar and offsets:
            raise ValueError("give either start/end (dates) or start_day/end_day, not both")
        if self.start is not None and self.end is not None and self.end <= self.start:
            raise ValueError(f"end {self.end} is not after start {self.start}")
        if (
            self.start_day is not None
            and self.end_day is not None
            and self.end_day <= self.start_day
        ):
            raise ValueError(f"end_day {self.end_day} is not after start_day {self.start_day}")
        if self.hours is not None:
            lo, hi = self.hours
            if not (0 <= lo < hi <= 24):
                raise ValueError(f"hours must satisfy 0 <= from < to <= 24, got {list(self.hours)}")
        return self


def _all_classes() -> list[ClassName]:
    return ["all"]


class _PolicyBase(_Strict):
    window: Window = Field(
        default_factory=Window, description="When the policy applies (default: whole horizon)."
    )
    ports: list[str] | None = Field(
        default=None,
        description="Port codes it applies to (default: every selected port) [-].",
    )
    classes: list[ClassName] = Field(
        default_factory=_all_classes,
        description="Vehicle classes or groups (commercial, passenger, trucks, all) [-].",
    )
    note: str = Field(default="", description="Free text: the source of this policy's numbers.")
    directions: list[Direction] | None = Field(
        default=None,
        description="Directions of travel the policy stops or slows [-]: northbound (into the "
        "US), southbound (US exports).  Default: both for a closure, northbound for the "
        "inspection-side policies (lane_cut, hours_cut, officer_reassignment, "
        "enhanced_inspection), which act on inbound processing.",
    )


class ClosureParams(_Strict):
    """A closure has no parameters: the listed classes cannot cross during the window."""


class LaneCutParams(_Strict):
    lanes_removed_share: float = Field(
        gt=0, le=1, description="Share of primary lanes closed during the window [0-1]."
    )


class HoursCutParams(_Strict):
    open_hours: tuple[int, int] = Field(
        description="The only hours the port stays open each day, [from, to) [h of day, 0-24]."
    )

    @model_validator(mode="after")
    def _order(self) -> HoursCutParams:
        lo, hi = self.open_hours
        if not (0 <= lo < hi <= 24):
            raise ValueError(
                f"open_hours must satisfy 0 <= from < to <= 24, got {list(self.open_hours)}"
            )
        return self


class OfficerReassignmentParams(_Strict):
    officers_removed: int | None = Field(
        default=None,
        ge=1,
        description="CBP officers moved away from each listed port [officers]; taken against "
        "the port's officer force (network/officer_force.csv): passenger lanes and nights first, "
        "commercial peak hours last, never a whole class or port closed.",
    )
    officers_removed_share: float | None = Field(
        default=None, gt=0, le=1, description="Share of each port's officers moved away [0-1]."
    )

    @model_validator(mode="after")
    def _one_of(self) -> OfficerReassignmentParams:
        if (self.officers_removed is None) == (self.officers_removed_share is None):
            raise ValueError("give exactly one of officers_removed or officers_removed_share")
        return self


class EnhancedInspectionParams(_Strict):
    extra_inspection_min: float = Field(
        gt=0, le=24 * 60, description="Mean extra inspection time per inspected vehicle [min]."
    )
    share_inspected: float = Field(
        default=1.0,
        gt=0,
        le=1,
        description="Share of vehicles of the listed classes inspected [0-1].",
    )
    stations: int = Field(
        ge=1,
        le=1000,
        description="Parallel inspection stations (bays) of the added step at each port [stations].",
    )
    lot_spaces: Annotated[int, Field(ge=1)] | Literal["unbounded"] | None = Field(
        default=None,
        description=(
            "Vehicles that fit in the line between the federal exit and the added step at each "
            "port [vehicles]; a vehicle that finds it full holds its federal booth (or secondary "
            "bay) until a place frees, so the added step's rate bounds the federal throughput. "
            "Omitted: the registry's staffing.added_stage_lot_vehicles (30, range 10-60). "
            "'unbounded': the added step never slows the federal booths."
        ),
    )


class ClosurePolicy(_PolicyBase):
    """Close the listed ports to the listed classes."""

    kind: Literal["closure"]
    parameters: ClosureParams = Field(default_factory=ClosureParams)


class LaneCutPolicy(_PolicyBase):
    """Close a share of the primary lanes."""

    kind: Literal["lane_cut"]
    parameters: LaneCutParams


class HoursCutPolicy(_PolicyBase):
    """Shorten the opening hours."""

    kind: Literal["hours_cut"]
    parameters: HoursCutParams


class OfficerReassignmentPolicy(_PolicyBase):
    """Move officers away: fewer staffed lanes."""

    kind: Literal["officer_reassignment"]
    parameters: OfficerReassignmentParams


class EnhancedInspectionPolicy(_PolicyBase):
    """Add an inspection step (e.g. state police after the federal inspection)."""

    kind: Literal["enhanced_inspection"]
    parameters: EnhancedInspectionParams


from borderlever.scenarios.levers import TariffPolicy, ThreatSpec  # noqa: E402

PolicySpec = Annotated[
    ClosurePolicy
    | LaneCutPolicy
    | HoursCutPolicy
    | OfficerReassignmentPolicy
    | EnhancedInspectionPolicy
    | TariffPolicy,
    Field(discriminator="kind"),
]
#: Policy kinds that act at the border (simulated); the others (``tariff``) are priced directly.
BORDER_KINDS: tuple[str, ...] = (
    "closure",
    "lane_cut",
    "hours_cut",
    "officer_reassignment",
    "enhanced_inspection",
)


class Reactions(_Strict):
    """How drivers react when the queue is too long or the port is closed.

    ``max_wait_h`` (trucks, buses, rail) and ``passenger_max_wait_h`` (cars, pedestrians) are the
    longest primary wait anyone accepts: drivers' patience is lognormal with mean
    ``behaviour.patience_mean_share`` x that limit (parameter registry), truncated at it.  A
    driver whose wait would exceed the patience leaves the queue: a share ``defer_share`` comes
    back later (after a closure, once the port reopens), ``cancel_share`` gives up, and the rest
    diverts to another port within ``max_detour_km`` when ``diversion`` is on; a returning
    driver may give up again (the shares apply at every attempt).  With diversion off (or no
    port within reach) the rest defers or cancels in the ratio of the two shares.  Every
    default is a ``behaviour.*`` row of the parameter registry (source, range, what it was
    fitted on).
    """

    max_wait_h: float = Field(
        default_factory=lambda: default("behaviour.truck_max_wait_h"),
        gt=0,
        le=240,
        description="Longest primary wait a truck, bus or train driver accepts [h]; patience is "
        "truncated here (default behaviour.truck_max_wait_h).",
    )
    passenger_max_wait_h: float = Field(
        default_factory=lambda: default("behaviour.passenger_max_wait_h"),
        gt=0,
        le=240,
        description="Longest primary wait a car driver or pedestrian accepts [h] (default "
        "behaviour.passenger_max_wait_h).",
    )
    defer_share: float = Field(
        default_factory=lambda: default("behaviour.defer_share"),
        ge=0,
        le=1,
        description="Share of reacting drivers who come back later, per attempt [0-1] (default "
        "behaviour.defer_share, fitted on BTS make-up after past disruptions).",
    )
    cancel_share: float = Field(
        default_factory=lambda: default("behaviour.cancel_share"),
        ge=0,
        le=1,
        description="Share of reacting drivers who cancel the trip, per attempt [0-1] (default "
        "behaviour.cancel_share).",
    )
    diversion: bool = Field(
        default=True, description="Whether the other reacting drivers divert to another port."
    )
    max_detour_km: float = Field(
        default_factory=lambda: default("behaviour.max_detour_km"),
        ge=0,
        le=3000,
        description="Farthest alternative port a driver uses [km road].",
    )
    defer_delay_h: float = Field(
        default_factory=lambda: default("behaviour.defer_delay_h"),
        gt=0,
        le=24 * 30,
        description="How much later a deferring driver tries again [h].",
    )
    return_lag_h: float = Field(
        default_factory=lambda: default("behaviour.return_lag_h"),
        ge=0,
        le=24 * 30,
        description="Mean lag after a closed port reopens before deferred drivers return [h].",
    )

    @model_validator(mode="after")
    def _shares(self) -> Reactions:
        if self.defer_share + self.cancel_share > 1 + 1e-12:
            unset = [f for f in ("defer_share", "cancel_share") if f not in self.model_fields_set]
            hint = (
                f"; {unset[0]} was not given and took the registry's "
                f"{getattr(self, unset[0]):g} (behaviour.{unset[0]}): set it too"
                if len(unset) == 1
                else ""
            )
            raise ValueError(
                f"defer_share + cancel_share = {self.defer_share + self.cancel_share:g} "
                f"exceeds 1{hint}"
            )
        if not self.diversion and self.defer_share + self.cancel_share <= 0:
            raise ValueError("with diversion off, defer_share + cancel_share must be above 0")
        return self


class EconomicsSpec(_Strict):
    """Overrides of the economics parameters (unset = the economics package's documented default).

    The names mirror :class:`borderlever.economics.params.EconParams`, whose docs give each default
    and its source; unset keys are not passed on.
    """

    @model_validator(mode="before")
    @classmethod
    def _superseded(cls, data: Any) -> Any:
        """The first wave's single perishable keys: say what replaced them."""
        old = ("perishable_shelf_days", "perishable_spoil_share", "perishable_hs2")
        found = [k for k in old if isinstance(data, dict) and k in data]
        if found:
            raise ValueError(
                f"{', '.join(found)}: replaced by per-group parameters "
                "economics.perishable.<group>.shelf_days / .spoil_share (groups fresh_produce, "
                "chilled_meat_fish, dairy, cut_flowers, frozen); set them under parameters:"
            )
        return data

    trade_year: int | None = Field(
        default=None, ge=1990, le=2100, description="Year of the trade values at stake [year]."
    )
    truck_cost_usd_per_h: float | None = Field(
        default=None, ge=0, le=1000, description="Truck operating cost per hour waiting [USD/h]."
    )
    holding_rate_per_year: float | None = Field(
        default=None, ge=0, le=1, description="Cargo holding cost [share of value per year]."
    )
    southbound_loaded_per_northbound_loaded: float | None = Field(
        default=None, ge=0, le=10, description="Southbound per northbound loaded trucks [ratio]."
    )
    carrier_share_neighbour_mex: float | None = Field(
        default=None, ge=0, le=1, description="Truck waiting cost borne by Mexican carriers [0-1]."
    )
    carrier_share_neighbour_can: float | None = Field(
        default=None, ge=0, le=1, description="Truck waiting cost borne by Canadian carriers [0-1]."
    )
    holding_share_importer: float | None = Field(
        default=None, ge=0, le=1, description="Cargo holding cost borne by the importer [0-1]."
    )
    spoilage_share_exporter: float | None = Field(
        default=None, ge=0, le=1, description="Spoilage borne by the exporter [0-1]."
    )
    inventory_buffer_days: float | None = Field(
        default=None, ge=0, le=365, description="Days of cross-border inputs importers hold [days]."
    )
    buffer_days_by_sector: dict[str, float] | None = Field(
        default=None, description="Per-sector (WIOD c1..c35) inventory buffers [days]."
    )
    interval_level: float | None = Field(
        default=None, ge=0.5, le=0.999, description="Coverage of reported intervals [probability]."
    )
    concession_value_usd: float | dict[str, float] | None = Field(
        default=None,
        description="Value of the demanded concession to each side (one number for every side, "
        "or ISO3 -> value) [USD]: the report gives the days each side could bear the lever "
        "before its cost reaches it.",
    )


class ScenarioSpec(_Strict):
    """One scenario file, as written (before ``base`` is merged in)."""

    name: str = Field(
        pattern=r"^[a-z0-9][a-z0-9._-]*$",
        max_length=80,
        description="Scenario name: lower-case letters, digits, '.', '_', '-' [-].",
    )
    description: str = Field(description="What the scenario is and the sources of its numbers.")
    base: str | None = Field(
        default=None, description="Name of a scenario this one inherits from (state only changes)."
    )
    start: dt.date = Field(description="First day of the horizon, local port time [ISO date].")
    horizon_days: int = Field(
        ge=1, le=MAX_HORIZON_DAYS, description="Length of the simulated period [days]."
    )
    replications: int = Field(
        default=4, ge=1, le=MAX_REPLICATIONS, description="Independent replications [runs]."
    )
    seed: int = Field(default=20250101, ge=0, description="Master seed of all random streams [-].")
    ports: PortSelection = Field(description="Which ports the run simulates.")
    policies: list[PolicySpec] = Field(
        default_factory=list, description="The policies, applied in order."
    )
    reactions: Reactions = Field(default_factory=Reactions, description="Driver reactions.")
    economics: EconomicsSpec = Field(
        default_factory=EconomicsSpec, description="Economics parameter overrides."
    )
    parameters: dict[str, float] = Field(
        default_factory=dict,
        description=(
            "Overrides of any parameter of the registry by its dotted name (see `borderlever "
            "params`), e.g. {economics.truck_cost_usd_per_h: 80} [the parameter's unit]."
        ),
    )

    @field_validator("parameters")
    @classmethod
    def _known_parameters(cls, value: dict[str, float]) -> dict[str, float]:
        for name in value:
            try:
                _param_entry(name)
            except ConfigError as exc:
                raise ValueError(str(exc)) from None
        return value

    threat: ThreatSpec | None = Field(
        default=None,
        description="A coercive threat with a deadline: the run adds the standoff model's "
        "answer (who concedes, when; docs/standoff.md).",
    )

    def border_policies(self) -> list[PolicySpec]:
        """The policies that act at the border (simulated), in order."""
        return [p for p in self.policies if p.kind in BORDER_KINDS]

    def tariff_policies(self) -> list[TariffPolicy]:
        """The ``kind: tariff`` policies (priced from trade flows, never simulated)."""
        return [p for p in self.policies if isinstance(p, TariffPolicy)]
