"""Entry point: ``borderlever``.

One error path (README, "Reliability"): every failure ends in a one-line message on standard error
that names the file, field or option and what to do, and an exit code:

- 0: done;
- 2: bad input (a :class:`~borderlever.errors.BorderleverError`, a usage error, a path the user
  gave that cannot be read or written);
- 1: an internal failure (a bug, a full disk, out of memory): the message says so;
- 130: interrupted (Ctrl-C or SIGTERM); a run being written leaves no partial output folder.

No traceback unless ``--debug`` (or ``BORDERLEVER_DEBUG=1``) is given.
"""

from __future__ import annotations

import errno
import os
from typing import Any

import typer
from rich.markup import escape
from typer.core import TyperGroup

from borderlever import __version__
from borderlever.cli._console import err_console
from borderlever.errors import BorderleverError

#: Errors of a path the user named: bad input (exit 2).  Anything else from the OS: exit 1.
_INPUT_ERRNOS = {
    errno.EACCES,
    errno.EPERM,
    errno.ENOENT,
    errno.EISDIR,
    errno.ENOTDIR,
    errno.EEXIST,
    errno.EROFS,
    errno.ENAMETOOLONG,
    errno.ELOOP,
}


class _State:
    debug = False


def _say(message: str) -> None:
    """The message on standard error, one ``error:`` line (rich markup is not interpreted).

    A message that lists several problems (a scenario with three bad keys) keeps one line per
    problem (indented as the message has it); blank lines are dropped.
    """

    lines = [line.rstrip() for line in str(message).splitlines() if line.strip()]
    text = "\n".join(lines) or "unknown error"
    err_console.print(f"[bold red]error:[/] {escape(text)}", highlight=False, soft_wrap=True)


def explain(exc: BaseException) -> tuple[str, int]:
    """The one-line message and exit code for an exception that reached the command line."""
    if isinstance(exc, BorderleverError):
        return str(exc), 2
    if isinstance(exc, KeyboardInterrupt):
        return "interrupted; nothing was left half-written (run again to finish)", 130
    if isinstance(exc, OSError):
        where = exc.filename if exc.filename is not None else "a file"
        reason = exc.strerror or type(exc).__name__
        if exc.errno in _INPUT_ERRNOS:
            return f"{where}: {reason}; check the path and its permissions", 2
        if exc.errno == errno.ENOSPC:
            return f"{where}: no space left on the device; free space or write elsewhere", 1
        return f"{where}: {reason} (an operating-system error)", 1
    if isinstance(exc, MemoryError):
        return "out of memory; run fewer replications or ports at a time", 1
    text = f"{type(exc).__name__}: {exc}"
    return (
        f"internal error ({text[:300]}); this is a bug in borderlever: rerun with --debug "
        "for the traceback and report it",
        1,
    )


class _Group(TyperGroup):
    """Turns any exception below a command into one message and an exit code (module docstring)."""

    def invoke(self, ctx: Any) -> Any:
        _State.debug = os.environ.get("BORDERLEVER_DEBUG", "") not in ("", "0")
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, typer.TyperException):  # usage errors: typer's own
            raise
        except Exception as exc:
            if _State.debug:
                raise
            message, code = explain(exc)
        except KeyboardInterrupt as exc:
            message, code = explain(exc)
        _say(message)
        raise typer.Exit(code)


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
    debug: bool = typer.Option(
        False, "--debug", help="Show the Python traceback of an error (for bug reports)."
    ),
) -> None:
    """borderlever command line."""
    if debug:
        _State.debug = True


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


def _terminate(signum: int, frame: Any) -> None:
    """SIGTERM: unwind like Ctrl-C, so a run being written removes its temporary folder."""
    raise KeyboardInterrupt


def main() -> None:
    """Console-script entry point."""
    import signal

    signal.signal(signal.SIGTERM, _terminate)
    import sys

    from borderlever.cli.run import optional_uncertainty_value

    try:
        app(args=optional_uncertainty_value(sys.argv[1:]))
    except BorderleverError as exc:  # raised outside a command (e.g. while registering)
        _say(str(exc))
        raise SystemExit(2) from None
