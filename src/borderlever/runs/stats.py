"""Interval estimates over replications and the fixed rounding used in every persisted figure."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
from scipy import stats

from borderlever.economics.summary import interval as mean_interval

#: Significant digits kept in summary.json (so reruns are byte-identical and diffs readable).
SIGNIFICANT_DIGITS = 6


def round_sig(x: float | None, digits: int = SIGNIFICANT_DIGITS) -> float | None:
    """``x`` rounded to ``digits`` significant digits; NaN/inf/None become None.

    Examples
    --------
    >>> round_sig(1234567.891), round_sig(0.000123456789), round_sig(float("nan"))
    (1234570.0, 0.000123457, None)
    """
    if x is None or not math.isfinite(float(x)):
        return None
    if x == 0:
        return 0.0
    return float(f"{float(x):.{digits}g}")


def interval(values: Sequence[float] | np.ndarray, level: float = 0.95) -> dict[str, Any]:
    """Mean and Student-t confidence interval of the mean over replications.

    With one replication (or identical values) the interval collapses to the mean.

    Parameters
    ----------
    values : array of float
        One value per replication [any unit].
    level : float
        Coverage [probability].

    Returns
    -------
    dict
        ``{"mean", "ci_low", "ci_high"}``, rounded by :func:`round_sig`.

    References
    ----------
    Law, A. M. (2015). Simulation Modeling and Analysis, 5th ed., section 9.4.1 (fixed-sample-size
    confidence interval over independent replications).

    Examples
    --------
    >>> interval([1.0, 2.0, 3.0])
    {'mean': 2.0, 'ci_low': -0.484138, 'ci_high': 4.48414}
    """
    arr = np.asarray(values, dtype=float)
    arr = arr[np.isfinite(arr)]
    if arr.size == 0:
        return {"mean": None, "ci_low": None, "ci_high": None}
    mean, low, high = mean_interval(arr, level)
    if arr.size < 2:
        low = high = mean
    return {"mean": round_sig(mean), "ci_low": round_sig(low), "ci_high": round_sig(high)}


def tidy_interval(frame: Any, keys: list[str], value: str, level: float = 0.95) -> Any:
    """Per-group mean and t-interval over the ``replication`` column of a long frame.

    Returns a frame with ``keys`` and ``{value}_mean``, ``{value}_ci_low``, ``{value}_ci_high``.
    """
    g = frame.groupby(keys, observed=True)[value]
    n = g.count()
    mean = g.mean()
    sd = g.std(ddof=1).fillna(0.0)
    tq = stats.t.ppf(0.5 + level / 2, np.maximum(n - 1, 1))
    half = np.where(n > 1, tq * sd / np.sqrt(n), 0.0)
    out = mean.rename(f"{value}_mean").to_frame()
    out[f"{value}_ci_low"] = mean - half
    out[f"{value}_ci_high"] = mean + half
    return out.reset_index()
