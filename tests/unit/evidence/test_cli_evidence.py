"""`borderlever episodes|evidence|claims` through Typer's runner (module: borderlever.cli.evidence)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from borderlever.cli.main import app

runner = CliRunner()


def _run(*args: str):
    return runner.invoke(app, list(args))


def test_help_shows_examples() -> None:
    for group in ("episodes", "evidence", "claims"):
        res = _run(group, "--help")
        assert res.exit_code == 0 and "Example" in res.output
    for cmd in (
        ("episodes", "list"),
        ("episodes", "show"),
        ("evidence", "run"),
        ("evidence", "series"),
        ("claims", "check"),
    ):
        res = _run(*cmd, "--help")
        assert res.exit_code == 0 and "Example: borderlever" in res.output, cmd


def test_episodes_list_and_show() -> None:
    res = _run("episodes", "list", "--kind", "lever")
    assert res.exit_code == 0 and "tariff-threat-2019" in res.output
    assert "covid-title42-2020" not in res.output
    res = _run("episodes", "show", "texas-inspections-2022")
    assert res.exit_code == 0 and "state_inspections" in res.output and "https://" in res.output


def test_unknown_episode_exits_2_with_suggestion() -> None:
    res = _run("episodes", "show", "tarif-threat-2019")
    assert res.exit_code == 2 and "did you mean 'tariff-threat-2019'" in res.output


def test_evidence_run_writes_json_and_html(tmp_path: Path, synthetic_store: Path) -> None:
    out = tmp_path / "ev.json"
    res = _run(
        "evidence",
        "run",
        "tariff-threat-2019",
        "--series",
        "sw_encounters_usbp",
        "--calibration-n",
        "24",
        "--json",
        str(out),
        "--html",
        str(tmp_path / "fig"),
        "--store",
        str(synthetic_store),
    )
    assert res.exit_code == 0, res.output
    doc = json.loads(out.read_text())
    s = doc["series"]["sw_encounters_usbp"]
    assert set(s["headline"]) == {"1m", "3m", "6m"}
    assert set(s["headline"]["3m"]["pct"]) == {"estimate", "ci_low", "ci_high"}
    assert s["headline"]["1m"]["model"] in s["models"] and s["headline"]["1m"]["text"]
    # baselines always beside the headline; control models ran on the design's controls
    assert set(s["baselines"]) == {"snaive_log", "llevel_log"}
    assert {"ctrl_ucm_log", "synth_log"} <= set(s["models"])
    assert s["controls"] == ["nb_encounters_usbp", "coastal_encounters_usbp", "air_encounters_ofo"]
    chosen = [r for r in s["skill"] if r["chosen"]]
    assert len(chosen) == 3 and all(r["n"] == 24 for r in chosen)
    assert isinstance(s["confounders"], list) and "identified" in s["identification"]
    assert "flag" in s["fit_check"] and "placebo skill" in res.output
    assert (tmp_path / "fig" / "tariff-threat-2019_sw_encounters_usbp.html").exists()


def test_default_series_skip_what_cannot_be_fitted(synthetic_store: Path) -> None:
    res = _run(
        "evidence",
        "run",
        "tariff-threat-2019",
        "--calibration-n",
        "12",
        "--store",
        str(synthetic_store),
    )
    assert res.exit_code == 0, res.output
    assert "skipped mx_inm_detentions" in res.output
    res = _run(
        "evidence", "run", "tariff-threat-2019", "--model", "ols_log", "--placebo-n", "2",
        "--store", str(synthetic_store),
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    assert "skipped mx_inm_detentions" in res.output


def test_bad_input_exits_2(synthetic_store: Path) -> None:
    store = str(synthetic_store)
    res = _run(
        "evidence", "run", "tariff-threat-2019", "--series", "sw_encounter_usbp", "--store", store
    )
    assert res.exit_code == 2 and "did you mean 'sw_encounters_usbp'" in res.output
    res = _run(
        "evidence", "run", "tariff-threat-2019", "--series", "mx_inm_detentions", "--store", store
    )
    assert res.exit_code == 2 and "at least 24 are needed" in res.output
    res = _run("evidence", "run", "tariff-threat-2019", "--model", "arima", "--store", store)
    assert res.exit_code == 2 and "unknown model" in res.output
    res = _run("evidence", "run", "nope-2019", "--store", store)
    assert res.exit_code == 2 and "unknown episode" in res.output


def test_claims_check_json(tmp_path: Path, synthetic_store: Path) -> None:
    out = tmp_path / "claims.json"
    res = _run(
        "claims", "check", "--json", str(out), "--skill-n", "12", "--store", str(synthetic_store)
    )
    assert res.exit_code == 0, res.output
    rows = json.loads(out.read_text())
    kinds = {r["id"]: r.get("claim_kind", "") for r in rows}
    assert kinds["encounters-fell-after-june-2019"].startswith("raw before/after change")
    assert kinds["june-2019-deal-halved-encounters"].startswith("effect net of")
    assert all({"id", "text", "measured", "unit", "verdict", "source"} <= set(r) for r in rows)
    assert {r["id"]: r["verdict"] for r in rows}[
        "cartel-third-of-mexico"
    ] == "not checkable with the store"


def test_claim_on_missing_table_exits_2(tmp_path: Path, synthetic_store: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("""claims:
  - id: c1
    text: t
    said_by: me
    quantity: q
    unit: u
    period: p
    sql: SELECT COUNT(*) AS value FROM no_such_table
    comparison: {op: '>=', value: 1}
    says: 'v={value}'
    source: s
    vintage: v
""")
    res = _run("claims", "check", str(path), "--store", str(synthetic_store))
    assert res.exit_code == 2 and "no_such_table" in res.output and "Traceback" not in res.output
    assert "claim c1" in res.output
    path.write_text("claims:\n  - id: c1\n    txt: t\n")
    res = _run("claims", "check", str(path), "--store", str(synthetic_store))
    assert res.exit_code == 2 and "did you mean 'text'" in res.output


def test_evidence_pool(tmp_path: Path, synthetic_store: Path) -> None:
    out = tmp_path / "pool.json"
    res = _run(
        "evidence",
        "pool",
        "tariff-threat-2019",
        "texas-inspections-2022",
        "--json",
        str(out),
        "--store",
        str(synthetic_store),
    )
    assert res.exit_code == 0, res.output
    doc = json.loads(out.read_text())
    assert set(doc["pooled"]) == {"1m", "3m", "6m"}
    assert doc["pooled"]["3m"]["n_episodes"] == 2 and 0 <= doc["pooled"]["3m"]["i2"] <= 1
    res = _run("evidence", "pool", "tariff-threat-2019", "nope", "--store", str(synthetic_store))
    assert res.exit_code == 2 and "unknown episode" in res.output


def test_series_coverage(synthetic_store: Path) -> None:
    res = runner.invoke(
        app,
        ["evidence", "series", "--coverage", "--store", str(synthetic_store)],
        env={"COLUMNS": "200"},
    )
    assert res.exit_code == 0, res.output
    assert "sw_encounters_usbp" in res.output and "2012-01" in res.output


def test_evidence_run_reports_calibrated_or_model_intervals(
    tmp_path: Path, synthetic_store: Path
) -> None:
    methods = {}
    for n in ("96", "0"):
        out = tmp_path / f"ev{n}.json"
        res = _run(
            "evidence", "run", "texas-inspections-2022", "--series", "trucks_2304",
            "--model", "ols_log", "--placebo-n", "2", "--no-compare", "--calibration-n", n,
            "--json", str(out), "--store", str(synthetic_store),
        )  # fmt: skip
        assert res.exit_code == 0, res.output
        s = json.loads(out.read_text())["series"]["trucks_2304"]
        methods[n] = s["interval_method"]
        if n == "96":
            assert "intervals calibrated on" in res.output and s["calibration"]["n"] >= 20
            assert "model_interval" in s["effect"]["1m"]
        else:
            assert s["calibration"] is None and "model_interval" not in s["effect"]["1m"]
    assert methods == {"96": "placebo-calibrated", "0": "model"}


def test_evidence_table_command(tmp_path: Path, synthetic_store: Path) -> None:
    out = tmp_path / "table.json"
    res = runner.invoke(
        app,
        [
            "evidence", "table", "--episode", "texas-inspections-2022", "--outcome",
            "sw_encounters_usbp", "--skill-n", "12", "--json", str(out),
            "--store", str(synthetic_store),
        ],
        env={"COLUMNS": "200"},
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    doc = json.loads(out.read_text())
    assert [r["horizon"] for r in doc["rows"]] == ["1m", "3m", "6m"]
    assert {r["identification"] for r in doc["rows"]} <= {"identified", "confounded"}
    assert "texas-inspections-2022/sw_encounters_usbp" in doc["studies"]
    res = _run("evidence", "table", "--outcome", "nope", "--store", str(synthetic_store))
    assert res.exit_code == 2 and "unknown series" in res.output
