"""Options that several command groups share, declared once."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

#: ``--store``: the DuckDB store a command reads (resolved by :mod:`borderlever.data.store`).
StoreOpt = Annotated[
    Path | None,
    typer.Option("--store", help="Store file (default $BORDERLEVER_STORE or the user data dir)."),
]
