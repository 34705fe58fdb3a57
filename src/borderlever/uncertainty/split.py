"""Split a headline figure's interval into replication noise and parameter uncertainty.

For one figure of a run, given

* its values over the run's own replications (the scenario as written), and
* its values over a sample of parameter sets (points) drawn from the registry's plausible ranges,
  ``R`` replications each,

:func:`split_interval` returns

* ``ci_replication``: the 95 % t-interval of the mean over the run's replications (Monte Carlo
  noise of the estimate; shrinks with more replications);
* ``ci_parameters``: the central 95 % of the figure's mean across the parameter sample (what the
  assumptions' plausible ranges allow), with the replication noise that the point means still
  carry removed by a one-way random-effects variance split: Var(point means) = sigma2_par +
  sigma2_within / R, and the empirical quantiles are shrunk towards their mean by
  sqrt(sigma2_par / Var(point means));
* the headline interval, both parts combined in quadrature around the run's mean on each side
  (independent sources), clipped at zero for figures that cannot be negative.

References
----------
Searle, S. R., Casella, G., McCulloch, C. E. (1992). Variance Components, ch. 3 (one-way random
effects, ANOVA estimator).  JCGM 100:2008 (GUM), 5.1.2: combining independent uncertainty
components in quadrature.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

#: Coverage of every interval [probability].
LEVEL = 0.95


def replication_interval(
    values: Sequence[float] | np.ndarray, non_negative: bool = True
) -> tuple[float | None, float | None, float | None]:
    """(mean, low, high) over replications: the project's one interval helper
    (:func:`borderlever.intervals.mean_interval`); bounds ``None`` with one replication.

    Examples
    --------
    >>> [round(v, 3) for v in replication_interval([1.0, 2.0, 3.0], non_negative=False)]
    [2.0, -0.484, 4.484]
    >>> replication_interval([5.0])
    (5.0, None, None)
    """
    from borderlever.intervals import ANY_SIGN, NON_NEGATIVE, mean_interval

    return mean_interval(values, level=LEVEL, support=NON_NEGATIVE if non_negative else ANY_SIGN)


def parameter_interval(point_values: np.ndarray) -> tuple[float, float, float]:
    """(low, high, sigma2_par) of the figure across parameter points, replication noise removed.

    ``point_values`` is (points, replications).  With one replication per point nothing can be
    removed and the plain quantiles are returned.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> truth = np.linspace(0.0, 10.0, 201)
    >>> lo, hi, _ = parameter_interval(truth[:, None] + rng.normal(0, 3.0, (201, 4)))
    >>> bool(abs(lo - 0.25) < 0.6 and abs(hi - 9.75) < 0.6)
    True
    """
    y = np.asarray(point_values, dtype=float)
    y = y[np.isfinite(y).all(axis=1)]
    if y.shape[0] == 0:
        return float("nan"), float("nan"), float("nan")
    means = y.mean(axis=1)
    q_lo, q_hi = np.quantile(means, [(1 - LEVEL) / 2, (1 + LEVEL) / 2])
    if y.shape[0] < 2:
        return float(q_lo), float(q_hi), 0.0
    between = float(np.var(means, ddof=1))
    reps = y.shape[1]
    within = float(np.mean(np.var(y, axis=1, ddof=1))) if reps > 1 else 0.0
    sigma2 = max(between - within / reps, 0.0)
    shrink = np.sqrt(sigma2 / between) if between > 0 else 0.0
    centre = float(means.mean())
    return centre + shrink * (q_lo - centre), centre + shrink * (q_hi - centre), sigma2


def combine(
    mean: float, rep: tuple[float, float], par: tuple[float, float], non_negative: bool
) -> tuple[float, float]:
    """The headline interval: each side's replication and parameter half-widths in quadrature.

    A parameter interval that lies wholly above (below) the mean adds nothing below (above) it.

    Examples
    --------
    >>> combine(10.0, (9.0, 11.0), (6.0, 14.0), True)
    (5.876894, 14.123106)
    >>> combine(1.0, (0.5, 1.5), (-2.0, 3.0), True)[0]
    0.0
    """
    lo = mean - float(np.hypot(max(mean - rep[0], 0.0), max(mean - par[0], 0.0)))
    hi = mean + float(np.hypot(max(rep[1] - mean, 0.0), max(par[1] - mean, 0.0)))
    if non_negative:
        lo = max(lo, 0.0)
    return round(lo, 6), round(hi, 6)


def split_interval(
    base: Sequence[float] | np.ndarray, points: np.ndarray, non_negative: bool
) -> dict[str, Any]:
    """The interval parts of one figure (see the module docstring), rounded for the summary."""
    from borderlever.runs.stats import round_sig

    mean, rlo, rhi = replication_interval(base, non_negative)
    plo, phi, _ = parameter_interval(points)
    if mean is None or not np.isfinite(mean):
        return {"mean": None, "ci_low": None, "ci_high": None}
    if non_negative:
        plo = max(plo, 0.0)
    rep = (mean if rlo is None else rlo, mean if rhi is None else rhi)
    par = (plo, phi) if np.isfinite(plo) and np.isfinite(phi) else (mean, mean)
    clo, chi = combine(mean, rep, par, non_negative)
    return {
        "mean": round_sig(mean),
        "ci_low": round_sig(clo),
        "ci_high": round_sig(chi),
        # null where one replication leaves the noise unestimated (it is then not combined)
        "ci_replication": [round_sig(rlo), round_sig(rhi)],
        "ci_parameters": [round_sig(par[0]), round_sig(par[1])],
    }
