"""Where raw files, the store and the bundled tables live (overridable by environment variables).

- ``BORDERLEVER_RAW_DIR``: the raw public files (default: ``../shared/data/raw`` beside the
  project checkout, or beside the current directory).
- ``BORDERLEVER_STORE``: the DuckDB store (default: the user data directory,
  e.g. ``~/.local/share/borderlever/store.duckdb``).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

BUNDLED_DIR = Path(__file__).with_name("bundled")
#: Repository root when running from a source checkout (src/borderlever/data/paths.py -> root).
_SOURCE_ROOT = Path(__file__).resolve().parents[3]


def default_raw_dir() -> Path | None:
    """The raw data directory, or ``None`` where none exists (then the bundled tables are used)."""
    env = os.environ.get("BORDERLEVER_RAW_DIR")
    if env:
        return Path(env)
    for base in (_SOURCE_ROOT, Path.cwd()):
        candidate = (base / ".." / "shared" / "data" / "raw").resolve()
        if candidate.is_dir():
            return candidate
    return None


def default_store_path() -> Path:
    """The store file used when no ``--store`` is given."""
    env = os.environ.get("BORDERLEVER_STORE")
    if env:
        return Path(env)
    return platformdirs.user_data_path("borderlever") / "store.duckdb"


def resolve_store(store: str | Path | None = None) -> Path:
    """The store path: ``store`` if given, else ``$BORDERLEVER_STORE`` or the user data dir."""
    return Path(store) if store is not None else default_store_path()
