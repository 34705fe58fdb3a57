"""``borderlever econ`` through the CLI runner (trade read from a small frame, not a store)."""

from __future__ import annotations

import pandas as pd
import pytest
from typer.testing import CliRunner

import borderlever.cli.econ as econ_cli
from borderlever.cli.main import app

runner = CliRunner()


@pytest.fixture
def small_trade(monkeypatch: pytest.MonkeyPatch) -> None:
    frame = pd.DataFrame(
        {
            "port_code": ["2304", "2304"],
            "year": 2023,
            "direction": ["import", "export"],
            "mode": "truck",
            "hs2": "87",
            "value_usd": [365e9, 36.5e9],
            "months_covered": 12,
            "country": "MEX",
        }
    )
    monkeypatch.setattr(econ_cli, "_trade", lambda store: frame)


def test_stake_prints_per_day_values_and_missing_ports(small_trade: None) -> None:
    result = runner.invoke(app, ["econ", "stake", "2304", "9999", "--days", "14"])
    assert result.exit_code == 0, result.output
    assert "1,000,000,000" in result.output  # imports per day
    assert "no trade data for port 9999" in result.output
    assert "total: 15,400,000,000 USD" in result.output


def test_unknown_year_exits_2(small_trade: None) -> None:
    result = runner.invoke(app, ["econ", "stake", "2304", "--year", "2019"])
    assert result.exit_code == 2


def test_params_lists_sources() -> None:
    result = runner.invoke(app, ["econ", "params"], env={"COLUMNS": "250"})
    assert result.exit_code == 0
    assert "truck_cost_usd_per_h" in result.output and "ATRI" in result.output


def test_help_shows_an_example() -> None:
    result = runner.invoke(app, ["econ", "stake", "--help"])
    assert "Example: borderlever econ stake" in result.output
