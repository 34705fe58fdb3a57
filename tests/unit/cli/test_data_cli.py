"""`borderlever data` and `borderlever ports` through Typer's runner."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from borderlever.cli.main import app
from borderlever.data.readers import bts_crossings as bts

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "data"))
from bts_fake import HEADER, bts_lines, write_bts

runner = CliRunner()


@pytest.fixture(scope="module")
def bundled_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("cli") / "store.duckdb"
    result = runner.invoke(app, ["data", "build", "--bundled", "--store", str(store), "-q"])
    assert result.exit_code == 0, result.output
    return store


def test_info_json(bundled_store: Path) -> None:
    result = runner.invoke(app, ["data", "info", "--json", "--store", str(bundled_store)])
    assert result.exit_code == 0, result.output
    facts = json.loads(result.output)
    rel = {r["name"]: r for r in facts["relations"]}
    assert rel["port_month_crossings"]["kind"] == "view"
    assert rel["port_month_crossings"]["from"] == "2015-01-01"
    assert rel["ports"]["rows"] == 117
    assert {s["dataset"] for s in facts["sources"]} >= {"bts_crossings"}
    assert runner.invoke(app, ["data", "info", "--store", str(bundled_store)]).exit_code == 0


def test_ports_list_and_show(bundled_store: Path) -> None:
    result = runner.invoke(
        app, ["ports", "list", "--border", "mexico", "--store", str(bundled_store)]
    )
    assert result.exit_code == 0 and "28 ports" in result.output and "Laredo" in result.output
    result = runner.invoke(app, ["ports", "show", "2304", "--store", str(bundled_store)])
    assert result.exit_code == 0, result.output
    assert "Laredo" in result.output and "Trucks" in result.output


def test_unknown_port_exit_2_with_suggestion(bundled_store: Path) -> None:
    result = runner.invoke(app, ["ports", "show", "2340", "--store", str(bundled_store)])
    assert result.exit_code == 2
    assert "did you mean" in result.output and "Traceback" not in result.output
    result = runner.invoke(app, ["ports", "list", "--border", "mex", "--store", str(bundled_store)])
    assert result.exit_code == 2 and "mexico" in result.output


@pytest.mark.parametrize(
    ("mutate", "needle"),
    [
        (lambda p: p.write_bytes(p.read_bytes()[:-40]), "truncated"),
        (
            lambda p: write_bts(p.parents[1], [x.replace(",110,", ",lots,") for x in bts_lines()]),
            "row 3",
        ),
        (lambda p: write_bts(p.parents[1], header=HEADER.replace("Value", "Count")), "'Value'"),
        (
            lambda p: write_bts(
                p.parents[1], [x.replace("Trucks,", "Lorries,") for x in bts_lines()]
            ),
            "unknown measure 'Lorries'",
        ),
        (
            lambda p: write_bts(p.parents[1], [x.replace(",2606,", ",26O6,") for x in bts_lines()]),
            "unknown port code '26O6'",
        ),
        (lambda p: p.write_bytes(b""), "empty"),
    ],
    ids=["truncated", "non-numeric", "renamed-column", "unknown-measure", "unknown-port", "empty"],
)
def test_bad_raw_file_exit_2_store_unchanged(
    tmp_path: Path, monkeypatch, mutate, needle: str
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("borderlever.data.build.datasets", lambda: [bts.DATASET])  # BTS only: fast
    raw = tmp_path / "raw"
    path = write_bts(raw, bts_lines() * 50)
    store = tmp_path / "s.duckdb"
    ok = runner.invoke(app, ["data", "build", "--raw", str(raw), "--store", str(store), "-q"])
    assert ok.exit_code == 0, ok.output
    before = store.read_bytes()
    mutate(path)
    result = runner.invoke(app, ["data", "build", "--raw", str(raw), "--store", str(store), "-q"])
    assert result.exit_code == 2, result.output
    assert needle in result.output and str(path.name) in result.output.replace("\n", "")
    assert "Traceback" not in result.output
    assert store.read_bytes() == before


def test_every_command_has_help_with_example() -> None:
    for group, commands in {
        "data": ["build", "info", "bundle", "fetch", "docs"],
        "ports": ["list", "show"],
    }.items():
        for cmd in commands:
            result = runner.invoke(app, [group, cmd, "--help"])
            assert result.exit_code == 0 and "Example" in result.output, (group, cmd)


def test_fetch_unknown_name_exit_2(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["data", "fetch", "--dest", str(tmp_path), "--only", "bts_crosings"]
    )
    assert result.exit_code == 2 and "did you mean" in result.output
