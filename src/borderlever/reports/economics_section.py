"""The report's "Where the cost comes from" section: the headline cost's parts, each direction's
share, the static input-output figures beside it, the table that priced the run, and each side's
daily cost against its exposed economy (all from ``summary.json``'s ``economics`` block)."""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

from borderlever.reports.sections import ReportContext, add_section, fmt


def _bn(x: float) -> str:
    return f"${x / 1e9:,.2f} bn"


def _share(part: Mapping[str, Any] | None, total: Mapping[str, Any] | None) -> str:
    p = (part or {}).get("mean")
    t = (total or {}).get("mean")
    if p is None or not t:
        return "n/a"
    return f"{100 * p / t:.0f} %"


def cost_parts_section(ctx: ReportContext) -> str | None:
    """Direct vs production, northbound vs southbound, and the static bounds, per country."""
    econ = ctx.summary.get("economics") or {}
    parts = econ.get("cost_breakdown") or {}
    if not parts:
        return None
    total = econ.get("cost_usd") or {}
    bounds = econ.get("static_bounds") or {}
    rows = []
    for iso3 in sorted(parts):
        p = parts[iso3]
        d = p.get("by_direction", {})
        b = bounds.get(iso3, {})
        rows.append(
            "<tr>"
            f"<td class='l'>{html.escape(iso3)}</td>"
            f"<td>{fmt(total.get(iso3), _bn)}</td><td>{fmt(p.get('direct_usd'), _bn)}</td>"
            f"<td>{fmt(p.get('production_usd'), _bn)}</td>"
            f"<td>{_share(d.get('northbound'), total.get(iso3))}</td>"
            f"<td>{_share(d.get('southbound'), total.get(iso3))}</td>"
            f"<td>{fmt(b.get('demand_side_usd'), _bn)}</td><td>{fmt(b.get('supply_side_usd'), _bn)}</td>"
            "</tr>"
        )
    table = (
        "<table><tr><th class='l'>country</th><th>cost</th><th>direct</th><th>production</th>"
        "<th>northbound share</th><th>southbound share</th><th>static Leontief</th>"
        "<th>static Ghosh</th></tr>" + "".join(rows) + "</table>"
    )
    intro = (
        "<p>The cost is direct costs (truck waiting and detours, cargo holding, spoilage) plus the "
        "value added lost in a daily supply-constrained input-output model (inventories, "
        "rationing, catch-up after reopening; docs/economics.md) over the policy and its recovery. "
        "Each direction's share splits the same total by the direction of the freight. The static "
        "Leontief (trade lost for good) and Ghosh (missing imports, no inventories) figures are "
        "shown for comparison only: they are not added to the cost. Intervals cover replication "
        "noise only.</p>"
    )
    table_note = econ.get("io_table")
    src = f"<p class='muted'>Priced with: {html.escape(str(table_note))}.</p>" if table_note else ""
    return intro + table + src + _exposure(econ.get("exposure") or {})


def _pct(x: float) -> str:
    return f"{100 * x:.1f} %"


def _exposure(exp: Mapping[str, Any]) -> str:
    if not exp:
        return ""
    rows, notes = [], []
    for iso3 in sorted(exp):
        e = exp[iso3]
        hold = (
            fmt(e.get("hold_out_days"), lambda x: f"{x:,.0f} days")
            if e.get("hold_out_days")
            else "set economics.concession_value_usd"
        )
        gdp = e.get("exposed_gdp_usd_per_day")
        rng = e.get("exposed_gdp_range_usd_per_day") or {}
        share_rng = e.get("cost_share_of_exposed_gdp_per_day_range") or {}
        states = ", ".join(s["name"] for s in e.get("exposed_states") or [])
        va = e.get("exposed_va_usd_per_day")
        rows.append(
            f"<tr><td class='l'>{html.escape(iso3)}</td>"
            f"<td>{fmt(e.get('cost_usd_per_day'), _bn)}</td>"
            f"<td>{_bn(gdp) if gdp else 'n/a'}"
            + (f" ({_bn(rng['low'])}–{_bn(rng['high'])})" if rng else "")
            + "</td>"
            f"<td>{fmt(e.get('cost_share_of_exposed_gdp_per_day'), _pct)}"
            + (f" ({_pct(share_rng['low'])}–{_pct(share_rng['high'])})" if share_rng else "")
            + "</td>"
            f"<td>{fmt(e.get('cost_share_of_exposed_va_per_day'), _pct) if va else 'n/a'}</td>"
            f"<td>{fmt(e.get('cost_share_of_gdp_per_day'), _pct)}</td>"
            f"<td>{hold}</td></tr>"
        )
        if states:
            notes.append(
                f"{html.escape(iso3)}: {html.escape(states)} "
                f"({_pct(e.get('exposed_trade_share') or 0)} of the trade, "
                f"{_pct(e.get('exposed_gdp_share_of_national') or 0)} of national GDP)"
            )
    threshold = next(
        (e.get("trade_share_threshold") for e in exp.values() if e.get("trade_share_threshold")),
        None,
    )
    listing = (
        "<p class='muted'>Exposed states (the fewest, largest first, that carry "
        f"{_pct(threshold)} of the trade): " + "; ".join(notes) + ".</p>"
        if notes and threshold
        else ""
    )
    return (
        "<p>Each side's cost per policy day (the headline cost over the policy's days) against "
        "its exposed economy: the GDP of the states that carry the US–Mexico trade (US states by "
        "exports and imports, Mexican states by the US exports they receive: the states hosting "
        "export manufacturing; BTS TransBorder, state GDP from BEA and INEGI). It compares a "
        "day's loss with a day of those states' GDP; it is not the share of their output lost, "
        "since losses also fall elsewhere. Ranges in brackets: the state GDP figures' ranges. "
        "Beside it, the same cost over the value added of the side's sectors weighted by their "
        "cross-border sales and inputs (input-output table), and, as context only, over national "
        "GDP. Hold-out days: the concession's value to that side (a scenario input) over its "
        "cost per day.</p>"
        "<table><tr><th class='l'>country</th><th>cost per day</th><th>exposed states' GDP per "
        "day</th><th>cost / exposed GDP</th><th>cost / exposed value added (IO)</th>"
        "<th>cost / national GDP (context)</th><th>hold-out days</th></tr>"
        + "".join(rows)
        + "</table>"
        + listing
    )


add_section("Where the cost comes from", cost_parts_section, before="Leverage")
