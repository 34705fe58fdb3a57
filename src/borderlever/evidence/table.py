"""Headline studies of catalogued episodes and the evidence table (episode x outcome x horizon).

:func:`study_outcome` runs :func:`~borderlever.evidence.headline.headline_study` for one episode
and one outcome with the episode's design (control series, simultaneous changes) and the
catalogue's confounders; :func:`evidence_table` does it for every lever episode and the outcomes
of the designs file (Southwest encounters, fentanyl seizures, synthetic-opioid deaths) and returns
one row per episode, outcome and horizon.

**Identified or confounded.**  A row is *confounded* when something else changed where the
effect is read: a change that came with the episode itself (``simultaneous`` in the design) or a
catalogued event that starts or ends in the post window or the 3 months just before it.  It is
*identified* otherwise: the design then rests on the counterfactual alone (and, for the control
models, on the controls being out of the lever's reach).  Identified is not proven: the catalogue
is short, and the counterfactual is a forecast.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from borderlever.errors import DataError
from borderlever.evidence.catalogue import Catalogue, Episode, SplitOn
from borderlever.evidence.designs import DesignFile, load_designs, panel_for
from borderlever.evidence.episode_study import _where
from borderlever.evidence.event_study import HORIZONS, Effect, find_confounders
from borderlever.evidence.forecasters import BASELINES
from borderlever.evidence.headline import HeadlineOptions, HeadlineStudy, headline_study

Loader = Callable[[str], pd.Series]


@dataclass(frozen=True)
class OutcomeStudy:
    """A headline study with the episode's design and what confounds it."""

    episode: Episode
    study: HeadlineStudy
    confounders: list[dict[str, Any]]
    simultaneous: list[str]
    control_notes: list[str] = field(default_factory=list)

    @property
    def confounded_by(self) -> list[str]:
        """What changed where the effect is read (empty: identified)."""
        near = [c["id"] for c in self.confounders if c["where"] != "pre"]
        return [*self.simultaneous, *near]

    def to_dict(self) -> dict[str, Any]:
        """JSON form (see docs/evidence.md, "The headline JSON")."""
        out = headline_to_dict(self.study)
        out["confounders"] = self.confounders
        out["control_notes"] = self.control_notes
        out["identification"] = {
            "identified": not self.confounded_by,
            "confounded_by": self.confounded_by,
        }
        return out


def study_outcome(
    episode: Episode,
    outcome: str,
    load: Loader,
    catalogue: Catalogue,
    opts: HeadlineOptions | None = None,
    *,
    designs: DesignFile | None = None,
    split_on: SplitOn | None = None,
    use_controls: bool = True,
) -> OutcomeStudy:
    """Headline study of ``episode`` on ``outcome`` with the episode's design.

    Raises
    ------
    DataError
        The outcome cannot be studied around this episode (too little pre-period, gaps).
    """
    opts = opts or HeadlineOptions()
    design = (designs or load_designs()).get(episode.id)
    panel, notes = panel_for(outcome, design, load, use_controls=use_controls)
    study = headline_study(panel, episode.event_date(split_on), opts)
    end = study.first_post + pd.DateOffset(months=max(HORIZONS) - 1)
    conf = find_confounders(catalogue.episodes, study.pre.index[0], end, exclude=episode.id)
    for c in conf:
        c["where"] = _where(c, study.first_post)
    return OutcomeStudy(episode, study, conf, design.confounding(outcome), notes)


def _effect_dict(eff: Effect | None) -> dict[str, Any] | None:
    if eff is None:
        return None

    def clean(v: float | None) -> float | None:
        return None if v is None or not math.isfinite(v) else v

    return {
        "month": f"{eff.month:%Y-%m}",
        "observed": eff.observed,
        "counterfactual": {
            "estimate": eff.counterfactual,
            "ci_low": eff.cf_lower,
            "ci_high": eff.cf_upper,
        },
        "abs": {k: clean(v) for k, v in eff.abs.items()},
        "pct": {k: clean(v) for k, v in eff.pct.items()},
        "significant": eff.significant,
    }


def headline_to_dict(res: HeadlineStudy) -> dict[str, Any]:
    """JSON form of a :class:`~borderlever.evidence.headline.HeadlineStudy`."""
    headline = {}
    for h, hd in res.headlines.items():
        cell = _effect_dict(hd.effect) or {}
        cell.update(
            {
                "verdict": hd.verdict,
                "text": hd.text,
                "model": hd.model,
                "near_best": hd.near_best,
                "disagree": hd.disagree,
                "interval_method": res.results[hd.model].interval_method
                if hd.model in res.results
                else None,
            }
        )
        headline[f"{h}m"] = cell
    models = {
        name: {
            "family": _family(name),
            "interval_method": r.interval_method,
            "n_placebo": r.n_placebo,
            "effect": {f"{h}m": _effect_dict(e) for h, e in r.effects.items()},
            "model_interval": {f"{h}m": _effect_dict(e) for h, e in r.model_effects.items()},
            "fit_check": r.fit_check,
            "info": r.info,
        }
        for name, r in res.results.items()
    }
    chosen1 = res.headlines[1].model
    skill = res.skill.table.copy()
    skill["horizon"] = skill["horizon"].map(lambda h: f"{h}m")
    return {
        "series": res.series,
        "event_date": res.event.isoformat(),
        "first_post_month": f"{res.first_post:%Y-%m}",
        "pre_period": {
            "start": f"{res.pre.index[0]:%Y-%m}",
            "end": f"{res.pre.index[-1]:%Y-%m}",
            "n_months": len(res.pre),
        },
        "interval": 1.0 - res.alpha,
        "controls": res.controls,
        "headline": headline,
        "effect": headline,
        "baselines": {b: models[b]["effect"] for b in BASELINES if b in models},
        "fit_check": models[chosen1]["fit_check"] if chosen1 in models else None,
        "models": models,
        "skill": [
            {
                k: (None if isinstance(v, float) and not math.isfinite(v) else v)
                for k, v in row.items()
            }
            for row in skill.to_dict(orient="records")
        ],
        "skipped_models": res.skipped_models,
        "notes": res.notes,
    }


def _family(name: str) -> str:
    from borderlever.evidence.forecasters import CANDIDATES

    return CANDIDATES[name].family


def _row(ep: Episode, outcome: str, h: int, st: OutcomeStudy | None, why: str) -> dict[str, Any]:
    base: dict[str, Any] = {"episode": ep.id, "outcome": outcome, "horizon": f"{h}m"}
    if st is None:
        return {
            **base,
            "month": None,
            "verdict": "not estimable",
            "headline": f"not estimable: {why}",
            "model": None,
            "pct": None,
            "pct_low": None,
            "pct_high": None,
            "baselines": "",
            "identification": "not estimable",
            "confounded_by": "",
        }
    hd = st.study.headlines[h]
    pct = hd.effect.pct if hd.effect is not None else {}
    bl = []
    for b in BASELINES:
        r = st.study.results.get(b)
        e = None if r is None else r.effects[h]
        if e is not None and e.pct["estimate"] is not None:
            bl.append(f"{b} {e.pct['estimate']:+.0f} %")
    conf = st.confounded_by
    return {
        **base,
        "month": None if hd.effect is None else f"{hd.effect.month:%Y-%m}",
        "verdict": hd.verdict,
        "headline": hd.text,
        "model": hd.model,
        "pct": pct.get("estimate"),
        "pct_low": pct.get("ci_low"),
        "pct_high": pct.get("ci_high"),
        "baselines": ", ".join(bl),
        "identification": "confounded" if conf else "identified",
        "confounded_by": "; ".join(conf),
    }


def evidence_table(
    catalogue: Catalogue,
    load: Loader,
    opts: HeadlineOptions | None = None,
    *,
    episodes: Sequence[str] | None = None,
    outcomes: Sequence[str] | None = None,
    designs: DesignFile | None = None,
    progress: Callable[[str], None] | None = None,
) -> tuple[pd.DataFrame, dict[tuple[str, str], OutcomeStudy]]:
    """Headline effect of every lever episode on each outcome at 1, 3 and 6 months.

    Returns
    -------
    (pandas.DataFrame, dict)
        One row per episode, outcome and horizon (``verdict``, ``headline`` text, ``model``,
        ``pct`` with ``pct_low``/``pct_high`` [%], ``baselines``, ``identification``
        identified/confounded/not estimable, ``confounded_by``); and the studies by
        (episode, outcome).
    """
    designs = designs or load_designs()
    opts = opts or HeadlineOptions()
    eps = [catalogue.get(e) for e in episodes] if episodes else list(catalogue.levers)
    outs = list(outcomes or designs.outcomes)
    rows: list[dict[str, Any]] = []
    studies: dict[tuple[str, str], OutcomeStudy] = {}
    for ep in eps:
        for outcome in outs:
            if progress is not None:
                progress(f"{ep.id} / {outcome}")
            try:
                st: OutcomeStudy | None = study_outcome(
                    ep, outcome, load, catalogue, opts, designs=designs
                )
                why = ""
            except DataError as exc:
                st, why = None, str(exc)
            if st is not None:
                studies[(ep.id, outcome)] = st
            rows.extend(_row(ep, outcome, h, st, why) for h in HORIZONS)
    return pd.DataFrame(rows), studies
