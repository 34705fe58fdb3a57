"""Policies: one small frozen class per intervention; ``apply(schedule)`` returns a new schedule.

Every policy has a time window ``[start_min, end_min)`` in minutes since scenario start (convert
calendar datetimes at the edge with :func:`window_min`), a set of ports (None = all ports in the
schedule) and of classes (names or groups such as ``'commercial'``; None = all).  Lane schedules are
hourly: a window covers the hours ``round(start_min/60) .. round(end_min/60) - 1``.  Nothing is
mutated; each ``apply`` copies the arrays it changes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from borderlever.errors import ConfigError
from borderlever.network.classes import expand_classes
from borderlever.network.schedule import Schedule

_STAGE = (np.array([0]), np.array([1]), np.array([2]))


def window_min(start: object, end: object, scenario_start: object) -> tuple[float, float]:
    """Convert calendar datetimes to minutes since ``scenario_start``.

    Examples
    --------
    >>> window_min("2024-03-05 06:00", "2024-03-08", "2024-03-04")
    (1800.0, 5760.0)
    """
    t0 = pd.Timestamp(scenario_start)  # type: ignore[arg-type]
    a = (pd.Timestamp(start) - t0).total_seconds() / 60.0  # type: ignore[arg-type]
    b = (pd.Timestamp(end) - t0).total_seconds() / 60.0  # type: ignore[arg-type]
    return a, b


@dataclass(frozen=True)
class _Windowed:
    start_min: float
    end_min: float
    ports: tuple[str, ...] | None = None
    classes: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        name = type(self).__name__
        if not (math.isfinite(self.start_min) and math.isfinite(self.end_min)):
            raise ConfigError(f"{name}.start_min/end_min must be finite minutes")
        if self.end_min <= self.start_min:
            raise ConfigError(
                f"{name}: window ends before it starts (start_min={self.start_min}, end_min={self.end_min}); "
                "end_min must be > start_min"
            )
        if self.start_min < 0:
            raise ConfigError(
                f"{name}.start_min = {self.start_min}: must be >= 0 (minutes since scenario start)"
            )
        if self.ports is not None:
            object.__setattr__(self, "ports", tuple(str(p) for p in self.ports))
        object.__setattr__(self, "classes", expand_classes(self.classes))

    def _hours(self, s: Schedule) -> slice:
        a = min(max(int(round(self.start_min / 60.0)), 0), s.total_hours)
        b = min(max(int(round(self.end_min / 60.0)), a), s.total_hours)
        return slice(a, b)

    def _index(self, s: Schedule) -> tuple[np.ndarray, np.ndarray]:
        ports = (
            range(len(s.port_codes))
            if self.ports is None
            else [s.port_index(p) for p in self.ports]
        )
        cls = [s.classes.index(c) for c in self.classes or ()]
        return np.asarray(list(ports), dtype=np.int64), np.asarray(cls, dtype=np.int64)

    def _describe(self) -> str:
        return repr(self)


@dataclass(frozen=True)
class Closure(_Windowed):
    """Close the primary booths of the chosen classes (vehicles in service finish).

    ``surge_h`` hours after the window ends the port staffs every physical booth
    (:attr:`Schedule.booths`) in the hours the class is normally open (a post-closure staffing
    surge; ``staffing.post_closure_surge_h`` in the parameter registry); 0 = none.

    Examples
    --------
    >>> Closure(0, 60 * 24 * 14, ports=("2304",), classes=("commercial",)).classes
    ('truck_standard', 'truck_fast', 'rail')
    """

    surge_h: float = 0.0

    def __post_init__(self) -> None:
        super().__post_init__()
        if not (math.isfinite(self.surge_h) and self.surge_h >= 0):
            raise ConfigError(f"Closure.surge_h = {self.surge_h}: must be >= 0 hours")

    def apply(self, schedule: Schedule) -> Schedule:
        servers = schedule.servers.copy()
        p, c = self._index(schedule)
        hours = self._hours(schedule)
        servers[np.ix_(p, c, _STAGE[0], np.arange(schedule.total_hours)[hours])] = 0
        end = hours.stop
        after = np.arange(end, min(end + int(round(self.surge_h)), schedule.total_hours))
        if after.size and schedule.booths is not None:
            block = servers[np.ix_(p, c, _STAGE[0], after)]
            booths = schedule.booths[np.ix_(p, c)][:, :, None, None]
            servers[np.ix_(p, c, _STAGE[0], after)] = np.where(
                block > 0, np.maximum(block, booths), block
            )
        return schedule.with_arrays(self._describe(), servers=servers)


@dataclass(frozen=True)
class LaneCut(_Windowed):
    """Remove ``lanes`` primary lanes, or a ``share`` of them (rounded to the nearest lane).

    Give exactly one of ``lanes`` (count >= 0) and ``share`` in [0, 1].
    """

    lanes: int | None = None
    share: float | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        if (self.lanes is None) == (self.share is None):
            raise ConfigError("LaneCut: give exactly one of lanes (a count) or share (in [0, 1])")
        if self.lanes is not None and (self.lanes < 0 or int(self.lanes) != self.lanes):
            raise ConfigError(f"LaneCut.lanes = {self.lanes}: must be a whole number >= 0")
        if self.share is not None and not 0.0 <= self.share <= 1.0:
            raise ConfigError(f"LaneCut.share = {self.share}: must lie in [0, 1]")

    def apply(self, schedule: Schedule) -> Schedule:
        servers = schedule.servers.copy()
        p, c = self._index(schedule)
        h = np.arange(schedule.total_hours)[self._hours(schedule)]
        block = servers[np.ix_(p, c, _STAGE[0], h)]
        if self.lanes is not None:
            new = np.maximum(block - int(self.lanes), 0)
        else:
            new = block - np.rint(block * float(self.share or 0.0)).astype(np.int32)
        servers[np.ix_(p, c, _STAGE[0], h)] = new
        if schedule.booth_cap is None:
            return schedule.with_arrays(self._describe(), servers=servers)
        cap = schedule.booth_cap.copy()  # the physical lanes go too: elastic staffing cannot
        block = cap[np.ix_(p, c, h)]  # reopen them
        if self.lanes is not None:
            cap[np.ix_(p, c, h)] = np.maximum(block - int(self.lanes), 0)
        else:
            cap[np.ix_(p, c, h)] = block - np.rint(block * float(self.share or 0.0)).astype(
                np.int32
            )
        return schedule.with_arrays(self._describe(), servers=servers, booth_cap=cap)


@dataclass(frozen=True)
class HoursCut(_Windowed):
    """Inside the window, primary booths open only ``open_hour <= clock hour < close_hour``."""

    open_hour: int = 8
    close_hour: int = 16

    def __post_init__(self) -> None:
        super().__post_init__()
        if not (
            0 <= self.open_hour <= 24
            and 0 <= self.close_hour <= 24
            and self.open_hour <= self.close_hour
        ):
            raise ConfigError(
                f"HoursCut.open_hour/close_hour = {self.open_hour}/{self.close_hour}: need 0 <= open <= close <= 24"
            )

    def apply(self, schedule: Schedule) -> Schedule:
        servers = schedule.servers.copy()
        p, c = self._index(schedule)
        h = np.arange(schedule.total_hours)[self._hours(schedule)]
        hod = schedule.hour_of_day()[h]
        shut = h[(hod < self.open_hour) | (hod >= self.close_hour)]
        servers[np.ix_(p, c, _STAGE[0], shut)] = 0
        return schedule.with_arrays(self._describe(), servers=servers)


@dataclass(frozen=True)
class OfficerReassignment(_Windowed):
    """Move officers away from each chosen port: a staffing cut, not a lane closure.

    Give ``officers`` (headcount moved from each port) or ``share`` (of each port's officers).
    The port loses the same share of its staffed primary booth-hours in the window (officers /
    the port's officer force, :attr:`Schedule.officer_force`), taken from the chosen classes in
    the order ports use under staff cuts: passenger lanes at night, passenger lanes by day,
    commercial lanes off-peak, commercial peak hours last; every open class-hour keeps one booth
    (:func:`borderlever.network.staffing.officer_cut`).  Where one booth per class-hour cannot
    absorb the cut, the schedule's ``notes`` say how much was left.
    """

    officers: int | None = None
    share: float | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        if (self.officers is None) == (self.share is None):
            raise ConfigError(
                "OfficerReassignment: give exactly one of officers (a headcount) or share (in [0, 1])"
            )
        if self.officers is not None and self.officers < 0:
            raise ConfigError(f"OfficerReassignment.officers = {self.officers}: must be >= 0")
        if self.share is not None and not 0.0 <= self.share <= 1.0:
            raise ConfigError(f"OfficerReassignment.share = {self.share}: must lie in [0, 1]")

    def port_share(self, schedule: Schedule, p: int) -> float:
        """Share of port ``p``'s officers (and booth-hours) moved away, at most 1."""
        if self.share is not None:
            return float(self.share)
        force = schedule.officer_force
        if force is None or not np.isfinite(force[p]) or force[p] <= 0:
            raise ConfigError(
                f"OfficerReassignment.officers: port {schedule.port_codes[p]} has no officer force "
                "in the schedule; give share= instead, or build the schedule from a PortNetwork"
            )
        return min(1.0, float(self.officers or 0) / float(force[p]))

    def apply(self, schedule: Schedule) -> Schedule:
        from borderlever.network.staffing import officer_cut

        servers = schedule.servers.copy()
        p_idx, c_idx = self._index(schedule)
        h = np.arange(schedule.total_hours)[self._hours(schedule)]
        hod = schedule.hour_of_day()[h]
        classes = tuple(schedule.classes[c] for c in c_idx)
        notes = []
        for p in p_idx:
            share = self.port_share(schedule, int(p))
            cells = (p, c_idx[:, None], 0, h[None, :])
            res = officer_cut(servers[cells], classes, hod, share)
            servers[cells] = res.servers
            if res.removed_booth_h < res.asked_booth_h:
                notes.append(
                    f"officer cut at {schedule.port_codes[p]}: {share:.0%} of the officers asked "
                    f"for {res.asked_booth_h:.0f} booth-hours; {res.removed_booth_h:.0f} removed "
                    "(every open class-hour keeps one booth: an officer cut closes no port)"
                )
        out = schedule.with_arrays(self._describe(), servers=servers)
        return replace(out, notes=(*out.notes, *notes)) if notes else out


@dataclass(frozen=True)
class EnhancedInspection(_Windowed):
    """More inspection: a higher secondary share and/or an added stage after the federal one.

    Parameters
    ----------
    secondary_share : float in [0, 1], optional
        Share referred to secondary for vehicles arriving in the window (1.0 = 100 % inspection).
    added_stage_share : float in [0, 1], optional
        Share sent through the added stage (e.g. 1.0 for a state inspection of every truck).
    added_stage_mean_min : float, optional  [min]
        Mean service time of the added stage (Texas DPS: 45-60 min per truck in April 2022,
        ports-and-parameters.md B8).
    added_stage_cv : float
        Its coefficient of variation.
    added_stage_servers : int, optional
        Inspection bays of the added stage (required with added_stage_share).
    added_stage_lot : int, optional  [vehicles]
        Vehicles that fit in the line in front of the added stage (e.g. the lot between the
        federal exit and the state inspection); a vehicle that finds it full holds its primary
        booth (or secondary bay) until a place frees (docs/sim.md).  None: unbounded.
    """

    secondary_share: float | None = None
    added_stage_share: float | None = None
    added_stage_mean_min: float | None = None
    added_stage_cv: float = 0.5
    added_stage_servers: int | None = None
    added_stage_lot: int | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        for name in ("secondary_share", "added_stage_share"):
            val = getattr(self, name)
            if val is not None and not 0.0 <= val <= 1.0:
                raise ConfigError(f"EnhancedInspection.{name} = {val}: a share must lie in [0, 1]")
        if self.secondary_share is None and self.added_stage_share is None:
            raise ConfigError("EnhancedInspection: give secondary_share and/or added_stage_share")
        if self.added_stage_share is not None:
            if self.added_stage_mean_min is None or self.added_stage_mean_min <= 0:
                raise ConfigError(
                    "EnhancedInspection.added_stage_mean_min: service time must be > 0 minutes"
                )
            if self.added_stage_servers is None or self.added_stage_servers < 0:
                raise ConfigError(
                    "EnhancedInspection.added_stage_servers: must be a whole number >= 0"
                )
        if self.added_stage_cv < 0:
            raise ConfigError("EnhancedInspection.added_stage_cv: must be >= 0")
        if self.added_stage_lot is not None and self.added_stage_lot < 1:
            raise ConfigError(
                f"EnhancedInspection.added_stage_lot = {self.added_stage_lot}: the line in front "
                "of the added stage holds at least 1 vehicle (omit it for an unbounded line)"
            )

    def apply(self, schedule: Schedule) -> Schedule:
        share = schedule.stage_share.copy()
        servers = schedule.servers.copy()
        mean, cv = schedule.service_mean_min.copy(), schedule.service_cv.copy()
        p, c = self._index(schedule)
        h = np.arange(schedule.total_hours)[self._hours(schedule)]
        if self.secondary_share is not None:
            share[np.ix_(p, c, _STAGE[1], h)] = self.secondary_share
        if self.added_stage_share is not None:
            share[np.ix_(p, c, _STAGE[2], h)] = self.added_stage_share
            # the added stage keeps its bays staffed through the run-out so referred vehicles finish
            servers[
                np.ix_(p, c, _STAGE[2], np.arange(h[0] if h.size else 0, schedule.total_hours))
            ] = int(self.added_stage_servers or 0)
            mean[np.ix_(p, c, _STAGE[2])] = float(self.added_stage_mean_min or 1.0)
            cv[np.ix_(p, c, _STAGE[2])] = self.added_stage_cv
        extra = {}
        if self.added_stage_share is not None and self.added_stage_lot is not None:
            P, C = schedule.servers.shape[:2]
            lot = (
                schedule.added_lot.copy()
                if schedule.added_lot is not None
                else np.full((P, C), np.iinfo(np.int64).max, dtype=np.int64)
            )
            lot[np.ix_(p, c)] = int(self.added_stage_lot)
            extra["added_lot"] = lot
        return schedule.with_arrays(
            self._describe(),
            stage_share=share,
            servers=servers,
            service_mean_min=mean,
            service_cv=cv,
            **extra,
        )


POLICY_TYPES = {
    cls.__name__: cls
    for cls in (Closure, LaneCut, HoursCut, OfficerReassignment, EnhancedInspection)
}


def apply_policies(schedule: Schedule, policies: list | tuple) -> Schedule:
    """Apply policies in order (each returns a new schedule)."""
    for policy in policies:
        schedule = policy.apply(schedule)
    return schedule
