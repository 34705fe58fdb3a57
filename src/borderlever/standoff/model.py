"""A war of attrition with incomplete information and a deadline: who gives in, and when.

Two sides, the sender (who threatens) and the target, play in discrete steps of ``dt_days``.
Before the deadline (the threat stage) each bears a small share of the levers' cost
(anticipation, markets); from the deadline on (the imposition) each bears the levers' full cost
per day from the economics, as a share of its own annual GDP.  Each side has a private value of
not giving in, drawn from a lognormal prior: for the target the value of the demanded concession
to it (its cost of conceding), for the sender the value of its demand plus the audience cost of
backing down after a public threat (Fearon 1994).  Giving in ends the game: the other side wins
its value; both have paid their costs so far.  Nobody giving in before the horizon is a stalemate.

A strategy maps a side's value to the step at which it gives in.  The best reply of a type to the
other side's distribution of giving-in times maximises ``x * A(tau) - B(tau)``, where ``A`` is
the chance the other gives in first and ``B`` the expected cost paid; the best reply is monotone
in the type (single crossing), as in the incomplete-information war of attrition of Fudenberg &
Tirole (1986) and Alesina & Drazen (1991): weaker types give in first, stronger types hold out.
The equilibrium is found by fictitious play (each side best-replies to the running average of
the other's play), which converges in this monotone game.  Each side also gives in, every step,
with a small base hazard for reasons outside the model (changes of government, other issues),
calibrated with the priors on TIES base rates.  Because giving in as the deadline falls costs
nothing more than giving in at once, concessions bunch at the threat stage's end (giving in at
the start of the deadline day forestalls the imposition and counts as before the deadline), the
pattern Drezner (2003) describes: successful coercion mostly ends before sanctions are imposed.

References
----------
Fearon, J. D. (1994). Domestic political audiences and the escalation of international disputes.
American Political Science Review 88(3): 577-592.
Fudenberg, D. and Tirole, J. (1986). A theory of exit in duopoly. Econometrica 54(4): 943-960.
Alesina, A. and Drazen, A. (1991). Why are stabilizations delayed? American Economic Review
81(5): 1170-1188.
Drezner, D. W. (2003). The hidden hand of economic coercion. International Organization 57(3):
643-659.
Brown, G. W. (1951). Iterative solution of games by fictitious play. In Activity Analysis of
Production and Allocation, Wiley.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

#: Types per side (equal-probability bins of the prior).
N_TYPES = 64
#: Fictitious-play iterations.
N_ITER = 150


@dataclass(frozen=True)
class Side:
    """One side of the standoff.

    Attributes
    ----------
    cost_share_per_day : ndarray
        Cost of the imposed levers on each day since the imposition began, as a share of the
        side's annual GDP [1/day]; the last value holds beyond the array.
    value_median : float
        Median of the prior on the value of not giving in [share of annual GDP].
    value_sigma : float
        Log standard deviation of that prior [-].
    base_hazard_per_day : float
        Daily chance of giving in for reasons outside the model [1/day].
    audience_cost : float
        Extra value of not backing down after a public threat, as a share of ``value``
        (Fearon 1994) [-]; zero for the target.
    """

    cost_share_per_day: np.ndarray
    value_median: float
    value_sigma: float
    base_hazard_per_day: float
    audience_cost: float = 0.0


@dataclass(frozen=True)
class Game:
    """The standoff: sender, target, deadline and the threat-stage cost share."""

    sender: Side
    target: Side
    deadline_days: float
    threat_cost_share: float
    horizon_days: float = 730.0
    dt_days: float = 1.0


@dataclass(frozen=True)
class Outcome:
    """Equilibrium play: per step, the chance each side gives in first, and summary figures.

    Attributes
    ----------
    t_days : ndarray
        Start of each step, days since the threat [days].
    target_first, sender_first : ndarray
        Probability the target (sender) gives in first at each step [-].
    p_concede_before_deadline, p_sender_backs_down_before_deadline : float
        Before the deadline [-].
    p_threat_carried_out : float
        Nobody gives in before the deadline: the levers are imposed [-].
    p_target_concedes_after_imposition, p_sender_backs_down_after_imposition : float
        Given the threat is carried out [-].
    p_stalemate : float
        Nobody gives in within the horizon [-].
    expected_imposition_days : float
        Given the threat is carried out, capped at the horizon [days].
    median_imposition_days : float
        Same, median [days].
    concession_day : dict
        ``median, p10, p90`` of the target's concession day given it concedes [days].
    """

    t_days: np.ndarray
    target_first: np.ndarray
    sender_first: np.ndarray
    p_concede_before_deadline: float
    p_sender_backs_down_before_deadline: float
    p_threat_carried_out: float
    p_target_concedes_after_imposition: float
    p_sender_backs_down_after_imposition: float
    p_stalemate: float
    expected_imposition_days: float
    median_imposition_days: float
    concession_day: dict[str, float]


def type_values(side: Side, n: int = N_TYPES) -> np.ndarray:
    """Midpoint quantiles of the side's value prior, audience cost included [share of GDP].

    Examples
    --------
    >>> s = Side(np.zeros(1), 0.01, 1.0, 0.0, audience_cost=0.5)
    >>> v = type_values(s, 3)
    >>> round(float(v[1]), 6)
    0.015
    """
    q = (np.arange(n) + 0.5) / n
    return (
        side.value_median
        * (1.0 + side.audience_cost)
        * np.exp(side.value_sigma * stats.norm.ppf(q))
    )


def cost_path(side: Side, game: Game) -> np.ndarray:
    """Cost per step [share of GDP]: threat-stage share before the deadline, then the levers."""
    n = int(round(game.horizon_days / game.dt_days))
    t = np.arange(n) * game.dt_days
    since = np.floor((t - game.deadline_days) / 1.0).astype(int)
    c = np.asarray(side.cost_share_per_day, dtype=float)
    if c.size == 0:
        c = np.zeros(1)
    imposed = c[np.clip(since, 0, c.size - 1)]
    pre = game.threat_cost_share * c[0]
    return np.where(t < game.deadline_days, pre, imposed) * game.dt_days


def best_reply(values: np.ndarray, cost: np.ndarray, other: np.ndarray) -> np.ndarray:
    """Step at which each type gives in against the other's giving-in pmf (``n`` = never).

    ``U(tau; x) = x * A(tau) - B(tau)``: ``A`` the chance the other gives in first (ties
    half), ``B`` the expected cost paid.  Ties in ``U`` go to the later step (holding out).

    Examples
    --------
    >>> best_reply(np.array([0.1, 10.0]), np.ones(3), np.array([0.0, 0.5, 0.0])).tolist()
    [0, 2]
    """
    n = cost.size
    k_cum = np.concatenate([[0.0], np.cumsum(cost)])  # cost paid before step tau, tau = 0..n
    g = np.concatenate([other, [0.0]])
    before = np.concatenate([[0.0], np.cumsum(other)])  # P(other gave in before tau)
    a = before + 0.5 * g
    paid_if_won = np.concatenate([[0.0], np.cumsum(other * k_cum[:n])])
    b = paid_if_won + (1.0 - before) * k_cum
    u = values[:, None] * a[None, :] - b[None, :]
    rev = u[:, ::-1]
    return np.asarray(n - np.argmax(rev >= rev.max(axis=1, keepdims=True) - 1e-15, axis=1))


def play_pmf(stops: np.ndarray, hazard: float, n: int) -> np.ndarray:
    """Giving-in pmf over steps of types stopping at ``stops`` with a base hazard per step.

    Examples
    --------
    >>> play_pmf(np.array([2, 4]), 0.0, 4).tolist()
    [0.0, 0.0, 0.5, 0.0]
    """
    steps = np.arange(n)
    alive = (1.0 - hazard) ** steps
    counts = np.bincount(stops, minlength=n + 1).astype(float)
    later = stops.size - np.cumsum(counts)[:n]  # types still planning to hold out after step s
    return (hazard * alive * later + alive * counts[:n]) / stops.size


def equilibrium(game: Game, n_iter: int = N_ITER) -> tuple[np.ndarray, np.ndarray]:
    """Fictitious-play equilibrium: giving-in pmfs of the sender and the target per step."""
    cs, ct = cost_path(game.sender, game), cost_path(game.target, game)
    n = cs.size
    h_s = 1.0 - (1.0 - game.sender.base_hazard_per_day) ** game.dt_days
    h_t = 1.0 - (1.0 - game.target.base_hazard_per_day) ** game.dt_days
    vs, vt = type_values(game.sender), type_values(game.target)
    gs = play_pmf(np.full(1, n), h_s, n)
    gt = play_pmf(np.full(1, n), h_t, n)
    for it in range(1, n_iter + 1):
        new_s = play_pmf(best_reply(vs, cs, gt), h_s, n)
        new_t = play_pmf(best_reply(vt, ct, gs), h_t, n)
        w = 1.0 / (it + 1)
        gs, gt = (1 - w) * gs + w * new_s, (1 - w) * gt + w * new_t
    return gs, gt


def _quantile(t: np.ndarray, pmf: np.ndarray, q: float) -> float:
    total = pmf.sum()
    if total <= 0:
        return float("nan")
    idx = int(np.searchsorted(np.cumsum(pmf) / total, q - 1e-12))
    return float(t[min(idx, t.size - 1)])


def outcome(game: Game, n_iter: int = N_ITER) -> Outcome:
    """Solve ``game`` and summarise who gives in first, when, and how long an imposition lasts.

    Examples
    --------
    >>> side = Side(np.full(1, 1e-4), 0.01, 1.0, 1e-4)
    >>> o = outcome(Game(side, side, 10, 0.1, horizon_days=200), n_iter=40)
    >>> bool(np.isclose(o.p_concede_before_deadline, o.p_sender_backs_down_before_deadline))
    True
    """
    gs, gt = equilibrium(game, n_iter)
    t = np.arange(gs.size) * game.dt_days
    before_s = np.concatenate([[0.0], np.cumsum(gs)])[:-1]
    before_t = np.concatenate([[0.0], np.cumsum(gt)])[:-1]
    tie = 0.5 * gs * gt
    t_first = gt * (1.0 - before_s - gs) + tie
    s_first = gs * (1.0 - before_t - gt) + tie
    pre = t <= game.deadline_days  # giving in as the deadline falls forestalls the imposition
    carried = 1.0 - t_first[pre].sum() - s_first[pre].sum()
    ends = (t_first + s_first)[~pre]
    stalemate = max(1.0 - t_first.sum() - s_first.sum(), 0.0)
    length = t[~pre] - game.deadline_days
    span = game.horizon_days - game.deadline_days
    exp_len = float((ends * length).sum() + stalemate * span) / carried if carried > 1e-12 else 0.0
    med = _quantile(np.append(length, span), np.append(ends, stalemate), 0.5)
    return Outcome(
        t_days=t,
        target_first=t_first,
        sender_first=s_first,
        p_concede_before_deadline=float(t_first[pre].sum()),
        p_sender_backs_down_before_deadline=float(s_first[pre].sum()),
        p_threat_carried_out=float(max(carried, 0.0)),
        p_target_concedes_after_imposition=float(t_first[~pre].sum() / carried)
        if carried > 1e-12
        else 0.0,
        p_sender_backs_down_after_imposition=float(s_first[~pre].sum() / carried)
        if carried > 1e-12
        else 0.0,
        p_stalemate=float(stalemate),
        expected_imposition_days=exp_len,
        median_imposition_days=med if carried > 1e-12 else 0.0,
        concession_day={
            "median": _quantile(t, t_first, 0.5),
            "p10": _quantile(t, t_first, 0.1),
            "p90": _quantile(t, t_first, 0.9),
        },
    )
