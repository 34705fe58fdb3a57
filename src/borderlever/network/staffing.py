"""Officer staffing: each port's officer force and how a port absorbs an officer cut.

Officer force.  ``officer_force.csv`` holds published officer counts per CBP field office (with
a range and the source); a port's force is its field office's count shared among the office's
ports in proportion to their staffed primary booth-hours (the office staffs where the work is).
A port in no listed field office gets the median officers per booth-hour of the listed offices
(``officer_force_origin`` says ``estimated``).

Officer cuts.  Moving officers away removes the same share of the port's staffed primary
booth-hours in the window (officers removed / officer force), taken in the order CBP field
offices describe under staff cuts (2019: "passenger lanes closed", cargo kept, FAST kept;
Laredo Field Office briefing, ``officer_force.csv`` sources): passenger lanes at night first, then
passenger lanes by day, then commercial lanes off-peak, commercial peak hours (11:00-19:00,
the truck profile's peak) last.  Every class-hour that was open keeps at least one booth: an
officer cut never closes a port or a class (a closure is its own policy).  A lane closure
(:class:`~borderlever.network.policies.LaneCut`) is a different lever: it removes physical lanes
whatever the staffing.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from io import StringIO

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from borderlever.errors import ConfigError
from borderlever.network.classes import CLASS_GROUPS

#: Night hours for the cut order: booths at these clock hours go first [h, local].
NIGHT_HOURS = (22, 6)
#: Commercial peak hours, protected longest [h, local] (truck profile peak 1-7 p.m.).
COMMERCIAL_PEAK_HOURS = (11, 19)
OFFICER_FORCE_COLUMNS = (
    "field_office",
    "port_codes",
    "officers",
    "officers_low",
    "officers_high",
    "confidence",
    "source",
)


def read_officer_force() -> pd.DataFrame:
    """The bundled ``officer_force.csv`` (one row per field office; ``port_codes`` space-separated).

    Examples
    --------
    >>> int(read_officer_force().set_index("field_office").loc["Laredo", "officers"])
    1700
    """
    text = resources.files("borderlever.network").joinpath("officer_force.csv").read_text("utf-8")
    df = pd.read_csv(StringIO(text), dtype={"port_codes": str})
    missing = [c for c in OFFICER_FORCE_COLUMNS if c not in df.columns]
    if missing:
        raise ConfigError(f"officer_force.csv: missing column(s) {missing}")
    bad = df[(df["officers_low"] > df["officers"]) | (df["officers"] > df["officers_high"])]
    if len(bad) or (df["officers"] <= 0).any():
        raise ConfigError("officer_force.csv: need 0 < officers_low <= officers <= officers_high")
    return df


def port_officer_force(
    port_codes: tuple[str, ...] | list[str],
    booth_hours: NDArray[np.float64],
    table: pd.DataFrame | None = None,
) -> tuple[NDArray[np.float64], NDArray[np.str_]]:
    """Officers (headcount) of each port and where the figure comes from.

    Parameters
    ----------
    port_codes : sequence of str
    booth_hours : array (P,)  [booth-hours/week]
        Staffed primary booth-hours of each port in a normal week (all classes).
    table : DataFrame, optional
        Replacement for ``officer_force.csv``.

    Returns
    -------
    force : array (P,)  [officers]
    origin : array (P,) of str
        ``'field office'`` (published office count shared by booth-hours) or ``'estimated'``.

    Examples
    --------
    >>> f, o = port_officer_force(["2304", "2305", "3801"], np.array([3000.0, 1000.0, 400.0]))
    >>> [round(x) for x in f], o.tolist()
    ([1275, 425, 170], ['field office', 'field office', 'estimated'])
    """
    tab = read_officer_force() if table is None else table
    codes = [str(c) for c in port_codes]
    bh = np.asarray(booth_hours, float)
    force = np.full(len(codes), np.nan)
    origin = np.full(len(codes), "estimated", dtype="<U12")
    ratios = []
    for officers, ports in tab[["officers", "port_codes"]].itertuples(index=False):
        members = [i for i, c in enumerate(codes) if c in str(ports).split()]
        total = bh[members].sum() if members else 0.0
        if total <= 0:
            continue
        force[members] = float(officers) * bh[members] / total
        origin[members] = "field office"
        ratios.append(float(officers) / total)
    ratio = float(np.median(ratios)) if ratios else float("nan")
    rest = np.isnan(force)
    force[rest] = ratio * bh[rest]
    return force, origin


@dataclass(frozen=True)
class CutResult:
    """What an officer cut did at one port: new booths and the booth-hours asked and removed."""

    servers: NDArray[np.int32]
    asked_booth_h: float
    removed_booth_h: float


def _tiers(classes: tuple[str, ...], hod: NDArray[np.int64]) -> list[NDArray[np.bool_]]:
    """(C, H) masks in cut order: passenger night, passenger day, commercial off-peak, peak."""
    passenger = np.array([c in CLASS_GROUPS["passenger"] for c in classes])[:, None]
    n0, n1 = NIGHT_HOURS
    p0, p1 = COMMERCIAL_PEAK_HOURS
    night = ((hod >= n0) | (hod < n1))[None, :]
    peak = ((hod >= p0) & (hod < p1))[None, :]
    return [passenger & night, passenger & ~night, ~passenger & ~peak, ~passenger & peak]


def officer_cut(
    servers: NDArray[np.int32], classes: tuple[str, ...], hod: NDArray[np.int64], share: float
) -> CutResult:
    """Remove ``share`` of the booth-hours in ``servers`` (C, H) in the documented order.

    Within a tier the cut is spread over its class-hours in proportion to the booths each can
    lose (largest remainder), never below one booth in a class-hour that was open.

    Examples
    --------
    >>> s = np.array([[4, 4, 4, 4], [2, 2, 2, 2]], dtype=np.int32)   # pov, trucks
    >>> r = officer_cut(s, ("pov_standard", "truck_standard"), np.array([2, 8, 14, 23]), 0.25)
    >>> r.servers.tolist(), r.removed_booth_h
    ([[1, 4, 4, 1], [2, 2, 2, 2]], 6.0)
    >>> int(officer_cut(s, ("pov_standard", "truck_standard"), np.array([2, 8, 14, 23]), 1.0).servers.min())
    1
    """
    if not 0.0 <= share <= 1.0:
        raise ConfigError(f"officer cut share = {share}: must lie in [0, 1]")
    out = np.asarray(servers, np.int64).copy()
    asked = float(np.rint(share * out.sum()))
    left = int(asked)
    for tier in _tiers(classes, np.asarray(hod)):
        if left <= 0:
            break
        room = np.where(tier, np.maximum(out - 1, 0), 0)
        cap = int(room.sum())
        if cap == 0:
            continue
        take = min(left, cap)
        flat = room.ravel().astype(float)
        cut = _largest_remainder(flat * take / cap, take).reshape(out.shape)
        out -= cut
        left -= take
    return CutResult(out.astype(np.int32), asked, asked - max(left, 0))


def _largest_remainder(quota: NDArray[np.float64], total: int) -> NDArray[np.int64]:
    """Integers summing to ``total`` closest to ``quota`` (Hamilton's method), ties to the first."""
    base = np.floor(quota + 1e-12).astype(np.int64)
    order = np.argsort(-(quota - base), kind="stable")
    base[order[: total - int(base.sum())]] += 1
    return base


#: Registry rows of :class:`StaffingParams` (field -> parameter name).
STAFFING_PARAMETERS: dict[str, str] = {
    "truck_peak_utilisation": "staffing.truck_peak_utilisation",
    "passenger_peak_utilisation": "staffing.passenger_peak_utilisation",
    "booth_headroom": "staffing.booth_headroom",
    "closing_clearance_h": "staffing.closing_clearance_h",
    "elastic_trigger_min": "staffing.elastic_trigger_min",
    "elastic_budget_share": "staffing.elastic_budget_share",
    "upstream_truck_min": "staffing.upstream_truck_min",
    "upstream_pov_min": "staffing.upstream_pov_min",
    "upstream_sentri_min": "staffing.upstream_sentri_min",
    "upstream_pedestrian_min": "staffing.upstream_pedestrian_min",
    "secondary_lot_spaces_per_bay": "staffing.secondary_lot_spaces_per_bay",
    "post_closure_surge_h": "staffing.post_closure_surge_h",
}
#: Classes staffed at ``truck_peak_utilisation`` / ``passenger_peak_utilisation`` (the others,
#: bus and rail, at their ``class_defaults.csv`` target utilisation).
TRUCK_STAFFED = ("truck_standard", "truck_fast")
PASSENGER_STAFFED = ("pov_standard", "pov_ready", "pov_sentri", "pedestrian")
#: Classes that pass the upstream delay stage, and the field holding its length.
UPSTREAM_FIELD = {
    "truck_standard": "upstream_truck_min",
    "pov_standard": "upstream_pov_min",
    "pov_ready": "upstream_pov_min",
    "pov_sentri": "upstream_sentri_min",
    "pedestrian": "upstream_pedestrian_min",
}
#: The border whose normal waits the upstream delays were fitted on (northern ports: none).
UPSTREAM_BORDER = "US-Mexico Border"


@dataclass(frozen=True)
class StaffingParams:
    """How ports staff their booths, from one run's parameter values (``staffing.*`` rows).

    Attributes
    ----------
    truck_peak_utilisation, passenger_peak_utilisation : float  [share]
        Load of the staffed booths in each normal hour: booths staffed in hour ``h`` =
        ``ceil(lambda_h * s / rho)`` (at least 1 while open), at most the physical booths.
    booth_headroom : float  [physical booths per staffed booth]
        Physical booths where none is published: the busiest hour's staffed booths x this.
    closing_clearance_h : float  [h]
        Hours after closing during which the closing hour's booths stay staffed for the line.
    elastic_trigger_min : float  [min]
        An arriving vehicle whose primary wait would exceed this opens another booth (inf: off).
    elastic_budget_share : float  [share]
        The day's extra booth-hours at most, as a share of its scheduled booth-hours.
    upstream_truck_min, upstream_pov_min, upstream_sentri_min, upstream_pedestrian_min : float
        Fixed delay [min] before the CBP queue at US-Mexico ports (standard trucks; standard
        and Ready-lane cars; SENTRI cars; pedestrians), fitted in-sample on normal waits.
    secondary_lot_spaces_per_bay : float  [vehicles per bay]
        Bound of the secondary queue (bays x this).
    post_closure_surge_h : float  [h]
        Hours after a closure during which every physical booth is staffed.

    Examples
    --------
    >>> p = StaffingParams.from_values({"staffing.elastic_trigger_min": 45.0})
    >>> p.elastic_trigger_min, p.truck_peak_utilisation
    (45.0, 0.8)
    """

    truck_peak_utilisation: float
    passenger_peak_utilisation: float
    booth_headroom: float
    closing_clearance_h: float
    elastic_trigger_min: float
    elastic_budget_share: float
    upstream_truck_min: float
    upstream_pov_min: float
    upstream_sentri_min: float
    upstream_pedestrian_min: float
    secondary_lot_spaces_per_bay: float
    post_closure_surge_h: float

    def __post_init__(self) -> None:
        for f, name in STAFFING_PARAMETERS.items():
            v = float(getattr(self, f))
            if np.isnan(v) or v < 0 or (f != "elastic_trigger_min" and not np.isfinite(v)):
                raise ConfigError(f"{name} = {v}: must be a number >= 0")
        for f in ("truck_peak_utilisation", "passenger_peak_utilisation"):
            if not 0.0 < getattr(self, f) <= 1.0:
                raise ConfigError(
                    f"{STAFFING_PARAMETERS[f]} = {getattr(self, f)}: a peak-hour utilisation of "
                    "staffed booths must lie in (0, 1] (above 1 the line grows every open hour)"
                )
        if self.booth_headroom < 1.0:
            raise ConfigError(f"staffing.booth_headroom = {self.booth_headroom}: must be >= 1")

    @classmethod
    def from_values(cls, values: dict[str, float] | None = None) -> StaffingParams:
        """From a run's parameter values (:func:`borderlever.parameters.resolve`); missing names
        take their registry default."""
        from borderlever.parameters import resolve

        v = resolve({k: x for k, x in (values or {}).items() if k in STAFFING_PARAMETERS.values()})
        return cls(**{f: float(v[name]) for f, name in STAFFING_PARAMETERS.items()})

    def peak_utilisation(self, vehicle_class: str) -> float | None:
        """The class's staffed-booth load, or None for classes staffed by ``class_defaults.csv``."""
        if vehicle_class in TRUCK_STAFFED:
            return self.truck_peak_utilisation
        if vehicle_class in PASSENGER_STAFFED:
            return self.passenger_peak_utilisation
        return None

    def upstream_min(self, vehicle_class: str, border: str = UPSTREAM_BORDER) -> float:
        """Fixed upstream delay [min] of the class at a port on ``border`` (0 where it has none:
        FAST trucks, buses, rail, and every northern port, where nothing was fitted)."""
        f = UPSTREAM_FIELD.get(vehicle_class)
        return float(getattr(self, f)) if f and border == UPSTREAM_BORDER else 0.0


def hourly_booths(
    rate_per_h: NDArray[np.float64],
    is_open: NDArray[np.bool_],
    mean_min: float,
    utilisation: float,
    booths: int,
) -> NDArray[np.int32]:
    """Booths staffed each hour: shaped to the hour's arrivals at a fixed load.

    ``ceil(lambda_h * s / rho)`` booths in an open hour, at least 1 and at most ``booths``
    (the physical booths; 0 = no cap), none while closed.

    Parameters
    ----------
    rate_per_h : array (H,)  [vehicles/h]
        Expected arrivals of each hour.
    is_open : bool array (H,)
    mean_min : float  [min]
        Mean primary service time.
    utilisation : float  [share]
        Load of the staffed booths (``staffing.*_peak_utilisation``).
    booths : int
        Physical booths.

    Examples
    --------
    >>> hourly_booths(np.array([0.0, 10.0, 40.0, 200.0, 5.0]),
    ...               np.array([False, True, True, True, True]), 1.5, 0.8, 4).tolist()
    [0, 1, 2, 4, 1]
    """
    need = np.ceil(np.asarray(rate_per_h, float) * mean_min / 60.0 / utilisation - 1e-9)
    need = np.maximum(need, 1.0)
    if booths > 0:
        need = np.minimum(need, float(booths))
    return np.where(is_open, need, 0).astype(np.int32)


def with_clearance(
    servers: NDArray[np.int32], is_open: NDArray[np.bool_], hours: int
) -> NDArray[np.int32]:
    """``servers`` with the booths of the last open hour kept for ``hours`` after each closing.

    End-of-day line clearing: the port processes the vehicles already in line at closing
    (no new arrivals are taken after closing: the arrival rate is 0 while closed) for at most
    ``hours`` (``staffing.closing_clearance_h``); those still in line then wait for the morning.

    Examples
    --------
    >>> with_clearance(np.array([0, 3, 2, 0, 0, 0, 4]), np.array([0, 1, 1, 0, 0, 0, 1], bool),
    ...                2).tolist()
    [0, 3, 2, 2, 2, 0, 4]
    """
    out = np.asarray(servers).copy()
    if hours <= 0:
        return out
    idx = np.arange(len(out))
    last = np.maximum.accumulate(np.where(is_open, idx, -1))
    clear = ~np.asarray(is_open, bool) & (last >= 0) & (idx - last <= hours)
    out[clear] = out[last[clear]]
    return out
