"""impact_from_sim time for a border-sized run, against a reference in the same process.

Case: 30 replications x 10 ports x 2 truck classes x 30 days (18,000 daily rows), a synthetic
closure, the real WIOD 2011 table where the raw files exist (else a random 140-sector table).
Reference: one 140 x 140 matrix inversion repeated 100 times (numpy), so the ratio travels across
machines.  Target: < 5 s per call on a 2-core machine (the runner calls it once per scenario).

Run: ``python benchmarks/economics_bench.py``.
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd

from borderlever.data.paths import default_raw_dir
from borderlever.economics import IOTable, impact_from_sim, read_wiod_na4
from borderlever.economics.costs import DAILY_COLUMNS
from borderlever.economics.trade import TRADE_COLUMNS

PORTS = ["2304", "2305", "2401", "2506", "2408", "2604", "2507", "2301", "2402", "2303"]


def _daily(reps: int = 30, days: int = 30) -> pd.DataFrame:
    rows = []
    for rep in range(reps):
        for port in PORTS:
            for cls in ("truck_standard", "truck_fast"):
                held = 0.0
                for day in range(days):
                    closed = 5 <= day < 15
                    ret = 0.0 if closed else min(held, 300.0)
                    held += 700.0 if closed else -ret
                    arr = 0.0 if closed else 1000.0 + ret
                    rows.append(
                        (
                            rep,
                            port,
                            cls,
                            day,
                            1000.0,
                            arr,
                            arr,
                            0.5 * arr + ret,
                            700.0 if closed else 0.0,
                            300.0 if closed else 0.0,
                            0.0,
                            0.0,
                            0.0,
                        )
                    )
    return pd.DataFrame(rows, columns=list(DAILY_COLUMNS))


def _io() -> IOTable:
    raw = default_raw_dir()
    folder = raw / "io_tables/wiod2013/derived" if raw is not None else None
    if folder is not None and folder.is_dir():
        return read_wiod_na4(folder)
    rng = np.random.default_rng(0)
    labels = tuple(f"{r}_c{s}" for r in ("USA", "MEX", "CAN", "ROW") for s in range(1, 36))
    Z, Y = rng.uniform(0, 1, (140, 140)), rng.uniform(20, 40, (140, 4))
    return IOTable(Z, Y, Z.sum(1) + Y.sum(1), labels, ("USA_C", "MEX_C", "CAN_C", "ROW_C"))


def main() -> None:
    trade = pd.DataFrame(
        [
            (p, 2023, d, "truck", h, 1e9, 12, "MEX")
            for p in PORTS
            for d in ("import", "export")
            for h in ("87", "85", "07", "84", "27")
        ],
        columns=[*TRADE_COLUMNS, "country"],
    )
    gdp = pd.DataFrame(
        {
            "country_iso3": ["USA", "MEX", "CAN"],
            "year": 2023,
            "gdp_usd": [27.7e12, 1.79e12, 2.14e12],
        }
    )
    daily, io = _daily(), _io()
    m = np.random.default_rng(1).uniform(0, 0.005, (140, 140))
    t0 = time.perf_counter()
    for _ in range(100):
        np.linalg.inv(np.eye(140) - m)
    ref = time.perf_counter() - t0
    impact_from_sim(daily, trade, gdp, io)  # warm-up (imports, caches)
    t0 = time.perf_counter()
    impact_from_sim(daily, trade, gdp, io)
    sec = time.perf_counter() - t0
    print(
        f"impact_from_sim, {len(daily):,} daily rows: {sec:.2f} s = {sec / ref:.2f} x reference "
        f"(100 inversions of a 140x140 matrix, {ref:.3f} s); target < 5 s"
    )


if __name__ == "__main__":
    main()
