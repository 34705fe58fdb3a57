"""The store's economics inputs (built from the raw files) against the published totals.

Source: BTS TransBorder 2023 (PROVENANCE: US-Mexico 798.8 bn USD, all modes = Census goods
trade, ~2.19 bn USD per day); WIOD 2011 NA4 (PROVENANCE: US gross output 26,918 bn USD).
Skips where the raw files are absent or the store lacks the data-trade views (before that layer
is merged).  Tolerance 0.5 % (rounding of the published figures).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from borderlever.economics import trade_at_stake
from borderlever.economics.inputs import load_inputs
from borderlever.errors import DataError

pytestmark = pytest.mark.raw


def test_store_trade_and_io_against_transborder_and_wiod(raw_store: Path) -> None:
    try:
        inputs = load_inputs(raw_store)
    except DataError as exc:
        pytest.skip(f"store without the data-trade views: {exc}")
    mex = inputs.trade[(inputs.trade["country"] == "MEX") & (inputs.trade["year"] == 2023)]
    per_day = trade_at_stake(mex, days=1, year=2023, by=["country"])["value_usd"].sum()
    assert per_day == pytest.approx(798.8e9 / 365, rel=0.005)
    if inputs.io is not None:
        us = inputs.io.x[inputs.io.regions == "USA"].sum() / 1e3
        assert us == pytest.approx(26_918, abs=0.6)
    gdp = inputs.gdp
    assert {"USA", "MEX", "CAN"} <= set(gdp["country_iso3"])
