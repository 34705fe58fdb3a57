"""``borderlever scenarios`` and the bad-input paths of ``borderlever run``, through Typer's runner."""

from __future__ import annotations

from typer.testing import CliRunner

from borderlever.cli.main import app

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_list_shows_library():
    res = invoke("scenarios", "list")
    assert res.exit_code == 0
    assert "seed-14-day-closure" in res.output and "2019-officer-reassignment" in res.output


def test_show_merges_base_and_fills_defaults():
    res = invoke("scenarios", "show", "commercial-only-closure-14d")
    assert res.exit_code == 0
    assert "horizon_days: 21" in res.output  # from the base
    assert "- commercial" in res.output  # the override
    assert "max_detour_km" in res.output  # a default


def test_show_resolved_prints_hash(tiny_store, tiny_scenario):
    res = invoke("scenarios", "show", str(tiny_scenario), "--resolve", "--store", str(tiny_store))
    assert res.exit_code == 0
    assert "# sha256 " in res.output and "2304, 2305, 2402" in res.output


def test_validate_ok_and_bad(tiny_store, tiny_scenario, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(tiny_scenario.read_text().replace("replications: 2", "replicatons: 2"))
    res = invoke("scenarios", "validate", str(tiny_scenario), str(bad), "--store", str(tiny_store))
    assert res.exit_code == 2
    assert "ok" in res.output and "invalid" in res.output
    assert "did you mean 'replications'" in res.output
    assert "Traceback" not in res.output


def test_validate_unknown_port_against_store(tiny_store, tiny_scenario, tmp_path):
    bad = tmp_path / "bad-port.yaml"
    bad.write_text(tiny_scenario.read_text().replace("'2402'", "'2403'"))
    res = invoke("scenarios", "validate", str(bad), "--store", str(tiny_store))
    assert res.exit_code == 2 and "unknown port code" in res.output


def test_run_unknown_scenario_exit_2_no_traceback():
    res = runner.invoke(app, ["run", "seed-14-day-closur"])
    assert res.exit_code == 2
    assert "did you mean 'seed-14-day-closure'" in res.output
    assert "Traceback" not in res.output


def test_run_yaml_syntax_error_exit_2(tmp_path):
    bad = tmp_path / "broken.yaml"
    bad.write_text("name: x\npolicies: [\n")
    res = runner.invoke(app, ["run", str(bad)])
    assert res.exit_code == 2 and "broken.yaml" in res.output and "YAML syntax error" in res.output


def test_run_window_outside_horizon_exit_2(tiny_store, tiny_scenario, tmp_path):
    bad = tmp_path / "late.yaml"
    bad.write_text(tiny_scenario.read_text().replace("end_day: 1", "end_day: 5"))
    res = runner.invoke(app, ["run", str(bad), "--store", str(tiny_store)])
    assert res.exit_code == 2 and "outside the horizon" in res.output


def test_run_zero_replications_exit_2(tiny_store, tiny_scenario):
    res = runner.invoke(app, ["run", str(tiny_scenario), "-r", "0", "--store", str(tiny_store)])
    assert res.exit_code == 2 and "replications" in res.output


def test_run_png_without_browser_says_why(tiny_store, tiny_scenario, monkeypatch):
    from borderlever.reports import png

    monkeypatch.setattr(
        png, "png_unavailable_reason", lambda: "PNG export needs Chrome or Chromium"
    )
    res = runner.invoke(app, ["run", str(tiny_scenario), "--png", "--store", str(tiny_store)])
    assert res.exit_code == 2 and "needs Chrome" in res.output and "Traceback" not in res.output
