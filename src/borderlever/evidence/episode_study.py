"""Event studies of one catalogued episode over several series, with placebos and confounders.

Pure orchestration over :mod:`borderlever.evidence.event_study`: series come in as a mapping of
name -> monthly Series (the CLI loads them from the store).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from borderlever.errors import DataError
from borderlever.evidence.calibration import (
    CALIBRATION_N,
    MIN_CALIBRATION_DATES,
    calibrate_effect,
    placebo_errors,
)
from borderlever.evidence.catalogue import Catalogue, Episode, SplitOn
from borderlever.evidence.event_study import (
    HORIZONS,
    PRIMARY_HORIZON,
    EventStudy,
    event_study,
    find_confounders,
    placebo_in_time,
    to_dict,
)


@dataclass(frozen=True)
class StudyOptions:
    """Settings shared by every series of an episode study."""

    model: str = "ols_log"
    split_on: SplitOn | None = None
    pre_months: int = 60
    min_pre_months: int = 24
    alpha: float = 0.05
    placebo_n: int = 12
    allow_gaps: bool = False
    compare: bool = True
    #: Pseudo-dates for the placebo-calibrated interval (the reported one); 0 = model interval.
    calibration_n: int = CALIBRATION_N

    def fit_kwargs(self) -> dict[str, Any]:
        """The fit settings every study, placebo and calibration run of an episode shares."""
        return {
            "model": self.model,
            "pre_months": self.pre_months,
            "min_pre_months": self.min_pre_months,
            "alpha": self.alpha,
        }


#: The model each model is checked against (the other family, same scale).
ALTERNATIVE = {
    "ols_log": "ucm_log",
    "ucm_log": "ols_log",
    "ols_level": "ucm_level",
    "ucm_level": "ols_level",
    "ar1_log": "ols_log",
    "ar1_level": "ols_level",
}


def study_series(
    series: pd.Series, episode: Episode, catalogue: Catalogue, opts: StudyOptions = StudyOptions()
) -> EventStudy:
    """Event study of ``episode`` on one series, with placebo runs and the confounder flag."""
    res = event_study(
        series,
        episode.event_date(opts.split_on),
        **opts.fit_kwargs(),
        allow_gaps=opts.allow_gaps,
    )
    placebo = placebo_in_time(
        series,
        res.first_post,
        **opts.fit_kwargs(),
        n=opts.placebo_n,
    )
    window_end = res.first_post + pd.DateOffset(months=max(HORIZONS) - 1)
    conf = find_confounders(catalogue.episodes, res.pre.index[0], window_end, exclude=episode.id)
    for c in conf:
        c["where"] = _where(c, res.first_post)
    conf.sort(key=lambda c: _WHERE_ORDER[c["where"]])
    notes = list(res.notes)
    calibrated = _calibrate(series, res, opts, notes)
    share = placebo["share_significant"]
    if share is not None and placebo["n"] and share > PLACEBO_WARN_SHARE:
        tail = (
            "the reported intervals are the placebo-calibrated ones"
            if calibrated.interval_method != "model"
            else "a 'significant' effect here is weak evidence"
        )
        notes.append(
            f"{share:.0%} of {placebo['n']} placebo dates were 'significant' with the model's own "
            f"interval against a nominal {opts.alpha:.0%}: this model's intervals are too narrow "
            f"for this series; {tail}"
        )
    near = [c["id"] for c in conf if c["where"] != "pre"]
    if near:
        notes.append(f"other catalogued events change within the effect window: {', '.join(near)}")
    sensitivity = model_sensitivity(series, res, opts) if opts.compare else None
    if sensitivity and sensitivity.get("disagrees_at"):
        notes.append(
            f"model {sensitivity['model']} disagrees (sign or significance) at "
            f"{', '.join(sensitivity['disagrees_at'])}: the result depends on the model"
        )
    return replace(
        calibrated, placebo=placebo, confounders=conf, notes=notes, sensitivity=sensitivity
    )


def _calibrate(
    series: pd.Series, res: EventStudy, opts: StudyOptions, notes: list[str]
) -> EventStudy:
    """``res`` with placebo-calibrated intervals (model intervals kept), or ``res`` and a note."""
    if opts.calibration_n <= 0:
        return res
    cal = placebo_errors(
        series,
        res.first_post,
        **opts.fit_kwargs(),
        n=opts.calibration_n,
        horizons=HORIZONS,
        allow_gaps=opts.allow_gaps,
    )
    summary = cal.to_dict(PRIMARY_HORIZON)
    if cal.n < MIN_CALIBRATION_DATES:
        notes.append(
            f"only {cal.n} placebo dates fit before the event (at least {MIN_CALIBRATION_DATES} "
            "are needed to calibrate): the reported intervals are the model's own, which are "
            "too narrow on most real series"
        )
        return replace(res, calibration=summary)
    effects = {h: None if e is None else calibrate_effect(e, cal) for h, e in res.effects.items()}
    loo = summary["share_significant"]
    if loo is not None and loo > PLACEBO_WARN_SHARE:
        notes.append(
            f"even with calibrated intervals {loo:.0%} of {cal.n} placebo dates fall outside the "
            "interval from the other dates: the series' errors drift or come in long runs, so "
            "the calibrated interval is itself too narrow"
        )
    return replace(
        res,
        effects=effects,
        model_effects=res.effects,
        interval_method="placebo-calibrated",
        calibration=summary,
    )


def model_sensitivity(series: pd.Series, res: EventStudy, opts: StudyOptions) -> dict[str, Any]:
    """Re-run the study with the other model family; where do sign or significance differ?

    Returns
    -------
    dict
        ``model``, ``pct`` per horizon ({"estimate", "ci_low", "ci_high"} [%]), ``significant``
        per horizon, ``disagrees_at`` (horizons where the sign of the estimate or the
        significance differs), or ``error`` where the other model cannot be fitted.
    """
    other = ALTERNATIVE[opts.model]
    try:
        alt = event_study(
            series,
            res.event,
            **{**opts.fit_kwargs(), "model": other},
            allow_gaps=opts.allow_gaps,
        )
    except DataError as exc:
        return {"model": other, "error": str(exc)}
    pct, sig, disagree = {}, {}, []
    for h, eff in res.effects.items():
        a = alt.effects.get(h)
        if eff is None or a is None:
            continue
        pct[f"{h}m"], sig[f"{h}m"] = a.pct, a.significant
        e1, e2 = eff.pct["estimate"], a.pct["estimate"]
        same_sign = e1 is None or e2 is None or (e1 >= 0) == (e2 >= 0)
        if not same_sign or eff.significant != a.significant:
            disagree.append(f"{h}m")
    return {
        "model": other,
        "pct": pct,
        "significant": sig,
        "disagrees_at": disagree,
        "converged": alt.forecast.diagnostics.get("converged", True),
    }


#: Placebo share above which a result carries a warning (nominal share is alpha).
PLACEBO_WARN_SHARE = 0.15
#: Months before the first post month in which a change counts as "just before" the event.
JUST_BEFORE_MONTHS = 3
_WHERE_ORDER = {"post": 0, "just before": 1, "pre": 2}


def _where(conf: dict[str, Any], first_post: pd.Timestamp) -> str:
    """``post``, ``just before`` (last 3 pre months) or ``pre``: where the change falls."""
    when = pd.Timestamp(conf["start"] if "starts" in conf["change"] else conf["end"])
    if when >= first_post:
        return "post"
    if when >= first_post - pd.DateOffset(months=JUST_BEFORE_MONTHS):
        return "just before"
    return "pre"


@dataclass(frozen=True)
class EpisodeStudy:
    """Event studies of one episode: per-series results and the series that could not be run."""

    episode: Episode
    opts: StudyOptions
    studies: dict[str, EventStudy]
    skipped: dict[str, str]

    def to_dict(self) -> dict[str, Any]:
        """JSON form: ``series`` -> per-series :func:`~borderlever.evidence.event_study.to_dict`."""
        return {
            "episode": self.episode.id,
            "title": self.episode.title,
            "model": self.opts.model,
            "event_date": self.episode.event_date(self.opts.split_on).isoformat(),
            "split_on": self.opts.split_on or self.episode.split_on,
            "calibration_n": self.opts.calibration_n,
            "series": {k: to_dict(v) for k, v in self.studies.items()},
            "skipped": self.skipped,
        }


def study_episode(
    episode: Episode,
    series: Mapping[str, pd.Series],
    catalogue: Catalogue,
    opts: StudyOptions = StudyOptions(),
    *,
    skip_unfit: bool = True,
) -> EpisodeStudy:
    """Run :func:`study_series` for each named series.

    Parameters
    ----------
    skip_unfit : bool
        Record a series that cannot be studied (too little pre-period, gaps) under ``skipped``
        with the reason, instead of raising.  The CLI raises when the user named the series.
    """
    skipped: dict[str, str] = {}
    studies: dict[str, EventStudy] = {}
    for name, s in series.items():
        try:
            studies[name] = study_series(s, episode, catalogue, opts)
        except DataError as exc:
            if not skip_unfit:
                raise
            skipped[name] = str(exc)
    return EpisodeStudy(episode, opts, studies, skipped)
