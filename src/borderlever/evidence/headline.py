"""One honest headline per series and horizon: every candidate counterfactual at the event, the
model chosen by placebo skill (:mod:`borderlever.evidence.skill`), the baselines beside it, a fit
check in plain sight, and "inconclusive: models disagree" where equally skilled models disagree
in sign.

The effect at horizon h is ``observed / counterfactual - 1`` in post month h, with the
placebo-calibrated interval of the model that made the counterfactual (its own rolling-origin
errors, split-conformal ranks; :mod:`borderlever.evidence.calibration`).  It is an effect *net
of* the model's seasonality and trend (and, for ``ctrl_ucm_log`` and ``synth_log``, of whatever
the control series did), not a raw before/after change; :func:`raw_change` gives the latter
from the same series, so the two can be shown side by side.

**Fit check.**  The counterfactual's first month implies a change from the last observed month,
``log(cf_1 / y_last)``.  The series' own record says what that calendar transition usually does
(the median of the same month-to-month change in the pre-period) and how much such changes vary
(1.4826 x the median absolute deviation of all month-to-month log changes net of their
calendar-month median).  A counterfactual whose implied change is more than :data:`FIT_JUMP_Z`
of those deviations from the usual one is flagged: a jump the data do not show.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from borderlever.errors import DataError
from borderlever.evidence.calibration import MIN_CALIBRATION_DATES, calibrate_effect
from borderlever.evidence.event_study import (
    HORIZONS,
    Effect,
    first_post_month,
)
from borderlever.evidence.forecasters import BASELINES, CANDIDATES, forecast
from borderlever.evidence.skill import SKILL_N, Panel, Skill, placebo_skill, window

#: Robust z beyond which the counterfactual's first month is flagged as a jump.
FIT_JUMP_Z = 3.0
INCONCLUSIVE = "inconclusive: models disagree"


@dataclass(frozen=True)
class HeadlineOptions:
    """Settings of a headline study (every model, placebo and calibration shares them)."""

    pre_months: int = 60
    min_pre_months: int = 24
    alpha: float = 0.05
    skill_n: int = SKILL_N
    refit_every: int = 12
    models: tuple[str, ...] | None = None


@dataclass(frozen=True)
class ModelResult:
    """One candidate at the event: its counterfactual [series unit] and effects per horizon."""

    model: str
    counterfactual: pd.DataFrame
    effects: dict[int, Effect | None]
    model_effects: dict[int, Effect | None]
    interval_method: str
    n_placebo: int
    fit_check: dict[str, Any]
    info: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Headline:
    """The headline at one horizon."""

    horizon: int
    model: str | None
    effect: Effect | None
    verdict: str
    text: str
    near_best: list[str]
    disagree: list[str]


@dataclass(frozen=True)
class HeadlineStudy:
    """Result of :func:`headline_study` for one series and event."""

    series: str
    event: dt.date
    first_post: pd.Timestamp
    pre: pd.Series
    post: pd.Series
    controls: list[str]
    skill: Skill
    results: dict[str, ModelResult]
    skipped_models: dict[str, str]
    headlines: dict[int, Headline]
    alpha: float
    notes: list[str] = field(default_factory=list)
    confounders: list[dict[str, Any]] = field(default_factory=list)

    def effects_frame(self) -> pd.DataFrame:
        """One row per model and horizon: percent effect and reported interval, chosen flag."""
        rows = []
        for name, res in self.results.items():
            for h, eff in res.effects.items():
                pct = (
                    eff.pct
                    if eff is not None
                    else {"estimate": None, "ci_low": None, "ci_high": None}
                )
                rows.append(
                    {
                        "model": name,
                        "family": CANDIDATES[name].family,
                        "horizon": h,
                        "month": None if eff is None else f"{eff.month:%Y-%m}",
                        "observed": None if eff is None else eff.observed,
                        "counterfactual": None if eff is None else eff.counterfactual,
                        "pct": pct["estimate"],
                        "pct_low": pct["ci_low"],
                        "pct_high": pct["ci_high"],
                        "significant": None if eff is None else eff.significant,
                        "interval_method": res.interval_method,
                        "chosen": self.headlines[h].model == name,
                    }
                )
        return pd.DataFrame(rows)


def fit_check(pre: pd.Series, cf_first: float, first_post: pd.Timestamp) -> dict[str, Any]:
    """Is the counterfactual's first month a jump the series' own record does not show?

    Examples
    --------
    >>> idx = pd.date_range("2015-01-01", periods=48, freq="MS")
    >>> rng = np.random.default_rng(0)
    >>> pre = pd.Series(np.exp(8 + rng.normal(0, 0.05, 48)), index=idx)
    >>> fit_check(pre, float(pre.iloc[-1]) * 0.33, pd.Timestamp("2019-01-01"))["flag"]
    True
    >>> fit_check(pre, float(pre.iloc[-1]), pd.Timestamp("2019-01-01"))["flag"]
    False
    """
    logs = np.log(pre.dropna())
    d = logs.diff().dropna()
    months = pd.DatetimeIndex(d.index).month
    same = d[months == first_post.month]
    typical = float(same.median()) if len(same) >= 2 else 0.0
    # change minus the same change a year earlier: no seasonal estimate needed, variance 2 s^2
    dd = (d - d.shift(12)).dropna()
    scale = float(1.4826 * np.median(np.abs(dd - dd.median())) / math.sqrt(2)) if len(dd) else 0.0
    implied = math.log(cf_first / float(pre.dropna().iloc[-1]))
    z = (implied - typical) / scale if scale > 0 else math.inf * np.sign(implied - typical)
    flag = bool(abs(z) > FIT_JUMP_Z)
    last = pre.dropna().index[-1]
    text = (
        f"last observed {last:%Y-%m} {pre.dropna().iloc[-1]:,.0f}; counterfactual {first_post:%Y-%m} "
        f"{cf_first:,.0f} ({100 * math.expm1(implied):+.0f} %, usually {100 * math.expm1(typical):+.0f} % "
        f"for this month)"
    )
    if flag:
        text += f": FLAG, a jump {abs(z):.1f} typical deviations from the series' own record"
    return {
        "last_month": f"{last:%Y-%m}",
        "last_observed": float(pre.dropna().iloc[-1]),
        "counterfactual_first": cf_first,
        "implied_change_pct": 100 * math.expm1(implied),
        "typical_change_pct": 100 * math.expm1(typical),
        "z": z,
        "flag": flag,
        "text": text,
    }


def raw_change(series: pd.Series, start: pd.Timestamp, end: pd.Timestamp) -> dict[str, Any]:
    """Raw before/after change from month ``start`` to month ``end`` [%]: no counterfactual.

    Examples
    --------
    >>> s = pd.Series([100.0, 30.0], index=pd.to_datetime(["2019-05-01", "2019-09-01"]))
    >>> raw_change(s, pd.Timestamp("2019-05-01"), pd.Timestamp("2019-09-01"))["pct"]
    -70.0
    """
    a, b = float(series.loc[start]), float(series.loc[end])
    return {
        "from": f"{start:%Y-%m}",
        "to": f"{end:%Y-%m}",
        "before": a,
        "after": b,
        "pct": 100 * (b / a - 1),
        "kind": "raw before/after change (not net of seasonality or trend)",
    }


def _candidates(panel: Panel, opts: HeadlineOptions) -> tuple[list[str], dict[str, str]]:
    models = list(opts.models or CANDIDATES)
    skipped = {}
    if panel.controls.shape[1] == 0:
        for m in [m for m in models if CANDIDATES[m].needs_controls]:
            models.remove(m)
            skipped[m] = "no control series for this outcome and episode"
    return models, skipped


def _event_forecast(
    name: str, panel: Panel, fp: pd.Timestamp, opts: HeadlineOptions
) -> tuple[pd.DataFrame, dict[str, Any], dict[str, Any]]:
    """The model's own counterfactual at the event [series unit], its fit check and fit info."""
    win = window(
        panel,
        fp,
        pre_months=opts.pre_months,
        min_pre_months=opts.min_pre_months,
        steps=max(HORIZONS),
        controls=CANDIDATES[name].needs_controls,
    )
    fc = forecast(name, win, opts.alpha)
    cf = pd.DataFrame(
        {"mean": np.exp(fc.mean), "lower": np.exp(fc.lower), "upper": np.exp(fc.upper)},
        index=win.post_months,
    )
    pre = pd.Series(np.exp(win.y), index=win.months)
    info = {k: v for k, v in fc.info.items() if k != "model"}
    return cf, fit_check(pre, float(cf["mean"].iloc[0]), fp), info


def _result(
    name: str,
    panel: Panel,
    fitted: tuple[pd.DataFrame, dict[str, Any], dict[str, Any]],
    skill: Skill,
) -> ModelResult:
    cf, check, info = fitted
    obs = panel.y.reindex(cf.index)
    model_eff: dict[int, Effect | None] = {}
    for h in HORIZONS:
        o = obs.iloc[h - 1]
        model_eff[h] = (
            None
            if pd.isna(o)
            else Effect(h, cf.index[h - 1], float(o), *cf.iloc[h - 1].astype(float))
        )
    cal = skill.records[name]
    calibrated = cal.n >= MIN_CALIBRATION_DATES
    effects = {
        h: (calibrate_effect(e, cal) if calibrated and e is not None else e)
        for h, e in model_eff.items()
    }
    method = "placebo-calibrated" if calibrated else "model"
    return ModelResult(name, cf, effects, model_eff, method, cal.n, check, info)


def _sign(eff: Effect | None) -> int:
    if eff is None:
        return 0
    v = eff.observed - eff.counterfactual
    return int(np.sign(v))


def _pct(eff: Effect) -> str:
    p = eff.pct

    def f(v: float | None) -> str:
        return "n/a" if v is None else f"{v:+.0f}"

    return f"{f(p['estimate'])} % [{f(p['ci_low'])}, {f(p['ci_high'])}]"


def _headline(h: int, skill: Skill, results: dict[str, ModelResult]) -> Headline:
    chosen = skill.chosen(h)
    if chosen is None or chosen not in results:
        return Headline(
            h, None, None, "not estimable",
            f"not estimable: fewer than the needed pseudo-events to score models at {h}m",
            [], [],
        )  # fmt: skip
    eff = results[chosen].effects[h]
    if eff is None:
        return Headline(
            h, chosen, None, "not estimable", "not estimable: no observation yet", [], []
        )
    near = [m for m in skill.near_best(h) if m in results and results[m].effects[h] is not None]
    disagree = [m for m in near if _sign(results[m].effects[h]) != _sign(eff)]
    if disagree:
        pcts = {m: (results[m].effects[h] or eff).pct["estimate"] for m in [chosen, *disagree]}
        cells = ", ".join(f"{m} {p:+.0f} %" for m, p in pcts.items() if p is not None)
        return Headline(h, chosen, eff, INCONCLUSIVE, f"{INCONCLUSIVE} ({cells})", near, disagree)
    if eff.significant:
        verdict = "decrease" if _sign(eff) < 0 else "increase"
        text = f"{'fell' if _sign(eff) < 0 else 'rose'} {_pct(eff)} against {chosen}"
    else:
        verdict = "no detectable change"
        text = f"no change beyond the series' own swings: {_pct(eff)} ({chosen})"
    return Headline(h, chosen, eff, verdict, text, near, disagree)


def headline_study(
    panel: Panel, event: dt.date, opts: HeadlineOptions | None = None
) -> HeadlineStudy:
    """Every candidate at ``event``, the headline chosen by placebo skill, baselines beside it.

    Parameters
    ----------
    panel : Panel
        The series and the control series chosen for it (before the post-period was looked at).
    event : datetime.date
        The event date; see :func:`~borderlever.evidence.event_study.first_post_month`.
    opts : HeadlineOptions

    Raises
    ------
    DataError
        The series cannot be studied at all (too short a pre-period, gaps, non-positive values).

    Examples
    --------
    >>> idx = pd.date_range("2010-01-01", periods=126, freq="MS")
    >>> rng = np.random.default_rng(3)
    >>> y = pd.Series(np.exp(7 + rng.normal(0, 0.05, 126)), index=idx, name="demo")
    >>> y[idx >= "2020-01-01"] *= 0.5
    >>> res = headline_study(Panel.build(y), dt.date(2020, 1, 1),
    ...                      HeadlineOptions(skill_n=30, models=("snaive_log", "ols_log")))
    >>> res.headlines[1].verdict, res.headlines[1].model
    ('decrease', 'ols_log')
    """
    opts = opts or HeadlineOptions()
    fp = first_post_month(event)
    models, skipped = _candidates(panel, opts)
    base = window(
        panel, fp, pre_months=opts.pre_months, min_pre_months=opts.min_pre_months,
        steps=max(HORIZONS), controls=False,
    )  # fmt: skip
    for m in [m for m in models if CANDIDATES[m].needs_controls]:
        try:
            window(panel, fp, pre_months=opts.pre_months, min_pre_months=opts.min_pre_months,
                   steps=1, controls=True)  # fmt: skip
        except DataError:
            models.remove(m)
            last = panel.controls.dropna().index.max()
            skipped[m] = f"control series not observed through {fp:%Y-%m} (they end {last:%Y-%m})"
    fitted = {}
    for m in list(models):
        try:
            fitted[m] = _event_forecast(m, panel, fp, opts)
        except DataError as exc:
            models.remove(m)
            skipped[m] = str(exc)
    flagged = [m for m, f in fitted.items() if f[1]["flag"]]
    skill = placebo_skill(
        panel, fp, models, pre_months=opts.pre_months, min_pre_months=opts.min_pre_months,
        n=opts.skill_n, alpha=opts.alpha, refit_every=opts.refit_every, exclude=flagged,
    )  # fmt: skip
    results = {m: _result(m, panel, fitted[m], skill) for m in models}
    headlines = {h: _headline(h, skill, results) for h in HORIZONS}
    notes = _notes(results, headlines, skill)
    pre = pd.Series(np.exp(base.y), index=base.months, name=panel.y.name)
    post = panel.y.reindex(base.post_months)
    return HeadlineStudy(
        str(panel.y.name or "series"), event, fp, pre, post, list(panel.controls.columns),
        skill, results, skipped, headlines, opts.alpha, notes,
    )  # fmt: skip


def _notes(results: dict[str, ModelResult], heads: dict[int, Headline], skill: Skill) -> list[str]:
    notes = []
    for m, r in results.items():
        if r.fit_check["flag"]:
            notes.append(f"fit check flags {m} (it cannot be the headline): {r.fit_check['text']}")
        if r.interval_method == "model":
            notes.append(
                f"{m}: only {r.n_placebo} pseudo-events (< {MIN_CALIBRATION_DATES}); its interval "
                "is the model's own, too narrow on most real series"
            )
    for h, hd in heads.items():
        if hd.model is None:
            continue
        base = [b for b in BASELINES if b in results and b != hd.model]
        for b in base:
            eb = results[b].effects[h]
            differs = eb is not None and hd.effect is not None and _sign(eb) != _sign(hd.effect)
            if differs and eb is not None and b not in hd.near_best:
                notes.append(
                    f"{h}m: baseline {b} ({eb.pct['estimate']:+.0f} %) disagrees in sign with "
                    f"{hd.model} but forecast the pre-period measurably worse"
                )
    return notes
