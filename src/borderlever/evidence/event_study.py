"""Event studies on one monthly series: the effect of an episode at 1, 3 and 6 months, with
prediction intervals, placebo runs in time and a flag for confounding events.

The post-period starts at the *first post month*: the month of the event when the event falls on
or before the 15th, otherwise the month after (so at least half of the first post month is after
the event).  The pre-period is the ``pre_months`` months before it (fewer where the series starts
later).  The effect at horizon ``h`` is observed minus counterfactual in post month ``h`` (month 1 =
the first post month), in series units and in percent of the counterfactual.  Its interval is the
observed value minus the counterfactual's prediction interval, so it includes the month's own
noise: an interval that excludes zero is what "significant" means here, at ``1 - alpha``.

:func:`event_study` reports the counterfactual model's own interval.  The episode pipeline
(:func:`borderlever.evidence.episode_study.study_series`, ``borderlever evidence run``) replaces
it by the placebo-calibrated interval of :mod:`borderlever.evidence.calibration` and keeps the
model's under ``model_effects``: on real border series the model intervals are too narrow.

Pure functions: the series comes in as a pandas Series (no store access), episodes as catalogue
objects.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from borderlever.errors import DataError
from borderlever.evidence.catalogue import Episode
from borderlever.evidence.counterfactual import Forecast, counterfactual

HORIZONS: tuple[int, ...] = (1, 3, 6)
#: The horizon whose interval decides "significant" in placebo runs.
PRIMARY_HORIZON = 3


def first_post_month(event: dt.date) -> pd.Timestamp:
    """The first month counted as after ``event`` (its month if day <= 15, else the next).

    Examples
    --------
    >>> str(first_post_month(dt.date(2019, 6, 7)).date()), str(first_post_month(dt.date(2019, 5, 30)).date())
    ('2019-06-01', '2019-06-01')
    """
    start = pd.Timestamp(event.year, event.month, 1)
    return start if event.day <= 15 else start + pd.offsets.MonthBegin(1)


def month_range(start: pd.Timestamp, periods: int) -> pd.DatetimeIndex:
    """``periods`` month starts from ``start`` (numpy month arithmetic: placebo loops call this
    hundreds of times, and ``pd.date_range(freq="MS")`` builds each month one by one).

    Examples
    --------
    >>> [f"{m:%Y-%m}" for m in month_range(pd.Timestamp("2019-11-01"), 3)]
    ['2019-11', '2019-12', '2020-01']
    """
    months = np.datetime64(pd.Timestamp(start).to_period("M").start_time, "M") + np.arange(periods)
    return pd.DatetimeIndex(months.astype("datetime64[ns]"))


def as_monthly(series: pd.Series) -> pd.Series:
    """Month-start index, one row per month from first to last observation (gaps become NaN)."""
    idx = pd.DatetimeIndex(series.index).to_period("M").to_timestamp()
    s = pd.Series(series.to_numpy(dtype=float), index=idx, name=series.name)
    if s.index.has_duplicates:
        dup = s.index[s.index.duplicated()][0]
        raise DataError(
            f"series {series.name}: month {dup:%Y-%m} appears twice",
            column=str(series.name),
            expected="one value per month",
        )
    s = s.sort_index().dropna()
    if s.empty:
        return s
    first, last = pd.Timestamp(s.index[0]), pd.Timestamp(s.index[-1])
    full = month_range(first, (last.year - first.year) * 12 + last.month - first.month + 1)
    out = s.reindex(full)
    out.name = series.name
    return out


def missing_months(series: pd.Series) -> list[str]:
    """Months (``YYYY-MM``) with no value inside the series' span."""
    return [f"{m:%Y-%m}" for m in series.index[series.isna()]]


@dataclass(frozen=True)
class Effect:
    """Effect in one post month: observed minus counterfactual, absolute and percent."""

    horizon: int
    month: pd.Timestamp
    observed: float
    counterfactual: float
    cf_lower: float
    cf_upper: float

    @property
    def abs(self) -> dict[str, float]:
        """[series unit] estimate and interval."""
        return {
            "estimate": self.observed - self.counterfactual,
            "ci_low": self.observed - self.cf_upper,
            "ci_high": self.observed - self.cf_lower,
        }

    @property
    def pct(self) -> dict[str, float | None]:
        """[%] of the counterfactual; a bound is None where the counterfactual bound is <= 0."""

        def ratio(cf: float) -> float | None:
            return 100.0 * (self.observed / cf - 1.0) if cf > 0 else None

        return {
            "estimate": ratio(self.counterfactual),
            "ci_low": ratio(self.cf_upper),
            "ci_high": ratio(self.cf_lower),
        }

    @property
    def significant(self) -> bool:
        """True where the interval of the absolute effect excludes zero."""
        a = self.abs
        return bool(a["ci_low"] > 0 or a["ci_high"] < 0)


@dataclass(frozen=True)
class EventStudy:
    """Result of :func:`event_study` for one series."""

    series: str
    model: str
    event: dt.date
    first_post: pd.Timestamp
    pre: pd.Series
    post: pd.Series
    forecast: Forecast
    effects: dict[int, Effect | None]
    alpha: float
    notes: list[str] = field(default_factory=list)
    placebo: dict[str, Any] | None = None
    confounders: list[dict[str, Any]] = field(default_factory=list)
    sensitivity: dict[str, Any] | None = None
    #: ``model`` (the counterfactual model's own interval) or ``placebo-calibrated``.
    interval_method: str = "model"
    #: The model-interval effects where ``effects`` carry calibrated intervals.
    model_effects: dict[int, Effect | None] | None = None
    calibration: dict[str, Any] | None = None


def _window(series: pd.Series, first_post: pd.Timestamp, pre_months: int) -> pd.Series:
    start = first_post - pd.DateOffset(months=pre_months)
    pre = series[(series.index >= start) & (series.index < first_post)]
    first = pre.first_valid_index()
    return pre.loc[first:] if first is not None else pre.iloc[0:0]


def _check_pre(
    pre: pd.Series, name: str, first_post: pd.Timestamp, min_pre: int, allow_gaps: bool
) -> None:
    n = int(pre.notna().sum())
    if n < min_pre:
        since = f"from {pre.dropna().index[0]:%Y-%m}" if n else "none"
        raise DataError(
            f"series {name}: only {n} months of pre-period data before {first_post:%Y-%m} "
            f"({since}); at least {min_pre} are needed to fit a trend and monthly seasonality",
            expected=f">= {min_pre} months of data ending {first_post - pd.DateOffset(months=1):%Y-%m}",
        )
    if pre.index[-1] != first_post - pd.DateOffset(months=1):
        raise DataError(
            f"series {name}: no data in the month before {first_post:%Y-%m}",
            column=name,
            expected=f"a value for {first_post - pd.DateOffset(months=1):%Y-%m}",
        )
    gaps = missing_months(pre)
    if gaps and not allow_gaps:
        raise DataError(
            f"series {name}: months missing in the pre-period: {', '.join(gaps)}",
            column=name,
            expected="no gaps (or allow_gaps=True to fit around them)",
        )


def event_study(
    series: pd.Series,
    event: dt.date,
    *,
    model: str = "ols_log",
    pre_months: int = 60,
    min_pre_months: int = 24,
    horizons: Sequence[int] = HORIZONS,
    alpha: float = 0.05,
    allow_gaps: bool = False,
) -> EventStudy:
    """Estimate the effect of an event on a monthly series.

    Parameters
    ----------
    series : pandas.Series
        Monthly values [unit of the series], DatetimeIndex (any day; months are taken).
    event : datetime.date
        Date of the event (threat, concession ...); see :func:`first_post_month`.
    model : str
        Counterfactual model, a key of :data:`borderlever.evidence.counterfactual.MODELS`.
    pre_months : int
        Months of pre-period to fit (at most) [months].
    min_pre_months : int
        Fewer months than this is an error [months]; 24 gives two seasonal cycles.
    horizons : sequence of int
        Post months at which to report the effect (1 = first post month).
    alpha : float
        1 - interval coverage.
    allow_gaps : bool
        Fit around months missing in the pre-period instead of raising.

    Raises
    ------
    DataError
        Too little pre-period (says how much is needed), or gaps (lists the months).

    Examples
    --------
    >>> idx = pd.date_range("2014-01-01", periods=72, freq="MS")
    >>> y = pd.Series(1000.0 * 1.005 ** np.arange(72), index=idx, name="demo")
    >>> y[idx >= "2019-01-01"] *= 0.8
    >>> res = event_study(y, dt.date(2019, 1, 1))
    >>> round(res.effects[1].pct["estimate"], 1)
    -20.0
    """
    name = str(series.name or "series")
    monthly = as_monthly(series)
    fp = first_post_month(event)
    pre = _window(monthly, fp, pre_months)
    _check_pre(pre, name, fp, min_pre_months, allow_gaps)
    post_idx = month_range(fp, max(horizons))
    post = monthly.reindex(post_idx)
    fc = counterfactual(pre, post_idx, model=model, alpha=alpha)
    effects: dict[int, Effect | None] = {}
    notes: list[str] = []
    for h in horizons:
        month = post_idx[h - 1]
        obs = post.iloc[h - 1]
        if pd.isna(obs):
            effects[h] = None
            notes.append(f"no observation for {month:%Y-%m}: effect at {h}m not estimable")
            continue
        effects[h] = Effect(
            h,
            month,
            float(obs),
            float(fc.mean.iloc[h - 1]),
            float(fc.lower.iloc[h - 1]),
            float(fc.upper.iloc[h - 1]),
        )
    if missing_months(pre):
        notes.append(f"pre-period months missing (fitted around): {', '.join(missing_months(pre))}")
    if not fc.diagnostics.get("converged", True):
        notes.append("maximum-likelihood fit did not converge; treat intervals with caution")
    return EventStudy(name, model, event, fp, pre, post, fc, effects, alpha, notes)


def pseudo_candidates(
    series: pd.Series,
    first_post: pd.Timestamp,
    *,
    min_pre_months: int = 24,
    max_horizon: int = max(HORIZONS),
) -> pd.DatetimeIndex:
    """Every month that can be a pseudo event in the true pre-period (oldest first).

    Each leaves ``min_pre_months`` of data before it and ends its own post window (``max_horizon``
    months) before the real first post month, so no placebo sees the real event.
    """
    valid = as_monthly(series).dropna().index
    if valid.empty:
        return pd.DatetimeIndex([])
    lo = pd.Timestamp(pd.Timestamp(valid[0]) + pd.DateOffset(months=min_pre_months))
    hi = pd.Timestamp(first_post - pd.DateOffset(months=max_horizon))
    if hi < lo:
        return pd.DatetimeIndex([])
    return pd.date_range(lo, hi, freq="MS")


def pseudo_dates(
    series: pd.Series,
    first_post: pd.Timestamp,
    *,
    min_pre_months: int = 24,
    max_horizon: int = max(HORIZONS),
    n: int = 12,
) -> list[pd.Timestamp]:
    """Up to ``n`` evenly spaced pseudo event months among :func:`pseudo_candidates`."""
    cands = pseudo_candidates(
        series, first_post, min_pre_months=min_pre_months, max_horizon=max_horizon
    )
    if cands.empty:
        return []
    pick = np.unique(np.linspace(0, len(cands) - 1, min(n, len(cands))).round().astype(int))
    return [cands[i] for i in pick]


def placebo_in_time(
    series: pd.Series,
    first_post: pd.Timestamp,
    *,
    model: str = "ols_log",
    pre_months: int = 60,
    min_pre_months: int = 24,
    alpha: float = 0.05,
    n: int = 12,
    horizon: int = PRIMARY_HORIZON,
) -> dict[str, Any]:
    """Re-run the study at pseudo-dates before the event; share whose interval excludes zero.

    With no real effect at those dates the share should be near ``alpha``; a much larger share
    means the model's intervals are too narrow for this series (or the pre-period had events).

    Returns
    -------
    dict
        ``share_significant`` (None where no pseudo-date fits), ``n``, ``dates``, ``horizon``.
    """
    dates, flags = [], []
    for pseudo in pseudo_dates(
        series, first_post, min_pre_months=min_pre_months, max_horizon=max(HORIZONS), n=n
    ):
        try:
            res = event_study(
                series,
                pseudo.date(),
                model=model,
                pre_months=pre_months,
                min_pre_months=min_pre_months,
                horizons=(horizon,),
                alpha=alpha,
            )
        except DataError:
            continue
        eff = res.effects[horizon]
        if eff is not None:
            dates.append(f"{pseudo:%Y-%m}")
            flags.append(eff.significant)
    share = float(np.mean(flags)) if flags else None
    return {"share_significant": share, "n": len(flags), "dates": dates, "horizon": f"{horizon}m"}


def find_confounders(
    episodes: Sequence[Episode],
    start: pd.Timestamp,
    end: pd.Timestamp,
    *,
    exclude: str | None = None,
) -> list[dict[str, Any]]:
    """Catalogued events (levers or not) that start or end inside the window [start, end] (months).

    A programme running through the whole window (started before, ends after) changes nothing
    inside it and is not flagged; one that starts or ends inside it is.

    Examples
    --------
    >>> from borderlever.evidence.catalogue import load_catalogue
    >>> eps = load_catalogue().episodes
    >>> [c["id"] for c in find_confounders(eps, pd.Timestamp("2019-11-01"), pd.Timestamp("2020-06-01"))]
    ['covid-title42-2020', 'covid-travel-restrictions-2020']
    """
    out = []
    lo_day, hi_day = start.date(), (end + pd.offsets.MonthEnd(0)).date()
    for ep in episodes:
        if ep.id == exclude:
            continue
        changes = {"starts": ep.dates.start, "ends": ep.dates.end}
        inside = [k for k, d in changes.items() if d is not None and lo_day <= d <= hi_day]
        if not inside:
            continue
        out.append(
            {
                "id": ep.id,
                "kind": ep.kind,
                "title": ep.title,
                "change": " and ".join(inside),
                "start": ep.dates.start.isoformat(),
                "end": ep.dates.end.isoformat() if ep.dates.end else None,
            }
        )
    return out


def effect_sentence(eff: Effect, series: str, alpha: float, method: str = "model") -> str:
    """One sentence from the same numbers as the table (so text and table cannot disagree).

    Examples
    --------
    >>> e = Effect(3, pd.Timestamp("2019-08-01"), 80.0, 100.0, 90.0, 110.0)
    >>> effect_sentence(e, "demo", 0.05)
    'demo in 2019-08 (month 3): 80 observed against 100 expected without the event (95 % interval 90 to 110), a change of -20.0 % [-27.3, -11.1]; the interval excludes zero.'
    """
    p = eff.pct

    def pct(v: float | None) -> str:
        return "n/a" if v is None else f"{v:+.1f}"

    verdict = "excludes zero" if eff.significant else "includes zero"
    kind = "" if method == "model" else f"{method} "
    return (
        f"{series} in {eff.month:%Y-%m} (month {eff.horizon}): {eff.observed:,.0f} observed against "
        f"{eff.counterfactual:,.0f} expected without the event ({100 * (1 - alpha):.0f} % {kind}interval "
        f"{eff.cf_lower:,.0f} to {eff.cf_upper:,.0f}), a change of {pct(p['estimate'])} % "
        f"[{pct(p['ci_low'])}, {pct(p['ci_high'])}]; the interval {verdict}."
    )


def _clean(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _interval(eff: Effect) -> dict[str, Any]:
    return {
        "counterfactual": {
            "estimate": eff.counterfactual,
            "ci_low": eff.cf_lower,
            "ci_high": eff.cf_upper,
        },
        "abs": {k: _clean(v) for k, v in eff.abs.items()},
        "pct": {k: _clean(v) for k, v in eff.pct.items()},
        "significant": eff.significant,
    }


def to_dict(res: EventStudy) -> dict[str, Any]:
    """The JSON form: ``effect`` keyed ``1m``/``3m``/``6m`` with ``abs`` and ``pct`` intervals.

    ``abs``/``pct``/``significant`` carry the reported interval (``interval_method``); where that
    is the placebo-calibrated one, ``model_interval`` holds the model's own.
    """
    effect: dict[str, Any] = {}
    for h, eff in res.effects.items():
        if eff is None:
            effect[f"{h}m"] = None
            continue
        effect[f"{h}m"] = {"month": f"{eff.month:%Y-%m}", "observed": eff.observed}
        effect[f"{h}m"].update(_interval(eff))
        effect[f"{h}m"]["sentence"] = effect_sentence(
            eff, res.series, res.alpha, res.interval_method
        )
        model_eff = (res.model_effects or {}).get(h)
        if model_eff is not None:
            effect[f"{h}m"]["model_interval"] = _interval(model_eff)
    placebo = res.placebo or {}
    share = placebo.get("share_significant")
    if res.calibration is not None and res.interval_method != "model":
        share = res.calibration["share_significant"]
    return {
        "series": res.series,
        "model": res.model,
        "event_date": res.event.isoformat(),
        "first_post_month": f"{res.first_post:%Y-%m}",
        "pre_period": {
            "start": f"{res.pre.index[0]:%Y-%m}",
            "end": f"{res.pre.index[-1]:%Y-%m}",
            "n_months": int(res.pre.notna().sum()),
        },
        "interval": 1.0 - res.alpha,
        "interval_method": res.interval_method,
        "effect": effect,
        "placebo_share_significant": share,
        "placebo_share_significant_model": placebo.get("share_significant"),
        "calibration": res.calibration,
        "placebo": placebo,
        "confounders": res.confounders,
        "diagnostics": res.forecast.diagnostics,
        "sensitivity": res.sensitivity,
        "notes": res.notes,
    }
