"""End to end through the CLI on a tiny store: 3 ports, 2 days, 2 replications."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from borderlever.cli.main import app

runner = CliRunner()
SCHEMA = Path(__file__).resolve().parents[3] / "docs" / "summary-schema.json"


@pytest.fixture(scope="module")
def two_runs(tiny_store, tmp_path_factory):
    """The tiny scenario run twice with the same seed, into two folders."""
    base = tmp_path_factory.mktemp("runs")
    scenario = base / "tiny-closure.yaml"
    scenario.write_text(
        "name: tiny-closure\n"
        "description: test scenario on a tiny store (https://example.org/none)\n"
        "start: 2025-02-03\nhorizon_days: 2\nreplications: 2\nseed: 11\n"
        "ports: {codes: ['2304', '2305', '2402']}\n"
        "policies:\n  - kind: closure\n    ports: ['2304']\n    classes: [trucks]\n"
        "    window: {start_day: 0, end_day: 1}\n"
    )
    outs = []
    for name in ("a", "b"):
        out = base / name
        res = runner.invoke(
            app,
            ["run", str(scenario), "--store", str(tiny_store), "--out", str(out), "-q"],
            catch_exceptions=False,
        )
        assert res.exit_code == 0, res.output
        outs.append(out)
    return scenario, outs


@pytest.mark.slow
def test_run_writes_named_outputs(two_runs):
    _, (a, _) = two_runs
    for name in (
        "summary.json",
        "report.html",
        "scenario.yaml",
        "manifest.json",
        "daily.parquet",
        "daily_summary.csv",
        "hourly.parquet",
        "hourly_summary.csv",
    ):
        assert (a / name).is_file(), name
    summary = json.loads((a / "summary.json").read_text())
    manifest = json.loads((a / "manifest.json").read_text())
    assert summary["scenario"]["name"] == "tiny-closure" and summary["replications"] == 2
    assert "host" in manifest and "durations_s" in manifest
    assert "host" not in json.dumps(summary) and "started_utc" not in json.dumps(summary)
    laredo = summary["ports"]["2304"]
    # Trucks closed on day 0 at Laredo: far fewer served than at baseline.
    assert laredo["throughput_ratio"]["mean"] < 0.5
    assert summary["ports"]["2305"]["throughput_ratio"]["mean"] > 0.5
    assert summary["economics"]["trade_at_stake_usd"] > 0


@pytest.mark.slow
def test_same_seed_byte_identical_summary(two_runs):
    _, (a, b) = two_runs
    assert (a / "summary.json").read_bytes() == (b / "summary.json").read_bytes()
    assert (a / "scenario.yaml").read_bytes() == (b / "scenario.yaml").read_bytes()


@pytest.mark.slow
def test_summary_matches_schema(two_runs):
    jsonschema = pytest.importorskip("jsonschema")
    _, (a, _) = two_runs
    jsonschema.validate(
        json.loads((a / "summary.json").read_text()), json.loads(SCHEMA.read_text())
    )


@pytest.mark.slow
def test_report_is_offline(two_runs):
    _, (a, _) = two_runs
    page = (a / "report.html").read_text()
    assert not re.search(r"<script[^>]+src=[\"']?(https?:)?//", page, re.I)
    assert "tiny-closure" in page and "Run manifest" in page


@pytest.mark.slow
def test_saved_scenario_reloads_with_same_hash(two_runs, tiny_store):
    from borderlever.runs.pipeline import resolve_scenario

    _, (a, _) = two_runs
    summary = json.loads((a / "summary.json").read_text())
    again = resolve_scenario(a / "scenario.yaml", store=tiny_store)
    assert again.hash == summary["scenario"]["hash"]


@pytest.mark.slow
def test_compare_result_dirs(two_runs, tmp_path):
    _, (a, b) = two_runs
    out = tmp_path / "diff.json"
    res = runner.invoke(
        app, ["compare", str(a), str(b), "--json", str(out)], catch_exceptions=False
    )
    assert res.exit_code == 0
    doc = json.loads(out.read_text())
    assert doc["inputs"] == [] and all(r["delta"] in (0, None) for r in doc["outputs"])


def test_compare_two_scenarios_inputs():
    res = runner.invoke(
        app,
        [
            "compare",
            "seed-14-day-closure",
            "commercial-only-closure-14d",
            "--out-root",
            "/nonexistent",
        ],
        catch_exceptions=False,
    )
    assert res.exit_code == 0
    assert "policies[0].classes[0]" in res.output and "no results for" in res.output
