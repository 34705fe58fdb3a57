"""Primary stage of one queue (the per-vehicle loop), compiled without reference counting.

Arrivals (native Poisson arrivals merged in time order with re-entries), primary service, lane
choice, referral draws, patience, and what a driver who gives up does (divert, defer, cancel).
See :mod:`borderlever.sim.kernel` for the model.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from borderlever.sim.lanes import _earliest
from borderlever.sim.layout import (
    F_ADD,
    F_DEFERRED,
    F_DIVERTED,
    F_LASTDIV,
    F_SEC,
    INF,
    INV60,
    K_BASE,
    K_BUSY,
    K_BUSYFULL,
    K_CANCEL,
    K_DEFER,
    K_DIV_IN,
    K_DIV_OUT,
    K_FORGO,
    K_OPENED,
    K_QAREA,
    K_QCOVER,
    K_QFULL,
    K_RETURN,
    NO_REFCOUNT,
    PW_N,
    PW_SUM,
    S_ARR,
    S_DIV,
    S_FGO,
    S_PAT,
    S_REA,
    S_REF,
    S_REF2,
    S_SV0,
    S_SV1,
    S_SV2,
    _book_held,
    _interval,
    _u,
)
from borderlever.sim.pending import _heap_pop, _heap_push
from borderlever.sim.rng import (
    hashed_u64,
    next_u64_at,
    norm_ppf,
    u64_uniform,
    u64_uniform_bin,
    uniform_at,
)
from borderlever.sim.variates import exponential_at, lognormal_at

PAT_BITS = 6
PAT_BINS = 1 << PAT_BITS  # patience lower-bound table: bins of the patience uniform


@njit(cache=True, inline="always")
def _next_arrival(t, rate_min, inv_rate, q, n_h, st):
    """Next event after t of queue q's Poisson process, hourly piecewise-constant rate [1/min]
    (``inv_rate`` = 1 / rate where the rate is positive)."""
    e = exponential_at(st, q, S_ARR)
    h = int(t * INV60)
    while h < n_h:
        end = (h + 1) * 60.0
        lam = rate_min[q, _u(h)]
        room = lam * (end - t)
        if e <= room:
            return t + e * inv_rate[q, _u(h)]
        e -= room
        t = end
        h += 1
    return INF


@njit(cache=True, inline="always")
def _posted_wait(arr, q, h):
    """The posted primary wait [min] for hour ``h + 1``: the mean primary wait of the vehicles
    that reached a booth in hour ``h`` (``arr``: a posted-wait array (Q, n_h, 2),
    :data:`~borderlever.sim.layout.PW_SUM`/``PW_N``); 0 without any."""
    n = arr[q, _u(h), PW_N]
    return arr[q, _u(h), PW_SUM] / n if n > 0.0 else 0.0


@njit(cache=True, **NO_REFCOUNT)
def _forgoes(out, q, ha, k_nat, forgo, rng, n_h):
    """Whether the native traveller number ``k_nat`` arriving in hour ``ha`` stays home.

    The posted wait (:func:`_posted_wait` of this run's ``forgo[3]``) above the normal one (the
    same of the no-policy run, same replication: ``forgo[4]``) by ``x`` minutes raises the trip's
    generalised cost from ``forgo[2]`` minutes by ``x``; trips fall with elasticity
    ``-forgo[1][q]``, so the trip is forgone with probability ``1 - (1 + x / cost) ** -eps``.
    The uniform is hashed from the traveller's number (no stream draw): the same traveller
    decides the same way in every run.  Not inlined: it runs only where the reaction is on.
    """
    if ha < 1 or ha > n_h:
        return False
    _on, eps, cost, posted, norm = forgo
    x = _posted_wait(posted, q, ha - 1) - _posted_wait(norm, q, ha - 1)
    if not x > 0.0:
        return False
    p = 1.0 - (1.0 + x / cost) ** (-eps[q])
    return u64_uniform(hashed_u64(rng[q, S_FGO, 0], k_nat)) < p


@njit(cache=True, **NO_REFCOUNT)
def _return_time(g, q, servers, H, defer_delay, return_lag, rng, stream):
    """When a driver who defers at ``g`` comes back [min]: ``g + defer_delay``; where the queue's
    primary lanes are closed in the hour of ``g``, not before they reopen plus an exponential lag
    (mean ``return_lag``, drawn from ``stream``); INF where they never reopen in the run.  Not
    inlined: it runs only for drivers who defer, and inlining it into the per-vehicle loop made
    the whole loop slower (larger code)."""
    h = int(g * INV60)
    if h >= H or servers[q, 0, h] > 0:
        return g + defer_delay
    while h < H and servers[q, 0, h] == 0:
        h += 1
    if h >= H:
        return INF
    back = h * 60.0
    if return_lag > 0.0:
        back += return_lag * exponential_at(rng, q, stream)
    return max(g + defer_delay, back)


@njit(cache=True, **NO_REFCOUNT)
def _open_booths(q, a, start, lane, free0, foff, L, servers, tab0, toff0, H, elastic, out, n_h):
    """Elastic staffing: while the vehicle arriving at ``a`` would wait longer than the trigger,
    open the next booth for the rest of the hour of ``a``, within the booth cap of that hour and
    the day's booth-hour budget (each opening costs one booth-hour); returns its new (start,
    lane).

    Lanes close from the top, so opening one raises the hour's count: lane ``j`` = the old count
    opens from ``a`` to the end of the hour (its next-open table entry for the hour becomes the
    hour; arrivals come in time order, so no earlier hour is read again).  Vehicles already in
    line keep their lanes (each chose its lane on arrival): the new booth takes the next
    arrivals.  Not inlined: it runs only when a line builds.
    """
    cap, trig, budget = elastic
    h = int(a * INV60)
    if h >= H:
        return start, lane
    d = h // 24
    while start - a > trig[q] and servers[q, 0, h] < cap[q, h] and budget[q, d] >= 1.0:
        j = servers[q, 0, h]
        servers[q, 0, h] = j + 1
        tab0[toff0 + j * H + h] = h
        budget[q, d] -= 1.0
        if h < n_h:
            out[q, h, K_OPENED] += 1.0
        start, lane = _earliest(a, free0, foff[q], L, servers, q, 0, tab0, toff0, H)
    return start, lane


@njit(cache=True, **NO_REFCOUNT)
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


@njit(cache=True, **NO_REFCOUNT)
def _secondary(q, t, rng, out, lanes, sec, n_h):
    """Secondary inspection of a referred vehicle that finishes primary at ``t`` [min]: returns
    (when its primary booth frees [min], its departure from secondary [min], its wait after
    primary [min], its bay (-1: none)); INF for a vehicle the secondary bays never take in the
    run.

    The secondary line (FIFO) holds at most ``lot`` vehicles: the vehicle enters it at
    ``e = max(t, start of the vehicle lot places ahead)`` and until then keeps its primary
    booth (:func:`borderlever.sim.layout._book_held` books the held booth-hours); it starts at
    the earliest free open bay after ``e``.  ``sec`` (bay free times (flat), their offsets
    (Q + 1,), ring of the last ``lot`` inspection starts (flat), its offsets (Q + 1,), referrals
    so far (Q,), then the added stage's state, :func:`_added`) carries the queue's
    secondary state between calls.  Referrals enter the line
    in the order the primary loop takes them (primary start order), not the order they finish
    primary: the approximation of this engine (docs/sim.md).  Not inlined: it runs only for
    referred vehicles.
    """
    servers, _share, mu, sig, _tab0, tab1, _tab2, toffs, lanes_max = lanes
    free1, foff1, ring, roff, n_in, _f2, _o2, _r2e, _r2s, _ro2, _n2, _l2 = sec
    H = servers.shape[2]
    lot = roff[q + 1] - roff[q]
    entry = t
    slot = roff[q]
    if lot > 0:
        k = n_in[q]
        slot = roff[q] + k % lot
        if k >= lot and ring[slot] > t:
            entry = ring[slot]
            if entry < INF:
                _book_held(out, q, t, entry, n_h)
        n_in[q] = k + 1
    L = lanes_max[q, 1]
    if L == 0 or entry == INF:
        start, lane = INF, -1
    else:
        start, lane = _earliest(entry, free1, foff1[q], L, servers, q, 1, tab1, toffs[1, q], H)
    if lot > 0:
        ring[slot] = start
    if lane < 0:
        _interval(out, q, t, INF, n_h, K_QAREA, K_QFULL, K_QCOVER)
        return entry, INF, INF, -1
    svc = lognormal_at(rng, q, S_SV1, mu[q, 1], sig[q, 1])
    free1[_u(foff1[q] + lane)] = start + svc
    _interval(out, q, t, start, n_h, K_QAREA, K_QFULL, K_QCOVER)
    return entry, start + svc, start - t, lane


@njit(cache=True, **NO_REFCOUNT)
def _added(q, t, held_booth, rng, out, lanes, sec, n_h):
    """Added stage (stage 2, e.g. a state inspection after the federal one) of a vehicle that
    leaves the federal stages at ``t`` [min], where the line in front of it is bounded: returns
    three times [min]: when the vehicle leaves the place it holds (its primary booth or
    secondary bay), its departure from the added stage, and its wait after ``t``; the last two
    INF for a vehicle the added stations never take in the run.

    The line (FIFO; e.g. the lot between the federal exit and a state inspection) holds at most
    ``lot`` vehicles: the vehicle enters it at the first ``e >= t`` at which fewer than ``lot``
    of the vehicles already placed are in it (entered at or before ``e``, not started), and
    until then keeps the place it holds: its primary booth (``held_booth``; the held booth-hours
    are booked like those of a full secondary lot, :func:`borderlever.sim.layout._book_held`)
    or, for a vehicle referred to secondary, its secondary bay (the caller keeps the bay busy
    until ``e``; bay-hours are not booked).  It then takes the open station that freed last
    before ``e`` (best fit, so a vehicle placed early but leaving late does not strand a station
    that an earlier one could use), else the earliest free one.  ``sec[5:]`` (station free times
    (flat), their offsets (Q + 1,), ring of the entries and of the starts of the last
    ``4 min(lot, 2**16) + 64`` vehicles placed (flat), its offsets (Q + 1,), entries so far (Q,), the line's
    bound (Q,)) carries the state between calls.  Vehicles are placed in the order the primary
    loop takes them (primary start order), not the order they leave the federal stages: a
    vehicle placed later that enters earlier is not counted in the line of those placed before
    it (the approximation of this engine, docs/sim.md).  Not inlined: it runs only for vehicles
    sent to a bounded added stage.
    """
    servers, _share, mu, sig, _tab0, _tab1, tab2, toffs, lanes_max = lanes
    _f1, _o1, _r1, _ro1, _n1, free2, foff2, ring_e, ring_s, roff2, n_in2, lot2 = sec
    H = servers.shape[2]
    base = roff2[q]
    M = roff2[q + 1] - base
    lot = lot2[q]
    k = n_in2[q]
    m = min(k, M)
    e = t
    while e < INF:  # the line at e: placed vehicles entered by e and not started
        n = 0
        first = INF
        for i in range(m):
            j = _u(base + i)
            inside = ring_e[j] <= e and ring_s[j] > e
            n += inside
            first = min(first, ring_s[j]) if inside else first
        if n < lot:
            break
        e = first  # the next start frees a place
    if held_booth and e > t and e < INF:
        _book_held(out, q, t, e, n_h)
    L = lanes_max[q, 2]
    start, lane = INF, -1
    if e < INF:
        h_e = int(e * INV60)
        n_open = min(servers[q, 2, _u(h_e)], L) if h_e < H else 0
        fit = -INF
        for j in range(n_open):  # best fit: the open station that freed last by e
            f = free2[_u(foff2[q] + j)]
            if f <= e and f > fit:
                fit = f
                lane = j
        if lane >= 0:
            start = e
        else:
            start, lane = _earliest(e, free2, foff2[q], L, servers, q, 2, tab2, toffs[2, q], H)
    slot = _u(base + k % M)
    ring_e[slot], ring_s[slot] = e, start
    n_in2[q] = k + 1
    if lane < 0:
        if t < INF:
            _interval(out, q, t, INF, n_h, K_QAREA, K_QFULL, K_QCOVER)
        return e, INF, INF
    svc = lognormal_at(rng, q, S_SV2, mu[q, 2], sig[q, 2])
    free2[_u(foff2[q] + lane)] = start + svc
    _interval(out, q, t, start, n_h, K_QAREA, K_QFULL, K_QCOVER)
    return e, start + svc, start - t


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


@njit(cache=True, **NO_REFCOUNT)
def _serve_queue(
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
    elastic,
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
):
    """Queue ``q``'s primary stage up to ``t_end``: native arrivals merged in time order with the
    re-entries (``pss`` 0: its own deferrals from the local heap ``ht2``; 1: the slice's
    re-entries ``g_t[r_i:r_end]``), writing records ``ra/rd/rw/rf[nrec:]`` and pushing give-ups.

    Compiled without reference counting (it allocates nothing): returns (status, nrec, nh, nh2,
    r_i) with status 0 when ``t_end`` is reached, 1/2/3 when the records reach ``rec_end`` / the local heap /
    the shared heap is full; the caller grows that buffer and calls again (the loop resumes
    exactly where it stopped: a vehicle is processed whole or not at all).  ``demand``,
    ``lanes``, ``reactions`` and ``elastic`` (booth cap, trigger, budget) are the tuples of :meth:`borderlever.sim.compile.Compiled.kernel_args`.
    ``forgo`` (on, elasticity (Q,), trip cost [min], this run's and the no-policy run's
    posted-wait arrays of the replication (Q, n_h, 2)): with it on, every vehicle reaching a
    booth adds its primary wait to its hour's posted wait, and a native traveller of a queue with a positive elasticity may stay
    home (:func:`_forgoes`; counted in ``K_FORGO``, never queued).  ``sec``: the secondary
    state of :func:`_secondary`, which runs here for each referred vehicle, so that a full
    secondary lot keeps the booth of the vehicle it holds busy for the vehicles behind it; the
    record's departure and wait then include secondary, and, where the line in front of the
    added stage is bounded, the added stage (:func:`_added`: a vehicle that finds that line full
    holds its booth or bay).
    """
    rate_min, inv_rate = demand
    servers, share, mu, sig, tab0, _tab1, _tab2, toffs, lanes_max = lanes
    (
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
        pat_cap,
        return_lag,
    ) = reactions
    H = servers.shape[2]
    L = lanes_max[q, 0]
    fg_on = forgo[0]
    fg_q = fg_on and forgo[1][q] > 0.0
    pw = forgo[3]
    # next native arrival, its service time (drawn one vehicle ahead, so the draw overlaps the
    # current vehicle's lane choice) and the native count: kept in registers, stored on return
    t_nat, svc_nat = nxt[q, 0], nxt[q, 1]
    k_nat = n_nat[q]
    status = 0
    while True:
        if nrec >= rec_end:
            status = 1
            break
        if pss == 0 and nh2 >= ht2.shape[0]:
            status = 2
            break
        if pss == 1 and nh >= ht.shape[0]:
            status = 3
            break
        t_re = (ht2[0] if nh2 > 0 else INF) if pss == 0 else (g_t[r_i] if r_i < r_end else INF)
        if t_nat >= t_end and t_re >= t_end:
            break
        if t_nat <= t_re:
            a = t_nat
            flags = 0
            k_nat += 1
            native = True
            svc = svc_nat
            t_nat = _next_arrival(a, rate_min, inv_rate, q, n_h, rng)
            svc_nat = lognormal_at(rng, q, S_SV0, mu[q, 0], sig[q, 0])
            s_ref, s_ref2, s_div = S_REF, S_REF2, S_DIV
            ha = int(a * INV60)
            out[q, _u(ha), K_BASE] += 1.0
        else:
            if pss == 0:
                a, _qq, flags, nh2 = _heap_pop(ht2, hq2, hf2, nh2)
            else:
                a = t_re
                flags = g_f[r_i]
                r_i += 1
            svc = lognormal_at(rng, q, S_REA, mu[q, 0], sig[q, 0])
            s_ref = s_ref2 = s_div = S_REA
            native = False
            ha = int(a * INV60)
            if flags & F_LASTDIV:
                out[q, ha, K_DIV_IN] += 1.0
            else:
                out[q, ha, K_RETURN] += 1.0
        uha = _u(ha)
        if uniform_at(rng, q, s_ref) < share[q, 1, uha]:
            flags |= F_SEC
        if share[q, 2, uha] > 0.0 and uniform_at(rng, q, s_ref2) < share[q, 2, uha]:
            flags |= F_ADD
        # after the referral draws, so that a forgone trip leaves the other streams aligned
        if fg_q and native and _forgoes(out, q, ha, k_nat, forgo, rng, n_h):
            out[q, uha, K_FORGO] += 1.0
            continue
        if L > 0:
            start, lane = _earliest(a, free0, foff[q], L, servers, q, 0, tab0, toffs[0, q], H)
            if start - a > elastic[1][q]:
                start, lane = _open_booths(
                    q,
                    a,
                    start,
                    lane,
                    free0,
                    foff,
                    L,
                    servers,
                    tab0,
                    toffs[0, q],
                    H,
                    elastic,
                    out,
                    n_h,
                )
        else:
            start, lane = INF, -1
        # patience: a native vehicle's word is hashed from its number (same vehicle, same
        # patience in every run; no stream draw, so it is taken for every vehicle: no branch on
        # whether it waits); a re-entering one draws from its stream only when it waits.  Exact
        # shortcut: a wait at or below the lowest patience of the word's bin cannot exceed the
        # patience, which is only computed when it can decide (a queue without patience has an
        # infinite bound).
        patience = INF
        if native or (has_pat[q] and start > a):
            z_p = hashed_u64(rng[q, S_PAT, 0], k_nat) if native else next_u64_at(rng, q, S_REA)
            if start - a > pat_lo[q, _u(u64_uniform_bin(z_p, PAT_BITS))]:
                patience = min(
                    np.exp(pat_mu[q] + pat_sig[q] * norm_ppf(u64_uniform(z_p))), pat_cap[q]
                )
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
                if want_defer:  # every attempt: defer again or cancel
                    if hg < n_h:
                        out[q, hg, K_DEFER] += 1.0
                    tt = _return_time(g, q, servers, H, defer_delay, return_lag, rng, s_div)
                    tq, tf = q, (flags & F_DIVERTED) | F_DEFERRED
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
        rel = start + svc  # when the booth frees
        dep = rel
        wq = start - a
        if flags & F_SEC:
            rel, dep, w_sec, bay = _secondary(q, rel, rng, out, lanes, sec, n_h)
            wq += w_sec
            if flags & F_ADD and sec[9][q + 1] > sec[9][q]:  # bounded added line: hold the bay
                e2, dep, w_add = _added(q, dep, False, rng, out, lanes, sec, n_h)
                wq += w_add
                if bay >= 0:
                    sec[0][_u(sec[1][q] + bay)] = e2
        elif flags & F_ADD and sec[9][q + 1] > sec[9][q]:  # bounded added line: hold the booth
            rel, dep, w_add = _added(q, rel, True, rng, out, lanes, sec, n_h)
            wq += w_add
        free0[_u(foff[q] + lane)] = rel
        if fg_on:  # posted wait: primary waits by the hour the vehicle reaches its booth
            hs = int(start * INV60)
            if hs < n_h:
                pw[q, hs, PW_SUM] += start - a
                pw[q, hs, PW_N] += 1.0
        _interval(out, q, a, start, n_h, K_QAREA, K_QFULL, K_QCOVER)
        _interval(out, q, start, start + svc, n_h, K_BUSY, K_BUSYFULL, -1)
        un = _u(nrec)
        ra[un], rd[un], rw[un], rf[un] = a, dep, wq, flags
        nrec += 1
    nxt[q, 0], nxt[q, 1] = t_nat, svc_nat
    n_nat[q] = k_nat
    return status, nrec, nh, nh2, r_i
