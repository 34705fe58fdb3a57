"""Offline outlines for the port map: coastlines, country borders and US state borders.

The polylines come from ``data/basemap.json``, made by ``tools/make_basemap.py`` from public-domain
shapes (Natural Earth 1:50m via npm ``world-atlas``, US Census 1:10m via npm ``us-atlas``),
simplified to about 2 km and clipped to North America.  Nothing is fetched at run time.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import plotly.graph_objects as go

BASEMAP_PATH = Path(__file__).with_name("data") / "basemap.json"
#: Layer -> (line colour, width [px]); drawn in this order, under the ports.
STYLE = {"states": ("#c8c8c8", 0.6), "coastlines": ("#7a9cc6", 0.9), "countries": ("#555", 1.2)}


@cache
def basemap() -> dict[str, Any]:
    """The bundled outlines (see ``tools/make_basemap.py`` for the layout)."""
    return json.loads(BASEMAP_PATH.read_text(encoding="utf-8"))


def layer_lonlat(name: str) -> tuple[list[float | None], list[float | None]]:
    """One layer as plotly line coordinates: polylines separated by ``None``.

    Examples
    --------
    >>> lon, lat = layer_lonlat("countries")
    >>> len(lon) == len(lat) and None in lon and -142 < min(x for x in lon if x) < -140  # Alaska
    True
    """
    lon: list[float | None] = []
    lat: list[float | None] = []
    for line in basemap()[name]:
        lon += [*line[0::2], None]
        lat += [*line[1::2], None]
    return lon, lat


def outline_traces() -> list[go.Scattergeo]:
    """The outline layers as line traces (kept out of the legend: they are the base map)."""
    traces = []
    for name, (colour, width) in STYLE.items():
        lon, lat = layer_lonlat(name)
        traces.append(
            go.Scattergeo(
                lon=lon,
                lat=lat,
                mode="lines",
                name=name,
                line=dict(color=colour, width=width),
                hoverinfo="skip",
                showlegend=False,
            )
        )
    return traces
