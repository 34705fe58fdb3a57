"""After the primary stage: secondary and added stages, then the hourly served counts, wait sums
and exact wait statistics (mean, p50, p95, max) of one queue.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from borderlever.sim.lanes import _earliest
from borderlever.sim.layout import (
    F_ADD,
    F_SEC,
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
    S_SV1,
    S_SV2,
    _interval,
)
from borderlever.sim.variates import lognormal_at


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
    rng,
    scratch,
):
    """Stages 1-2 for queue q's primary-served vehicles rec[lo:hi], then its hourly statistics.

    Overwrites ``d1[lo:hi]`` and ``wt[lo:hi]`` with the final departure times and total waits.
    ``lanes`` is the tuple of :meth:`borderlever.sim.compile.Compiled.kernel_args`.
    """
    servers, _share, mu, sig, _tab0, tab1, tab2, toffs, lanes_max = lanes
    H = servers.shape[2]
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
                    t,
                    free,
                    0,
                    L,
                    servers,
                    q,
                    stage,
                    tab1 if stage == 1 else tab2,
                    toffs[stage, q],
                    H,
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


@njit(cache=True, **NO_REFCOUNT)
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
