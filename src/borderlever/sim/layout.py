"""Layout shared by the compiled engine: random streams, hourly output slots, vehicle flags, and
the hourly interval accounting.

The raw kernel output is an array (replications, queues, hours, N_K); slot ``K_*`` of it holds
one hourly quantity (see :func:`borderlever.sim.engine.derive_hourly` for their meaning).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numba import njit

# numba flag for compiled helpers that allocate nothing: their code has no reference counting
# (an atomic increment and decrement per array argument and per branch otherwise).  ``_nrt`` is a
# private numba option (checked with numba 0.68): every simulation test runs code compiled with it.
NO_REFCOUNT: dict[str, Any] = {"_nrt": False}

# random streams per queue
S_ARR, S_SV0, S_REF, S_PAT, S_DIV, S_REA, S_SV1, S_SV2, S_REF2 = 0, 1, 2, 3, 4, 5, 6, 7, 8
S_FGO = 9  # forgone trips: a native traveller's word, hashed from its number (as patience)
N_STREAMS = 10
# hourly output slots
K_BASE, K_ARR, K_DIV_IN, K_RETURN, K_SERVED, K_WAIT_SUM = 0, 1, 2, 3, 4, 5
K_DIV_OUT, K_DEFER, K_CANCEL = 6, 7, 8
K_QAREA, K_QFULL, K_QCOVER, K_SYSCOVER, K_BUSY, K_BUSYFULL = 9, 10, 11, 12, 13, 14
K_WMEAN, K_WP50, K_WP95, K_WMAX, K_WN = 15, 16, 17, 18, 19
K_OPENED = 20  # primary booths opened by the elastic rule in the hour
K_BLOCKED = 21  # primary booth-hours held by referred vehicles: the secondary lot was full
K_FORGO = 22  # native travellers who stayed home: the posted wait was above normal
N_K = 23
# posted-wait arrays (replications, queues, hours, 2), allocated only where travellers may stay
# home: primary waits [min] (sum, count) of the vehicles reaching a booth in the hour
PW_SUM, PW_N = 0, 1
# vehicle flags
F_SEC, F_ADD, F_DIVERTED, F_DEFERRED, F_LASTDIV = 1, 2, 4, 8, 16
INF = np.inf
INV60 = 1.0 / 60.0


@njit(cache=True, inline="always")
def _u(i):
    """Index ``i`` (known to be >= 0) as unsigned.

    numba indexes with a signed integer as Python does, counting a negative index from the end:
    three instructions per index on every access (a shift, a mask of the axis length, an add).
    An unsigned index has no such code.  The hot loops index a dozen arrays per vehicle, so the
    indices they know to be non-negative go through this (about 10 % of the engine's time).
    """
    return np.uint64(i)


@njit(cache=True, inline="always")
def _interval(out, q, e, x, n_h, k_part, k_full, k_cover):
    """Add the interval [e, x) to hourly area (k_part/k_full) and end-of-hour counts (k_cover).

    ``e <= x``.  An empty interval (``e == x``, a vehicle that does not wait) adds 0.0 to one slot
    and nothing else: no early return on it, whose branch would mispredict in hours where about
    half the vehicles wait.  ``e`` infinite (a vehicle a closed stage never takes, reaching the
    next stage) adds nothing.  Whether ``x`` lies in the hour of ``e`` is decided on
    ``x * INV60`` against that hour + 1 as a float (the same test as ``int(x * INV60) <= he``,
    without the conversion, in the common case where it does).
    """
    if e == INF:
        return
    he = int(e * INV60)
    if he >= n_h:
        return
    he1 = float(he + 1)
    end_e = he1 * 60.0
    if k_part >= 0:
        out[q, _u(he), k_part] += (x if x < end_e else end_e) - e
    yx = x * INV60
    if yx < he1 and x < n_h * 60.0:  # within hour he, without converting yx
        return
    hx = n_h if x >= n_h * 60.0 else int(yx)  # > he: the interval reaches a later hour
    if k_part >= 0:
        if he + 1 < n_h:
            out[q, he + 1, k_full] += 1.0
        if hx < n_h:
            out[q, hx, k_full] -= 1.0
            out[q, hx, k_part] += x - hx * 60.0
    if k_cover >= 0:
        out[q, he, k_cover] += 1.0
        if hx < n_h:
            out[q, hx, k_cover] -= 1.0


@njit(cache=True, **NO_REFCOUNT)
def _book_held(out, q, t, e, n_h):
    """Add the booth-hours of a primary booth held over [t, e) [min] (a referred vehicle waiting
    for a place in the full secondary lot) to ``K_BLOCKED`` of each hour it covers (``e``
    finite, ``t <= e``).  Not inlined: it runs only while a lot is full."""
    h = int(t * INV60)
    while h < n_h and h * 60.0 < e:
        lo = max(t, h * 60.0)
        hi = min(e, (h + 1) * 60.0)
        out[q, h, K_BLOCKED] += (hi - lo) * INV60
        h += 1
