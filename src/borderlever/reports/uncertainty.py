"""The report's uncertainty section: what each interval covers, its two parts, tornado charts.

Reads only the summary: ``summary["uncertainty"]`` says whether the intervals are replication
noise only or include a parameter sample; with a sample, each headline figure carries
``ci_replication``, ``ci_parameters`` and ``drivers`` (with ``at_low``/``at_high`` swings, drawn as
a tornado chart for the leverage ratio and each country's cost).
"""

from __future__ import annotations

import html
from typing import Any

import plotly.graph_objects as go

#: Headline figures shown in the parts table: (summary path, label, money?).
TABLE_FIGURES: tuple[tuple[str, str, bool], ...] = (
    ("totals.throughput_ratio", "trucks served / baseline", False),
    ("totals.mean_wait_h", "mean truck wait [h]", False),
    ("totals.deferred", "vehicles deferred", False),
    ("totals.cancelled", "vehicles cancelled", False),
    ("economics.leverage_ratio", "leverage ratio", False),
)


def _get(summary: dict[str, Any], path: str) -> Any:
    node: Any = summary
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def _num(x: Any, money: bool) -> str:
    if x is None:
        return "n/a"
    x = float(x)
    if money:
        for div, unit in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")):
            if abs(x) >= div:
                return f"${x / div:,.3g}{unit}"
        return f"${x:,.0f}"
    return f"{x:,.3g}" if abs(x) < 1000 else f"{x:,.0f}"


def _pair(p: Any, money: bool) -> str:
    if not isinstance(p, list | tuple) or len(p) != 2:
        return "n/a"
    return f"[{_num(p[0], money)}, {_num(p[1], money)}]"


def figures_with_parts(summary: dict[str, Any]) -> list[tuple[str, str, bool]]:
    """(path, label, money) of the headline figures the summary gives interval parts for."""
    rows = list(TABLE_FIGURES)
    econ = summary.get("economics") or {}
    for iso3 in sorted(econ.get("cost_usd") or {}):
        rows.append((f"economics.cost_usd.{iso3}", f"cost to {iso3} [USD]", True))
    return [r for r in rows if isinstance(_get(summary, r[0]), dict)]


def tornado_figure(summary: dict[str, Any], path: str, title: str) -> go.Figure | None:
    """Tornado chart of a figure's drivers: the figure at each parameter's low and high value."""
    fig_data = _get(summary, path)
    if not isinstance(fig_data, dict) or not fig_data.get("drivers"):
        return None
    mean = float(fig_data["mean"])
    drivers = list(reversed(fig_data["drivers"]))  # largest at the top
    names = [f"{d['parameter']} ({d['index']} {d['value']:.2g})" for d in drivers]
    lows = [float(d["at_low"]) - mean for d in drivers]
    highs = [float(d["at_high"]) - mean for d in drivers]
    fig = go.Figure()
    fig.add_bar(y=names, x=lows, base=mean, orientation="h", name="parameter at its low value")
    fig.add_bar(y=names, x=highs, base=mean, orientation="h", name="parameter at its high value")
    fig.add_vline(x=mean, line_dash="dot")
    fig.update_layout(
        title=title,
        barmode="overlay",
        height=120 + 45 * len(drivers),
        margin={"l": 10, "r": 10, "t": 50, "b": 40},
        xaxis_title="value of the figure (others at the run's values)",
        legend={"orientation": "h"},
    )
    return fig


def _tornado_targets(summary: dict[str, Any]) -> list[tuple[str, str]]:
    """(summary path, chart title) of the figures that get a tornado chart."""
    econ = summary.get("economics") or {}
    targets = [("economics.leverage_ratio", "Leverage ratio: what drives it")]
    targets += [
        (f"economics.cost_usd.{c}", f"Cost to {c} [USD]: what drives it")
        for c in sorted(econ.get("cost_usd") or {})
    ]
    return targets


def tornado_figures(summary: dict[str, Any]) -> dict[str, go.Figure]:
    """Tornado charts for the leverage ratio and each country's cost (where drivers exist)."""
    out: dict[str, go.Figure] = {}
    for path, title in _tornado_targets(summary):
        fig = tornado_figure(summary, path, title)
        if fig is not None:
            out[f"tornado-{path}"] = fig
    return out


def uncertainty(ctx: Any) -> str | None:
    """Report section (a ``ReportContext`` in): the interval parts and tornado charts; None
    without a parameter sample (the answer section then says the intervals are replication noise
    only)."""
    return uncertainty_section(ctx.summary)


def uncertainty_section(summary: dict[str, Any]) -> str | None:
    """The section's HTML (figures embedded without plotly.js: the page loads it in its head)."""
    unc = summary.get("uncertainty") or {}
    if unc.get("intervals") != "replication and parameters":
        return None
    rows = []
    for path, label, money in figures_with_parts(summary):
        f = _get(summary, path)
        drivers = ", ".join(d["parameter"] for d in (f.get("drivers") or [])[:3]) or "—"
        rows.append(
            f"<tr><td class='l'>{html.escape(label)}</td><td>{_num(f.get('mean'), money)}</td>"
            f"<td>{_pair(f.get('ci_replication'), money)}</td>"
            f"<td>{_pair(f.get('ci_parameters'), money)}</td>"
            f"<td>{_pair([f.get('ci_low'), f.get('ci_high')], money)}</td>"
            f"<td class='l'>{html.escape(drivers)}</td></tr>"
        )
    head = (
        "<tr><th class='l'>figure</th><th>mean</th><th>replication noise</th>"
        "<th>parameter uncertainty</th><th>headline interval (both)</th>"
        "<th class='l'>main drivers</th></tr>"
    )
    charts = "".join(
        fig.to_html(
            full_html=False,
            include_plotlyjs=False,
            div_id=f"fig-{name.replace('.', '-')}",
            config={"displaylogo": False, "responsive": True},
        )
        for name, fig in tornado_figures(summary).items()
    )
    return (
        _head(summary, unc)
        + f"<table>{head}{''.join(rows)}</table>{charts}"
        + _no_tornado(summary, unc)
    )


def _no_tornado(summary: dict[str, Any], unc: dict[str, Any]) -> str:
    """A sentence naming the tornado figures without a chart, and why."""
    missing = [
        "the leverage ratio" if path.endswith("leverage_ratio") else f"the cost to {path[-3:]}"
        for path, _ in _tornado_targets(summary)
        if isinstance(_get(summary, path), dict) and not _get(summary, path).get("drivers")
    ]
    if not missing:
        return ""
    return (
        f"<p class='muted'>No tornado chart for {html.escape(', '.join(missing))}: no single "
        f"parameter's effect on it is distinguishable from chance with {unc.get('points')} "
        f"points over {len(unc.get('parameters', []))} parameters (5 % false-discovery rate); "
        "its parameter interval stands, spread over many assumptions. A larger sample "
        "(--uncertainty 256) resolves smaller effects.</p>"
    )


def _head(summary: dict[str, Any], unc: dict[str, Any]) -> str:
    return (
        f"<p>{html.escape(str(unc.get('note', '')))}</p>"
        f"<p class='muted'>Sample: {unc.get('points')} parameter sets "
        f"({unc.get('simulations')} simulations, each re-priced for several economics draws), "
        f"{unc.get('replications_per_point')} replications each; {len(unc.get('parameters', []))}"
        f" parameters varied over their registry ranges (`borderlever params`). Drivers: "
        f"{html.escape(str(unc.get('sensitivity', '')))}. Tornado bars are straight-line fits; "
        "their R² per figure is in summary.json (uncertainty.tornado_r2).</p>"
    )
