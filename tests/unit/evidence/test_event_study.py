from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from borderlever.errors import DataError
from borderlever.evidence.catalogue import load_catalogue
from borderlever.evidence.event_study import (
    event_study,
    find_confounders,
    first_post_month,
    placebo_in_time,
    pseudo_dates,
    to_dict,
)

IDX = pd.date_range("2013-01-01", "2019-12-01", freq="MS")


def _series(seed: int = 1, effect: float = 0.0, at: str = "2019-01-01") -> pd.Series:
    rng = np.random.default_rng(seed)
    t = np.arange(len(IDX))
    y = np.exp(
        7
        + 0.005 * t
        + 0.2 * np.sin(2 * np.pi * IDX.month.to_numpy() / 12)
        + rng.normal(0, 0.03, len(t))
    )
    y[at <= IDX] *= 1 + effect
    return pd.Series(y, index=IDX, name="demo")


def test_first_post_month_rule() -> None:
    assert first_post_month(dt.date(2019, 6, 15)) == pd.Timestamp("2019-06-01")
    assert first_post_month(dt.date(2019, 6, 16)) == pd.Timestamp("2019-07-01")
    assert first_post_month(dt.date(2019, 12, 31)) == pd.Timestamp("2020-01-01")


def test_large_effect_is_found_and_json_shape() -> None:
    res = event_study(_series(effect=-0.4), dt.date(2019, 1, 1))
    out = to_dict(res)
    assert set(out["effect"]) == {"1m", "3m", "6m"}
    for h in ("1m", "3m", "6m"):
        eff = out["effect"][h]
        assert set(eff["abs"]) == set(eff["pct"]) == {"estimate", "ci_low", "ci_high"}
        assert eff["significant"] and eff["pct"]["ci_high"] < 0
        assert eff["pct"]["estimate"] == pytest.approx(-40, abs=5)
    assert out["pre_period"] == {"start": "2014-01", "end": "2018-12", "n_months": 60}


def test_too_little_pre_period_says_how_much_is_needed() -> None:
    short = _series().loc["2018-01-01":]
    with pytest.raises(DataError) as err:
        event_study(short, dt.date(2019, 1, 1))
    msg = str(err.value)
    assert "only 12 months" in msg and "at least 24" in msg and "2018-12" in msg


def test_gaps_are_listed_or_fitted_around() -> None:
    s = _series().drop(pd.Timestamp("2017-03-01"))
    s.loc[pd.Timestamp("2017-07-01")] = np.nan
    with pytest.raises(DataError, match="2017-03, 2017-07"):
        event_study(s, dt.date(2019, 1, 1))
    res = event_study(s, dt.date(2019, 1, 1), allow_gaps=True)
    assert any("2017-03" in n for n in res.notes)


def test_post_months_beyond_the_data_are_not_estimable() -> None:
    res = event_study(_series(), dt.date(2019, 9, 1))
    assert res.effects[1] is not None and res.effects[6] is None
    assert to_dict(res)["effect"]["6m"] is None


def test_placebo_dates_stay_before_the_event() -> None:
    dates = pseudo_dates(_series(), pd.Timestamp("2019-01-01"), n=5)
    assert len(dates) == 5 and max(dates) <= pd.Timestamp("2018-07-01")
    out = placebo_in_time(_series(), pd.Timestamp("2019-01-01"), n=5)
    assert out["n"] == 5 and 0.0 <= out["share_significant"] <= 1.0
    assert placebo_in_time(_series().loc["2017-01-01":], pd.Timestamp("2019-01-01"))["n"] == 0


def test_confounders_flag_changes_inside_the_window_only() -> None:
    eps = load_catalogue().episodes
    ids = [
        c["id"]
        for c in find_confounders(
            eps,
            pd.Timestamp("2014-06-01"),
            pd.Timestamp("2019-11-01"),
            exclude="tariff-threat-2019",
        )
    ]
    assert "mpp-2018" in ids and "caravans-2018" in ids
    assert "merida-initiative" not in ids  # runs through the whole window: no change inside it
    ids = [
        c["id"]
        for c in find_confounders(eps, pd.Timestamp("2019-12-01"), pd.Timestamp("2025-07-01"))
    ]
    assert {"covid-title42-2020", "title42-end-2023", "border-emergency-2025"} <= set(ids)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), effect=st.floats(-0.5, 0.5))
def test_effect_is_observed_minus_counterfactual(seed: int, effect: float) -> None:
    res = event_study(_series(seed, effect), dt.date(2019, 1, 1), horizons=(1, 3))
    for eff in res.effects.values():
        assert eff is not None
        a = eff.abs
        assert a["estimate"] == pytest.approx(eff.observed - eff.counterfactual)
        assert a["ci_low"] <= a["estimate"] <= a["ci_high"]
        assert eff.significant == (a["ci_low"] > 0 or a["ci_high"] < 0)


def test_sentence_is_built_from_the_table_numbers() -> None:
    for effect in (-0.4, 0.0):
        out = to_dict(event_study(_series(effect=effect), dt.date(2019, 1, 1)))
        for eff in out["effect"].values():
            p = eff["pct"]
            sentence = eff["sentence"]
            assert f"{p['estimate']:+.1f} %" in sentence
            assert f"[{p['ci_low']:+.1f}, {p['ci_high']:+.1f}]" in sentence
            assert ("excludes zero" in sentence) == eff["significant"]
