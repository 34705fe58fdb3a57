"""Store build time: full build from the raw files, per dataset, against a plain CSV parse.

Target: the whole build < 60 s on a 2-core machine.  The reference is DuckDB parsing the national
BTS file once (the biggest single input), in the same process, so the ratio travels across machines.

Run: ``python benchmarks/data_build.py``.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import duckdb

from borderlever.data.build import build_store
from borderlever.data.paths import default_raw_dir


def main() -> None:
    raw = default_raw_dir()
    if raw is None:
        print("raw data not found (../shared/data/raw); nothing to time")
        return
    bts = next((raw / "bts_border_crossing").glob("Border_Crossing_Entry_Data_*.csv.gz"))
    t0 = time.perf_counter()
    duckdb.sql(f"SELECT count(*) FROM read_csv('{bts}', all_varchar = true)").fetchall()
    ref = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as tmp:
        cpu0 = time.process_time()
        report = build_store(raw, Path(tmp) / "store.duckdb", progress=False)
        cpu = time.process_time() - cpu0
        bundled = build_store(store=Path(tmp) / "b.duckdb", bundled=True, progress=False)
    for name, sec in sorted(report.seconds_by_dataset.items(), key=lambda kv: -kv[1]):
        print(f"{name:<28} {sec:6.2f} s")
    print(f"reference (DuckDB parse of the BTS file): {ref:.2f} s")
    print(
        f"full build from raw: {report.seconds:.2f} s = {report.seconds / ref:.1f} x reference (target < 60 s)"
    )
    print(
        f"CPU time of the full build (all threads): {cpu:.2f} s (wall time grows with machine load)"
    )
    print(f"build from bundled tables: {bundled.seconds:.2f} s")


if __name__ == "__main__":
    main()
