"""The standoff model against TIES base rates (in sample) and against its limit cases."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from borderlever.parameters import resolve
from borderlever.standoff.model import Game, Side, outcome

D = 10


@pytest.fixture(scope="module")
def ties_cases(raw_dir):
    """The TIES v4.1 case table, read from the raw file (skips where it is absent)."""
    from borderlever.data.readers.ties_sanctions import read_ties

    path = raw_dir / "ties" / "TIESv4-1.xls"
    if not path.exists():
        pytest.skip("TIES raw file absent")
    return read_ties(path)


def _side(cost, value=0.01, hazard=2e-4, audience=0.0):
    return Side(np.full(1, cost), value, 1.0, hazard, audience)


def _game(sender, target, horizon=120.0):
    return Game(sender, target, D, 0.1, horizon_days=horizon)


@pytest.fixture(scope="module")
def fitted_vs_ties(ties_cases):
    """The model's TIES-style rates at the registry defaults, TIES's own, and the gaps in units
    of TIES's standard errors."""
    from borderlever.standoff.calibrate import predicted_rates, standardised_gaps, ties_target
    from borderlever.standoff.ties import cost_mix, subset

    target = ties_target(ties_cases, "all_us")
    mix = cost_mix(subset(ties_cases, "all_us"))
    pred = predicted_rates(resolve(None), mix, target["median_threat_stage_days"])
    return pred, target, standardised_gaps(pred, target)


@pytest.mark.raw
def test_standoff_base_rates_against_ties_in_sample(fitted_vs_ties):
    """Calibration check, not validation: the priors were fitted on these very rates (TIES v4.1,
    US among the senders, threat cases with a coded outcome; standoff/calibrate.py).  Checked:
    the share of threats carried out (TIES 0.43), the target's share of the cases someone gave
    in at the threat stage (0.56) and after imposition (0.57), and the share of ended
    impositions that ended with neither giving in (0.29).  Tolerance: two of TIES's own binomial
    standard errors (its 95 % sampling interval); the fit came out within one."""
    _, target, gaps = fitted_vs_ties
    for key in (
        "p_imposed",
        "target_share_threat_stage",
        "target_share_after_imposition",
        "settled_share_of_ended",
    ):
        assert abs(gaps[key]) <= 2.0, (key, gaps[key], target[key])


@pytest.mark.raw
def test_imposition_survival_against_ties_kaplan_meier_in_sample(fitted_vs_ties):
    """Calibration check, not validation: how long impositions last, model against TIES's
    Kaplan-Meier curve (US among the senders, imposed threat cases, the 28 still in force
    censored), which the imposition terms were fitted on.  TIES: median 979 days (95 %
    interval 727-1,317), 73 % still imposed after one year, 38 % after five.  Tolerance: the
    model's median inside TIES's 95 % interval for it, and the shares still imposed at 90 days,
    one and five years within two Greenwood standard errors (TIES's own sampling uncertainty,
    about +-0.04 to +-0.07).  Before the imposition stage was modelled the model's median was
    39 days and every imposition ended within two years: this test would have failed."""
    pred, target, gaps = fitted_vs_ties
    lo, hi = target["km_median_imposition_days_lo"], target["km_median_imposition_days_hi"]
    assert lo <= pred["km_median_imposition_days"] <= hi
    for days in (90, 365, 1825):
        key = f"km_survival_{days}d"
        assert abs(gaps[key]) <= 2.0, (key, pred[key], target[key])


@pytest.mark.raw
def test_ties_survival_against_ended_cases_only(ties_cases):
    """Why the survival estimator: leaving out the impositions still in force (censored) biases
    the median down.  Kaplan-Meier's median (979 days) exceeds the median of the ended cases
    alone (728 days), and the curve at five years (0.38) exceeds the share of all impositions
    whose recorded length exceeds five years (it counts censored cases as ended)."""
    from borderlever.standoff.ties import base_rates, durations, subset

    sub = subset(ties_cases, "all_us")
    rates = base_rates(sub)
    assert rates["km_median_imposition_days"] > rates["median_imposition_days_ended_only"]
    imp = sub[sub["threat"].astype(bool) & sub["imposition"].astype(bool)]
    d = durations(imp[imp["final_outcome"].notna()])
    assert rates["km_survival_1825d"] > float((d["days"] > 1825).mean())
    assert int(rates["n_censored"]) == int((~d["ended"]).sum()) > 0


def test_imposition_survival_against_competing_risks_closed_form():
    """Closed form: with no cost to either side nobody gives in strategically (waiting is
    free), so an imposition ends only through the base hazards (times the imposition ratio)
    and the settlement hazard, competing risks: S(L) = ((1 - r h_s)(1 - r h_t)(1 - h_set))^L
    in daily steps (an end is dated at the start of its step; at the horizon, S is that of the
    last step), and the restricted mean is the sum of S up to the horizon.  Exact up to
    floating point; the split of the ends between the risks to 2 % (a step's hazards are not
    exactly proportional to their logs)."""
    hs, ht, ratio, hset = 2e-3, 3e-3, 0.5, 1e-3
    game = Game(
        Side(np.zeros(1), 0.01, 1.0, hs),
        Side(np.zeros(1), 0.01, 1.0, ht),
        D,
        0.1,
        horizon_days=D + 200.0,
        imposition_hazard_ratio=ratio,
        settlement_hazard_per_day=hset,
    )
    o = outcome(game, n_iter=5)
    per_day = (1 - ratio * hs) * (1 - ratio * ht) * (1 - hset)
    lengths = o.imposition_days
    np.testing.assert_allclose(o.imposition_survival[:-1], per_day ** lengths[:-1], rtol=1e-9)
    assert o.p_imposition_beyond_horizon == pytest.approx(o.imposition_survival[-2])
    assert o.expected_imposition_days == pytest.approx(float(np.sum(per_day ** np.arange(200))))
    share = np.log(1 - hset) / np.log(per_day)
    assert o.p_settled_after_imposition == pytest.approx(
        share * (1 - o.p_imposition_beyond_horizon), rel=0.02
    )


def test_zero_target_cost_against_base_rate():
    """Limit case, closed form: a target that bears no cost never gives in strategically (waiting
    is free), so it concedes before the deadline only through its base hazard h: at most
    1 - (1 - h) ** (D + 1) (the steps up to and including the deadline day)."""
    h = 5e-4
    o = outcome(_game(_side(1e-4, audience=0.5), _side(0.0, hazard=h)))
    assert o.p_concede_before_deadline <= 1 - (1 - h) ** (D + 1) + 1e-12
    assert o.p_concede_before_deadline > 0


#: The imposition stage at about its fitted values (cost adaptation, fewer exits, settlements).
IMPOSITION = {
    "adapted_cost_share": 0.3,
    "cost_adaptation_days": 40.0,
    "imposition_hazard_ratio": 0.05,
    "settlement_hazard_per_day": 2e-4,
}


@pytest.mark.parametrize("stage", [{}, IMPOSITION], ids=["plain", "imposition-stage"])
def test_symmetric_costs_against_symmetry(stage):
    """Exchanging the sides of a symmetric game changes nothing: each gives in first at each step
    with the same probability (exact up to floating point), with or without the imposition
    stage's adaptation, hazard ratio and settlements (they treat both sides alike)."""
    side = _side(2e-4)
    o = outcome(Game(side, side, D, 0.1, horizon_days=120.0, **stage))
    np.testing.assert_allclose(o.target_first, o.sender_first, atol=1e-12)
    assert o.p_concede_before_deadline == pytest.approx(o.p_sender_backs_down_before_deadline)


@settings(max_examples=12, deadline=None)
@given(c=st.floats(1e-6, 1e-3), factor=st.floats(1.2, 10.0))
def test_higher_target_cost_never_lowers_concession_against_monotonicity(c, factor):
    """Comparative statics of the war of attrition (Fudenberg & Tirole 1986): a target that
    bears more per day gives in (before the deadline, and at all) no less often.  Tolerance
    0.01: fictitious play converges to the equilibrium only approximately."""
    sender = _side(1e-4, value=0.001, audience=0.5)
    lo = outcome(_game(sender, _side(c), horizon=80.0), n_iter=80)
    hi = outcome(_game(sender, _side(c * factor), horizon=80.0), n_iter=80)
    assert hi.p_concede_before_deadline >= lo.p_concede_before_deadline - 0.01
    assert hi.target_first.sum() >= lo.target_first.sum() - 0.01


@settings(max_examples=12, deadline=None)
@given(c=st.floats(1e-6, 1e-3), factor=st.floats(1.2, 10.0))
def test_higher_target_cost_never_lowers_concession_with_imposition_stage(c, factor):
    """The same comparative static with the imposition stage on (cost adaptation, fewer exits,
    settlements), for the probability the issue asks about: a concession before the deadline.
    Tolerance 0.01 as above.  Not asserted, and said in docs/standoff.md: the share of targets
    that give in *at all* within the horizon is not monotone here in a corner hypothesis found
    (a daily cost of 1e-6 of GDP against a value of 0.01: 0.23 -> 0.21 when the cost rises by a
    quarter), where the target's choice after the deadline turns on the sender's tiny
    post-deadline base hazard rather than on its own cost."""
    sender = _side(1e-4, value=0.001, audience=0.5)
    lo = outcome(Game(sender, _side(c), D, 0.1, horizon_days=80.0, **IMPOSITION), n_iter=80)
    hi = outcome(
        Game(sender, _side(c * factor), D, 0.1, horizon_days=80.0, **IMPOSITION), n_iter=80
    )
    assert hi.p_concede_before_deadline >= lo.p_concede_before_deadline - 0.01


@pytest.mark.raw
def test_ties_kaplan_meier_against_product_limit(ties_cases):
    """The TIES survival figures (statsmodels' SurvfuncRight) against the product-limit formula
    written out here, S(t) = prod over event times u <= t of (1 - d_u / n_u), on the same
    durations (Kaplan & Meier 1958), and Greenwood's variance, S^2 sum d / (n (n - d)).
    Exact up to floating point: the same estimator computed two ways."""
    from borderlever.standoff.ties import durations, imposition_survival, subset

    sub = subset(ties_cases, "all_us")
    imp = sub[sub["threat"].astype(bool) & sub["imposition"].astype(bool)]
    imp = imp[imp["final_outcome"].notna()]
    d = durations(imp)
    days, ended = d["days"].to_numpy(), d["ended"].to_numpy()
    times = np.unique(days[ended])
    at_risk = np.array([(days >= u).sum() for u in times])
    events = np.array([((days == u) & ended).sum() for u in times])
    surv = np.cumprod(1.0 - events / at_risk)
    with np.errstate(divide="ignore"):  # the last event may empty the risk set (S = 0 there)
        green = np.cumsum(events / (at_risk * (at_risk - events)))
    got = imposition_survival(imp)
    for check in (90, 365, 1825):
        i = int(np.searchsorted(times, check, side="right")) - 1
        assert got[f"km_survival_{check}d"] == pytest.approx(surv[i], abs=1e-12)
        assert got[f"km_survival_{check}d_se"] == pytest.approx(surv[i] * np.sqrt(green[i]))
    assert got["km_median_imposition_days"] == times[np.flatnonzero(surv <= 0.5)[0]]
