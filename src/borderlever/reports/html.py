"""One self-contained HTML report per run: works offline, nothing loaded from a CDN.

The page takes what :class:`borderlever.api.Run` holds (the summary, the tidy frames, the resolved
scenario, the notes and the manifest), never the runner's internals.  It opens with the answer:
one sentence with its intervals and at most four key figures; the rest follows, grouped
(:data:`borderlever.reports.sections.SECTIONS`).  Plotly's JavaScript is embedded once in the
head; the port map draws bundled outlines (:mod:`borderlever.reports.basemap`), and stub topojson
entries stop plotly.js from fetching a base map.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping, Sequence
from typing import Any

import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from borderlever.reports import levers as _levers  # noqa: F401  (registers its sections)
from borderlever.reports.figures import TOPOJSON_STUBS, Frames, all_figures
from borderlever.reports.headline import money, percent
from borderlever.reports.sections import SECTIONS, ReportContext, figure_html, fmt

CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;max-width:1100px;
color:#222;padding:0 1rem}h1{margin-bottom:.2rem}h2{border-bottom:1px solid #ddd;padding-bottom:.2rem;
margin-top:2.2rem}table{border-collapse:collapse;margin:.6rem 0}td,th{border:1px solid #ddd;
padding:.25rem .6rem;text-align:right}th{background:#f5f5f5}td.l,th.l{text-align:left}
.muted{color:#666;font-size:.9rem}.headline{display:flex;flex-wrap:wrap;gap:1rem}.card{border:1px solid
#ddd;border-radius:6px;padding:.6rem 1rem;min-width:200px;max-width:250px}.card b{font-size:1.4rem;
display:block}.card small{color:#666;display:block}.answer{font-size:1.35rem;line-height:1.45;
font-weight:500;margin:.8rem 0}
"""


def _plain(value: str) -> str:
    return value.replace("<span class='muted'>", "").replace("</span>", "")


def headline(summary: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, formatted value) pairs of every headline figure, for the terminal's table."""
    t = summary["totals"]
    base, served = t["trucks_baseline"]["mean"] or 0, t["trucks_served"]["mean"] or 0
    rows = [
        ("trucks served / baseline in the policy window", fmt(t["throughput_ratio"])),
        ("trucks not served in the window", f"{base - served:,.0f}"),
        ("mean truck wait [h]", fmt(t["mean_wait_h"])),
        ("vehicles deferred", fmt(t["deferred"])),
        ("vehicles cancelled", fmt(t["cancelled"])),
        ("travellers who stayed home (posted wait above normal)", fmt(t.get("forgone"))),
        ("vehicles diverted", fmt(t["diverted"])),
    ]
    if not summary.get("ports") and (summary.get("economics") or {}).get("tariff"):
        rows = [("border", "not simulated (no border policy: the tariff is priced from trade)")]
    econ = summary.get("economics")
    if econ:
        rows.append(
            (
                "trade at stake [USD] (gross, not a loss)",
                money(econ["trade_at_stake_usd"] or 0),
            )
        )
        for key, label in (
            ("trade_blocked_usd", "trade blocked [USD] (did not cross in the window)"),
            ("trade_delayed_usd", "trade delayed [USD] (crossed late; an upper bound)"),
        ):
            if econ.get(key) is not None:
                rows.append((label, fmt(econ[key], money)))
        rows.append(
            ("trade at stake per day [USD]", money(econ["trade_at_stake_usd_per_day"] or 0))
        )
        for iso3, v in sorted(econ["cost_usd"].items()):
            rows.append((f"cost to {iso3} [USD]", fmt(v, money)))
        if econ.get("cost_usd_note"):
            rows.append(("cost below zero", str(econ["cost_usd_note"])))
        for iso3, v in sorted(econ["cost_gdp_share"].items()):
            if v is not None:
                rows.append((f"cost to {iso3}, share of GDP", fmt(v, percent)))
        note = econ.get("leverage_ratio_note")
        rows.append(("leverage ratio", note if note else fmt(econ["leverage_ratio"])))
    return [(label, _plain(value)) for label, value in rows]


def render(
    summary: dict[str, Any],
    frames: Frames,
    *,
    scenario: Mapping[str, Any],
    notes: Sequence[str] = (),
    manifest: Mapping[str, Any] | None = None,
    figures: Mapping[str, go.Figure] | None = None,
) -> str:
    """The report page as one HTML string.

    Parameters
    ----------
    summary : dict
        ``summary.json`` of the run.
    frames : mapping of str to DataFrame
        The run's tidy frames (``daily``, ``hourly``, ``ports``, economics tables).
    scenario : dict
        The resolved scenario document.
    notes : sequence of str
        Assumptions and sources to list.
    manifest : dict, optional
        Provenance (host, times, versions).
    figures : dict, optional
        Pre-built figures (default :func:`~borderlever.reports.figures.all_figures`).
    """
    figs = figures if figures is not None else all_figures(summary, frames)
    ctx = ReportContext(
        summary=summary,
        frames=frames,
        scenario=dict(scenario),
        notes=tuple(notes),
        manifest=dict(manifest or {}),
        figures={k: figure_html(k, f, False) for k, f in figs.items()},
    )
    body = []
    for heading, section in SECTIONS:
        part = section(ctx)
        if part is not None:
            body.append(f"<h2>{html.escape(heading)}</h2>{part}")
    stubs = json.dumps({n: {"type": "Topology", "objects": {}, "arcs": []} for n in TOPOJSON_STUBS})
    name = summary["scenario"]["name"]
    title = html.escape(f"borderlever: {name}")
    d0, d1 = summary["policy_window_days"]
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>{CSS}</style>
<script>window.PlotlyGeoAssets={{topojson:{stubs}}};</script>
<script>{get_plotlyjs()}</script>
</head><body>
<h1>{title}</h1>
<p class="muted">scenario hash {summary["scenario"]["hash"][:16]} · seed {summary["seed"]} ·
{summary["replications"]} replications · engine {html.escape(str(summary["engine"]))} · borderlever
{html.escape(str(summary["package_version"]))} · start {summary["scenario"]["start"]} ·
{summary["scenario"]["horizon_days"]} days · policy window days {d0}–{d1}.</p>
{"".join(body)}
</body></html>
"""
