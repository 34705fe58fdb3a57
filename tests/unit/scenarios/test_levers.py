"""Scenario models of tariffs and threats: validation, schedules, the bundled tariff scenarios."""

from __future__ import annotations

import datetime as dt

import pytest

from borderlever.errors import BorderleverError
from borderlever.scenarios import load_spec
from borderlever.scenarios.levers import TariffPolicy
from borderlever.scenarios.loading import spec_from_document

BASE = {
    "name": "t",
    "description": "d",
    "start": "2019-05-31",
    "horizon_days": 30,
    "ports": {"codes": ["2304"]},
}


def _tariff(**kw):
    return {"kind": "tariff", "partner": "MEX", "schedule": [{"start_day": 0, "rate_pct": 5}], **kw}


def test_schedule_by_date_steps_up():
    pol = TariffPolicy.model_validate(
        _tariff(
            schedule=[{"date": "2019-06-10", "rate_pct": 5}, {"date": "2019-07-01", "rate_pct": 10}]
        )
    )
    rates = pol.rate_by_day(40, dt.date(2019, 5, 31))
    assert rates[9] == 0 and rates[10] == 0.05 and rates[31] == 0.1


@pytest.mark.parametrize(
    "bad, words",
    [
        (_tariff(hs_chapters=["8703"]), "2-digit"),
        (_tariff(schedule=[{"start_day": 0, "date": "2019-06-01", "rate_pct": 5}]), "exactly one"),
        (_tariff(partner="CHN"), "partner"),
        (_tariff(usmca="maybe"), "usmca"),
    ],
)
def test_bad_tariff_is_a_clear_error(bad, words):
    with pytest.raises(BorderleverError) as err:
        spec_from_document({**BASE, "policies": [bad]})
    assert words in str(err.value)


@pytest.mark.parametrize(
    "name", ["2019-tariff-threat", "2025-tariff-threat", "usmca-review-tariff"]
)
def test_bundled_tariff_scenarios_load(name):
    spec = load_spec(name)
    assert spec.tariff_policies() and not spec.border_policies()
    assert spec.threat is not None and spec.threat.target == "MEX"


def test_threat_needs_a_demand():
    with pytest.raises(BorderleverError) as err:
        spec_from_document({**BASE, "threat": {"deadline_days": 10}})
    assert "demand" in str(err.value)
