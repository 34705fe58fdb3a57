"""Store build: tables, sources, columns and views written; a failed or interrupted build leaves
the previous store byte-identical and no temporary file behind."""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from borderlever.data.build import build_store
from borderlever.data.readers import bts_crossings as bts
from borderlever.data.registry import Dataset, Source
from borderlever.data.schema import Column, TableSchema
from borderlever.errors import DataError

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bts_fake import write_bts

EXTRA = TableSchema("extra", "A test table.", (Column("x", "BIGINT", "-", "A number."),))


def _extra(read) -> Dataset:  # type: ignore[no-untyped-def]
    src = Source("Test", "http://example.invalid", "none", "test", ("bts_border_crossing/*.gz",))
    return Dataset(
        name="zz_extra",
        title="extra",
        source=src,
        tables=(EXTRA,),
        read=read,
        views={
            "extra_total": "SELECT sum(x) AS total, (SELECT count(*) FROM ports) AS n_ports FROM extra"
        },
    )


def _ok(_raw: Path) -> dict[str, pd.DataFrame]:
    return {"extra": pd.DataFrame({"x": [1, 2, 3]})}


def test_build_writes_tables_sources_columns_views(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    write_bts(raw)
    store = tmp_path / "s.duckdb"
    report = build_store(raw, store, progress=False, only=[bts.DATASET, _extra(_ok)])
    assert report.origin == {"bts_crossings": "raw", "zz_extra": "raw"}
    con = duckdb.connect(str(store), read_only=True)
    try:
        assert con.execute("SELECT total, n_ports FROM extra_total").fetchone() == (6, 3)
        src = con.execute("SELECT dataset, file, bytes, length(sha256) FROM sources").fetchall()
        assert src[0][:2] == (
            "bts_crossings",
            "bts_border_crossing/Border_Crossing_Entry_Data_test.csv.gz",
        )
        assert src[0][3] == 64
        cols = con.execute(
            'SELECT "column", unit FROM columns WHERE "table" = \'bts_port_month\''
        ).fetchall()
        assert ("count", "vehicles, containers or persons") in cols
        types = dict(
            con.execute(
                "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'port_month_crossings'"
            ).fetchall()
        )
        assert types["month"] == "DATE" and types["port_code"] == "VARCHAR"
    finally:
        con.close()


def _failing(exc: BaseException):  # type: ignore[no-untyped-def]
    def read(_raw: Path) -> dict[str, pd.DataFrame]:
        raise exc

    return read


@pytest.mark.parametrize("exc", [DataError("bad row", file="f.csv", row=3), KeyboardInterrupt()])
def test_failed_build_leaves_previous_store(tmp_path: Path, exc: BaseException) -> None:
    raw = tmp_path / "raw"
    write_bts(raw)
    store = tmp_path / "s.duckdb"
    build_store(raw, store, progress=False, only=[bts.DATASET])
    before = store.read_bytes()
    with pytest.raises(type(exc)):
        build_store(raw, store, progress=False, only=[bts.DATASET, _extra(_failing(exc))])
    assert store.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["raw", "s.duckdb"]


def test_bad_frame_fails_validation_and_keeps_store(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    write_bts(raw)
    store = tmp_path / "s.duckdb"
    build_store(raw, store, progress=False, only=[bts.DATASET])
    before = store.read_bytes()
    bad = _extra(lambda _raw: {"extra": pd.DataFrame({"x": ["1", "many"]})})
    with pytest.raises(DataError) as info:
        build_store(raw, store, progress=False, only=[bts.DATASET, bad])
    assert (info.value.row, info.value.column) == (2, "x")
    assert store.read_bytes() == before


def test_missing_raw_dir_is_a_data_error(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="raw data directory"):
        build_store(tmp_path / "absent", tmp_path / "s.duckdb", progress=False)


def test_bundled_build_gives_the_contract_views(tmp_path: Path) -> None:
    store = tmp_path / "b.duckdb"
    report = build_store(store=store, bundled=True, progress=False)
    assert report.origin["bts_crossings"] == "bundled"
    assert set(report.origin.values()) <= {"bundled", "empty"}
    con = duckdb.connect(str(store), read_only=True)
    try:
        cols = [r[0] for r in con.execute("DESCRIBE ports").fetchall()]
        assert cols[:6] == ["port_code", "port_name", "state", "border", "lat", "lon"]
        cols = [r[0] for r in con.execute("DESCRIBE port_month_crossings").fetchall()]
        assert cols[:4] == ["port_code", "month", "measure", "count"]
        n = con.execute(
            "SELECT count(*) FROM port_month_crossings WHERE port_code = '2304'"
        ).fetchone()
        assert n is not None and n[0] > 1000
    finally:
        con.close()


KILL_SCRIPT = """
import sys, time
from pathlib import Path
import pandas as pd
sys.path.insert(0, {tests!r})
from borderlever.data.build import build_store
from borderlever.data.readers import bts_crossings as bts
from borderlever.data.registry import Dataset, Source
from borderlever.data.schema import Column, TableSchema

def slow(raw):
    print("reading", flush=True)
    time.sleep(60)
    return {{}}

ds = Dataset("zz", "z", Source("T", "u", "-", "-", ("bts_border_crossing/*.gz",)),
             (TableSchema("zz", "z", (Column("x", "BIGINT", "-", "x"),)),), slow)
build_store({raw!r}, {store!r}, progress=False, only=[bts.DATASET, ds])
"""


def test_killed_build_leaves_previous_store(tmp_path: Path) -> None:
    """SIGKILL in the middle of a build: store unchanged; the next build removes the leftover."""
    import os
    import signal
    import subprocess

    raw = tmp_path / "raw"
    write_bts(raw)
    store = tmp_path / "s.duckdb"
    build_store(raw, store, progress=False, only=[bts.DATASET])
    before = store.read_bytes()
    script = KILL_SCRIPT.format(tests=str(Path(__file__).parent), raw=str(raw), store=str(store))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, env=env, text=True
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "reading"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        proc.kill()
    assert store.read_bytes() == before
    assert list(tmp_path.glob(".s.duckdb.*.building*"))  # the killed build's temp file is left
    build_store(raw, store, progress=False, only=[bts.DATASET])
    assert not list(tmp_path.glob(".s.duckdb.*.building*"))


def test_same_store_for_any_number_of_threads(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    write_bts(raw)
    frames = []
    for jobs in (1, 2):
        store = tmp_path / f"s{jobs}.duckdb"
        build_store(raw, store, progress=False, only=[bts.DATASET, _extra(_ok)], jobs=jobs)
        con = duckdb.connect(str(store), read_only=True)
        try:
            frames.append(
                [
                    con.execute(f"SELECT * FROM {t}").df()
                    for t in ("port_month_crossings", "extra", "sources")
                ]
            )
        finally:
            con.close()
    for a, b in zip(*frames, strict=True):
        pd.testing.assert_frame_equal(a, b)


def test_dataset_without_raw_or_bundle_is_empty(tmp_path: Path) -> None:
    src = Source("T", "http://example.invalid", "-", "-", ("nothing/*.csv",))
    ds = Dataset("zz_none", "none", src, (EXTRA,), _failing(AssertionError("not called")))
    (tmp_path / "raw").mkdir()
    report = build_store(tmp_path / "raw", tmp_path / "s.duckdb", progress=False, only=[ds])
    assert report.origin == {"zz_none": "empty"} and report.rows == {"extra": 0}
