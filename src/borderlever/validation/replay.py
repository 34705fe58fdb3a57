"""Running one replay for the scorecard (the edge): BTS-comparable daily flows and date-matched
peak waits per replication, and the parameter draws of ``borderlever validate --parameters``.

``SimResult`` holds hourly waits only as a mean over replications, and per replication only
over the policy window (``SimResult.waits``).  The scorecard needs each replication's worst hour
on a published date, so :func:`run_replay` watches the replay's own simulation
(``observe``, :func:`borderlever.sim.simulate`) and keeps, per replication, the hourly mean
wait of the groups the published waits name: one simulation, no second run.  It checks that
their worst hour over the policy window equals the engine's own ``peak_hour_wait_min_window``
(computed apart, by :mod:`borderlever.sim.waits`): if the engine's wait accounting ever changes,
the scorecard stops with a message instead of comparing something else.  The economics, which
the scorecard does not use, is not run at all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from borderlever.validation.waits import peak_in, pooled_hourly, service_min, span_hours

#: Columns of :attr:`ReplayRun.date_waits`.
DATE_WAIT_COLUMNS = (
    "replication",
    "port_code",
    "vehicle_group",
    "date",
    "wait_min",
    "in_line_min",
    "window_wait_min",
    "window_in_line_min",
    "upstream_delay_min",
)


@dataclass(frozen=True, eq=False)
class ReplayRun:
    """What the scorecard reads from one replay run.

    ``daily``: ``SimResult.daily``.  ``date_waits``: per replication, port, vehicle group and
    published date (or span): the worst hour's mean queueing wait of the vehicles joining the
    line on those local days (``wait_min``), the same with the expected service along the
    stages added (``in_line_min``), both over the whole policy window (``window_*``), and the
    fixed upstream delay [min] (:mod:`borderlever.validation.waits`).
    """

    daily: pd.DataFrame
    date_waits: pd.DataFrame
    start: dt.date
    seconds: float


def _members(schedule: Any, compiled: Any, wanted: Sequence[tuple[str, str]]) -> np.ndarray:
    """(G, Q): the queues of each wanted (port_code, vehicle group)."""
    from borderlever.network.classes import CLASS_GROUPS

    ports = np.asarray(schedule.port_codes, dtype=object)[compiled.queue_port]
    classes = np.asarray(schedule.classes, dtype=object)[compiled.queue_class]
    return np.array(
        [(ports == p) & np.isin(classes, CLASS_GROUPS[g]) for p, g in wanted], dtype=bool
    ).reshape(len(wanted), len(compiled.qid))


class _HourlyWaits:
    """An ``observe`` hook (:func:`borderlever.sim.simulate`): per replication and wanted
    group, the hourly mean wait, the same with the expected service added, and whether any
    vehicle joined, from each batch's raw output (copied out of the reused buffer)."""

    def __init__(self, groups: Sequence[tuple[str, str]]) -> None:
        self.groups = list(groups)
        self.parts: list[tuple[int, np.ndarray, np.ndarray, np.ndarray]] = []
        self.member: np.ndarray | None = None
        self.svc: np.ndarray | None = None

    def __call__(self, first: int, raw: np.ndarray, compiled: Any, schedule: Any) -> None:
        from borderlever.sim import layout as L

        if self.member is None:
            self.member = _members(schedule, compiled, self.groups)
            self.svc = service_min(
                schedule.stage_share,
                schedule.service_mean_min,
                compiled.queue_port,
                compiled.queue_class,
                compiled.n_h,
            )
        n, wm = raw[..., L.K_WN], raw[..., L.K_WMEAN]
        seen = np.einsum("gq,rqh->rgh", self.member.astype(float), n) > 0
        wait = pooled_hourly(n, wm, self.member)
        in_line = pooled_hourly(n, wm, self.member, self.svc)
        self.parts.append((first, wait, in_line, seen))

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(wait, wait + service, seen), each (R, G, H), in replication order."""
        parts = sorted(self.parts, key=lambda p: p[0])
        return tuple(np.concatenate([p[i] for p in parts]) for i in (1, 2, 3))  # type: ignore[return-value]


def _check_window(
    peaks: np.ndarray, waits: pd.DataFrame, wanted: Sequence[tuple[str, str]]
) -> None:
    """Stop if the recomputed window peaks differ from the engine's (``SimResult.waits``)."""
    for g, (port, group) in enumerate(wanted):
        w = waits[(waits["port_code"] == port) & (waits["vehicle_class"] == group)]
        eng = w.sort_values("replication")["peak_hour_wait_min_window"].to_numpy(float)
        mine = peaks[:, g]
        if eng.shape != mine.shape or not np.allclose(
            mine, eng, rtol=1e-9, atol=1e-9, equal_nan=True
        ):
            raise RuntimeError(
                f"validation replay: the worst-hour waits recomputed for {port} {group} "
                f"({mine.tolist()}) differ from the engine's peak_hour_wait_min_window "
                f"({eng.tolist()}); the engine's wait accounting changed: update "
                "borderlever.validation.replay"
            )


def run_replay(
    resolved: Any,
    store: str | Path | None,
    wanted: Sequence[tuple[str, str, str]],
    *,
    values: Mapping[str, float] | None = None,
    engine: str = "fast",
) -> ReplayRun:
    """Simulate ``resolved`` (with its baseline) and the date-matched peaks of ``wanted``
    (port_code, vehicle group, date or span) per replication; ``values`` default to the
    scenario's parameters (:func:`~borderlever.scenarios.convert.scenario_values`)."""
    import time

    from borderlever.runs.pipeline import scenario_schedule, simulate_scenario
    from borderlever.scenarios.convert import scenario_values

    t0 = time.perf_counter()
    spec = resolved.spec
    vals = dict(values) if values is not None else scenario_values(spec)
    schedule = scenario_schedule(resolved, store, vals)
    groups = sorted({(p, g) for port, g, _d in wanted for p in port.split("+")})
    watch = _HourlyWaits(groups) if groups else None
    result = simulate_scenario(resolved, schedule, vals, engine, observe=watch)
    rows: list[dict] = []
    if watch is not None:
        wait, in_line, seen = watch.arrays()
        lo_h, hi_h = result.meta.get("window_h", (0, wait.shape[-1]))
        window = (int(lo_h), int(hi_h))
        w_wait = peak_in(wait, seen, window)
        _check_window(w_wait, result.waits, groups)
        w_line = peak_in(in_line, seen, window)
        up = result.waits.drop_duplicates(["port_code", "vehicle_class"]).set_index(
            ["port_code", "vehicle_class"]
        )["upstream_delay_min"]
        n_hours = int(spec.horizon_days) * 24
        for date in sorted({d for _p, _g, d in wanted}):
            hours = span_hours(date, spec.start, n_hours)
            d_wait, d_line = peak_in(wait, seen, hours), peak_in(in_line, seen, hours)
            for g, (port, group) in enumerate(groups):
                for r in range(wait.shape[0]):
                    rows.append(
                        {
                            "replication": r,
                            "port_code": port,
                            "vehicle_group": group,
                            "date": date,
                            "wait_min": d_wait[r, g],
                            "in_line_min": d_line[r, g],
                            "window_wait_min": w_wait[r, g],
                            "window_in_line_min": w_line[r, g],
                            "upstream_delay_min": float(up.get((port, group), 0.0)),
                        }
                    )
    return ReplayRun(
        daily=result.daily,
        date_waits=pd.DataFrame(rows, columns=list(DATE_WAIT_COLUMNS)),
        start=spec.start,
        seconds=time.perf_counter() - t0,
    )


def sim_parameter_names() -> list[str]:
    """The registry parameters a ``--parameters`` pass draws: every row acting on the simulation
    (``acts_on`` sim, which every ``behaviour.*`` and ``staffing.*`` row does) whose distribution
    is not fixed."""
    from borderlever.parameters import registry

    return [
        p.name
        for p in registry().values()
        if (p.acts_on == "sim" or p.group in ("behaviour", "staffing"))
        and p.distribution != "fixed"
    ]


def parameter_points(resolved: Any, n: int) -> list[Any]:
    """``n`` resolved scenarios, each ``resolved`` with one draw of :func:`sim_parameter_names`
    and one replication.

    The project's sampler (:func:`~borderlever.uncertainty.sweep.plan_sweep`): a Latin hypercube
    seeded with the scenario's seed, each parameter over its registry range and distribution with
    a triangular mode at the scenario's own value; each draw's replication seed derived from its
    values (``seeds="independent"``), so the spread covers parameters and replication noise.
    """
    from borderlever.scenarios.convert import scenario_values
    from borderlever.uncertainty.design import registry_factors
    from borderlever.uncertainty.sweep import plan_sweep, point_scenario

    factors = registry_factors(sim_parameter_names(), centre=scenario_values(resolved.spec))
    sweep = plan_sweep(
        resolved,
        factors,
        name=f"{resolved.name}-validate",
        method="lhs",
        points=int(n),
        seed=int(resolved.spec.seed),
        replications=1,
        seeds="independent",
    )
    return [point_scenario(sweep, int(i)) for i in sweep.points["point_id"]]


def clip_to_horizon(doc: Mapping[str, Any], days: int) -> dict[str, Any]:
    """A scenario document (``model_dump(mode="json")``) cut to its first ``days`` days.

    A scenario's policy windows must lie inside its horizon, so a replay whose policies change
    in its later months (the 2019 officers returned in two steps) cannot simply be given a
    shorter horizon: a window that ends after the new horizon ends at it, and a policy whose
    window starts at or after it is dropped (it does not act in those days).  Policies without
    a ``window`` (tariffs) are kept as they are.  Spans are read as the resolver reads them
    (:func:`~borderlever.scenarios.resolve.window_span_min`).
    """
    from borderlever.scenarios.loading import spec_from_document
    from borderlever.scenarios.resolve import window_span_min

    spec = spec_from_document(doc, source="clip_to_horizon")
    cut_min = float(days) * 24 * 60
    policies = []
    for model, policy in zip(spec.policies, doc.get("policies") or [], strict=True):
        window = getattr(model, "window", None)
        if window is None:
            policies.append(policy)
            continue
        first, last = window_span_min(window, spec.start, spec.horizon_days)
        if first >= cut_min:
            continue
        win = policy["window"]
        if last > cut_min and window.end is not None:
            end = dt.datetime.combine(spec.start, dt.time()) + dt.timedelta(days=int(days))
            win = {**win, "end": end.isoformat()}
        elif last > cut_min and window.end_day is not None:
            win = {**win, "end_day": float(days)}
        policies.append({**policy, "window": win})
    return {**doc, "horizon_days": int(days), "policies": policies}


def with_horizon(resolved: Any, days: int, store: str | Path | None) -> Any:
    """``resolved`` cut to ``days`` (quick mode), re-resolved (:func:`clip_to_horizon`)."""
    from borderlever.runs.pipeline import resolve_scenario
    from borderlever.scenarios.loading import spec_from_document

    spec = resolved.spec
    if days >= spec.horizon_days:
        return resolved
    doc = clip_to_horizon(spec.model_dump(mode="json"), int(days))
    return resolve_scenario(spec_from_document(doc, source="quick"), store=store)
