"""A session-wide tiny scenario for the parameter, sweep and Dask tests (the tiny store is
``tests/unit/conftest.py``'s)."""

from __future__ import annotations

from pathlib import Path

import pytest

TINY_SCENARIO = (
    "name: tiny-closure\n"
    "description: test scenario on a tiny store (https://example.org/none)\n"
    "start: 2025-02-03\nhorizon_days: 2\nreplications: 2\nseed: 11\n"
    "ports: {codes: ['2304', '2305', '2402']}\n"
    "policies:\n  - kind: closure\n    ports: ['2304']\n    classes: [trucks]\n"
    "    window: {start_day: 0, end_day: 1}\n"
)


@pytest.fixture(scope="session")
def tiny_scenario(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 2-day, 2-replication truck closure of one port among three (session-wide here)."""
    path = tmp_path_factory.mktemp("tiny-s") / "tiny-closure.yaml"
    path.write_text(TINY_SCENARIO)
    return path
