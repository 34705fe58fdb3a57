"""Economic parameters: one frozen, validated object; every number named, with its source.

The runner maps a scenario's ``economics:`` overrides onto :class:`EconParams` with
:func:`with_overrides`; an unknown key or an out-of-range value raises
:class:`~borderlever.errors.ConfigError` naming the field.

Money is in current US dollars of the trade data's year (TransBorder values are current customs
values); the ATRI truck cost is in 2023 dollars and is not deflated (a difference of a few per cent
against 2023 trade, stated in ``docs/economics.md``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from borderlever import parameters as _registry
from borderlever.economics.passengers import PassengerParams
from borderlever.economics.perishables import PerishableTable
from borderlever.errors import ConfigError

#: First-wave keys replaced by the per-group perishable parameters (``economics.perishable.*``).
SUPERSEDED: dict[str, str] = {
    "perishable_shelf_days": "economics.perishable.<group>.shelf_days",
    "perishable_spoil_share": "economics.perishable.<group>.spoil_share",
    "perishable_hs2": "the groups of borderlever.economics.perishables (HS 02-04, 06-08)",
}

#: Hard bounds [low, high] a value must lie in to make sense at all (not the plausible range: that,
#: the default, unit, source and confidence of each parameter live in the parameter registry,
#: ``borderlever/parameters/registry.csv``, as ``economics.<name>``).
ALLOWED_RANGE: dict[str, tuple[float, float]] = {
    "truck_cost_usd_per_h": (0.0, 1_000.0),
    "holding_rate_per_year": (0.0, 1.0),
    "southbound_loaded_per_northbound_loaded": (0.0, 10.0),
    "carrier_share_neighbour_mex": (0.0, 1.0),
    "carrier_share_neighbour_can": (0.0, 1.0),
    "holding_share_importer": (0.0, 1.0),
    "spoilage_share_exporter": (0.0, 1.0),
    "inventory_buffer_days": (0.0, 365.0),
}
#: Names of the registry-backed fields (``economics.<name>`` in the registry).
REGISTRY_FIELDS: tuple[str, ...] = tuple(ALLOWED_RANGE)
#: Each parameter: (allowed low, allowed high, unit, source), the unit and source read from the
#: registry; ``interval_level`` is a reporting convention, not a model assumption.
PARAMETER_INFO: dict[str, tuple[float, float, str, str]] = {
    **{
        name: (
            lo,
            hi,
            _registry.get(f"economics.{name}").unit,
            _registry.get(f"economics.{name}").source,
        )
        for name, (lo, hi) in ALLOWED_RANGE.items()
    },
    "interval_level": (0.5, 0.999, "probability", "convention: 95 % intervals"),
}


def _d(name: str) -> float:
    """Registry default of ``economics.<name>``."""
    return _registry.default(f"economics.{name}")


@dataclass(frozen=True)
class EconParams:
    """All economic parameters, validated on construction.

    Parameters
    ----------
    truck_cost_usd_per_h : float
        Truck operating cost per hour of waiting [USD/h, 2023 USD].
    holding_rate_per_year : float
        Cargo holding (inventory carrying) cost [share of value per year].
    southbound_loaded_per_northbound_loaded : float
        Southbound loaded trucks per northbound loaded truck [ratio].
    carrier_share_neighbour_mex, carrier_share_neighbour_can : float
        Share of truck waiting cost borne by the neighbour's carriers [0-1]; the rest by US carriers.
    holding_share_importer : float
        Share of cargo holding cost borne by the importer [0-1]; the rest by the exporter.
    spoilage_share_exporter : float
        Share of spoilage borne by the exporter [0-1]; the rest by the importer.
    inventory_buffer_days : float
        Days of cross-border inputs the importing sectors hold [days].
    buffer_days_by_sector : mapping of str to float
        Per WIOD sector (``c1`` .. ``c35``) overrides of ``inventory_buffer_days`` [days].
    interval_level : float
        Coverage of the reported intervals [probability].
    perishables : PerishableTable, optional
        Shelf times and spoil shares per HS chapter (``economics.perishable.*`` of one run's
        resolved parameters); None: the registry defaults.
    passengers : PassengerParams, optional
        Passenger-trip prices (``economics.passenger.*``); None: the registry defaults.

    References
    ----------
    Defaults, plausible ranges and sources: the parameter registry (``borderlever params --group
    economics``) and ``docs/economics.md``.

    Examples
    --------
    >>> p = EconParams()
    >>> p.truck_cost_usd_per_h
    91.27
    >>> with_overrides(p, {"holding_rate_per_year": 0.2}).holding_rate_per_year
    0.2
    """

    truck_cost_usd_per_h: float = _d("truck_cost_usd_per_h")
    holding_rate_per_year: float = _d("holding_rate_per_year")
    southbound_loaded_per_northbound_loaded: float = _d("southbound_loaded_per_northbound_loaded")
    carrier_share_neighbour_mex: float = _d("carrier_share_neighbour_mex")
    carrier_share_neighbour_can: float = _d("carrier_share_neighbour_can")
    holding_share_importer: float = _d("holding_share_importer")
    spoilage_share_exporter: float = _d("spoilage_share_exporter")
    inventory_buffer_days: float = _d("inventory_buffer_days")
    buffer_days_by_sector: Mapping[str, float] = field(default_factory=dict)
    interval_level: float = 0.95
    perishables: PerishableTable | None = None
    passengers: PassengerParams | None = None

    def __post_init__(self) -> None:
        for name, (low, high, unit, _src) in PARAMETER_INFO.items():  # hard bounds only
            _check_range(f"economics.{name}", getattr(self, name), low, high, unit)
        for sector, days in dict(self.buffer_days_by_sector).items():
            _check_range(f"economics.buffer_days_by_sector.{sector}", days, 0.0, 365.0, "days")
        object.__setattr__(self, "buffer_days_by_sector", dict(self.buffer_days_by_sector))

    def carrier_share_neighbour(self, neighbour: str) -> float:
        """Share of truck waiting cost borne by the neighbour's carriers (``'MEX'`` or ``'CAN'``)."""
        if neighbour == "MEX":
            return self.carrier_share_neighbour_mex
        if neighbour == "CAN":
            return self.carrier_share_neighbour_can
        raise ConfigError(f"neighbour country {neighbour!r} not in ['MEX', 'CAN']")

    def buffer_days(self, sector: str) -> float:
        """Inventory buffer of a WIOD sector [days]."""
        return float(self.buffer_days_by_sector.get(sector, self.inventory_buffer_days))


def _check_range(name: str, value: Any, low: float, high: float, unit: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigError(f"{name}: {value!r} is not a number (allowed {low}..{high} {unit})")
    if not (low <= float(value) <= high):
        raise ConfigError(f"{name}: {value!r} is outside the allowed range {low}..{high} [{unit}]")


DEFAULT_PARAMS = EconParams()


def with_overrides(params: EconParams, overrides: Mapping[str, Any] | None) -> EconParams:
    """Return ``params`` with the scenario's ``economics`` overrides applied (validated).

    Raises
    ------
    ConfigError
        For an unknown key (with the allowed keys) or an out-of-range value (naming the field).
    """
    if not overrides:
        return params
    old = [k for k in overrides if k in SUPERSEDED]
    if old:
        raise ConfigError(
            "; ".join(f"economics.{k} was replaced by {SUPERSEDED[k]}" for k in old)
            + " (set those under the scenario's parameters:, see `borderlever params`)"
        )
    known = [f.name for f in dataclasses.fields(EconParams)]
    unknown = [k for k in overrides if k not in known]
    if unknown:
        import difflib

        hints = {k: difflib.get_close_matches(k, known, n=1) for k in unknown}
        msg = "; ".join(
            f"economics.{k} is not a parameter" + (f" (did you mean {h[0]!r}?)" if h else "")
            for k, h in hints.items()
        )
        raise ConfigError(f"{msg}. Allowed: {', '.join(known)}")
    return dataclasses.replace(params, **dict(overrides))


def from_parameters(values: Mapping[str, float], base: EconParams | None = None) -> EconParams:
    """``base`` (default :data:`DEFAULT_PARAMS`) with every ``economics.<field>`` of ``values``.

    ``values`` is one run's parameter mapping (:func:`borderlever.parameters.resolve`); keys of
    other groups are ignored.

    Examples
    --------
    >>> from_parameters({"economics.truck_cost_usd_per_h": 80.0}).truck_cost_usd_per_h
    80.0
    """
    fields: dict[str, Any] = {
        name: float(values[f"economics.{name}"])
        for name in REGISTRY_FIELDS
        if f"economics.{name}" in values
    }
    # the perishable groups and passenger prices of this run (registry defaults where absent)
    full = {**_registry.resolve(), **dict(values)}
    fields["perishables"] = PerishableTable.from_parameters(full)
    fields["passengers"] = PassengerParams.from_parameters(full)
    return dataclasses.replace(base if base is not None else DEFAULT_PARAMS, **fields)
