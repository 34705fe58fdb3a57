"""Placebo-calibrated effect intervals: the model's prediction errors at many pseudo-dates before
the event, used in place of the model's own (too narrow on real series) prediction interval.

At each of the latest ``n`` months that can serve as a pseudo event (each with at least
``min_pre_months`` of data before it and its whole post window before the real event), the same
study is run and the prediction error at each horizon is recorded: ``log(observed / predicted)``
for log models, ``observed - predicted`` for level models.  There was no event at those dates, so
the errors show how far the series strays from the model's projection on its own: trend breaks,
surges and autocorrelation included.  The counterfactual interval at the real event is the
prediction times ``exp`` (log models) or plus (level models) the placebo-error order statistics of
rank ``floor((n + 1) alpha / 2)`` and ``ceil((n + 1) (1 - alpha / 2))`` (the split-conformal
ranks, clipped to 1 and n), and the effect interval is observed minus that interval, as for the
model interval.  With n >= 79 this is the 2.5 %/97.5 % empirical quantile pair; with fewer dates
the ranks clip to the smallest and largest error and the guaranteed coverage is
``(k_hi - k_lo) / (n + 1)`` (reported as ``coverage_nominal``).

The guarantee assumes the errors at the event are exchangeable with the placebo errors.  They are
not quite: consecutive pseudo-dates share most of their data (the errors are correlated, so the
effective number of dates is smaller than n) and the recent past may be calmer or wilder than
the months after the event.  The blocked leave-one-out share (each placebo date judged by the
interval from the dates at least ``max horizon`` months away) checks the first.

References
----------
.. [1] Vovk, V., Gammerman, A., Shafer, G. (2005). Algorithmic Learning in a Random World.
       Springer (split-conformal prediction intervals and their finite-sample ranks).
.. [2] Abadie, A., Diamond, A., Hainmueller, J. (2015). Comparative politics and the synthetic
       control method. American Journal of Political Science 59(2), 495-510 (in-time placebos).
.. [3] Chernozhukov, V., Wuthrich, K., Zhu, Y. (2021). An exact and robust conformal inference
       method for counterfactual and synthetic controls. JASA 116(536), 1849-1864.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from borderlever.errors import DataError
from borderlever.evidence.event_study import (
    HORIZONS,
    Effect,
    event_study,
    pseudo_candidates,
)

#: Fewer usable placebo dates than this: keep the model interval and say so.
MIN_CALIBRATION_DATES = 20
#: Pseudo-dates used by default (the latest ones before the event).
CALIBRATION_N = 96


def conformal_ranks(n: int, alpha: float) -> tuple[int, int]:
    """1-based ranks (low, high) of the placebo errors that bound a ``1 - alpha`` interval.

    Examples
    --------
    >>> conformal_ranks(48, 0.05), conformal_ranks(199, 0.05)
    ((1, 48), (5, 195))
    """
    lo = max(1, math.floor((n + 1) * alpha / 2))
    hi = min(n, math.ceil((n + 1) * (1 - alpha / 2)))
    return lo, hi


def error_bounds(errors: np.ndarray, alpha: float) -> tuple[float, float]:
    """The placebo-error order statistics at :func:`conformal_ranks` [log ratio or series unit].

    Examples
    --------
    >>> error_bounds(np.arange(1.0, 200.0), 0.05)
    (5.0, 195.0)
    """
    srt = np.sort(np.asarray(errors, dtype=float))
    lo, hi = conformal_ranks(len(srt), alpha)
    return float(srt[lo - 1]), float(srt[hi - 1])


def calibration_dates(
    series: pd.Series,
    first_post: pd.Timestamp,
    *,
    min_pre_months: int = 24,
    max_horizon: int = max(HORIZONS),
    n: int = CALIBRATION_N,
) -> list[pd.Timestamp]:
    """The latest ``n`` months that can be a pseudo event before ``first_post`` (oldest first)."""
    if n <= 0:
        return []
    cands = pseudo_candidates(
        series, first_post, min_pre_months=min_pre_months, max_horizon=max_horizon
    )
    return list(cands[-n:])


@dataclass(frozen=True)
class Calibration:
    """Placebo prediction errors per horizon and what they imply.

    Attributes
    ----------
    scale : str
        ``log`` (errors are log(observed / predicted)) or ``level`` (observed - predicted [unit]).
    dates : list of str
        Pseudo first post months used (``YYYY-MM``).
    errors : dict
        Horizon -> errors at those dates (same order).
    model_significant : dict
        Horizon -> whether the model's own interval excluded zero at each date.
    alpha : float
        1 - interval coverage.
    """

    scale: str
    dates: list[str]
    errors: dict[int, np.ndarray]
    model_significant: dict[int, list[bool]]
    alpha: float

    @property
    def n(self) -> int:
        """Number of placebo dates used."""
        return len(self.dates)

    def bounds(self, h: int) -> tuple[float, float]:
        """Error bounds at horizon ``h`` (see :func:`error_bounds`)."""
        return error_bounds(self.errors[h], self.alpha)

    def coverage_nominal(self) -> float:
        """Finite-sample coverage the ranks guarantee under exchangeability, (hi - lo) / (n + 1)."""
        lo, hi = conformal_ranks(self.n, self.alpha)
        return (hi - lo) / (self.n + 1)

    def loo_share(self, h: int, block: int = max(HORIZONS)) -> float | None:
        """Share of placebo dates whose own error falls outside the bounds computed from the
        dates at least ``block`` months away (None where fewer than 2 remain)."""
        e = self.errors[h]
        flags = []
        for i in range(len(e)):
            others = np.r_[e[: max(0, i - block + 1)], e[i + block :]]
            if len(others) < 2:
                continue
            lo, hi = error_bounds(others, self.alpha)
            flags.append(bool(e[i] < lo or e[i] > hi))
        return float(np.mean(flags)) if flags else None

    def model_share(self, h: int) -> float | None:
        """Share of placebo dates where the model's own interval excluded zero."""
        flags = self.model_significant[h]
        return float(np.mean(flags)) if flags else None

    def to_dict(self, primary: int) -> dict[str, Any]:
        """JSON form: n, date range, nominal coverage, error bounds per horizon, placebo shares."""
        pct = self.scale == "log"
        bounds = {}
        for h in self.errors:
            lo, hi = self.bounds(h)
            bounds[f"{h}m"] = (
                {"pct_low": 100 * math.expm1(lo), "pct_high": 100 * math.expm1(hi)}
                if pct
                else {"abs_low": lo, "abs_high": hi}
            )
        return {
            "method": "placebo-calibrated (split-conformal ranks of in-time placebo errors)",
            "n": self.n,
            "first_date": self.dates[0] if self.dates else None,
            "last_date": self.dates[-1] if self.dates else None,
            "scale": self.scale,
            "coverage_nominal": self.coverage_nominal() if self.n else None,
            "error_bounds": bounds,
            "horizon": f"{primary}m",
            "share_significant": self.loo_share(primary) if self.n else None,
            "model_share_significant": self.model_share(primary) if self.n else None,
        }


def placebo_errors(
    series: pd.Series,
    first_post: pd.Timestamp,
    *,
    model: str = "ols_log",
    pre_months: int = 60,
    min_pre_months: int = 24,
    alpha: float = 0.05,
    n: int = CALIBRATION_N,
    horizons: Sequence[int] = HORIZONS,
    allow_gaps: bool = False,
) -> Calibration:
    """Run the study at the latest ``n`` pseudo-dates and collect its prediction errors.

    A pseudo-date that cannot be fitted (gap, too little data) or lacks an observation at any
    horizon is left out.

    Examples
    --------
    >>> idx = pd.date_range("2010-01-01", periods=120, freq="MS")
    >>> rng = np.random.default_rng(0)
    >>> y = pd.Series(np.exp(7 + rng.normal(0, 0.05, 120)), index=idx, name="demo")
    >>> cal = placebo_errors(y, pd.Timestamp("2019-07-01"), n=30)
    >>> cal.n, cal.dates[-1], cal.scale
    (30, '2019-01', 'log')
    """
    log = model.endswith("_log")
    dates: list[str] = []
    errors: dict[int, list[float]] = {h: [] for h in horizons}
    flags: dict[int, list[bool]] = {h: [] for h in horizons}
    for pseudo in calibration_dates(
        series, first_post, min_pre_months=min_pre_months, max_horizon=max(horizons), n=n
    ):
        try:
            res = event_study(
                series,
                pseudo.date(),
                model=model,
                pre_months=pre_months,
                min_pre_months=min_pre_months,
                horizons=horizons,
                alpha=alpha,
                allow_gaps=allow_gaps,
            )
        except DataError:
            continue
        effs = [res.effects[h] for h in horizons]
        if any(e is None or (log and e.observed <= 0) for e in effs):
            continue
        dates.append(f"{pseudo:%Y-%m}")
        for h, e in zip(horizons, effs, strict=True):
            assert e is not None
            err = math.log(e.observed / e.counterfactual) if log else e.observed - e.counterfactual
            errors[h].append(err)
            flags[h].append(e.significant)
    arrays = {h: np.asarray(v, dtype=float) for h, v in errors.items()}
    return Calibration("log" if log else "level", dates, arrays, flags, alpha)


def calibrate_effect(eff: Effect, cal: Calibration) -> Effect:
    """``eff`` with its counterfactual interval replaced by the placebo-calibrated one.

    Examples
    --------
    >>> cal = Calibration("log", ["2018-01"] * 3, {3: np.log([0.8, 1.0, 1.25])}, {3: []}, 0.05)
    >>> e = calibrate_effect(Effect(3, pd.Timestamp("2019-08-01"), 60.0, 100.0, 95.0, 105.0), cal)
    >>> round(e.cf_lower, 6), round(e.cf_upper, 6), e.pct["ci_low"], e.pct["ci_high"]
    (80.0, 125.0, -52.0, -25.0)
    """
    lo, hi = cal.bounds(eff.horizon)
    if cal.scale == "log":
        cf_lo, cf_hi = eff.counterfactual * math.exp(lo), eff.counterfactual * math.exp(hi)
    else:
        cf_lo, cf_hi = eff.counterfactual + lo, eff.counterfactual + hi
    return replace(eff, cf_lower=cf_lo, cf_upper=cf_hi)
