"""Model choice by placebo skill: score every candidate counterfactual on pseudo-events in the
pre-period and choose the headline model by that score, before the post-period is looked at.

For each of the latest ``n`` months that can be a pseudo event before the real first post month
(each with at least ``min_pre_months`` of data before it and its whole 6-month window before the
real event), every candidate is fitted on the ``pre_months`` before the pseudo event and projects
the next months; the forecast error at horizon h is ``log(observed / projected)``.  This is
rolling-origin (time-series cross-validation) evaluation [1]_: each error is out of sample.
State-space candidates re-estimate their parameters every ``refit_every`` (12) pseudo-events, on
the data before that pseudo-event only, and re-run the Kalman filter at every pseudo-event.

Per model and horizon the table reports the mean absolute log error (``mae_log``; ``mae_pct`` is
the typical miss in percent), the bias, the coverage of the model's own interval, and the
coverage of the placebo-calibrated interval judged by blocked leave-one-out (each date by the
interval from the dates at least 6 months away).  The **choice rule**: among models scored on at
least :data:`MIN_SKILL_DATES` pseudo-events, the lowest ``mae_log`` wins (ties go to the simpler
model, in :data:`~borderlever.evidence.forecasters.CANDIDATES` order).  The reported interval is
then calibrated on the same model's placebo errors, so a model with smaller errors earns a
narrower interval and coverage holds by construction; its leave-one-out coverage is the check.
Models whose accuracy cannot be told apart from the chosen one's (Diebold-Mariano test with the
Harvey-Leybourne-Newbold correction and a Newey-West variance, p >= 0.05 [2]_ [3]_) form the
*near-best* set: where their effects differ in sign, the headline is "inconclusive".

The series and controls are cut at the first post month before anything is fitted, so nothing
here can see the post-period.

References
----------
.. [1] Hyndman, R. J., Athanasopoulos, G. (2021). Forecasting: Principles and Practice, 3rd ed.,
       ch. 5.8 (time-series cross-validation) and 5.9 (interval coverage). OTexts.
.. [2] Diebold, F. X., Mariano, R. S. (1995). Comparing predictive accuracy. Journal of Business
       & Economic Statistics 13(3), 253-263.
.. [3] Harvey, D., Leybourne, S., Newbold, P. (1997). Testing the equality of prediction mean
       squared errors. International Journal of Forecasting 13(2), 281-291.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from borderlever.errors import DataError
from borderlever.evidence.calibration import Calibration, calibration_dates
from borderlever.evidence.event_study import HORIZONS, as_monthly, month_range
from borderlever.evidence.forecasters import CANDIDATES, Window, forecast

#: A model scored on fewer pseudo-events than this cannot be chosen.
MIN_SKILL_DATES = 12
#: Pseudo-events scored by default (the latest ones before the event).
SKILL_N = 96
#: Significance level of the Diebold-Mariano test that defines the near-best set.
DM_LEVEL = 0.05


@dataclass(frozen=True)
class Panel:
    """A monthly series [its unit] and its control series on one month-start index.

    The index runs from the series' first month to the last month of the series or of any
    control, whichever is later (months beyond the series' end are NaN in ``y``).
    """

    y: pd.Series
    controls: pd.DataFrame

    @classmethod
    def build(cls, y: pd.Series, controls: pd.DataFrame | None = None) -> Panel:
        """Align ``y`` and ``controls`` (columns = control series) on one monthly index."""
        ym = as_monthly(y)
        if controls is None or controls.empty:
            return cls(ym, pd.DataFrame(index=ym.index))
        ctrl = controls.copy()
        ctrl.index = pd.DatetimeIndex(ctrl.index).to_period("M").to_timestamp()
        last = max(ym.index[-1], ctrl.dropna(how="all").index.max())
        first = ym.index[0]
        full = month_range(first, (last.year - first.year) * 12 + last.month - first.month + 1)
        out = ym.reindex(full)
        out.name = ym.name
        return cls(out, ctrl.reindex(full))

    def before(self, first_post: pd.Timestamp) -> Panel:
        """The panel cut before ``first_post`` (what model choice is allowed to see)."""
        keep = self.y.index < first_post
        return Panel(self.y[keep], self.controls[keep])

    def position(self, month: pd.Timestamp) -> int:
        """Row of ``month`` in the index (may be beyond either end)."""
        first = self.y.index[0]
        return (month.year - first.year) * 12 + month.month - first.month


def window(
    panel: Panel,
    first_post: pd.Timestamp,
    *,
    pre_months: int,
    min_pre_months: int,
    steps: int,
    controls: bool,
) -> Window:
    """The :class:`~borderlever.evidence.forecasters.Window` for a (pseudo) first post month.

    Raises
    ------
    DataError
        Too few months, a gap or a non-positive value in the pre-period, or (``controls=True``)
        a control series missing or non-positive in the pre-period or the projected months.
    """
    name = str(panel.y.name or "series")
    p = panel.position(first_post)
    lo = max(0, p - pre_months)
    seg = panel.y.to_numpy(float)[lo : max(lo, p)]
    ok = np.flatnonzero(np.isfinite(seg))
    first = int(ok[0]) if len(ok) else len(seg)
    seg = seg[first:]
    n = int(np.isfinite(seg).sum())
    if n == 0 and p <= 0:
        raise DataError(
            f"series {name}: no data before {first_post:%Y-%m} (it starts "
            f"{panel.y.index[0]:%Y-%m}); at least {min_pre_months} months are needed",
            expected=f">= {min_pre_months} months of data ending {first_post - pd.DateOffset(months=1):%Y-%m}",
        )
    if n < min_pre_months or p > len(panel.y) or not np.isfinite(seg[-1]):
        raise DataError(
            f"series {name}: only {n} months of pre-period data before {first_post:%Y-%m} "
            f"ending the month before; at least {min_pre_months} are needed",
            expected=f">= {min_pre_months} months of data ending {first_post - pd.DateOffset(months=1):%Y-%m}",
        )
    months = pd.DatetimeIndex(panel.y.index[lo + first : p])
    if n < len(seg):
        gaps = [f"{m:%Y-%m}" for m, v in zip(months, seg, strict=True) if not np.isfinite(v)]
        raise DataError(f"series {name}: months missing in the pre-period: {', '.join(gaps)}")
    if (seg <= 0).any():
        bad = months[int(np.flatnonzero(seg <= 0)[0])]
        raise DataError(
            f"series {name}: non-positive value in {bad:%Y-%m}",
            expected="positive values (the candidates work on logs)",
        )
    post = _months(first_post, steps)
    if not controls:
        return Window(np.log(seg), months, post)
    x = panel.controls.to_numpy(float)[lo + first : p + steps]
    if x.shape[1] == 0 or len(x) < len(seg) + steps or not np.isfinite(x).all() or (x <= 0).any():
        raise DataError(f"series {name}: control series incomplete around {first_post:%Y-%m}")
    lx = np.log(x)
    return Window(np.log(seg), months, post, lx[: len(seg)], lx[len(seg) :])


@lru_cache(maxsize=4096)
def _months(first: pd.Timestamp, steps: int) -> pd.DatetimeIndex:
    return month_range(first, steps)


@dataclass(frozen=True)
class Skill:
    """Placebo errors of every candidate and the table that chooses among them.

    Attributes
    ----------
    records : dict
        Model -> :class:`~borderlever.evidence.calibration.Calibration` (log errors per horizon
        at its pseudo-dates; ``model_significant`` holds "own interval missed" flags).
    table : pandas.DataFrame
        One row per model and horizon (see :func:`skill_table`).
    horizons : tuple of int
    """

    records: dict[str, Calibration]
    table: pd.DataFrame
    horizons: tuple[int, ...]

    def chosen(self, h: int) -> str | None:
        """The model chosen at horizon ``h`` (None where no model has enough pseudo-events)."""
        rows = self.table[(self.table["horizon"] == h) & self.table["chosen"]]
        return None if rows.empty else str(rows["model"].iloc[0])

    def near_best(self, h: int) -> list[str]:
        """Models whose accuracy at ``h`` cannot be told apart from the chosen one's."""
        rows = self.table[(self.table["horizon"] == h) & self.table["near_best"]]
        return [str(m) for m in rows["model"]]


def placebo_errors_all(
    panel: Panel,
    first_post: pd.Timestamp,
    models: Sequence[str],
    *,
    pre_months: int = 60,
    min_pre_months: int = 24,
    n: int = SKILL_N,
    alpha: float = 0.05,
    horizons: Sequence[int] = HORIZONS,
    refit_every: int = 12,
) -> dict[str, Calibration]:
    """Rolling-origin errors of each model at the latest ``n`` pseudo-events before ``first_post``.

    Only data before ``first_post`` are passed on (:meth:`Panel.before`).
    """
    seen = panel.before(first_post)
    steps = max(horizons)
    dates = calibration_dates(
        seen.y, first_post, min_pre_months=min_pre_months, max_horizon=steps, n=n
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        logy = np.log(seen.y.to_numpy(float))
    out = {}
    for name in models:
        cand = CANDIDATES[name]
        kept: list[str] = []
        errors: dict[int, list[float]] = {h: [] for h in horizons}
        missed: dict[int, list[bool]] = {h: [] for h in horizons}
        params: Any = None
        for i, origin in enumerate(dates):
            try:
                win = window(
                    seen,
                    origin,
                    pre_months=pre_months,
                    min_pre_months=min_pre_months,
                    steps=steps,
                    controls=cand.needs_controls,
                )
                p = seen.position(origin)
                obs = logy[p : p + steps]
                if not np.isfinite(obs[[h - 1 for h in horizons]]).all():
                    continue
                refit = cand.state_space and (params is None or i % refit_every == 0)
                if refit:  # warm start from the last estimate: one optimiser run
                    fc = forecast(name, win, alpha, start=params)
                else:
                    fc = forecast(name, win, alpha, params)
            except DataError:
                continue
            params = fc.params if cand.state_space else None
            kept.append(f"{origin:%Y-%m}")
            for h in horizons:
                errors[h].append(float(obs[h - 1] - fc.mean[h - 1]))
                missed[h].append(bool(not fc.lower[h - 1] <= obs[h - 1] <= fc.upper[h - 1]))
        arrays = {h: np.asarray(v, dtype=float) for h, v in errors.items()}
        out[name] = Calibration("log", kept, arrays, missed, alpha)
    return out


def dm_pvalue(e_a: np.ndarray, e_b: np.ndarray, h: int) -> float:
    """Two-sided p-value that models a and b are equally accurate (absolute log errors).

    Diebold-Mariano statistic on the loss differential ``|e_a| - |e_b|``, Newey-West (Bartlett)
    long-run variance with ``max(h - 1, round(n^(1/3)))`` lags (overlapping pseudo-events make the
    differentials autocorrelated), the Harvey-Leybourne-Newbold small-sample factor and a
    Student-t reference with ``n - 1`` degrees of freedom.

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> e = rng.normal(0, 0.1, 60)
    >>> dm_pvalue(e, e, 1)
    1.0
    >>> dm_pvalue(e, 3 * e, 1) < 0.001
    True
    """
    d = np.abs(e_a) - np.abs(e_b)
    n = len(d)
    if n < 3 or not np.any(d):
        return 1.0
    dc = d - d.mean()
    lags = min(n - 1, max(h - 1, round(n ** (1 / 3))))
    lrv = float(dc @ dc) / n
    for k in range(1, lags + 1):
        lrv += 2 * (1 - k / (lags + 1)) * float(dc[k:] @ dc[:-k]) / n
    if lrv <= 0:
        return 1.0
    stat = d.mean() / math.sqrt(lrv / n)
    hln = math.sqrt(max(1e-12, (n + 1 - 2 * h + h * (h - 1) / n) / n))
    return float(2 * stats.t.sf(abs(stat * hln), n - 1))


def _paired(a: Calibration, b: Calibration, h: int) -> tuple[np.ndarray, np.ndarray]:
    common = sorted(set(a.dates) & set(b.dates))
    ia = [a.dates.index(d) for d in common]
    ib = [b.dates.index(d) for d in common]
    return a.errors[h][ia], b.errors[h][ib]


def skill_table(
    records: dict[str, Calibration], horizons: Sequence[int], exclude: Sequence[str] = ()
) -> pd.DataFrame:
    """One row per model and horizon: n, mae_log, mae_pct, rmse_log, bias_log, coverage_model,
    coverage_calibrated, fit_flag, eligible, chosen, dm_p (against the chosen model), near_best.

    Models in ``exclude`` (flagged by the fit check) are scored but neither chosen nor near-best.
    """
    rows: list[dict[str, Any]] = []
    for name, cal in records.items():
        for h in horizons:
            e = cal.errors[h]
            ok = len(e) > 0
            loo = cal.loo_share(h) if len(e) >= 3 else None
            mae = float(np.mean(np.abs(e))) if ok else math.nan
            rows.append(
                {
                    "model": name,
                    "family": CANDIDATES[name].family,
                    "horizon": h,
                    "n": len(e),
                    "mae_log": mae,
                    "mae_pct": 100 * math.expm1(mae) if ok else math.nan,
                    "rmse_log": float(np.sqrt(np.mean(e**2))) if ok else math.nan,
                    "bias_log": float(np.mean(e)) if ok else math.nan,
                    "coverage_model": 1 - float(np.mean(cal.model_significant[h]))
                    if ok
                    else math.nan,
                    "coverage_calibrated": math.nan if loo is None else 1 - loo,
                    "fit_flag": name in exclude,
                    "eligible": len(e) >= MIN_SKILL_DATES and name not in exclude,
                }
            )
    order = {m: i for i, m in enumerate(CANDIDATES)}
    for r in rows:
        r.update({"chosen": False, "near_best": False, "dm_p": math.nan})
    for h in horizons:
        sel = [r for r in rows if r["horizon"] == h and r["eligible"]]
        if not sel:
            continue
        best = min(sel, key=lambda r: (r["mae_log"], order[r["model"]]))
        best["chosen"] = True
        for r in sel:
            ea, eb = _paired(records[best["model"]], records[r["model"]], h)
            r["dm_p"] = 1.0 if r is best else dm_pvalue(ea, eb, h)
            r["near_best"] = r["dm_p"] >= DM_LEVEL
    return pd.DataFrame(rows)


def placebo_skill(
    panel: Panel,
    first_post: pd.Timestamp,
    models: Sequence[str],
    *,
    pre_months: int = 60,
    min_pre_months: int = 24,
    n: int = SKILL_N,
    alpha: float = 0.05,
    horizons: Sequence[int] = HORIZONS,
    refit_every: int = 12,
    exclude: Sequence[str] = (),
) -> Skill:
    """Score ``models`` on pseudo-events before ``first_post`` and choose per horizon.

    Examples
    --------
    >>> idx = pd.date_range("2010-01-01", periods=120, freq="MS")
    >>> rng = np.random.default_rng(0)
    >>> season = 0.3 * np.sin(2 * np.pi * idx.month.to_numpy() / 12)
    >>> y = pd.Series(np.exp(7 + season + rng.normal(0, 0.05, 120)), index=idx, name="demo")
    >>> sk = placebo_skill(Panel.build(y), pd.Timestamp("2020-01-01"), ["snaive_log", "ols_log"], n=40)
    >>> sk.chosen(1), int(sk.table["n"].iloc[0])
    ('ols_log', 40)
    """
    records = placebo_errors_all(
        panel,
        first_post,
        models,
        pre_months=pre_months,
        min_pre_months=min_pre_months,
        n=n,
        alpha=alpha,
        horizons=horizons,
        refit_every=refit_every,
    )
    return Skill(records, skill_table(records, horizons, exclude), tuple(horizons))
