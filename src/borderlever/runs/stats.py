"""Interval estimates over replications and the fixed rounding used in every persisted figure.

The interval itself is :func:`borderlever.intervals.interval`, the package's one interval helper.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from borderlever.intervals import NON_NEGATIVE, mean_interval

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


def interval(
    values: Sequence[float] | np.ndarray,
    level: float = 0.95,
    *,
    support: tuple[float, float] = NON_NEGATIVE,
) -> dict[str, Any]:
    """Mean and confidence interval of the mean over replications, as the summary writes them.

    The interval is :func:`borderlever.intervals.interval` (Student t truncated to the figure's
    ``support``; replication noise only).  With one replication the bounds are ``None``: one draw
    cannot measure replication noise.

    Parameters
    ----------
    values : array of float
        One value per replication [any unit].
    level : float
        Coverage [probability].
    support : (float, float)
        Values the figure can take; default ``[0, inf)``.

    Returns
    -------
    dict
        ``{"mean", "ci_low", "ci_high"}``, rounded by :func:`round_sig`.

    Examples
    --------
    >>> interval([1.0, 2.0, 3.0])
    {'mean': 2.0, 'ci_low': 0.0, 'ci_high': 4.48414}
    >>> interval([7.0])
    {'mean': 7.0, 'ci_low': None, 'ci_high': None}
    """
    mean, low, high = mean_interval(values, level=level, support=support)
    return {"mean": round_sig(mean), "ci_low": round_sig(low), "ci_high": round_sig(high)}


def tidy_interval(
    frame: Any,
    keys: list[str],
    value: str,
    level: float = 0.95,
    *,
    support: tuple[float, float] = NON_NEGATIVE,
) -> Any:
    """Per-group mean and interval (:func:`borderlever.intervals.interval`) over replications.

    ``frame`` is long, one row per replication and group.  Returns a frame with ``keys`` and
    ``{value}_mean``, ``{value}_ci_low``, ``{value}_ci_high`` (NaN bounds where a group has one
    replication).
    """
    rows = []
    for key, grp in frame.groupby(keys, observed=True, sort=True)[value]:
        mean, low, high = mean_interval(grp.to_numpy(dtype=float), level=level, support=support)
        nan = float("nan")
        rows.append(
            (
                *(key if isinstance(key, tuple) else (key,)),
                nan if mean is None else mean,
                nan if low is None else low,
                nan if high is None else high,
            )
        )
    cols = [*keys, f"{value}_mean", f"{value}_ci_low", f"{value}_ci_high"]
    return pd.DataFrame(rows, columns=cols)
