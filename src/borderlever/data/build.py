"""Build the DuckDB store from the raw files (or the bundled tables), atomically.

For every dataset of :func:`~borderlever.data.registry.datasets`: read its tables, check each against
its :class:`~borderlever.data.schema.TableSchema`, write it with the declared DDL; then write the
``sources`` table (one row per input file, with sha256), the ``columns`` table (every declared
column with unit and description), ``build_info``, and finally every dataset's views.

The store is written to a temporary file beside the target and moved into place with
:func:`os.replace` only once complete, so a failed or killed build leaves the previous store as it
was.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd

from borderlever import __version__
from borderlever.data import bundle as bundle_mod
from borderlever.data.paths import default_raw_dir, resolve_store
from borderlever.data.readers._io import sha256_file
from borderlever.data.registry import Dataset, datasets
from borderlever.errors import DataError

SOURCES_COLUMNS = [
    "dataset",
    "publisher",
    "url",
    "vintage",
    "file",
    "sha256",
    "bytes",
    "licence",
    "origin",
]


@dataclass
class BuildReport:
    """What a build did: store path, origin per dataset, rows per table, seconds taken."""

    store: Path
    origin: dict[str, str] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    seconds_by_dataset: dict[str, float] = field(default_factory=dict)


def build_store(
    raw_dir: str | Path | None = None,
    store: str | Path | None = None,
    *,
    bundled: bool = False,
    progress: bool = True,
    only: Sequence[Dataset] | None = None,
    jobs: int | None = None,
) -> BuildReport:
    """Build the store from ``raw_dir`` (default :func:`default_raw_dir`) or the bundled tables.

    Parameters
    ----------
    raw_dir : path, optional
        Raw public files; when absent (or ``bundled``) every dataset comes from the bundled tables.
        A dataset none of whose input files is present also falls back to its bundled tables.
    store : path, optional
        Target DuckDB file; default :func:`~borderlever.data.store.resolve_store`.
    bundled : bool
        Build from the bundled tables only.
    progress : bool
        Show a rich progress bar per dataset.
    only : sequence of Dataset, optional
        Build these datasets instead of the whole registry (tests, partial stores).
    jobs : int, optional
        Threads reading and checking datasets (default: 2, or 1 on a single core); tables are
        still written one by one in registry order, so the store is the same for any ``jobs``.

    Raises
    ------
    DataError
        A reader or a table check failed; the previous store is left untouched.
    """
    started = time.perf_counter()
    target = resolve_store(store)
    target.parent.mkdir(parents=True, exist_ok=True)
    raw = None if bundled else (Path(raw_dir) if raw_dir is not None else default_raw_dir())
    if raw is not None and not raw.is_dir():
        raise DataError(
            "raw data directory not found", file=str(raw), expected="an existing directory"
        )
    report = BuildReport(store=target)
    _remove_stale_temp_files(target)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.building")
    tmp.unlink(missing_ok=True)
    try:
        con = duckdb.connect(str(tmp))
        try:
            n_jobs = jobs if jobs is not None else min(2, os.cpu_count() or 1)
            all_ds = list(only) if only is not None else datasets()
            _write_all(con, all_ds, raw, report, progress, n_jobs)
        finally:
            con.close()
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
        Path(f"{tmp}.wal").unlink(missing_ok=True)
    report.seconds = time.perf_counter() - started
    return report


def _remove_stale_temp_files(target: Path) -> None:
    """Delete temporary files left by killed builds (their process no longer exists)."""
    for leftover in target.parent.glob(f".{target.name}.*.building*"):
        pid = leftover.name[len(target.name) + 2 :].split(".")[0]
        if pid.isdigit() and not _alive(int(pid)):
            leftover.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _write_all(
    con: duckdb.DuckDBPyConnection,
    all_ds: list[Dataset],
    raw: Path | None,
    report: BuildReport,
    progress: bool,
    jobs: int = 1,
) -> None:
    """Read and check datasets on ``jobs`` threads; write them to ``con`` in registry order."""
    sources: list[dict[str, object]] = []
    with _progress(progress, len(all_ds)) as step, ThreadPoolExecutor(max(1, jobs)) as pool:
        futures = [pool.submit(_prepare, ds, raw, step) for ds in all_ds]
        try:
            for ds, future in zip(all_ds, futures, strict=True):
                checked, rows, origin, seconds = future.result()
                t0 = time.perf_counter()
                report.origin[ds.name] = origin
                sources.extend(rows)
                step(ds.name, "writing")
                for schema in ds.tables:
                    _write_table(con, schema.ddl(), schema.name, checked[schema.name])
                    report.rows[schema.name] = len(checked[schema.name])
                step(ds.name, "done")
                report.seconds_by_dataset[ds.name] = seconds + time.perf_counter() - t0
        except BaseException:
            for future in futures:
                future.cancel()
            raise
    _write_table(con, None, "sources", pd.DataFrame(sources, columns=SOURCES_COLUMNS))
    _write_table(con, None, "columns", _columns_frame(all_ds))
    info = pd.DataFrame(
        {
            "built_at_utc": [datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")],
            "raw_dir": [str(raw) if raw is not None else None],
            "package_version": [__version__],
        }
    )
    _write_table(con, None, "build_info", info)
    _create_views(con, all_ds)


def _prepare(
    ds: Dataset, raw: Path | None, step: Callable[[str, str], None]
) -> tuple[dict[str, pd.DataFrame], list[dict[str, object]], str, float]:
    """Read one dataset and check every table (runs on a worker thread)."""
    t0 = time.perf_counter()
    step(ds.name, "reading")
    frames, rows = _load(ds, raw)
    origin = "raw" if rows is None else ("bundled" if _has_bundle(ds) else "empty")
    if rows is None:
        rows = _source_rows(ds, raw)
    step(ds.name, "checking")
    checked = {}
    for schema in ds.tables:
        if schema.name not in frames:
            raise DataError(
                f"dataset {ds.name}: the reader returned no table {schema.name!r}",
                expected=f"tables {[t.name for t in ds.tables]}",
            )
        checked[schema.name] = schema.validate(
            frames[schema.name], source=f"{ds.name}:{schema.name}"
        )
    return checked, rows, origin, time.perf_counter() - t0


def _load(
    ds: Dataset, raw: Path | None
) -> tuple[Mapping[str, pd.DataFrame], list[dict[str, object]] | None]:
    """Frames from raw files, or (bundled frames, their source rows) when the raw files are absent."""
    if raw is not None and _has_inputs(ds, raw):
        return ds.read(raw), None
    return bundle_mod.read_bundled(ds)


def _has_bundle(ds: Dataset) -> bool:
    return any(bundle_mod.bundled_paths(t)[0].is_file() for t in ds.bundle)


def _has_inputs(ds: Dataset, raw: Path) -> bool:
    return any(any(p.is_file() for p in raw.glob(pattern)) for pattern in ds.source.files)


def _source_rows(ds: Dataset, raw: Path | None) -> list[dict[str, object]]:
    rows = []
    assert raw is not None
    for pattern in ds.source.files:
        for path in sorted(p for p in raw.glob(pattern) if p.is_file()):
            rows.append(
                {
                    "dataset": ds.name,
                    "publisher": ds.source.publisher,
                    "url": ds.source.url,
                    "vintage": ds.source.vintage,
                    "file": path.relative_to(raw).as_posix(),
                    "sha256": sha256_file(path),
                    "bytes": path.stat().st_size,
                    "licence": ds.source.licence,
                    "origin": "raw",
                }
            )
    return rows


def _write_table(
    con: duckdb.DuckDBPyConnection, ddl: str | None, name: str, frame: pd.DataFrame
) -> None:
    con.register("_frame", frame)
    try:
        if ddl is None:
            con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM _frame')
        else:
            con.execute(ddl)
            con.execute(f'INSERT INTO "{name}" SELECT * FROM _frame')
    finally:
        con.unregister("_frame")


def _columns_frame(all_ds: list[Dataset]) -> pd.DataFrame:
    rows = [
        {
            "dataset": ds.name,
            "table": t.name,
            "column": c.name,
            "dtype": c.dtype,
            "unit": c.unit,
            "nullable": c.nullable,
            "description": c.description,
        }
        for ds in all_ds
        for t in ds.tables
        for c in t.columns
    ]
    return pd.DataFrame(
        rows, columns=["dataset", "table", "column", "dtype", "unit", "nullable", "description"]
    )


def _create_views(con: duckdb.DuckDBPyConnection, all_ds: list[Dataset]) -> None:
    """Create every view; a view over a later view is retried until nothing more can be made."""
    pending = [(ds.name, name, sql) for ds in all_ds for name, sql in ds.views.items()]
    while pending:
        failed: list[tuple[str, str, str]] = []
        errors: dict[str, str] = {}
        for ds_name, name, sql in pending:
            try:
                con.execute(f'CREATE VIEW "{name}" AS {sql}')
            except duckdb.Error as exc:
                failed.append((ds_name, name, sql))
                errors[name] = str(exc).splitlines()[0]
        if len(failed) == len(pending):
            ds_name, name, _ = failed[0]
            raise DataError(
                f"dataset {ds_name}: cannot create view {name!r}: {errors[name]}",
                expected="a SELECT over declared tables or views",
            )
        pending = failed


@contextmanager
def _progress(enabled: bool, total: int) -> Iterator[Callable[[str, str], None]]:
    """Yield ``step(dataset, stage)``; draws a rich progress bar per dataset when enabled."""
    if not enabled:
        yield lambda _name, _stage: None
        return
    from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

    stages = {"reading": 0, "checking": 1, "writing": 2, "done": 3}
    with Progress(
        TextColumn("{task.fields[name]:<18}"),
        BarColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        transient=False,
    ) as bar:
        tasks: dict[str, TaskID] = {}

        def step(name: str, stage: str) -> None:
            if name not in tasks:
                tasks[name] = bar.add_task(stage, total=3, name=name)
            bar.update(tasks[name], completed=stages[stage], description=stage)

        yield step
