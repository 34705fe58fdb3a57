"""Shared fixtures.  Tests that need the raw public files use ``raw_dir`` and skip where absent."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from borderlever.data.paths import default_raw_dir
from borderlever.network.schedule import Schedule, single_port_schedule


@pytest.fixture(scope="session")
def raw_dir() -> Path:
    """``../shared/data/raw`` (or ``$BORDERLEVER_RAW_DIR``); skips the test where it is absent."""
    path = default_raw_dir()
    if path is None or not path.is_dir():
        pytest.skip(
            "raw public data not found: ../shared/data/raw is absent (set BORDERLEVER_RAW_DIR)"
        )
    return path


@pytest.fixture(autouse=True)
def _isolated_store(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Never touch the user's store: each test session gets its own default store path."""
    base = tmp_path_factory.getbasetemp()
    monkeypatch.setenv("BORDERLEVER_STORE", str(base / "default-store.duckdb"))


@pytest.fixture(scope="session")
def raw_store(raw_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A DuckDB store built from the raw files once per test run, shared by pytest-xdist workers.

    The store lives in the run's common temporary directory (the parent of each worker's base
    temp); an ``fcntl`` lock makes the first worker build it and the others wait for it.  Skips
    where the raw files are absent.  Open it read-only: ``query(sql, store=raw_store)``.
    """
    import fcntl
    import os

    from borderlever.data.build import build_store

    base = tmp_path_factory.getbasetemp()
    # under xdist each worker's basetemp is <run dir>/popen-gwN: share the run dir, not older runs'
    root = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    store = root / "raw-store.duckdb"
    with open(root / "raw-store.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not store.exists():
                build_store(raw_dir=raw_dir, store=store, progress=False)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return store


@pytest.fixture(scope="session")
def two_linked_ports() -> Callable[..., Schedule]:
    """Factory of a two-port truck schedule, ports ``0001`` and ``0002`` 40 km apart (diversion
    links them): ``make(trucks_per_h, b_demand=1.0)``; port 0002 gets ``b_demand`` times port
    0001's demand.  3 booths, 4-minute primary, 20 % to 2 secondary bays, 4 days."""

    def make(trucks_per_h: float, b_demand: float = 1.0) -> Schedule:
        one = single_port_schedule(
            trucks_per_h,
            lanes=3,
            primary_mean_min=4.0,
            days=4,
            secondary_share=0.2,
            secondary_bays=2,
        )
        return replace(
            one,
            port_codes=("0001", "0002"),
            port_names=("a", "b"),
            arrivals_per_h=np.concatenate([one.arrivals_per_h, one.arrivals_per_h * b_demand]),
            servers=np.concatenate([one.servers] * 2),
            stage_share=np.concatenate([one.stage_share] * 2),
            service_mean_min=np.concatenate([one.service_mean_min] * 2),
            service_cv=np.concatenate([one.service_cv] * 2),
            road_km=np.array([[0.0, 40.0], [40.0, 0.0]]),
        )

    return make


# --- fault-injection tally (tests/unit/faults): one summary line at the end of the run -------------
_FAULT_TOTALS = {"fault_cases": 0, "fault_tracebacks": 0, "fault_damaged": 0}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Add up the ``fault_*`` properties the fault-injection tests record (also under xdist)."""
    if report.when != "teardown":  # the teardown report carries every property of the test
        return
    for key, value in report.user_properties:
        if key in _FAULT_TOTALS:
            _FAULT_TOTALS[key] += int(value)


def pytest_terminal_summary(terminalreporter) -> None:
    """``fault injection: N cases tried, 0 ended in a traceback, 0 left a damaged folder``."""
    t = _FAULT_TOTALS
    if t["fault_cases"]:
        terminalreporter.write_line(
            f"fault injection: {t['fault_cases']} cases tried, {t['fault_tracebacks']} ended in "
            f"a traceback, {t['fault_damaged']} left a damaged or mixed folder"
        )
