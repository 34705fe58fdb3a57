"""Bundled tables: small Parquet extracts of the store shipped inside the package.

``borderlever data bundle`` writes, for every dataset's ``bundle`` mapping (``table -> SQL WHERE``
filter or ``None``), ``src/borderlever/data/bundled/<table>.parquet`` and a JSON sidecar
``<table>.json`` (dataset, table, source, sha256 of the raw inputs, row count, filter, and the command
that regenerates it).  Output is deterministic: rows sorted by the primary key (else every column),
fixed Parquet settings, no timestamps.  With no raw files, :func:`read_bundled` feeds the store build.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from borderlever.data.paths import BUNDLED_DIR, default_raw_dir
from borderlever.data.readers._io import sha256_file
from borderlever.data.registry import Dataset, datasets
from borderlever.data.schema import TableSchema
from borderlever.errors import DataError

REGENERATE = "borderlever data bundle --raw ../shared/data/raw"
_PARQUET = {
    "compression": "zstd",
    "compression_level": 9,
    "row_group_size": 1 << 20,
    "version": "2.6",
}


def bundled_paths(table: str, dest: Path = BUNDLED_DIR) -> tuple[Path, Path]:
    """The Parquet file and JSON sidecar of a bundled table."""
    return dest / f"{table}.parquet", dest / f"{table}.json"


def select_bundle_rows(frame: pd.DataFrame, where: str | None, schema: TableSchema) -> pd.DataFrame:
    """Rows of ``frame`` matching the SQL ``where`` filter, sorted deterministically.

    Examples
    --------
    >>> from borderlever.data.schema import Column, TableSchema
    >>> s = TableSchema("t", "d", (Column("k", "BIGINT", "-", "key"),), ("k",))
    >>> select_bundle_rows(pd.DataFrame({"k": [3, 1, 2]}), "k >= 2", s)["k"].tolist()
    [2, 3]
    """
    out = frame
    if where:
        con = duckdb.connect()
        try:
            con.register("_t", frame.assign(__row=np.arange(len(frame))))
            keep = con.execute(f"SELECT __row FROM _t WHERE {where}").fetchnumpy()["__row"]
        except duckdb.Error as exc:
            raise DataError(
                f"bundle filter of {schema.name} fails: {exc}", expected="a SQL WHERE clause"
            ) from exc
        finally:
            con.close()
        out = frame.iloc[np.sort(keep)]
    keys = list(schema.primary_key) or schema.column_names
    return out.sort_values(keys, kind="stable", na_position="first").reset_index(drop=True)


def write_bundle(
    raw_dir: str | Path | None = None,
    dest: Path = BUNDLED_DIR,
    *,
    only: str | None = None,
    from_store: Path | None = None,
) -> list[Path]:
    """Write the bundled Parquet files and sidecars of every dataset (or ``only`` one).

    ``from_store`` takes the tables from a store already built from ``raw_dir`` instead of running
    the readers again (same rows: the store holds the readers' checked output); the sidecars still
    hash the raw files.  Returns the Parquet paths written.
    """
    raw = Path(raw_dir) if raw_dir is not None else default_raw_dir()
    if raw is None or not raw.is_dir():
        raise DataError(
            "raw data directory not found", file=str(raw), expected="--raw DIR with the raw files"
        )
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    for ds in datasets():
        if not ds.bundle or (only is not None and ds.name != only):
            continue
        frames = ds.read(raw) if from_store is None else _store_frames(from_store, ds)
        inputs = _input_rows(ds, raw)
        for table, where in sorted(ds.bundle.items()):
            schema = ds.table(table)
            frame = schema.validate(frames[table], source=f"{ds.name}:{table}")
            rows = select_bundle_rows(frame, where, schema)
            parquet, sidecar = bundled_paths(table, dest)
            pq.write_table(pa.Table.from_pandas(rows, preserve_index=False), parquet, **_PARQUET)
            meta = {
                "dataset": ds.name,
                "table": table,
                "publisher": ds.source.publisher,
                "url": ds.source.url,
                "vintage": ds.source.vintage,
                "licence": ds.source.licence,
                "inputs": inputs,
                "rows": len(rows),
                "filter": where,
                "regenerate": f"{REGENERATE} --only {ds.name}",
            }
            sidecar.write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n")
            written.append(parquet)
    return written


def _store_frames(store: Path, ds: Dataset) -> dict[str, pd.DataFrame]:
    con = duckdb.connect(str(store), read_only=True)
    try:
        return {t: con.execute(f'SELECT * FROM "{t}"').df() for t in ds.bundle}
    finally:
        con.close()


def _input_rows(ds: Dataset, raw: Path) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for pattern in ds.source.files:
        for path in sorted(p for p in raw.glob(pattern) if p.is_file()):
            rows.append(
                {
                    "file": path.relative_to(raw).as_posix(),
                    "sha256": sha256_file(path),
                    "bytes": path.stat().st_size,
                }
            )
    return rows


def read_bundled(
    ds: Dataset, src: Path = BUNDLED_DIR
) -> tuple[Mapping[str, pd.DataFrame], list[dict[str, object]]]:
    """The dataset's bundled tables (empty frames for tables not bundled) and its ``sources`` rows."""
    frames: dict[str, pd.DataFrame] = {}
    sources: list[dict[str, object]] = []
    for schema in ds.tables:
        parquet, sidecar = bundled_paths(schema.name, src)
        if schema.name in ds.bundle and parquet.is_file():
            frames[schema.name] = pq.read_table(parquet).to_pandas()
            meta = json.loads(sidecar.read_text()) if sidecar.is_file() else {}
            for item in meta.get("inputs", []):
                if not any(s["file"] == item["file"] for s in sources):
                    sources.append(_source_row(ds, item))
        else:
            frames[schema.name] = pd.DataFrame(
                {c: pd.Series(dtype=object) for c in schema.column_names}
            )
    return frames, sources


def _source_row(ds: Dataset, item: dict[str, object]) -> dict[str, object]:
    return {
        "dataset": ds.name,
        "publisher": ds.source.publisher,
        "url": ds.source.url,
        "vintage": ds.source.vintage,
        "file": item["file"],
        "sha256": item["sha256"],
        "bytes": item["bytes"],
        "licence": ds.source.licence,
        "origin": "bundled",
    }
