"""``borderlever econ``: trade at stake without a simulation, and the economic parameters."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import typer
from rich.table import Table

from borderlever.cli._console import console
from borderlever.cli._options import StoreOpt

econ_app = typer.Typer(
    help="Economics: trade at stake and parameters.\n\n"
    "Example: borderlever econ stake 2304 2402 --modes truck --days 14",
    no_args_is_help=True,
)


def _trade(store: Path | None) -> pd.DataFrame:
    """The ``port_year_trade`` view (edge: the CLI reads the store, the model does not)."""
    from borderlever.data.store import query

    return query("SELECT * FROM port_year_trade", store=store)


PORTS_ARG = typer.Argument(..., help="Schedule D port codes, e.g. 2304 (Laredo).")
MODES_OPT = typer.Option(
    ["truck"], "--modes", help="Modes closed: truck, rail, pipeline, ... (repeatable)."
)
DAYS_OPT = typer.Option(14, "--days", min=0, help="Length of the closure [days].")
YEAR_OPT = typer.Option(None, "--year", help="Trade year (default: the latest full year).")


@econ_app.command("stake")
def stake(
    ports: list[str] = PORTS_ARG,
    modes: list[str] = MODES_OPT,
    days: int = DAYS_OPT,
    year: int | None = YEAR_OPT,
    store: StoreOpt = None,
) -> None:
    """Trade at stake if these ports close to these modes for DAYS days (gross, not a loss).

    Example: borderlever econ stake 2304 --modes truck --days 14
    """
    from borderlever.economics import trade_at_stake

    frame = trade_at_stake(
        _trade(store),
        ports=ports,
        modes=modes,
        days=days,
        year=year,
        by=["port_code", "country", "direction"],
    )
    table = Table(
        "port",
        "partner",
        "direction",
        "USD per day",
        f"USD over {days} days",
        title=f"trade at stake, {frame.attrs['year']} TransBorder values",
    )
    absent = frame["value_usd"].isna().to_numpy()
    for r, missing in zip(frame.itertuples(index=False), absent, strict=True):
        table.add_row(
            str(r.port_code),
            "" if missing else str(r.country),
            "" if missing else str(r.direction),
            "n/a" if missing else f"{r.value_usd_per_day:,.0f}",
            "n/a" if missing else f"{r.value_usd:,.0f}",
        )
    console.print(table)
    for note in frame["note"]:
        if note:
            console.print(f"note: {note}", soft_wrap=True)
    console.print(f"total: {frame['value_usd'].sum():,.0f} USD (US imports + exports)")


@econ_app.command("params")
def params() -> None:
    """List the economic parameters with default, unit and source.

    Example: borderlever econ params
    """
    from borderlever.economics.params import DEFAULT_PARAMS, PARAMETER_INFO

    table = Table("name", "default", "allowed", "unit", "source", title="EconParams")
    for name, (low, high, unit, source) in PARAMETER_INFO.items():
        table.add_row(name, str(getattr(DEFAULT_PARAMS, name)), f"{low}..{high}", unit, source)
    console.print(table)


def register(app: typer.Typer) -> None:
    """Attach the ``econ`` group."""
    app.add_typer(econ_app, name="econ")
