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
