"""Sweeps on the whole US-Mexico border: throughput per worker, 1 -> 2 workers, the cost of an
economics-only point against a full one, memory per worker.

Prints ``name: value`` lines (all in one run, so the ratios share the machine's load):

* ``sweep_points_per_min_1_worker`` / ``_2_workers``: full points (each its own simulation of
  ``seed-14-day-closure`` at 4 replications, then priced) per minute on a Dask ``LocalCluster``,
  timed from the first task (cluster start-up excluded; each worker's first task includes loading
  the schedule and store frames it then caches);
* ``sweep_speedup_1_to_2_workers``: the ratio of the two wall times (goal >= 1.7);
* ``sweep_econ_point_s`` / ``sweep_full_point_s`` / ``sweep_econ_over_full``: mean seconds to price
  a point whose simulation is shared against simulate + price (goal <= 0.2), serially;
* ``sweep_worker_max_rss_mb``: peak resident memory of a worker process over its tasks.

``BORDERLEVER_BENCH_UNCERTAINTY=1`` adds ``uncertainty_64x4_s``: ``borderlever run
seed-14-day-closure --uncertainty 64 --workers 2`` (the base run and a 64-point sample at 4
replications per point; several minutes).  Uses ``$BORDERLEVER_STORE``.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

FULL_POINTS = 6
ECON_POINTS = 6


def _load() -> str:
    with open("/proc/loadavg", encoding="ascii") as fh:
        return fh.read().split()[0]


def _plan(points: int, sim_points: int, names: list[str]):
    from borderlever.runs.pipeline import resolve_scenario
    from borderlever.uncertainty.design import registry_factors
    from borderlever.uncertainty.sweep import plan_sweep

    resolved = resolve_scenario("seed-14-day-closure", replications=4)
    return plan_sweep(
        resolved, registry_factors(names), points=points, sim_points=sim_points, seed=5
    )


def bench_workers() -> None:
    from borderlever.uncertainty.sweep import run_sweep

    names = ["behaviour.truck_max_wait_h", "economics.truck_cost_usd_per_h"]
    plan = _plan(FULL_POINTS, FULL_POINTS, names)
    walls, rss = {}, 0.0
    for n in (1, 2):
        with tempfile.TemporaryDirectory() as tmp:
            run = run_sweep(plan, Path(tmp) / "s", workers=n)
        walls[n] = run.wall_s
        rss = max(rss, run.max_rss_mb)
        print(
            f"sweep_points_per_min_{n}_worker{'s' if n > 1 else ''}: {60 * FULL_POINTS / run.wall_s:.2f}"
        )
    print(f"sweep_speedup_1_to_2_workers: {walls[1] / walls[2]:.2f}")
    print(f"sweep_worker_max_rss_mb: {rss:.0f}")


def bench_econ_point() -> None:
    from borderlever.uncertainty.sweep import run_sweep

    plan = _plan(ECON_POINTS, 1, ["economics.truck_cost_usd_per_h", "behaviour.defer_share"])
    with tempfile.TemporaryDirectory() as tmp:
        run = run_sweep(plan, Path(tmp) / "s")
    econ = run.econ_s / ECON_POINTS
    full = run.sim_s + econ
    print(f"sweep_econ_point_s: {econ:.2f}")
    print(f"sweep_full_point_s: {full:.2f}")
    print(f"sweep_econ_over_full: {econ / full:.3f}")


def bench_uncertainty() -> None:
    import subprocess
    import sys

    exe = str(Path(sys.executable).with_name("borderlever"))
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        subprocess.run(
            [exe, "run", "seed-14-day-closure", "--uncertainty", "64", "--workers", "2", "-q"]
            + ["--out", str(Path(tmp) / "u")],
            check=True,
        )
        print(f"uncertainty_64x4_s: {time.perf_counter() - t0:.0f}")


def main() -> None:
    from borderlever.uncertainty.cluster import warm_kernel

    warm_kernel()
    print(f"sweep_load_average_at_start: {_load()}")
    bench_econ_point()
    bench_workers()
    if os.environ.get("BORDERLEVER_BENCH_UNCERTAINTY") == "1":
        bench_uncertainty()
    print(f"sweep_load_average_at_end: {_load()}")


if __name__ == "__main__":
    main()
