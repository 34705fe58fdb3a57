"""Scenario files a person can write: every problem at once, each naming the file, with hints."""

from __future__ import annotations

import pandas as pd
import pytest
from typer.testing import CliRunner

from borderlever.cli.main import app
from borderlever.errors import ConfigError, UnknownCodeError
from borderlever.scenarios import load_spec, resolve

PORTS = pd.DataFrame(
    {
        "port_code": ["2304", "2305", "0401"],
        "port_name": ["Laredo", "Hidalgo", "Houlton"],
        "state": ["Texas", "Texas", "Maine"],
        "border": ["US-Mexico Border", "US-Mexico Border", "US-Canada Border"],
        "lat": [27.5, 26.1, 46.1],
        "lon": [-99.5, -98.3, -67.8],
    }
)


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_every_validation_problem_in_one_pass_each_with_the_file(tmp_path):
    path = write(
        tmp_path,
        "plan.yaml",
        "name: plan\ndescription: x\nstart: 2025-03-03\nhorizon_days: 0\nreplicatons: 2\n"
        "ports: {codes: [2304, 0401]}\n"
        "reactions: {defer_share: 2}\n",
    )
    with pytest.raises(ConfigError) as err:
        load_spec(path)
    lines = str(err.value).splitlines()
    assert lines[0] == f"scenario {path}: 5 problems"
    assert all(line.startswith(f"  - {path}: ") for line in lines[1:]), lines
    text = str(err.value)
    assert "horizon_days" in text and "did you mean 'replications'" in text
    assert "port codes are text: quote them (codes: ['2304'])" in text
    assert "YAML reads 0401 as the octal number 257" in text  # 0401 arrived as 257
    assert "<spec>" not in text and "<document>" not in text


def test_resolve_reports_every_port_and_window_problem(tmp_path):
    path = write(
        tmp_path,
        "ports.yaml",
        "name: ports\ndescription: x\nstart: 2025-03-03\nhorizon_days: 5\n"
        "ports: {codes: ['2304', '2399', '9999']}\n"
        "policies:\n  - {kind: closure, window: {start_day: 0, end_day: 9}}\n",
    )
    with pytest.raises(ConfigError) as err:
        resolve(load_spec(path), PORTS, source=str(path))
    text = str(err.value)
    assert text.splitlines()[0] == f"scenario {path}: 3 problems"
    assert "'2399'" in text and "'9999'" in text and "policies[0].window" in text
    assert all(line.startswith(f"  - {path}: ") for line in text.splitlines()[1:])


def test_one_unknown_port_keeps_its_kind_and_names_the_file(tmp_path):
    path = write(
        tmp_path,
        "one.yaml",
        "name: one\ndescription: x\nstart: 2025-03-03\nhorizon_days: 5\n"
        "ports: {codes: ['2304', '2306']}\n",
    )
    with pytest.raises(UnknownCodeError, match=f"in {path}") as err:
        resolve(load_spec(path), PORTS, source=str(path))
    assert "did you mean '2304'" in str(err.value) or "'2305'" in str(err.value)


def test_rich_markup_never_rewrites_a_message(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "plan[draft].yaml", "name: plan\ndescription: '[/b] x'\nstart: nope\n")
    runner = CliRunner()
    res = runner.invoke(app, ["scenarios", "validate", "plan[draft].yaml", "--no-store"])
    assert res.exit_code == 2
    assert "plan[draft].yaml" in res.output and "invalid" in res.output
    res = runner.invoke(app, ["run", "plan[draft].yaml", "-q"])
    assert res.exit_code == 2, res.output
    assert "scenario plan[draft].yaml: 3 problems" in res.output
    assert "  - plan[draft].yaml: start:" in res.output
