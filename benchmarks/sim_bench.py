"""Simulation benchmarks: fast engine vs SimPy reference, and the whole US-Mexico border.

Prints ``name: value`` lines only.  The first (compiling) call is never timed.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pandas as pd

from borderlever.network.schedule import DriverReactions, single_port_schedule
from borderlever.sim.compile import compile_schedule
from borderlever.sim.engine import run_compiled, simulate

REPS_FAST = 200
REPS_SIMPY = 2  # SimPy timed on 2 replications and scaled to 200 (stated in the output)


def reference_workload():
    """One port, 8 lanes, 1,000 trucks/day NHPP (peak 2x mean), 10 % to 4 secondary bays, 30 days."""
    hours = np.arange(24)
    prof = 1000.0 / 24 * (1 + np.sin((hours - 9) / 24 * 2 * np.pi))  # peak = 2 x mean at 15:00
    return single_port_schedule(
        prof,
        lanes=8,
        primary_mean_min=2.0,
        primary_cv=0.5,
        days=30,
        secondary_share=0.1,
        secondary_bays=4,
        secondary_mean_min=30.0,
        secondary_cv=0.7,
        tail_days=1,
    )


def bench_reference_workload() -> None:
    c = compile_schedule(reference_workload(), DriverReactions.none())
    seeds = np.random.SeedSequence(1).generate_state(REPS_FAST, np.uint64)
    run_compiled(c, seeds[:2])  # compile / warm
    t, cpu = time.perf_counter(), time.process_time()
    out = run_compiled(c, seeds)
    fast, fast_cpu = time.perf_counter() - t, time.process_time() - cpu
    vehicles = out[..., 0].sum()
    t = time.perf_counter()
    run_compiled(c, seeds[:REPS_SIMPY], "reference")
    simpy = (time.perf_counter() - t) * REPS_FAST / REPS_SIMPY
    print(f"reference_workload_vehicles_per_rep: {vehicles / REPS_FAST:.0f}")
    print(f"fast_200_reps_s: {fast:.3f}")
    print(f"simpy_200_reps_s_scaled_from_{REPS_SIMPY}: {simpy:.1f}")
    print(f"speedup_vs_simpy: {simpy / fast:.0f}")
    print(f"ns_per_vehicle: {fast / vehicles * 1e9:.0f}")
    print(f"ns_per_vehicle_cpu: {fast_cpu / vehicles * 1e9:.0f}")


def _border_frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    try:
        from borderlever.data.store import query

        ports = query(
            "SELECT port_code, port_name, state, border, lat, lon FROM ports WHERE border = 'US-Mexico Border'"
        )
        cross = query("SELECT port_code, month, measure, count FROM port_month_crossings")
        if len(ports) and len(cross):
            return ports, cross
    except Exception:
        pass
    raw = (
        Path(__file__).resolve().parents[1]
        / "../shared/data/raw/bts_border_crossing/bts_border_crossing_us_mexico_1996-01_to_2025-02.csv"
    )
    df = pd.read_csv(raw, dtype={"Port Code": str}).drop_duplicates()
    df["month"] = pd.to_datetime(df["Date"], format="%b %Y")
    df = df[df["month"] >= "2024-01-01"]
    ports = (
        df.groupby("Port Code")
        .agg(
            port_name=("Port Name", "first"),
            state=("State", "first"),
            border=("Border", "first"),
            lat=("Latitude", "first"),
            lon=("Longitude", "first"),
        )
        .reset_index()
        .rename(columns={"Port Code": "port_code"})
    )
    cross = df.rename(columns={"Port Code": "port_code", "Measure": "measure", "Value": "count"})[
        ["port_code", "month", "measure", "count"]
    ]
    return ports, cross


def bench_whole_border() -> None:
    from borderlever.network import build_network, build_schedule

    ports, cross = _border_frames()
    net = build_network(ports, cross, border="US-Mexico Border")
    s = build_schedule(net, "2024-03-04", days=30, tail_days=2)
    simulate(s, replications=1, seed=0)  # warm
    t, cpu = time.perf_counter(), time.process_time()
    res = simulate(s, replications=100, seed=1, baseline=False)
    wall, wall_cpu = time.perf_counter() - t, time.process_time() - cpu
    veh = res.daily["arrivals"].sum() / 100
    print(f"whole_border_ports: {len(s.port_codes)}")
    print(f"whole_border_queues: {res.meta['queues']}")
    print(f"whole_border_vehicles_per_rep: {veh:.0f}")
    print(f"whole_border_100_reps_s: {wall:.1f}")
    print(f"whole_border_100_reps_cpu_s: {wall_cpu:.1f}")
    print(f"whole_border_ns_per_vehicle_cpu: {wall_cpu / (veh * 100) * 1e9:.0f}")


def main() -> None:
    bench_reference_workload()
    bench_whole_border()


if __name__ == "__main__":
    main()
