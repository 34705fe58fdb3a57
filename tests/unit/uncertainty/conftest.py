"""A tiny store (the CLI tests' frames) and a tiny scenario for the parameter, sweep and Dask tests."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import duckdb
import pytest

_CLI_CONFTEST = Path(__file__).resolve().parents[1] / "cli" / "conftest.py"

TINY_SCENARIO = (
    "name: tiny-closure\n"
    "description: test scenario on a tiny store (https://example.org/none)\n"
    "start: 2025-02-03\nhorizon_days: 2\nreplications: 2\nseed: 11\n"
    "ports: {codes: ['2304', '2305', '2402']}\n"
    "policies:\n  - kind: closure\n    ports: ['2304']\n    classes: [trucks]\n"
    "    window: {start_day: 0, end_day: 1}\n"
)


def _tiny_frames():
    name = "borderlever_test_cli_conftest"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, _CLI_CONFTEST)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name].tiny_frames()


@pytest.fixture(scope="session")
def tiny_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A DuckDB store with 3 ports, a year of monthly crossings, trade and GDP."""
    path = tmp_path_factory.mktemp("tiny-u") / "tiny.duckdb"
    con = duckdb.connect(str(path))
    try:
        for name, frame in _tiny_frames().items():
            con.register("_f", frame)
            con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM _f')
            con.unregister("_f")
    finally:
        con.close()
    return path


@pytest.fixture(scope="session")
def tiny_scenario(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 2-day, 2-replication truck closure of one port among three."""
    path = tmp_path_factory.mktemp("tiny-s") / "tiny-closure.yaml"
    path.write_text(TINY_SCENARIO)
    return path
