"""The dashboard in a real browser: Playwright drives Debian's chromium against a live service.

Pick two ports, run a short closure, wait for the headline, check its figures against the API's
JSON, compare it side by side with a lane cut run before, and keep a screenshot.  Skips, saying why,
where Playwright or a chromium executable is missing (`.ci/run` installs chromium).
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from pathlib import Path

import httpx
import pytest

from borderlever.service import ServiceConfig, create_app

SCREENSHOT_DIR = os.environ.get("BORDERLEVER_SCREENSHOTS")


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


def seed_done_run(home: Path, store: Path) -> str:
    """A finished lane-cut run in the service's folder, made in this process (one worker start
    fewer: the dashboard runs the closure itself and compares it with this one)."""
    import borderlever as bl
    from borderlever.service.jobs import RunStore, now_utc, progress_doc

    scenario = {
        "name": "dashboard-lane-cut",
        "description": "test scenario on the tiny store (https://example.org/none)",
        "start": "2025-02-03",
        "horizon_days": 2,
        "ports": {"codes": ["2304", "2305"]},
        "policies": [
            {
                "kind": "lane_cut",
                "classes": ["trucks"],
                "window": {"start_day": 0, "end_day": 1},
                "parameters": {"lanes_removed_share": 0.5},
            }
        ],
    }
    runs = RunStore(home / "runs")
    run_id = runs.create({"scenario": scenario, "replications": 1}, scenario["name"])
    run = bl.run(scenario, store=store, replications=1)
    run.write(runs.folder(run_id) / "result")
    runs.update(run_id, status="done", finished_utc=now_utc(), progress=progress_doc("done", 1, 1))
    return run_id


@pytest.fixture
def live_service(tiny_store, tmp_path):
    """The service on a free loopback port, in a thread, holding one finished run; yields its
    base URL."""
    seed_done_run(tmp_path / "service", tiny_store)
    uvicorn = pytest.importorskip("uvicorn")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app = create_app(ServiceConfig(home=tmp_path / "service", store=tiny_store))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            if httpx.get(url + "/api/health", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.1)
    yield url
    server.should_exit = True
    thread.join(timeout=10)


@pytest.mark.slow
def test_dashboard_runs_a_closure_and_compares(live_service, tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    browser_path = chromium_path()
    if browser_path is None:
        pytest.skip("no chromium executable found (apt-get install chromium; .ci/run does it)")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=browser_path, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 1400})
        page.goto(live_service + "/")
        page.wait_for_selector("body[data-ready=true]", timeout=30_000)
        assert page.locator("[data-testid=port-map] .geolayer, [data-testid=port-map] svg").count()
        page.click("text=Ports as a list")
        page.check("[data-testid=port-option-2304]")
        page.check("[data-testid=port-option-2305]")
        assert "Laredo" in page.inner_text("#picked") and "Hidalgo" in page.inner_text("#picked")
        form = page.locator("[data-testid=lever-form]")
        form.locator("select[name=kind]").select_option("closure")
        form.locator("select[name=classes]").select_option("trucks")
        for name, value in (("start", "2025-02-03"), ("days", "1"), ("horizon", "2")):
            form.locator(f"input[name={name}]").fill(value)
        form.locator("input[name=replications]").fill("2")
        page.click("[data-testid=run-button]")
        headline = page.locator("[data-testid=headline]")
        headline.wait_for(state="visible", timeout=240_000)
        page.wait_for_function(
            "document.querySelector('[data-testid=headline]').textContent.length > 0",
            timeout=240_000,
        )
        run_a = headline.get_attribute("data-run-id")
        api = httpx.get(f"{live_service}/api/runs/{run_a}/headline").json()
        assert headline.inner_text() == api["sentence"]
        assert api["sentence"].startswith("Closing Laredo and Hidalgo to trucks for 1 day")
        cards = page.locator("#cards .card b").all_inner_texts()
        assert cards == [k["value"] for k in api["key_figures"]]
        assert page.get_attribute("[data-testid=progress]", "data-status") == "done"
        summary = httpx.get(f"{live_service}/api/runs/{run_a}/summary").json()
        assert summary["replications"] == 2 and set(summary["ports"]) == {"2304", "2305"}
        shot = tmp_path / "dashboard.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 10_000
        # the run just made beside the lane cut seeded before: B is the newer, A the older
        assert page.locator("#compare-b option").count() == 2
        assert page.input_value("#compare-b") == run_a
        page.select_option("#compare-a", index=0)
        page.click("#compare-button")
        compare = page.locator("[data-testid=compare]")
        compare.locator("table").wait_for(timeout=30_000)
        sides = compare.locator("h3").all_inner_texts()
        assert len(sides) == 2 and sides[1].startswith("B: Closing Laredo and Hidalgo to trucks")
        assert sides[0].startswith("A: Closing 50 % of the lanes at Laredo and Hidalgo")
        rows = compare.locator("table tr").count()
        assert rows > 3  # the figures that differ, A, B, B - A
        page.screenshot(path=str(tmp_path / "dashboard-compare.png"), full_page=True)
        if SCREENSHOT_DIR:
            for name in ("dashboard.png", "dashboard-compare.png"):
                shutil.copyfile(tmp_path / name, Path(SCREENSHOT_DIR) / name)
        browser.close()
