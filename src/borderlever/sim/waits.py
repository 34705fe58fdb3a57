"""Per-replication wait statistics over the policy window and the whole horizon (``SimResult.waits``).

Computed from each replication's hourly kernel output, without per-vehicle records:

* ``served`` and ``mean_wait_min`` count the vehicles that *finished* service in the span (the
  same accounting as ``daily``: mean = sum of waits / served, so ``daily``'s
  ``wait_vehicle_h / served`` over the same days gives the same number).
* ``max_wait_min`` is exact: the largest queueing wait of a vehicle *arriving* in the span.
* ``p95_wait_min`` is the 95th percentile of the waits of the vehicles arriving in the span,
  taken from the mixture of the hourly wait distributions: each hour's distribution is
  interpolated linearly through its exact 0th (0 min), 50th, 95th and 100th percentiles and
  weighted by the hour's vehicle count, and the mixture's quantile is found by bisection.  It is
  exact where the span holds one hour or where waits within each hour are equal, and otherwise an
  interpolation between exact hourly order statistics (never above the span's maximum).

Rows exist per queue (port x vehicle_class), per port (``vehicle_class`` 'all', every class of
the port pooled) and for the whole network (``port_code`` 'ALL', ``vehicle_class`` 'all').
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from numba import njit
from numpy.typing import NDArray

from borderlever.sim.kernel import K_SERVED, K_WAIT_SUM, K_WMAX, K_WN, K_WP50, K_WP95

#: Bisection steps for the mixture quantile: the interval shrinks to max wait / 2**32.
_STEPS = 32


@njit(cache=True)
def _mixture_cdf_count(x, k, p50, p95, mx):
    """Expected count of waits <= x for one hour whose waits have the given order statistics."""
    if x >= mx:
        return k
    if x >= p95:
        return k * (0.95 + 0.05 * (x - p95) / (mx - p95))
    if x >= p50:
        return k * (0.5 + 0.45 * (x - p50) / (p95 - p50))
    return k * 0.5 * x / p50


@njit(cache=True)
def mixture_quantile(raw, group, n_groups, lo_h, hi_h, level):
    """Quantile ``level`` of each group's waits of vehicles arriving in hours [lo_h, hi_h).

    ``raw`` is one replication's kernel output (Q, n_h, N_K); ``group[q]`` the group of queue q
    (-1: none).  Returns (n_groups,) [min]; NaN for a group without vehicles.
    """
    Q = raw.shape[0]
    total = np.zeros(n_groups)
    top = np.zeros(n_groups)
    for q in range(Q):
        g = group[q]
        if g < 0:
            continue
        for h in range(lo_h, hi_h):
            k = raw[q, h, K_WN]
            if k > 0:
                total[g] += k
                if raw[q, h, K_WMAX] > top[g]:
                    top[g] = raw[q, h, K_WMAX]
    a = np.zeros(n_groups)
    b = top.copy()
    acc = np.zeros(n_groups)
    for _ in range(_STEPS):
        acc[:] = 0.0
        mid = 0.5 * (a + b)
        for q in range(Q):
            g = group[q]
            if g < 0 or top[g] == 0.0:
                continue
            for h in range(lo_h, hi_h):
                k = raw[q, h, K_WN]
                if k > 0:
                    acc[g] += _mixture_cdf_count(
                        mid[g], k, raw[q, h, K_WP50], raw[q, h, K_WP95], raw[q, h, K_WMAX]
                    )
        for g in range(n_groups):
            if acc[g] >= level * total[g]:
                b[g] = mid[g]
            else:
                a[g] = mid[g]
    out = np.where(total > 0, b, np.nan)
    return out


def span_hours(policies: list, n_h: int) -> tuple[int, int]:
    """The policy window [first hour, end hour) in whole hours: the span from the earliest policy
    start to the latest policy end (rounded to the hour, as policies are), clipped to the horizon;
    the whole horizon ``(0, n_h)`` without policies.

    Examples
    --------
    >>> span_hours([], 48)
    (0, 48)
    """
    if not policies:
        return 0, int(n_h)
    lo = round(min(p.start_min for p in policies) / 60.0)
    hi = round(max(p.end_min for p in policies) / 60.0)
    lo = int(min(max(lo, 0), n_h))
    return lo, int(min(max(hi, lo), n_h))


def _groups(queue_port: NDArray[np.int64], n_ports: int) -> list[tuple[NDArray[np.int64], int]]:
    q = len(queue_port)
    return [
        (np.arange(q, dtype=np.int64), q),  # each queue
        (np.asarray(queue_port, np.int64), n_ports),  # each port, classes pooled
        (np.zeros(q, np.int64), 1),  # the whole network
    ]


def span_stats(
    raw: NDArray[np.float64], queue_port: NDArray[np.int64], n_ports: int, lo_h: int, hi_h: int
) -> list[dict[str, NDArray[np.float64]]]:
    """served, mean_wait_min, p95_wait_min, max_wait_min per queue, per port and in all (see module)."""
    out = []
    for group, n in _groups(queue_port, n_ports):
        served = np.zeros(n)
        wsum = np.zeros(n)
        wmax = np.zeros(n)
        seen = np.zeros(n, bool)
        sl = raw[:, lo_h:hi_h]
        np.add.at(served, group, sl[..., K_SERVED].sum(axis=1))
        np.add.at(wsum, group, sl[..., K_WAIT_SUM].sum(axis=1))
        has = sl[..., K_WN] > 0
        np.maximum.at(wmax, group, np.where(has, sl[..., K_WMAX], 0.0).max(axis=1, initial=0.0))
        np.logical_or.at(seen, group, has.any(axis=1))
        out.append(
            {
                "served": served,
                "mean_wait_min": np.divide(wsum, served, out=np.full(n, np.nan), where=served > 0),
                "p95_wait_min": mixture_quantile(raw, group, n, lo_h, hi_h, 0.95),
                "max_wait_min": np.where(seen, wmax, np.nan),
            }
        )
    return out


#: Statistic columns of ``SimResult.waits``: ``<stat>`` over the horizon, ``<stat>_window`` over
#: the policy window.
WAIT_STATS = ("served", "mean_wait_min", "p95_wait_min", "max_wait_min")


def waits_frame(
    raw: NDArray[np.float64],
    rep: int,
    port_codes: list[str] | tuple[str, ...],
    classes: list[str] | tuple[str, ...],
    queue_port: NDArray[np.int64],
    queue_class: NDArray[np.int64],
    window: tuple[int, int],
) -> pd.DataFrame:
    """One replication's rows of ``SimResult.waits`` (see the module docstring)."""
    n_h = raw.shape[1]
    n_ports = len(port_codes)
    whole = span_stats(raw, queue_port, n_ports, 0, n_h)
    win = whole if tuple(window) == (0, n_h) else span_stats(raw, queue_port, n_ports, *window)
    used = np.unique(queue_port)
    pc = np.asarray(port_codes, dtype=object)
    keys = [
        (
            pc[queue_port],
            np.asarray(classes, dtype=object)[queue_class],
            np.arange(len(queue_port)),
        ),
        (pc[used], np.full(len(used), "all", dtype=object), used),
        (np.array(["ALL"], dtype=object), np.array(["all"], dtype=object), np.array([0])),
    ]
    parts = []
    for (ports, cls, sel), w_all, w_win in zip(keys, whole, win, strict=True):
        cols = {k: w_all[k][sel] for k in WAIT_STATS}
        cols |= {f"{k}_window": w_win[k][sel] for k in WAIT_STATS}
        parts.append(pd.DataFrame({"port_code": ports, "vehicle_class": cls, **cols}))
    df = pd.concat(parts, ignore_index=True)
    df.insert(0, "replication", rep)
    df["window_start_h"] = window[0]
    df["window_end_h"] = window[1]
    return df
