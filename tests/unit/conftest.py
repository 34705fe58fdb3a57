"""Fixtures shared by the unit tests of several packages (tests here are not a package)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import duckdb
import pandas as pd
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


# A tiny store made by the tests (was tests/unit/cli/conftest.py; the API and the service use it
# too): 3 ports, a year of monthly crossings, trade and GDP.

PORTS = pd.DataFrame(
    {
        "port_code": ["2304", "2305", "2402"],
        "port_name": ["Laredo", "Hidalgo", "El Paso"],
        "state": ["Texas"] * 3,
        "border": ["US-Mexico Border"] * 3,
        "lat": [27.50, 26.10, 31.76],
        "lon": [-99.51, -98.26, -106.45],
    }
)
#: Monthly inbound counts, small enough for a 2-day run in well under a second per replication.
MONTHLY = {
    "Trucks": 9000,
    "Personal Vehicles": 30000,
    "Pedestrians": 6000,
    "Buses": 300,
    "Trains": 60,
}


def tiny_frames() -> dict[str, pd.DataFrame]:
    months = pd.date_range("2024-01-01", "2025-02-01", freq="MS")
    rows = [
        (p, m.date(), measure, int(count * (1.0 + 0.5 * i)))
        for i, p in enumerate(PORTS["port_code"])
        for m in months
        for measure, count in MONTHLY.items()
    ]
    crossings = pd.DataFrame(rows, columns=["port_code", "month", "measure", "count"])
    trade = pd.DataFrame(
        [
            (p, 2024, d, "truck", hs2, 1.0e9 * (1 + i), 12, "MEX")
            for i, p in enumerate(PORTS["port_code"])
            for d in ("import", "export")
            for hs2 in ("07", "87")
        ],
        columns=[
            "port_code",
            "year",
            "direction",
            "mode",
            "hs2",
            "value_usd",
            "months_covered",
            "country",
        ],
    )
    gdp = pd.DataFrame(
        {
            "country_iso3": ["USA", "MEX", "CAN"],
            "year": [2024] * 3,
            "gdp_usd": [2.9e13, 1.85e12, 2.2e12],
        }
    )
    sources = pd.DataFrame({"dataset": ["tiny"], "vintage": ["test frames"], "origin": ["test"]})
    return {
        "ports": PORTS,
        "port_month_crossings": crossings,
        "port_year_trade": trade,
        "gdp": gdp,
        "sources": sources,
    }


@pytest.fixture(scope="session")
def tiny_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A DuckDB file holding the store views the runner reads, made from :func:`tiny_frames`."""
    path = tmp_path_factory.mktemp("tiny") / "tiny.duckdb"
    con = duckdb.connect(str(path))
    try:
        for name, frame in tiny_frames().items():
            con.register("_f", frame)
            con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM _f')
            con.unregister("_f")
    finally:
        con.close()
    return path


@pytest.fixture
def tiny_scenario(tmp_path: Path) -> Path:
    """A 2-day, 2-replication closure of one port among three."""
    path = tmp_path / "tiny-closure.yaml"
    path.write_text(
        "name: tiny-closure\n"
        "description: test scenario, tiny store (https://example.org/none)\n"
        "start: 2025-02-03\n"
        "horizon_days: 2\n"
        "replications: 2\n"
        "seed: 11\n"
        "ports: {codes: ['2304', '2305', '2402']}\n"
        "policies:\n"
        "  - kind: closure\n"
        "    ports: ['2304']\n"
        "    classes: [trucks]\n"
        "    window: {start_day: 0, end_day: 1}\n"
    )
    return path
