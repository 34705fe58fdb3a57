"""Resolve a validated spec against the store's ports: port codes, windows in minutes, a hash.

The result, :class:`ResolvedScenario`, is what a run uses and what is saved beside every result.
Its :attr:`~ResolvedScenario.hash` is the sha256 of the canonical JSON of the resolved model (sorted
keys, no whitespace), so two runs with the same hash had the same inputs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from borderlever.errors import BorderleverError, ConfigError, UnknownCodeError
from borderlever.scenarios.levers import TariffPolicy
from borderlever.scenarios.spec import CLASS_GROUPS, WEEKDAYS, ScenarioSpec, Window

MIN_PER_DAY = 24 * 60


@dataclass(frozen=True)
class ResolvedPolicy:
    """One policy with everything resolved: concrete ports, classes and windows.

    Attributes
    ----------
    index : int
        Position in the scenario's ``policies`` list.
    kind : str
        Policy kind (closure, lane_cut, ...).
    port_codes : tuple of str
        Ports it applies to.
    vehicle_classes : tuple of str
        Classes it applies to (groups expanded).
    intervals_min : tuple of (float, float)
        Disjoint, sorted [start, end) spans [min since scenario start].
    parameters : dict
        The kind's parameters, as validated.
    directions : tuple of str
        ``northbound`` and/or ``southbound`` (the scenario's ``directions``, or the kind's
        default: both for a closure, northbound otherwise).
    """

    index: int
    kind: str
    port_codes: tuple[str, ...]
    vehicle_classes: tuple[str, ...]
    intervals_min: tuple[tuple[float, float], ...]
    parameters: dict[str, Any]
    directions: tuple[str, ...] = ("northbound",)


@dataclass(frozen=True)
class ResolvedScenario:
    """A scenario ready to run: the merged spec plus the concrete ports and policy windows."""

    spec: ScenarioSpec
    port_codes: tuple[str, ...]
    policies: tuple[ResolvedPolicy, ...]
    source: str = ""
    #: Warnings found while resolving (overlapping policies, substituted demand months): printed
    #: before the run and listed in the report's notes.  Not part of :meth:`document` or the hash.
    notes: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def horizon_min(self) -> float:
        """Horizon [min]."""
        return float(self.spec.horizon_days * MIN_PER_DAY)

    def document(self) -> dict[str, Any]:
        """The resolved model as plain JSON-able data (what is hashed and saved)."""
        doc = self.spec.model_dump(mode="json", exclude={"base"})
        if not doc.get("parameters"):  # no overrides: the document (and hash) as before the field
            doc.pop("parameters", None)
        for pol in doc.get("policies") or []:  # unset optional fields: the hash as before them
            if (pol.get("parameters") or {}).get("lot_spaces", 0) is None:
                del pol["parameters"]["lot_spaces"]
        doc["resolved_port_codes"] = list(self.port_codes)
        return doc

    @property
    def hash(self) -> str:
        """sha256 of the canonical JSON of :meth:`document` [hex]."""
        return scenario_hash(self.document())

    def policy_window_min(self) -> tuple[float, float] | None:
        """First start and last end over all policies [min], or None without policies."""
        spans = [iv for p in self.policies for iv in p.intervals_min]
        if not spans:
            return None
        return min(s for s, _ in spans), max(e for _, e in spans)


def canonical_json(doc: Any) -> str:
    """Canonical JSON: sorted keys, no whitespace, ASCII only."""
    return json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def scenario_hash(doc: Any) -> str:
    """sha256 of :func:`canonical_json` [hex].

    Examples
    --------
    >>> scenario_hash({"b": 1, "a": [1, 2]})[:12]
    '94a786c3662b'
    """
    return hashlib.sha256(canonical_json(doc).encode("ascii")).hexdigest()


def expand_classes(names: list[str]) -> tuple[str, ...]:
    """Class names with groups expanded, in contract order, without repeats."""
    wanted: set[str] = set()
    for n in names:
        wanted.update(CLASS_GROUPS.get(n, (n,)))
    return tuple(c for c in CLASS_GROUPS["all"] if c in wanted)


def select_ports(
    spec: ScenarioSpec, ports: pd.DataFrame, problems: list[BorderleverError] | None = None
) -> tuple[str, ...]:
    """Port codes chosen by ``spec.ports`` among ``ports`` (the store's ``ports`` view).

    Unknown codes and states go to ``problems`` when given (all of them), else the first raises.
    """
    found: list[BorderleverError] = [] if problems is None else problems
    sel = spec.ports
    known = sorted(ports["port_code"].astype(str))
    for i, code in enumerate(sel.codes):
        if code not in known:
            found.append(UnknownCodeError(f"port code (ports.codes[{i}])", code, known))
    states = sorted(ports["state"].astype(str).unique())
    for i, state in enumerate(sel.states):
        if state not in states:
            found.append(UnknownCodeError(f"state (ports.states[{i}])", state, states))
    if problems is None and found:
        raise found[0]
    mask = ports["port_code"].astype(str).isin(sel.codes) | ports["state"].isin(sel.states)
    if sel.border is not None:
        mask |= ports["border"] == sel.border
    if sel.all:
        mask |= True
    chosen = tuple(sorted(ports.loc[mask, "port_code"].astype(str)))
    if not chosen and not found:
        found.append(
            ConfigError(
                f"ports: the selection {sel.model_dump(exclude_defaults=True)} matches no port"
            )
        )
        if problems is None:
            raise found[0]
    return chosen


def window_span_min(window: Window, start: dt.date, horizon_days: float) -> tuple[float, float]:
    """[start, end) of ``window``'s span [min since ``start``], before its weekdays and hours:
    its ``start``/``end`` or ``start_day``/``end_day``, the horizon's ends where one is not
    given.  Not checked against the horizon (:func:`resolve` does that).

    Examples
    --------
    >>> window_span_min(Window(end="2019-04-15"), dt.date(2019, 4, 1), 30.0)
    (0.0, 20160.0)
    >>> window_span_min(Window(start_day=2), dt.date(2019, 4, 1), 30.0)
    (2880.0, 43200.0)
    """
    horizon = horizon_days * MIN_PER_DAY
    origin = dt.datetime.combine(start, dt.time())
    if window.start is not None or window.end is not None:
        s = (window.start - origin).total_seconds() / 60 if window.start is not None else 0.0
        e = (window.end - origin).total_seconds() / 60 if window.end is not None else horizon
    else:
        s = (window.start_day or 0.0) * MIN_PER_DAY
        e = window.end_day * MIN_PER_DAY if window.end_day is not None else horizon
    return s, e


def _span_min(window: Window, spec: ScenarioSpec, path: str) -> tuple[float, float]:
    horizon = spec.horizon_days * MIN_PER_DAY
    origin = dt.datetime.combine(spec.start, dt.time())
    s, e = window_span_min(window, spec.start, spec.horizon_days)
    last = origin + dt.timedelta(days=spec.horizon_days)
    if s < 0 or e > horizon:
        raise ConfigError(
            f"{path}: window [{_stamp(origin, s)}, {_stamp(origin, e)}) lies outside the horizon "
            f"[{origin:%Y-%m-%d}, {last:%Y-%m-%d}) (start + horizon_days); allowed: "
            f"start_day >= 0, end_day <= {spec.horizon_days}"
        )
    if e <= s:
        raise ConfigError(f"{path}: window end is not after its start")
    return s, e


def _stamp(origin: dt.datetime, minutes: float) -> str:
    return f"{origin + dt.timedelta(minutes=minutes):%Y-%m-%d %H:%M}"


def window_intervals(
    window: Window, spec: ScenarioSpec, path: str = "window"
) -> list[tuple[float, float]]:
    """Disjoint sorted [start, end) spans [min since scenario start] covered by ``window``.

    Examples
    --------
    >>> from borderlever.scenarios.spec import ScenarioSpec, Window
    >>> spec = ScenarioSpec(name="x", description="", start="2019-04-01", horizon_days=14,
    ...                     ports={"codes": ["2402"]})
    >>> window_intervals(Window(weekdays=["saturday"], hours=(6, 14)), spec)  # 2019-04-01 a Monday
    [(7560.0, 8040.0), (17640.0, 18120.0)]
    """
    s, e = _span_min(window, spec, path)
    if window.weekdays is None and window.hours is None:
        return [(s, e)]
    origin_wd = spec.start.weekday()
    days = set(window.weekdays or WEEKDAYS)
    h0, h1 = window.hours if window.hours is not None else (0.0, 24.0)
    out: list[tuple[float, float]] = []
    for day in range(int(s // MIN_PER_DAY), int(-(-e // MIN_PER_DAY))):
        if WEEKDAYS[(origin_wd + day) % 7] not in days:
            continue
        lo = max(s, day * MIN_PER_DAY + h0 * 60)
        hi = min(e, day * MIN_PER_DAY + h1 * 60)
        if hi > lo:
            if out and out[-1][1] == lo:
                out[-1] = (out[-1][0], hi)
            else:
                out.append((lo, hi))
    if not out:
        raise ConfigError(f"{path}: the weekdays/hours leave no time inside the window")
    return out


def resolve(spec: ScenarioSpec, ports: pd.DataFrame, source: str = "") -> ResolvedScenario:
    """Check ``spec`` against the horizon and the store's ``ports`` and resolve it.

    Every problem is collected before anything is raised: one problem raises as itself, several
    as one :class:`ConfigError` listing them all, each line naming ``source`` (the file).

    Raises
    ------
    ConfigError, UnknownCodeError
        A window outside the horizon or empty, an unknown port code or state.
    """
    problems: list[BorderleverError] = []
    codes = select_ports(spec, ports, problems)
    known = sorted(ports["port_code"].astype(str))
    policies = []
    for i, pol in enumerate(spec.policies):
        if isinstance(pol, TariffPolicy):  # priced from trade flows, never simulated
            continue
        path = f"policies[{i}]"
        pol_ports = tuple(pol.ports) if pol.ports is not None else codes
        for code in pol_ports:
            if code not in known:
                problems.append(UnknownCodeError(f"port code ({path}.ports)", code, known))
            elif code not in codes:
                problems.append(
                    ConfigError(
                        f"{path}.ports: port {code} is not among the simulated ports (ports: "
                        f"...); allowed: {', '.join(codes)}"
                    )
                )
        try:
            intervals = window_intervals(pol.window, spec, f"{path}.window")
        except ConfigError as exc:
            problems.append(exc)
            continue
        policies.append(
            ResolvedPolicy(
                index=i,
                kind=pol.kind,
                port_codes=pol_ports,
                vehicle_classes=expand_classes(list(pol.classes)),
                intervals_min=tuple(intervals),
                parameters=pol.parameters.model_dump(mode="json"),
                directions=default_directions(pol.kind, pol.directions),
            )
        )
    if len(problems) == 1 and not source:
        raise problems[0]
    if problems:
        from borderlever.scenarios.messages import problem_list

        if len(problems) == 1 and isinstance(problems[0], UnknownCodeError):
            only = problems[0]
            raise UnknownCodeError(f"{only.kind} in {source}", only.value, only.known)
        raise problem_list(source or "scenario", [str(p) for p in problems])
    from borderlever.scenarios.overlaps import policy_overlaps

    notes = policy_overlaps(policies, spec, source)
    return ResolvedScenario(
        spec=spec, port_codes=codes, policies=tuple(policies), source=source, notes=tuple(notes)
    )


def default_directions(kind: str, given: Sequence[str] | None) -> tuple[str, ...]:
    """The directions a policy acts on: as given (sorted, unique), else both for a closure and
    northbound for the policies that act on inbound inspection.

    Examples
    --------
    >>> default_directions("closure", None), default_directions("lane_cut", None)
    (('northbound', 'southbound'), ('northbound',))
    """
    if given:
        return tuple(d for d in ("northbound", "southbound") if d in given)
    return ("northbound", "southbound") if kind == "closure" else ("northbound",)


def resolved_yaml(resolved: ResolvedScenario) -> str:
    """The resolved scenario as YAML (saved beside every result; loadable again as a scenario)."""
    import yaml

    doc = resolved.document()
    ports = doc.pop("resolved_port_codes")
    head = (
        f"# Resolved scenario {resolved.name} (base merged, defaults filled in).\n"
        f"# sha256 {resolved.hash}\n"
        f"# Simulated ports: {', '.join(ports)}\n"
    )
    return head + yaml.safe_dump(doc, sort_keys=False, allow_unicode=False, width=100)


def check_windows(spec: ScenarioSpec, source: str = "") -> list[str]:
    """The checks of :func:`resolve` that need no store: every window inside the horizon, no
    duplicate policy; returns the notes on overlapping policies."""
    from borderlever.scenarios.overlaps import policy_overlaps

    policies = []
    for i, pol in enumerate(spec.policies):
        if isinstance(pol, TariffPolicy):  # priced from trade flows, no window to check
            continue
        path = f"{source + ': ' if source else ''}policies[{i}]"
        policies.append(
            ResolvedPolicy(
                index=i,
                kind=pol.kind,
                port_codes=tuple(pol.ports) if pol.ports is not None else ("*",),
                vehicle_classes=expand_classes(list(pol.classes)),
                intervals_min=tuple(window_intervals(pol.window, spec, f"{path}.window")),
                parameters=pol.parameters.model_dump(mode="json"),
                directions=default_directions(pol.kind, pol.directions),
            )
        )
    return policy_overlaps(policies, spec, source)
