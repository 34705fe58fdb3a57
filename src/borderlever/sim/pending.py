"""Vehicles waiting to re-enter a queue (diverted or deferred): a binary min-heap on time."""

from __future__ import annotations

import numpy as np
from numba import njit

from borderlever.sim.layout import NO_REFCOUNT


@njit(cache=True, **NO_REFCOUNT)
def _heap_push(ht, hq, hf, n, t, q, f):
    i = n
    ht[i], hq[i], hf[i] = t, q, f
    while i > 0:
        p = (i - 1) >> 1
        if ht[p] <= ht[i]:
            break
        ht[p], ht[i] = ht[i], ht[p]
        hq[p], hq[i] = hq[i], hq[p]
        hf[p], hf[i] = hf[i], hf[p]
        i = p
    return n + 1


@njit(cache=True, **NO_REFCOUNT)
def _heap_pop(ht, hq, hf, n):
    t, q, f = ht[0], hq[0], hf[0]
    n -= 1
    ht[0], hq[0], hf[0] = ht[n], hq[n], hf[n]
    i = 0
    while True:
        lc = 2 * i + 1
        if lc >= n:
            break
        c = lc
        if lc + 1 < n and ht[lc + 1] < ht[lc]:
            c = lc + 1
        if ht[i] <= ht[c]:
            break
        ht[c], ht[i] = ht[i], ht[c]
        hq[c], hq[i] = hq[i], hq[c]
        hf[c], hf[i] = hf[i], hf[c]
        i = c
    return t, q, f, n


@njit(cache=True)
def _grow_f8(a, n):
    b = np.empty(max(2 * a.shape[0], n), a.dtype)
    b[: a.shape[0]] = a
    return b


@njit(cache=True)
def _grow_i4(a, n):
    b = np.empty(max(2 * a.shape[0], n), a.dtype)
    b[: a.shape[0]] = a
    return b


@njit(cache=True)
def _grow_i1(a, n):
    b = np.empty(max(2 * a.shape[0], n), a.dtype)
    b[: a.shape[0]] = a
    return b
