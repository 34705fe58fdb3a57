"""Schedules: the hour-by-hour data the engine runs on (demand rates and open lanes per stage).

A :class:`Schedule` covers ``n_hours`` of the scenario plus a ``tail_hours`` run-out with normal
lanes and no new arrivals, so vehicles still queued at the horizon get a finishing time.  Policies
(:mod:`borderlever.network.policies`) map a schedule to a new schedule; lane schedules are data.

Stages: 0 = primary booths, 1 = secondary inspection, 2 = an added stage (e.g. a state inspection
after the federal one, off unless a policy adds it).  Secondary bays are staffed around the clock
(vehicles referred before close are finished), unless a policy closes them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from borderlever.errors import ConfigError
from borderlever.network.classes import VEHICLE_CLASSES
from borderlever.network.demand import CLASS_PROFILE, hourly_rates, open_mask
from borderlever.network.geo import ROAD_SPEED_KMH, travel_time_min
from borderlever.network.model import PortNetwork
from borderlever.network.staffing import StaffingParams, hourly_booths, with_clearance

N_STAGES = 3
STAGE_NAMES = ("primary", "secondary", "added")


@dataclass(frozen=True, eq=False)
class Schedule:
    """Hourly engine input for a set of ports (arrays indexed ``[port, class, (stage,) hour]``).

    Attributes
    ----------
    port_codes : tuple of str
    classes : tuple of str
        :data:`VEHICLE_CLASSES`.
    start : numpy.datetime64
        Scenario start (minute resolution); sim time 0.
    n_hours : int
        Scenario horizon [h]; arrays have ``n_hours + tail_hours`` hours.
    tail_hours : int
        Run-out after the horizon: normal lanes, no arrivals.
    arrivals_per_h : array (P, C, H)  [vehicles/h]
        Non-homogeneous Poisson rate, piecewise constant by hour (no-policy demand).
    servers : int array (P, C, 3, H)
        Open lanes / bays per stage and hour.
    stage_share : array (P, C, 3, H)
        Probability that a vehicle arriving at the port in that hour visits the stage
        (stage 0 always 1).
    service_mean_min, service_cv : array (P, C, 3)
        Lognormal service time per stage: mean [min] and coefficient of variation.
    road_km : array (P, P)  [km]
    port_names : tuple of str
    applied : tuple of str
        Descriptions of the policies applied, in order.
    exponential_service : bool
        Draw every service time from an exponential with the stated mean instead of a lognormal
        (used by the M/M/c validation against Erlang C).
    officer_force : array (P,), optional  [officers]
        CBP officers of each port (:attr:`PortNetwork.officer_force`); officer cuts given as a
        headcount need it.
    booths : int array (P, C), optional
        Physical primary booths (:attr:`PortNetwork.booths`): the most a surge can staff.
    booth_cap : int array (P, C, H), optional
        Primary booths the elastic rule may staff in each hour (the physical booths while the
        class is open, after lane cuts; 0 while closed); None: no elastic staffing.
    elastic_trigger_min : float  [min]
        An arriving vehicle whose primary wait would exceed this opens another booth for the
        rest of the hour (``staffing.elastic_trigger_min``); inf: elastic staffing off.
    elastic_budget_share : float  [share]
        The most extra booth-hours opened in a day, as a share of that day's scheduled primary
        booth-hours of the queue (``staffing.elastic_budget_share``).
    upstream_delay_min : array (P, C), optional  [min]
        Fixed delay before the CBP queue (bridge approach, Mexican export processing, state
        inspection; ``staffing.upstream_*_min``): reported beside the queueing waits, not queued.
    secondary_lot : int array (P, C), optional  [vehicles]
        Bound of the secondary queue (bays x ``staffing.secondary_lot_spaces_per_bay``).
    added_lot : int array (P, C), optional  [vehicles]
        Bound of the line in front of the added stage (e.g. the lot between the federal exit and
        a state inspection); a vehicle that finds it full holds its primary booth or secondary
        bay.  None or values of 2**31 and more: unbounded.
    notes : tuple of str
        What policies could not do as asked (e.g. an officer cut capped at one booth per open
        class-hour), for the run's notes.
    """

    port_codes: tuple[str, ...]
    classes: tuple[str, ...]
    start: np.datetime64
    n_hours: int
    tail_hours: int
    arrivals_per_h: NDArray[np.float64]
    servers: NDArray[np.int32]
    stage_share: NDArray[np.float64]
    service_mean_min: NDArray[np.float64]
    service_cv: NDArray[np.float64]
    road_km: NDArray[np.float64]
    port_names: tuple[str, ...] = ()
    applied: tuple[str, ...] = ()
    exponential_service: bool = False
    officer_force: NDArray[np.float64] | None = None
    notes: tuple[str, ...] = ()
    booths: NDArray[np.int64] | None = None
    booth_cap: NDArray[np.int32] | None = None
    elastic_trigger_min: float = float("inf")
    elastic_budget_share: float = 0.0
    upstream_delay_min: NDArray[np.float64] | None = None
    secondary_lot: NDArray[np.int64] | None = None
    added_lot: NDArray[np.int64] | None = None

    @property
    def total_hours(self) -> int:
        """Hours in the arrays: horizon plus run-out."""
        return self.n_hours + self.tail_hours

    def hour_of_day(self) -> NDArray[np.int64]:
        """Local clock hour (0-23) of each schedule hour."""
        first = int(
            (self.start - self.start.astype("datetime64[D]")).astype("timedelta64[h]").astype(int)
        )
        return (first + np.arange(self.total_hours)) % 24

    def port_index(self, code: str) -> int:
        """Array index of a port code (UnknownCodeError with did-you-mean if absent)."""
        from borderlever.errors import UnknownCodeError

        try:
            return self.port_codes.index(str(code))
        except ValueError:
            raise UnknownCodeError("port code", str(code), self.port_codes) from None

    def lanes_frame(self, stage: int = 0) -> pd.DataFrame:
        """Open lanes per port x class x hour for one stage (0 primary, 1 secondary, 2 added),
        horizon hours only, classes with demand or lanes only (for reports and review)."""
        P, C = self.servers.shape[:2]
        keep = (self.arrivals_per_h.sum(axis=2) > 0) | (self.servers[:, :, stage].max(axis=2) > 0)
        rows = []
        hours = np.arange(self.n_hours)
        times = self.start.astype("datetime64[h]") + hours
        for p, c in zip(*np.nonzero(keep), strict=True):
            rows.append(
                pd.DataFrame(
                    {
                        "port_code": self.port_codes[p],
                        "vehicle_class": self.classes[c],
                        "hour": hours,
                        "time": times.astype("datetime64[ns]"),
                        "open_lanes": self.servers[p, c, stage, : self.n_hours],
                    }
                )
            )
        return (
            pd.concat(rows, ignore_index=True)
            if rows
            else pd.DataFrame(columns=["port_code", "vehicle_class", "hour", "time", "open_lanes"])
        )

    def with_arrays(self, note: str, **arrays: NDArray) -> Schedule:
        """A copy with some arrays replaced and ``note`` appended to :attr:`applied`."""
        return replace(self, applied=(*self.applied, note), **arrays)  # type: ignore[arg-type]


@dataclass(frozen=True)
class DriverReactions:
    """How drivers react to a long queue (all values documented assumptions, confidence L).

    A vehicle whose wait for a primary booth would exceed its patience leaves the queue when its
    patience runs out; it then diverts to another port within reach (probability ``divert_share``,
    once at most), defers (``defer_share``) or cancels the trip (the rest: a per-attempt
    cancellation probability).  A vehicle that cannot divert (no open port within reach, or
    already diverted) defers or cancels in the ratio of those two shares.  A deferring driver
    comes back ``defer_delay_min`` later; where the port's lanes for the class are closed when
    the driver gives up, not before the port reopens plus a lag (exponential, mean
    ``return_lag_min``).  A returning driver may give up and defer again.  Patience is a
    lognormal (mean ``patience_mean_min``, ``patience_cv``) truncated at ``patience_max_min``:
    nobody waits at primary longer than that.

    Attributes
    ----------
    patience_mean_min : dict class -> float or None  [min]
        Mean of a lognormal patience; None = waits as long as it takes.
    patience_cv : float
        Coefficient of variation of the patience (before truncation).
    patience_max_min : dict class -> float or None  [min]
        Truncation of the patience (the longest primary wait anyone accepts); None = no cap.
    divert_share, defer_share : dict class -> float  [0, 1]
    max_detour_km : dict class -> float  [km]
        Road distance within which another port counts as reachable.
    defer_delay_min : float  [min]
    return_lag_min : float  [min]
        Mean lag after a closed port reopens before a deferred driver returns (0: at reopening).
    speed_kmh : float  [km/h]
        Road speed for the detour (travel time = road_km / speed).
    forgo_elasticity : dict class -> float  [-]
        Before setting out, a traveller of the class checks the posted wait (the mean primary
        wait of the vehicles that reached a booth in the previous hour); where it exceeds the
        no-policy run's by ``x`` minutes, the trip is forgone (lost, not postponed) with
        probability ``1 - (1 + x / forgo_trip_cost_min) ** -e``: trips fall with elasticity
        ``-e`` in their generalised cost.  Absent or 0: nobody stays home (the default here;
        the run pipeline sets it from the registry, ``behaviour.forgo_cost_elasticity``).
    forgo_trip_cost_min : float  [min]
        Generalised cost of the trip at normal waits, in minutes of travel time.

    References
    ----------
    Truck waits of 30+ hours were endured during the April 2022 Texas enhanced inspections
    (ports-and-parameters.md B1), hence long truck patience; passenger values are guesses.
    """

    patience_mean_min: dict[str, float | None] = field(
        default_factory=lambda: {
            "truck_standard": 720.0,
            "truck_fast": 720.0,
            "pov_standard": 180.0,
            "pov_ready": 180.0,
            "pov_sentri": 180.0,
            "pedestrian": 180.0,
            "bus": 360.0,
            "rail": None,
        }
    )
    patience_cv: float = 0.5
    divert_share: dict[str, float] = field(
        default_factory=lambda: {
            "truck_standard": 0.5,
            "truck_fast": 0.5,
            "pov_standard": 0.4,
            "pov_ready": 0.4,
            "pov_sentri": 0.4,
            "pedestrian": 0.0,
            "bus": 0.5,
            "rail": 0.0,
        }
    )
    defer_share: dict[str, float] = field(
        default_factory=lambda: {
            "truck_standard": 0.4,
            "truck_fast": 0.4,
            "pov_standard": 0.3,
            "pov_ready": 0.3,
            "pov_sentri": 0.3,
            "pedestrian": 0.5,
            "bus": 0.4,
            "rail": 1.0,
        }
    )
    max_detour_km: dict[str, float] = field(
        default_factory=lambda: {
            "truck_standard": 400.0,
            "truck_fast": 400.0,
            "pov_standard": 150.0,
            "pov_ready": 150.0,
            "pov_sentri": 150.0,
            "pedestrian": 0.0,
            "bus": 300.0,
            "rail": 0.0,
        }
    )
    defer_delay_min: float = 1440.0
    speed_kmh: float = ROAD_SPEED_KMH
    patience_max_min: dict[str, float | None] = field(default_factory=dict)
    return_lag_min: float = 0.0
    forgo_elasticity: dict[str, float] = field(default_factory=dict)
    forgo_trip_cost_min: float = 150.0

    def __post_init__(self) -> None:
        from borderlever.errors import UnknownCodeError

        for name in (
            "patience_mean_min",
            "divert_share",
            "defer_share",
            "max_detour_km",
            "patience_max_min",
            "forgo_elasticity",
        ):
            for cls, val in getattr(self, name).items():
                if cls not in VEHICLE_CLASSES:
                    raise UnknownCodeError(
                        f"vehicle class in DriverReactions.{name}", cls, VEHICLE_CLASSES
                    )
                if val is None:
                    continue
                if name.endswith("share") and not 0.0 <= val <= 1.0:
                    raise ConfigError(
                        f"DriverReactions.{name}[{cls}] = {val}: a share must lie in [0, 1]"
                    )
                positive = name in ("patience_mean_min", "patience_max_min")
                if val < 0 or (positive and val <= 0):
                    raise ConfigError(
                        f"DriverReactions.{name}[{cls}] = {val}: must be "
                        + ("> 0 (or None)" if positive else ">= 0")
                    )
        for cls in VEHICLE_CLASSES:
            if self.divert_share.get(cls, 0.0) + self.defer_share.get(cls, 0.0) > 1.0 + 1e-12:
                raise ConfigError(
                    f"DriverReactions: divert_share + defer_share for {cls} exceeds 1"
                )
        if self.patience_cv < 0:
            raise ConfigError("DriverReactions.patience_cv must be >= 0")
        if self.defer_delay_min <= 0:
            raise ConfigError("DriverReactions.defer_delay_min must be > 0 minutes")
        if self.return_lag_min < 0:
            raise ConfigError("DriverReactions.return_lag_min must be >= 0 minutes")
        if self.speed_kmh <= 0:
            raise ConfigError("DriverReactions.speed_kmh must be > 0")
        if not self.forgo_trip_cost_min > 0:
            raise ConfigError(
                "DriverReactions.forgo_trip_cost_min must be > 0 minutes "
                "(behaviour.forgo_trip_cost_h)"
            )

    @classmethod
    def none(cls) -> DriverReactions:
        """Nobody gives up: infinite patience (used by the closed-form validation tests)."""
        return cls(patience_mean_min=dict.fromkeys(VEHICLE_CLASSES))

    def travel_min(self, road_km: NDArray[np.float64]) -> NDArray[np.float64]:
        """Travel time [min] for a road distance matrix [km]."""
        return travel_time_min(road_km, self.speed_kmh)


def _month_volume(network: PortNetwork, day_months: NDArray[np.datetime64]) -> NDArray[np.float64]:
    """(n_days, P, C) monthly volume for each day; a month without data uses the same calendar
    month of the latest year that has it (stated in docs/sim.md)."""
    if len(network.months) == 0:
        raise ConfigError("network.months: the network has no demand data (empty crossings frame)")
    out = np.zeros((len(day_months), *network.monthly_volume.shape[1:]))
    months = network.months
    cal = months.astype(int) % 12
    for i, m in enumerate(day_months):
        exact = np.flatnonzero(months == m)
        if exact.size:
            out[i] = network.monthly_volume[exact[0]]
        else:
            same = np.flatnonzero(cal == int(m.astype(int)) % 12)
            out[i] = network.monthly_volume[same[-1] if same.size else -1]
    return out


def build_schedule(
    network: PortNetwork,
    start: str | np.datetime64 | pd.Timestamp,
    days: float,
    *,
    ports: list[str] | tuple[str, ...] | None = None,
    tail_days: float = 7,
    staffing: StaffingParams | None = None,
) -> Schedule:
    """The no-policy schedule of ``network`` for ``days`` days from ``start`` (local time, on the hour).

    Parameters
    ----------
    network : PortNetwork
    start : date-like
        Scenario start; rounded down to the hour.
    days : float  [days]
        Horizon; must be > 0.
    ports : list of str, optional
        Subset of port codes (default all).
    tail_days : float  [days]
        Run-out with normal lanes and no arrivals.
    staffing : StaffingParams, optional
        The run's staffing parameters (default: the registry's).  Primary booths follow each
        hour's expected arrivals at the class's staffed-booth load (:func:`hourly_booths`, at
        most the physical booths), stay staffed ``closing_clearance_h`` after closing for the
        line (:func:`with_clearance`), and may open further as lines grow (elastic staffing,
        in the engine: ``booth_cap``, ``elastic_*``).

    Examples
    --------
    >>> from borderlever.network.model import build_network
    >>> ports = pd.DataFrame({"port_code": ["2304"], "port_name": ["Laredo"], "state": ["TX"],
    ...     "border": ["US-Mexico Border"], "lat": [27.5], "lon": [-99.5]})
    >>> cross = pd.DataFrame({"port_code": ["2304"], "month": ["2024-03-01"], "measure": ["Trucks"],
    ...     "count": [250_000]})
    >>> s = build_schedule(build_network(ports, cross), "2024-03-04", days=7)
    >>> s.arrivals_per_h.shape, round(float(s.arrivals_per_h[0, :2, :168].sum()))
    ((1, 8, 336), 57495)
    """
    if not days > 0:
        raise ConfigError(f"days = {days}: the horizon must be > 0 days")
    if tail_days < 0:
        raise ConfigError(f"tail_days = {tail_days}: must be >= 0")
    idx = (
        np.arange(len(network.port_codes))
        if ports is None
        else np.array([network.port_index(p) for p in ports])
    )
    t0 = pd.Timestamp(start).floor("h").to_datetime64().astype("datetime64[m]")
    n_hours, tail = int(round(days * 24)), int(round(tail_days * 24))
    total = n_hours + tail
    hours = t0.astype("datetime64[h]") + np.arange(total)
    n_days = -(-total // 24) + 1
    day0 = t0.astype("datetime64[D]")
    day_dates = day0 + np.arange(n_days)
    weekday = (day_dates.astype(int) + 3) % 7  # 1970-01-01 was a Thursday
    day_type = np.where(weekday < 5, 0, np.where(weekday == 5, 1, 2))
    vol = _month_volume(network, day_dates.astype("datetime64[M]"))[:, idx]
    hod = np.arange(24)
    first = int((hours[0] - day0).astype(int))
    P, C = len(idx), len(VEHICLE_CLASSES)
    rates = np.zeros((P, C, total))
    servers = np.zeros((P, C, N_STAGES, total), dtype=np.int32)
    share = np.zeros((P, C, N_STAGES, total))
    day_of_hour = (hours.astype("datetime64[D]") - day0).astype(np.int64)
    staffing = staffing if staffing is not None else StaffingParams.from_values()
    clear_h = int(round(staffing.closing_clearance_h))
    cap = np.zeros((P, C, total), dtype=np.int32)
    month_keys, month_of_day = np.unique(day_dates.astype("datetime64[M]"), return_inverse=True)
    bays_by_month = np.stack(
        [
            network.secondary_for(vol[np.flatnonzero(month_of_day == k)[0]], idx)
            for k in range(len(month_keys))
        ]
    )  # (months, P, C): secondary bays follow each month's traffic
    for i, p in enumerate(idx):
        for c, cls in enumerate(VEHICLE_CLASSES):
            hrs = network.hours[p, c]
            is_open = open_mask(hod[None, :], hrs[day_type, 0][:, None], hrs[day_type, 1][:, None])
            r = hourly_rates(vol[:, i, c], weekday, is_open, CLASS_PROFILE[cls])[
                first : first + total
            ]
            rates[i, c] = np.where(np.arange(total) < n_hours, r, 0.0)
            om = is_open.ravel()[first : first + total]
            if network.lanes[p, c] > 0:
                staffed = hourly_booths(
                    r,
                    om,
                    network.primary_mean_min[p, c],
                    network.target_utilisation[p, c],
                    int(network.booths[p, c]),
                )
                servers[i, c, 0] = with_clearance(staffed, om, clear_h)
                cap[i, c] = np.where(servers[i, c, 0] > 0, network.booths[p, c], 0)
            servers[i, c, 1] = bays_by_month[month_of_day[day_of_hour], i, c]
    share[:, :, 0] = 1.0
    share[:, :, 1] = network.secondary_share[idx][:, :, None]
    mean = np.stack(
        [network.primary_mean_min[idx], network.secondary_mean_min[idx], np.ones((P, C))], axis=2
    )
    cv = np.stack(
        [network.primary_cv[idx], network.secondary_cv[idx], np.full((P, C), 0.5)], axis=2
    )
    return Schedule(
        port_codes=tuple(network.port_codes[p] for p in idx),
        classes=VEHICLE_CLASSES,
        start=t0,
        n_hours=n_hours,
        tail_hours=tail,
        arrivals_per_h=rates,
        servers=servers,
        stage_share=share,
        service_mean_min=mean,
        service_cv=cv,
        road_km=network.road_km[np.ix_(idx, idx)],
        port_names=tuple(network.port_names[p] for p in idx),
        officer_force=None if network.officer_force is None else network.officer_force[idx],
        booths=network.booths[idx],
        booth_cap=np.maximum(cap, servers[:, :, 0]),
        elastic_trigger_min=staffing.elastic_trigger_min,
        elastic_budget_share=staffing.elastic_budget_share,
        upstream_delay_min=np.array(
            [[staffing.upstream_min(k, network.borders[p]) for k in VEHICLE_CLASSES] for p in idx]
        )
        * (network.lanes[idx] > 0),
        secondary_lot=np.ceil(
            bays_by_month.max(axis=0) * staffing.secondary_lot_spaces_per_bay
        ).astype(np.int64),
    )


def single_port_schedule(
    arrivals_per_h: float | NDArray[np.float64],
    lanes: int,
    primary_mean_min: float,
    primary_cv: float = 0.5,
    *,
    days: float = 1.0,
    secondary_share: float = 0.0,
    secondary_bays: int = 0,
    secondary_mean_min: float = 30.0,
    secondary_cv: float = 0.7,
    vehicle_class: str = "truck_standard",
    port_code: str = "0001",
    tail_days: float = 2.0,
    exponential_service: bool = False,
    booths: int | None = None,
    elastic_trigger_min: float = float("inf"),
    elastic_budget_share: float = 0.0,
    secondary_lot: int | None = None,
) -> Schedule:
    """A one-port, one-class schedule open around the clock (tests, benchmarks, what-ifs).

    ``arrivals_per_h`` is a constant rate or a 24-value time-of-day profile [vehicles/h].
    ``booths`` (physical booths, at least ``lanes``), ``elastic_trigger_min`` and
    ``elastic_budget_share`` switch on elastic staffing (:class:`Schedule`); off by default.
    ``secondary_lot`` bounds the secondary line [vehicles] (default: unbounded).

    Examples
    --------
    >>> s = single_port_schedule(np.full(24, 10.0), lanes=2, primary_mean_min=2.0, days=2)
    >>> s.arrivals_per_h.shape, int(s.servers[0, 0, 0, 5]), float(s.arrivals_per_h[0, 0].sum())
    ((1, 8, 96), 2, 480.0)
    """
    if lanes < 0 or secondary_bays < 0:
        raise ConfigError(f"lanes = {lanes}, secondary_bays = {secondary_bays}: must be >= 0")
    if primary_mean_min <= 0 or secondary_mean_min <= 0:
        raise ConfigError("primary_mean_min / secondary_mean_min: service time must be > 0 minutes")
    if not 0.0 <= secondary_share <= 1.0:
        raise ConfigError(f"secondary_share = {secondary_share}: a share must lie in [0, 1]")
    if vehicle_class not in VEHICLE_CLASSES:
        from borderlever.errors import UnknownCodeError

        raise UnknownCodeError("vehicle class", vehicle_class, VEHICLE_CLASSES)
    n_hours, tail = int(round(days * 24)), int(round(tail_days * 24))
    total = n_hours + tail
    c = VEHICLE_CLASSES.index(vehicle_class)
    prof = (
        np.broadcast_to(np.asarray(arrivals_per_h, float), (24,))
        if np.ndim(arrivals_per_h)
        else np.full(24, float(arrivals_per_h))
    )
    rates = np.zeros((1, len(VEHICLE_CLASSES), total))
    rates[0, c, :n_hours] = np.resize(prof, n_hours)
    servers = np.zeros((1, len(VEHICLE_CLASSES), N_STAGES, total), dtype=np.int32)
    servers[0, c, 0], servers[0, c, 1] = lanes, secondary_bays
    share = np.zeros((1, len(VEHICLE_CLASSES), N_STAGES, total))
    share[0, :, 0], share[0, c, 1] = 1.0, secondary_share
    mean = np.ones((1, len(VEHICLE_CLASSES), N_STAGES))
    cv = np.full((1, len(VEHICLE_CLASSES), N_STAGES), 0.5)
    mean[0, c, :2], cv[0, c, :2] = (
        (primary_mean_min, secondary_mean_min),
        (primary_cv, secondary_cv),
    )
    return Schedule(
        port_codes=(port_code,),
        classes=VEHICLE_CLASSES,
        start=np.datetime64("2024-01-01T00:00", "m"),
        n_hours=n_hours,
        tail_hours=tail,
        arrivals_per_h=rates,
        servers=servers,
        stage_share=share,
        service_mean_min=mean,
        service_cv=cv,
        road_km=np.zeros((1, 1)),
        port_names=("single port",),
        exponential_service=exponential_service,
        booths=None if booths is None else np.full((1, len(VEHICLE_CLASSES)), int(booths)),
        booth_cap=None
        if booths is None
        else np.where(servers[:, :, 0] > 0, max(int(booths), lanes), 0).astype(np.int32),
        elastic_trigger_min=float(elastic_trigger_min),
        elastic_budget_share=float(elastic_budget_share),
        secondary_lot=None
        if secondary_lot is None
        else np.full((1, len(VEHICLE_CLASSES)), int(secondary_lot), dtype=np.int64),
    )
