"""Pricing a scenario's tariffs from small trade frames (no store, no input-output table)."""

from __future__ import annotations

import pandas as pd
import pytest

from borderlever.economics import DEFAULT_PARAMS
from borderlever.parameters import get, resolve
from borderlever.runs.levers import pct_interval
from borderlever.runs.tariff import price_tariffs
from borderlever.scenarios.loading import spec_from_document

TRADE = pd.DataFrame(
    {
        "country": ["MEX", "MEX", "MEX"],
        "direction": ["import", "import", "export"],
        "hs2": ["87", "07", "87"],
        "value_usd": [365e6, 730e6, 365e6],
    }
)
USMCA = pd.DataFrame(
    {"gtap_code": ["mvh", "v_f"], "country": ["MEX", "MEX"], "usmca_share": [0.5, 1.0]}
)


def _spec(rate_pct: float, **tariff):
    return spec_from_document(
        {
            "name": "t",
            "description": "d",
            "start": "2019-06-01",
            "horizon_days": 10,
            "ports": {"codes": ["2304"]},
            "policies": [
                {
                    "kind": "tariff",
                    "partner": "MEX",
                    "schedule": [{"start_day": 2, "rate_pct": rate_pct}],
                    **tariff,
                }
            ],
        }
    )


def _price(spec, n_draws=4):
    values = resolve(None)
    bounds = {n: (get(n).low, get(n).high) for n in values if n.startswith("tariff.")}
    return price_tariffs(spec, TRADE, USMCA, None, DEFAULT_PARAMS, values, bounds, n_draws=n_draws)


def test_zero_rate_changes_nothing_exactly():
    t = _price(_spec(0.0))
    assert t.tariff_days == 0
    assert (t.daily_cost["cost_usd"] == 0.0).all()
    assert (t.draws[["duty_usd", "burden_usd", "lost_sales_usd"]] == 0.0).all().all()


def test_tariff_days_and_usmca_exemption():
    full = _price(_spec(25.0))
    exempt = _price(_spec(25.0, usmca="exempt"))
    assert full.tariff_days == 8
    day = full.daily_cost.pivot(index="day", columns="country", values="cost_usd")
    assert (day.loc[[0, 1]] == 0).all().all() and (day.loc[2:, "USA"] > 0).all()
    # vegetables fully claimed under USMCA, cars half: covered value 0.5 * 1e6 of 3e6 per day
    assert exempt.covered_usd == pytest.approx(0.5 * 1e6 * 8)
    assert full.covered_usd == pytest.approx(3e6 * 8)
    assert exempt.draws["duty_usd"].iloc[0] < full.draws["duty_usd"].iloc[0]


def test_draws_are_seeded_and_default_first():
    a, b = _price(_spec(10.0)), _price(_spec(10.0))
    pd.testing.assert_frame_equal(a.draws, b.draws)
    iv = pct_interval(a.draws["duty_usd"])
    assert iv["ci_low"] <= iv["mean"] <= iv["ci_high"]
