"""Report sections for the levers (each lever's part, the tariff) and the standoff model.

Built from the summary only (the skin uses what the API returns); registered in the page's
section list on import (:func:`borderlever.reports.sections.add_section`).
"""

from __future__ import annotations

import html
from typing import Any

from borderlever.reports.headline import money
from borderlever.reports.sections import ReportContext, _table, add_section, fmt


def _pct(x: float) -> str:
    return f"{100 * x:.1f} %"


def _days(x: float) -> str:
    return f"{x:.0f} d"


def levers_section(ctx: ReportContext) -> str | None:
    """Each lever's cost per day by country, and the tariff's duties and burden."""
    summary = ctx.summary
    levers = summary.get("levers") or {}
    if not levers:
        return None
    countries = sorted({c for lev in levers.values() for c in lev["cost_usd_per_day"]})
    rows = [
        [html.escape(kind), f"{lev['days']:g}"]
        + [fmt(lev["cost_usd_per_day"].get(c), money) for c in countries]
        for kind, lev in levers.items()
    ]
    out = (
        "<p class='muted'>Net cost per day the lever applies [USD/day]. Border levers: 95 % "
        "interval over replications; tariff: 2.5-97.5 percentiles over parameter draws "
        "(pass-through, elasticities). Parts are not summed. A tariff's net cost to the importing "
        "country is its consumers' and firms' burden plus the deadweight loss, less the duties "
        "its own government collects; it can be negative.</p>"
        + _table(rows, ["lever", "days", *countries])
    )
    tariff = (summary.get("economics") or {}).get("tariff")
    if tariff:
        rows = [
            ["duties collected", fmt(tariff["duty_usd"], money)],
            ["importer and consumer burden (gross)", fmt(tariff["importer_burden_usd"], money)],
            [
                "exporters' lost sales (gross, pre-tariff prices)",
                fmt(tariff["exporter_lost_sales_usd"], money),
            ],
            ["trade the tariffs cover", fmt(tariff["covered_trade_usd"], money)],
        ]
        out += (
            f"<h3>Tariff over the horizon ({tariff['tariff_days']} tariff days, trade of "
            f"{tariff['trade_year']})</h3>" + _table(rows, ["figure", "USD"])
        )
    return out


def _sens_rows(s: dict[str, Any]) -> list[list[str]]:
    return [
        [
            html.escape(str(r["input"])),
            f"{r['low']:.3g} → {r['high']:.3g}",
            f"{_pct(r['p_concede_before_deadline_at_low'])} → "
            f"{_pct(r['p_concede_before_deadline_at_high'])}",
            f"{_pct(r['p_threat_carried_out_at_low'])} → {_pct(r['p_threat_carried_out_at_high'])}",
            f"{r['expected_imposition_days_at_low']:.0f} → "
            f"{r['expected_imposition_days_at_high']:.0f}",
        ]
        for r in s["sensitivity"]
    ]


def _imposition_rows(s: dict[str, Any]) -> list[list[str]]:
    imp = s.get("imposition")
    if not imp:
        return [["imposition, if carried out", fmt(s["expected_imposition_days"], _days)]]
    years = imp["horizon_days"] / 365.25
    central, iv = imp.get("median_days_central"), imp["median_days"]

    def edge(x: float | None) -> str:
        return f"beyond {years:.0f} y" if x is None else f"{x:.0f}"

    at = f"beyond {years:.0f} years" if central is None else f"{central:.0f} d"
    med = (
        f"{at} at the defaults <span class='muted'>[{edge(iv.get('ci_low'))}, "
        f"{edge(iv.get('ci_high'))}]</span>"
    )
    return [
        ["imposition, if carried out: median length", med],
        [
            f"mean length, counting any still in force at {years:.0f} years as {years:.0f} "
            "years (restricted mean)",
            fmt(imp["restricted_mean_days"], _days),
        ],
        ["share still imposed after 1 year", fmt(imp["p_still_imposed_after_1y"], _pct)],
        [
            f"share still imposed after {years:.0f} years",
            fmt(imp["p_still_imposed_at_horizon"], _pct),
        ],
    ]


def standoff_section(ctx: ReportContext) -> str | None:
    """Will the threat work?  The standoff model's answer with intervals and its sensitivity."""
    s = ctx.summary.get("standoff")
    if not s:
        return None
    day = s["concession_day"]
    when = (
        "n/a"
        if day.get("median") is None
        else f"median day {day['median']:g} (p10 {day['p10']:g}, p90 {day['p90']:g})"
    )
    rows = [
        ["P(target concedes before the deadline)", fmt(s["p_concede_before_deadline"], _pct)],
        ["day of the target's concession, if it concedes", when],
        ["P(threat carried out)", fmt(s["p_threat_carried_out"], _pct)],
        *_imposition_rows(s),
        [
            "P(sender backs down before the deadline)",
            fmt(s["p_sender_backs_down_before_deadline"], _pct),
        ],
    ]
    return (
        f"<p>Demand: {html.escape(str(s['demand']))} (target {html.escape(str(s['target']))}, "
        f"deadline day {s['deadline_days']:g}). A war of attrition with incomplete information "
        "(docs/standoff.md): each side bears the levers' cost per day as a share of its GDP and "
        "gives in when holding out is worth less than giving in; priors calibrated on TIES v4.1 "
        "base rates of US threats 1945-2005 (in sample). Intervals: "
        f"{html.escape(str(s['interval']))}. Model probabilities under stated assumptions, not "
        "forecasts.</p>"
        + _table(rows, ["figure", "mean [interval]"])
        + "<h3>Which input moves the answer most</h3>"
        + _table(
            _sens_rows(s),
            [
                "input",
                "low → high",
                "P(concede before deadline)",
                "P(carried out)",
                "imposition, restricted mean [d]",
            ],
        )
    )


add_section("Each lever's part", levers_section)
add_section("Will the threat work? The standoff", standoff_section)
