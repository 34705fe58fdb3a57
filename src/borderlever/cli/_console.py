"""Terminal output for the CLI.

A rich ``Console`` reads the terminal width (``COLUMNS``) when it is created; one created at import
time would keep the width of whatever environment first imported the module (a test runner, a
pipe).  :data:`console` creates a fresh one on each use, so the width is always the caller's.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console


class _FreshConsole:
    def __init__(self, **kwargs: Any) -> None:
        self._kwargs = kwargs

    def __getattr__(self, name: str) -> Any:
        return getattr(Console(**self._kwargs), name)


#: Standard output console (fresh per use).
console: Any = _FreshConsole()
#: Standard error console (fresh per use).
err_console: Any = _FreshConsole(stderr=True)
