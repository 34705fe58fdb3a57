"""Read access to the DuckDB store: the one way models and interfaces get data.

Models never import this module (they take frames); the edges (CLI, service, scenario runner,
``network.load_*`` style loaders) call :func:`query` and hand frames to the models.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from borderlever.data.paths import default_store_path
from borderlever.errors import BorderleverError


class StoreMissingError(BorderleverError):
    """No store file exists at the path asked for."""


def resolve_store(store: str | Path | None = None) -> Path:
    """The store path: ``store`` if given, else ``$BORDERLEVER_STORE`` or the user data dir."""
    return Path(store) if store is not None else default_store_path()


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
        from borderlever.data.build import build_store  # the build lives beside the readers

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
