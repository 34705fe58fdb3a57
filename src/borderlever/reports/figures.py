"""Plotly figures of one run: port map, waits and queues over time, throughput, costs, leverage.

Every builder takes the summary dict and the run's tidy frames (a mapping ``name -> DataFrame``:
``daily``, ``hourly``, ``ports``, ``cost_by_sector``, ``cost_by_state``, ``leverage_by_day``; see
:class:`borderlever.api.Run`) and returns a :class:`plotly.graph_objects.Figure`; nothing here
reads files, the store or the runner's internals.  Bands are 95 % intervals of the mean over
replications (replication noise only; :mod:`borderlever.intervals`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from borderlever.network.classes import CLASS_GROUPS
from borderlever.runs.stats import tidy_interval

TRUCK_CLASSES: tuple[str, ...] = CLASS_GROUPS["trucks"]
#: The run's tidy frames by name (absent or None where the run has no such table).
Frames = Mapping[str, pd.DataFrame | None]

#: Stub topojson names pre-registered in the page so plotly.js never fetches a base map.
TOPOJSON_STUBS: tuple[str, ...] = ("world_110m", "north-america_110m", "usa_110m")
BAND = "rgba(31,119,180,0.18)"


def _layout(fig: go.Figure, title: str, height: int = 420) -> go.Figure:
    fig.update_layout(title=title, height=height, template="plotly_white", margin=dict(t=60, l=60))
    return fig


def _unavailable(fig: go.Figure, title: str) -> go.Figure:
    """``fig`` with a note in place of data, for a figure the run cannot fill."""
    fig.add_annotation(
        text="not available for this run", showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper"
    )
    return _layout(fig, title, 300)


#: Most port names written on the map (the busiest); the others are named on hover.
MAX_LABELS = 14


def port_map(summary: dict[str, Any], ports: pd.DataFrame) -> go.Figure:
    """Ports on an outline map: area ~ baseline trucks in the policy window, colour = peak wait.

    Coastlines, country and US state borders come from :mod:`borderlever.reports.basemap`
    (bundled, offline); the busiest ports are named on the map, every port on hover.
    """
    from borderlever.reports.basemap import outline_traces

    rows = []
    for code, fig in summary["ports"].items():
        meta = ports[ports["port_code"].astype(str) == code] if not ports.empty else ports
        if meta.empty:
            continue
        m = meta.iloc[0]
        rows.append(
            (
                code,
                str(m.get("port_name", code)),
                float(m["lat"]),
                float(m["lon"]),
                fig["trucks_baseline"]["mean"] or 0.0,
                fig["peak_wait_h"]["mean"] or 0.0,
                fig["throughput_ratio"]["mean"],
            )
        )
    frame = pd.DataFrame(rows, columns=["code", "name", "lat", "lon", "trucks", "peak", "ratio"])
    fig = go.Figure(outline_traces())
    if frame.empty:
        return _unavailable(fig, "Ports: not simulated (no border policy in this scenario)")
    size = 8 + 40 * np.sqrt(frame["trucks"] / max(frame["trucks"].max(), 1.0))
    labelled = set(
        frame.sort_values(["trucks", "code"], ascending=[False, True])["code"][:MAX_LABELS]
    )
    fig.add_trace(
        go.Scattergeo(
            lat=frame["lat"],
            lon=frame["lon"],
            mode="markers+text",
            name="port (area: baseline trucks; colour: peak truck wait)",
            text=[_label(r) if r["code"] in labelled else "" for r in frame.to_dict("records")],
            textposition="top center",
            textfont=dict(size=10, color="#222"),
            hovertext=[_hover(r) for r in frame.to_dict("records")],
            hoverinfo="text",
            marker=dict(
                size=size,
                color=frame["peak"],
                colorscale="YlOrRd",
                cmin=0,
                colorbar=dict(title="peak wait [h]"),
                line=dict(color="#333", width=0.5),
            ),
        )
    )
    lat_rng, lon_rng = map_ranges(frame["lat"], frame["lon"])
    fig.update_geos(
        scope="world",
        showland=False,
        showcoastlines=False,
        showcountries=False,
        showocean=False,
        showlakes=False,
        showrivers=False,
        showframe=True,
        bgcolor="#f7fbff",
        projection_type="equirectangular",
        lataxis_range=lat_rng,
        lonaxis_range=lon_rng,
    )
    fig.update_layout(showlegend=True, legend=dict(orientation="h", y=-0.02))
    shown = min(len(frame), MAX_LABELS)
    title = "Ports: circle area = baseline trucks in the policy window, colour = peak truck wait"
    if len(frame) > shown:
        title += f" (the {shown} busiest named; hover for the others)"
    return _layout(fig, title, 520)


def map_ranges(lat: pd.Series, lon: pd.Series) -> tuple[list[float], list[float]]:
    """Latitude and longitude ranges [deg] around the ports: padded, at least 7 x 12 degrees.

    Examples
    --------
    >>> map_ranges(pd.Series([27.5]), pd.Series([-99.5]))
    ([24.0, 31.0], [-105.5, -93.5])
    """
    if len(lat) == 0:
        return [24.0, 50.0], [-125.0, -66.0]
    spans = []
    for values, pad, least in ((lat, 1.5, 7.0), (lon, 3.0, 12.0)):
        lo, hi = float(values.min()) - pad, float(values.max()) + pad
        grow = max(least - (hi - lo), 0.0) / 2
        spans.append([round(lo - grow, 3), round(hi + grow, 3)])
    return spans[0], spans[1]


def _label(r: dict[Any, Any]) -> str:
    """Short name on the map (the part before a comma: ``Laredo``)."""
    return (
        str(r["name"]).split(",")[0].title()
        if str(r["name"]).isupper()
        else str(r["name"]).split(",")[0]
    )


def _hover(r: dict[Any, Any]) -> str:
    ratio = r["ratio"] if r["ratio"] is not None else float("nan")
    return (
        f"{r['name']} ({r['code']})<br>baseline trucks {float(r['trucks']):,.0f}"
        f"<br>peak wait {float(r['peak']):.1f} h<br>throughput ratio {float(ratio):.2f}"
    )


def busiest_ports(summary: dict[str, Any], n: int = 6) -> list[str]:
    """The ``n`` ports with the most baseline trucks (ties by code)."""
    items = [(-(f["trucks_baseline"]["mean"] or 0.0), code) for code, f in summary["ports"].items()]
    return [code for _, code in sorted(items)[:n]]


def frame(frames: Frames, name: str) -> pd.DataFrame:
    """``frames[name]``, or an empty frame where the run has no such table."""
    value = frames.get(name)
    return value if value is not None else pd.DataFrame()


def port_names(frames: Frames) -> dict[str, str]:
    """Port code -> port name from the ``ports`` frame (the code where no name is known)."""
    ports = frame(frames, "ports")
    if ports.empty:
        return {}
    names = ports["port_name"] if "port_name" in ports else ports["port_code"]
    return dict(zip(ports["port_code"].astype(str), names.astype(str), strict=True))


def port_borders(frames: Frames) -> dict[str, str]:
    """Port code -> border (``US-Mexico Border`` ...) from the ``ports`` frame."""
    ports = frame(frames, "ports")
    if ports.empty or "border" not in ports:
        return {}
    return dict(zip(ports["port_code"].astype(str), ports["border"].astype(str), strict=True))


def _truck_series(frames: Frames) -> pd.DataFrame:
    """Per replication, port and period: truck wait [h] and queue, with ``t_day`` [days].

    Hourly where the engine keeps replications, else daily (per replication).
    """
    hourly = frame(frames, "hourly")
    if "replication" in hourly and not hourly.empty:
        data, tcol, period = hourly, "hour", 1.0
    else:
        data, tcol, period = frame(frames, "daily"), "day", 24.0
    trucks = data[data["vehicle_class"].isin(TRUCK_CLASSES)]
    g = trucks.groupby(["replication", "port_code", tcol], as_index=False)[
        ["wait_vehicle_h", "served", "queue_end"]
    ].sum()
    g["wait_h"] = g["wait_vehicle_h"] / g["served"].where(g["served"] > 0)
    g["wait_h"] = g["wait_h"].fillna(0.0)
    g["t_day"] = (g[tcol] + (0.5 if period == 24.0 else 0.0)) * period / 24.0
    return g


def _mean_hourly(frames: Frames, port: str, value: str) -> pd.DataFrame | None:
    """The engine's hourly mean over replications for one port (trucks), or None."""
    h = frame(frames, "hourly")
    if h.empty or "replication" in h or "wait_mean_min" not in h:
        return None
    t = h[(h["port_code"] == port) & h["vehicle_class"].isin(TRUCK_CLASSES)]
    if value == "queue_end":
        g = t.groupby("hour", as_index=False).agg(y=("queue_mean", "sum"))
    else:
        w = t["arrivals"].clip(lower=0.0)
        t = t.assign(ww=t["wait_mean_min"].fillna(0.0) * w / 60.0, w=w)
        g = t.groupby("hour", as_index=False)[["ww", "w"]].sum()
        g["y"] = g["ww"] / g["w"].where(g["w"] > 0)
    g["t_day"] = g["hour"] / 24.0
    return g


def _band(
    fig: go.Figure, x: Any, mid: Any, lo: Any, hi: Any, name: str, row: int, col: int
) -> None:
    fig.add_trace(
        go.Scatter(
            x=list(x) + list(x)[::-1],
            y=list(hi) + list(lo)[::-1],
            fill="toself",
            fillcolor=BAND,
            line=dict(width=0),
            hoverinfo="skip",
            showlegend=False,
        ),
        row=row,
        col=col,
    )
    fig.add_trace(
        go.Scatter(x=x, y=mid, name=name, line=dict(color="#1f77b4"), showlegend=False),
        row=row,
        col=col,
    )


def port_curves(frames: Frames, summary: dict[str, Any], value: str, title: str) -> go.Figure:
    """Per-port curves of ``value`` (``wait_h`` or ``queue_end``) for trucks with interval bands.

    Bands: 95 % intervals over replications (of daily values where the engine reports hourly
    figures only as means over replications; its hourly mean is drawn on top in red).
    """
    series = _truck_series(frames)
    ports = busiest_ports(summary)
    cols = 2
    rows = max(1, -(-len(ports) // cols))
    names = port_names(frames)
    fig = make_subplots(
        rows=rows,
        cols=cols,
        shared_xaxes=True,
        subplot_titles=[f"{names.get(p, p)} ({p})" for p in ports],
    )
    stats = tidy_interval(series[series["port_code"].isin(ports)], ["port_code", "t_day"], value)
    for i, port in enumerate(ports):
        s = stats[stats["port_code"] == port].sort_values("t_day")
        _band(
            fig,
            s["t_day"],
            s[f"{value}_mean"],
            s[f"{value}_ci_low"].clip(lower=0),
            s[f"{value}_ci_high"],
            port,
            i // cols + 1,
            i % cols + 1,
        )
        hourly = _mean_hourly(frames, port, value)
        if hourly is not None:
            fig.add_trace(
                go.Scatter(
                    x=hourly["t_day"],
                    y=hourly["y"],
                    mode="lines",
                    name="hourly mean",
                    line=dict(color="#d62728", width=1),
                    showlegend=i == 0,
                ),
                row=i // cols + 1,
                col=i % cols + 1,
            )
    _shade_policy(fig, summary)
    fig.update_xaxes(title_text="day since scenario start", row=rows)
    return _layout(fig, title, 260 * rows + 80)


def _shade_policy(fig: go.Figure, summary: dict[str, Any]) -> None:
    d0, d1 = summary["policy_window_days"]
    fig.add_vrect(
        x0=d0, x1=d1, fillcolor="rgba(214,39,40,0.08)", line_width=0, row="all", col="all"
    )


def throughput_figure(frames: Frames, summary: dict[str, Any]) -> go.Figure:
    """Trucks served per day against the no-policy baseline, all simulated ports."""
    daily = frame(frames, "daily")
    trucks = daily[daily["vehicle_class"].isin(TRUCK_CLASSES)]
    per_day = trucks.groupby(["replication", "day"], as_index=False)[
        ["served", "baseline_arrivals"]
    ].sum()
    served = tidy_interval(per_day, ["day"], "served")
    base = tidy_interval(per_day, ["day"], "baseline_arrivals")
    fig = make_subplots(rows=1, cols=1)
    _band(
        fig,
        served["day"],
        served["served_mean"],
        served["served_ci_low"],
        served["served_ci_high"],
        "served",
        1,
        1,
    )
    fig.add_trace(
        go.Scatter(
            x=base["day"],
            y=base["baseline_arrivals_mean"],
            name="baseline",
            line=dict(color="#444", dash="dash"),
        )
    )
    _shade_policy(fig, summary)
    fig.update_xaxes(title_text="day since scenario start")
    fig.update_yaxes(title_text="trucks per day")
    return _layout(fig, "Throughput: trucks served per day vs the no-policy baseline")


def bar_figure(
    frame: pd.DataFrame,
    x: str,
    y: str,
    title: str,
    *,
    err: tuple[str, str] | None = None,
    color: str | None = None,
    ytitle: str = "USD",
) -> go.Figure:
    """A bar chart of ``frame`` (empty frame -> a note instead of bars)."""
    fig = go.Figure()
    if frame.empty:
        return _unavailable(fig, title)
    error_y = None
    if err is not None:
        error_y = dict(
            type="data",
            symmetric=False,
            array=frame[err[1]] - frame[y],
            arrayminus=frame[y] - frame[err[0]],
        )
    if color is None:
        fig.add_trace(go.Bar(x=frame[x], y=frame[y], error_y=error_y))
    else:
        for key, part in frame.groupby(color, sort=True):
            fig.add_trace(go.Bar(x=part[x], y=part[y], name=str(key)))
        fig.update_layout(barmode="group")
    fig.update_yaxes(title_text=ytitle)
    return _layout(fig, title)


def cost_by_country_figure(summary: dict[str, Any]) -> go.Figure:
    """Cost by country [USD] with intervals (and its GDP share in the hover)."""
    econ = summary.get("economics") or {}
    rows = [(k, v["mean"], v["ci_low"], v["ci_high"]) for k, v in econ.get("cost_usd", {}).items()]
    frame = pd.DataFrame(rows, columns=["country", "mean", "lo", "hi"])
    return bar_figure(frame, "country", "mean", "Cost by country [USD]", err=("lo", "hi"))


def leverage_figure(frames: Frames) -> go.Figure:
    """Leverage ratio by day (cost share of GDP, partner over US) with interval band."""
    fig = make_subplots(rows=1, cols=1)
    by_day = frame(frames, "leverage_by_day")
    if by_day.empty:
        return _unavailable(fig, "Leverage ratio by day")
    s = tidy_interval(by_day, ["day"], "leverage_ratio")
    _band(
        fig,
        s["day"],
        s["leverage_ratio_mean"],
        s["leverage_ratio_ci_low"],
        s["leverage_ratio_ci_high"],
        "leverage",
        1,
        1,
    )
    fig.add_hline(y=1.0, line_dash="dot", line_color="#888")
    fig.update_xaxes(title_text="day since scenario start")
    fig.update_yaxes(title_text="leverage ratio [-]")
    return _layout(
        fig,
        "Leverage by day: cumulative headline cost (direct costs and value-added loss) as a share of GDP, partner over US (above 1: the partner bears more relative to its GDP; it ends at the headline ratio)",
    )


def sector_frame(cost_by_sector: pd.DataFrame) -> pd.DataFrame:
    """Production losses by sector, largest first, with a readable ``sector_name``.

    ``sector_name`` comes with the frame (WIOD labels, e.g. "Transport Equipment"); where it is
    missing the code stands in.
    """
    if cost_by_sector.empty:
        return cost_by_sector
    out = cost_by_sector.copy()
    if "sector_name" not in out:
        out["sector_name"] = out["sector"].astype(str)
    out["sector_name"] = out["sector_name"].fillna(out["sector"].astype(str))
    return out.sort_values("cost_usd", ascending=False).reset_index(drop=True)


def all_figures(summary: dict[str, Any], frames: Frames) -> dict[str, go.Figure]:
    """Every figure of the report, keyed by a file-safe name (also used for PNG export)."""
    state = frame(frames, "cost_by_state")
    headline_basis = "basis" in state and (state["basis"] == "headline").all() and not state.empty
    if not state.empty:
        state = state.sort_values("cost_usd", ascending=False).head(30)
    sector = sector_frame(frame(frames, "cost_by_sector")).head(30)
    return {
        "map": port_map(summary, frame(frames, "ports")),
        "wait": port_curves(frames, summary, "wait_h", "Truck wait by port [h] (busiest ports)"),
        "queue": port_curves(frames, summary, "queue_end", "Trucks queued by port (busiest ports)"),
        "throughput": throughput_figure(frames, summary),
        "cost_country": cost_by_country_figure(summary),
        "cost_sector": bar_figure(
            sector,
            "sector_name",
            "cost_usd",
            "Production losses by sector [USD]: the dynamic model's value-added loss, the headline's production part (mean over replications)",
            color="country_iso3" if "country_iso3" in sector else None,
        ),
        "cost_state": bar_figure(
            state,
            "state",
            "cost_usd",
            (
                "Cost to the US by state [USD], headline basis: direct costs by each port's state "
                "trade shares, the value-added loss by each state's share of US-Mexico trade "
                "(an allocation, not a state model)"
                if headline_basis
                else "Direct costs by US state [USD] (production losses and passenger costs not "
                "included: the store has no state trade table)"
            ),
        ),
        "leverage": leverage_figure(frames),
    }
