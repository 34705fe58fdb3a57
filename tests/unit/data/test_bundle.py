"""Bundled tables: regenerating them from the raw files gives what is committed; a store built
from them has the same rows as the raw store inside each bundle filter."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.parquet as pq
import pytest

from borderlever.data.build import build_store
from borderlever.data.bundle import bundled_paths, select_bundle_rows, write_bundle
from borderlever.data.paths import BUNDLED_DIR
from borderlever.data.registry import datasets
from borderlever.data.schema import Column, TableSchema

BUNDLED = [ds for ds in datasets() if ds.bundle]


def test_bundle_from_readers_equals_bundle_from_store(
    raw_dir: Path, raw_store: Path, tmp_path: Path
) -> None:
    """The shortcut used above gives the same files as running the reader (one dataset)."""
    a = write_bundle(raw_dir, tmp_path / "a", only="texas_bridges")
    b = write_bundle(raw_dir, tmp_path / "b", only="texas_bridges", from_store=raw_store)
    for pa_, pb_ in zip(a, b, strict=True):
        pd.testing.assert_frame_equal(
            pq.read_table(pa_).to_pandas(), pq.read_table(pb_).to_pandas()
        )


def test_select_rows_sorted_and_filtered() -> None:
    schema = TableSchema(
        "t", "d", (Column("k", "VARCHAR", "-", "k"), Column("v", "BIGINT", "-", "v"))
    )
    frame = pd.DataFrame({"k": ["b", "a", "c"], "v": [2, 1, 3]})
    out = select_bundle_rows(frame, "v < 3", schema)
    assert out.to_dict("list") == {"k": ["a", "b"], "v": [1, 2]}


@pytest.mark.parametrize("ds", BUNDLED, ids=lambda d: d.name)
def test_bundle_regenerates_as_committed(
    ds, raw_dir: Path, raw_store: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """Regenerated from the raw files (through the shared raw store) = committed, frame by frame."""
    write_bundle(raw_dir, tmp_path, only=ds.name, from_store=raw_store)
    for table in ds.bundle:
        new_pq, new_meta = bundled_paths(table, tmp_path)
        old_pq, old_meta = bundled_paths(table, BUNDLED_DIR)
        assert old_pq.is_file(), f"{old_pq} not committed: run `borderlever data bundle`"
        pd.testing.assert_frame_equal(
            pq.read_table(new_pq).to_pandas(), pq.read_table(old_pq).to_pandas()
        )
        assert json.loads(new_meta.read_text()) == json.loads(old_meta.read_text())


def test_bundled_store_matches_raw_store_inside_filters(raw_store: Path, tmp_path: Path) -> None:
    bundled = tmp_path / "b.duckdb"
    build_store(store=bundled, bundled=True, progress=False)
    con = duckdb.connect(str(bundled), read_only=True)
    con.execute(f"ATTACH '{raw_store}' AS raw (READ_ONLY)")
    try:
        for ds in BUNDLED:
            for table, where in ds.bundle.items():
                cond = f"WHERE {where}" if where else ""
                diff = con.execute(
                    f"SELECT count(*) FROM ((SELECT * FROM raw.{table} {cond}) "
                    f"EXCEPT ALL (SELECT * FROM main.{table}))"
                ).fetchone()
                n = con.execute(f"SELECT count(*) FROM main.{table}").fetchone()
                m = con.execute(f"SELECT count(*) FROM raw.{table} {cond}").fetchone()
                assert diff == (0,) and n == m, table
        one = "SELECT sum(count) FROM {}port_month_crossings WHERE year(month) = 2024 AND measure = 'Trucks'"
        assert con.execute(one.format("")).fetchone() == con.execute(one.format("raw.")).fetchone()
    finally:
        con.close()


def test_bundle_is_small() -> None:
    total = sum(p.stat().st_size for p in BUNDLED_DIR.glob("*.parquet"))
    assert total < 8_000_000, f"bundled tables take {total:,} bytes"
