"""The dataset registry: every source the store is built from, discovered from ``data.readers``.

A reader module (one per source) exposes ``DATASET: Dataset``.  The store build iterates
:func:`datasets`, calls ``dataset.read(raw_dir)``, validates each frame against its
:class:`~borderlever.data.schema.TableSchema`, records each input file's sha256 in the ``sources``
table and finally creates the dataset's views.  Models never import readers: they query the views.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from borderlever.data.schema import TableSchema


@dataclass(frozen=True)
class Source:
    """Where a dataset comes from (one row of the ``sources`` table per input file).

    Parameters
    ----------
    publisher : str
        Official publisher (``"U.S. DOT Bureau of Transportation Statistics"``).
    url : str
        Official address of the dataset.
    licence : str
        Licence or terms (``"public domain (US government work)"``).
    vintage : str
        Release or snapshot the raw files represent (``"2025-02 release"``).
    files : tuple of str
        Glob patterns, relative to the raw directory, of the input files this dataset reads.
    """

    publisher: str
    url: str
    licence: str
    vintage: str
    files: tuple[str, ...]


Reader = Callable[[Path], Mapping[str, pd.DataFrame]]


@dataclass(frozen=True)
class Dataset:
    """One source: its provenance, the tables it writes, how to read them, and its views.

    Parameters
    ----------
    name : str
        Short id (``"bts_crossings"``).
    title : str
        Human title.
    source : Source
        Provenance.
    tables : tuple of TableSchema
        The tables the reader returns (keyed by ``TableSchema.name``).
    read : callable
        ``read(raw_dir) -> {table_name: frame}``; raises ``DataError`` on bad input.
    views : mapping of str to str
        ``view_name -> SELECT ...`` over this (and earlier) datasets' tables, created after all
        tables exist.  View names and columns are a public contract.
    bundle : mapping of str to str or None
        Tables shipped in the package (``src/borderlever/data/bundled``): ``table -> SQL WHERE``
        filter (``None`` = the whole table).  With no raw files the store is built from these.
    """

    name: str
    title: str
    source: Source
    tables: tuple[TableSchema, ...]
    read: Reader
    views: Mapping[str, str] = field(default_factory=dict)
    bundle: Mapping[str, str | None] = field(default_factory=dict)

    def table(self, name: str) -> TableSchema:
        for t in self.tables:
            if t.name == name:
                return t
        raise KeyError(name)


def datasets() -> list[Dataset]:
    """All registered datasets, in module-name order (stable, so builds are deterministic)."""
    import borderlever.data.readers as pkg

    found: list[Dataset] = []
    for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{pkg.__name__}.{info.name}")
        ds = getattr(module, "DATASET", None)
        if isinstance(ds, Dataset):
            found.append(ds)
    return found
