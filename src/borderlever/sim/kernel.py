"""The compiled hot loop: FIFO multi-server queues with hourly lane counts (workload recursion).

Model (exact for FIFO lanes of one class): lanes of a stage are numbered 0..L-1 and lane ``j`` is
open in hour ``h`` iff ``servers[h] > j`` (lanes close from the top).  Each lane keeps the time it
next becomes free (the Kiefer-Wolfowitz workload vector, here as free times).  A vehicle arriving
at ``a`` starts at the earliest time ``t >= a`` at which some lane is free *and* open (ties: lowest
lane), which is what a FIFO queue with non-preemptive lanes does: a vehicle in service finishes, a
closed lane takes no new vehicle.  Vehicles that would wait longer than their patience leave the
queue when it runs out (they never hold a lane, so nobody behind them is affected), then divert,
defer or cancel.  Stages 1-2 (secondary, added) take the referred vehicles in the order they leave
the previous stage.  Diverted and deferred vehicles re-enter another (or the same) queue later;
the loop runs in time slices no longer than the shortest detour, so every re-entry is processed
in correct time order.

References
----------
Kiefer, J. & Wolfowitz, J. (1955). On the theory of queues with many servers. Trans. AMS 78, 1-18.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

from borderlever.sim.lanes import _earliest
from borderlever.sim.pending import _grow_f8, _grow_i1, _grow_i4, _heap_pop, _heap_push
from borderlever.sim.rng import hashed_uniform, norm_ppf, seed_stream, uniform_at
from borderlever.sim.variates import exponential_at, lognormal_at

# random streams per queue
S_ARR, S_SV0, S_REF, S_PAT, S_DIV, S_REA, S_SV1, S_SV2, S_REF2 = 0, 1, 2, 3, 4, 5, 6, 7, 8
N_STREAMS = 9
# hourly output slots
K_BASE, K_ARR, K_DIV_IN, K_RETURN, K_SERVED, K_WAIT_SUM = 0, 1, 2, 3, 4, 5
K_DIV_OUT, K_DEFER, K_CANCEL = 6, 7, 8
K_QAREA, K_QFULL, K_QCOVER, K_SYSCOVER, K_BUSY, K_BUSYFULL = 9, 10, 11, 12, 13, 14
K_WMEAN, K_WP50, K_WP95, K_WMAX, K_WN = 15, 16, 17, 18, 19
N_K = 20
# vehicle flags
F_SEC, F_ADD, F_DIVERTED, F_DEFERRED, F_LASTDIV = 1, 2, 4, 8, 16
INF = np.inf
INV60 = 1.0 / 60.0
PAT_BINS = 64  # patience lower-bound table: bins of the patience uniform


@njit(cache=True, inline="always")
def _interval(out, q, e, x, n_h, k_part, k_full, k_cover):
    """Add the interval [e, x) to hourly area (k_part/k_full) and end-of-hour counts (k_cover)."""
    if e >= x:
        return
    he = int(e * INV60)
    if he >= n_h:
        return
    end_e = (he + 1) * 60.0
    hx = n_h if x >= n_h * 60.0 else int(x * INV60)
    if k_part >= 0:
        out[q, he, k_part] += (x if x < end_e else end_e) - e
        if hx > he:
            if he + 1 < n_h:
                out[q, he + 1, k_full] += 1.0
            if hx < n_h:
                out[q, hx, k_full] -= 1.0
                out[q, hx, k_part] += x - hx * 60.0
    if k_cover >= 0 and hx > he:
        out[q, he, k_cover] += 1.0
        if hx < n_h:
            out[q, hx, k_cover] -= 1.0


@njit(cache=True, inline="always")
def _next_arrival(t, rate_min, inv_rate, q, n_h, st):
    """Next event after t of queue q's Poisson process, hourly piecewise-constant rate [1/min]
    (``inv_rate`` = 1 / rate where the rate is positive)."""
    e = exponential_at(st, q, S_ARR)
    h = int(t * INV60)
    while h < n_h:
        end = (h + 1) * 60.0
        lam = rate_min[q, h]
        room = lam * (end - t)
        if e <= room:
            return t + e * inv_rate[q, h]
        e -= room
        t = end
        h += 1
    return INF


@njit(cache=True, _nrt=False)
def _pick_target(q, t_leave, u, cand_ptr, cand_q, cand_travel, cand_w, servers, H):
    """Weighted choice among reachable targets open when the vehicle would arrive (-1: none)."""
    tot = 0.0
    for k in range(cand_ptr[q], cand_ptr[q + 1]):
        h = int((t_leave + cand_travel[k]) * INV60)
        if h < H and servers[cand_q[k], 0, h] > 0:
            tot += cand_w[k]
    if tot <= 0.0:
        return -1
    x = u * tot
    last = -1
    for k in range(cand_ptr[q], cand_ptr[q + 1]):
        h = int((t_leave + cand_travel[k]) * INV60)
        if h < H and servers[cand_q[k], 0, h] > 0:
            last = k
            x -= cand_w[k]
            if x <= 0.0:
                return k
    return last


@njit(cache=True)
def _finalize_queue(
    q,
    a,
    d1,
    wt,
    fl,
    lo,
    hi,
    out,
    n_h,
    H,
    mu,
    sig,
    servers,
    tables,
    toffs,
    lanes_max,
    rng,
    scratch,
):
    """Stages 1-2 for queue q's primary-served vehicles rec[lo:hi], then its hourly statistics.

    Overwrites ``d1[lo:hi]`` and ``wt[lo:hi]`` with the final departure times and total waits.
    """
    n = hi - lo
    dep = d1[lo:hi]  # worked on in place: the caller discards rec[lo:hi] afterwards
    w = wt[lo:hi]
    idx = np.empty(n, dtype=np.int64)
    for stage in (1, 2):
        bit = F_SEC if stage == 1 else F_ADD
        stream = S_SV1 if stage == 1 else S_SV2
        m = 0
        for i in range(n):
            if fl[lo + i] & bit:
                idx[m] = i
                m += 1
        if m == 0:
            continue
        sub = idx[:m]
        order = sub[np.argsort(dep[sub], kind="mergesort")]
        L = lanes_max[q, stage]
        free = np.zeros(max(L, 1))
        for i in order:
            t = dep[i]
            if L == 0:
                start = INF
                lane = -1
            else:
                start, lane = _earliest(
                    t, free, 0, L, servers, q, stage, tables[stage], toffs[stage, q], H
                )
            if lane < 0:
                _interval(out, q, t, INF, n_h, K_QAREA, K_QFULL, K_QCOVER)
                dep[i] = INF
                w[i] = INF
                continue
            svc = lognormal_at(rng, q, stream, mu[q, stage], sig[q, stage])
            free[lane] = start + svc
            _interval(out, q, t, start, n_h, K_QAREA, K_QFULL, K_QCOVER)
            w[i] += start - t
            dep[i] = start + svc
    # one pass in arrival order: served and wait sums by departure hour, wait statistics by
    # arrival hour (vehicles with a finite finishing time); zero waits are only counted, so the
    # order statistics select among the positive waits alone (same values: waits are never
    # negative), which is cheap in the many hours where most vehicles do not wait
    horizon = n_h * 60.0
    buf = scratch[0]
    i = 0
    while i < n:
        h = int(a[lo + i] * INV60)
        j = i
        k = 0
        m = 0
        tot = 0.0
        mx = 0.0
        while j < n and int(a[lo + j] * INV60) == h:
            d = dep[j]
            v = w[j]
            if d < horizon:
                hd = int(d * INV60)
                out[q, hd, K_SERVED] += 1.0
                out[q, hd, K_WAIT_SUM] += v
            if v < INF:
                k += 1
                tot += v
                mx = max(mx, v)
                buf[m] = v
                m += v > 0.0  # branch-free: a zero wait is overwritten by the next one
            j += 1
        if k > 0 and h < n_h:
            out[q, h, K_WMEAN] = tot / k
            out[q, h, K_WMAX] = mx
            if mx > 0.0:
                _wait_percentiles(out, q, h, buf, m, k, k - m)
            out[q, h, K_WN] = k
        i = j


@njit(cache=True, _nrt=False)
def _select(a, lo, hi, k):
    """k-th smallest of ``a[lo:hi]``, in place (quickselect, median-of-three pivot; insertion
    sort below 16 elements): afterwards ``a[lo:k] <= a[k] <= a[k + 1:hi]``."""
    hi -= 1
    while hi - lo >= 16:
        mid = (lo + hi) >> 1
        if a[mid] < a[lo]:
            a[mid], a[lo] = a[lo], a[mid]
        if a[hi] < a[lo]:
            a[hi], a[lo] = a[lo], a[hi]
        if a[hi] < a[mid]:
            a[hi], a[mid] = a[mid], a[hi]
        pivot = a[mid]
        i, j = lo, hi
        while i <= j:
            while a[i] < pivot:
                i += 1
            while a[j] > pivot:
                j -= 1
            if i <= j:
                a[i], a[j] = a[j], a[i]
                i += 1
                j -= 1
        if k <= j:
            hi = j
        elif k >= i:
            lo = i
        else:
            return a[k]
    for i in range(lo + 1, hi + 1):
        v = a[i]
        j = i - 1
        while j >= lo and a[j] > v:
            a[j + 1] = a[j]
            j -= 1
        a[j + 1] = v
    return a[k]


@njit(cache=True, _nrt=False)
def _wait_percentiles(out, q, h, pos, m, k, nz):
    """Exact p50 / p95 of ``k`` waits of which ``nz`` are zero and ``pos[:m]`` the positive rest
    (reordered in place)."""
    i50 = int(0.5 * (k - 1) + 0.5)
    i95 = min(k - 1, int(np.ceil(0.95 * k)) - 1)
    if i95 < nz:
        out[q, h, K_WP95] = 0.0
        out[q, h, K_WP50] = 0.0
        return
    out[q, h, K_WP95] = _select(pos, 0, m, i95 - nz)
    if i50 < nz:
        out[q, h, K_WP50] = 0.0
    elif i50 >= i95:
        out[q, h, K_WP50] = out[q, h, K_WP95]
    else:
        out[q, h, K_WP50] = _select(pos, 0, i95 - nz, i50 - nz)


@njit(cache=True)
def patience_lower_bounds(pat_mu, pat_sig):
    """(Q, PAT_BINS + 1) table: a lower bound of the patience [min] drawn from a uniform in bin k.

    Patience is ``exp(pat_mu + pat_sig * norm_ppf(u))``, increasing in ``u``, so for ``u`` in
    ``[k / PAT_BINS, (k + 1) / PAT_BINS)`` it is at least its value at ``k / PAT_BINS``; the table
    holds that value less a relative 1e-6 (a margin far above the rounding of the formula), and
    0 for the first bin.  A wait at or below the bound is certainly within the driver's patience.
    """
    Q = pat_mu.shape[0]
    lo = np.zeros((Q, PAT_BINS + 1))
    for q in range(Q):
        for k in range(1, PAT_BINS):
            lo[q, k] = np.exp(pat_mu[q] + pat_sig[q] * norm_ppf(k / PAT_BINS)) * (1.0 - 1e-6)
        lo[q, PAT_BINS] = lo[q, PAT_BINS - 1]
    return lo


@njit(cache=True, _nrt=False)
def _serve_queue(
    q,
    pss,
    t_end,
    nxt,
    n_nat,
    rng,
    out,
    rate_min,
    inv_rate,
    n_h,
    share,
    mu,
    sig,
    servers,
    tab0,
    toffs,
    H,
    free0,
    foff,
    L,
    pat_mu,
    pat_sig,
    pat_lo,
    has_pat,
    p_div,
    p_def,
    cand_ptr,
    cand_q,
    cand_travel,
    cand_w,
    defer_delay,
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
):
    """Queue ``q``'s primary stage up to ``t_end``: native arrivals merged in time order with the
    re-entries (``pss`` 0: its own deferrals from the local heap ``ht2``; 1: the slice's
    re-entries ``g_t[r_i:r_end]``), writing records ``ra/rd/rw/rf[nrec:]`` and pushing give-ups.

    Compiled without reference counting (it allocates nothing): returns (status, nrec, nh, nh2,
    r_i) with status 0 when ``t_end`` is reached, 1/2/3 when the record buffer / the local heap /
    the shared heap is full; the caller grows that buffer and calls again (the loop resumes
    exactly where it stopped: a vehicle is processed whole or not at all).
    """
    t_nat = nxt[q]  # next native arrival and native count kept in registers, stored on return
    k_nat = n_nat[q]
    status = 0
    while True:
        if nrec >= ra.shape[0]:
            status = 1
            break
        if pss == 0 and nh2 >= ht2.shape[0]:
            status = 2
            break
        if pss == 1 and nh >= ht.shape[0]:
            status = 3
            break
        if pss == 0:
            t_re = ht2[0] if nh2 > 0 else INF
        else:
            t_re = g_t[r_i] if r_i < r_end else INF
        if t_nat >= t_end and t_re >= t_end:
            break
        if t_nat <= t_re:
            a = t_nat
            flags = 0
            k_nat += 1
            native = True
            t_nat = _next_arrival(a, rate_min, inv_rate, q, n_h, rng)
            s_svc, s_ref, s_ref2, s_div = S_SV0, S_REF, S_REF2, S_DIV
            ha = int(a * INV60)
            out[q, ha, K_BASE] += 1.0
        else:
            if pss == 0:
                a, _qq, flags, nh2 = _heap_pop(ht2, hq2, hf2, nh2)
            else:
                a = t_re
                flags = g_f[r_i]
                r_i += 1
            s_svc = s_ref = s_ref2 = s_div = S_REA
            native = False
            ha = int(a * INV60)
            if flags & F_LASTDIV:
                out[q, ha, K_DIV_IN] += 1.0
            else:
                out[q, ha, K_RETURN] += 1.0
        out[q, ha, K_ARR] += 1.0
        svc = lognormal_at(rng, q, s_svc, mu[q, 0], sig[q, 0])
        if uniform_at(rng, q, s_ref) < share[q, 1, ha]:
            flags |= F_SEC
        if share[q, 2, ha] > 0.0 and uniform_at(rng, q, s_ref2) < share[q, 2, ha]:
            flags |= F_ADD
        if L > 0:
            start, lane = _earliest(
                a, free0, foff[q], L, servers, q, 0, tab0, toffs[0, q], H
            )
        else:
            start, lane = INF, -1
        # patience drawn only for a vehicle that has to wait (counter-based: same vehicle,
        # same patience in every run)
        patience = INF
        if has_pat[q] and start > a:
            u_p = (
                hashed_uniform(rng[q, S_PAT, 0], k_nat)
                if native
                else uniform_at(rng, q, S_REA)
            )
            # exact shortcut: a wait below the lowest patience of u_p's bin cannot
            # exceed the patience, so it is only computed when it can decide
            if start - a > pat_lo[q, int(u_p * PAT_BINS)]:
                patience = np.exp(pat_mu[q] + pat_sig[q] * norm_ppf(u_p))
        if start - a > patience:
            g = a + patience
            _interval(out, q, a, g, n_h, K_QAREA, K_QFULL, K_QCOVER)
            u = uniform_at(rng, q, s_div)
            hg = int(g * INV60)
            target = -1
            if u < p_div[q] and not flags & F_DIVERTED:
                target = _pick_target(
                    q,
                    g,
                    u / p_div[q],
                    cand_ptr,
                    cand_q,
                    cand_travel,
                    cand_w,
                    servers,
                    H,
                )
            want_defer = u < p_div[q] + p_def[q]
            if target >= 0:
                if hg < n_h:
                    out[q, hg, K_DIV_OUT] += 1.0
                tq, tt, tf = (
                    cand_q[target],
                    g + cand_travel[target],
                    (flags & F_DEFERRED) | F_DIVERTED | F_LASTDIV,
                )
            else:
                if u < p_div[q]:
                    rest = 1.0 - p_div[q]
                    want_defer = rest > 0 and u / p_div[q] < p_def[q] / rest
                if want_defer and not flags & F_DEFERRED:
                    if hg < n_h:
                        out[q, hg, K_DEFER] += 1.0
                    tq, tt, tf = q, g + defer_delay, (flags & F_DIVERTED) | F_DEFERRED
                else:
                    if hg < n_h:
                        out[q, hg, K_CANCEL] += 1.0
                    continue
            if pss == 0:  # unlinked queue: only deferrals, back into its own heap
                nh2 = _heap_push(ht2, hq2, hf2, nh2, tt, tq, tf)
                continue
            nh = _heap_push(ht, hq, hf, nh, tt, tq, tf)
            continue
        if lane < 0:
            _interval(out, q, a, INF, n_h, K_QAREA, K_QFULL, K_QCOVER)
            continue
        free0[foff[q] + lane] = start + svc
        _interval(out, q, a, start, n_h, K_QAREA, K_QFULL, K_QCOVER)
        _interval(out, q, start, start + svc, n_h, K_BUSY, K_BUSYFULL, -1)
        ra[nrec], rd[nrec], rw[nrec], rf[nrec] = a, start + svc, start - a, flags
        nrec += 1
    nxt[q] = t_nat
    n_nat[q] = k_nat
    return status, nrec, nh, nh2, r_i


@njit(cache=True)
def run_replication(
    seed,
    qid,
    out,
    rate_min,
    inv_rate,
    servers,
    share,
    mu,
    sig,
    pat_mu,
    pat_sig,
    pat_lo,
    has_pat,
    p_div,
    p_def,
    cand_ptr,
    cand_q,
    cand_travel,
    cand_w,
    defer_delay,
    n_h,
    slice_min,
    tables,
    toffs,
    lanes_max,
    coupled,
    bufs,
):
    """Simulate one replication into ``out`` (Q, n_h, N_K).

    ``bufs`` are the per-vehicle record arrays (arrival, departure, wait, flags), reused across a
    thread's replications so their memory is touched once; returns (re-entries still pending at
    the horizon, the record arrays, possibly grown).

    Queues that no diversion links to another (``coupled`` False) run first, one at a time over
    the whole horizon, their own deferrals merged in time order from a local heap; the linked
    queues then run together in time slices of ``slice_min``.  Both give the same numbers (the
    draws of a queue depend only on its own events, in time order); the first is faster.
    """
    Q = rate_min.shape[0]
    H = servers.shape[2]
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
    nxt = np.empty(Q)
    n_nat = np.zeros(Q, dtype=np.int64)
    for q in range(Q):
        nxt[q] = _next_arrival(0.0, rate_min, inv_rate, q, n_h, rng)
    ra, rd, rw, rf = bufs
    nrec = 0
    hcap = 1024
    ht = np.empty(hcap)
    hq = np.empty(hcap, dtype=np.int32)
    hf = np.empty(hcap, dtype=np.int8)
    nh = 0
    n_slices = max(1, int(np.ceil(horizon / slice_min)))
    single = n_slices == 1
    sl_t = np.empty(64)
    sl_q = np.empty(64, dtype=np.int32)
    sl_f = np.empty(64, dtype=np.int8)
    cnt = np.zeros(Q + 1, dtype=np.int64)
    seg_q = np.empty(1024, dtype=np.int32)
    seg_lo = np.empty(1024, dtype=np.int64)
    seg_hi = np.empty(1024, dtype=np.int64)
    nseg = 0
    n_left = 0
    ht2 = np.empty(64)
    hq2 = np.empty(64, dtype=np.int32)
    hf2 = np.empty(64, dtype=np.int8)
    scratch_n = 16
    scratch = [np.empty(scratch_n)]
    tab0 = tables[0]
    for pss in range(2):
        n_sl = 1 if pss == 0 else n_slices
        fin_now = pss == 0 or single
        for k in range(n_sl):
            t_end = horizon if pss == 0 else min((k + 1) * slice_min, horizon)
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
            for q in range(Q):
                if coupled[q] != (pss == 1):
                    continue
                lo_q = nrec
                nh2 = 0
                r_i, r_end = cnt[q], cnt[q + 1]
                L = lanes_max[q, 0]
                while True:
                    status, nrec, nh, nh2, r_i = _serve_queue(
                        q,
                        pss,
                        t_end,
                        nxt,
                        n_nat,
                        rng,
                        out,
                        rate_min,
                        inv_rate,
                        n_h,
                        share,
                        mu,
                        sig,
                        servers,
                        tab0,
                        toffs,
                        H,
                        free0,
                        foff,
                        L,
                        pat_mu,
                        pat_sig,
                        pat_lo,
                        has_pat,
                        p_div,
                        p_def,
                        cand_ptr,
                        cand_q,
                        cand_travel,
                        cand_w,
                        defer_delay,
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
                    )
                    if status == 0:
                        break
                    if status == 1:
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
                n_left += nh2
                if not fin_now and nrec > lo_q:
                    if nseg >= seg_q.shape[0]:
                        seg_q = np.concatenate((seg_q, np.empty(seg_q.shape[0], dtype=np.int32)))
                        seg_lo = np.concatenate((seg_lo, np.empty(seg_lo.shape[0], dtype=np.int64)))
                        seg_hi = np.concatenate((seg_hi, np.empty(seg_hi.shape[0], dtype=np.int64)))
                    seg_q[nseg], seg_lo[nseg], seg_hi[nseg] = q, lo_q, nrec
                    nseg += 1
                if fin_now:
                    n_q = nrec - lo_q
                    if n_q > scratch[0].shape[0]:
                        scratch = [np.empty(n_q)]
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
                        H,
                        mu,
                        sig,
                        servers,
                        tables,
                        toffs,
                        lanes_max,
                        rng,
                        scratch,
                    )
                    nrec = lo_q
    if not single and nrec > 0:
        # gather each queue's (slice, queue) segments in slice order, then finalize it
        sc = np.zeros(Q + 1, dtype=np.int64)
        for i in range(nseg):
            sc[seg_q[i] + 1] += seg_hi[i] - seg_lo[i]
        big = 1
        for q in range(Q):
            big = max(big, sc[q + 1])
        scratch = [np.empty(big)]
        ga = np.empty(big)
        gd = np.empty(big)
        gw = np.empty(big)
        gf = np.empty(big, dtype=np.int8)
        order = np.argsort(seg_q[:nseg], kind="mergesort")
        i = 0
        for q in range(Q):
            n_q = 0
            while i < nseg and seg_q[order[i]] == q:
                k = order[i]
                for r in range(seg_lo[k], seg_hi[k]):
                    ga[n_q], gd[n_q], gw[n_q], gf[n_q] = ra[r], rd[r], rw[r], rf[r]
                    n_q += 1
                i += 1
            if n_q > 0:
                _finalize_queue(
                    q,
                    ga,
                    gd,
                    gw,
                    gf,
                    0,
                    n_q,
                    out,
                    n_h,
                    H,
                    mu,
                    sig,
                    servers,
                    tables,
                    toffs,
                    lanes_max,
                    rng,
                    scratch,
                )
    # vehicles in the system at the end of each hour, as per-hour changes (cumulated later): every
    # arrival is matched by a service completion or a give-up in the hour it happens
    for q in range(Q):
        for h in range(n_h):
            out[q, h, K_SYSCOVER] = out[q, h, K_ARR] - (
                out[q, h, K_SERVED] + out[q, h, K_DIV_OUT] + out[q, h, K_DEFER] + out[q, h, K_CANCEL]
            )
    return nh + n_left, (ra, rd, rw, rf)


@njit(cache=True, parallel=True)
def run_batch(
    seeds,
    qid,
    out,
    pending,
    rate_min,
    servers,
    share,
    mu,
    sig,
    pat_mu,
    pat_sig,
    has_pat,
    p_div,
    p_def,
    cand_ptr,
    cand_q,
    cand_travel,
    cand_w,
    defer_delay,
    n_h,
    slice_min,
    tables,
    toffs,
    lanes_max,
    coupled,
    n_threads,
):
    """Replications in parallel (one per ``seeds`` entry) into ``out[b]``; each thread runs its
    share of the replications in turn, reusing one set of record buffers."""
    R = seeds.shape[0]
    nt = max(1, min(n_threads, R))
    cap = 1024
    for q in range(rate_min.shape[0]):
        cap += int(rate_min[q].sum() * 60.0 * 1.1)
    pat_lo = patience_lower_bounds(pat_mu, pat_sig)
    inv_rate = np.zeros_like(rate_min)
    for q in range(rate_min.shape[0]):
        for h in range(rate_min.shape[1]):
            if rate_min[q, h] > 0.0:
                inv_rate[q, h] = 1.0 / rate_min[q, h]
    for t in prange(nt):
        bufs = (np.empty(cap), np.empty(cap), np.empty(cap), np.empty(cap, dtype=np.int8))
        for b in range(t, R, nt):
            pending[b], bufs = run_replication(
                seeds[b],
                qid,
                out[b],
                rate_min,
                inv_rate,
                servers,
                share,
                mu,
                sig,
                pat_mu,
                pat_sig,
                pat_lo,
                has_pat,
                p_div,
                p_def,
                cand_ptr,
                cand_q,
                cand_travel,
                cand_w,
                defer_delay,
                n_h,
                slice_min,
                tables,
                toffs,
                lanes_max,
                coupled,
                bufs,
            )
