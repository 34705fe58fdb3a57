"""After the primary stage (secondary inspection included): the added stage, then the hourly
served counts, wait sums and exact wait statistics (mean, p50, p95, max) of one queue.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from borderlever.sim.lanes import _earliest
from borderlever.sim.layout import (
    F_ADD,
    INF,
    INV60,
    K_QAREA,
    K_QCOVER,
    K_QFULL,
    K_SERVED,
    K_WAIT_SUM,
    K_WMAX,
    K_WMEAN,
    K_WN,
    K_WP50,
    K_WP95,
    NO_REFCOUNT,
    S_SV2,
    _interval,
    _u,
)
from borderlever.sim.variates import lognormal_at

HIST_BINS = 1024  # most bins of a counting pass (_select_pair)
PAIR_MIN = 64  # positive waits in an hour from which _select_pair beats two _select calls


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
    lanes,
    added_done,
    rng,
    scratch,
):
    """The added stage (stage 2) for queue q's primary-served vehicles rec[lo:hi], then its
    hourly statistics.

    Overwrites ``d1[lo:hi]`` and ``wt[lo:hi]`` with the final departure times and total waits.
    ``lanes`` is the tuple of :meth:`borderlever.sim.compile.Compiled.kernel_args`.  The
    secondary inspection (stage 1) is already in the records: it runs inside the primary loop
    (:func:`borderlever.sim.primary._secondary`), because a full secondary lot blocks the
    primary booth of the vehicle it holds; a record's departure is then its departure from
    secondary, and the added stage takes the vehicles in that order.  ``added_done``: the
    queue's added line is bounded, so the added stage ran inside the primary loop too
    (:func:`borderlever.sim.primary._added`) and the records already include it.
    """
    servers, _share, mu, sig, _tab0, _tab1, tab2, toffs, lanes_max = lanes
    H = servers.shape[2]
    n = hi - lo
    dep = d1[lo:hi]  # worked on in place: the caller discards rec[lo:hi] afterwards
    w = wt[lo:hi]
    # the vehicles sent to the added stage, in one branch-free pass: each index is written and
    # the fill advances only for a member (few are, so a branch per vehicle would cost more)
    idx2 = np.empty(n, dtype=np.int64)
    m2 = 0
    for i in range(0 if added_done else n):
        idx2[_u(m2)] = i
        m2 += (fl[_u(lo + i)] & F_ADD) != 0
    if m2 > 0:
        sub = idx2[:m2]
        order = sub[np.argsort(dep[sub], kind="mergesort")]
        L = lanes_max[q, 2]
        free = np.zeros(max(L, 1))
        for i in order:
            t = dep[i]
            if L == 0 or t == INF:
                start = INF
                lane = -1
            else:
                start, lane = _earliest(t, free, 0, L, servers, q, 2, tab2, toffs[2, q], H)
            if lane < 0:
                _interval(out, q, t, INF, n_h, K_QAREA, K_QFULL, K_QCOVER)
                dep[i] = INF
                w[i] = INF
                continue
            svc = lognormal_at(rng, q, S_SV2, mu[q, 2], sig[q, 2])
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
    tmp = scratch[1]
    cnt = np.empty(HIST_BINS, dtype=np.int64)
    # served count and wait sum of one departure hour kept in registers while consecutive
    # vehicles leave in it (the same additions in the same order as adding to ``out`` directly)
    h_dep = 0
    served = out[q, 0, K_SERVED]
    wait_sum = out[q, 0, K_WAIT_SUM]
    i = 0
    while i < n:
        h = int(a[_u(lo + i)] * INV60)
        j = i
        k = 0
        m = 0
        tot = 0.0
        mx = 0.0
        while j < n and int(a[_u(lo + j)] * INV60) == h:
            d = dep[_u(j)]
            v = w[_u(j)]
            if d < horizon:
                hd = int(d * INV60)
                if hd != h_dep:
                    out[q, h_dep, K_SERVED] = served
                    out[q, h_dep, K_WAIT_SUM] = wait_sum
                    h_dep = hd
                    served = out[q, hd, K_SERVED]
                    wait_sum = out[q, hd, K_WAIT_SUM]
                served += 1.0
                wait_sum += v
            if v < INF:
                k += 1
                tot += v
                mx = max(mx, v)
                buf[_u(m)] = v
                m += v > 0.0  # branch-free: a zero wait is overwritten by the next one
            j += 1
        if k > 0 and h < n_h:
            out[q, h, K_WMEAN] = tot / k
            out[q, h, K_WMAX] = mx
            if mx > 0.0:
                _wait_percentiles(out, q, h, buf, m, k, k - m, mx, cnt, tmp)
            out[q, h, K_WN] = k
        i = j
    out[q, h_dep, K_SERVED] = served
    out[q, h_dep, K_WAIT_SUM] = wait_sum


@njit(cache=True, **NO_REFCOUNT)
def _quickselect(a, lo, hi, k):
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


@njit(cache=True, **NO_REFCOUNT)
def _select(a, lo, hi, k):
    """k-th smallest of ``a[lo:hi]``, in place: afterwards ``a[lo:k] <= a[k] <= a[k + 1:hi]``.

    Floyd & Rivest's SELECT: above 600 elements it first selects within a small sample around
    the expected rank, so the partition that follows moves few elements (about n + min(k, n - k)
    comparisons instead of quickselect's ~3.4 n; it matters for the 95th percentile).  The sample
    is selected by :func:`_quickselect` (one level of sampling, no recursion).

    References
    ----------
    Floyd, R. W. & Rivest, R. L. (1975). Algorithm 489: The algorithm SELECT. CACM 18(3), 173.
    Kiwiel, K. C. (2005). On Floyd and Rivest's SELECT algorithm. Theor. Comp. Sci. 347, 214-238.
    """
    left, right = lo, hi - 1
    while right > left:
        if right - left > 600:
            n = right - left + 1
            i = k - left + 1
            z = np.log(n)
            s = 0.5 * np.exp(2.0 * z / 3.0)
            sd = 0.5 * np.sqrt(z * s * (n - s) / n)
            if 2 * i < n:
                sd = -sd
            elif 2 * i == n:
                sd = 0.0
            _quickselect(
                a,
                max(left, int(k - i * s / n + sd)),
                min(right, int(k + (n - i) * s / n + sd)) + 1,
                k,
            )
        t = a[k]
        i = left
        j = right
        a[left], a[k] = a[k], a[left]
        if a[right] > t:
            a[right], a[left] = a[left], a[right]
        while i < j:
            a[i], a[j] = a[j], a[i]
            i += 1
            j -= 1
            while a[i] < t:
                i += 1
            while a[j] > t:
                j -= 1
        if a[left] == t:
            a[left], a[j] = a[j], a[left]
        else:
            j += 1
            a[j], a[right] = a[right], a[j]
        if j <= k:
            left = j + 1
        if k <= j:
            right = j - 1
    return a[k]


@njit(cache=True, inline="always")
def _bin(v, base, scale, top):
    """Bin of ``v`` among ``top + 1`` equal bins from ``base`` (width ``1 / scale``); values
    outside go to the end bins.  Never decreases as ``v`` grows (subtraction and a correctly
    rounded product by a positive constant are monotone, and so are truncation and clamping)."""
    return min(max(int((v - base) * scale), 0), top)


@njit(cache=True, **NO_REFCOUNT)
def _count(a, lo, hi, base, scale, nb, cnt):
    """Counts of ``a[lo:hi]`` in ``nb`` bins (:func:`_bin`) into ``cnt[:nb]``."""
    top = nb - 1
    for b in range(nb):
        cnt[b] = 0
    for i in range(lo, hi):
        cnt[_u(_bin(a[_u(i)], base, scale, top))] += 1


@njit(cache=True, **NO_REFCOUNT)
def _bin_of_rank(cnt, nb, r):
    """(bin holding rank ``r``, count below that bin) from counts ``cnt[:nb]``."""
    c = 0
    for b in range(nb):
        cb = cnt[_u(b)]
        if r < c + cb:
            return b, c
        c += cb
    return nb - 1, c - cnt[nb - 1]


@njit(cache=True, **NO_REFCOUNT)
def _select_binned(a, lo, hi, r, base, width, cnt):
    """Value of rank ``r`` (0-based) among ``a[lo:hi]``, whose values lie (mostly) in
    ``[base, base + width)``; reorders ``a[lo:hi]``.

    Each round counts the values into equal-width bins over the range, keeps the bin holding
    rank ``r`` (moved to the front in place: every value is written, the fill advances only for
    a member, so no branch depends on the data) and narrows the range to that bin; below 48
    values, or after 3 rounds, :func:`_select` finishes.  Exact for any data: a bin that holds
    most values (ties) only costs its rounds.
    """
    for _ in range(3):
        n = hi - lo
        if n <= 48 or not width > 0.0:
            break
        nb = min(cnt.shape[0], max(16, n >> 2))
        scale = nb / width
        if not scale < 1e300:
            break
        top = nb - 1
        _count(a, lo, hi, base, scale, nb, cnt)
        b, below = _bin_of_rank(cnt, nb, r)
        p = lo
        for i in range(lo, hi):
            v = a[_u(i)]
            a[_u(p)] = v
            p += _bin(v, base, scale, top) == b
        hi = lo + cnt[b]
        r -= below
        base += b / scale
        width = 1.0 / scale
    return _select(a, lo, hi, lo + r)


@njit(cache=True, **NO_REFCOUNT)
def _select_pair(a, m, r1, r2, hi_v, cnt, tmp):
    """Values of ranks ``r1 <= r2`` (0-based) among ``a[:m]`` (all in ``[0, hi_v]``,
    ``hi_v > 0``); ``a`` is left as it was.

    Where :func:`_select` partitions (a compare per element whose branch mispredicts about every
    other time), this counts: one pass sorts the values into equal-width bins; the element of
    rank ``r`` lies in the bin where the cumulative count passes ``r`` (bins never decrease with
    the value) and has rank ``r`` less the count below within it.  A second pass copies the one
    or two bins into ``tmp``, where :func:`_select_binned` narrows each further.  ``cnt``:
    int64 scratch (its length caps the bins); ``tmp``: at least ``2 m + 2`` floats.
    """
    nb = min(cnt.shape[0], max(16, m >> 2))
    scale = nb / hi_v
    top = nb - 1
    _count(a, 0, m, 0.0, scale, nb, cnt)
    b1, c1 = _bin_of_rank(cnt, nb, r1)
    b2, c2 = _bin_of_rank(cnt, nb, r2)
    n1 = cnt[b1]
    o2 = n1 + 1  # the second bin after the first and one guard slot (the write past a full bin)
    p1, p2 = 0, o2
    for i in range(m):
        v = a[_u(i)]
        b = _bin(v, 0.0, scale, top)
        tmp[_u(p1)] = v
        p1 += b == b1
        tmp[_u(p2)] = v
        p2 += b == b2
    w = 1.0 / scale
    v1 = _select_binned(tmp, 0, n1, r1 - c1, b1 * w, w, cnt)
    return v1, _select_binned(tmp, o2, p2, r2 - c2, b2 * w, w, cnt)


@njit(cache=True, **NO_REFCOUNT)
def _wait_percentiles(out, q, h, pos, m, k, nz, mx, cnt, tmp):
    """Exact p50 / p95 of ``k`` waits of which ``nz`` are zero and ``pos[:m]`` the positive rest
    (largest ``mx``; reordered in place), into ``out[q, h]``.  ``cnt``, ``tmp``: scratch of
    :func:`_select_pair`, used from ``PAIR_MIN`` positive waits on."""
    i50 = int(0.5 * (k - 1) + 0.5)
    i95 = min(k - 1, int(np.ceil(0.95 * k)) - 1)
    if i95 < nz:
        out[q, h, K_WP95] = 0.0
        out[q, h, K_WP50] = 0.0
        return
    if m >= PAIR_MIN and mx > 1e-200:  # (nb / mx stays finite)
        lo50 = i50 - nz if i50 >= nz else i95 - nz
        v50, v95 = _select_pair(pos, m, lo50, i95 - nz, mx, cnt, tmp)
        out[q, h, K_WP95] = v95
        out[q, h, K_WP50] = v50 if i50 >= nz else 0.0
        return
    out[q, h, K_WP95] = _select(pos, 0, m, i95 - nz)
    if i50 < nz:
        out[q, h, K_WP50] = 0.0
    elif i50 >= i95:
        out[q, h, K_WP50] = out[q, h, K_WP95]
    else:
        out[q, h, K_WP50] = _select(pos, 0, i95 - nz, i50 - nz)
