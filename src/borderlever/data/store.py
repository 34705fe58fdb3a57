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

__all__ = [
    "StoreCorruptError",
    "StoreMissingError",
    "connect",
    "query",
    "rebuild_hint",
    "resolve_store",
]


class StoreMissingError(BorderleverError):
    """No store file exists at the path asked for."""


class StoreCorruptError(BorderleverError):
    """The store file exists but cannot be opened as a DuckDB database."""


def rebuild_hint(path: Path) -> str:
    """The command that (re)builds the store at ``path``."""
    return f"`borderlever data build --store {path}`"


def connect(
    store: str | Path | None = None, *, build_if_missing: bool | None = None
) -> duckdb.DuckDBPyConnection:
    """Open the store read-only.

    Parameters
    ----------
    store : path, optional
        Store file; default :func:`~borderlever.data.paths.default_store_path`.
    build_if_missing : bool, optional
        Build it first (from raw files if found, else from the bundled tables) when absent.
        Default: only for the default store; a path given explicitly must exist (a misspelt
        ``--store`` is an error, not a new 40 MB store in the wrong place).

    Raises
    ------
    StoreMissingError
        No store at a path given explicitly (or ``build_if_missing=False``); names the command
        that builds it.
    StoreCorruptError
        The path is a folder, or not a readable DuckDB file; names the command that rebuilds it.
    """
    path = resolve_store(store)
    if build_if_missing is None:
        build_if_missing = store is None
    if path.is_dir():
        raise StoreCorruptError(
            f"store {path} is a folder, not a DuckDB file; give the file (e.g. {path / 'store.duckdb'}) "
            f"or build one with {rebuild_hint(path / 'store.duckdb')}"
        )
    if not path.exists():
        if not build_if_missing:
            raise StoreMissingError(
                f"no store at {path} (--store); check the path, or build it with {rebuild_hint(path)}"
            )
        build_store(store=path)
    try:
        return duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:
        first = " ".join(str(exc).split())[:200]
        raise StoreCorruptError(
            f"store {path} cannot be opened ({type(exc).__name__}: {first}); it is damaged or "
            f"not a borderlever store: rebuild it with {rebuild_hint(path)}"
        ) from None


def query(
    sql: str, params: list[Any] | None = None, *, store: str | Path | None = None
) -> pd.DataFrame:
    """Run ``sql`` against the store and return a DataFrame."""
    con = connect(store)
    try:
        return con.execute(sql, params or []).df()
    finally:
        con.close()
