"""`run --uncertainty`: headline intervals split in two parts, drivers, tornado charts, schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from borderlever.cli.main import app
from borderlever.runs.pipeline import resolve_scenario, run_scenario
from borderlever.uncertainty.analysis import parameter_uncertainty

SCHEMA = Path(__file__).resolve().parents[3] / "docs" / "summary-schema.json"
runner = CliRunner()


@pytest.fixture(scope="module")
def api_run(tiny_store, tiny_scenario, tmp_path_factory):
    """Two parameters, 16 points over 2 simulations, 1 replication each: enough for drivers."""
    from borderlever.api.core import from_output

    folder = tmp_path_factory.mktemp("unc")
    out = run_scenario(resolve_scenario(tiny_scenario, store=tiny_store), store=tiny_store)
    out.extra["uncertainty"] = parameter_uncertainty(
        out,
        folder / "uncertainty",
        points=16,
        sim_points=2,
        replications=1,
        store=tiny_store,
        parameters=["economics.truck_cost_usd_per_h", "behaviour.truck_max_wait_h"],
    )
    run = from_output(out, started_utc="x", finished_utc="y")
    run.write(folder / "run")
    return run.summary, folder / "run"


def test_headline_figures_carry_both_parts(api_run):
    summary, _ = api_run
    jsonschema.validate(summary, json.loads(SCHEMA.read_text()))
    assert summary["uncertainty"]["intervals"] == "replication and parameters"
    for iso3, fig in summary["economics"]["cost_usd"].items():
        assert len(fig["ci_replication"]) == 2 and len(fig["ci_parameters"]) == 2, iso3
        assert fig["ci_low"] <= fig["ci_replication"][0] and fig["ci_low"] >= 0.0
        assert fig["ci_high"] >= fig["ci_replication"][1]
    mex = summary["economics"]["cost_usd"]["MEX"]
    assert mex["ci_parameters"][1] > mex["ci_parameters"][0]
    drivers = {d["parameter"]: d for d in mex["drivers"]}
    # the truck-patience draw splits the sample into two simulations: it dominates; the truck
    # cost's correlation is not distinguishable from zero at 16 points and is not claimed
    assert set(drivers) == {"behaviour.truck_max_wait_h"}
    wait = drivers["behaviour.truck_max_wait_h"]
    assert wait["index"] == "S1" and wait["value"] > wait["conf"] > 0
    assert wait["at_low"] != wait["at_high"]


def test_report_has_tornado_and_says_which_part_is_which(api_run):
    _, folder = api_run
    page = (folder / "report.html").read_text()
    assert "fig-tornado-economics-cost_usd-MEX" in page
    assert "parameter uncertainty" in page and "replication noise" in page


def test_without_uncertainty_the_report_says_replication_only(fake_api_run):
    from borderlever.reports.html import render

    run = fake_api_run()
    assert run.summary["uncertainty"]["intervals"] == "replication"
    page = render(run.summary, run.frames, scenario=run.scenario)
    assert "replication noise only" in page
    assert "Uncertainty: replication noise and assumptions" not in page


def test_cli_uncertainty_writes_parts(tiny_store, tiny_scenario, tmp_path):
    args = ["run", str(tiny_scenario), "--store", str(tiny_store), "--out", str(tmp_path)]
    args += ["-q", "--uncertainty", "3", "--sim-points", "1", "--point-replications", "1"]
    res = runner.invoke(app, args, catch_exceptions=False)
    assert res.exit_code == 0, res.output
    summary = json.loads((tmp_path / "summary.json").read_text())
    lev = summary["economics"]["leverage_ratio"]
    assert {"ci_replication", "ci_parameters"} <= set(lev)
    assert lev["drivers"] == []  # 3 points are too few for drivers (16 needed): none claimed
    assert (tmp_path / "uncertainty" / "points.parquet").exists()
