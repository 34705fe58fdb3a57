"""Fixtures of the fault-injection suite: a tiny store and scenario, a case counter.

Each test reports how many cases it tried and how many ended in a traceback or a damaged
folder through ``record_property``; ``tests/conftest.py`` adds them up and prints one line at the
end of the run ("fault injection: N cases, 0 tracebacks, 0 damaged folders").
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import duckdb
import pytest

HERE = Path(__file__).resolve().parent
_CLI_CONFTEST = HERE.parent / "unit" / "cli" / "conftest.py"
_FAKES = HERE.parent / "unit" / "runs" / "fakes.py"


def _load(name: str, path: Path):
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture(scope="session")
def fakes():
    """``tests/unit/runs/fakes.py``: RunOutput objects shaped like a real run, no simulation."""
    return _load("borderlever_test_fakes", _FAKES)


@pytest.fixture(scope="session")
def fault_store(tmp_path_factory) -> Path:
    """The CLI tests' tiny store (3 ports, 2024-01..2025-02 crossings, 2024 trade)."""
    frames = _load("borderlever_tiny_cli_store", _CLI_CONFTEST).tiny_frames()
    path = tmp_path_factory.mktemp("faults") / "tiny.duckdb"
    con = duckdb.connect(str(path))
    try:
        for name, frame in frames.items():
            con.register("_f", frame)
            con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM _f')
            con.unregister("_f")
    finally:
        con.close()
    return path


@pytest.fixture
def fault_scenario(tmp_path) -> Path:
    """One port, one day, one replication: the smallest real run."""
    path = tmp_path / "tiny-fault.yaml"
    path.write_text(
        "name: tiny-fault\n"
        "description: fault-injection scenario on the tiny store (https://example.org/none)\n"
        "start: 2025-02-03\nhorizon_days: 1\nreplications: 1\nseed: 3\n"
        "ports: {codes: ['2304']}\n"
        "policies:\n  - kind: closure\n    ports: ['2304']\n    classes: [trucks]\n"
        "    window: {start_day: 0, end_day: 0.5}\n"
    )
    return path


class Tally:
    """Cases tried and bad outcomes of one test, reported through ``record_property``."""

    def __init__(self, record) -> None:
        self.cases = self.tracebacks = self.damaged = 0
        self._record = record

    def case(self, *, traceback: bool = False, damaged: bool = False) -> None:
        self.cases += 1
        self.tracebacks += int(traceback)
        self.damaged += int(damaged)

    def report(self) -> None:
        self._record("fault_cases", self.cases)
        self._record("fault_tracebacks", self.tracebacks)
        self._record("fault_damaged", self.damaged)


@pytest.fixture
def tally(record_property):
    t = Tally(record_property)
    yield t
    t.report()
    assert t.tracebacks == 0 and t.damaged == 0
