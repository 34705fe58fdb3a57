"""A tariff scenario with a threat, end to end: pipeline, summary schema, report, CLI."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from borderlever.cli.main import app

pytestmark = pytest.mark.raw

SCHEMA = Path(__file__).resolve().parents[3] / "docs" / "summary-schema.json"
SCENARIO = """
name: tiny-threat
description: A 5 % tariff on Mexican chapter 87 after a 5-day deadline (test).
start: 2025-02-01
horizon_days: 12
replications: 1
ports: {codes: ["2304"]}
policies:
  - kind: tariff
    partner: MEX
    hs_chapters: ["87"]
    schedule: [{start_day: 5, rate_pct: 5}]
threat: {deadline_days: 5, demand: "test demand"}
"""


@pytest.fixture(scope="module")
def small(raw_store, tmp_path_factory):
    """Fewer draws and a shorter standoff horizon, so the test runs in seconds."""
    import borderlever.runs.tariff as tariff
    import borderlever.standoff.analysis as analysis

    mp = pytest.MonkeyPatch()
    mp.setenv("BORDERLEVER_STORE", str(raw_store))
    mp.setattr(tariff, "N_DRAWS", 4)
    mp.setattr(analysis, "N_DRAWS", 4)
    mp.setattr(analysis, "HORIZON_AFTER_DEADLINE_DAYS", 60.0)
    mp.setattr(analysis, "N_ITER", 30)
    path = tmp_path_factory.mktemp("scen") / "tiny-threat.yaml"
    path.write_text(SCENARIO)
    yield path
    mp.undo()


def test_run_summary_and_report(small, tmp_path):
    out = tmp_path / "out"
    res = CliRunner().invoke(app, ["run", str(small), "--out", str(out), "--quiet"])
    assert res.exit_code == 0, res.output
    summary = json.loads((out / "summary.json").read_text())
    jsonschema.validate(summary, json.loads(SCHEMA.read_text()))
    assert summary["ports"] == {}
    assert set(summary["levers"]) == {"tariff"}
    assert summary["levers"]["tariff"]["cost_usd_per_day"]["MEX"]["mean"] > 0
    assert summary["economics"]["tariff"]["duty_usd"]["mean"] > 0
    s = summary["standoff"]
    for key in ("p_concede_before_deadline", "p_threat_carried_out"):
        assert 0 <= s[key]["ci_low"] <= s[key]["mean"] <= s[key]["ci_high"] <= 1
    assert s["sensitivity"] and s["deadline_days"] == 5
    imp = s["imposition"]
    assert 0 <= imp["restricted_mean_days"]["ci_low"] <= imp["horizon_days"] == 60
    for key in ("p_still_imposed_after_1y", "p_still_imposed_at_horizon", "p_settled"):
        assert imp[key] is None or imp[key]["mean"] is None or 0 <= imp[key]["mean"] <= 1
    assert "restricted_mean_days" in imp["what"]
    page = (out / "report.html").read_text()
    assert "Will the threat work?" in page and "Each lever" in page
    assert "restricted mean" in page and "share still imposed after 1 year" in page


def test_standoff_command_prints_and_writes_json(small, tmp_path):
    target = tmp_path / "s.json"
    res = CliRunner().invoke(
        app, ["standoff", str(small), "--deadline-days", "3", "--json", str(target)]
    )
    assert res.exit_code == 0, res.output
    block = json.loads(target.read_text())["standoff"]
    assert block["deadline_days"] == 3
    assert set(block["concession_day"]) >= {"median", "p10", "p90"}
    assert block["expected_imposition_days"]["mean"] >= 0
