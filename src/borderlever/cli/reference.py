"""Generate ``docs/cli.md`` from the Typer app: every command, its help, options and example.

Run ``python -m borderlever.cli.reference > docs/cli.md``; ``tests/unit/cli/test_cli_docs.py``
fails when the file is out of date or a command lacks help or an example.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import typer

HEADER = """# Command line reference

Generated from the Typer app by `python -m borderlever.cli.reference > docs/cli.md`; a test
checks it is current.  Exit codes: 0 ok, 2 bad input (message, no traceback), 1 internal error.
"""


def walk(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every (path, command) below ``command``, depth first, sorted by name."""
    yield path, command
    subs = getattr(command, "commands", None)
    if subs:
        for name in sorted(subs):
            yield from walk(subs[name], (*path, name))


def _params(command: Any) -> list[str]:
    lines = []
    for p in command.params:
        if p.param_type_name == "argument":
            lines.append(
                f"- `{p.name.upper()}` (argument): {getattr(p, 'help', '') or ''}".rstrip()
            )
        elif p.param_type_name == "option":
            if p.hidden:
                continue
            flags = ", ".join(f"`{o}`" for o in p.opts + p.secondary_opts)
            default = (
                "" if p.default in (None, False) or p.is_flag else f" (default: `{p.default}`)"
            )
            lines.append(f"- {flags}: {p.help or ''}{default}".rstrip())
    return lines


def cli_markdown(app: typer.Typer | None = None) -> str:
    """The command reference as Markdown."""
    if app is None:
        from borderlever.cli.main import app as main_app

        app = main_app
    root = typer.main.get_command(app)
    parts = [HEADER]
    for path, command in walk(root):
        if not path:
            continue
        name = " ".join(("borderlever", *path))
        level = "#" * min(len(path) + 1, 4)
        parts.append(f"{level} `{name}`\n")
        help_text = (command.help or "").strip()
        parts.append(help_text + "\n")
        params = _params(command)
        if params:
            parts.append("\n".join(params) + "\n")
    return "\n".join(parts)


def commands(app: typer.Typer | None = None) -> list[tuple[str, Any]]:
    """(full name, command) of every command and group below the root."""
    if app is None:
        from borderlever.cli.main import app as main_app

        app = main_app
    root = typer.main.get_command(app)
    return [(" ".join(("borderlever", *p)), c) for p, c in walk(root) if p]


if __name__ == "__main__":  # pragma: no cover
    print(cli_markdown(), end="")
