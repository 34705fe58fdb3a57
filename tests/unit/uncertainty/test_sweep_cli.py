"""`borderlever sweep` and `borderlever params` from the command line."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from borderlever.cli.main import app
from borderlever.uncertainty.sweep import load_results

runner = CliRunner()


def test_sweep_cli_runs_and_resumes(tiny_store, tiny_scenario, tmp_path):
    sweep_file = tmp_path / "s.yaml"
    sweep_file.write_text(
        f"name: tiny\nscenario: {tiny_scenario}\nreplications: 1\n"
        "design: {method: grid}\n"
        "parameters:\n  economics.truck_cost_usd_per_h: {values: [70, 110]}\n"
        "outputs: ['economics.cost_usd.*']\n"
    )
    args = ["sweep", str(sweep_file), "--store", str(tiny_store), "--out", str(tmp_path / "o")]
    first = runner.invoke(app, [*args, "-q"], catch_exceptions=False)
    assert first.exit_code == 0, first.output
    assert "2 points computed" in first.output and "1 simulations for 2 points" in first.output
    res = load_results(tmp_path / "o", wide=True)
    assert sorted(res["economics.truck_cost_usd_per_h"]) == [70.0, 110.0]
    assert set(c for c in res.columns if c.startswith("economics.cost_usd.")) == {
        "economics.cost_usd.CAN",
        "economics.cost_usd.MEX",
        "economics.cost_usd.USA",
    }
    again = runner.invoke(app, [*args, "-q"], catch_exceptions=False)
    assert "0 points computed, 2 already done" in again.output


def test_sweep_cli_bad_parameter_is_a_clear_error(tmp_path):
    sweep_file = tmp_path / "s.yaml"
    sweep_file.write_text(
        "name: bad\nscenario: seed-14-day-closure\nparameters: [economics.truck_cost]\n"
    )
    res = runner.invoke(app, ["sweep", str(sweep_file)])
    assert res.exit_code == 2
    assert "did you mean 'economics.truck_cost_usd_per_h'" in res.output


def test_params_lists_and_filters():
    res = runner.invoke(app, ["params", "--acts-on", "sim", "--json"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.output)
    assert rows and all(r["acts_on"] == "sim" for r in rows)
    assert {"name", "unit", "default", "low", "high", "distribution", "source"} <= set(rows[0])
    bad = runner.invoke(app, ["params", "--group", "nope"])
    assert bad.exit_code == 2 and "not one of" in bad.output
