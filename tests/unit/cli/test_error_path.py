"""Issue 17: one error path, checks before the simulation, safe parsing, no silent zeros.

Each test drives the command line (Typer's runner) with one kind of bad input or fault and checks
the outcome: exit code 2 (bad input) or 1 (internal), one line naming the file/field/option, no
traceback, and, where a run would have started, that no simulation ran.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from borderlever.cli.main import app

runner = CliRunner()


def invoke(*args: str, **kw):
    return runner.invoke(app, [str(a) for a in args], **kw)


def one_error_line(res, code: int) -> str:
    """The result's error message, checked to be a single line with no traceback."""
    assert res.exit_code == code, res.output
    assert "Traceback" not in res.output
    lines = [line for line in res.output.splitlines() if line.startswith("error:")]
    assert len(lines) == 1, res.output
    return lines[0]


@pytest.fixture
def no_simulation(monkeypatch):
    """Fail loudly if a command gets as far as the simulation."""
    import borderlever.runs.pipeline as pipeline

    def boom(*a, **k):
        raise AssertionError("the simulation started; the check should have come first")

    monkeypatch.setattr(pipeline, "run_scenario", boom)


def _variant(tiny_scenario, tmp_path, name, old, new):
    path = tmp_path / f"{name}.yaml"
    text = tiny_scenario.read_text()
    assert old in text
    path.write_text(text.replace(old, new))
    return path


# --- one error path ---------------------------------------------------------------------------


def test_internal_error_is_one_line_exit_1_and_debug_shows_it(monkeypatch, tiny_scenario):
    import borderlever.runs.pipeline as pipeline

    def broken(*a, **k):
        raise ValueError("an unexpected state")

    monkeypatch.setattr(pipeline, "resolve_scenario", broken)
    line = one_error_line(invoke("run", tiny_scenario), 1)
    assert "internal error (ValueError: an unexpected state)" in line and "--debug" in line
    res = invoke("--debug", "run", tiny_scenario)
    assert res.exit_code == 1 and isinstance(res.exception, ValueError)


def test_interrupt_is_exit_130_with_a_message(monkeypatch, tiny_scenario):
    import borderlever.runs.pipeline as pipeline

    def interrupted(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "resolve_scenario", interrupted)
    assert "interrupted" in one_error_line(invoke("run", tiny_scenario), 130)


def test_corrupt_store_names_the_rebuild_command(tmp_path, tiny_scenario):
    store = tmp_path / "store.duckdb"
    store.write_bytes(b"this is not a duckdb file" * 100)
    line = one_error_line(invoke("run", tiny_scenario, "--store", store), 2)
    assert f"store {store} cannot be opened" in line
    assert f"borderlever data build --store {store}" in line


def test_store_that_is_a_folder_and_a_missing_store_are_errors(tmp_path, tiny_scenario):
    line = one_error_line(invoke("run", tiny_scenario, "--store", tmp_path), 2)
    assert "is a folder, not a DuckDB file" in line
    typo = tmp_path / "stroe.duckdb"
    line = one_error_line(invoke("run", tiny_scenario, "--store", typo), 2)
    assert "no store at" in line and "borderlever data build --store" in line
    assert not typo.exists()  # no new 40 MB store built in the wrong place


def test_out_that_is_a_file_refused_before_the_simulation(
    tiny_store, tiny_scenario, tmp_path, no_simulation
):
    target = tmp_path / "a-file"
    target.write_text("x")
    line = one_error_line(invoke("run", tiny_scenario, "--store", tiny_store, "--out", target), 2)
    assert "--out" in line and "a file, not a folder" in line


def test_out_system_folder_and_foreign_folder_refused(
    tiny_store, tiny_scenario, tmp_path, no_simulation
):
    line = one_error_line(invoke("run", tiny_scenario, "--store", tiny_store, "--out", "/etc"), 2)
    assert "system folder" in line
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep")
    line = one_error_line(invoke("run", tiny_scenario, "--store", tiny_store, "--out", mine), 2)
    assert "--force" in line and (mine / "notes.txt").read_text() == "keep"


def test_json_into_missing_folder_refused_before_the_simulation(
    tiny_store, tiny_scenario, tmp_path, no_simulation
):
    args = ["run", tiny_scenario, "--store", tiny_store, "--out", tmp_path / "o"]
    line = one_error_line(invoke(*args, "--json", tmp_path / "nope" / "s.json"), 2)
    assert "--json" in line and "does not exist" in line


# --- safe parsing -------------------------------------------------------------------------------


def test_impossible_date_names_file_line_and_value(tiny_scenario, tmp_path):
    bad = _variant(tiny_scenario, tmp_path, "feb30", "start: 2025-02-03", "start: 2025-02-30")
    line = one_error_line(invoke("run", bad), 2)
    assert "feb30.yaml" in line and "line 3" in line and "'2025-02-30' is not a valid date" in line


def test_non_utf8_scenario_is_refused_with_the_byte(tmp_path):
    bad = tmp_path / "latin1.yaml"
    bad.write_bytes("name: x\ndescription: caf\xe9\n".encode("latin-1"))
    line = one_error_line(invoke("run", bad), 2)
    assert "latin1.yaml" in line and "not UTF-8" in line and "0xe9" in line


def test_billion_laughs_refused(tmp_path):
    """A billion-laughs file is refused by the alias limits (its expansion, 9**10 nodes, would
    not fit in memory): the refusal itself shows the work is bounded.  How fast it is refused is a
    benchmark (``benchmarks/safeparse_bench.py``), not a timed unit test."""
    bomb = tmp_path / "lol.yaml"
    levels = "".join(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]\n" for i in range(1, 10))
    bomb.write_text(
        'l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n' + levels
    )
    res = invoke("scenarios", "validate", bomb, "--no-store")
    assert res.exit_code == 2 and "once aliases are expanded" in res.output


def test_validate_reports_every_file_of_a_batch(tiny_store, tiny_scenario, tmp_path):
    undecodable = tmp_path / "bin.yaml"
    undecodable.write_bytes(b"\xff\xfe\x00garbage")
    late = _variant(tiny_scenario, tmp_path, "late", "end_day: 1", "end_day: 9")
    res = invoke(
        "scenarios",
        "validate",
        undecodable,
        tiny_scenario,
        late,
        tmp_path / "gone.yaml",
        "--store",
        tiny_store,
    )
    assert res.exit_code == 2 and "Traceback" not in res.output
    out = " ".join(res.output.split())
    assert "invalid" in out and "bin.yaml" in out and "not UTF-8" in out
    assert f"ok {tiny_scenario}" in out
    assert "late.yaml" in out and "outside the horizon" in out
    assert "gone.yaml" in out and "does not exist" in out
    assert "1 of 4 valid" in out


# --- checks against the store before the simulation ---------------------------------------------


@pytest.mark.parametrize(
    "start, match",
    [
        ("1980-01-07", "before the first month of crossing counts"),
        ("2099-01-05", "more than 3 years after the last month"),
    ],
)
def test_starts_far_outside_the_data_refused(tiny_store, tiny_scenario, tmp_path, start, match):
    bad = _variant(tiny_scenario, tmp_path, "far", "start: 2025-02-03", f"start: {start}")
    res = invoke("scenarios", "validate", bad, "--store", tiny_store)
    assert res.exit_code == 2 and match in " ".join(res.output.split())


def test_start_after_the_data_is_a_reported_substitution(tiny_store, tiny_scenario, tmp_path):
    later = _variant(tiny_scenario, tmp_path, "later", "start: 2025-02-03", "start: 2025-06-02")
    res = invoke("scenarios", "validate", later, "--store", tiny_store)
    out = " ".join(res.output.split())
    assert res.exit_code == 0
    assert "warning:" in out and "no crossing counts for 2025-06" in out
    assert "same calendar month of the latest year" in out


def test_trade_year_not_in_store_fails_at_validate(tiny_store, tiny_scenario, tmp_path):
    bad = tmp_path / "ty.yaml"
    bad.write_text(tiny_scenario.read_text() + "economics: {trade_year: 2050}\n")
    res = invoke("scenarios", "validate", bad, "--store", tiny_store)
    out = " ".join(res.output.split())
    assert res.exit_code == 2 and "economics.trade_year = 2050" in out and "2024" in out


def test_duplicate_policy_refused_and_overlap_reported(tiny_store, tiny_scenario, tmp_path):
    policy = (
        "  - kind: closure\n    ports: ['2304']\n    classes: [trucks]\n"
        "    window: {start_day: 0, end_day: 1}\n"
    )
    dup = tmp_path / "dup.yaml"
    dup.write_text(tiny_scenario.read_text() + policy)
    res = invoke("scenarios", "validate", dup, "--no-store")
    assert res.exit_code == 2 and "policies[1] repeats policies[0] exactly" in res.output
    over = tmp_path / "over.yaml"
    over.write_text(
        tiny_scenario.read_text()
        + "  - kind: lane_cut\n    ports: ['2304']\n    classes: [commercial]\n"
        "    window: {start_day: 0.5, end_day: 2}\n    parameters: {lanes_removed_share: 0.5}\n"
    )
    res = invoke("scenarios", "validate", over, "--store", tiny_store)
    out = " ".join(res.output.split())
    assert res.exit_code == 0, out
    assert "policies[0] (closure) and policies[1] (lane_cut) overlap at 2304" in out
    assert "compose in file order" in out


# --- compare ------------------------------------------------------------------------------------


def test_compare_refuses_a_folder_that_is_not_a_complete_run(tmp_path):
    fake = tmp_path / "fake"
    fake.mkdir()
    (fake / "summary.json").write_text('{"totals": {"arrivals": {"mean"')  # truncated
    (fake / "scenario.yaml").write_text("name: x\n")
    line = one_error_line(invoke("compare", fake, fake), 2)
    assert "not a complete borderlever run" in line and "complete.json" in line


# --- numbers that are not answers ---------------------------------------------------------------


@pytest.mark.parametrize(
    "args, match",
    [
        (["evidence", "run", "tariff-threat-2019", "--placebo-n", "-3"], "--placebo-n"),
        (["evidence", "run", "tariff-threat-2019", "--min-pre-months", "0"], "--min-pre-months"),
        (["evidence", "run", "tariff-threat-2019", "--pre-months", "5"], "--pre-months"),
        (["evidence", "run", "tariff-threat-2019", "--calibration-n", "-1"], "--calibration-n"),
    ],
)
def test_evidence_options_out_of_range_refused(args, match):
    res = invoke(*args)
    assert res.exit_code == 2 and "Traceback" not in res.output
    assert match in res.output and "Invalid value" in res.output


def test_evidence_pool_with_one_episode_refused_with_the_number_needed():
    line = one_error_line(invoke("evidence", "pool", "mpp-2018"), 2)
    assert "needs at least 2 different episodes (got 1)" in line
    line = one_error_line(invoke("evidence", "pool", "mpp-2018", "mpp-2018"), 2)
    assert "(got 1)" in line


def test_load_and_compare_refuse_a_truncated_summary_of_a_complete_run(fake_api_run, tmp_path):
    import borderlever as bl
    from borderlever.errors import ConfigError

    run = fake_api_run()
    a, b = run.write(tmp_path / "a"), run.write(tmp_path / "b")
    assert bl.load(a).summary == run.summary  # complete: read back
    text = (b / "summary.json").read_text()
    (b / "summary.json").write_text(text[: len(text) // 2])  # truncated after the run
    with pytest.raises(ConfigError, match="changed or truncated"):
        bl.load(b)
    line = one_error_line(invoke("compare", a, b), 2)
    assert "summary.json: changed or truncated" in line and "rerun" in line
    # a loaded run written elsewhere is staged and marked complete like a new one
    copy = bl.load(a).write(tmp_path / "copy")
    assert bl.load(copy).summary == run.summary


def test_claims_file_gets_the_same_parser_limits(tmp_path):
    bomb = tmp_path / "claims.yaml"
    bomb.write_text(
        'l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
        + "".join(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]\n" for i in range(1, 10))
    )
    line = one_error_line(invoke("claims", "check", bomb), 2)
    assert "once aliases are expanded" in line
    latin = tmp_path / "latin.yaml"
    latin.write_bytes(b"claims:\n  - id: caf\xe9\n")
    assert "not UTF-8" in one_error_line(invoke("claims", "check", latin), 2)


def test_substituted_demand_is_in_the_report_and_manifest_notes(tiny_store, tmp_path):
    """A start after the store's last month runs, warns before the simulation, and says so in
    the report and the manifest (one port, one day, one replication)."""
    scenario = tmp_path / "later.yaml"
    scenario.write_text(
        "name: later\ndescription: substitution test (https://example.org/none)\n"
        "start: 2025-06-02\nhorizon_days: 1\nreplications: 1\nseed: 5\n"
        "ports: {codes: ['2304']}\n"
    )
    out = tmp_path / "o"
    res = invoke("run", scenario, "--store", tiny_store, "--out", out, "-q")
    assert res.exit_code == 0, res.output
    assert "warning:" in res.output and "no crossing counts for 2025-06" in res.output
    assert "no crossing counts for 2025-06" in (out / "report.html").read_text()
    notes = json.loads((out / "manifest.json").read_text())["notes"]
    assert any("same calendar month of the latest year" in n for n in notes)
