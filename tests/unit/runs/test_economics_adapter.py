"""Trade exposure from policy windows, and the reshaping of the economics result."""

from __future__ import annotations

import pandas as pd
import pytest

from borderlever.runs.economics import (
    cost_by_day,
    exposure_days,
    leverage_by_day,
    trade_at_stake_usd,
)
from borderlever.scenarios import ScenarioSpec, resolve


def resolved(fake_run_ports, **over):
    doc = {
        "name": "x",
        "description": "",
        "start": "2025-03-03",
        "horizon_days": 14,
        "ports": {"codes": ["2304", "2305"]},
    }
    doc.update(over)
    return resolve(ScenarioSpec.model_validate(doc), fake_run_ports)


@pytest.fixture
def ports(fake_run):
    return fake_run().ports


def test_exposure_counts_freight_modes_and_overlaps_once(ports):
    pols = [
        {
            "kind": "closure",
            "ports": ["2304"],
            "classes": ["trucks"],
            "window": {"start_day": 0, "end_day": 2},
        },
        {
            "kind": "lane_cut",
            "ports": ["2304"],
            "classes": ["all"],
            "window": {"start_day": 1, "end_day": 3},
            "parameters": {"lanes_removed_share": 0.5},
        },
        {"kind": "closure", "ports": ["2305"], "classes": ["passenger"]},
    ]
    exp = exposure_days(resolved(ports, policies=pols))
    assert exp[("2304", "truck")] == pytest.approx(3.0)  # [0,2) U [1,3)
    assert exp[("2304", "rail")] == pytest.approx(2.0)
    assert ("2305", "truck") not in exp  # passenger-only policy: no trade at stake


def test_no_policy_exposes_whole_horizon(ports):
    exp = exposure_days(resolved(ports))
    assert exp[("2305", "truck")] == pytest.approx(14.0)


def test_trade_at_stake_flat_year(ports):
    trade = pd.DataFrame(
        {
            "port_code": ["2304"],
            "year": [2023],
            "direction": ["import"],
            "mode": ["truck"],
            "hs2": ["87"],
            "value_usd": [365e6],
            "months_covered": [12],
            "country": ["MEX"],
        }
    )
    pol = {
        "kind": "closure",
        "ports": ["2304"],
        "classes": ["trucks"],
        "window": {"start_day": 0, "end_day": 7},
    }
    assert trade_at_stake_usd(resolved(ports, policies=[pol]), trade, None) == pytest.approx(7e6)


def test_leverage_by_day_is_share_ratio_on_the_headline_basis():
    """Direct costs and the dynamic model's losses add up by day before the ratio is taken."""

    class Impact:
        daily = pd.DataFrame(
            {
                "replication": [0, 0],
                "day": [0, 0],
                "country": ["USA", "MEX"],
                "cost_usd": [1e9, 1e9],
            }
        )
        production_daily = pd.DataFrame(
            {
                "replication": [0, 0],
                "day": [1, 1],
                "region": ["USA", "MEX"],
                "va_loss_usd": [1e9, 3e9],
            }
        )

    by_day = cost_by_day(Impact())
    lev = leverage_by_day(by_day, {"USA": 2.0e13, "MEX": 2.0e12}, "MEX")
    assert lev["leverage_ratio"].tolist() == pytest.approx([10.0, 20.0])
