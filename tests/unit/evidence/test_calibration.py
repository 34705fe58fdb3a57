from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from borderlever.evidence.calibration import (
    MIN_CALIBRATION_DATES,
    Calibration,
    calibrate_effect,
    calibration_dates,
    conformal_ranks,
    error_bounds,
    placebo_errors,
)
from borderlever.evidence.catalogue import load_catalogue
from borderlever.evidence.episode_study import StudyOptions, study_series
from borderlever.evidence.event_study import Effect, to_dict


def _shifty(seed: int, start: str = "2008-01-01", end: str = "2025-08-01") -> pd.Series:
    """Seasonal series with level shifts every few years: the iid-OLS interval is too narrow."""
    idx = pd.date_range(start, end, freq="MS")
    rng = np.random.default_rng(seed)
    shifts = np.cumsum(rng.normal(0, 0.25, len(idx)) * (rng.random(len(idx)) < 0.06))
    season = 0.2 * np.sin(2 * np.pi * idx.month.to_numpy() / 12)
    return pd.Series(np.exp(8 + season + shifts + rng.normal(0, 0.03, len(idx))), index=idx)


@settings(max_examples=40, deadline=None)
@given(n=st.integers(1, 400), alpha=st.sampled_from([0.01, 0.05, 0.1, 0.2]))
def test_conformal_ranks_are_valid_and_shrink_towards_quantiles(n: int, alpha: float) -> None:
    lo, hi = conformal_ranks(n, alpha)
    assert 1 <= lo <= hi <= n
    if n >= 2 / alpha:  # enough dates: the ranks are strictly inside
        assert lo >= 1 and hi <= n and (hi - lo) / (n + 1) >= 1 - alpha


def test_error_bounds_are_order_statistics() -> None:
    e = np.random.default_rng(0).permutation(np.arange(1.0, 200.0))
    assert error_bounds(e, 0.05) == (5.0, 195.0)
    assert error_bounds(e[:30], 0.05) == (e[:30].min(), e[:30].max())


def test_calibration_dates_are_the_latest_before_the_window() -> None:
    s = _shifty(0)
    dates = calibration_dates(s, pd.Timestamp("2019-06-01"), n=30)
    assert len(dates) == 30 and dates[-1] == pd.Timestamp("2018-12-01")
    assert all(b - a == pd.Timedelta(0) or a < b for a, b in zip(dates, dates[1:], strict=False))
    assert calibration_dates(s.loc["2018-01-01":], pd.Timestamp("2019-06-01")) == []


def test_level_models_calibrate_additively() -> None:
    cal = Calibration("level", ["2018-01"] * 3, {1: np.array([-5.0, 0.0, 10.0])}, {1: []}, 0.05)
    eff = calibrate_effect(Effect(1, pd.Timestamp("2019-01-01"), 90.0, 100.0, 98.0, 102.0), cal)
    assert (eff.cf_lower, eff.cf_upper) == (95.0, 110.0)
    assert eff.abs == {"estimate": -10.0, "ci_low": -20.0, "ci_high": -5.0}


def test_calibrated_interval_is_reported_with_the_model_interval_kept() -> None:
    cat = load_catalogue()
    res = study_series(
        _shifty(1), cat.get("tariff-threat-2024"), cat, StudyOptions(placebo_n=4, compare=False)
    )
    out = to_dict(res)
    assert out["interval_method"] == "placebo-calibrated"
    cal = out["calibration"]
    assert cal["n"] == 96 and cal["last_date"] == "2024-08" and 0 <= cal["share_significant"] <= 1
    assert out["placebo_share_significant"] == cal["share_significant"]
    for h in ("1m", "3m", "6m"):
        eff = out["effect"][h]
        assert set(eff["abs"]) == set(eff["pct"]) == {"estimate", "ci_low", "ci_high"}
        model = eff["model_interval"]
        assert eff["pct"]["estimate"] == pytest.approx(model["pct"]["estimate"])
        assert "placebo-calibrated interval" in eff["sentence"]
    # on a series with level shifts the calibrated interval is wider than the iid model's
    widths = [
        (e["pct"]["ci_high"] - e["pct"]["ci_low"])
        / (e["model_interval"]["pct"]["ci_high"] - e["model_interval"]["pct"]["ci_low"])
        for e in out["effect"].values()
    ]
    assert min(widths) > 1.0, widths


def test_too_few_placebo_dates_fall_back_to_the_model_interval_with_a_note() -> None:
    cat = load_catalogue()
    short = _shifty(2, start="2021-06-01")  # 2023-06 .. 2024-08: 15 pseudo-dates
    res = study_series(
        short, cat.get("tariff-threat-2024"), cat, StudyOptions(placebo_n=2, compare=False)
    )
    assert res.interval_method == "model" and res.model_effects is None
    assert res.calibration is not None and res.calibration["n"] < MIN_CALIBRATION_DATES
    assert any("at least 20 are needed" in n for n in res.notes)
    off = study_series(
        short,
        cat.get("tariff-threat-2024"),
        cat,
        StudyOptions(placebo_n=2, compare=False, calibration_n=0),
    )
    assert off.calibration is None and off.interval_method == "model"


def test_placebo_errors_skip_dates_that_cannot_be_fitted() -> None:
    s = _shifty(3)
    s.loc["2016-03-01"] = np.nan
    cal = placebo_errors(s, pd.Timestamp("2019-06-01"), n=40)
    assert 0 < cal.n < 40 and "2016-04" not in cal.dates
    assert all(len(v) == cal.n for v in cal.errors.values())
