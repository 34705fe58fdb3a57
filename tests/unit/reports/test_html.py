"""The HTML report works offline and shows what the run produced."""

from __future__ import annotations

import re

import pytest

from borderlever.reports.figures import all_figures
from borderlever.reports.html import headline, render
from borderlever.reports.png import export_pngs, png_unavailable_reason


@pytest.fixture(scope="session")
def page(fake_api_run) -> str:
    run = fake_api_run()
    return render(
        run.summary,
        run.frames,
        scenario=run.scenario,
        notes=run.notes,
        manifest={"host": "test-host", "started_utc": "2026-01-01T00:00:00Z"},
    )


def test_no_remote_scripts_or_styles(page):
    assert not re.search(r"<script[^>]+src=[\"']?(https?:)?//", page, re.I)
    assert not re.search(r"<link[^>]+href=[\"']?(https?:)?//", page, re.I)
    assert "cdn.plot.ly/plotly" not in page


def test_plotly_embedded_once_and_geo_stubbed(page):
    assert page.count("plotly.js v") >= 1  # the bundle's banner
    assert page.count("<script>/**") == 1  # the bundle, once
    assert page.count("/**\n* plotly.js v") == 1
    assert "window.PlotlyGeoAssets={topojson:" in page
    assert page.index("PlotlyGeoAssets") < page.index("plotly.js v")


def test_sections_present(page):
    for heading in (
        "Answer",
        "What drives this number",
        "Ports",
        "Traffic: waits, queues and throughput",
        "Costs",
        "Leverage",
        "Assumptions, sources and vintages",
        "Run manifest",
    ):
        assert f"<h2>{heading}</h2>" in page
    for fig in (
        "map",
        "wait",
        "queue",
        "throughput",
        "cost_country",
        "cost_sector",
        "cost_state",
        "leverage",
    ):
        assert f'id="fig-{fig}"' in page
    assert "test-host" in page and "Laredo (2304)" in page and "bts_crossings" in page


def test_headline_lists_costs_by_country(fake_api_run):
    labels = [label for label, _ in headline(fake_api_run().summary)]
    assert "cost to MEX [USD]" in labels and "leverage ratio" in labels


def test_png_export(tmp_path, fake_api_run):
    reason = png_unavailable_reason()
    if reason is not None:
        pytest.skip(reason)
    run = fake_api_run()
    paths = export_pngs({"map": all_figures(run.summary, run.frames)["map"]}, tmp_path)
    assert paths[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_png_export_without_browser_says_why(tmp_path, monkeypatch):
    from borderlever.errors import ConfigError
    from borderlever.reports import png

    monkeypatch.setattr(png, "find_browser", lambda: None)
    monkeypatch.setattr(png, "png_unavailable_reason", lambda: "PNG export needs Chrome")
    with pytest.raises(ConfigError, match="needs Chrome"):
        png.export_pngs({}, tmp_path)
