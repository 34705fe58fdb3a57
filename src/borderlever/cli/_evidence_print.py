"""Rich output of `borderlever evidence run` (headline mode) and `borderlever evidence table`.

Presentation only: reads the JSON-ready dicts and frames the evidence layer returns.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from rich.table import Column, Table

from borderlever.cli._console import console


def _pct(p: dict[str, Any] | None) -> str:
    if not p or p.get("estimate") is None:
        return "-"

    def f(v: float | None) -> str:
        return "?" if v is None else f"{v:+.0f}"

    return f"{f(p['estimate'])} [{f(p['ci_low'])}, {f(p['ci_high'])}]"


def _skill_table(res: dict[str, Any]) -> Table:
    rows = pd.DataFrame(res["skill"])
    table = Table(
        Column("model", no_wrap=True),
        "family",
        *[f"typical miss {h}" for h in ("1m", "3m", "6m")],
        "own-interval coverage 3m",
        "pseudo-events",
        title="placebo skill (rolling-origin, pre-period only); * chosen, = near-best, x fit check",
        title_justify="left",
    )
    for model, grp in rows.groupby("model", sort=False):
        cells = []
        for h in ("1m", "3m", "6m"):
            r = grp[grp["horizon"] == h].iloc[0]
            mark = "*" if r["chosen"] else ("=" if r["near_best"] else "")
            mark += "x" if r.get("fit_flag") else ""
            miss = "-" if r["mae_pct"] is None else f"{r['mae_pct']:.0f} %"
            cells.append(f"{miss} {mark}".strip())
        r3 = grp[grp["horizon"] == "3m"].iloc[0]
        cov = "-" if r3["coverage_model"] is None else f"{r3['coverage_model']:.0%}"
        table.add_row(str(model), str(r3["family"]), *cells, cov, str(int(r3["n"])))
    return table


def print_headlines(result: dict[str, Any]) -> None:
    """Headline, baselines, fit check and skill table for each series of an episode."""
    for name, res in result["series"].items():
        table = Table(
            "horizon",
            "month",
            "observed",
            Column("headline (effect net of the counterfactual, 95 % interval)", overflow="fold"),
            "seasonal naive",
            "local level",
            title=f"{result['episode']} / {name}: event {result['event_date']} "
            f"({result['split_on']}), first post month {res['first_post_month']}",
            title_justify="left",
        )
        for h, cell in res["headline"].items():
            base = res["baselines"]
            table.add_row(
                h,
                cell.get("month") or "-",
                f"{cell['observed']:,.0f}" if cell.get("observed") is not None else "-",
                cell["text"],
                _pct((base.get("snaive_log") or {}).get(h, {}) and base["snaive_log"][h]["pct"]),
                _pct((base.get("llevel_log") or {}).get(h, {}) and base["llevel_log"][h]["pct"]),
            )
        console.print(table)
        fc = res.get("fit_check")
        if fc:
            console.print(f"  fit check ({res['headline']['1m']['model']}): {fc['text']}")
        console.print(_skill_table(res))
        ident = res["identification"]
        console.print(
            "  identification: "
            + (
                "identified (nothing else catalogued changes in the window)"
                if ident["identified"]
                else "confounded by " + "; ".join(ident["confounded_by"])
            )
        )
        console.print(f"  controls: {', '.join(res['controls']) or 'none'}")
        for why in res["control_notes"]:
            console.print(f"  note: {why}")
        for m, why in res["skipped_models"].items():
            console.print(f"  [yellow]model {m} not run[/]: {why}")
        for note in res["notes"]:
            console.print(f"  note: {note}")
    for name, why in result["skipped"].items():
        console.print(f"[yellow]skipped {name}[/]: {why}")
    console.print(
        "Effects are net of each model's counterfactual (seasonality, trend, controls), not raw "
        "before/after changes.  Correlation in time, not proof of cause: see docs/evidence.md."
    )


def print_table(rows: pd.DataFrame) -> None:
    """The evidence table: one row per episode, outcome and horizon."""
    table = Table(
        Column("episode", no_wrap=True),
        Column("outcome", no_wrap=True),
        "h",
        Column("headline", overflow="fold"),
        Column("baselines", overflow="fold"),
        Column("identification", overflow="fold"),
        show_lines=False,
    )
    for r in rows.to_dict(orient="records"):
        ident = r["identification"]
        if ident == "confounded":
            ident = f"confounded by {r['confounded_by']}"
        table.add_row(
            r["episode"], r["outcome"], r["horizon"], r["headline"], r["baselines"], ident
        )
    console.print(table)
