"""Sweeps: many runs of one scenario over a design of parameter values, streamed to Parquet.

A :class:`Sweep` is a plan: the base scenario, the varied factors, one row per point (its values,
its seed and its *simulation group*).  Points whose simulation parameters (and seed) are equal
form one group: the group is simulated once and each of its points only re-priced, so varying
economics-only parameters costs no new simulation.  :func:`run_sweep` evaluates the groups
serially or on Dask (:mod:`borderlever.uncertainty.cluster`); each group writes one Parquet file
per point under ``results/sim_group=<g>/`` and returns only a few timings, so memory stays bounded
whatever the sweep's size.  A point already written is never recomputed: a killed sweep resumes.

Seeds: with ``seeds="common"`` every point runs the scenario's seed (common random numbers: the
difference between two points is their parameters', not noise); with ``"independent"`` a point's
seed is derived from its simulation-parameter values alone.  Either way a point's numbers depend on
nothing but the point, so it gives the same numbers alone, in any order, serially or distributed.

Layout of a sweep folder: ``sweep.json`` (plan, base scenario, factors), ``points.parquet``
(point_id, sim_group, seed, scenario_hash, scenario_yaml, one column per factor),
``results/sim_group=<g>/point-<id>.parquet`` (long: point_id, replication, seed, output, value).
"""

from __future__ import annotations

import dataclasses
import fnmatch
import hashlib
import json
import os
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from borderlever.errors import ConfigError
from borderlever.uncertainty.design import (
    Factor,
    grid_design,
    nested_unit_design,
    to_values,
    unit_design,
)

Progress = Callable[[int, int], None]
RESULT_COLUMNS = ("point_id", "replication", "seed", "output", "value")


@dataclass(frozen=True, eq=False)
class Sweep:
    """A planned sweep (see the module docstring); build one with :func:`plan_sweep`."""

    name: str
    resolved: Any  # ResolvedScenario, with the sweep's replications
    factors: tuple[Factor, ...]
    method: str
    points: pd.DataFrame
    unit: np.ndarray
    outputs: tuple[str, ...] = ("*",)
    seeds: str = "common"
    store: str | None = None
    engine: str = "fast"

    @property
    def sim_factors(self) -> list[str]:
        """Names of the factors that act on the simulation."""
        return [f.name for f in self.factors if f.acts_on == "sim"]

    def point_values(self, point_id: int) -> dict[str, float]:
        """The factor values of one point [their units]."""
        row = self.points.loc[self.points["point_id"] == point_id].iloc[0]
        return {f.name: float(row[f.name]) for f in self.factors}


def point_seed(base_seed: int, sim_values: Mapping[str, float], seeds: str) -> int:
    """The simulation seed of a point: the scenario's (common) or derived from its sim values.

    Examples
    --------
    >>> point_seed(7, {"behaviour.defer_share": 0.5}, "common")
    7
    >>> a = point_seed(7, {"behaviour.defer_share": 0.5}, "independent")
    >>> a == point_seed(7, {"behaviour.defer_share": 0.5}, "independent") != 7
    True
    """
    if seeds == "common" or not sim_values:
        return int(base_seed)
    text = json.dumps({k: repr(float(v)) for k, v in sorted(sim_values.items())})
    digest = int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "little")
    return int(np.random.SeedSequence([int(base_seed), digest]).generate_state(1)[0] >> 1)


def _design(
    method: str,
    factors: Sequence[Factor],
    points: int,
    seed: int,
    levels: int,
    sim_points: int | None,
    grid_values: Mapping[str, Sequence[float]] | None,
) -> tuple[np.ndarray, np.ndarray]:
    """(unit design, values) for the method; a grid's unit design is its values rescaled."""
    if method == "grid":
        axes = {
            f.name: list((grid_values or {}).get(f.name, np.linspace(f.low, f.high, levels)))
            for f in factors
        }
        values = grid_design(factors, axes)
        low = np.array([f.low for f in factors])
        span = np.array([max(f.high - f.low, 1e-300) for f in factors])
        return (values - low) / span, values
    if method == "lhs" and sim_points is not None:
        unit = nested_unit_design(factors, points, sim_points, seed)
    else:
        unit = unit_design(method, len(factors), points, seed, levels)
    return unit, to_values(unit, factors)


def plan_sweep(
    resolved: Any,
    factors: Sequence[Factor],
    *,
    name: str = "sweep",
    method: str = "lhs",
    points: int = 16,
    seed: int = 1,
    levels: int = 4,
    sim_points: int | None = None,
    grid_values: Mapping[str, Sequence[float]] | None = None,
    replications: int | None = None,
    seeds: str = "common",
    outputs: Sequence[str] = ("*",),
    store: str | Path | None = None,
    engine: str = "fast",
) -> Sweep:
    """Plan a sweep of ``resolved`` (a ``ResolvedScenario``) over ``factors``.

    Parameters
    ----------
    resolved : ResolvedScenario
        The base scenario (its ``parameters`` and blocks hold for every point unless varied).
    factors : sequence of Factor
        The varied parameters (:func:`~borderlever.uncertainty.design.registry_factors`).
    method, points, seed, levels, sim_points, grid_values
        The design (:class:`~borderlever.scenarios.sweep.Design`).
    replications : int, optional
        Replications per point (default: the scenario's).
    seeds : {"common", "independent"}
        See :func:`point_seed`.
    outputs : sequence of str
        Shell patterns of the summary paths kept (``"*"``: every headline figure).
    """
    if not factors:
        raise ConfigError("a sweep varies at least one parameter")
    if seeds not in ("common", "independent"):
        raise ConfigError(f"seeds: {seeds!r} is not 'common' or 'independent'")
    spec = resolved.spec
    if replications is not None and replications != spec.replications:
        spec = spec.model_copy(update={"replications": int(replications)})
        resolved = dataclasses.replace(resolved, spec=spec)
    unit, values = _design(method, factors, points, seed, levels, sim_points, grid_values)
    frame = pd.DataFrame(values, columns=[f.name for f in factors])
    sim_names = [f.name for f in factors if f.acts_on == "sim"]
    frame.insert(0, "point_id", np.arange(len(frame), dtype=np.int64))
    frame.insert(
        1,
        "seed",
        [
            point_seed(spec.seed, {k: row[k] for k in sim_names}, seeds)
            for _, row in frame.iterrows()
        ],
    )
    keys = frame[["seed", *sim_names]].round(12).astype(str).agg("|".join, axis=1)
    frame.insert(1, "sim_group", pd.factorize(keys)[0].astype(np.int64))
    return Sweep(
        name=name,
        resolved=resolved,
        factors=tuple(factors),
        method=method,
        points=frame,
        unit=unit,
        outputs=tuple(outputs),
        seeds=seeds,
        store=None if store is None else str(store),
        engine=engine,
    )


def point_scenario(sweep: Sweep, point_id: int) -> Any:
    """The resolved scenario of one point: the base with the point's values and seed.

    Running it alone (``borderlever run`` on its YAML) gives the sweep's numbers for the point.
    """
    row = sweep.points.loc[sweep.points["point_id"] == point_id].iloc[0]
    spec = sweep.resolved.spec
    params = {**spec.parameters, **sweep.point_values(point_id)}
    new = spec.model_copy(update={"parameters": params, "seed": int(row["seed"])})
    return dataclasses.replace(sweep.resolved, spec=new)


def _point_file(folder: Path, group: int, point_id: int) -> Path:
    return folder / "results" / f"sim_group={group:05d}" / f"point-{point_id:06d}.parquet"


def missing_points(sweep: Sweep, folder: Path) -> pd.DataFrame:
    """Points of ``sweep`` with no result file in ``folder`` yet."""
    done = [
        _point_file(folder, int(g), int(p)).exists()
        for g, p in zip(sweep.points["sim_group"], sweep.points["point_id"], strict=True)
    ]
    return sweep.points.loc[~np.asarray(done, dtype=bool)]


#: Per-process caches (one worker prices many points of one scenario): schedule and store frames,
#: keyed by (scenario hash, store).
_SCHEDULES: dict[tuple[str, str | None, tuple[float, ...]], Any] = {}
_ECON_INPUTS: dict[tuple[str, str | None], dict[str, Any]] = {}


def _cached_schedule(resolved: Any, store: str | None, values: dict[str, float]) -> Any:
    from borderlever.network.staffing import STAFFING_PARAMETERS
    from borderlever.runs.pipeline import scenario_schedule

    # the schedule depends on the scenario and the staffing.* parameters (network and schedule)
    staffing = tuple(float(values[n]) for n in STAFFING_PARAMETERS.values())
    key = (resolved.hash, store, staffing)
    if key not in _SCHEDULES:
        _SCHEDULES.clear()
        _SCHEDULES[key] = scenario_schedule(resolved, store, values)
    return _SCHEDULES[key]


def _cached_economics_inputs(resolved: Any, store: str | None) -> dict[str, Any]:
    from borderlever.runs.pipeline import economics_inputs

    key = (resolved.hash, store)
    if key not in _ECON_INPUTS:
        _ECON_INPUTS.clear()
        _ECON_INPUTS[key] = economics_inputs(resolved, store)
    return _ECON_INPUTS[key]


def _keep(outputs: Sequence[str], name: str) -> bool:
    return any(fnmatch.fnmatchcase(name, pat) for pat in outputs)


def _needs_economics(outputs: Sequence[str]) -> bool:
    """Whether any kept output is an economics figure (else points are not priced at all).

    Examples
    --------
    >>> _needs_economics(["totals.*"]), _needs_economics(["*"]), _needs_economics(["economics.*"])
    (False, True, True)
    """
    probes = ("economics.cost_usd.USA", "economics.cost_gdp_share.USA", "economics.leverage_ratio")
    return any(_keep(outputs, p) for p in probes)


def _write_atomic(frame: pd.DataFrame, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    frame.to_parquet(tmp, index=False)
    os.replace(tmp, path)


def _figures(resolved: Any, sim: Any, econ: Any) -> dict[str, np.ndarray]:
    from borderlever.runs.headline import headline_by_replication
    from borderlever.runs.result import RunOutput

    out = RunOutput(
        resolved=resolved,
        daily=sim.daily,
        hourly=None,
        ports=pd.DataFrame(),
        engine="",
        economics=econ,
        data_vintages={},
        sources=[],
        timings_s={},
        extra={},
    )
    return headline_by_replication(out)


def evaluate_group(sweep: Sweep, point_ids: Sequence[int], folder: str | Path) -> dict[str, Any]:
    """Simulate one simulation group once, price each of ``point_ids`` and write their files.

    Returns timings only (``load_s`` reading the store's schedule and frames, zero once this
    process has them for the group's staffing values; ``sim_s``; ``econ_s`` per point;
    ``points``), never the results.
    """
    from borderlever.runs.pipeline import run_economics, simulate_scenario
    from borderlever.scenarios.convert import scenario_values

    folder = Path(folder)
    ids = [int(p) for p in point_ids]
    resolved = point_scenario(sweep, ids[0])
    group = int(sweep.points.loc[sweep.points["point_id"] == ids[0], "sim_group"].iloc[0])
    t0 = time.perf_counter()
    sim_values = scenario_values(resolved.spec)
    schedule = _cached_schedule(sweep.resolved, sweep.store, sim_values)
    priced = _needs_economics(sweep.outputs)
    inputs = _cached_economics_inputs(sweep.resolved, sweep.store) if priced else {}
    # reading the store and building the schedule: once per process (cached), again only where
    # the group's staffing.* values differ from the last group's
    load_s = time.perf_counter() - t0
    sim = simulate_scenario(resolved, schedule, sim_values, sweep.engine)
    sim_s = time.perf_counter() - t0 - load_s
    econ_s = []
    for pid in ids:
        t1 = time.perf_counter()
        point = point_scenario(sweep, pid)
        econ = None
        if priced:
            econ, _ = run_economics(point, sim, sweep.store, scenario_values(point.spec), inputs)
        figures = _figures(point, sim, econ)
        rows = [
            (pid, rep, int(point.spec.seed), name, float(v))
            for name, vals in sorted(figures.items())
            if _keep(sweep.outputs, name)
            for rep, v in enumerate(vals)
        ]
        frame = pd.DataFrame(rows, columns=list(RESULT_COLUMNS))
        frame = frame.astype({"point_id": "int64", "replication": "int32", "seed": "int64"})
        _write_atomic(frame, _point_file(folder, group, pid))
        econ_s.append(time.perf_counter() - t1)
    return {
        "sim_group": group,
        "points": len(ids),
        "load_s": load_s,
        "sim_s": sim_s,
        "econ_s": econ_s,
        "max_rss_mb": _max_rss_mb(),
    }


def _max_rss_mb() -> float:
    """Peak resident memory of this process so far [MB] (Linux and macOS)."""
    import resource
    import sys

    rss = float(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    return rss / (1024.0 * 1024.0) if sys.platform == "darwin" else rss / 1024.0


def write_plan(sweep: Sweep, folder: Path) -> None:
    """Write ``sweep.json`` and ``points.parquet`` (a rerun checks it continues the same plan)."""
    from borderlever import __version__
    from borderlever.scenarios.resolve import resolved_yaml

    folder.mkdir(parents=True, exist_ok=True)
    plan = {
        "name": sweep.name,
        "scenario_hash": sweep.resolved.hash,
        "scenario_yaml": resolved_yaml(sweep.resolved),
        "method": sweep.method,
        "seeds": sweep.seeds,
        "replications": sweep.resolved.spec.replications,
        "outputs": list(sweep.outputs),
        "factors": [dataclasses.asdict(f) for f in sweep.factors],
        "points": len(sweep.points),
        "sim_groups": int(sweep.points["sim_group"].nunique()),
        "engine": sweep.engine,
        "package_version": __version__,
    }
    path = folder / "sweep.json"
    if path.exists():
        old = json.loads(path.read_text(encoding="utf-8"))
        keep = ("scenario_hash", "method", "seeds", "replications", "outputs", "factors", "points")
        changed = [k for k in keep if old.get(k) != plan.get(k)]
        if changed:
            raise ConfigError(
                f"{folder} holds a different sweep ({', '.join(changed)} differ): "
                "choose another --out folder or delete it"
            )
    path.write_text(json.dumps(plan, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    pts = sweep.points.copy()
    scen = [point_scenario(sweep, int(p)) for p in pts["point_id"]]
    pts["scenario_hash"] = [s.hash for s in scen]
    pts["scenario_yaml"] = [resolved_yaml(s) for s in scen]
    _write_atomic(pts, folder / "points.parquet")


@dataclass(frozen=True)
class SweepRun:
    """What :func:`run_sweep` did: the folder, points computed now and before, timings [s]
    (``wall_s`` from the first task, without a cluster's start-up; ``load_s``, ``sim_s`` and
    ``econ_s`` summed over tasks: reading the store, simulating, pricing), simulation groups run,
    and the largest peak memory of a task's process [MB]."""

    folder: Path
    computed: int
    skipped: int
    wall_s: float
    sim_s: float
    econ_s: float
    workers: int
    groups: int = 0
    max_rss_mb: float = 0.0
    load_s: float = 0.0

    def results(self, wide: bool = False) -> pd.DataFrame:
        """The sweep's results (see :func:`load_results`)."""
        return load_results(self.folder, wide=wide)


def run_sweep(
    sweep: Sweep,
    folder: str | Path,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    progress: Progress | None = None,
) -> SweepRun:
    """Evaluate every missing point of ``sweep`` into ``folder``.

    Parameters
    ----------
    workers : int, optional
        Start a Dask ``LocalCluster`` with this many single-threaded worker processes; ``None``
        or 0 with no ``scheduler``: run serially in this process.
    scheduler : str, optional
        Address of a running Dask scheduler (``tcp://host:port``); its workers must see
        ``folder`` (a shared file system) and the store.
    progress : callable, optional
        ``progress(points_done, points_total)`` over the whole sweep.
    """
    from borderlever.uncertainty.cluster import runner

    folder = Path(folder)
    write_plan(sweep, folder)
    todo = missing_points(sweep, folder)
    total = len(sweep.points)
    skipped = total - len(todo)
    tasks = [[int(p) for p in g["point_id"]] for _, g in todo.groupby("sim_group", sort=True)]
    done = skipped
    sim_s = econ_s = load_s = 0.0
    report = progress or (lambda d, t: None)
    report(done, total)
    max_rss = 0.0
    with runner(workers, scheduler) as run:
        t0 = time.perf_counter()  # the tasks' time, not the cluster's start-up
        n_workers = run.n_workers
        for info in run.map(evaluate_group, sweep, tasks, str(folder)):
            done += int(info["points"])
            sim_s += float(info["sim_s"])
            load_s += float(info.get("load_s", 0.0))
            econ_s += float(sum(info["econ_s"]))
            max_rss = max(max_rss, float(info.get("max_rss_mb", 0.0)))
            report(done, total)
        wall = time.perf_counter() - t0
    return SweepRun(
        folder=folder,
        computed=total - skipped,
        skipped=skipped,
        wall_s=wall,
        sim_s=sim_s,
        econ_s=econ_s,
        workers=n_workers,
        groups=len(tasks),
        max_rss_mb=max_rss,
        load_s=load_s,
    )


def load_results(folder: str | Path, wide: bool = False) -> pd.DataFrame:
    """The results of a sweep folder, long (one row per point, replication and output) or wide
    (one row per point and replication, one column per output, then the point's parameters)."""
    folder = Path(folder)
    files = sorted((folder / "results").glob("sim_group=*/point-*.parquet"))
    if not files:
        return pd.DataFrame(columns=list(RESULT_COLUMNS))
    long = pd.concat([pd.read_parquet(f) for f in files], ignore_index=True)
    long = long.sort_values(["point_id", "output", "replication"], kind="stable")
    long = long.reset_index(drop=True)
    if not wide:
        return long
    table = long.pivot_table(
        index=["point_id", "replication", "seed"], columns="output", values="value", dropna=False
    ).reset_index()
    table.columns.name = None
    points = pd.read_parquet(folder / "points.parquet").drop(
        columns=["seed", "scenario_yaml"], errors="ignore"
    )
    return table.merge(points, on="point_id", how="left")
