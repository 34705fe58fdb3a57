"""The war-of-attrition solver: best replies, giving-in distributions, outcome accounting."""

from __future__ import annotations

import numpy as np
import pytest

from borderlever.standoff.model import (
    Game,
    Side,
    best_reply,
    cost_path,
    outcome,
    play_pmf,
    type_values,
)


def _side(cost=1e-4, value=0.01, hazard=2e-4, audience=0.0):
    return Side(np.full(1, cost), value, 1.0, hazard, audience)


def test_best_reply_is_monotone_in_the_type():
    rng = np.random.default_rng(1)
    other = rng.dirichlet(np.ones(30)) * 0.8
    stops = best_reply(np.geomspace(1e-3, 10, 50), np.full(30, 0.05), other)
    assert np.all(np.diff(stops) >= 0)


def test_play_pmf_mass_and_never():
    pmf = play_pmf(np.array([3, 10, 10]), 0.1, 10)
    assert pmf.sum() == pytest.approx(1 - (2 / 3) * 0.9**10)
    assert np.all(pmf >= 0)


def test_cost_path_threat_stage_then_imposition():
    side = Side(np.array([1.0, 2.0]), 0.01, 1.0, 0.0)
    game = Game(side, side, 3, 0.1, horizon_days=6)
    assert cost_path(side, game).tolist() == [0.1, 0.1, 0.1, 1.0, 2.0, 2.0]


def test_audience_cost_raises_the_senders_values():
    base, loud = _side(), _side(audience=1.0)
    np.testing.assert_allclose(type_values(loud), 2 * type_values(base))


def test_probabilities_add_up():
    o = outcome(Game(_side(audience=0.5), _side(), 10, 0.05, horizon_days=200), n_iter=60)
    total = o.p_concede_before_deadline + o.p_sender_backs_down_before_deadline
    assert total + o.p_threat_carried_out == pytest.approx(1.0)
    after = o.p_target_concedes_after_imposition + o.p_sender_backs_down_after_imposition
    assert after * o.p_threat_carried_out + o.p_stalemate == pytest.approx(
        o.p_threat_carried_out, abs=1e-9
    )
    assert 0 <= o.expected_imposition_days <= 190
    day = o.concession_day
    assert day["p10"] <= day["median"] <= day["p90"]


def test_concessions_bunch_at_the_deadline():
    """With free waiting before the deadline, weak targets give in as it falls (Drezner 2003)."""
    o = outcome(Game(_side(1e-5), _side(1e-3), 10, 0.0, horizon_days=100), n_iter=60)
    pre = o.target_first[:11]
    assert pre.argmax() == 10 and pre[10] > 0.5 * pre.sum()
