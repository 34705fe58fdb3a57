"""Fixtures shared by the unit tests of several packages (tests here are not a package)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

_FAKES = Path(__file__).resolve().parent / "runs" / "fakes.py"


def load_fakes():
    """The ``tests/unit/runs/fakes.py`` module, loaded once by path."""
    if "borderlever_test_fakes" not in sys.modules:
        spec = importlib.util.spec_from_file_location("borderlever_test_fakes", _FAKES)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules["borderlever_test_fakes"] = module
        spec.loader.exec_module(module)
    return sys.modules["borderlever_test_fakes"]


@pytest.fixture(scope="session")
def fake_run():
    """``fake_run(**spec_overrides) -> RunOutput`` built from frames shaped like the contracts."""
    return load_fakes().fake_run


@pytest.fixture(scope="session")
def fake_api_run():
    """``fake_api_run(**spec_overrides) -> borderlever.api.Run`` from the fake frames."""
    from borderlever.api.core import from_output

    def make(**over):
        return from_output(
            load_fakes().fake_run(**over),
            started_utc="2026-01-01T00:00:00Z",
            finished_utc="2026-01-01T00:00:01Z",
            argv=["borderlever", "run", "fake"],
        )

    return make
