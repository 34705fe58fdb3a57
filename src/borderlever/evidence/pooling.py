"""Pool one series' event-study effects over several episodes (fixed-effect, inverse variance).

Each episode's effect at a horizon is taken on the log scale, r = log(observed / counterfactual),
with standard error from its interval, se = (log(obs/cf_lower) - log(obs/cf_upper)) / (2 z).
The pooled effect is the inverse-variance weighted mean, with Cochran's Q and I^2 for how much the
episodes disagree.  Exact for the log models' symmetric log-scale intervals; approximate for level
models.  It assumes the episodes' errors are independent, which episodes months apart on the same
series only roughly are; a large I^2 says the episodes did not have one common effect.

References
----------
.. [1] Borenstein, M., Hedges, L. V., Higgins, J. P. T., Rothstein, H. R. (2009). Introduction to
       Meta-Analysis, ch. 11 (fixed-effect model) and 16 (I^2).  Wiley.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
from scipy import stats

from borderlever.errors import DataError
from borderlever.evidence.event_study import EventStudy


def log_effect(study: EventStudy, horizon: int) -> tuple[float, float] | None:
    """(log ratio, standard error) of a study's effect at ``horizon``; None where not estimable."""
    eff = study.effects.get(horizon)
    if eff is None or min(eff.counterfactual, eff.cf_lower, eff.cf_upper, eff.observed) <= 0:
        return None
    z = stats.norm.ppf(1 - study.alpha / 2)
    r = math.log(eff.observed / eff.counterfactual)
    se = (math.log(eff.cf_upper) - math.log(eff.cf_lower)) / (2 * z)
    return r, se


def pooled_effect(
    studies: Mapping[str, EventStudy], horizon: int, alpha: float = 0.05
) -> dict[str, Any]:
    """Inverse-variance pooled percent effect at ``horizon`` over episodes.

    Parameters
    ----------
    studies : mapping
        Episode id -> :class:`~borderlever.evidence.event_study.EventStudy` on the same series.
    horizon : int
        Post month (1, 3 or 6).
    alpha : float
        1 - coverage of the pooled interval.

    Returns
    -------
    dict
        ``pct`` {"estimate", "ci_low", "ci_high"} [%], ``n_episodes``, ``q``, ``i2`` (share in
        [0, 1]), ``episodes`` (each episode's percent effect), ``left_out``.

    Examples
    --------
    >>> import datetime as dt, numpy as np, pandas as pd
    >>> from borderlever.evidence.event_study import event_study
    >>> idx = pd.date_range("2010-01-01", periods=120, freq="MS")
    >>> y = pd.Series(np.exp(7 + 0.05 * np.sin(np.arange(120))), index=idx, name="y")
    >>> a = event_study(y, dt.date(2015, 1, 1)); b = event_study(y, dt.date(2017, 1, 1))
    >>> pooled_effect({"a": a, "b": b}, 1)["n_episodes"]
    2
    """
    pairs, left_out, per = {}, [], {}
    for ep, study in studies.items():
        le = log_effect(study, horizon)
        if le is None or not le[1] > 0:
            left_out.append(ep)
            continue
        pairs[ep] = le
        per[ep] = 100 * math.expm1(le[0])
    if not pairs:
        raise DataError(
            f"no episode has an estimable effect at {horizon}m to pool",
            expected="at least one episode with data in that post month",
        )
    r = np.array([p[0] for p in pairs.values()])
    w = 1 / np.array([p[1] for p in pairs.values()]) ** 2
    mean, se = float(np.sum(w * r) / np.sum(w)), float(1 / math.sqrt(np.sum(w)))
    z = stats.norm.ppf(1 - alpha / 2)
    q = float(np.sum(w * (r - mean) ** 2))
    i2 = max(0.0, (q - (len(r) - 1)) / q) if q > 0 else 0.0
    return {
        "horizon": f"{horizon}m",
        "n_episodes": len(r),
        "pct": {
            "estimate": 100 * math.expm1(mean),
            "ci_low": 100 * math.expm1(mean - z * se),
            "ci_high": 100 * math.expm1(mean + z * se),
        },
        "q": q,
        "i2": i2,
        "episodes": per,
        "left_out": left_out,
    }
