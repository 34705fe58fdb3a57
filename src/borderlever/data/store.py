"""Read access to the DuckDB store: the one way models and interfaces get data.

Models never import this module (they take frames); the edges (CLI, service, scenario runner,
``network.load_*`` style loaders) call :func:`query` and hand frames to the models.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from borderlever.data.build import build_store
from borderlever.data.paths import resolve_store
from borderlever.errors import BorderleverError

__all__ = ["StoreMissingError", "connect", "query", "resolve_store"]


class StoreMissingError(BorderleverError):
    """No store file exists at the path asked for."""


def connect(
    store: str | Path | None = None, *, build_if_missing: bool = True
) -> duckdb.DuckDBPyConnection:
    """Open the store read-only.

    Parameters
    ----------
    store : path, optional
        Store file; default :func:`~borderlever.data.paths.default_store_path`.
    build_if_missing : bool
        Build it first (from raw files if found, else from the bundled tables) when absent.
    """
    path = resolve_store(store)
    if not path.exists():
        if not build_if_missing:
            raise StoreMissingError(f"no store at {path}; run `borderlever data build` first")
        build_store(store=path)
    return duckdb.connect(str(path), read_only=True)


def query(
    sql: str, params: list[Any] | None = None, *, store: str | Path | None = None
) -> pd.DataFrame:
    """Run ``sql`` against the store and return a DataFrame."""
    con = connect(store)
    try:
        return con.execute(sql, params or []).df()
    finally:
        con.close()
