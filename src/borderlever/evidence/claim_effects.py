"""The claim checker's link to the event-study engine: claims about changes ("fell 70 %") and the
event studies use the same series, the same raw-change function and the same headline.

:func:`make_engine` returns ``engine(claim) -> dict`` for :func:`~borderlever.evidence.claims.
check_claims`: for a claim with a ``change`` block it loads the named series, computes the raw
before/after change with :func:`~borderlever.evidence.headline.raw_change` (a ``kind: raw`` claim's
store query must give the same number) and runs :func:`~borderlever.evidence.table.study_outcome`
for the episode (cached per episode and series), so the row can say which of the two the claim is
and what the other one reads.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from borderlever.evidence.catalogue import Catalogue
from borderlever.evidence.claims import Claim, EngineFn
from borderlever.evidence.headline import HeadlineOptions, raw_change
from borderlever.evidence.table import Loader, OutcomeStudy, headline_to_dict, study_outcome


def make_engine(
    load: Loader, catalogue: Catalogue, opts: HeadlineOptions | None = None
) -> EngineFn:
    """``engine(claim)`` for claims with a ``change`` block (see the module docstring).

    Returns
    -------
    callable
        ``engine(claim) -> dict`` with ``episode``, ``series``, ``horizon``, ``headline`` (the
        headline JSON at that horizon), ``raw_change`` (raw claims) and ``sentence``.
    """
    opts = opts or HeadlineOptions()
    cache: dict[tuple[str, str], OutcomeStudy] = {}

    def engine(claim: Claim) -> dict[str, Any]:
        ch = claim.change
        assert ch is not None
        key = (ch.episode, ch.series)
        if key not in cache:
            cache[key] = study_outcome(catalogue.get(ch.episode), ch.series, load, catalogue, opts)
        head = headline_to_dict(cache[key].study)["headline"][f"{ch.horizon}m"]
        out: dict[str, Any] = {
            "episode": ch.episode,
            "series": ch.series,
            "horizon": f"{ch.horizon}m",
            "headline": head,
        }
        where = f"month {ch.horizon}" + (f" ({head['month']})" if head.get("month") else "")
        study = (
            f"the event study (`borderlever evidence run {ch.episode}`), net of seasonality and "
            f"trend, reads {ch.series} at {where} as: {head['text']}"
        )
        if ch.kind == "raw":
            assert ch.before is not None and ch.after is not None
            rc = raw_change(load(ch.series), pd.Timestamp(ch.before), pd.Timestamp(ch.after))
            out["raw_change"] = rc
            out["sentence"] = (
                f"This claim is a raw before/after change ({rc['pct']:+.0f} % on {ch.series}, "
                f"{rc['from']} to {rc['to']}), not an effect; {study}."
            )
        else:
            out["sentence"] = f"This claim is about an effect net of a counterfactual; {study}."
        return out

    return engine
