"""Shared fixtures.  Tests that need the raw public files use ``raw_dir`` and skip where absent."""

from __future__ import annotations

from pathlib import Path

import pytest

from borderlever.data.paths import default_raw_dir


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
