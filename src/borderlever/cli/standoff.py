"""``borderlever standoff``: will the threat work?  The standoff model's answer for a scenario."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from borderlever.cli.data import StoreOpt

console = Console()


def _pct(iv: dict[str, Any] | None) -> str:
    if not iv or iv.get("mean") is None:
        return "n/a"
    return f"{100 * iv['mean']:.1f} % [{100 * iv['ci_low']:.1f} %, {100 * iv['ci_high']:.1f} %]"


def _days(iv: dict[str, Any] | None) -> str:
    if not iv or iv.get("mean") is None:
        return "n/a"
    return f"{iv['mean']:.0f} d [{iv['ci_low']:.0f}, {iv['ci_high']:.0f}]"


def standoff_table(block: dict[str, Any], name: str) -> Table:
    """The headline figures of a ``standoff`` block as a rich table."""
    day = block["concession_day"]
    table = Table(
        title=f"{name}: standoff over '{block['demand']}' (target {block['target']}, "
        f"deadline day {block['deadline_days']:g})"
    )
    table.add_column("figure")
    table.add_column("mean [5-95 % over parameter and cost draws]")
    table.add_row(
        "P(target concedes before the deadline)", _pct(block["p_concede_before_deadline"])
    )
    fmt = (
        "n/a"
        if day.get("median") is None
        else (
            f"median {day['median']:g} d (p10 {day['p10']:g}, p90 {day['p90']:g}), "
            f"median over draws {_days(day.get('median_interval'))}"
        )
    )
    table.add_row("day of the target's concession, if it concedes", fmt)
    table.add_row("P(threat carried out)", _pct(block["p_threat_carried_out"]))
    for label, text in imposition_rows(block):
        table.add_row(label, text)
    table.add_row(
        "P(sender backs down before the deadline)",
        _pct(block.get("p_sender_backs_down_before_deadline")),
    )
    return table


def imposition_rows(block: dict[str, Any]) -> list[tuple[str, str]]:
    """How long an imposition lasts, if carried out: each row says what its number is."""
    imp = block.get("imposition")
    if not imp:
        return [("imposition, if carried out", _days(block["expected_imposition_days"]))]
    years = imp["horizon_days"] / 365.25
    central, iv = imp.get("median_days_central"), imp["median_days"]
    at = f"beyond {years:.0f} years" if central is None else f"{central:.0f} d"

    def edge(x: float | None) -> str:
        return f"beyond {years:.0f} y" if x is None else f"{x:.0f}"

    med = f"{at} at the defaults [{edge(iv.get('ci_low'))}, {edge(iv.get('ci_high'))}]"
    return [
        ("imposition, if carried out: median length", med),
        (
            f"  mean length counting any still in force at {years:.0f} years as {years:.0f} "
            "years (restricted mean)",
            _days(imp["restricted_mean_days"]),
        ),
        ("  share still imposed after 1 year", _pct(imp["p_still_imposed_after_1y"])),
        (f"  share still imposed after {years:.0f} years", _pct(imp["p_still_imposed_at_horizon"])),
    ]


def sensitivity_table(block: dict[str, Any], n: int = 6) -> Table:
    """Which input moves the answer most (one at a time, low -> high)."""
    table = Table(title="Sensitivity: each input at its low and high value, others at defaults")
    table.add_column("input", overflow="fold", min_width=24)
    for col in (
        "low -> high",
        "P(concede before deadline)",
        "P(carried out)",
        "imposition, restricted mean [d]",
    ):
        table.add_column(col)
    for r in block["sensitivity"][:n]:
        table.add_row(
            str(r["input"]).removeprefix("standoff."),
            f"{r['low']:.3g} -> {r['high']:.3g}",
            f"{100 * r['p_concede_before_deadline_at_low']:.1f} -> {100 * r['p_concede_before_deadline_at_high']:.1f} %",
            f"{100 * r['p_threat_carried_out_at_low']:.1f} -> {100 * r['p_threat_carried_out_at_high']:.1f} %",
            f"{r['expected_imposition_days_at_low']:.0f} -> {r['expected_imposition_days_at_high']:.0f}",
        )
    return table


def standoff(
    scenario: Annotated[str, typer.Argument(help="Scenario name or YAML file.")],
    deadline_days: Annotated[
        float | None,
        typer.Option(
            "--deadline-days",
            help="Days from the threat to the deadline (default: the scenario's threat, else "
            "the registry's standoff.deadline_days, the TIES median).",
            min=0,
        ),
    ] = None,
    json_file: Annotated[
        Path | None, typer.Option("--json", help="Write {'standoff': ...} here ('-' = stdout).")
    ] = None,
    replications: Annotated[
        int | None,
        typer.Option("--replications", "-r", help="Override the scenario's replications."),
    ] = None,
    store: StoreOpt = None,
) -> None:
    """Will the threat work?  Run the scenario's economics, then the standoff model.

    Prints the probability that the target concedes before the deadline, the concession day, the
    probability the threat is carried out and how long an imposition lasts (median, mean up to
    five years, share still imposed after one and five years), each with an interval, and which input moves the answer most (docs/standoff.md).

    Example: borderlever standoff 2019-tariff-threat --deadline-days 10
    """
    from dataclasses import replace

    from borderlever.runs.pipeline import resolve_scenario, run_scenario, with_standoff
    from borderlever.runs.summary import dumps

    resolved = resolve_scenario(scenario, store=store, replications=replications)
    spec = resolved.spec
    plain = replace(resolved, spec=spec.model_copy(update={"threat": None}))
    out = replace(run_scenario(plain, store=store), resolved=resolved)
    if deadline_days is None and spec.threat is None:
        deadline_days = _default_deadline()
    out = with_standoff(out, deadline_days)
    block = out.extra["standoff"]
    if json_file is not None:
        text = dumps({"standoff": block})
        if str(json_file) == "-":
            typer.echo(text, nl=False)
            return
        json_file.write_text(text, encoding="utf-8")
    console.print(standoff_table(block, spec.name))
    console.print(sensitivity_table(block))
    console.print(
        "Calibrated on TIES v4.1 base rates (US-sender threats 1945-2005, in sample); the "
        "US-Mexico episodes are its out-of-sample test (docs/standoff.md)."
    )


def _default_deadline() -> float:
    from borderlever.parameters import default

    return default("standoff.deadline_days")


def register(app: typer.Typer) -> None:
    app.command("standoff")(standoff)
