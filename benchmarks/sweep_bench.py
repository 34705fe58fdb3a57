"""Sweeps on the whole US-Mexico border: throughput per worker, 1 -> 2 workers, the cost of an
economics-only point against a full point, memory per worker.  One command, a few minutes:
``python benchmarks/sweep_bench.py`` (also run by ``make bench``).

Workload: ``seed-14-day-closure`` (28 ports, 21 days), 4 replications per point, a nested design of
``GROUPS`` simulations each priced for ``ECON_PER_GROUP`` economics draws (a truck-patience and a
truck-cost parameter), run once on a Dask ``LocalCluster`` of 1 worker and once of 2 (single-
threaded workers, one engine thread per task, as on a cluster).  Prints ``name: value`` lines:

* ``sweep_sim_per_point_s`` / ``sweep_econ_per_point_s``: mean seconds a worker spends simulating
  a point (4 replications, policy and its no-policy baseline) and pricing one;
* ``sweep_econ_over_full``: pricing an economics-only point (its simulation shared) over a full
  point (simulate + price), from the same worker's timings (goal <= 0.2);
* ``sweep_full_points_per_min_per_worker``: full points (simulate + price) per minute of one
  worker, from its task timings; ``sweep_points_per_min_1_worker`` / ``_2_workers``: points of the
  nested design (a full point and an economics-only one per simulation) per minute of wall time
  (each worker's first task includes loading the schedule and store frames it then caches);
* ``sweep_speedup_1_to_2_workers``: 1-worker wall time over 2-worker wall time, tasks only
  (cluster start-up excluded) (goal >= 1.7 on 2 cores);
* ``sweep_worker_store_load_s``: a worker's first task reading the schedule and store frames
  (once per worker process; counted in the wall times above, not in the per-point times);
* ``sweep_worker_peak_rss_mb``: largest peak resident memory of a worker process (whole border);
* the load average at start and end: on a shared machine read the ratios more than the seconds.

``BORDERLEVER_BENCH_UNCERTAINTY=1`` adds ``uncertainty_64x4_s``: ``borderlever run
seed-14-day-closure --uncertainty 64`` (the run, then a 64-point sample at 4 replications per
point, serially in one process, the command of issue 16's "Done when"; goal < 600 s).
Uses ``$BORDERLEVER_STORE``.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

GROUPS = 4
ECON_PER_GROUP = 2


def _load() -> str:
    with open("/proc/loadavg", encoding="ascii") as fh:
        return fh.read().split()[0]


def _plan():
    from borderlever.runs.pipeline import resolve_scenario
    from borderlever.uncertainty.design import registry_factors
    from borderlever.uncertainty.sweep import plan_sweep

    resolved = resolve_scenario("seed-14-day-closure", replications=4)
    names = ["behaviour.truck_max_wait_h", "economics.truck_cost_usd_per_h"]
    return plan_sweep(
        resolved,
        registry_factors(names),
        points=GROUPS * ECON_PER_GROUP,
        sim_points=GROUPS,
        seed=5,
    )


def bench_workers() -> None:
    from borderlever.uncertainty.sweep import run_sweep

    plan = _plan()
    points = len(plan.points)
    runs = {}
    for n in (1, 2):
        with tempfile.TemporaryDirectory() as tmp:
            runs[n] = run_sweep(plan, Path(tmp) / "s", workers=n)
    one = runs[1]
    sim = one.sim_s / one.groups
    econ = one.econ_s / points
    print(f"sweep_sim_per_point_s: {sim:.2f}")
    print(f"sweep_econ_per_point_s: {econ:.2f}")
    print(f"sweep_econ_over_full: {econ / (sim + econ):.3f}")
    print(f"sweep_full_points_per_min_per_worker: {60.0 / (sim + econ):.2f}")
    print(f"sweep_points_per_min_1_worker: {60.0 * points / one.wall_s:.2f}")
    print(f"sweep_points_per_min_2_workers: {60.0 * points / runs[2].wall_s:.2f}")
    print(f"sweep_speedup_1_to_2_workers: {one.wall_s / runs[2].wall_s:.2f}")
    print(f"sweep_worker_store_load_s: {one.load_s:.2f}")
    print(f"sweep_worker_peak_rss_mb: {max(r.max_rss_mb for r in runs.values()):.0f}")


def bench_uncertainty() -> None:
    import subprocess
    import sys

    exe = str(Path(sys.executable).with_name("borderlever"))
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        subprocess.run(
            [exe, "run", "seed-14-day-closure", "--uncertainty", "64", "-q"]
            + ["--out", str(Path(tmp) / "u")],
            check=True,
        )
        print(f"uncertainty_64x4_s: {time.perf_counter() - t0:.0f}")


def main() -> None:
    from borderlever.uncertainty.cluster import warm_kernel

    warm_kernel()  # compiles the kernels into numba's cache once, before any worker loads them
    print(f"sweep_load_average_at_start: {_load()}")
    t0 = time.perf_counter()
    bench_workers()
    print(f"sweep_bench_wall_s: {time.perf_counter() - t0:.0f}")
    if os.environ.get("BORDERLEVER_BENCH_UNCERTAINTY") == "1":
        bench_uncertainty()
    print(f"sweep_load_average_at_end: {_load()}")


if __name__ == "__main__":
    main()
