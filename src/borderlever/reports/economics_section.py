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


def _exposure(exp: Mapping[str, Any]) -> str:
    if not exp:
        return ""
    rows = []
    for iso3 in sorted(exp):
        e = exp[iso3]
        hold = (
            fmt(e.get("hold_out_days"), lambda x: f"{x:,.0f} days")
            if e.get("hold_out_days")
            else "set economics.concession_value_usd"
        )
        rows.append(
            f"<tr><td class='l'>{html.escape(iso3)}</td>"
            f"<td>{fmt(e.get('cost_usd_per_day'), _bn)}</td>"
            f"<td>{_bn(e['exposed_va_usd_per_day']) if e.get('exposed_va_usd_per_day') else 'n/a'}</td>"
            f"<td>{fmt(e.get('cost_share_of_exposed_va_per_day'), lambda x: f'{100 * x:.1f} %')}</td>"
            f"<td>{hold}</td></tr>"
        )
    return (
        "<p>Each side's cost per policy day against its exposed economy: the value added of its "
        "sectors weighted by how much of their sales and inputs cross this border (from the same "
        "table). Above 100 % the loss reaches beyond the directly exposed sectors. Hold-out days: "
        "the concession's value to that side (a scenario input) over its cost per day.</p>"
        "<table><tr><th class='l'>country</th><th>cost per day</th><th>exposed value added per "
        "day</th><th>cost / exposed value added</th><th>hold-out days</th></tr>"
        + "".join(rows)
        + "</table>"
    )


add_section("Where the cost comes from", cost_parts_section, before="Leverage")
