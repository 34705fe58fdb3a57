"""The ``/api`` routes: health, ports, scenarios, runs, comparison, evidence, claims."""

from __future__ import annotations

import io
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from borderlever import __version__
from borderlever.api import catalog
from borderlever.service.config import ServiceConfig
from borderlever.service.jobs import RunManager
from borderlever.service.replies import answer, clean

router = APIRouter()
#: Frames a run serves (``/api/runs/{id}/frames/{name}``).
FRAMES = (
    "daily",
    "hourly",
    "ports",
    "cost_by_country",
    "cost_by_sector",
    "cost_by_state",
    "leverage_by_day",
)
RunId = Annotated[str, Path(pattern=r"^[0-9a-f]{32}$", description="A run id (32 hex digits).")]


class RunRequest(BaseModel):
    """A run: a library scenario or a scenario object, and overrides of its top-level keys."""

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "examples": [
                {"scenario": "laredo-lanes-halved", "replications": 2, "seed": 7},
                {
                    "scenario": {
                        "name": "two-port-closure",
                        "description": "Laredo and Hidalgo closed to trucks for 3 days",
                        "start": "2025-03-03",
                        "horizon_days": 7,
                        "ports": {"codes": ["2304", "2305"]},
                        "policies": [
                            {
                                "kind": "closure",
                                "classes": ["trucks"],
                                "window": {"start_day": 0, "end_day": 3},
                            }
                        ],
                    },
                    "replications": 2,
                },
            ]
        },
    )

    scenario: str | dict[str, Any] = Field(
        description="A library scenario name (GET /api/scenarios) or a scenario object with the "
        "keys of a scenario file (docs/scenarios.md)."
    )
    replications: int | None = Field(default=None, description="Override: replications [runs].")
    seed: int | None = Field(default=None, description="Override: master seed [-].")


class Accepted(BaseModel):
    id: str = Field(description="The run's id.")
    status: Literal["queued"] = "queued"
    status_url: str


def _config(request: Request) -> ServiceConfig:
    return request.app.state.config


def _manager(request: Request) -> RunManager:
    return request.app.state.manager


@router.get("/health", tags=["service"])
def health(request: Request) -> dict[str, Any]:
    """The service is up: version, runs queued and running, limits."""
    manager, cfg = _manager(request), _config(request)
    return {
        "status": "ok",
        "version": __version__,
        "runs": {"queued": manager.queued(), "running": manager.running()},
        "limits": cfg.limits.__dict__,
    }


@router.get("/ports", tags=["data"])
def ports(
    request: Request,
    border: Annotated[Literal["mexico", "canada"] | None, Query()] = None,
) -> list[dict[str, Any]]:
    """Land ports of entry: code, name, state, border, lat, lon."""
    return clean(answer(catalog.ports, _config(request).store, border))


@router.get("/scenarios", tags=["scenarios"])
def scenarios() -> list[dict[str, Any]]:
    """The scenario library."""
    return answer(catalog.scenarios)


@router.get("/scenarios/{name}", tags=["scenarios"])
def scenario(name: str) -> dict[str, Any]:
    """One library scenario, base merged and defaults filled in."""
    _library_name(name, 404)
    return answer(catalog.scenario, name)


def _library_name(name: str, status: int) -> None:
    """Refuse a name outside the library (the service never reads a file path it is given)."""
    from borderlever.errors import UnknownCodeError
    from borderlever.scenarios import library_files

    known = sorted(library_files())
    if name not in known:
        raise HTTPException(status, str(UnknownCodeError("scenario", name, known)))


def _checked(body: RunRequest, cfg: ServiceConfig) -> tuple[dict[str, Any], dict[str, Any]]:
    """The request as a document, validated as ``run`` would and against the service's limits."""
    from borderlever.api.core import scenario_spec

    doc = body.model_dump(exclude_none=True)
    scen = doc["scenario"]
    if isinstance(scen, str):
        _library_name(scen, 422)
    elif scen.get("base") is not None:
        _library_name(str(scen["base"]), 422)
    overrides = {k: v for k, v in doc.items() if k != "scenario"}
    spec, _ = answer(scenario_spec, scen, overrides, missing=422)
    lim = cfg.limits
    problems = []
    if spec.replications > lim.replications:
        problems.append(
            f"replications = {spec.replications}: over this service's limit of "
            f"{lim.replications} (borderlever serve --max-replications)"
        )
    if spec.horizon_days > lim.horizon_days:
        problems.append(
            f"horizon_days = {spec.horizon_days}: over this service's limit of "
            f"{lim.horizon_days} (borderlever serve --max-horizon-days)"
        )
    if problems:
        raise HTTPException(422, f"scenario {spec.name}: " + "; ".join(problems))
    checked = answer(catalog.validate, scen, cfg.store, missing=422, **overrides)
    return doc, checked


@router.post("/scenarios/validate", tags=["scenarios"])
def validate(body: RunRequest, request: Request) -> dict[str, Any]:
    """Check a scenario (and overrides) as a run would, without running it."""
    _, checked = _checked(body, _config(request))
    return {"valid": True, **checked}


@router.post("/runs", status_code=202, tags=["runs"])
def start_run(body: RunRequest, request: Request) -> Accepted:
    """Queue a run; answers at once with its id (202).  Poll ``GET /api/runs/{id}``."""
    cfg, manager = _config(request), _manager(request)
    if manager.queued() >= cfg.limits.queued_runs:
        raise HTTPException(
            429, f"{manager.queued()} runs are waiting already (limit {cfg.limits.queued_runs})"
        )
    doc, checked = _checked(body, cfg)
    run_id = manager.submit(doc, checked["name"])
    return Accepted(id=run_id, status_url=f"/api/runs/{run_id}")


@router.get("/runs", tags=["runs"])
def list_runs(request: Request) -> list[dict[str, Any]]:
    """Every run the service holds, oldest first."""
    return _manager(request).runs.all()


def _status(request: Request, run_id: str) -> dict[str, Any]:
    runs = _manager(request).runs
    if not runs.exists(run_id):
        raise HTTPException(404, f"no run {run_id!r} (GET /api/runs lists them)")
    return runs.status(run_id)


def _done(request: Request, run_id: str) -> Any:
    """The run's result folder, read with :func:`borderlever.load` (409 until it is done)."""
    import borderlever as bl

    doc = _status(request, run_id)
    if doc["status"] != "done":
        why = f": {doc['error']}" if doc.get("error") else "; wait until its status is done"
        raise HTTPException(409, f"run {run_id} is {doc['status']}{why}")
    return answer(bl.load, _manager(request).runs.folder(run_id) / "result")


@router.get("/runs/{run_id}", tags=["runs"])
def run_status(run_id: RunId, request: Request) -> dict[str, Any]:
    """Status (queued, running, done, failed), progress [0-1] and, on failure, the message."""
    return _status(request, run_id)


@router.get("/runs/{run_id}/summary", tags=["runs"])
def run_summary(run_id: RunId, request: Request) -> dict[str, Any]:
    """The run's summary.json."""
    return _done(request, run_id).summary


@router.get("/runs/{run_id}/headline", tags=["runs"])
def run_headline(run_id: RunId, request: Request) -> dict[str, Any]:
    """The answer: one sentence with intervals, what they cover, at most four key figures."""
    from borderlever.reports.headline import interval_note, key_figures

    run = _done(request, run_id)
    return {
        "sentence": run.sentence,
        "interval_note": interval_note(run.summary),
        "key_figures": [
            {"label": label, "value": value, "what": what}
            for label, value, what in key_figures(run.summary)
        ],
    }


@router.get("/runs/{run_id}/standoff", tags=["runs"])
def run_standoff(run_id: RunId, request: Request) -> dict[str, Any]:
    """The standoff model's answer for a run whose scenario declares a threat with a deadline:
    who concedes and when, with intervals (docs/standoff.md)."""
    block = _done(request, run_id).summary.get("standoff")
    if not block:
        raise HTTPException(
            404, f"run {run_id} has no standoff: its scenario declares no threat with a deadline"
        )
    return clean(block)


@router.get("/runs/{run_id}/report", response_class=HTMLResponse, tags=["runs"])
def run_report(run_id: RunId, request: Request) -> HTMLResponse:
    """The self-contained HTML report."""
    _done(request, run_id)
    path = _manager(request).runs.folder(run_id) / "result" / "report.html"
    return HTMLResponse(path.read_text(encoding="utf-8"))


@router.get("/runs/{run_id}/frames/{name}", tags=["runs"])
def run_frame(
    run_id: RunId,
    name: Literal[FRAMES],  # type: ignore[valid-type]
    request: Request,
    format: Annotated[Literal["csv", "parquet"], Query()] = "csv",
) -> Response:
    """One tidy frame of the run as CSV or Parquet."""
    frame = _done(request, run_id).frames.get(name)
    if frame is None:
        raise HTTPException(404, f"run {run_id} has no {name} frame (no economics for this run?)")
    if format == "parquet":
        buf = io.BytesIO()
        frame.to_parquet(buf, index=False)
        media, body = "application/vnd.apache.parquet", buf.getvalue()
    else:
        media, body = "text/csv", frame.to_csv(index=False).encode()
    disposition = f'attachment; filename="{run_id[:8]}-{name}.{format}"'
    return Response(body, media_type=media, headers={"content-disposition": disposition})


@router.get("/compare", tags=["runs"])
def compare(
    request: Request,
    a: Annotated[str, Query(pattern=r"^[0-9a-f]{32}$", description="Run id A.")],
    b: Annotated[str, Query(pattern=r"^[0-9a-f]{32}$", description="Run id B.")],
) -> dict[str, Any]:
    """Two runs side by side: inputs that differ, every output figure (A, B, B - A)."""
    import borderlever as bl

    ra, rb = _done(request, a), _done(request, b)
    doc = bl.compare(ra, rb).to_dict()
    doc["sentences"] = {"a": ra.sentence, "b": rb.sentence}
    return clean(doc)


@router.get("/evidence/episodes", tags=["evidence"])
def episodes(
    kind: Annotated[Literal["all", "lever", "confounder"], Query()] = "all",
) -> list[dict[str, Any]]:
    """Catalogued past episodes of border pressure and confounding events."""
    return clean(answer(catalog.episodes, kind))


@router.get("/evidence/episodes/{episode_id}", tags=["evidence"])
def episode(episode_id: str) -> dict[str, Any]:
    """One episode: dates, levers, ports, concession, confounders, sources."""
    return clean(answer(catalog.episode, episode_id))


@router.get("/evidence/studies/{episode_id}", tags=["evidence"])
def study(
    episode_id: str,
    request: Request,
    series: Annotated[list[str] | None, Query()] = None,
    model: Annotated[str, Query()] = "ols_log",
) -> dict[str, Any]:
    """Event study of an episode: effects at 1, 3 and 6 months, placebos, confounders."""
    return clean(
        answer(catalog.study, episode_id, series, model=model, store=_config(request).store)
    )


@router.get("/claims", tags=["evidence"])
def claims(request: Request) -> list[dict[str, Any]]:
    """Public claims measured against the store, each with a verdict and its source."""
    return clean(answer(catalog.claims, _config(request).store))
