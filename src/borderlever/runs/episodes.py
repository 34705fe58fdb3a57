"""The out-of-sample test of the standoff model: the US-Mexico episodes of the evidence catalogue.

Each episode is run with the costs of the scenario that prices its lever and the deadline it
had; the model's answer is set beside what happened (dates from ``evidence/data/episodes.yaml``).
Nothing here feeds back into the priors (they are fitted on TIES v4.1, which ends in 2005).
``python -m borderlever.runs.episodes`` prints the table of docs/standoff.md (it runs the border
simulations of the closure scenarios: minutes).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any


@dataclass(frozen=True)
class EpisodeRun:
    """An episode, the scenario that prices its lever, its deadline and what happened."""

    episode: str
    scenario: str
    deadline_days: float
    observed: str
    replications: int | None = None
    conceded_before_deadline: bool = False


EPISODES = (
    EpisodeRun(
        "closure-threat-2019",
        "commercial-only-closure-14d",
        7,
        "threat 2019-03-29, deadline about 2019-04-05; the sender backed down on 2019-04-04 (a "
        "one-year warning instead): no concession, not carried out",
        2,
    ),
    EpisodeRun(
        "tariff-threat-2019",
        "2019-tariff-threat",
        10,
        "threat 2019-05-30, deadline 2019-06-10; Mexico conceded on 2019-06-07 (day 8 of the "
        "scenario): before the deadline, not carried out",
        conceded_before_deadline=True,
    ),
    EpisodeRun(
        "texas-inspections-2022",
        "2022-texas-enhanced-inspections",
        0,
        "imposed at once 2022-04-06 (no threat stage); the four Mexican border states signed "
        "agreements 2022-04-08 to 04-15 (catalogue concession 04-13, day 7): carried out, "
        "conceded after about a week (sender: a US state, not the US)",
        2,
    ),
    EpisodeRun(
        "tariff-threat-2024",
        "2025-tariff-threat",
        71,
        "threat 2024-11-25, deadline 2025-02-04 (day 71); Mexico pledged 10,000 troops on "
        "2025-02-03 (day 70): before the deadline, paused (imposed later, 2025-03-04)",
        conceded_before_deadline=True,
    ),
)


def run_episode(ep: EpisodeRun) -> dict[str, Any]:
    """The standoff block of one episode's scenario at its deadline (no sensitivity)."""
    from borderlever.runs.pipeline import resolve_scenario, run_scenario
    from borderlever.runs.standoff import registry_inputs, run_standoff

    resolved = resolve_scenario(ep.scenario, replications=ep.replications)
    plain = replace(resolved, spec=resolved.spec.model_copy(update={"threat": None}))
    out = replace(run_scenario(plain), resolved=resolved)
    values, bounds = registry_inputs()
    return run_standoff(out, values, bounds, ep.deadline_days, sensitivity=False)


def _iv(fig: dict[str, Any], pct: bool = True) -> str:
    if fig.get("mean") is None:
        return "n/a"
    k = 100 if pct else 1
    unit = " %" if pct else " d"
    return f"{k * fig['mean']:.0f}{unit} [{k * fig['ci_low']:.0f}, {k * fig['ci_high']:.0f}]"


def _imposition(s: dict[str, Any]) -> str:
    imp = s.get("imposition") or {}
    med = imp.get("median_days_central")
    years = imp.get("horizon_days", 1826.0) / 365.25
    at = f"beyond {years:.0f} y" if med is None else f"{med:.0f} d"
    return f"{at}; {_iv(imp.get('p_still_imposed_after_1y') or {})}"


def brier(rows: list[tuple[EpisodeRun, dict[str, Any]]], base_rate: float) -> tuple[float, float]:
    """Brier score of P(concede before the deadline) over the episodes, and that of a constant
    forecast at ``base_rate`` (TIES's threat-stage concession rate) [-].

    Examples
    --------
    >>> ep = EpisodeRun("e", "s", 1, "", conceded_before_deadline=True)
    >>> brier([(ep, {"p_concede_before_deadline": {"mean": 0.5}})], 0.0)
    (0.25, 1.0)
    """
    model = [
        (s["p_concede_before_deadline"]["mean"] - e.conceded_before_deadline) ** 2 for e, s in rows
    ]
    const = [(base_rate - e.conceded_before_deadline) ** 2 for e, _ in rows]
    return sum(model) / len(rows), sum(const) / len(rows)


def table(base_rate: float = 0.2565) -> str:
    """The markdown table of docs/standoff.md and the Brier scores under it."""
    head = (
        "| episode (scenario, deadline day) | P(concede before deadline) | P(carried out) | "
        "P(sender backs down first) | concession day, median | imposition if carried out: "
        "median at the defaults; share still imposed after 1 year | what happened |\n"
        "|---|---|---|---|---|---|---|\n"
    )
    rows, runs = [], []
    for ep in EPISODES:
        s = run_episode(ep)
        runs.append((ep, s))
        rows.append(
            f"| {ep.episode} (`{ep.scenario}`, {ep.deadline_days:g}) | "
            f"{_iv(s['p_concede_before_deadline'])} | {_iv(s['p_threat_carried_out'])} | "
            f"{_iv(s['p_sender_backs_down_before_deadline'])} | "
            f"{s['concession_day']['median']} | {_imposition(s)} | {ep.observed} |"
        )
    model, const = brier(runs, base_rate)
    note = (
        f"\nBrier score of P(concede before the deadline) over the {len(runs)} episodes: "
        f"{model:.2f} (TIES's threat-stage concession rate {base_rate:.2f} as a constant "
        f"forecast: {const:.2f}).\n"
    )
    return head + "\n".join(rows) + "\n" + note


if __name__ == "__main__":  # pragma: no cover - regenerates a docs table
    print(table())
