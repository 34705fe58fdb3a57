"""Travellers who stay home: the simulated response against the published elasticity it rests on.

Source: Lee, D. B. & Burris, M. W., "Demand Elasticities for Highway Travel", Appendix C of the
FHWA HERS technical report (2001 Conditions and Performance report): short-run elasticity of
highway travel with respect to its generalised price -1.0 (registry
``behaviour.forgo_cost_elasticity``, default 1.0).  An excess posted wait of x minutes raises a
trip's generalised cost from ``behaviour.forgo_trip_cost_h`` (in minutes) by x, so the trips
that remain are ``(1 + x / cost) ** -1`` of normal: the arc elasticity the engine implies,
``ln(trips kept) / ln(1 + x / cost)``, must equal the published -1.0.

Tolerance: binomial noise of the forgone share (5 standard errors, propagated to the
elasticity); the engine draws each traveller's decision independently, so nothing else
separates it from the closed form.  This checks the implementation against the published
number, not the number against border data (docs/sim.md says how weak that link is).
"""

from __future__ import annotations

import numpy as np
import pytest

from borderlever.network.schedule import DriverReactions, single_port_schedule
from borderlever.parameters import default
from borderlever.sim import layout as L
from borderlever.sim.compile import compile_schedule
from borderlever.sim.engine import replication_seeds, run_compiled

HERS_SHORT_RUN = -1.0  # Lee & Burris (2001), generalised-price elasticity of highway travel


@pytest.mark.parametrize("excess_min", [20.0, 90.0])
def test_implied_elasticity_against_hers_short_run(excess_min: float) -> None:
    eps = default("behaviour.forgo_cost_elasticity")
    cost = 60.0 * default("behaviour.forgo_trip_cost_h")
    assert -eps == HERS_SHORT_RUN  # the registry carries the published value
    s = single_port_schedule(
        800.0, lanes=80, primary_mean_min=1.5, days=2, tail_days=1, vehicle_class="pov_standard"
    )
    react = DriverReactions(forgo_elasticity={"pov_standard": eps}, forgo_trip_cost_min=cost)
    c = compile_schedule(s, react)
    norm = np.zeros((1, len(c.qid), c.n_h, 2))
    norm[..., L.PW_SUM], norm[..., L.PW_N] = -excess_min, 1.0  # posted wait x above normal
    raw = run_compiled(c, replication_seeds(12, 1)["seed_u64"].to_numpy(np.uint64), norm=norm)
    assert raw[0, :, :, L.K_WAIT_SUM].sum() == 0.0  # ample lanes: the excess is exactly x
    gone, n = raw[0, :, 1:, L.K_FORGO].sum(), raw[0, :, 1:, L.K_BASE].sum()
    kept = 1.0 - gone / n
    implied = np.log(kept) / np.log1p(excess_min / cost)
    p = 1.0 - (1.0 + excess_min / cost) ** HERS_SHORT_RUN
    se_kept = np.sqrt(p * (1 - p) / n)
    tol = 5 * se_kept / kept / np.log1p(excess_min / cost)  # delta method
    assert implied == pytest.approx(HERS_SHORT_RUN, abs=tol)
