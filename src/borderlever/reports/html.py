"""One self-contained HTML report per run: works offline, nothing loaded from a CDN.

Plotly's JavaScript is embedded once (``include_plotlyjs=True``); the port map has no base map,
only a hand-digitised border line, and stub topojson entries stop plotly.js from fetching one.
"""

from __future__ import annotations

import html
import json
from typing import Any

import plotly.graph_objects as go

from borderlever.reports.figures import TOPOJSON_STUBS, all_figures
from borderlever.runs.result import RunOutput

CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;max-width:1100px;
color:#222;padding:0 1rem}h1{margin-bottom:.2rem}h2{border-bottom:1px solid #ddd;padding-bottom:.2rem;
margin-top:2.2rem}table{border-collapse:collapse;margin:.6rem 0}td,th{border:1px solid #ddd;
padding:.25rem .6rem;text-align:right}th{background:#f5f5f5}td.l,th.l{text-align:left}
.muted{color:#666;font-size:.9rem}.headline{display:flex;flex-wrap:wrap;gap:1rem}.card{border:1px solid
#ddd;border-radius:6px;padding:.6rem 1rem;min-width:180px}.card b{font-size:1.4rem;display:block}
"""


def _fmt(fig: dict[str, Any] | float | None, pct: bool = False, money: bool = False) -> str:
    if isinstance(fig, dict):
        mean, lo, hi = fig.get("mean"), fig.get("ci_low"), fig.get("ci_high")
        if mean is None:
            return "n/a"
        if lo is not None and hi is not None and (lo != mean or hi != mean):
            return f"{_num(mean, pct, money)} <span class='muted'>[{_num(lo, pct, money)}, {_num(hi, pct, money)}]</span>"
        return _num(mean, pct, money)
    return "n/a" if fig is None else _num(float(fig), pct, money)


def _num(x: float, pct: bool = False, money: bool = False) -> str:
    if pct:
        return f"{100 * x:.3g} %"
    if money:
        for div, unit in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")):
            if abs(x) >= div:
                return f"${x / div:,.3g}{unit}"
        return f"${x:,.0f}"
    return f"{x:,.3g}" if abs(x) < 1000 else f"{x:,.0f}"


def headline(summary: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, formatted value) pairs shown at the top of the report and in the terminal."""
    t = summary["totals"]
    rows = [
        ("trucks served / baseline in the policy window", _fmt(t["throughput_ratio"])),
        (
            "trucks not served in the window",
            _num((t["trucks_baseline"]["mean"] or 0) - (t["trucks_served"]["mean"] or 0)),
        ),
        ("mean truck wait [h]", _fmt(t["mean_wait_h"])),
        ("vehicles deferred", _fmt(t["deferred"])),
        ("vehicles cancelled", _fmt(t["cancelled"])),
        ("vehicles diverted", _fmt(t["diverted"])),
    ]
    econ = summary.get("economics")
    if econ:
        rows.append(
            (
                "trade at stake [USD] (gross value normally crossing; not a loss)",
                _num(econ["trade_at_stake_usd"] or 0, money=True),
            )
        )
        for key, label in (
            ("trade_blocked_usd", "trade blocked [USD] (did not cross in the window)"),
            ("trade_delayed_usd", "trade delayed [USD] (crossed late; an upper bound)"),
        ):
            if econ.get(key) is not None:
                rows.append((label, _fmt(econ[key], money=True)))
        rows.append(
            (
                "trade at stake per day [USD]",
                _num(econ["trade_at_stake_usd_per_day"] or 0, money=True),
            )
        )
        for iso3, v in sorted(econ["cost_usd"].items()):
            rows.append((f"cost to {iso3} [USD]", _fmt(v, money=True)))
        for iso3, v in sorted(econ["cost_gdp_share"].items()):
            if v is not None:
                rows.append((f"cost to {iso3}, share of GDP", _fmt(v, pct=True)))
        note = econ.get("leverage_ratio_note")
        rows.append(("leverage ratio", note if note else _fmt(econ["leverage_ratio"])))
    return rows


def _table(rows: list[list[str]], head: list[str]) -> str:
    th = "".join(
        f"<th class='l'>{h}</th>" if i == 0 else f"<th>{h}</th>" for i, h in enumerate(head)
    )
    body = "".join(
        "<tr>"
        + "".join(f"<td class='l'>{c}</td>" if i == 0 else f"<td>{c}</td>" for i, c in enumerate(r))
        + "</tr>"
        for r in rows
    )
    return f"<table><tr>{th}</tr>{body}</table>"


def port_table(summary: dict[str, Any], names: dict[str, str]) -> str:
    head = [
        "port",
        "baseline trucks",
        "served trucks",
        "ratio",
        "mean wait [h]",
        "p95 wait [h]",
        "peak wait [h]",
        "diverted",
        "deferred",
        "cancelled",
        "backlog clears [h]",
    ]
    rows = []
    for code, f in summary["ports"].items():
        rows.append(
            [f"{html.escape(names.get(code, code))} ({code})"]
            + [
                _fmt(f[k])
                for k in (
                    "trucks_baseline",
                    "trucks_served",
                    "throughput_ratio",
                    "mean_wait_h",
                    "p95_wait_h",
                    "peak_wait_h",
                    "diverted",
                    "deferred",
                    "cancelled",
                    "backlog_clear_h",
                )
            ]
        )
    return _table(rows, head)


def assumptions(out: RunOutput, summary: dict[str, Any]) -> str:
    spec = out.resolved.spec
    items = [f"<li><b>Scenario</b>: {html.escape(spec.description)}</li>"]
    for pol in spec.policies:
        note = f" — {html.escape(pol.note)}" if pol.note else ""
        items.append(
            f"<li><b>Policy {pol.kind}</b>: {html.escape(json.dumps(pol.model_dump(mode='json', exclude={'note'})))}{note}</li>"
        )
    items.append(
        f"<li><b>Driver reactions</b>: {html.escape(json.dumps(spec.reactions.model_dump(mode='json')))}</li>"
    )
    if out.economics is not None:
        items += [f"<li>{html.escape(n)}</li>" for n in out.economics.notes]
    items += [f"<li>{html.escape(s)}</li>" for s in out.sources]
    vint = "".join(
        f"<li>{html.escape(k)}: {html.escape(v)}</li>" for k, v in summary["data_vintages"].items()
    )
    return (
        f"<ul>{''.join(items)}</ul><h3>Data vintages</h3><ul>{vint or '<li>not recorded</li>'}</ul>"
    )


def _figure_html(name: str, fig: go.Figure, first: bool) -> str:
    return fig.to_html(
        full_html=False,
        include_plotlyjs=bool(first),
        div_id=f"fig-{name}",
        config={"displaylogo": False, "responsive": True},
    )


def render(
    out: RunOutput,
    summary: dict[str, Any],
    manifest: dict[str, Any],
    figures: dict[str, go.Figure] | None = None,
) -> str:
    """The report page as one HTML string."""
    figs = figures if figures is not None else all_figures(out, summary)
    names = {
        str(r.port_code): str(getattr(r, "port_name", r.port_code)) for r in out.ports.itertuples()
    }
    spec = out.resolved.spec
    stubs = json.dumps({n: {"type": "Topology", "objects": {}, "arcs": []} for n in TOPOJSON_STUBS})
    cards = "".join(
        f"<div class='card'>{label}<b>{value}</b></div>" for label, value in headline(summary)
    )
    parts = [_figure_html(k, f, i == 0) for i, (k, f) in enumerate(figs.items())]
    sections = dict(zip(figs, parts, strict=True))
    man = _table(
        [
            [html.escape(str(k)), html.escape(json.dumps(v) if not isinstance(v, str) else v)]
            for k, v in sorted(manifest.items())
        ],
        ["field", "value"],
    )
    title = html.escape(f"borderlever: {spec.name}")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>{CSS}</style>
<script>window.PlotlyGeoAssets={{topojson:{stubs}}};</script>
</head><body>
<h1>{title}</h1>
<p class="muted">scenario hash {summary["scenario"]["hash"][:16]} · seed {spec.seed} ·
{spec.replications} replications · engine {html.escape(summary["engine"])} · borderlever
{html.escape(summary["package_version"])} · start {spec.start} · {spec.horizon_days} days ·
policy window days {summary["policy_window_days"][0]}–{summary["policy_window_days"][1]}.
Figures are means over replications, each against the same-seed run with no policy; brackets and
bands are 95 % intervals of the mean that cover replication noise only (not parameter
uncertainty), never below zero for counts, hours and money, and absent with one replication.
Trade at stake is gross trade at risk, not a loss; trade blocked did not cross in the window.</p>
<h2>Headline</h2><div class="headline">{cards}</div>
<h2>Ports</h2>{sections["map"]}{port_table(summary, names)}
<h2>Waits and queues over time</h2>{sections["wait"]}{sections["queue"]}
<h2>Throughput against baseline</h2>{sections["throughput"]}
<h2>Costs</h2>{sections["cost_country"]}{sections["cost_sector"]}{sections["cost_state"]}
<h2>Leverage</h2>{sections["leverage"]}
<h2>Assumptions, sources and vintages</h2>{assumptions(out, summary)}
<h2>Run manifest</h2>{man}
</body></html>
"""
