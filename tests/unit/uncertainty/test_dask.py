"""Sweeps on Dask give the serial numbers: a 2-worker LocalCluster, and a scheduler and a worker
started as separate processes (`dask scheduler` / `dask worker`) on loopback."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from borderlever.errors import ConfigError
from borderlever.runs.pipeline import resolve_scenario
from borderlever.uncertainty.cluster import runner, warm_kernel
from borderlever.uncertainty.design import registry_factors
from borderlever.uncertainty.sweep import load_results, plan_sweep, run_sweep

NAMES = ["economics.holding_rate_per_year", "behaviour.defer_share"]
DASK = str(Path(sys.executable).with_name("dask"))


@pytest.fixture(scope="module")
def sweep_and_serial(tiny_store, tiny_scenario, tmp_path_factory):
    warm_kernel()  # compile (or load) the kernel here once, so workers load numba's cache
    resolved = resolve_scenario(tiny_scenario, store=tiny_store)
    sw = plan_sweep(
        resolved, registry_factors(NAMES), points=2, sim_points=2, seed=9, store=tiny_store
    )
    folder = tmp_path_factory.mktemp("dask") / "serial"
    run_sweep(sw, folder)
    return sw, load_results(folder)


def test_local_cluster_matches_serial(sweep_and_serial, tmp_path):
    sw, serial = sweep_and_serial
    seen: list[tuple[int, int]] = []
    run = run_sweep(sw, tmp_path / "local", workers=2, progress=lambda d, t: seen.append((d, t)))
    assert run.workers == 2 and run.computed == 2
    assert seen[0] == (0, 2) and seen[-1] == (2, 2)
    pd.testing.assert_frame_equal(load_results(tmp_path / "local"), serial)


def _wait_for(path: Path, procs: list[subprocess.Popen], timeout_s: float) -> None:
    end = time.monotonic() + timeout_s
    while time.monotonic() < end:
        if path.exists() and path.stat().st_size > 0:
            return
        if any(p.poll() is not None for p in procs):
            raise AssertionError("a dask process exited early")
        time.sleep(0.2)
    raise AssertionError(f"{path} did not appear within {timeout_s} s")


def test_separate_scheduler_and_worker_match_serial(sweep_and_serial, tmp_path):
    sw, serial = sweep_and_serial
    sched_file = tmp_path / "scheduler.json"
    env = {**os.environ, "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "10s"}
    flags = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "env": env}
    procs = [
        subprocess.Popen(
            [
                DASK,
                "scheduler",
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--no-dashboard",
                "--scheduler-file",
                str(sched_file),
            ],
            start_new_session=True,
            **flags,
        )
    ]
    try:
        _wait_for(sched_file, procs, 60)
        address = json.loads(sched_file.read_text())["address"]
        procs.append(
            subprocess.Popen(
                [
                    DASK,
                    "worker",
                    address,
                    "--nthreads",
                    "1",
                    "--nworkers",
                    "1",
                    "--no-dashboard",
                    "--host",
                    "127.0.0.1",
                ],
                start_new_session=True,
                **flags,
            )
        )
        from distributed import Client

        with Client(address, timeout="30s") as c:
            c.wait_for_workers(1, timeout=90)
        run = run_sweep(sw, tmp_path / "remote", scheduler=address)
        assert run.workers == 1 and run.computed == 2
        pd.testing.assert_frame_equal(load_results(tmp_path / "remote"), serial)
    finally:
        for p in reversed(procs):
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait(timeout=10)


def test_bad_cluster_options_are_clear(monkeypatch):
    import borderlever.uncertainty.cluster as cluster

    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", "1s")
    with pytest.raises(ConfigError, match="exclude each other"), runner(2, "tcp://127.0.0.1:1"):
        pass
    with (
        pytest.raises(ConfigError, match="no Dask scheduler answered"),
        runner(None, "tcp://127.0.0.1:9"),
    ):
        pass
