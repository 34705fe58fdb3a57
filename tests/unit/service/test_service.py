"""The local service over HTTP (httpx through Starlette's TestClient) on the tiny store."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient

from borderlever.service import Limits, ServiceConfig, create_app

#: Laredo closed to trucks on day 0 of 2, among the tiny store's three ports.
SCENARIO = {
    "name": "tiny-service-closure",
    "description": "test scenario on the tiny store (https://example.org/none)",
    "start": "2025-02-03",
    "horizon_days": 2,
    "seed": 11,
    "ports": {"codes": ["2304", "2305", "2402"]},
    "policies": [
        {
            "kind": "closure",
            "ports": ["2304"],
            "classes": ["trucks"],
            "window": {"start_day": 0, "end_day": 1},
        }
    ],
}


def client(tmp_path, store, *, workers=True, **limits) -> TestClient:
    config = ServiceConfig(home=tmp_path / "service", store=store, limits=Limits(**limits))
    return TestClient(create_app(config, start_workers=workers))


def wait_done(c: TestClient, run_id: str, timeout_s: float = 600) -> dict:
    t0 = time.monotonic()
    seen = []
    while time.monotonic() - t0 < timeout_s:
        doc = c.get(f"/api/runs/{run_id}").json()
        seen.append(doc["progress"]["fraction"])
        if doc["status"] in ("done", "failed"):
            doc["seen_fractions"] = seen
            return doc
        time.sleep(0.2)
    raise AssertionError(f"run {run_id} not finished after {timeout_s} s: {doc}")


def test_health_ports_scenarios(tmp_path, tiny_store):
    with client(tmp_path, tiny_store, workers=False) as c:
        assert c.get("/api/health").json()["status"] == "ok"
        paths = c.get("/api/openapi.json").json()["paths"]
        assert {"/api/runs", "/api/runs/{run_id}", "/api/ports", "/api/claims"} <= set(paths)
        ports = c.get("/api/ports").json()
        assert {p["port_code"] for p in ports} == {"2304", "2305", "2402"}
        names = {s["name"] for s in c.get("/api/scenarios").json()}
        assert "seed-14-day-closure" in names
        assert c.get("/api/scenarios/seed-14-day-closure").json()["horizon_days"] == 21
        missing = c.get("/api/scenarios/seed-14-day-closur")
        assert missing.status_code == 404 and "did you mean 'seed-14-day-closure'" in missing.text
        page = c.get("/")
        assert page.status_code == 200 and 'data-testid="port-map"' in page.text
        assert c.get("/static/plotly.min.js").status_code == 200


def test_bad_requests_get_the_clis_message(tmp_path, tiny_store):
    with client(tmp_path, tiny_store, workers=False, replications=8, request_bytes=4096) as c:
        bad = dict(SCENARIO, horizon_days=0, reactions={"defer_shar": 0.5})
        r = c.post("/api/runs", json={"scenario": bad})
        assert r.status_code == 422
        detail = r.json()["detail"]
        assert "scenario given as a dict: 2 problems" in detail
        assert "horizon_days" in detail and "did you mean 'defer_share'" in detail
        r = c.post("/api/runs", json={"scenario": SCENARIO, "replications": 9})
        assert r.status_code == 422 and "over this service's limit of 8" in r.json()["detail"]
        r = c.post("/api/runs", json={"scenario": dict(SCENARIO, ports={"codes": ["9999"]})})
        assert r.status_code == 422 and "unknown port" in r.json()["detail"]
        r = c.post("/api/runs", json={"scenario": "/etc/passwd"})
        assert r.status_code == 422 and "unknown scenario" in r.json()["detail"]
        r = c.post("/api/runs", content=b'{"scenario": "' + b"x" * 5000 + b'"}')
        assert r.status_code == 413
        r = c.post("/api/runs", content=b'{"scenario": ' + b"[" * 40 + b"]" * 40 + b"}")
        assert r.status_code == 400 and "nests deeper than 16 levels" in r.json()["detail"]
        r = c.post("/api/runs", content=b'{"scenario": "x",}')
        assert r.status_code == 400 and "JSON syntax error" in r.json()["detail"]
        r = c.post("/api/scenarios/validate", json={"scenario": SCENARIO, "replications": 2})
        assert r.json()["valid"] is True and r.json()["ports"] == ["2304", "2305", "2402"]
        assert c.get("/api/runs/" + "0" * 32).status_code == 404
        assert c.get("/api/runs/nope").status_code == 422
        assert c.get("/api/evidence/episodes/no-such-episode").status_code == 404


def test_bearer_token(tmp_path, tiny_store):
    config = ServiceConfig(home=tmp_path / "s", store=tiny_store, token="s3cret")
    with TestClient(create_app(config, start_workers=False)) as c:
        assert c.get("/api/health").status_code == 200  # open
        assert c.get("/api/ports").status_code == 401
        assert c.get("/api/ports", headers={"authorization": "Bearer s3cret"}).status_code == 200
        assert c.get("/api/ports?token=s3cret").status_code == 200  # download links
        assert c.get("/api/ports", headers={"authorization": "Bearer wrong"}).status_code == 401


@pytest.mark.slow
def test_run_lifecycle_survives_a_restart(tmp_path, tiny_store):
    """Queued by one service, run by the next, still there for a third (runs are persisted)."""
    with client(tmp_path, tiny_store, workers=False) as c:
        t0 = time.monotonic()
        r = c.post("/api/runs", json={"scenario": SCENARIO, "replications": 4})
        assert r.status_code == 202 and time.monotonic() - t0 < 2.0  # answers at once
        run_id = r.json()["id"]
        assert c.get(f"/api/runs/{run_id}").json()["status"] == "queued"
        assert c.get(f"/api/runs/{run_id}/summary").status_code == 409
    with client(tmp_path, tiny_store) as c:  # a restarted service picks the run up
        doc = wait_done(c, run_id)
        assert doc["status"] == "done", doc
        assert doc["seen_fractions"] == sorted(doc["seen_fractions"])
    with client(tmp_path, tiny_store, workers=False) as c:  # and keeps it
        summary = c.get(f"/api/runs/{run_id}/summary").json()
        assert summary["replications"] == 4 and summary["scenario"]["name"] == SCENARIO["name"]
        assert summary["ports"]["2304"]["throughput_ratio"]["mean"] < 0.5
        head = c.get(f"/api/runs/{run_id}/headline").json()
        assert head["sentence"].startswith("Closing Laredo to trucks for 1 day")
        assert len(head["key_figures"]) <= 4
        csv = c.get(f"/api/runs/{run_id}/frames/daily?format=csv")
        assert csv.status_code == 200 and csv.text.startswith("replication,")
        parquet = c.get(f"/api/runs/{run_id}/frames/cost_by_country?format=parquet")
        assert parquet.content[:4] == b"PAR1"
        none = c.get(f"/api/runs/{run_id}/standoff")  # no threat with a deadline: no standoff
        assert none.status_code == 404 and "no standoff" in none.json()["detail"]
        report = c.get(f"/api/runs/{run_id}/report").text
        assert "data-testid='headline'" in report
        comp = c.get(f"/api/compare?a={run_id}&b={run_id}").json()
        assert comp["inputs"] == [] and all(o["delta"] in (0, None) for o in comp["outputs"])


@pytest.mark.slow
def test_run_time_limit_stops_the_worker(tmp_path, tiny_store):
    with client(tmp_path, tiny_store, run_seconds=0.3) as c:
        run_id = c.post("/api/runs", json={"scenario": SCENARIO}).json()["id"]
        doc = wait_done(c, run_id, timeout_s=60)
        assert doc["status"] == "failed" and doc["error_kind"] == "time limit"
        assert "limit of 0.3 s" in doc["error"]
