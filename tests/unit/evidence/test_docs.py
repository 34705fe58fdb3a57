"""docs/evidence.md names every episode, series family, model and CLI command it documents."""

from __future__ import annotations

from pathlib import Path

from borderlever.evidence.catalogue import load_catalogue
from borderlever.evidence.claims import load_claims
from borderlever.evidence.counterfactual import MODELS
from borderlever.evidence.forecasters import CANDIDATES

DOC = (Path(__file__).resolve().parents[3] / "docs" / "evidence.md").read_text()


def test_docs_cover_episodes_models_and_commands() -> None:
    for ep in load_catalogue().episodes:
        assert f"`{ep.id}`" in DOC, ep.id
    for model in [*MODELS, *CANDIDATES]:
        assert f"`{model}`" in DOC, model
    for cmd in (
        "episodes list",
        "episodes show",
        "evidence run",
        "evidence series",
        "evidence table",
        "claims check",
    ):
        assert f"borderlever {cmd}" in DOC, cmd


def test_docs_claims_table_has_a_row_per_shipped_claim() -> None:
    rows = [line for line in DOC.split("## Claims")[1].splitlines() if line.startswith("| ")]
    assert len(rows) - 1 == len(load_claims().claims)  # minus the header row


def test_docs_explain_the_choice_rule_with_the_worked_example() -> None:
    head = DOC.split("## The headline")[1].split("## The evidence table")[0]
    for phrase in ("choice rule", "inconclusive: models disagree", "Fit check", "+116 %",
                   "Worked example", "causalpy", "pysyncon"):  # fmt: skip
        assert phrase.lower() in head.lower(), phrase
