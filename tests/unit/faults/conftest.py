"""Fixtures of the fault-injection suite: a tiny scenario, a case counter.

The tiny store and the fake runs come from ``tests/unit/conftest.py``.  Each test reports how
many cases it tried and how many ended in a traceback or a damaged folder through
``record_property``; ``tests/conftest.py`` adds them up and prints one line at the end of the run
("fault injection: N cases tried, 0 ended in a traceback, 0 left a damaged or mixed folder").
"""

from __future__ import annotations

from pathlib import Path

import pytest


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
