"""Hourly metrics from the raw kernel output, and their running means over replications.

Compiled and parallel (replications x queues): the same numbers as the NumPy expressions they
replace, element by element (running sums in hour order, as ``np.cumsum``; means added
replication by replication, in order, so they do not depend on the batch size).
See :func:`borderlever.sim.engine.derive_hourly` for what each metric means.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

from borderlever.sim import layout as L

#: Metrics read straight from a raw slot.
PLAIN = {
    "baseline_arrivals": L.K_BASE,
    "arrivals": L.K_ARR,
    "diverted_in": L.K_DIV_IN,
    "returned": L.K_RETURN,
    "served": L.K_SERVED,
    "wait_min_sum": L.K_WAIT_SUM,
    "deferred": L.K_DEFER,
    "cancelled": L.K_CANCEL,
    "diverted_out": L.K_DIV_OUT,
    "forgone": L.K_FORGO,
    "booths_opened": L.K_OPENED,
    "secondary_blocked_h": L.K_BLOCKED,
}
#: Metrics computed by :func:`derive` (index in its output), NaN where undefined for the first
#: four (no vehicle arrived) and the last (no lane open).
COMPUTED = (
    "wait_mean_min",
    "wait_p50_min",
    "wait_p95_min",
    "wait_max_min",
    "queue_mean",
    "queue_end",
    "backlog",
    "lane_utilisation",
)
#: Every hourly metric, in the column order of ``SimResult.hourly``.
METRICS = ("open_lanes", *PLAIN, *COMPUTED)
_PLAIN_SLOTS = np.array(list(PLAIN.values()), dtype=np.int64)
_WAIT_SLOTS = np.array([L.K_WMEAN, L.K_WP50, L.K_WP95, L.K_WMAX], dtype=np.int64)


@njit(cache=True, parallel=True)
def derive(raw, open_lanes):
    """(len(COMPUTED), B, Q, n_h) computed metrics of ``raw`` (B, Q, n_h, N_K); ``open_lanes``
    (Q, n_h) [lanes]."""
    B, Q, n_h = raw.shape[0], raw.shape[1], raw.shape[2]
    comp = np.empty((len(COMPUTED), B, Q, n_h))
    for bq in prange(B * Q):
        b = bq // Q
        q = bq - b * Q
        c_busy = c_qfull = c_qcover = c_sys = 0.0
        for h in range(n_h):
            if h == 0:
                c_busy = raw[b, q, 0, L.K_BUSYFULL]
                c_qfull = raw[b, q, 0, L.K_QFULL]
                c_qcover = raw[b, q, 0, L.K_QCOVER]
                c_sys = raw[b, q, 0, L.K_SYSCOVER]
            else:
                c_busy += raw[b, q, h, L.K_BUSYFULL]
                c_qfull += raw[b, q, h, L.K_QFULL]
                c_qcover += raw[b, q, h, L.K_QCOVER]
                c_sys += raw[b, q, h, L.K_SYSCOVER]
            f = 1.0 if raw[b, q, h, L.K_WN] > 0 else np.nan
            for j in range(4):
                comp[j, b, q, h] = raw[b, q, h, _WAIT_SLOTS[j]] * f
            comp[4, b, q, h] = (raw[b, q, h, L.K_QAREA] + 60.0 * c_qfull) / 60.0
            comp[5, b, q, h] = c_qcover
            comp[6, b, q, h] = c_sys
            busy = raw[b, q, h, L.K_BUSY] + 60.0 * c_busy
            lanes = open_lanes[q, h] + raw[b, q, h, L.K_OPENED]
            comp[7, b, q, h] = busy / (lanes * 60.0) if lanes > 0 else np.nan
    return comp


@njit(cache=True, parallel=True)
def accumulate(raw, open_lanes, comp, sums, counts):
    """Add each replication of the batch, in order, to ``sums`` (len(METRICS), Q, n_h); a
    computed metric is added, and counted in ``counts`` (len(COMPUTED), Q, n_h), only where it is
    finite (NaN: undefined).  The other metrics count every replication."""
    B, Q, n_h = raw.shape[0], raw.shape[1], raw.shape[2]
    n_plain = _PLAIN_SLOTS.shape[0]
    for q in prange(Q):
        for b in range(B):
            for h in range(n_h):
                sums[0, q, h] += open_lanes[q, h]
                for i in range(n_plain):
                    sums[1 + i, q, h] += raw[b, q, h, _PLAIN_SLOTS[i]]
                for j in range(comp.shape[0]):
                    v = comp[j, b, q, h]
                    if np.isfinite(v):
                        sums[1 + n_plain + j, q, h] += v
                        counts[j, q, h] += 1


#: Daily sums of ``SimResult.daily`` (``wait_min_sum`` last: divided by 60 there), read from
#: these raw slots.
DAILY_SUMS = (
    "baseline_arrivals",
    "arrivals",
    "served",
    "deferred",
    "cancelled",
    "diverted_out",
    "diverted_in",
    "returned",
    "forgone",
    "wait_min_sum",
)
_DAILY_SLOTS = np.array([PLAIN[k] for k in DAILY_SUMS], dtype=np.int64)
#: Computed metrics read at the last hour of each day: queue_end, backlog.
_DAY_END = np.array([COMPUTED.index("queue_end"), COMPUTED.index("backlog")], dtype=np.int64)


@njit(cache=True, parallel=True)
def daily(raw, comp, day_h):
    """(len(DAILY_SUMS) + 2, B, Q, D): each day's sums of the ``DAILY_SUMS`` slots of ``raw``
    (B, Q, n_h, N_K), added hour by hour in order, then queue_end and backlog at its last hour
    (from ``comp``, :func:`derive`); day ``d`` is hours ``[day_h * d, min(day_h * (d + 1), n_h))``.
    One pass over ``raw`` (the slots of a row share its cache lines)."""
    B, Q, n_h = raw.shape[0], raw.shape[1], raw.shape[2]
    D = (n_h + day_h - 1) // day_h
    n_s = _DAILY_SLOTS.shape[0]
    out = np.zeros((n_s + 2, B, Q, D))
    for bq in prange(B * Q):
        b = bq // Q
        q = bq - b * Q
        for d in range(D):
            h1 = min(day_h * (d + 1), n_h)
            for h in range(day_h * d, h1):
                for i in range(n_s):
                    out[i, b, q, d] += raw[b, q, h, _DAILY_SLOTS[i]]
            for j in range(2):
                out[n_s + j, b, q, d] = comp[_DAY_END[j], b, q, h1 - 1]
    return out
