"""Write a run to its folder: summary.json, report.html, the resolved scenario, a manifest, frames.

Layout of ``out/<scenario-name>/`` (named runs, docs/cli.md):

- ``summary.json``: headline figures (byte-identical for the same scenario and seed);
- ``report.html``: the self-contained report;
- ``scenario.yaml``: the resolved scenario (base merged, defaults filled in);
- ``manifest.json``: timestamps, host, durations, versions (what changes between reruns);
- ``daily.parquet``: the simulation's daily frame, one row per replication x port x class x day;
- ``daily_summary.csv``: per port, class and day, mean and 95 % interval over replications;
- ``hourly.parquet`` / ``hourly_summary.csv``: the engine's hourly frame (mean over replications,
  with within-hour wait percentiles; docs/sim.md);
- ``ports.parquet``: the simulated ports (code, name, state, border, lat, lon);
- ``economics_<table>.parquet`` (``cost_by_country``, ``cost_by_sector``, ``cost_by_state``,
  ``leverage_by_day``): the economics tables, where the run has economics;
- ``png/`` with ``--png``;
- ``complete.json``: written last, every file's size and sha256 (:mod:`borderlever.runs.folder`):
  a folder without it is not a complete run, and ``compare``/``load`` refuse it.

The folder is staged in a hidden sibling and swapped into place (:func:`write_run`): a kill or a
full disk during the write leaves the previous complete run, never a mixture.

The report is rendered by the caller (:meth:`borderlever.api.Run.write` passes a ``report``
callable): this module never imports :mod:`borderlever.reports`, which sits above it.
"""

from __future__ import annotations

import getpass
import json
import platform
import socket
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from borderlever import __version__
from borderlever.runs.folder import Staging, staged_folder
from borderlever.runs.result import RunOutput
from borderlever.runs.stats import tidy_interval
from borderlever.runs.summary import build_summary, dumps
from borderlever.scenarios.resolve import resolved_yaml

#: Writes the report files of a run into a folder: ``report(summary, manifest, folder)``.
ReportWriter = Callable[[dict[str, Any], dict[str, Any], Path], None]
#: Economics tables written as ``economics_<name>.parquet`` (attributes of EconomicsFigures).
ECONOMICS_TABLES = ("cost_by_country", "cost_by_sector", "cost_by_state", "leverage_by_day")

SUMMARY_VALUES = (
    "baseline_arrivals",
    "arrivals",
    "served",
    "wait_h",
    "queue_end",
    "deferred",
    "cancelled",
    "diverted_out",
    "diverted_in",
)


def manifest(
    out: RunOutput, started_utc: str, finished_utc: str, argv: list[str] | None = None
) -> dict[str, Any]:
    """The run manifest: provenance that may differ between reruns (never in summary.json)."""
    try:
        user = getpass.getuser()
    except Exception:  # no login name in some containers
        user = "unknown"
    return {
        "scenario": out.resolved.name,
        "scenario_hash": out.resolved.hash,
        "scenario_source": out.resolved.source,
        "seed": out.resolved.spec.seed,
        "replications": out.resolved.spec.replications,
        "engine": out.engine,
        "package_version": __version__,
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "host": socket.gethostname(),
        "user": user,
        "started_utc": started_utc,
        "finished_utc": finished_utc,
        "durations_s": {k: round(v, 3) for k, v in out.timings_s.items()},
        "data_vintages": out.data_vintages,
        "command": " ".join(argv if argv is not None else sys.argv),
        "notes": run_notes(out),
    }


def run_notes(out: RunOutput) -> list[str]:
    """Assumptions and sources the report prints: economics notes, then the run's own."""
    econ = list(out.economics.notes) if out.economics is not None else []
    return [*econ, *out.sources]


def summary_frame(frame: pd.DataFrame, period: str) -> pd.DataFrame:
    """Per port, class and period: mean and 95 % interval over replications of each value."""
    keys = ["port_code", "vehicle_class", period]
    if "replication" not in frame:  # already the engine's mean over replications
        return frame.sort_values(keys).reset_index(drop=True)
    f = frame.copy()
    f["wait_h"] = (f["wait_vehicle_h"] / f["served"].where(f["served"] > 0)).fillna(0.0)
    out: pd.DataFrame | None = None
    for value in SUMMARY_VALUES:
        if value not in f:
            continue
        part = tidy_interval(f, keys, value)
        out = part if out is None else out.merge(part, on=keys)
    assert out is not None
    return out.sort_values(keys).reset_index(drop=True)


def write_frames(out: RunOutput, folder: Path) -> list[Path]:
    """Parquet (per replication) and CSV (mean and interval) frames."""
    written = []
    frames = {"daily": (out.daily, "day"), "hourly": (out.hourly, "hour")}
    for name, (frame, period) in frames.items():
        if frame is None or frame.empty:
            continue
        path = folder / f"{name}.parquet"
        frame.to_parquet(path, index=False)
        csv = folder / f"{name}_summary.csv"
        summary_frame(frame, period).to_csv(csv, index=False, float_format="%.6g")
        written += [path, csv]
    tables = {"ports": out.ports}
    if out.economics is not None:
        tables |= {f"economics_{n}": getattr(out.economics, n) for n in ECONOMICS_TABLES}
    for name, table in tables.items():
        path = folder / f"{name}.parquet"
        table.to_parquet(path, index=False)
        written.append(path)
    return written


def write_files(
    out: RunOutput,
    dest: Path,
    *,
    started_utc: str,
    finished_utc: str,
    report: ReportWriter | None = None,
    argv: list[str] | None = None,
) -> dict[str, Any]:
    """Write every output of ``out`` into the (staging) folder ``dest``; return the summary.

    ``report(summary, manifest, folder)`` writes ``report.html`` (and any PNGs) last.
    """
    from borderlever.runs.folder import _step

    summary = build_summary(out)
    (dest / "summary.json").write_text(dumps(summary), encoding="utf-8")
    _step("summary.json")
    (dest / "scenario.yaml").write_text(resolved_yaml(out.resolved), encoding="utf-8")
    _step("scenario.yaml")
    man = manifest(out, started_utc, finished_utc, argv)
    (dest / "manifest.json").write_text(
        json.dumps(man, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    _step("manifest.json")
    write_frames(out, dest)
    _step("frames")
    if report is not None:
        report(summary, man, dest)
        _step("report.html")
    return summary


def write_run(
    out: RunOutput,
    folder: str | Path | Staging,
    *,
    started_utc: str,
    finished_utc: str,
    report: ReportWriter | None = None,
    argv: list[str] | None = None,
    force: bool = False,
) -> dict[str, Any]:
    """Write every output of ``out`` into ``folder`` atomically and return the summary.

    ``folder`` is a path (checked, locked, staged and swapped in here: see
    :mod:`borderlever.runs.folder`) or a :class:`~borderlever.runs.folder.Staging` the caller
    opened before the simulation (the CLI does, so a bad ``--out`` is refused before any work).
    Either way the folder ends up holding the previous complete run or this one, never a mix;
    ``complete.json`` is written last.  ``report(summary, manifest, folder)`` writes
    ``report.html`` (and any PNGs) into the staging folder.
    """
    kw: dict[str, Any] = {
        "started_utc": started_utc,
        "finished_utc": finished_utc,
        "report": report,
        "argv": argv,
    }
    if isinstance(folder, Staging):
        return write_files(out, folder.path, **kw)
    with staged_folder(folder, force=force) as stage:
        return write_files(out, stage.path, **kw)
