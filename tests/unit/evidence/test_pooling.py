from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from borderlever.errors import DataError
from borderlever.evidence.event_study import event_study
from borderlever.evidence.pooling import log_effect, pooled_effect

IDX = pd.date_range("2008-01-01", "2019-12-01", freq="MS")
DATES = (dt.date(2013, 1, 1), dt.date(2016, 1, 1), dt.date(2019, 1, 1))


def _series(effects: tuple[float, ...], seed: int = 0, noise: float = 0.04) -> pd.Series:
    """Effects applied for 6 months from each date."""
    rng = np.random.default_rng(seed)
    y = np.exp(8 + 0.003 * np.arange(len(IDX)) + rng.normal(0, noise, len(IDX)))
    for when, eff in zip(DATES, effects, strict=True):
        start = pd.Timestamp(when)
        y[(start <= IDX) & (start + pd.DateOffset(months=6) > IDX)] *= 1 + eff
    return pd.Series(y, index=IDX, name="s")


def _studies(s: pd.Series) -> dict:
    return {f"e{i}": event_study(s, d, pre_months=36) for i, d in enumerate(DATES)}


def test_common_effect_is_pooled_with_a_narrower_interval() -> None:
    studies = _studies(_series((-0.3, -0.3, -0.3)))
    out = pooled_effect(studies, 3)
    assert out["n_episodes"] == 3
    assert out["pct"]["ci_low"] < -30 < out["pct"]["ci_high"]
    width = out["pct"]["ci_high"] - out["pct"]["ci_low"]
    for st in studies.values():
        p = st.effects[3].pct
        assert width < p["ci_high"] - p["ci_low"]
    assert out["i2"] < 0.5


def test_opposite_effects_show_heterogeneity() -> None:
    out = pooled_effect(_studies(_series((-0.5, 0.6, -0.5), noise=0.02)), 1)
    assert out["i2"] > 0.75 and out["q"] > 10  # Q on 2 df: p < 0.01


def test_log_effect_matches_the_percent_effect() -> None:
    st = _studies(_series((-0.2, -0.2, -0.2)))["e0"]
    r, se = log_effect(st, 1)
    assert 100 * np.expm1(r) == pytest.approx(st.effects[1].pct["estimate"])
    assert se > 0


def test_nothing_to_pool() -> None:
    late = event_study(_series((0, 0, 0)), dt.date(2019, 9, 1))  # 6m is beyond the data
    with pytest.raises(DataError, match="6m"):
        pooled_effect({"late": late}, 6)
