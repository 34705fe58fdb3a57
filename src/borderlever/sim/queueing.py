"""Closed forms for checking the engine: Erlang C and the M/M/c mean wait."""

from __future__ import annotations


def erlang_c(servers: int, offered_load: float) -> float:
    """Probability that an arrival waits in an M/M/c queue (Erlang C formula).

    Parameters
    ----------
    servers : int
        Number of servers c (>= 1).
    offered_load : float  [Erlang]
        a = lambda / mu; must be < ``servers`` for a steady state.

    Returns
    -------
    float
        P(wait > 0) in [0, 1].

    References
    ----------
    Erlang, A. K. (1917). Solution of some problems in the theory of probabilities of significance
    in automatic telephone exchanges. Gross, D. et al. (2008), Fundamentals of Queueing Theory,
    4th ed., eq. (2.36).

    Examples
    --------
    >>> round(erlang_c(2, 1.0), 6)
    0.333333
    >>> round(erlang_c(8, 6.4), 4)
    0.4576
    """
    if servers < 1:
        raise ValueError("servers must be >= 1")
    if not 0 <= offered_load < servers:
        raise ValueError("offered_load must lie in [0, servers)")
    # stable recursion via Erlang B: B(0)=1, B(k) = a B(k-1) / (k + a B(k-1))
    b = 1.0
    for k in range(1, servers + 1):
        b = offered_load * b / (k + offered_load * b)
    rho = offered_load / servers
    return b / (1 - rho + rho * b)


def mmc_mean_wait(servers: int, arrival_rate: float, service_rate: float) -> float:
    """Mean wait in queue W_q of an M/M/c queue [time units of 1/rate].

    Examples
    --------
    >>> round(mmc_mean_wait(1, 0.5, 1.0), 6)  # M/M/1: rho / (mu - lambda)
    1.0
    """
    a = arrival_rate / service_rate
    return erlang_c(servers, a) / (servers * service_rate - arrival_rate)
