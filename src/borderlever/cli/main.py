"""Entry point: ``borderlever``.  Exit codes: 0 ok, 2 bad input, 1 internal error."""

from __future__ import annotations

from typing import Any

import typer
from rich.markup import escape
from typer.core import TyperGroup

from borderlever import __version__
from borderlever.cli._console import err_console
from borderlever.errors import BorderleverError


class _Group(TyperGroup):
    """Turns a :class:`BorderleverError` anywhere below into one message and exit code 2."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except BorderleverError as exc:
            err_console.print(
                f"[bold red]error:[/] {escape(str(exc))}", highlight=False, soft_wrap=True
            )
            raise typer.Exit(2) from None


app = typer.Typer(
    cls=_Group,
    name="borderlever",
    help="What happens, and to whom, when US land ports of entry close or slow down.\n\n"
    "Example: borderlever data build && borderlever run seed-14-day-closure",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"borderlever {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """borderlever command line."""


def _register() -> None:
    """Attach each command group; a group module exposes ``register(app)``."""
    import importlib
    import pkgutil

    import borderlever.cli as pkg

    for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda m: m.name):
        if info.name in {"main"} or info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{pkg.__name__}.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(app)


_register()


def main() -> None:
    """Console-script entry point."""
    import sys

    from borderlever.cli.run import optional_uncertainty_value

    try:
        app(args=optional_uncertainty_value(sys.argv[1:]))
    except BorderleverError as exc:  # raised outside a command (e.g. while registering)
        err_console.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False)
        raise SystemExit(2) from None
