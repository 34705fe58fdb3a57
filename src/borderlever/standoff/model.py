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

The imposition stage differs from the threat stage in three ways, each calibrated on TIES.
(1) The levers' cost adapts: as trade reroutes and substitutes are found, each side's daily cost
falls from its full value towards a floor share, ``c(s) = c0 * (f + (1 - f) exp(-s / T))`` for
``s`` days since the imposition (van Bergeijk & van Marrewijk 1995: economic adjustment erodes
the incentive to comply; Hufbauer et al. 2007; Early 2015 on sanctions busting).  With costs
that fade, the resolved types of both sides can outlast each other for years: a stalemate.
(2) Giving in for reasons outside the model is rarer once the levers bite: the base hazards are
multiplied by ``imposition_hazard_ratio`` (the selection Drezner 2003 describes: the threats
that are carried out are the ones both sides meant).  (3) An imposition can also end without
either side giving in (a negotiated settlement, or the measure quietly lifted: TIES codes 9-10)
at a daily ``settlement_hazard_per_day``; neither side then wins its value (competing risks, as
in Allen 2005; Bolks & Al-Sowayel 2000 on the duration of sanctions).

References
----------
Fearon, J. D. (1994). Domestic political audiences and the escalation of international disputes.
American Political Science Review 88(3): 577-592.
Fudenberg, D. and Tirole, J. (1986). A theory of exit in duopoly. Econometrica 54(4): 943-960.
Alesina, A. and Drazen, A. (1991). Why are stabilizations delayed? American Economic Review
81(5): 1170-1188.
Drezner, D. W. (2003). The hidden hand of economic coercion. International Organization 57(3):
643-659.
van Bergeijk, P. A. G. and van Marrewijk, C. (1995). Why do sanctions need time to work?
Adjustment, learning and anticipation. Economic Modelling 12(2): 75-86.
Hufbauer, G. C., Schott, J. J., Elliott, K. A. and Oegg, B. (2007). Economic Sanctions
Reconsidered, 3rd ed. Peterson Institute for International Economics.
Early, B. R. (2015). Busted Sanctions. Stanford University Press.
Allen, S. H. (2005). The determinants of economic sanctions success and failure. International
Interactions 31(2): 117-138.
Bolks, S. M. and Al-Sowayel, D. (2000). How long do economic sanctions last? Examining the
sanctioning process through duration. Political Research Quarterly 53(2): 241-265.
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
    """The standoff: sender, target, deadline, the threat stage's cost share and the imposition.

    Attributes
    ----------
    deadline_days : float
        Days from the threat to the imposition [days].
    threat_cost_share : float
        Threat-stage cost per day as a share of the imposed levers' first day [-].
    horizon_days : float
        End of the game, days since the threat; nobody giving in by then is a stalemate [days].
    dt_days : float
        Step length up to ``deadline_days + fine_days_after_deadline`` [days].
    fine_days_after_deadline, coarse_dt_days : float
        After that many days of imposition, steps of ``coarse_dt_days`` (a long imposition
        needs no daily resolution; the defaults keep daily steps throughout) [days].
    adapted_cost_share : float
        Share of the imposed levers' daily cost left once trade has adapted (``f``) [-].
    cost_adaptation_days : float
        E-folding time of that adaptation (``T``; ``inf``: none) [days].
    imposition_hazard_ratio : float
        Base hazards during the imposition, as a multiple of the threat stage's [-].
    settlement_hazard_per_day : float
        Daily chance an imposition ends without either side giving in [1/day].
    """

    sender: Side
    target: Side
    deadline_days: float
    threat_cost_share: float
    horizon_days: float = 730.0
    dt_days: float = 1.0
    fine_days_after_deadline: float = float("inf")
    coarse_dt_days: float = 7.0
    adapted_cost_share: float = 1.0
    cost_adaptation_days: float = float("inf")
    imposition_hazard_ratio: float = 1.0
    settlement_hazard_per_day: float = 0.0


@dataclass(frozen=True)
class Outcome:
    """Equilibrium play: per step, the chance each side gives in first, and summary figures.

    Attributes
    ----------
    t_days : ndarray
        Start of each step, days since the threat [days].
    target_first, sender_first, settled : ndarray
        Probability the target (sender) gives in first, or the imposition is settled without
        either giving in, at each step [-].
    p_concede_before_deadline, p_sender_backs_down_before_deadline : float
        Before the deadline [-].
    p_threat_carried_out : float
        Nobody gives in before the deadline: the levers are imposed [-].
    p_target_concedes_after_imposition, p_sender_backs_down_after_imposition : float
        Given the threat is carried out [-].
    p_settled_after_imposition : float
        Given the threat is carried out, the imposition ends without either giving in [-].
    p_stalemate : float
        Nobody gives in and nothing is settled within the horizon [-].
    imposition_horizon_days : float
        Longest imposition the game can show: horizon less deadline [days].
    imposition_days, imposition_survival : ndarray
        Imposition lengths ``L`` and the chance an imposition lasts longer than ``L`` given it
        was carried out (``S(L)``; the last entry is ``S`` at the horizon) [days], [-].
    expected_imposition_days : float
        Restricted mean length of an imposition up to the horizon, ``E[min(T, H)]``, given it is
        carried out (not the mean: that is undefined while ``S(H) > 0``) [days].
    median_imposition_days : float
        Median length given it is carried out; ``nan`` if more than half outlast the horizon
        [days].
    p_imposition_beyond_horizon : float
        ``S(H)``: chance an imposition, once carried out, is still in force at the horizon [-].
    concession_day : dict
        ``median, p10, p90`` of the target's concession day given it concedes [days].
    """

    t_days: np.ndarray
    target_first: np.ndarray
    sender_first: np.ndarray
    settled: np.ndarray
    p_concede_before_deadline: float
    p_sender_backs_down_before_deadline: float
    p_threat_carried_out: float
    p_target_concedes_after_imposition: float
    p_sender_backs_down_after_imposition: float
    p_settled_after_imposition: float
    p_stalemate: float
    imposition_horizon_days: float
    imposition_days: np.ndarray
    imposition_survival: np.ndarray
    expected_imposition_days: float
    median_imposition_days: float
    p_imposition_beyond_horizon: float
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


def grid(game: Game) -> tuple[np.ndarray, np.ndarray]:
    """Step starts and lengths [days]: ``dt_days`` steps, then ``coarse_dt_days`` steps once
    the imposition is ``fine_days_after_deadline`` old.

    Examples
    --------
    >>> side = Side(np.zeros(1), 0.01, 1.0, 0.0)
    >>> t, dt = grid(Game(side, side, 2, 0.1, horizon_days=10, fine_days_after_deadline=1,
    ...     coarse_dt_days=3))
    >>> t.tolist(), dt.tolist()
    ([0.0, 1.0, 2.0, 3.0, 6.0, 9.0], [1.0, 1.0, 1.0, 3.0, 3.0, 1.0])
    """
    switch = min(game.deadline_days + game.fine_days_after_deadline, game.horizon_days)
    fine = np.arange(0.0, switch, game.dt_days)
    start = fine[-1] + game.dt_days if fine.size else 0.0
    coarse = np.arange(start, game.horizon_days, game.coarse_dt_days)
    t = np.concatenate([fine, coarse])
    dt = np.diff(np.append(t, game.horizon_days))
    return t, dt


def adaptation(game: Game, t_days: np.ndarray) -> np.ndarray:
    """Share of the imposed levers' full daily cost still borne ``t - deadline`` days into the
    imposition: ``f + (1 - f) exp(-s / T)`` (1 before and at the deadline) [-].

    Examples
    --------
    >>> side = Side(np.zeros(1), 0.01, 1.0, 0.0)
    >>> g = Game(side, side, 0, 0.1, adapted_cost_share=0.2, cost_adaptation_days=10)
    >>> [round(float(a), 3) for a in adaptation(g, np.array([0.0, 10.0, 1e6]))]
    [1.0, 0.494, 0.2]
    """
    f, tau = game.adapted_cost_share, game.cost_adaptation_days
    since = np.maximum(t_days - game.deadline_days, 0.0)
    if not np.isfinite(tau):
        return np.ones_like(since)
    return f + (1.0 - f) * np.exp(-since / max(tau, 1e-9))


def cost_path(side: Side, game: Game) -> np.ndarray:
    """Cost per step [share of GDP]: threat-stage share before the deadline, then the levers
    at their cost on that day of the imposition, times the adaptation share."""
    t, dt = grid(game)
    since = np.floor(t - game.deadline_days).astype(int)
    c = np.asarray(side.cost_share_per_day, dtype=float)
    if c.size == 0:
        c = np.zeros(1)
    imposed = c[np.clip(since, 0, c.size - 1)] * adaptation(game, t)
    pre = game.threat_cost_share * c[0]
    return np.where(t < game.deadline_days, pre, imposed) * dt


def step_hazard(rate_per_day: float, game: Game) -> np.ndarray:
    """A side's base hazard per step: ``rate`` up to the deadline, ``rate`` times the imposition
    ratio after it [-]."""
    t, dt = grid(game)
    rate = np.where(
        t <= game.deadline_days, rate_per_day, rate_per_day * game.imposition_hazard_ratio
    )
    return 1.0 - (1.0 - np.clip(rate, 0.0, 1.0)) ** dt


def unsettled(game: Game) -> np.ndarray:
    """Chance the imposition has not been settled by the start of each step's decisions [-]."""
    t, dt = grid(game)
    rate = np.where(t > game.deadline_days, game.settlement_hazard_per_day, 0.0)
    return np.cumprod((1.0 - np.clip(rate, 0.0, 1.0)) ** dt)


def best_reply(
    values: np.ndarray, cost: np.ndarray, other: np.ndarray, alive: np.ndarray | None = None
) -> np.ndarray:
    """Step at which each type gives in against the other's giving-in pmf (``n`` = never).

    ``U(tau; x) = x * A(tau) - B(tau)``: ``A`` the chance the other gives in first (ties
    half), ``B`` the expected cost paid; ``alive`` the chance the game has not been settled by
    each step (a settlement pays neither side its value and stops the costs).  Ties in ``U`` go
    to the later step (holding out).

    Examples
    --------
    >>> best_reply(np.array([0.1, 10.0]), np.ones(3), np.array([0.0, 0.5, 0.0])).tolist()
    [0, 2]
    """
    n = cost.size
    q = np.ones(n) if alive is None else np.asarray(alive, dtype=float)
    g = np.concatenate([other * q, [0.0]])
    a = np.concatenate([[0.0], np.cumsum(other * q)]) + 0.5 * g
    through = np.cumsum(other)  # P(other gave in by the end of step s)
    b = np.concatenate([[0.0], np.cumsum(cost * q * (1.0 - through))])
    u = values[:, None] * a[None, :] - b[None, :]
    rev = u[:, ::-1]
    return np.asarray(n - np.argmax(rev >= rev.max(axis=1, keepdims=True) - 1e-15, axis=1))


def play_pmf(stops: np.ndarray, hazard: float | np.ndarray, n: int) -> np.ndarray:
    """Giving-in pmf over steps of types stopping at ``stops`` with a base hazard per step
    (a number, or one per step).

    Examples
    --------
    >>> play_pmf(np.array([2, 4]), 0.0, 4).tolist()
    [0.0, 0.0, 0.5, 0.0]
    """
    h = np.broadcast_to(np.asarray(hazard, dtype=float), (n,))
    alive = np.concatenate([[1.0], np.cumprod(1.0 - h)[:-1]])
    counts = np.bincount(stops, minlength=n + 1).astype(float)
    later = stops.size - np.cumsum(counts)[:n]  # types still planning to hold out after step s
    return (h * alive * later + alive * counts[:n]) / stops.size


def equilibrium(game: Game, n_iter: int = N_ITER) -> tuple[np.ndarray, np.ndarray]:
    """Fictitious-play equilibrium: giving-in pmfs of the sender and the target per step."""
    cs, ct = cost_path(game.sender, game), cost_path(game.target, game)
    n = cs.size
    h_s = step_hazard(game.sender.base_hazard_per_day, game)
    h_t = step_hazard(game.target.base_hazard_per_day, game)
    q = unsettled(game)
    vs, vt = type_values(game.sender), type_values(game.target)
    gs = play_pmf(np.full(1, n), h_s, n)
    gt = play_pmf(np.full(1, n), h_t, n)
    for it in range(1, n_iter + 1):
        new_s = play_pmf(best_reply(vs, cs, gt, q), h_s, n)
        new_t = play_pmf(best_reply(vt, ct, gs, q), h_t, n)
        w = 1.0 / (it + 1)
        gs, gt = (1 - w) * gs + w * new_s, (1 - w) * gt + w * new_t
    return gs, gt


def _quantile(t: np.ndarray, pmf: np.ndarray, q: float) -> float:
    total = pmf.sum()
    if total <= 0:
        return float("nan")
    idx = int(np.searchsorted(np.cumsum(pmf) / total, q - 1e-12))
    return float(t[min(idx, t.size - 1)])


def survival_at(o: Outcome, days: float) -> float:
    """``S(days)``: chance an imposition, once carried out, lasts longer than ``days`` [-]
    (``nan`` beyond the horizon).

    Examples
    --------
    >>> side = Side(np.full(1, 1e-4), 0.01, 1.0, 1e-3)
    >>> o = outcome(Game(side, side, 5, 0.1, horizon_days=60), n_iter=20)
    >>> survival_at(o, 0.0) >= survival_at(o, 30.0) >= o.p_imposition_beyond_horizon
    True
    """
    if days > o.imposition_horizon_days + 1e-9:
        return float("nan")
    idx = int(np.searchsorted(o.imposition_days, days, side="right")) - 1
    return 1.0 if idx < 0 else float(o.imposition_survival[idx])


def median_survival(lengths: np.ndarray, surv: np.ndarray) -> float:
    """First length at which the survival curve falls to one half or below (``nan`` if never).

    Examples
    --------
    >>> median_survival(np.array([1.0, 2.0, 3.0]), np.array([0.9, 0.5, 0.2]))
    2.0
    """
    below = np.flatnonzero(surv <= 0.5 + 1e-12)
    return float(lengths[below[0]]) if below.size else float("nan")


def _first(gs: np.ndarray, gt: np.ndarray, q: np.ndarray) -> tuple[np.ndarray, ...]:
    """Per step: target first, sender first, settled (ties between the sides split half)."""
    before_s = np.concatenate([[0.0], np.cumsum(gs)])[:-1]
    before_t = np.concatenate([[0.0], np.cumsum(gt)])[:-1]
    tie = 0.5 * gs * gt
    t_first = q * (gt * (1.0 - before_s - gs) + tie)
    s_first = q * (gs * (1.0 - before_t - gt) + tie)
    settled = (np.concatenate([[1.0], q[:-1]]) - q) * (1.0 - before_s) * (1.0 - before_t)
    return t_first, s_first, settled


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
    t, _ = grid(game)
    t_first, s_first, settled = _first(gs, gt, unsettled(game))
    pre = t <= game.deadline_days  # giving in as the deadline falls forestalls the imposition
    carried = max(1.0 - t_first[pre].sum() - s_first[pre].sum(), 0.0)
    ends = (t_first + s_first + settled)[~pre]
    stalemate = max(1.0 - t_first.sum() - s_first.sum() - settled.sum(), 0.0)
    span = game.horizon_days - game.deadline_days
    length = np.append(t[~pre] - game.deadline_days, span)
    ok = carried > 1e-12
    surv = 1.0 - np.cumsum(np.append(ends, 0.0)) / carried if ok else np.zeros(length.size)
    surv = np.clip(surv, 0.0, 1.0)
    exp_len = float((ends * length[:-1]).sum() + stalemate * span) / carried if ok else 0.0
    return Outcome(
        t_days=t,
        target_first=t_first,
        sender_first=s_first,
        settled=settled,
        p_concede_before_deadline=float(t_first[pre].sum()),
        p_sender_backs_down_before_deadline=float(s_first[pre].sum()),
        p_threat_carried_out=float(carried),
        p_target_concedes_after_imposition=float(t_first[~pre].sum() / carried) if ok else 0.0,
        p_sender_backs_down_after_imposition=float(s_first[~pre].sum() / carried) if ok else 0.0,
        p_settled_after_imposition=float(settled[~pre].sum() / carried) if ok else 0.0,
        p_stalemate=float(stalemate),
        imposition_horizon_days=float(span),
        imposition_days=length,
        imposition_survival=surv,
        expected_imposition_days=exp_len,
        median_imposition_days=median_survival(length, surv) if ok else 0.0,
        p_imposition_beyond_horizon=float(surv[-1]) if ok else 0.0,
        concession_day={
            "median": _quantile(t, t_first, 0.5),
            "p10": _quantile(t, t_first, 0.1),
            "p90": _quantile(t, t_first, 0.9),
        },
    )
