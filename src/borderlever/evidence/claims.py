"""Claim checker: public claims about the border, each measured by one store query.

A claims file (YAML, validated by :class:`ClaimFile`, unknown keys are errors) lists claims with
the quantity a claim asserts, its unit and period, the SQL that measures it, and the comparison the
claim implies (``>=``, ``<=``, ``<``, ``>``, ``approx``) with a tolerance in the claim's unit.  A claim
the store cannot measure carries ``sql: null`` and says why.

Verdicts compare what the claim asserts with what the data say:

- ``supported``: the measured value satisfies the comparison (within the tolerance);
- ``overstated``: the claim asserts more than measured (``>=``/``>`` fails, or ``approx`` above);
- ``understated``: the claim asserts less than measured (``<=``/``<`` fails, or ``approx`` below);
- ``not checkable with the store``: nothing in the store measures it;
- ``not established by the event study``: a claimed *effect* whose headline is inconclusive or
  whose interval includes the claimed value.

**Claims about changes** carry a ``change`` block that ties them to the event-study engine
(:mod:`borderlever.evidence.claim_effects`): ``kind: raw`` says the claim is a raw before/after
change (the store query and :func:`~borderlever.evidence.headline.raw_change` on the same named
series must agree, and the event study's effect net of seasonality is shown beside it);
``kind: effect`` says the claim is about an effect net of what would have happened anyway, and
its verdict comes from the event study's headline (chosen by placebo skill) at ``horizon``.

The "what the data say" sentence is generated from the same numbers as the verdict.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, model_validator

from borderlever.errors import DataError
from borderlever.evidence.strict import load_yaml, validate_document

CLAIMS_PATH = Path(__file__).with_name("data") / "claims.yaml"
NOT_CHECKABLE = "not checkable with the store"
NOT_ESTABLISHED: Literal["not established by the event study"] = (
    "not established by the event study"
)
Verdict = Literal[
    "supported",
    "overstated",
    "understated",
    "not checkable with the store",
    "not established by the event study",
]
QueryFn = Callable[..., pd.DataFrame]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Comparison(_Strict):
    """What the claim asserts about the measured value."""

    op: Literal[">=", "<=", ">", "<", "approx"]
    value: float = Field(description="The claimed value [claim unit].")
    tolerance: float = Field(0.0, ge=0, description="Slack before a verdict flips [claim unit].")


class Also(_Strict):
    """A second measurement shown beside the claim (e.g. the quantity the claim may have meant)."""

    sql: str
    says: str = Field(description="Sentence template; {value} and the query's other columns.")


class ChangeLink(_Strict):
    """Ties a claim about a change to the event-study engine."""

    kind: Literal["raw", "effect"] = Field(
        description="raw: a before/after change; effect: net of a counterfactual."
    )
    series: str = Field(description="Named series (evidence.series) the change is measured on.")
    episode: str = Field(description="Catalogued episode the change is read around.")
    before: str | None = Field(None, pattern=r"^\d{4}-\d{2}$", description="Base month (raw).")
    after: str | None = Field(None, pattern=r"^\d{4}-\d{2}$", description="Later month (raw).")
    horizon: Literal[1, 3, 6] = Field(3, description="Post month of the effect [months].")

    @model_validator(mode="after")
    def _months(self) -> ChangeLink:
        if self.kind == "raw" and (self.before is None or self.after is None):
            raise ValueError("a raw change needs `before` and `after` (YYYY-MM)")
        return self


class Claim(_Strict):
    """One checkable (or explicitly uncheckable) claim."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    text: str = Field(description="The claim as made.")
    said_by: str = Field(description="Who made it (or 'user question').")
    quantity: str = Field(description="What would have to be measured.")
    unit: str
    period: str = Field(description="Period the measurement covers, in words.")
    sql: str | None = Field(description="Store query returning one row with column `value`.")
    comparison: Comparison | None = None
    says: str | None = Field(None, description="Sentence template for the measured value.")
    also: tuple[Also, ...] = ()
    caveat: str = Field("", description="What the measure is not (events vs people ...).")
    change: ChangeLink | None = Field(
        None, description="For claims about changes: raw change or effect, and the event study."
    )
    why_not_checkable: str | None = None
    source: str = Field(description="Publisher and dataset of the measure.")
    vintage: str = Field(description="Release or file the numbers come from.")

    @model_validator(mode="after")
    def _complete(self) -> Claim:
        if self.change is not None and self.change.kind == "effect":
            if self.comparison is None or self.says is None:
                raise ValueError("an effect claim needs `comparison` and `says`")
            return self
        if self.sql is None:
            if not self.why_not_checkable:
                raise ValueError("a claim with sql: null needs why_not_checkable")
        elif self.comparison is None or self.says is None:
            raise ValueError("a claim with sql needs `comparison` and `says`")
        return self


class ClaimFile(_Strict):
    """A claims document."""

    claims: tuple[Claim, ...]


def load_claims(path: str | Path | None = None) -> ClaimFile:
    """Read and validate a claims file (default: the claims shipped with the package).

    Examples
    --------
    >>> [c.id for c in load_claims().claims][:2]
    ['fentanyl-deaths-100k', 'overdose-deaths-100k']
    """
    path = Path(path) if path is not None else CLAIMS_PATH
    return validate_document(ClaimFile, load_yaml(path), source=str(path))


def verdict(measured: float, comparison: Comparison) -> Verdict:
    """Compare a measured value with what the claim asserts.

    Examples
    --------
    >>> verdict(74829.0, Comparison(op=">=", value=100000, tolerance=5000))
    'overstated'
    >>> verdict(-0.69, Comparison(op="<", value=0))
    'supported'
    """
    v, tol = comparison.value, comparison.tolerance
    op = comparison.op
    if op in (">=", ">"):
        ok = measured >= v - tol if op == ">=" else measured > v - tol
        return "supported" if ok else "overstated"
    if op in ("<=", "<"):
        ok = measured <= v + tol if op == "<=" else measured < v + tol
        return "supported" if ok else "understated"
    if abs(measured - v) <= tol:
        return "supported"
    return "overstated" if v > measured else "understated"


def _one_row(claim_id: str, sql: str, query: QueryFn) -> dict[str, Any]:
    try:
        frame = query(sql)
    except DataError as exc:
        raise DataError(f"claim {claim_id}: {exc}") from None
    if len(frame) != 1 or "value" not in frame.columns:
        raise DataError(
            f"claim {claim_id}: the query must return one row with a `value` column; "
            f"it returned {len(frame)} rows, columns {list(frame.columns)}"
        )
    row = {str(k): (None if pd.isna(v) else v) for k, v in frame.iloc[0].to_dict().items()}
    if row["value"] is None or not math.isfinite(float(row["value"])):
        raise DataError(
            f"claim {claim_id}: the query returned no value (empty period?)",
            expected="data covering the claim's period",
        )
    return row


#: ``engine(claim) -> dict`` runs the event-study engine for a claim's ``change`` block.
EngineFn = Callable[[Claim], dict[str, Any]]


def effect_verdict(headline: dict[str, Any], comparison: Comparison) -> Verdict:
    """Verdict on a claimed effect [%] from an event-study headline (``verdict`` and ``pct``).

    Supported only where the whole interval is on the claimed side; overstated where the whole
    interval is on the other side; otherwise (or where the headline is inconclusive or not
    estimable) not established.

    Examples
    --------
    >>> h = {"verdict": "decrease", "pct": {"estimate": -60, "ci_low": -75, "ci_high": -40}}
    >>> effect_verdict(h, Comparison(op="<=", value=-30)), effect_verdict(h, Comparison(op="<=", value=-50))
    ('supported', 'not established by the event study')
    >>> effect_verdict(h, Comparison(op="<=", value=-80))
    'overstated'
    """
    pct = headline.get("pct") or {}
    lo, hi, est = pct.get("ci_low"), pct.get("ci_high"), pct.get("estimate")
    if lo is None or hi is None or est is None:
        return NOT_ESTABLISHED
    if str(headline.get("verdict", "")).startswith(("inconclusive", "not estimable")):
        return NOT_ESTABLISHED
    v, op = comparison.value, comparison.op
    out: Verdict = NOT_ESTABLISHED
    if op in ("<=", "<"):
        out = "supported" if hi <= v else ("overstated" if lo > v else NOT_ESTABLISHED)
    elif op in (">=", ">"):
        out = "supported" if lo >= v else ("overstated" if hi < v else NOT_ESTABLISHED)
    elif lo <= v <= hi:
        out = "supported"
    else:
        out = "overstated" if abs(v) > abs(est) else "understated"
    return out


def check_claim(claim: Claim, query: QueryFn, engine: EngineFn | None = None) -> dict[str, Any]:
    """Measure one claim and return its row: id, text, measured, unit, verdict, says, source ...

    ``engine`` (see :mod:`borderlever.evidence.claim_effects`) runs the event study for claims
    with a ``change`` block; without it, effect claims are not checkable and raw-change claims
    are measured by their query alone.
    """
    out: dict[str, Any] = {
        "id": claim.id,
        "text": claim.text,
        "said_by": claim.said_by,
        "quantity": claim.quantity,
        "unit": claim.unit,
        "period": claim.period,
        "caveat": claim.caveat,
        "source": claim.source,
        "vintage": claim.vintage,
    }
    if claim.change is not None:
        out["claim_kind"] = (
            "raw before/after change (not net of seasonality)"
            if claim.change.kind == "raw"
            else "effect net of a counterfactual (event study)"
        )
    if claim.change is not None and claim.change.kind == "effect":
        return _check_effect(claim, out, engine)
    if claim.sql is None:
        return {
            **out,
            "measured": None,
            "verdict": NOT_CHECKABLE,
            "says": f"Nothing in the store measures this: {claim.why_not_checkable}",
        }
    assert claim.comparison is not None and claim.says is not None  # by the validator
    row = _one_row(claim.id, claim.sql, query)
    measured = float(row["value"])
    says = [claim.says.format(**row)]
    for extra in claim.also:
        says.append(extra.says.format(**_one_row(claim.id, extra.sql, query)))
    row = {
        **out,
        "measured": measured,
        "verdict": verdict(measured, claim.comparison),
        "claimed": claim.comparison.model_dump(),
        "says": " ".join(says),
    }
    if claim.change is not None and engine is not None:
        linked = engine(claim)
        row["engine"] = linked
        raw = linked["raw_change"]["pct"]
        if abs(raw - measured) > 0.5:
            raise DataError(
                f"claim {claim.id}: the store query says {measured:+.1f} % but the same change on "
                f"series {claim.change.series} is {raw:+.1f} %: the claim and the event studies "
                "do not measure the same thing",
                expected="a query over the same rows as the named series",
            )
        row["says"] += " " + linked["sentence"]
    return row


def _check_effect(claim: Claim, out: dict[str, Any], engine: EngineFn | None) -> dict[str, Any]:
    assert claim.comparison is not None and claim.says is not None and claim.change is not None
    if engine is None:
        return {
            **out,
            "measured": None,
            "verdict": NOT_CHECKABLE,
            "says": "An effect claim needs the event-study engine (`borderlever claims check`).",
        }
    linked = engine(claim)
    head = linked["headline"]
    pct = (head.get("pct") or {}).get("estimate")
    return {
        **out,
        "measured": pct,
        "verdict": effect_verdict(head, claim.comparison),
        "claimed": claim.comparison.model_dump(),
        "engine": linked,
        "says": claim.says.format(value=pct if pct is not None else float("nan"), **head)
        + " "
        + linked["sentence"],
    }


def check_claims(
    claims: ClaimFile, query: QueryFn, engine: EngineFn | None = None
) -> list[dict[str, Any]]:
    """Check every claim in a file; see :func:`check_claim`."""
    return [check_claim(c, query, engine) for c in claims.claims]
