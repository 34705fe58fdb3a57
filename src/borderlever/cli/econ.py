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


def _known_ports(store: Path | None) -> list[str]:
    """Every port code of the store's ``ports`` view."""
    from borderlever.data.store import query

    return sorted(query("SELECT port_code FROM ports", store=store)["port_code"].astype(str))


def _check_stake_inputs(
    trade: pd.DataFrame, ports: list[str], modes: list[str], year: int | None, store: Path | None
) -> None:
    """Unknown ports, modes or years are errors with did-you-mean, never a silent 0 USD."""
    from borderlever.errors import ConfigError, UnknownCodeError

    known_ports = _known_ports(store)
    for code in ports:
        if str(code).zfill(4) not in known_ports:
            raise UnknownCodeError("port code (PORTS)", str(code), known_ports)
    known_modes = sorted({str(m) for m in trade["mode"].dropna().unique()})
    for mode in modes:
        if mode.lower() not in known_modes:
            raise UnknownCodeError("mode (--modes)", mode, known_modes)
    years = sorted({int(y) for y in trade["year"].dropna().unique()})
    if year is not None and year not in years:
        raise ConfigError(
            f"--year {year}: the store has trade values for {years[0]}-{years[-1]}; choose one "
            "of those years, or leave --year out for the latest full year"
        )


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

    trade = _trade(store)
    _check_stake_inputs(trade, ports, modes, year, store)
    frame = trade_at_stake(
        trade,
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
    if bool(absent.all()):
        console.print("total: n/a (no trade data for any of these ports and modes)")
        return
    left_out = f"; {int(absent.sum())} port(s) without trade data left out" if absent.any() else ""
    console.print(
        f"total: {frame['value_usd'].sum():,.0f} USD (US imports + exports{left_out})",
        soft_wrap=True,
    )


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
