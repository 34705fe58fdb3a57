"""Travellers who stay home when the posted wait is long (``forgone``): rule checks at tiny scale.

The posted wait of hour h is the mean primary wait of the vehicles that reached a booth in hour
h - 1; a native car or pedestrian arriving in hour h stays home with probability
``1 - (1 + x / cost) ** -e`` where x is the posted wait above the no-policy run's (same
replication).  See docs/sim.md, "Travellers who stay home".
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from borderlever.economics.passengers import PassengerParams, lost_person_trips
from borderlever.network.policies import LaneCut
from borderlever.network.schedule import DriverReactions, single_port_schedule
from borderlever.sim import layout as L
from borderlever.sim import simulate
from borderlever.sim.compile import compile_schedule
from borderlever.sim.engine import replication_seeds, run_compiled

CUT = LaneCut(1440.0, 2880.0, lanes=2)  # day 1: 4 of 6 car lanes, demand above capacity


def _schedule(rate: float = 200.0, lanes: int = 6, days: float = 3):
    return single_port_schedule(
        rate,
        lanes=lanes,
        primary_mean_min=1.5,
        days=days,
        tail_days=1,
        vehicle_class="pov_standard",
        port_code="2402",
    )


def _reactions(eps: float = 1.0, cost_min: float = 150.0) -> DriverReactions:
    return DriverReactions(
        patience_mean_min={"pov_standard": 180.0},
        divert_share={"pov_standard": 0.0},
        defer_share={"pov_standard": 0.5},
        forgo_elasticity={"pov_standard": eps},
        forgo_trip_cost_min=cost_min,
    )


def test_a_policy_that_changes_nothing_forgoes_nothing_exactly() -> None:
    """No excess posted wait (a cut of 0 lanes: the policy run is the no-policy run): nothing
    forgone, and every figure equals the no-policy one exactly."""
    r = simulate(
        _schedule(),
        [LaneCut(1440.0, 2880.0, lanes=0)],
        reactions=_reactions(),
        replications=2,
        seed=4,
    )
    d = r.daily
    assert (d["forgone"] == 0).all()
    assert (d["served"] == d["baseline_served"]).all()
    assert (d["wait_vehicle_h"] == d["baseline_wait_vehicle_h"]).all()
    assert (r.hourly["forgone"] == 0).all() and (r.ports["forgone"] == 0).all()


def test_a_queue_above_normal_sends_travellers_home_and_they_are_lost() -> None:
    """A lane cut that builds a queue: travellers stay home during it (never before), they are
    counted in baseline_arrivals but not in arrivals, and the served gap they leave is not made
    up (lost trips, not postponed)."""
    r = simulate(_schedule(), [CUT], reactions=_reactions(), replications=2, seed=4)
    d = r.daily.groupby("day")[
        ["forgone", "baseline_arrivals", "arrivals", "returned", "diverted_in"]
    ].sum()
    assert d.loc[0, "forgone"] == 0 and d.loc[1, "forgone"] > 0.05 * d.loc[1, "baseline_arrivals"]
    assert (
        d["arrivals"] == d["baseline_arrivals"] - d["forgone"] + d["returned"] + d["diverted_in"]
    ).all()
    tot = r.daily[["served", "baseline_served", "forgone", "cancelled"]].sum()
    gap = tot["baseline_served"] - tot["served"]
    # the gap at the end of the run is what was forgone or cancelled (a few in line at the end)
    assert abs(gap - tot["forgone"] - tot["cancelled"]) <= 0.01 * tot["forgone"] + 20


def test_switched_off_the_run_is_the_run_without_the_reaction() -> None:
    """Elasticity 0: the same numbers, bit for bit, as reactions without the field."""
    off = simulate(_schedule(), [CUT], reactions=_reactions(eps=0.0), replications=2, seed=9)
    plain = simulate(
        _schedule(),
        [CUT],
        reactions=replace(_reactions(), forgo_elasticity={}),
        replications=2,
        seed=9,
    )
    pd.testing.assert_frame_equal(off.daily, plain.daily)
    assert (off.daily["forgone"] == 0).all()


def test_a_seed_reproduces_every_forgone_trip() -> None:
    a = simulate(_schedule(), [CUT], reactions=_reactions(), replications=2, seed=21)
    b = simulate(_schedule(), [CUT], reactions=_reactions(), replications=2, seed=21)
    pd.testing.assert_frame_equal(a.daily, b.daily)
    pd.testing.assert_frame_equal(a.hourly, b.hourly)
    assert a.daily["forgone"].sum() > 0


def test_without_a_no_policy_run_nobody_forgoes_and_the_notes_say_so() -> None:
    r = simulate(_schedule(), [CUT], reactions=_reactions(), replications=1, seed=2, baseline=False)
    assert r.daily["forgone"].sum() == 0
    assert any("baseline=False" in n for n in r.notes)


def forced_excess_share(excess_min: float, eps: float, cost_min: float, seed: int = 5):
    """(forgone, native arrivals) when every hour's posted wait is ``excess_min`` above normal:
    ample lanes (nobody waits, posted wait 0) against a normal of ``-excess_min``."""
    s = _schedule(rate=600.0, lanes=60, days=2)
    c = compile_schedule(s, _reactions(eps, cost_min))
    seeds = replication_seeds(seed, 1)["seed_u64"].to_numpy(np.uint64)
    norm = np.zeros((1, len(c.qid), c.n_h, 2))
    norm[..., L.PW_SUM], norm[..., L.PW_N] = -excess_min, 1.0
    raw = run_compiled(c, seeds, norm=norm)
    first = raw[0, :, 1:]  # hour 0 has no posted wait (no hour before it)
    assert raw[0, :, :, L.K_WAIT_SUM].sum() == 0.0  # nobody waited: the excess is exact
    return first[..., L.K_FORGO].sum(), first[..., L.K_BASE].sum()


@pytest.mark.parametrize(("excess", "eps"), [(30.0, 1.0), (120.0, 0.5)])
def test_forced_excess_forgoes_the_closed_form_share(excess: float, eps: float) -> None:
    """Share forgone = 1 - (1 + x / cost) ** -e within binomial noise (5 s.e.)."""
    gone, n = forced_excess_share(excess, eps, 150.0)
    p = 1.0 - (1.0 + excess / 150.0) ** -eps
    assert abs(gone / n - p) < 5 * np.sqrt(p * (1 - p) / n)


def test_forgone_trips_are_priced_as_lost_passenger_trips() -> None:
    """The passenger economics reads the served gap, so a forgone car counts as a cancelled one:
    lost person-trips = (forgone + cancelled cars) x persons per car (a few still in line at
    the end aside)."""
    r = simulate(_schedule(), [CUT], reactions=_reactions(), replications=1, seed=6)
    pp = PassengerParams.defaults()
    lost = lost_person_trips(r.daily, pp)["lost_trips"].sum()
    gone = r.daily[["forgone", "cancelled"]].sum().sum() * pp.persons_per_vehicle
    assert r.daily["forgone"].sum() > 0
    assert lost == pytest.approx(gone, rel=0.02)


def test_the_registry_reaches_the_engine_and_a_scenario_can_switch_it_off() -> None:
    """``driver_reactions`` gives the registry's elasticity and trip cost to cars and
    pedestrians only; a scenario's ``parameters`` (or a sweep point) override both."""
    import datetime as dt

    from borderlever.parameters import default
    from borderlever.scenarios.convert import driver_reactions, scenario_values
    from borderlever.scenarios.spec import ScenarioSpec

    def spec(**params: float) -> ScenarioSpec:
        return ScenarioSpec(
            name="x",
            description="d",
            start=dt.date(2025, 1, 1),
            horizon_days=1,
            ports={"codes": ["2402"]},
            parameters=params,
        )

    r = driver_reactions(spec().reactions, scenario_values(spec()))
    eps = default("behaviour.forgo_cost_elasticity")
    assert r.forgo_elasticity == dict.fromkeys(
        ("pov_standard", "pov_ready", "pov_sentri", "pedestrian"), eps
    )
    assert r.forgo_trip_cost_min == 60.0 * default("behaviour.forgo_trip_cost_h")
    off = spec(**{"behaviour.forgo_cost_elasticity": 0.0, "behaviour.forgo_trip_cost_h": 1.0})
    r0 = driver_reactions(off.reactions, scenario_values(off))
    assert set(r0.forgo_elasticity.values()) == {0.0} and r0.forgo_trip_cost_min == 60.0
