"""``borderlever params``: the parameter registry (every model assumption) as a table or JSON."""

from __future__ import annotations

import dataclasses
import json
from typing import Annotated

import typer
from rich.table import Table

from borderlever.cli._console import console


def params(
    group: Annotated[
        str | None,
        typer.Option("--group", "-g", help="Only this group (economics, behaviour ...)."),
    ] = None,
    acts_on: Annotated[
        str | None,
        typer.Option("--acts-on", help="Only parameters acting on: sim, economics or standoff."),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the rows as a JSON list (every column).")
    ] = False,
    sources: Annotated[
        bool, typer.Option("--sources", help="Add the source and fitted_on columns to the table.")
    ] = False,
) -> None:
    """List the model's assumptions: name, unit, default, plausible range, distribution, confidence.

    Each is a row of src/borderlever/parameters/registry.csv; a scenario overrides any of them
    under `parameters:` and a sweep varies them over [low, high].  `acts_on` says whether changing
    it needs a new simulation (sim) or only re-prices one (economics).

    Example: borderlever params --group economics --json
    """
    from borderlever.errors import ConfigError
    from borderlever.parameters import ACTS_ON, registry

    rows = list(registry().values())
    groups = sorted({p.group for p in rows})
    if group is not None and group not in groups:
        raise ConfigError(f"--group {group!r} is not one of {groups}")
    if acts_on is not None and acts_on not in ACTS_ON:
        raise ConfigError(f"--acts-on {acts_on!r} is not one of {list(ACTS_ON)}")
    rows = [
        p
        for p in rows
        if (group is None or p.group == group) and (acts_on is None or p.acts_on == acts_on)
    ]
    if as_json:
        typer.echo(json.dumps([dataclasses.asdict(p) for p in rows], indent=2))
        return
    table = Table(title=f"{len(rows)} parameters (borderlever/parameters/registry.csv)")
    for col in ("name", "acts on", "default", "low", "high", "unit", "dist.", "conf."):
        table.add_column(col, no_wrap=col == "name")
    if sources:
        table.add_column("fitted on")
        table.add_column("source")
    for p in rows:
        cells = [
            p.name,
            p.acts_on,
            f"{p.default:g}",
            f"{p.low:g}",
            f"{p.high:g}",
            p.unit,
            p.distribution,
            p.confidence,
        ]
        table.add_row(*cells, *((p.fitted_on, p.source) if sources else ()))
    console.print(table)


def register(app: typer.Typer) -> None:
    """Attach ``borderlever params``."""
    app.command("params")(params)
