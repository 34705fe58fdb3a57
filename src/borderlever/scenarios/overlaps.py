"""Policies that act on the same port, class and time: refused when identical, else reported.

Composition rule (docs/scenarios.md, "Overlapping policies"): policies apply in file order, each to
the booth schedule and service times the earlier ones left.  So a closure wins over anything in
its window; two ``lane_cut`` shares compound (two 50 % cuts leave 25 % of the lanes, rounded to
whole lanes); an ``enhanced_inspection`` after a lane cut slows the lanes that remain.  That is a
defined answer, but rarely what a user who wrote two overlapping policies by accident meant, so
every overlap is reported (a warning before the run and a note in the report), and a policy that
repeats an earlier one exactly (same kind, ports, classes, times and parameters: it would
compound silently, e.g. a 30 % cut becoming 51 %) is refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from borderlever.errors import ConfigError

_ALL = "*"  # "every simulated port" where the ports are not resolved yet (no store)


def _ports_meet(a: tuple[str, ...], b: tuple[str, ...]) -> list[str]:
    if _ALL in a:
        return list(b)
    if _ALL in b:
        return list(a)
    return [p for p in a if p in b]


def _times_meet(a: Sequence[tuple[float, float]], b: Sequence[tuple[float, float]]) -> float:
    """Minutes during which both sets of [start, end) spans are active."""
    return sum(max(0.0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def _first_shared_day(a: Sequence[tuple[float, float]], b: Sequence[tuple[float, float]]) -> float:
    return min(max(s1, s2) for s1, e1 in a for s2, e2 in b if min(e1, e2) > max(s1, s2)) / 1440.0


def policy_overlaps(policies: Sequence[Any], spec: Any, source: str = "") -> list[str]:
    """Notes on overlapping policies; a :class:`ConfigError` for an exact repeat.

    ``policies`` are :class:`~borderlever.scenarios.resolve.ResolvedPolicy` objects (``index``,
    ``kind``, ``port_codes``, ``vehicle_classes``, ``intervals_min``, ``parameters``).

    Examples
    --------
    >>> from borderlever.scenarios.resolve import ResolvedPolicy
    >>> cut = ResolvedPolicy(0, "lane_cut", ("2304",), ("pov",), ((0.0, 1440.0),), {"share": 0.5})
    >>> shut = ResolvedPolicy(1, "closure", ("2304",), ("pov",), ((720.0, 2880.0),), {})
    >>> policy_overlaps([cut, shut], None)[0][:64]
    'policies[0] (lane_cut) and policies[1] (closure) overlap at 2304'
    >>> import dataclasses
    >>> policy_overlaps([cut, dataclasses.replace(cut, index=1)], None)
    Traceback (most recent call last):
    ...
    borderlever.errors.ConfigError: policies[1] repeats policies[0] exactly (lane_cut at 2304, same classes, times and parameters): identical policies compound (two 50 % lane cuts leave 25 % of the lanes); delete one, or merge them into one policy with the combined effect
    """
    prefix = f"{source}: " if source else ""
    notes: list[str] = []
    for j, b in enumerate(policies):
        for a in policies[:j]:
            ports = _ports_meet(tuple(a.port_codes), tuple(b.port_codes))
            classes = [c for c in a.vehicle_classes if c in b.vehicle_classes]
            shared_min = _times_meet(a.intervals_min, b.intervals_min)
            dir_a, dir_b = getattr(a, "directions", ()), getattr(b, "directions", ())
            if dir_a and dir_b and not set(dir_a) & set(dir_b):
                continue  # one acts northbound, the other southbound
            if not ports or not classes or shared_min <= 0:
                continue
            same = (
                a.kind == b.kind
                and tuple(dir_a) == tuple(dir_b)
                and tuple(a.port_codes) == tuple(b.port_codes)
                and tuple(a.vehicle_classes) == tuple(b.vehicle_classes)
                and tuple(a.intervals_min) == tuple(b.intervals_min)
                and a.parameters == b.parameters
            )
            where = ", ".join(ports[:4]) + (" ..." if len(ports) > 4 else "")
            if same:
                raise ConfigError(
                    f"{prefix}policies[{b.index}] repeats policies[{a.index}] exactly "
                    f"({a.kind} at {where}, same classes, times and parameters): identical "
                    "policies compound (two 50 % lane cuts leave 25 % of the lanes); delete one, "
                    "or merge them into one policy with the combined effect"
                )
            notes.append(
                f"{prefix}policies[{a.index}] ({a.kind}) and policies[{b.index}] ({b.kind}) "
                f"overlap at {where} for {len(classes)} vehicle class(es) during "
                f"{shared_min / 60:.4g} h from day {_first_shared_day(a.intervals_min, b.intervals_min):.4g}: "
                "they compose in file order, each acting on what the earlier left "
                "(docs/scenarios.md, 'Overlapping policies')"
            )
    return notes
