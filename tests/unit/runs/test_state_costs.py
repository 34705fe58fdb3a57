"""The US cost by state is on the headline basis: its parts add up to the US headline cost."""

from __future__ import annotations

import pandas as pd
import pytest

from borderlever.runs.economics import headline_cost_by_state, us_trade_shares


def test_state_costs_sum_to_the_headline_and_fall_back_to_direct_costs():
    us = pd.DataFrame(
        {
            "year": [2023, 2023, 2023, 2022],
            "country": ["MEX", "MEX", "CAN", "MEX"],
            "direction": ["export", "import", "export", "export"],
            "us_state": ["TX", "MI", "MI", "TX"],
            "us_state_name": ["Texas", "Michigan", "Michigan", "Texas"],
            "value_usd": [3.0, 1.0, 50.0, 9.0],
        }
    )
    shares = us_trade_shares((us, None), None)  # latest year, Mexico only
    assert shares.set_index("state")["trade_share"].to_dict() == {"Texas": 0.75, "Michigan": 0.25}
    direct = pd.DataFrame({"state": ["Texas", "Arizona"], "cost_usd": [6.0, 4.0]})
    out = headline_cost_by_state(direct, 50.0, shares).set_index("state")["cost_usd"]
    assert out.sum() == pytest.approx(50.0)
    assert out["Texas"] == pytest.approx(6.0 + 0.75 * 40.0)
    assert out["Arizona"] == pytest.approx(4.0)
    assert headline_cost_by_state(direct, 50.0, None) is direct
