"""The AR(1)-error counterfactual (``ar1_log``) against effects injected into series whose noise is
AR(1), where the iid-OLS interval is too narrow.

Data-generating process: log y = log 1000 + 0.004 t + 0.25 sin(2 pi (month - 3) / 12) + e,
e_t = 0.8 e_(t-1) + u_t, u ~ N(0, 0.06), stationary start; 60 pre-period months, a -20 % effect
from the first post month on.  Truth is known exactly, so the 95 % interval covers it iff the
prediction interval covers the month's true counterfactual.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from borderlever.evidence.event_study import event_study

N_DRAWS = 150
EFFECT = -0.20
PHI = 0.8
MONTHS = pd.date_range("2014-01-01", periods=66, freq="MS")
EVENT = dt.date(2019, 1, 1)


def _covers(res_effects: dict, h: int) -> bool:
    pct = res_effects[h].pct
    return bool(pct["ci_low"] <= 100 * EFFECT <= pct["ci_high"])


def test_ar1_interval_coverage_against_ar1_noise(ar1_draw) -> None:
    """``ar1_log`` 95 % intervals cover the injected effect in 90-99 % of 150 draws at 1, 3 and 6
    months, while ``ols_log`` on the same draws undercovers at 3 and 6 months (< 92 % pooled).

    Tolerance: with true coverage 0.95 a share over 150 draws has sd 0.018; 90-99 % is about
    -2.8/+2.2 sd (P(share < 0.90) = 0.4 % under Binomial(150, 0.95)).  The AR interval leaves out
    the estimation error of the AR coefficient and the variance, so slight undercoverage (92-94 %)
    is expected; the iid-OLS interval ignores the autocorrelation of the trend estimate's error
    and undercovers more.  Measured with this seed: ``ar1_log`` 96.7 / 93.3 / 93.3 %, ``ols_log``
    93.3 / 88.0 / 89.3 % at 1 / 3 / 6 months.
    """
    rng = np.random.default_rng(20190607)
    hits = {m: {1: 0, 3: 0, 6: 0} for m in ("ols_log", "ar1_log")}
    for _ in range(N_DRAWS):
        series = ar1_draw(rng, MONTHS, PHI, pd.Timestamp(EVENT), EFFECT)
        for model, counts in hits.items():
            res = event_study(series, EVENT, model=model)
            for h in counts:
                counts[h] += _covers(res.effects, h)
    ar1 = {h: k / N_DRAWS for h, k in hits["ar1_log"].items()}
    ols = {h: k / N_DRAWS for h, k in hits["ols_log"].items()}
    for h, share in ar1.items():
        assert 0.90 <= share <= 0.99, (h, ar1, ols)
    ols_long = (hits["ols_log"][3] + hits["ols_log"][6]) / (2 * N_DRAWS)
    assert ols_long < 0.92, ols
    assert ols_long < (ar1[3] + ar1[6]) / 2, (ar1, ols)
