"""Plotly figures for event studies: the series, the counterfactual with its band, episode dates.

Presentation only: takes an :class:`~borderlever.evidence.event_study.EventStudy` and returns a
``plotly.graph_objects.Figure``; :func:`write_html` saves a self-contained page.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from borderlever.evidence.catalogue import Episode
from borderlever.evidence.event_study import EventStudy
from borderlever.evidence.forecasters import BASELINES
from borderlever.evidence.headline import HeadlineStudy


def event_study_figure(
    res: EventStudy, episode: Episode | None = None, *, unit: str = ""
) -> go.Figure:
    """Observed series, fitted pre-period, projected counterfactual and its interval band.

    Episode dates (threat, deadline, concession, end) are drawn as dashed vertical lines and
    catalogued confounders inside the window as shaded spans.
    """
    fig = go.Figure()
    observed = pd.concat([res.pre, res.post]).dropna()
    fc = res.forecast
    band_x = list(fc.upper.index) + list(fc.lower.index[::-1])
    band_y = list(fc.upper.to_numpy()) + list(fc.lower.to_numpy()[::-1])
    level = int(round(100 * (1 - res.alpha)))
    fig.add_trace(
        go.Scatter(
            x=band_x,
            y=band_y,
            fill="toself",
            line={"width": 0},
            fillcolor="rgba(31,119,180,0.2)",
            name=f"{level} % interval"
            if res.interval_method == "model"
            else f"{level} % model interval",
            hoverinfo="skip",
        )
    )
    if res.interval_method != "model":
        _add_calibrated(fig, res, level)
    fig.add_trace(
        go.Scatter(
            x=fc.fitted.index,
            y=fc.fitted,
            name="fit (pre-period)",
            line={"color": "rgba(31,119,180,0.6)", "dash": "dot"},
        )
    )
    fig.add_trace(
        go.Scatter(
            x=fc.mean.index,
            y=fc.mean,
            name="counterfactual",
            line={"color": "rgb(31,119,180)", "dash": "dash"},
        )
    )
    fig.add_trace(
        go.Scatter(
            x=observed.index,
            y=observed,
            name="observed",
            line={"color": "black"},
            mode="lines+markers",
            marker={"size": 4},
        )
    )
    x0, x1 = observed.index.min(), max(observed.index.max(), fc.mean.index.max())
    for conf in res.confounders:
        start = max(pd.Timestamp(conf["start"]), x0)
        end = min(pd.Timestamp(conf["end"]) if conf["end"] else start, x1)
        fig.add_vrect(
            x0=start,
            x1=max(end, start + pd.Timedelta(days=10)),
            line_width=0,
            fillcolor="rgba(200,120,0,0.12)",
            annotation_text=conf["id"],
            annotation_position="top left",
            annotation_font_size=9,
        )
    if episode is not None:
        for key, when in _marked_dates(episode).items():
            fig.add_vline(
                x=pd.Timestamp(str(when)).timestamp() * 1000,
                line_dash="dash",
                line_color="firebrick",
                annotation_text=key,
                annotation_font_size=9,
            )
    title = f"{res.series}: {episode.title if episode else res.event}"
    fig.update_layout(
        title=title,
        yaxis_title=unit,
        xaxis_title="month",
        template="plotly_white",
        legend={"orientation": "h", "y": -0.2},
    )
    return fig


def _add_calibrated(fig: go.Figure, res: EventStudy, level: int) -> None:
    """The reported (placebo-calibrated) counterfactual interval at the effect horizons."""
    effs = [e for e in res.effects.values() if e is not None]
    if not effs:
        return
    fig.add_trace(
        go.Scatter(
            x=[e.month for e in effs],
            y=[e.counterfactual for e in effs],
            mode="markers",
            marker={"color": "rgb(31,119,180)", "symbol": "diamond", "size": 7},
            error_y={
                "type": "data",
                "symmetric": False,
                "array": [e.cf_upper - e.counterfactual for e in effs],
                "arrayminus": [e.counterfactual - e.cf_lower for e in effs],
            },
            name=f"{level} % placebo-calibrated interval",
        )
    )


def write_html(fig: go.Figure, path: str | Path) -> Path:
    """Write ``fig`` as a self-contained HTML file (plotly.js inlined: works offline)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.write_html(str(path), include_plotlyjs=True, full_html=True)
    return path


def _marked_dates(episode: Episode) -> dict[str, object]:
    """The episode's dates to mark; ``start`` only where it differs from the threat date."""
    dates = {k: v for k, v in episode.dates.model_dump().items() if v is not None}
    if dates.get("start") == dates.get("threat"):
        dates.pop("start")
    return dates


#: Pre-event months shown on the fit-check chart.
FIT_CHECK_MONTHS = 24


def headline_figure(
    study: HeadlineStudy, episode: Episode | None = None, *, unit: str = ""
) -> go.Figure:
    """The fit check in plain sight: the last pre-event months, every model's counterfactual
    (the chosen one bold with its reported interval, baselines dashed) and what was observed.

    A counterfactual flagged by the fit check (its first month a jump the series' record does not
    show) is drawn dotted and named so in the legend.
    """
    fig = go.Figure()
    pre = study.pre.iloc[-FIT_CHECK_MONTHS:]
    chosen = {hd.model for hd in study.headlines.values() if hd.model}
    for name, res in study.results.items():
        cf = res.counterfactual
        x = [pre.index[-1], *cf.index]
        y = [float(pre.iloc[-1]), *cf["mean"].to_numpy()]
        flagged = res.fit_check["flag"]
        style = {
            "width": 3 if name in chosen else 1.2,
            "dash": "dot" if flagged else ("dash" if name in BASELINES else "solid"),
        }
        label = name + (" (chosen)" if name in chosen else "") + (" FLAG: jump" if flagged else "")
        fig.add_trace(go.Scatter(x=x, y=y, name=label, mode="lines", line=style))
        if name in chosen:
            effs = [
                e
                for h, e in res.effects.items()
                if e is not None and study.headlines[h].model == name
            ]
            if effs:
                fig.add_trace(
                    go.Scatter(
                        x=[e.month for e in effs],
                        y=[e.counterfactual for e in effs],
                        mode="markers",
                        marker={"symbol": "diamond", "size": 8},
                        error_y={
                            "type": "data",
                            "symmetric": False,
                            "array": [e.cf_upper - e.counterfactual for e in effs],
                            "arrayminus": [e.counterfactual - e.cf_lower for e in effs],
                        },
                        name=f"{name}: reported {int(round(100 * (1 - study.alpha)))} % interval",
                    )
                )
    observed = pd.concat([pre, study.post.dropna()])
    fig.add_trace(
        go.Scatter(
            x=observed.index, y=observed, name="observed", mode="lines+markers",
            line={"color": "black"}, marker={"size": 5},
        )
    )  # fmt: skip
    fig.add_vline(
        x=study.first_post.timestamp() * 1000 - 15 * 86400 * 1000,
        line_dash="dash", line_color="firebrick", annotation_text="event",
    )  # fmt: skip
    title = f"{study.series}: fit check, {episode.title if episode else study.event}"
    fig.update_layout(
        title=title, yaxis_title=unit, xaxis_title="month", template="plotly_white",
        legend={"orientation": "h", "y": -0.2},
    )  # fmt: skip
    return fig
