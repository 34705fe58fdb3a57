"""Travellers who stay home: the numba engine against the SimPy reference.

Source: :mod:`borderlever.sim.reference`, an independent event-driven implementation of the same
model (posted wait = mean primary wait of the vehicles that reached a booth the hour before;
normal = the no-policy run's; the reference takes each decision's uniform from its own NumPy
stream, the fast engine hashes it from the traveller's number), so the two agree in
distribution, not number for number.  Workload: one car port, 6 lanes of 1.5 min for 200 cars
an hour, two lanes cut for one day (demand 25 % above capacity): the queue builds until the
travellers who stay home hold it.  Tolerance: the difference of the two replication means
within 4 standard errors of that difference (Welch, 4 + 4 replications), on the share of the
cut day's cars forgone and on the mean wait of those served.
"""

from __future__ import annotations

import numpy as np

from borderlever.network.policies import LaneCut, apply_policies
from borderlever.network.schedule import DriverReactions, single_port_schedule
from borderlever.sim import layout as L
from borderlever.sim.compile import active_queues, compile_schedule
from borderlever.sim.engine import run_policy_compiled

REACT = DriverReactions(
    patience_mean_min={"pov_standard": 180.0},
    divert_share={"pov_standard": 0.0},
    defer_share={"pov_standard": 0.5},
    forgo_elasticity={"pov_standard": 1.0},
    forgo_trip_cost_min=150.0,
)


def _metrics(engine: str, seed: int, reps: int = 4) -> tuple[np.ndarray, np.ndarray]:
    s = single_port_schedule(
        200.0, lanes=6, primary_mean_min=1.5, days=3, tail_days=1, vehicle_class="pov_standard"
    )
    p = apply_policies(s, [LaneCut(1440.0, 2880.0, lanes=2)])
    active = active_queues(s, p)
    cp, cb = compile_schedule(p, REACT, active), compile_schedule(s, REACT, active)
    seeds = np.random.SeedSequence(seed).generate_state(reps, np.uint64)
    raw = run_policy_compiled(cp, cb, seeds, engine)
    day = raw[:, 0, 24:48]
    share = day[..., L.K_FORGO].sum(axis=1) / day[..., L.K_BASE].sum(axis=1)
    wait = raw[:, 0, :, L.K_WAIT_SUM].sum(axis=1) / raw[:, 0, :, L.K_SERVED].sum(axis=1)
    return share, wait


def test_forgone_trips_fast_engine_against_simpy_reference() -> None:
    fast, ref = _metrics("fast", 1), _metrics("reference", 2)
    assert fast[0].mean() > 0.05  # the workload does send travellers home
    for f, r in zip(fast, ref, strict=True):
        se = np.sqrt(f.var(ddof=1) / len(f) + r.var(ddof=1) / len(r))
        assert abs(f.mean() - r.mean()) <= 4 * se + 1e-9, (f.mean(), r.mean(), se)
