"""``borderlever ports``: list land ports of entry and show one port's traffic and trade."""

from __future__ import annotations

import typer
from rich.table import Table

from borderlever.cli._console import console
from borderlever.cli._options import StoreOpt

ports_app = typer.Typer(
    help="Land ports of entry.\n\nExample: borderlever ports show 2304", no_args_is_help=True
)


@ports_app.command("list")
def list_ports(
    border: str | None = typer.Option(None, "--border", help="mexico or canada."),
    store: StoreOpt = None,
) -> None:
    """List ports with code, name, state, border and coordinates.

    Example: borderlever ports list --border mexico
    """
    from borderlever.data.inspect import port_list

    frame = port_list(border, store)
    table = Table("code", "name", "state", "border", "lat", "lon", title=f"{len(frame)} ports")
    for r in frame.itertuples(index=False):
        table.add_row(
            str(r.port_code),
            str(r.port_name),
            str(r.state),
            str(r.border),
            f"{r.lat:.3f}",
            f"{r.lon:.3f}",
        )
    console.print(table)


@ports_app.command("show")
def show(
    code: str = typer.Argument(..., help="CBP port code, e.g. 2304, or a port name (Laredo)."),
    store: StoreOpt = None,
) -> None:
    """Show a port: traffic by measure over its last 12 months, and trade by mode and direction.

    Example: borderlever ports show 2304
    """
    from borderlever.data.inspect import port_detail

    detail = port_detail(code, store)
    p = detail["port"]
    console.print(
        f"[bold]{p['port_code']} {p['port_name']}[/], {p['state']} ({p['border']}), lat {p['lat']:.3f} lon {p['lon']:.3f}"
    )
    traffic = detail["traffic"]
    if len(traffic):
        span = f"{str(traffic['first_month'].min())[:7]} to {str(traffic['last_month'].max())[:7]}"
        table = Table("measure", "inbound count", title=f"last 12 months ({span})")
        for r in traffic.itertuples(index=False):
            table.add_row(r.measure, f"{int(r.count_12mo):,}")
        console.print(table)
    trade = detail["trade"]
    if trade is not None and len(trade):
        table = Table(
            "year", "months", "direction", "mode", "value_usd", title="trade by mode and direction"
        )
        for r in trade.itertuples(index=False):
            table.add_row(
                str(r.year), str(r.months_covered), r.direction, r.mode, f"{r.value_usd:,.0f}"
            )
        console.print(table)


def register(app: typer.Typer) -> None:
    """Attach the ``ports`` group."""
    app.add_typer(ports_app, name="ports")
