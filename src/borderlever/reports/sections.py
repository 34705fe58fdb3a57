"""The report's sections: one function each, taking a :class:`ReportContext`, returning HTML.

A section function returns ``None`` when it has nothing to show (the page then leaves it out).
:data:`SECTIONS` is the page's order; other packages add a section with :func:`add_section`
(e.g. a standoff or uncertainty section) without touching the page itself.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import plotly.graph_objects as go

from borderlever.reports import headline as H
from borderlever.reports.figures import Frames, frame, port_borders, port_names, sector_frame
from borderlever.reports.uncertainty import uncertainty


@dataclass(frozen=True)
class ReportContext:
    """What a section may read: the run's summary and frames, its scenario, notes and manifest."""

    summary: dict[str, Any]
    frames: Frames
    scenario: dict[str, Any]
    notes: tuple[str, ...] = ()
    manifest: dict[str, Any] = field(default_factory=dict)
    figures: Mapping[str, str] = field(default_factory=dict)  # name -> HTML of the figure

    @property
    def names(self) -> dict[str, str]:
        return port_names(self.frames)

    def figure(self, name: str) -> str:
        return self.figures.get(name, "")


Section = Callable[[ReportContext], str | None]


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


def fmt(fig: Mapping[str, Any] | float | None, unit: Callable[..., str] | None = None) -> str:
    """A summary figure as ``mean [low, high]`` (HTML), or ``n/a``."""
    show = unit or _plain
    if isinstance(fig, Mapping):
        mean, lo, hi = fig.get("mean"), fig.get("ci_low"), fig.get("ci_high")
        if mean is None:
            return "n/a"
        if lo is not None and hi is not None and (lo != mean or hi != mean):
            lo = max(lo, 0.0) if mean >= 0 else lo
            if unit is None or not _takes_digits(unit):
                return f"{show(mean)} <span class='muted'>[{show(lo)}, {show(hi)}]</span>"
            for digits in (2, 3, 4, 5):  # enough digits that mean and bounds read apart
                m, a, b = unit(mean, digits), unit(lo, digits), unit(hi, digits)
                if a != b and (not lo < mean < hi or m not in (a, b)):
                    break
            return f"{m} <span class='muted'>[{a}, {b}]</span>"
        return show(mean)
    return "n/a" if fig is None else show(float(fig))


def _takes_digits(unit: Callable[..., str]) -> bool:
    """Whether ``unit(value, digits)`` works (``money``, ``percent``), or only ``unit(value)``."""
    import inspect

    try:
        inspect.signature(unit).bind(1.0, 2)
    except (TypeError, ValueError):
        return False
    return True


def _plain(x: float) -> str:
    return f"{x:,.3g}" if abs(x) < 1000 else f"{x:,.0f}"


def answer(ctx: ReportContext) -> str:
    """The sentence, what its intervals cover, and at most four key figures."""
    text = H.sentence(ctx.summary, ctx.scenario, ctx.names, port_borders(ctx.frames))
    cards = "".join(
        f"<div class='card'><span>{html.escape(label)}</span><b>{html.escape(value)}</b>"
        f"<small>{html.escape(what)}</small></div>"
        for label, value, what in H.key_figures(ctx.summary)
    )
    return (
        f"<p class='answer' data-testid='headline'>{html.escape(text)}</p>"
        f"<p class='muted'>{html.escape(H.interval_note(ctx.summary))}</p>"
        f"<div class='headline'>{cards}</div>"
    )


def _drivers_of(fig: Any) -> list[tuple[str, float | None]]:
    """(parameter, index) pairs from a figure's ``drivers`` (a list of records or a mapping)."""
    raw = fig.get("drivers") if isinstance(fig, Mapping) else None
    if isinstance(raw, Mapping):
        return [(str(k), _num(v)) for k, v in raw.items()]
    out = []
    for item in raw or []:
        if isinstance(item, Mapping):
            name = item.get("name") or item.get("parameter")
            index = next(
                (item[k] for k in ("ST", "S1", "index", "mu_star", "share") if k in item), None
            )
            if isinstance(index, str) and "value" in item:  # {"index": "S1", "value": 0.4}
                index = item["value"]
            out.append((str(name), _num(index)))
        elif isinstance(item, list | tuple) and item:
            out.append((str(item[0]), _num(item[1]) if len(item) > 1 else None))
    return out


def _num(x: Any) -> float | None:
    return float(x) if isinstance(x, int | float) else None


def drivers(ctx: ReportContext) -> str:
    """What drives this number: the three assumptions that move the headline most."""
    econ = ctx.summary.get("economics") or {}
    other = H.neighbour(ctx.summary, port_borders(ctx.frames))
    candidates = [
        ("leverage ratio", econ.get("leverage_ratio")),
        (f"cost to {other}, share of GDP", (econ.get("cost_gdp_share") or {}).get(other or "")),
        ("cost to the US, share of GDP", (econ.get("cost_gdp_share") or {}).get("USA")),
    ]
    blocks = []
    for label, fig in candidates:
        found = sorted(_drivers_of(fig), key=lambda d: -(d[1] or 0.0))[:3]
        if found:
            items = "".join(
                f"<li><code>{html.escape(n)}</code>"
                + (f" — {i:.2f}" if i is not None else "")
                + "</li>"
                for n, i in found
            )
            blocks.append(f"<p><b>{html.escape(label)}</b></p><ol>{items}</ol>")
    if blocks:
        return (
            "<p class='muted'>The assumptions that explain most of each headline figure's "
            "variance across the parameter sample (sensitivity indices from the run's "
            "<code>--uncertainty</code> sample).</p>" + "".join(blocks)
        )
    return (
        "<p>Not computed for this run: its intervals cover replication noise only, with every "
        "assumption at its default. <code>borderlever run SCENARIO --uncertainty N</code> samples "
        "the assumptions over their ranges in the parameter registry "
        "(<code>borderlever params</code>) and ranks the three that move the headline most.</p>"
    )


def ports(ctx: ReportContext) -> str:
    """The map and the per-port table."""
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
    keys = (
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
    names = ctx.names
    rows = [
        [f"{html.escape(names.get(code, code))} ({code})"] + [fmt(f.get(k)) for k in keys]
        for code, f in ctx.summary["ports"].items()
    ]
    return ctx.figure("map") + _table(rows, head)


def traffic(ctx: ReportContext) -> str:
    """Vehicles over the horizon: waits, queues, throughput and the totals behind them."""
    t = ctx.summary["totals"]
    rows = [
        ["trucks at baseline in the policy window", fmt(t.get("trucks_baseline"))],
        ["trucks served in the policy window", fmt(t.get("trucks_served"))],
        ["mean truck wait [h]", fmt(t.get("mean_wait_h"))],
        ["vehicles deferred (come back later)", fmt(t.get("deferred"))],
        ["vehicles cancelled", fmt(t.get("cancelled"))],
        ["cars and pedestrians who stayed home (posted wait above normal)", fmt(t.get("forgone"))],
        ["vehicles diverted to another port", fmt(t.get("diverted"))],
    ]
    return (
        _table(rows, ["figure (all simulated ports)", "mean [95 % interval]"])
        + ctx.figure("wait")
        + ctx.figure("queue")
        + ctx.figure("throughput")
    )


def costs(ctx: ReportContext) -> str | None:
    """Cost and GDP share by country, then production losses by sector (named) and by US state."""
    econ = ctx.summary.get("economics")
    if not econ:
        return "<p>Economics not available for this run (see the notes below).</p>"
    rows = []
    for iso3, cost in sorted((econ.get("cost_usd") or {}).items()):
        share = (econ.get("cost_gdp_share") or {}).get(iso3)
        rows.append(
            [
                html.escape(H.COUNTRY_NAMES.get(iso3, iso3).removeprefix("the ")),
                fmt(cost, H.money),
                fmt(share, H.percent) if share else "n/a",
            ]
        )
    lead = (
        f"<p>Trade at stake: {H.money(econ.get('trade_at_stake_usd'))} over "
        f"{econ.get('policy_days')} days ({H.money(econ.get('trade_at_stake_usd_per_day'))} a "
        "day), gross trade that would have crossed, not a loss.</p>"
    )
    top = sector_frame(frame(ctx.frames, "cost_by_sector")).head(8)
    sectors = ""
    if not top.empty:
        srows = [
            [
                html.escape(str(r["sector_name"])),
                html.escape(str(r.get("country_iso3", ""))),
                H.money(float(r["cost_usd"])),
            ]
            for r in top.to_dict("records")
        ]
        sectors = "<h3>Sectors hit hardest</h3>" + _table(
            srows, ["sector", "country", "production loss (mean)"]
        )
    return (
        lead
        + _table(rows, ["country", "cost [USD]", "share of a year's GDP"])
        + ctx.figure("cost_country")
        + sectors
        + ctx.figure("cost_sector")
        + ctx.figure("cost_state")
    )


def leverage(ctx: ReportContext) -> str | None:
    """The leverage ratio over the policy days."""
    econ = ctx.summary.get("economics") or {}
    if not econ:
        return None
    return (
        f"<p>Leverage ratio {fmt(econ.get('leverage_ratio'))}: the partner's loss as a share of "
        "its GDP over the US's. Above 1 the partner bears more relative to its economy; it "
        "measures asymmetry of cost, not who concedes.</p>" + ctx.figure("leverage")
    )


def assumptions(ctx: ReportContext) -> str:
    """The scenario's policies and reactions, the run's notes and the data vintages."""
    sc = ctx.scenario
    items = [f"<li><b>Scenario</b>: {html.escape(str(sc.get('description', '')))}</li>"]
    for pol in sc.get("policies") or []:
        note = f" — {html.escape(pol['note'])}" if pol.get("note") else ""
        body = {k: v for k, v in pol.items() if k != "note"}
        items.append(
            f"<li><b>Policy {html.escape(str(pol.get('kind')))}</b>: "
            f"{html.escape(json.dumps(body))}{note}</li>"
        )
    if sc.get("reactions"):
        items.append(
            f"<li><b>Driver reactions</b>: {html.escape(json.dumps(sc['reactions']))}</li>"
        )
    items += [f"<li>{html.escape(n)}</li>" for n in ctx.notes]
    vint = "".join(
        f"<li>{html.escape(k)}: {html.escape(v)}</li>"
        for k, v in ctx.summary.get("data_vintages", {}).items()
    )
    return (
        f"<ul>{''.join(items)}</ul><h3>Data vintages</h3><ul>{vint or '<li>not recorded</li>'}</ul>"
    )


def manifest(ctx: ReportContext) -> str | None:
    """The run manifest (host, times, versions)."""
    if not ctx.manifest:
        return None
    rows = [
        [html.escape(str(k)), html.escape(json.dumps(v) if not isinstance(v, str) else v)]
        for k, v in sorted(ctx.manifest.items())
        if k != "notes"
    ]
    return _table(rows, ["field", "value"])


#: (heading, section) in page order; the answer comes first.
SECTIONS: list[tuple[str, Section]] = [
    ("Answer", answer),
    ("What drives this number", drivers),
    ("Uncertainty: replication noise and assumptions", uncertainty),
    ("Ports", ports),
    ("Traffic: waits, queues and throughput", traffic),
    ("Costs", costs),
    ("Leverage", leverage),
    ("Assumptions, sources and vintages", assumptions),
    ("Run manifest", manifest),
]


def add_section(heading: str, section: Section, *, before: str | None = None) -> None:
    """Add a section to every report (before the section titled ``before``, else before the
    assumptions).  Adding one twice under the same heading replaces it."""
    SECTIONS[:] = [(h, s) for h, s in SECTIONS if h != heading]
    anchor = before or "Assumptions, sources and vintages"
    idx = next((i for i, (h, _) in enumerate(SECTIONS) if h == anchor), len(SECTIONS))
    SECTIONS.insert(idx, (heading, section))


def figure_html(name: str, fig: go.Figure, first: bool) -> str:
    """One figure as an HTML fragment (plotly.js embedded with the first one only)."""
    return fig.to_html(
        full_html=False,
        include_plotlyjs=bool(first),
        div_id=f"fig-{name}",
        config={"displaylogo": False, "responsive": True},
    )
