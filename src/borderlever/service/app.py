"""The FastAPI app: ``/api`` (OpenAPI at ``/api/openapi.json``) and the dashboard at ``/``.

Every route calls :mod:`borderlever.api` only.  A bad request gets a 4xx whose ``detail`` is the
message the CLI prints for the same mistake (unknown names 404 on a path, 422 in a body); a run
is accepted with 202 and its id at once, and executes in a worker process (:mod:`.jobs`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from borderlever import __version__
from borderlever.errors import BorderleverError, UnknownCodeError
from borderlever.service.config import ServiceConfig
from borderlever.service.guard import Guard
from borderlever.service.jobs import RunManager

DESCRIPTION = """The borderlever toolkit over HTTP, for the dashboard and scripts on this machine.

Start a run with `POST /api/runs` (202 and an id at once), poll `GET /api/runs/{id}` for its
status and progress, then read `/summary`, `/headline`, `/report` and `/frames/{name}`.
Every figure is a mean over replications with its 95 % interval (replication noise only unless
the run sampled parameters); trade at stake is gross trade, not a loss."""


def _ensure_store(config: ServiceConfig) -> None:
    """Build the store before serving when it is missing (raw files if found, else bundled)."""
    from borderlever.data.build import build_store
    from borderlever.data.paths import resolve_store

    path = resolve_store(config.store)
    if not path.exists():
        build_store(store=path, progress=False)


def create_app(config: ServiceConfig | None = None, *, start_workers: bool = True) -> FastAPI:
    """The app for ``config``, behind the request guard (:mod:`.guard`).

    ``start_workers=False`` keeps every run queued (for tests of the HTTP surface).
    """
    from borderlever.service import dashboard, routes

    cfg = config or ServiceConfig()
    manager = RunManager(cfg)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        _ensure_store(cfg)
        if start_workers:
            manager.start()
        try:
            yield
        finally:
            manager.stop()

    app = FastAPI(
        title="borderlever",
        version=__version__,
        description=DESCRIPTION,
        openapi_url="/api/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.config = cfg
    app.state.manager = manager

    @app.exception_handler(BorderleverError)
    async def _bad_input(_: Request, exc: BorderleverError) -> JSONResponse:
        status = 404 if isinstance(exc, UnknownCodeError) else 422
        return JSONResponse({"detail": str(exc)}, status_code=status)

    app.include_router(routes.router, prefix="/api")
    app.include_router(dashboard.router)
    app.add_middleware(
        Guard,
        max_bytes=cfg.limits.request_bytes,
        max_depth=cfg.limits.json_depth,
        token=cfg.token,
    )
    return app
