"""Booths (and bays) blocked by a full line in front of the added stage: the numba engine
against the SimPy reference.

Source: :mod:`borderlever.sim.reference`, an independent event-driven implementation in which a
vehicle sent to the added stage keeps its primary booth (or, if referred, its secondary bay: a
SimPy lane it has not released) until it holds a place in the line in front of the added stage
(a ``simpy.Resource`` of the line's capacity, queued in the order vehicles leave the federal
stages, freed when the added inspection starts): exactly the physical rule.  The fast engine
computes the same rule inside its primary loop, entering vehicles into the line in primary
*start* order rather than the order they leave the federal stages (its one approximation,
docs/sim.md), so the two agree in distribution, not number for number.

Workload: one truck port, 2 primary lanes of 4 min (cv 0.5) for 10 trucks an hour, 30 % of the
trucks sent to one added station of 18 min (cv 0.5; load 0.9) with a line of 1 or 2 places,
4 days: the line is full often, so held booths delay the trucks behind them.  One workload
also refers 20 % to two secondary bays of 10 min (the referred trucks hold their bay, not their
booth) and adds patience (mean 90 min) with deferral.  Tolerance: the difference of the two
replication means lies within 3.5 standard errors of that difference (Welch, 100 + 100
replications; 3.5 keeps the false-alarm rate of the 10 comparisons together near 0.5 %), on the
mean wait, the served count, the held booth-hours (``secondary_blocked_h``), the mean queue and
the give-ups.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from borderlever.network.policies import EnhancedInspection
from borderlever.network.schedule import DriverReactions, single_port_schedule
from borderlever.sim.compile import compile_schedule

PATIENT = DriverReactions(
    patience_mean_min={"truck_standard": 90.0},
    divert_share={"truck_standard": 0.0},
    defer_share={"truck_standard": 0.5},
)
CASES = {
    "line_1_no_reactions": (1, 0.0, DriverReactions.none()),
    "line_2_secondary_patience": (2, 0.2, PATIENT),
}


def _metrics(
    run: Callable[..., np.ndarray], case: str, engine: str, reps: int, seed: int
) -> np.ndarray:
    lot, sec, react = CASES[case]
    s = single_port_schedule(
        10.0,
        lanes=2,
        primary_mean_min=4.0,
        primary_cv=0.5,
        secondary_share=sec,
        secondary_bays=2,
        secondary_mean_min=10.0,
        secondary_cv=0.5,
        days=4,
        tail_days=1,
    )
    pol = EnhancedInspection(
        0.0,
        4 * 24 * 60.0,
        added_stage_share=0.3,
        added_stage_mean_min=18.0,
        added_stage_cv=0.5,
        added_stage_servers=1,
        added_stage_lot=lot,
    )
    c = compile_schedule(pol.apply(s), react)
    return run(c, engine, reps, seed)


@pytest.mark.parametrize("case", list(CASES))
def test_added_line_against_simpy_reference(
    case: str, blocking_metrics: Callable[..., np.ndarray]
) -> None:
    """Mean wait, served, held booth-hours, mean queue and give-ups agree (module docstring)."""
    fast = _metrics(blocking_metrics, case, "fast", 100, 1)
    ref = _metrics(blocking_metrics, case, "reference", 100, 2)
    assert fast[:, 2].mean() > 5.0  # the line fills: booths are held for hours
    for k, name in enumerate(("wait", "served", "held_h", "queue", "gave_up")):
        se = np.sqrt(fast[:, k].var(ddof=1) / 100 + ref[:, k].var(ddof=1) / 100)
        diff = abs(fast[:, k].mean() - ref[:, k].mean())
        assert diff <= 3.5 * se + 1e-9, (case, name, fast[:, k].mean(), ref[:, k].mean(), se)
