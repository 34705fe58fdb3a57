"""The compiled hot loop: FIFO multi-server queues with hourly lane counts (workload recursion).

Model (exact for FIFO lanes of one class): lanes of a stage are numbered 0..L-1 and lane ``j`` is
open in hour ``h`` iff ``servers[h] > j`` (lanes close from the top).  Each lane keeps the time it
next becomes free (the Kiefer-Wolfowitz workload vector, here as free times).  A vehicle arriving
at ``a`` starts at the earliest time ``t >= a`` at which some lane is free *and* open (ties: lowest
lane), which is what a FIFO queue with non-preemptive lanes does: a vehicle in service finishes, a
closed lane takes no new vehicle.  Vehicles that would wait longer than their patience leave the
queue when it runs out (they never hold a lane, so nobody behind them is affected), then divert,
defer or cancel.  Secondary inspection (stage 1) runs inside the primary loop: its line holds at
most ``lot`` vehicles, and a referred vehicle that finds it full keeps its primary booth busy
until a place frees (:func:`borderlever.sim.primary._secondary`); the added stage (2) takes the
vehicles in the order they leave secondary (``_finalize_queue``), or, where the line in front of
it is bounded, runs inside the primary loop too (:func:`borderlever.sim.primary._added`: a vehicle
that finds that line full holds its booth or bay).  Diverted and deferred vehicles re-enter another (or the same) queue later;
each connected set of queues that diversion links runs in time slices no longer than its
shortest detour, so every re-entry is processed in correct time order.

Modules: :mod:`~borderlever.sim.layout` (streams, output slots, flags, interval accounting),
:mod:`~borderlever.sim.primary` (the per-vehicle loop of the primary stage),
:mod:`~borderlever.sim.finalize` (later stages, hourly wait statistics), this module (one
replication, and a chunk of them on one thread: :class:`borderlever.sim.engine.Workers` runs
chunks on several).  numba's on-disk cache does not notice edits to a
function compiled into another module's function: after editing any of them, delete
``src/borderlever/sim/__pycache__/*.nb*``.

References
----------
Kiefer, J. & Wolfowitz, J. (1955). On the theory of queues with many servers. Trans. AMS 78, 1-18.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from borderlever.sim.finalize import _finalize_queue
from borderlever.sim.layout import (
    K_ARR,
    K_BASE,
    K_CANCEL,
    K_DEFER,
    K_DIV_IN,
    K_DIV_OUT,
    K_FORGO,
    K_RETURN,
    K_SERVED,
    K_SYSCOVER,
    N_STREAMS,
    S_SV0,
)
from borderlever.sim.pending import _grow_f8, _grow_i1, _grow_i4, _heap_pop
from borderlever.sim.primary import _next_arrival, _serve_queue
from borderlever.sim.rng import seed_stream
from borderlever.sim.variates import lognormal_at


@njit(cache=True)
def run_replication(
    seed,
    qid,
    out,
    demand,
    lanes,
    reactions,
    groups,
    elastic,
    forgo,
    n_h,
    bufs,
):
    """Simulate one replication into ``out`` (Q, n_h, N_K).

    ``bufs`` are the per-vehicle record arrays (arrival, departure, wait, flags) and a scratch
    array, reused across a thread's replications so their memory is touched once; returns the
    buffers, possibly grown.

    Processing groups (``group_ptr``, ``group_q``, ``group_slice`` from
    :func:`borderlever.sim.compile._groups`): group 0 holds the queues no diversion links to
    another; they run one at a time over the whole horizon, their own deferrals merged in time
    order from a local heap.  Each further group is one connected set of linked queues, run
    together in time slices of its ``group_slice`` (its shortest detour), each queue writing its
    records into its own region of the buffers (moved, twice as large, when full); each queue is
    then finalised on its region.  Every order gives the same numbers (the draws of a
    queue depend only on its own events, in time order); the test suite checks it.
    ``demand``, ``lanes``, ``reactions``, ``groups`` and ``elastic`` are the tuples of
    :meth:`borderlever.sim.compile.Compiled.kernel_args`.  With elastic staffing on, the
    primary lane counts and their next-open table are copied for the replication (the elastic
    rule opens booths in them, :func:`borderlever.sim.primary._open_booths`), with the day's
    booth-hour budgets.  ``forgo`` (on, elasticity (Q,), trip cost [min], this run's and the
    no-policy run's posted-wait arrays of this replication (Q, n_h, 2)): travellers who stay
    home when the posted wait is above the no-policy one
    (:func:`borderlever.sim.primary._forgoes`).
    """
    rate_min, inv_rate = demand
    servers_in, share_in, mu, sig, tab0_in, tab1_in, tab2_in, toffs_in, lanes_max = lanes
    el_on, el_cap, el_trig, el_budget_in, sec_lot, add_lot = elastic
    if el_on:
        lanes = (
            servers_in.copy(),
            share_in,
            mu,
            sig,
            tab0_in.copy(),
            tab1_in,
            tab2_in,
            toffs_in,
            lanes_max,
        )
        el_budget = el_budget_in.copy()
    else:
        el_budget = el_budget_in
    el = (el_cap, el_trig, el_budget)
    group_ptr, group_q, group_slice = groups
    Q = rate_min.shape[0]
    horizon = n_h * 60.0
    rng = np.empty((Q, N_STREAMS, 4), dtype=np.uint64)
    for q in range(Q):
        for s in range(N_STREAMS):
            seed_stream(rng[q, s], seed, qid[q], s)
    # primary lane free times, flat
    foff = np.zeros(Q + 1, dtype=np.int64)
    for q in range(Q):
        foff[q + 1] = foff[q] + lanes_max[q, 0]
    free0 = np.zeros(max(foff[Q], 1))
    # secondary state (primary._secondary): bay free times, ring of the last ``lot`` inspection
    # starts (no ring, i.e. no bound, for a lot of 2**31 or more and for a queue without
    # secondary bays, where there is no lot to fill), referrals so far
    foff1 = np.zeros(Q + 1, dtype=np.int64)
    roff = np.zeros(Q + 1, dtype=np.int64)
    for q in range(Q):
        foff1[q + 1] = foff1[q] + lanes_max[q, 1]
        bounded = sec_lot[q] < 2**31 and lanes_max[q, 1] > 0
        roff[q + 1] = roff[q] + (sec_lot[q] if bounded else 0)
    # the same for the added stage where the line in front of it is bounded (primary._added;
    # elsewhere the added stage runs in _finalize_queue, in departure order)
    foff2 = np.zeros(Q + 1, dtype=np.int64)
    roff2 = np.zeros(Q + 1, dtype=np.int64)
    for q in range(Q):
        bounded = add_lot[q] < 2**31 and lanes_max[q, 2] > 0
        foff2[q + 1] = foff2[q] + (lanes_max[q, 2] if bounded else 0)
        roff2[q + 1] = roff2[q] + (4 * min(add_lot[q], 2**16) + 64 if bounded else 0)
    sec = (
        np.zeros(max(foff1[Q], 1)),
        foff1,
        np.empty(max(roff[Q], 1)),
        roff,
        np.zeros(Q, np.int64),
        np.zeros(max(foff2[Q], 1)),
        foff2,
        np.empty(max(roff2[Q], 1)),
        np.empty(max(roff2[Q], 1)),
        roff2,
        np.zeros(Q, np.int64),
        add_lot,
    )
    nxt = np.empty((Q, 2))  # next native arrival [min] and its primary service time [min]
    n_nat = np.zeros(Q, dtype=np.int64)
    for q in range(Q):
        nxt[q, 0] = _next_arrival(0.0, rate_min, inv_rate, q, n_h, rng)
        nxt[q, 1] = lognormal_at(rng, q, S_SV0, mu[q, 0], sig[q, 0])
    ra, rd, rw, rf, sc = bufs
    nrec = 0
    hcap = 1024
    ht = np.empty(hcap)
    hq = np.empty(hcap, dtype=np.int32)
    hf = np.empty(hcap, dtype=np.int8)
    nh = 0
    sl_t = np.empty(64)
    sl_q = np.empty(64, dtype=np.int32)
    sl_f = np.empty(64, dtype=np.int8)
    cnt = np.zeros(Q + 1, dtype=np.int64)
    rb = np.zeros(Q, dtype=np.int64)  # linked queues: record region start, capacity, fill
    rc = np.zeros(Q, dtype=np.int64)
    rn = np.zeros(Q, dtype=np.int64)
    ht2 = np.empty(64)
    hq2 = np.empty(64, dtype=np.int32)
    hf2 = np.empty(64, dtype=np.int8)
    scratch = [sc, np.empty(2 * sc.shape[0] + 2)]
    for grp in range(group_ptr.shape[0] - 1):
        pss = 0 if grp == 0 else 1  # group 0: unlinked queues, one at a time
        g_lo, g_hi = group_ptr[grp], group_ptr[grp + 1]
        slice_len = group_slice[grp]
        n_sl = 1 if pss == 0 else max(1, int(np.ceil(horizon / slice_len)))
        fin_now = n_sl == 1
        top = 0
        if not fin_now:  # each queue of the group writes its records into its own region
            for gi in range(g_lo, g_hi):
                q = group_q[gi]
                expect = rate_min[q].sum() * 60.0
                rb[q], rc[q], rn[q] = top, int(1.05 * expect + 6.0 * np.sqrt(expect) + 256), 0
                top += rc[q]
            if top > ra.shape[0]:
                ra, rd, rw = _grow_f8(ra, top), _grow_f8(rd, top), _grow_f8(rw, top)
                rf = _grow_i1(rf, top)
        for k in range(n_sl):
            t_end = horizon if n_sl == 1 else min((k + 1) * slice_len, horizon)
            # re-entries due in this slice, grouped by queue (stable: time order kept)
            m = 0
            while pss == 1 and nh > 0 and ht[0] < t_end:
                t, qq, ff, nh = _heap_pop(ht, hq, hf, nh)
                if m >= sl_t.shape[0]:
                    sl_t = _grow_f8(sl_t, m + 1)
                    sl_q2 = np.empty(sl_t.shape[0], dtype=np.int32)
                    sl_q2[:m] = sl_q[:m]
                    sl_q = sl_q2
                    sl_f2 = np.empty(sl_t.shape[0], dtype=np.int8)
                    sl_f2[:m] = sl_f[:m]
                    sl_f = sl_f2
                sl_t[m], sl_q[m], sl_f[m] = t, qq, ff
                m += 1
            cnt[:] = 0
            for i in range(m):
                cnt[sl_q[i] + 1] += 1
            for q in range(Q):
                cnt[q + 1] += cnt[q]
            pos = cnt[:Q].copy()
            g_t = np.empty(m)
            g_f = np.empty(m, dtype=np.int8)
            for i in range(m):
                j = pos[sl_q[i]]
                g_t[j], g_f[j] = sl_t[i], sl_f[i]
                pos[sl_q[i]] += 1
            for gi in range(g_lo, g_hi):
                q = group_q[gi]
                if pss == 1 and nxt[q, 0] >= t_end and cnt[q] == cnt[q + 1]:
                    continue  # nothing arrives in this slice (the call would return at once)
                if not fin_now:
                    nrec = rb[q] + rn[q]
                lo_q = nrec
                nh2 = 0
                r_i, r_end = cnt[q], cnt[q + 1]
                while True:
                    rec_end = rb[q] + rc[q] if not fin_now else ra.shape[0]
                    status, nrec, nh, nh2, r_i = _serve_queue(
                        q,
                        pss,
                        t_end,
                        nxt,
                        n_nat,
                        rng,
                        out,
                        free0,
                        foff,
                        demand,
                        lanes,
                        reactions,
                        el,
                        forgo,
                        sec,
                        n_h,
                        g_t,
                        g_f,
                        r_i,
                        r_end,
                        ht,
                        hq,
                        hf,
                        nh,
                        ht2,
                        hq2,
                        hf2,
                        nh2,
                        ra,
                        rd,
                        rw,
                        rf,
                        nrec,
                        rec_end,
                    )
                    if status == 0:
                        break
                    if (
                        status == 1 and not fin_now
                    ):  # region full: move it, twice as large, to the top
                        need = top + 2 * rc[q]
                        if need > ra.shape[0]:
                            ra, rd, rw = _grow_f8(ra, need), _grow_f8(rd, need), _grow_f8(rw, need)
                            rf = _grow_i1(rf, need)
                        n_q = nrec - rb[q]
                        ra[top : top + n_q] = ra[rb[q] : nrec]
                        rd[top : top + n_q] = rd[rb[q] : nrec]
                        rw[top : top + n_q] = rw[rb[q] : nrec]
                        rf[top : top + n_q] = rf[rb[q] : nrec]
                        rb[q], rc[q] = top, 2 * rc[q]
                        top += rc[q]
                        nrec = rb[q] + n_q
                    elif status == 1:
                        ra = _grow_f8(ra, nrec + 1)
                        rd = _grow_f8(rd, nrec + 1)
                        rw = _grow_f8(rw, nrec + 1)
                        rf = _grow_i1(rf, nrec + 1)
                    elif status == 2:
                        ht2 = _grow_f8(ht2, nh2 + 1)
                        hq2 = _grow_i4(hq2, nh2 + 1)
                        hf2 = _grow_i1(hf2, nh2 + 1)
                    else:
                        ht = _grow_f8(ht, nh + 1)
                        hq = _grow_i4(hq, nh + 1)
                        hf = _grow_i1(hf, nh + 1)
                if not fin_now:
                    rn[q] = nrec - rb[q]
                if fin_now:
                    n_q = nrec - lo_q
                    if n_q > scratch[0].shape[0]:
                        scratch = [np.empty(n_q), np.empty(2 * n_q + 2)]
                    _finalize_queue(
                        q,
                        ra,
                        rd,
                        rw,
                        rf,
                        lo_q,
                        nrec,
                        out,
                        n_h,
                        lanes,
                        roff2[q + 1] > roff2[q],
                        rng,
                        scratch,
                    )
                    nrec = lo_q
        if not fin_now:  # finalise each queue of the group on its own region, in place
            for gi in range(g_lo, g_hi):
                q = group_q[gi]
                if rn[q] == 0:
                    continue
                if rn[q] > scratch[0].shape[0]:
                    scratch = [np.empty(rn[q]), np.empty(2 * rn[q] + 2)]
                _finalize_queue(
                    q,
                    ra,
                    rd,
                    rw,
                    rf,
                    rb[q],
                    rb[q] + rn[q],
                    out,
                    n_h,
                    lanes,
                    roff2[q + 1] > roff2[q],
                    rng,
                    scratch,
                )
            nrec = 0
    # arrivals are counted by kind only (native less those who stayed home, diverted in,
    # returning); vehicles in the system
    # at the end of each hour, as per-hour changes (cumulated later): every arrival is matched by
    # a service completion or a give-up in the hour it happens
    for q in range(Q):
        for h in range(n_h):
            out[q, h, K_ARR] = (
                out[q, h, K_BASE] - out[q, h, K_FORGO] + out[q, h, K_DIV_IN] + out[q, h, K_RETURN]
            )
            out[q, h, K_SYSCOVER] = out[q, h, K_ARR] - (
                out[q, h, K_SERVED]
                + out[q, h, K_DIV_OUT]
                + out[q, h, K_DEFER]
                + out[q, h, K_CANCEL]
            )
    return ra, rd, rw, rf, scratch[0]


def record_capacity(rate_min) -> int:
    """Records a thread's buffers start with: every queue's expected arrivals + 10 %."""
    return 1024 + int(sum(int(r.sum() * 60.0 * 1.1) for r in rate_min))


def new_buffers(cap: int) -> tuple:
    """A thread's record buffers for :func:`run_chunk` (arrival, departure, wait, flags,
    scratch)."""
    return (
        np.empty(cap),
        np.empty(cap),
        np.empty(cap),
        np.empty(cap, dtype=np.int8),
        np.empty(1024),
    )


@njit(cache=True, nogil=True)
def run_chunk(seeds, qid, out, lo, hi, demand, lanes, reactions, groups, elastic, forgo, n_h, bufs):
    """Replications ``lo .. hi - 1`` (``seeds[b]`` into ``out[b]``, zeroed first) one after
    another on the calling thread, reusing the record buffers ``bufs`` (returned, possibly
    grown).  Releases the GIL, so threads run chunks side by side
    (:class:`borderlever.sim.engine.Workers`).  ``forgo`` = (on, elasticity, trip cost [min],
    this run's posted-wait arrays (R, Q, n_h, 2), the no-policy run's): replication ``b`` writes
    and reads their row ``b`` (zeroed first; for a no-policy run the two are one array)."""
    on, eps, cost, posted, norm = forgo
    for b in range(lo, hi):
        out[b].fill(0.0)
        k = b if on else 0
        if on:
            posted[k].fill(0.0)
        fg = (on, eps, cost, posted[k], norm[k])
        bufs = run_replication(
            seeds[b], qid, out[b], demand, lanes, reactions, groups, elastic, fg, n_h, bufs
        )
    return bufs
