"""Terminal output for the CLI.

A rich ``Console`` reads the terminal width (``COLUMNS``) when it is created; one created at import
time would keep the width of whatever environment first imported the module (a test runner, a
pipe).  :data:`console` creates a fresh one on each use, so the width is always the caller's.
Written to a file or a pipe with no ``COLUMNS`` set, rich would wrap at 80 columns and fold a
wide table (the validation scorecard) into one word per line; there the width is
:data:`PIPE_WIDTH` instead.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from rich.console import Console

#: Columns when writing to a file or a pipe with no ``COLUMNS`` set [characters].
PIPE_WIDTH = 200


class _FreshConsole:
    def __init__(self, **kwargs: Any) -> None:
        self._kwargs = kwargs

    def __getattr__(self, name: str) -> Any:
        kwargs = dict(self._kwargs)
        stream = sys.stderr if kwargs.get("stderr") else sys.stdout
        if "COLUMNS" not in os.environ and not getattr(stream, "isatty", lambda: False)():
            kwargs.setdefault("width", PIPE_WIDTH)
        return getattr(Console(**kwargs), name)


#: Standard output console (fresh per use).
console: Any = _FreshConsole()
#: Standard error console (fresh per use).
err_console: Any = _FreshConsole(stderr=True)
