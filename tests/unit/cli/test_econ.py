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
    monkeypatch.setattr(econ_cli, "_known_ports", lambda store: ["2304", "2305", "2402"])


def test_stake_prints_per_day_values_and_missing_ports(small_trade: None) -> None:
    result = runner.invoke(app, ["econ", "stake", "2304", "2305", "--days", "14"])
    assert result.exit_code == 0, result.output
    assert "1,000,000,000" in result.output  # imports per day
    assert "no trade data for port 2305" in result.output
    assert "total: 15,400,000,000 USD" in result.output
    assert "1 port(s) without trade data left out" in result.output


def test_stake_unknown_port_or_mode_is_an_error_not_zero(small_trade: None) -> None:
    """Issue 17: `econ stake 9999` and `--modes boat` printed "total: 0 USD" (exit 0)."""
    result = runner.invoke(app, ["econ", "stake", "9999"])
    assert result.exit_code == 2 and "unknown port code (PORTS) '9999'" in result.output
    assert "0 USD" not in result.output
    result = runner.invoke(app, ["econ", "stake", "2304", "--modes", "trucks"])
    assert result.exit_code == 2 and "did you mean 'truck'" in result.output
    result = runner.invoke(app, ["econ", "stake", "2304", "--modes", "boat"])
    assert result.exit_code == 2 and "unknown mode (--modes) 'boat'" in result.output


def test_stake_known_port_without_trade_is_na_not_zero(small_trade: None) -> None:
    result = runner.invoke(app, ["econ", "stake", "2402"])
    assert result.exit_code == 0 and "total: n/a" in result.output


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
