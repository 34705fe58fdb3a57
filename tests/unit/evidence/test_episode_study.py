from __future__ import annotations

import numpy as np
import pandas as pd

from borderlever.evidence.catalogue import load_catalogue
from borderlever.evidence.episode_study import (
    PLACEBO_WARN_SHARE,
    StudyOptions,
    study_episode,
    study_series,
)


def _noisy(seed: int, sd: float, start: str = "2018-01-01", end: str = "2025-12-01") -> pd.Series:
    idx = pd.date_range(start, end, freq="MS")
    rng = np.random.default_rng(seed)
    return pd.Series(np.exp(9 + np.cumsum(rng.normal(0, sd, len(idx)))), index=idx, name="walk")


def test_change_just_before_the_event_is_flagged() -> None:
    cat = load_catalogue()
    res = study_series(
        _noisy(1, 0.02), cat.get("tariff-threat-2024"), cat, StudyOptions(placebo_n=3)
    )
    where = {c["id"]: c["where"] for c in res.confounders}
    assert where["border-emergency-2025"] == "just before"
    assert where["covid-title42-2020"] == "pre"
    assert res.confounders[0]["where"] != "pre"  # nearest first
    assert any("border-emergency-2025" in n for n in res.notes)


def test_placebo_warning_follows_the_placebo_share() -> None:
    """Random walks violate the OLS model's independent errors; the warning appears exactly when
    the placebo share exceeds PLACEBO_WARN_SHARE (and does for some of these walks)."""
    cat = load_catalogue()
    warned = []
    for seed in range(5):
        res = study_series(
            _noisy(seed, 0.1, start="2012-01-01"), cat.get("tariff-threat-2024"), cat
        )
        share = res.placebo["share_significant"]
        has_note = any("too narrow" in n for n in res.notes)
        assert has_note == (share > PLACEBO_WARN_SHARE), (seed, share)
        warned.append(has_note)
    assert any(warned)


def test_study_episode_skips_or_raises_for_short_series() -> None:
    cat = load_catalogue()
    ep = cat.get("tariff-threat-2019")
    short = _noisy(2, 0.02, start="2019-01-01")
    out = study_episode(ep, {"short": short}, cat, StudyOptions(placebo_n=2))
    assert "short" in out.skipped and "at least 24" in out.skipped["short"]
    assert out.to_dict()["series"] == {}


def test_model_sensitivity_reruns_the_other_family() -> None:
    cat = load_catalogue()
    ep = cat.get("tariff-threat-2024")
    s = _noisy(3, 0.02, start="2016-01-01")
    res = study_series(s, ep, cat, StudyOptions(placebo_n=2))
    sens = res.sensitivity
    assert sens is not None and sens["model"] == "ucm_log"
    assert set(sens["pct"]) == {"1m", "3m", "6m"} and set(sens["significant"]) == set(sens["pct"])
    # the model check compares the two models' own intervals (not the calibrated one)
    model_effects = res.model_effects if res.model_effects is not None else res.effects
    for h in sens["disagrees_at"]:
        mine, other = model_effects[int(h[:-1])], sens["pct"][h]
        assert mine is not None
        differs_sign = (mine.pct["estimate"] >= 0) != (other["estimate"] >= 0)
        assert differs_sign or mine.significant != sens["significant"][h]
    off = study_series(s, ep, cat, StudyOptions(placebo_n=2, compare=False))
    assert off.sensitivity is None
