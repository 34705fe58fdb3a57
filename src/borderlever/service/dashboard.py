"""The dashboard: one page at ``/`` and its assets, all served from installed files (offline).

``/static/plotly.min.js`` comes from the plotly package, ``/static/basemap.json`` is the report's
bundled outline map, ``dashboard.js`` and ``dashboard.css`` sit beside this module.
"""

from __future__ import annotations

from pathlib import Path

import plotly
from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse, HTMLResponse

from borderlever.reports.basemap import BASEMAP_PATH

router = APIRouter(include_in_schema=False)
STATIC = Path(__file__).with_name("static")
ASSETS = {
    "plotly.min.js": (
        Path(plotly.__file__).parent / "package_data" / "plotly.min.js",
        "text/javascript",
    ),
    "basemap.json": (BASEMAP_PATH, "application/json"),
    "dashboard.js": (STATIC / "dashboard.js", "text/javascript"),
    "dashboard.css": (STATIC / "dashboard.css", "text/css"),
}


@router.get("/")
def page() -> HTMLResponse:
    return HTMLResponse((STATIC / "index.html").read_text(encoding="utf-8"))


@router.get("/static/{name}")
def asset(name: str) -> FileResponse:
    if name not in ASSETS:
        raise HTTPException(404, f"no asset {name!r}")
    path, media = ASSETS[name]
    return FileResponse(path, media_type=media)
