"""Sweeps on the tiny store: simulation groups, reuse, per-point seeds, resumption, Parquet."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from borderlever.errors import ConfigError
from borderlever.runs.headline import headline_by_replication
from borderlever.runs.pipeline import resolve_scenario, run_scenario
from borderlever.uncertainty.design import registry_factors
from borderlever.uncertainty.sweep import (
    load_results,
    missing_points,
    plan_sweep,
    point_scenario,
    run_sweep,
)

NAMES = ["economics.truck_cost_usd_per_h", "behaviour.truck_max_wait_h"]


@pytest.fixture(scope="module")
def sweep(tiny_store, tiny_scenario):
    resolved = resolve_scenario(tiny_scenario, store=tiny_store)
    factors = registry_factors(NAMES)
    return plan_sweep(resolved, factors, points=6, sim_points=2, seed=3, store=tiny_store)


@pytest.fixture(scope="module")
def serial(sweep, tmp_path_factory):
    folder = tmp_path_factory.mktemp("sweep") / "serial"
    run = run_sweep(sweep, folder)
    return folder, run


def test_points_share_one_simulation_per_group(sweep, serial):
    assert sweep.points["sim_group"].nunique() == 2
    res = load_results(serial[0], wide=True)
    assert len(res) == 6 * 2  # points x replications
    for _, g in res.groupby("sim_group"):
        # economics-only parameters vary inside a group: the simulated figures do not
        assert g.groupby("replication")["totals.trucks_served"].nunique().max() == 1
        assert g["economics.cost_usd.USA"].nunique() > 1
    assert res.groupby("sim_group")["totals.deferred"].mean().nunique() == 2


def test_a_point_alone_gives_the_sweep_numbers(sweep, serial, tiny_store):
    pid = 4
    alone = run_scenario(point_scenario(sweep, pid), store=tiny_store)
    mine = headline_by_replication(alone)
    res = load_results(serial[0])
    got = res[res["point_id"] == pid]
    for name in ("economics.cost_usd.MEX", "totals.mean_wait_h", "economics.leverage_ratio"):
        values = got[got["output"] == name].sort_values("replication")["value"].to_numpy()
        np.testing.assert_array_equal(values, mine[name])


def test_resume_reruns_only_missing_points(sweep, serial, tmp_path):
    folder, _ = serial
    target = tmp_path / "copy"
    import shutil

    shutil.copytree(folder, target)
    victims = sorted((target / "results").glob("*/point-00000[35].parquet"))
    assert len(victims) == 2
    for v in victims:
        v.unlink()
    assert sorted(missing_points(sweep, target)["point_id"]) == [3, 5]
    again = run_sweep(sweep, target)
    assert (again.computed, again.skipped) == (2, 4)
    pd.testing.assert_frame_equal(load_results(target), load_results(folder))


def test_interrupted_sweep_resumes(tiny_store, tiny_scenario, tmp_path):
    """A sweep stopped after its first group (as by Ctrl-C or a killed job) keeps that group's
    files and leaves no partial file; the rerun computes the rest only."""
    resolved = resolve_scenario(tiny_scenario, store=tiny_store)
    sweep = plan_sweep(resolved, registry_factors(NAMES), points=2, sim_points=2, store=tiny_store)
    folder = tmp_path / "killed"

    def stop(done: int, total: int) -> None:
        if 0 < done < total:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_sweep(sweep, folder, progress=stop)
    assert len(missing_points(sweep, folder)) == 1
    assert not list(folder.rglob("*.tmp"))
    rest = run_sweep(sweep, folder)
    assert (rest.computed, rest.skipped) == (1, 1)


def test_another_plan_in_the_same_folder_is_refused(sweep, serial, tiny_store, tiny_scenario):
    resolved = resolve_scenario(tiny_scenario, store=tiny_store)
    other = plan_sweep(resolved, registry_factors(NAMES[:1]), points=3, store=tiny_store)
    with pytest.raises(ConfigError, match="different sweep"):
        run_sweep(other, serial[0])


def test_independent_seeds_follow_the_simulation_values(tiny_store, tiny_scenario):
    resolved = resolve_scenario(tiny_scenario, store=tiny_store)
    sw = plan_sweep(
        resolved,
        registry_factors(NAMES),
        points=4,
        sim_points=2,
        seeds="independent",
        store=tiny_store,
    )
    per_group = sw.points.groupby("sim_group")["seed"].nunique()
    assert (per_group == 1).all() and sw.points["seed"].nunique() == 2
    again = plan_sweep(
        resolved,
        registry_factors(NAMES),
        points=4,
        sim_points=2,
        seeds="independent",
        store=tiny_store,
    )
    pd.testing.assert_frame_equal(sw.points, again.points)
