"""Lane banks with hourly open counts: which lane a vehicle gets and when (compiled helpers).

Lane ``j`` of a stage is open in hour ``h`` iff ``servers[h] > j``.  ``next_open_table`` gives,
for each lane and hour, the first hour from then on in which the lane is open, so a lane that is
closed when it frees up costs one table read instead of a scan.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from borderlever.sim.layout import INF, INV60, _u


@njit(cache=True)
def next_open_table(servers, offsets, lanes_max, n_hours_total):
    """Flat table: for queue q, lane j, hour h -> first hour >= h with servers > j (or H)."""
    Q = servers.shape[0]
    H = n_hours_total
    out = np.empty(offsets[Q], dtype=np.int32)
    for q in range(Q):
        L = lanes_max[q]
        base = offsets[q]
        for j in range(L):
            nxt = H
            for h in range(H - 1, -1, -1):
                if servers[q, h] > j:
                    nxt = h
                out[base + j * H + h] = nxt
    return out


@njit(cache=True, inline="always")
def _earliest(t, free, foff, L, servers, q, stage, table, toff, H):
    """Earliest start >= t on a lane that is free and open, and that lane (-1: none in the arrays).

    ``servers[q, stage]`` is the stage's hourly open-lane count.  Fast path: the lanes open in
    the hour of ``t`` are exactly ``0 .. servers[h] - 1``; if one of them frees up within that
    hour, no closed lane can start anyone sooner (its next opening is a later hour), so the scan
    stops there.  Otherwise every lane is scanned and the next-open table read for a lane that
    is closed in the hour it becomes free.  Ties go to the lowest lane either way.

    Busy path (a long queue: every open lane busy past the hour): the open lane that frees up
    first (``best``) still wins if it is open in the hour it frees up and no closed lane opens
    before then; every other open lane frees up no sooner, and the closed lanes open no sooner
    than the first of them (lanes close from the top: ``table`` of lane ``servers[h]``).
    """
    h_t = int(t * INV60)
    if h_t >= H:
        return INF, -1
    end_t = (h_t + 1) * 60.0
    best = INF
    lane = -1
    n_open = min(servers[q, stage, _u(h_t)], L)
    for j in range(n_open):  # branch-free: selects
        t0 = max(free[_u(foff + j)], t)
        better = t0 < best
        lane = j if better else lane
        best = t0 if better else best
    if best < end_t:
        return best, lane
    if lane >= 0:
        h_b = int(best * INV60)
        if (
            h_b < H
            and servers[q, stage, _u(h_b)] > lane
            and (n_open >= L or best <= table[_u(toff + n_open * H + h_t)] * 60.0)
        ):
            return best, lane
    best = INF
    lane = -1
    for j in range(L):
        t0 = free[_u(foff + j)]
        if t0 < t:
            t0 = t
        if t0 >= best:
            continue
        h = int(t0 * INV60)
        if h >= H:
            continue
        if servers[q, stage, _u(h)] > j:
            st = t0
        else:
            ho = table[_u(toff + j * H + h)]
            if ho >= H:
                continue
            st = ho * 60.0
        if st < best:
            best = st
            lane = j
            if st == t:
                break
    return best, lane
