"""``borderlever.run`` and ``borderlever.load``: one scenario in, one :class:`Run` out.

A :class:`Run` holds what a reader needs and nothing of the runner: the summary (the same dict as
``summary.json``), the tidy frames, the resolved scenario document, the notes (assumptions and
sources) and the manifest.  Reports, the CLI and the service use only these.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
import yaml

from borderlever.errors import ConfigError
from borderlever.scenarios import ScenarioSpec

if TYPE_CHECKING:
    from borderlever.runs.folder import Staging

#: ``progress(step, done, total)``: step is ``network``, ``simulate`` (done/total replications),
#: ``economics``, ``report``.
Progress = Callable[[str, int, int], None]
#: Economics tables of a run (tidy frames; see :class:`borderlever.runs.EconomicsFigures`).
ECONOMICS_TABLES = ("cost_by_country", "cost_by_sector", "cost_by_state", "leverage_by_day")
#: Files of a run folder that :func:`load` reads and :meth:`Run.write` copies.
RUN_FILES = ("summary.json", "scenario.yaml", "manifest.json", "report.html")


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True, eq=False)
class Run:
    """One run: its summary, tidy frames, resolved scenario, notes and manifest.

    Attributes
    ----------
    summary : dict
        The same dict as ``summary.json`` (docs/summary-schema.md).
    scenario : dict
        The resolved scenario (base merged, defaults filled in), as in ``scenario.yaml``.
    frames : dict of str to DataFrame
        ``daily`` (one row per replication x port x class x day), ``hourly`` (the engine's hourly
        means), ``ports`` (code, name, state, border, lat, lon) and, with economics,
        ``cost_by_country``, ``cost_by_sector``, ``cost_by_state``, ``leverage_by_day``.
    notes : tuple of str
        Assumptions and sources the report lists.
    manifest : dict
        Provenance: host, times, durations, versions (differs between reruns; not in summary).
    """

    summary: dict[str, Any]
    scenario: dict[str, Any]
    frames: dict[str, pd.DataFrame]
    notes: tuple[str, ...] = ()
    manifest: dict[str, Any] = field(default_factory=dict)
    _output: Any = field(default=None, repr=False)
    _source: Path | None = field(default=None, repr=False)

    @property
    def name(self) -> str:
        """The scenario's name."""
        return str(self.summary["scenario"]["name"])

    @property
    def daily(self) -> pd.DataFrame:
        """Per replication, port, vehicle class and day (docs/sim.md)."""
        return self.frames.get("daily", pd.DataFrame())

    @property
    def hourly(self) -> pd.DataFrame:
        """Per port, vehicle class and hour: the engine's means over replications."""
        return self.frames.get("hourly", pd.DataFrame())

    @property
    def ports(self) -> pd.DataFrame:
        """The simulated ports: code, name, state, border, lat, lon."""
        return self.frames.get("ports", pd.DataFrame())

    @property
    def economics(self) -> dict[str, pd.DataFrame]:
        """The economics tables by name (empty where the run has no economics)."""
        return {n: self.frames[n] for n in ECONOMICS_TABLES if n in self.frames}

    @property
    def sentence(self) -> str:
        """The one sentence that answers the question, with its intervals."""
        from borderlever.reports.figures import port_borders, port_names
        from borderlever.reports.headline import sentence

        return sentence(
            self.summary, self.scenario, port_names(self.frames), port_borders(self.frames)
        )

    def report(self) -> str:
        """The self-contained HTML report (the same page as ``report.html``)."""
        from borderlever.reports.html import render

        return render(
            self.summary,
            self.frames,
            scenario=self.scenario,
            notes=self.notes,
            manifest=self.manifest,
        )

    def write(
        self, folder: str | Path | Staging | None = None, *, png: bool = False, force: bool = False
    ) -> Path:
        """Write the run folder (the same files as ``borderlever run``) and return its path.

        The folder is written aside and swapped in, ``complete.json`` last
        (:mod:`borderlever.runs.folder`): it holds the previous complete run or this one, never a
        mixture, whatever happens during the write.

        Parameters
        ----------
        folder : path or Staging, optional
            Default ``out/<scenario-name>``; a :class:`~borderlever.runs.folder.Staging` opened
            (checked and locked) by the caller before the simulation, as the CLI does.
        png : bool
            Also export every figure as PNG (needs kaleido and a Chromium).
        force : bool
            Replace a non-empty folder that holds no borderlever run (kept beside it).
        """
        from borderlever.runs.folder import Staging, staged_folder

        target: Path | Staging = (
            folder
            if isinstance(folder, Staging)
            else Path(folder)
            if folder is not None
            else Path("out") / self.name
        )
        dest = target.dest if isinstance(target, Staging) else target
        if self._output is None:
            if isinstance(target, Staging):
                self._copy(target.path, png)
            else:
                assert self._source is not None
                if dest.resolve() == self._source.resolve():
                    return dest
                with staged_folder(dest, force=force) as stage:
                    self._copy(stage.path, png)
            return dest
        from borderlever.runs.outputs import write_run

        write_run(
            self._output,
            target,
            started_utc=self.manifest.get("started_utc", _now()),
            finished_utc=self.manifest.get("finished_utc", _now()),
            report=self._report_writer(png),
            argv=[str(self.manifest.get("command", ""))],
            force=force,
        )
        return dest

    def _report_writer(self, png: bool) -> Callable[[dict[str, Any], dict[str, Any], Path], None]:
        from borderlever.reports.figures import all_figures
        from borderlever.reports.html import render

        def write_report(summary: dict[str, Any], manifest: dict[str, Any], dest: Path) -> None:
            figures = all_figures(summary, self.frames)
            page = render(
                summary,
                self.frames,
                scenario=self.scenario,
                notes=self.notes,
                manifest=manifest,
                figures=figures,
            )
            (dest / "report.html").write_text(page, encoding="utf-8")
            if png:
                from borderlever.reports.png import export_pngs

                export_pngs(figures, dest / "png")

        return write_report

    def _copy(self, dest: Path, png: bool) -> Path:
        """Write a loaded run into the staging folder ``dest``: copy its files, render the report."""
        assert self._source is not None
        for path in sorted(self._source.iterdir()):
            if path.is_file() and (path.name in RUN_FILES or path.suffix in (".parquet", ".csv")):
                shutil.copyfile(path, dest / path.name)
        self._report_writer(png)(self.summary, self.manifest, dest)
        return dest

    def __repr__(self) -> str:
        return (
            f"Run({self.name!r}, seed={self.summary['seed']}, "
            f"replications={self.summary['replications']}): {self.sentence}"
        )

    def _repr_html_(self) -> str:
        """Notebooks show the answer and its key figures."""
        from borderlever.reports.sections import ReportContext, answer

        return answer(ReportContext(self.summary, self.frames, self.scenario))


def scenario_spec(
    scenario: str | Path | Mapping[str, Any] | ScenarioSpec, overrides: Mapping[str, Any]
) -> tuple[ScenarioSpec, str]:
    """Validate ``scenario`` (name, path, dict or spec) with ``overrides`` laid on top.

    Returns the spec and where it came from (for messages and the manifest).  Every problem is
    reported at once, naming the file (or "scenario given as a dict") and the key path.
    """
    from borderlever.scenarios.loading import (
        deep_merge,
        find_scenario,
        merged_document,
        spec_from_document,
    )

    if isinstance(scenario, ScenarioSpec):
        doc, source = scenario.model_dump(mode="json", exclude={"base"}), "scenario object"
    elif isinstance(scenario, Mapping):
        doc, source = dict(scenario), "scenario given as a dict"
        if doc.get("base") is not None:
            base = merged_document(find_scenario(str(doc["base"])))
            layer = {k: v for k, v in doc.items() if k != "base"}
            doc = deep_merge({k: v for k, v in base.items() if k != "name"}, layer)
    else:
        path = find_scenario(scenario)
        doc, source = merged_document(path), str(path)
    given = {k: v for k, v in overrides.items() if v is not None}
    if given:
        doc = deep_merge(doc, given)
        source += f" (with {', '.join(f'{k}=' for k in sorted(given))})"
    return spec_from_document(doc, source=source), source


def run(
    scenario: str | Path | Mapping[str, Any] | ScenarioSpec,
    *,
    store: str | Path | None = None,
    progress: Progress | None = None,
    engine: str = "fast",
    uncertainty: int | None = None,
    point_replications: int = 4,
    sim_points: int | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    uncertainty_dir: str | Path | None = None,
    **overrides: Any,
) -> Run:
    """Simulate and price one scenario.

    Parameters
    ----------
    scenario : str, path, dict or ScenarioSpec
        A library name (``borderlever scenarios list``), a YAML file, or the scenario as a dict
        (the same keys as a file; ``base`` works too).
    store : path, optional
        The DuckDB store (default ``$BORDERLEVER_STORE``; built from the bundled tables if absent).
    progress : callable, optional
        ``progress(step, done, total)``; ``simulate`` reports per batch of replications.
    engine : {"fast", "reference"}
        The numba engine, or the SimPy reference (slow).
    uncertainty : int, optional
        Also run a sample of this many parameter sets around the scenario and split every
        headline interval into replication noise and parameter uncertainty, with its drivers
        (:func:`borderlever.uncertainty.analysis.parameter_uncertainty`).
    point_replications, sim_points : int
        Replications per sampled point; distinct simulation-parameter sets (default N / 4).
    workers, scheduler
        Run the sample on a local Dask cluster of ``workers`` processes, or on the cluster at
        ``scheduler`` (``tcp://host:port``); default: in this process.
    uncertainty_dir : path, optional
        Where the sample is written (rerunning resumes it); default a folder per scenario hash
        and sample size in the user cache.
    **overrides
        Top-level scenario keys laid over the scenario: ``replications=2``, ``seed=7``,
        ``horizon_days=10``, ``reactions={"defer_share": 0.3}`` (mappings merge key by key).

    Returns
    -------
    Run

    Raises
    ------
    ConfigError
        A bad scenario or override, listing every problem with its key path.

    Examples
    --------
    >>> import borderlever as bl
    >>> r = bl.run("laredo-lanes-halved", replications=1, horizon_days=3)  # doctest: +SKIP
    >>> r.summary["replications"]                                           # doctest: +SKIP
    1
    """
    from borderlever.runs.pipeline import resolve_scenario, run_scenario

    started, t0 = _now(), time.perf_counter()
    spec, source = scenario_spec(scenario, overrides)
    _ensure_default_store(store, progress)
    resolved = resolve_scenario(spec, store=store, source=source)
    out = run_scenario(resolved, store=store, engine=engine, progress=progress)
    if uncertainty is not None:
        from borderlever.uncertainty.analysis import default_sample_dir, parameter_uncertainty

        report = progress or (lambda step, done, total: None)
        out.extra["uncertainty"] = parameter_uncertainty(
            out,
            uncertainty_dir or default_sample_dir(resolved, uncertainty, point_replications),
            points=uncertainty,
            sim_points=sim_points,
            replications=point_replications,
            workers=workers,
            scheduler=scheduler,
            store=store,
            engine=engine,
            progress=lambda done, total: report("uncertainty", done, total),
        )
    result = from_output(out, started_utc=started, finished_utc=_now())
    result.manifest["durations_s"]["total_s"] = round(time.perf_counter() - t0, 3)
    return result


def _ensure_default_store(store: str | Path | None, progress: Progress | None) -> None:
    """Build the default store quietly (raw files if found, else the bundled tables) if absent."""
    from borderlever.data.paths import resolve_store

    if store is not None or resolve_store(None).exists():
        return
    from borderlever.data.build import build_store

    report = progress or (lambda step, done, total: None)
    report("store", 0, 1)
    build_store(store=resolve_store(None), progress=False)
    report("store", 1, 1)


def from_output(
    out: Any, *, started_utc: str, finished_utc: str, argv: list[str] | None = None
) -> Run:
    """The :class:`Run` of a runner's ``RunOutput`` (summary built, frames gathered)."""
    from borderlever.runs.outputs import manifest, run_notes
    from borderlever.runs.summary import build_summary
    from borderlever.scenarios.resolve import resolved_yaml

    frames: dict[str, pd.DataFrame] = {"daily": out.daily, "ports": out.ports}
    if out.hourly is not None:
        frames["hourly"] = out.hourly
    if out.economics is not None:
        frames |= {n: getattr(out.economics, n) for n in ECONOMICS_TABLES}
    return Run(
        summary=build_summary(out),
        scenario=yaml.safe_load(resolved_yaml(out.resolved)),
        frames=frames,
        notes=tuple(run_notes(out)),
        manifest=manifest(out, started_utc, finished_utc, argv if argv is not None else sys.argv),
        _output=out,
    )


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(
            f"{path}: cannot read ({exc}); the run folder is damaged: run the scenario again"
        ) from None


def load(folder: str | Path) -> Run:
    """A run written by ``borderlever run`` or :meth:`Run.write`, read back.

    Raises
    ------
    ConfigError
        ``folder`` is not a run folder, or a file in it cannot be read.
    """
    from borderlever.runs.folder import verify_run_folder

    path = Path(folder)
    if not (path / "summary.json").is_file() or not (path / "scenario.yaml").is_file():
        raise ConfigError(
            f"{path}: not a run folder (needs summary.json and scenario.yaml); write one with "
            "`borderlever run SCENARIO --out FOLDER` or Run.write(FOLDER)"
        )
    verify_run_folder(path)  # complete.json present and every file it lists unchanged
    summary = _read_json(path / "summary.json")
    try:
        scenario = yaml.safe_load((path / "scenario.yaml").read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path / 'scenario.yaml'}: cannot read ({exc})") from None
    man = _read_json(path / "manifest.json") if (path / "manifest.json").is_file() else {}
    frames: dict[str, pd.DataFrame] = {}
    for name in ("daily", "hourly", "ports"):
        if (path / f"{name}.parquet").is_file():
            frames[name] = pd.read_parquet(path / f"{name}.parquet")
    for name in ECONOMICS_TABLES:
        if (path / f"economics_{name}.parquet").is_file():
            frames[name] = pd.read_parquet(path / f"economics_{name}.parquet")
    return Run(
        summary=summary,
        scenario=scenario,
        frames=frames,
        notes=tuple(man.get("notes", ())),
        manifest=man,
        _source=path,
    )
