"""Trade at stake of the 2022 Ambassador Bridge blockade scenario against the press figure."""

from __future__ import annotations

import pytest

from borderlever.data.store import query
from borderlever.runs.economics import trade_at_stake_usd
from borderlever.runs.pipeline import resolve_scenario


@pytest.mark.raw
def test_ambassador_trade_at_stake_against_press(raw_store):
    """Truck trade at stake per day at Detroit (port 3801) vs "$360M in commerce crosses the
    Ambassador Bridge every day" (Click On Detroit, 2022-02-15, citing Anderson Economic Group).

    Tolerance +-30 %: the press figure is a round number for the bridge in 2022 (both directions,
    all goods), ours is BTS TransBorder truck trade of the whole port (bridge and tunnel) in the
    latest full trade year, spread flat over the year.
    """
    resolved = resolve_scenario("2022-ambassador-bridge-blockade", store=raw_store)
    trade = query("SELECT * FROM port_year_trade WHERE port_code = '3801'", store=raw_store)
    days = (resolved.policy_window_min()[1] - resolved.policy_window_min()[0]) / 1440
    per_day = trade_at_stake_usd(resolved, trade, None) / days
    assert per_day == pytest.approx(360e6, rel=0.30)
