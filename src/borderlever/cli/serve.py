"""``borderlever serve``: the local service (API under /api, dashboard at /)."""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from borderlever.cli._console import err_console
from borderlever.cli._options import StoreOpt
from borderlever.errors import ConfigError


def is_loopback(host: str) -> bool:
    """Whether ``host`` is a loopback address (127.0.0.0/8, ::1, localhost).

    Examples
    --------
    >>> is_loopback("127.0.0.1"), is_loopback("localhost"), is_loopback("0.0.0.0")
    (True, True, False)
    """
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on (loopback by default).")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port.")] = 8765,
    allow_remote: Annotated[
        bool,
        typer.Option(
            "--allow-remote", help="Allow a --host that is not loopback (reachable by others)."
        ),
    ] = False,
    token: Annotated[
        str | None,
        typer.Option(
            envvar="BORDERLEVER_TOKEN",
            help="Bearer token every /api request must carry (default: none on loopback).",
        ),
    ] = None,
    data_dir: Annotated[
        Path | None,
        typer.Option("--data-dir", help="Where the service keeps its runs (default: user data)."),
    ] = None,
    store: StoreOpt = None,
    max_concurrent: Annotated[int, typer.Option(min=1, help="Runs at once.")] = 2,
    max_replications: Annotated[int, typer.Option(min=1, help="Replications per run.")] = 50,
    max_horizon_days: Annotated[int, typer.Option(min=1, help="Horizon per run [days].")] = 120,
    max_run_seconds: Annotated[float, typer.Option(min=1, help="Wall time per run [s].")] = 1800,
) -> None:
    """Start the local service: the API under /api (OpenAPI at /api/docs), the dashboard at /.

    Runs execute in worker processes and are kept in --data-dir, so they survive a restart.
    Listens on 127.0.0.1 unless --host names another address, which needs --allow-remote
    (and should have a --token).

    Example: borderlever serve --port 8765
    """
    import uvicorn

    from borderlever.service import Limits, ServiceConfig, create_app
    from borderlever.service.config import default_home

    if not is_loopback(host):
        if not allow_remote:
            raise ConfigError(
                f"--host {host} is not a loopback address: the service would be reachable from "
                "other machines. Pass --allow-remote (and --token) if you mean it."
            )
        err_console.print(
            f"[bold yellow]warning:[/] listening on {escape(host)}: anyone who can reach this "
            "machine can use the service" + ("" if token else " (and no --token is set)"),
            highlight=False,
        )
    config = ServiceConfig(
        home=data_dir if data_dir is not None else default_home(),
        store=store,
        limits=Limits(
            concurrent_runs=max_concurrent,
            replications=max_replications,
            horizon_days=max_horizon_days,
            run_seconds=max_run_seconds,
        ),
        token=token,
    )
    err_console.print(
        f"borderlever service on http://{escape(host)}:{port}/ (API docs at /api/docs; runs "
        f"kept in {escape(str(config.runs_dir))})",
        highlight=False,
    )
    uvicorn.run(create_app(config), host=host, port=port, log_level="info")


def register(app: typer.Typer) -> None:
    """Attach ``borderlever serve``."""
    app.command("serve")(serve)
