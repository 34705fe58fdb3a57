"""Per-replication wait statistics over the policy window and the whole horizon (``SimResult.waits``).

Computed from each replication's hourly kernel output, without per-vehicle records:

* ``served`` and ``mean_wait_min`` count the vehicles that *finished* service in the span (the
  same accounting as ``daily``: mean = sum of waits / served, so ``daily``'s
  ``wait_vehicle_h / served`` over the same days gives the same number).
* ``max_wait_min`` is exact: the largest queueing wait of a vehicle *arriving* in the span.
* ``p95_wait_min`` (and ``p99_wait_min``, the same at 0.99) is the 95th percentile of the waits of the vehicles arriving in the span,
  taken from the mixture of the hourly wait distributions: each hour's distribution is
  interpolated linearly through its exact 0th (0 min), 50th, 95th and 100th percentiles and
  weighted by the hour's vehicle count; the mixture's quantile, which lies between the smallest
  and the largest hourly p95, is found by Illinois regula falsi to 0.01 min.  It is exact for a
  one-hour span, and otherwise an interpolation between exact hourly order statistics (never
  above the span's maximum).  Computed for a batch of replications at once, in parallel.
* ``peak_hour_wait_min`` is the highest hourly mean wait of the vehicles arriving in an hour of
  the span (classes of a pooled group weighted by their counts): the figure a CBP posted wait
  (the current wait at the worst hour) is compared with.  ``max_wait_min`` is one vehicle's
  worst wait: the patience tail, a truck held over a closed night or weekend; headline figures
  quote p95/p99 and report the maximum separately.

Rows exist per queue (port x vehicle_class), per port for each pooled group of classes
(``vehicle_class`` 'all', 'trucks' = truck_standard + truck_fast, 'passenger' = pov_*,
pedestrian, bus; ``CLASS_GROUPS``) and for the whole network (``port_code`` 'ALL', same groups).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from numba import njit, prange
from numpy.typing import NDArray

from borderlever.network.classes import CLASS_GROUPS
from borderlever.sim.layout import K_SERVED, K_WAIT_SUM, K_WMAX, K_WMEAN, K_WN, K_WP50, K_WP95

#: The mixture p95 is found (Illinois regula falsi) to this absolute precision [min].
_TOL_MIN = 1e-2


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
def _group_excess(x, sub, target):
    """Expected count of the packed hourly waits ``sub`` that are <= x, minus ``target``."""
    tot = 0.0
    for e in range(sub.shape[0]):
        tot += _mixture_cdf_count(x, sub[e, 0], sub[e, 1], sub[e, 2], sub[e, 3])
    return tot - target


@njit(cache=True)
def _hour_quantile(p50, p95, mx, q):
    """The ``q`` quantile (q >= 0.5) of one hour's interpolated waits (exactly p95 at 0.95)."""
    if q >= 0.95:
        return p95 + (q - 0.95) / 0.05 * (mx - p95)
    return p50 + (q - 0.5) / 0.45 * (p95 - p50)


@njit(cache=True)
def mixture_quantile(raw, group, n_groups, lo_h, hi_h, qq):
    """The ``q`` quantile (0.5 <= q < 1) of each group's waits of vehicles arriving in hours
    [lo_h, hi_h) [min].

    ``raw`` is one replication's kernel output (Q, n_h, N_K), read for the count, p50, p95 and
    max wait of the vehicles arriving in each hour of each queue; ``group[q]`` the group of
    queue q (-1: none).  The answer lies between the smallest and the largest hourly ``q``
    quantile of the group (at the largest every hour's share below is >= q, below the smallest
    every share is < q), which brackets the root search (Illinois regula falsi, exact within
    ``_TOL_MIN``).  NaN for a group without vehicles.
    """
    Q = raw.shape[0]
    n_hit = 0
    for q in range(Q):
        if group[q] >= 0:
            for h in range(lo_h, hi_h):
                if raw[q, h, K_WN] > 0:
                    n_hit += 1
    # the hours with vehicles, packed once: (group, count, p50, p95, max)
    eg = np.empty(n_hit, np.int64)
    ev = np.empty((n_hit, 4))
    total = np.zeros(n_groups)
    a = np.full(n_groups, np.inf)
    b = np.zeros(n_groups)
    e = 0
    for q in range(Q):
        g = group[q]
        if g < 0:
            continue
        for h in range(lo_h, hi_h):
            k = raw[q, h, K_WN]
            if k > 0:
                eg[e] = g
                ev[e, 0] = k
                ev[e, 1] = raw[q, h, K_WP50]
                ev[e, 2] = raw[q, h, K_WP95]
                ev[e, 3] = raw[q, h, K_WMAX]
                total[g] += k
                hq = _hour_quantile(ev[e, 1], ev[e, 2], ev[e, 3], qq)
                a[g] = min(a[g], hq)
                b[g] = max(b[g], hq)
                e += 1
    # per group, Illinois (modified regula falsi) on F(x) - 0.95 n: piecewise linear, non-decreasing
    start = np.zeros(n_groups + 1, np.int64)  # counting sort: each group's hours contiguous
    for e in range(n_hit):
        start[eg[e] + 1] += 1
    for g in range(n_groups):
        start[g + 1] += start[g]
    fill = start[:-1].copy()
    packed = np.empty_like(ev)
    for e in range(n_hit):
        packed[fill[eg[e]]] = ev[e]
        fill[eg[e]] += 1
    ev = packed
    for g in range(n_groups):
        if total[g] == 0.0 or b[g] - a[g] <= _TOL_MIN:
            continue
        sub = ev[start[g] : start[g + 1]]
        target = qq * total[g]
        lo, hi = a[g], b[g]
        flo = _group_excess(lo, sub, target)
        fhi = _group_excess(hi, sub, target)
        side = 0
        for _ in range(200):
            if hi - lo <= _TOL_MIN or fhi <= 0.0:
                break
            x = hi - fhi * (hi - lo) / (fhi - flo)
            x = min(max(x, lo + 0.25 * _TOL_MIN), hi - 0.25 * _TOL_MIN)
            fx = _group_excess(x, sub, target)
            if fx >= 0.0:
                hi, fhi = x, fx
                if side == 1:
                    flo *= 0.5
                side = 1
            else:
                lo, flo = x, fx
                if side == -1:
                    fhi *= 0.5
                side = -1
        b[g] = hi
    return np.where(total > 0, b, np.nan)


@njit(cache=True, parallel=True)
def mixture_quantile_batch(raw, group, n_groups, lo_h, hi_h, qq):
    """:func:`mixture_quantile` of each replication of ``raw`` (R, Q, n_h, N_K), replications in
    parallel: (R, n_groups)."""
    out = np.empty((raw.shape[0], n_groups))
    for r in prange(raw.shape[0]):
        out[r] = mixture_quantile(raw[r], group, n_groups, lo_h, hi_h, qq)
    return out


def mixture_p95(raw, group, n_groups, lo_h, hi_h):
    """:func:`mixture_quantile` at 0.95 (one replication)."""
    return mixture_quantile(raw, group, n_groups, lo_h, hi_h, 0.95)


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


#: Pooled rows: per port and for the network, each group of classes (``CLASS_GROUPS`` names).
POOLED = ("all", "trucks", "passenger")


Grouping = tuple[NDArray[np.int64], NDArray[np.object_], NDArray[np.object_]]


def groupings(
    port_codes: list[str] | tuple[str, ...],
    classes: list[str] | tuple[str, ...],
    queue_port: NDArray[np.int64],
    queue_class: NDArray[np.int64],
) -> list[Grouping]:
    """(group of each queue or -1, port_code per group, vehicle_class per group) per grouping."""
    pc = np.asarray(port_codes, dtype=object)
    cls = np.asarray(classes, dtype=object)[queue_class]
    qp = np.asarray(queue_port, np.int64)
    out = [(np.arange(len(qp), dtype=np.int64), pc[qp], cls)]
    for label in POOLED:
        member = np.isin(cls, CLASS_GROUPS[label])
        if not member.any():
            continue
        used = np.unique(qp[member])
        out.append(
            (
                np.where(member, np.searchsorted(used, qp), -1),
                pc[used],
                np.full(len(used), label, dtype=object),
            )
        )
        out.append(
            (
                np.where(member, 0, -1),
                np.array(["ALL"], dtype=object),
                np.array([label], dtype=object),
            )
        )
    return out


def _queue_sums(raw: NDArray[np.float64], lo_h: int, hi_h: int) -> dict[str, NDArray]:
    """Per replication and queue over hours [lo_h, hi_h) of ``raw`` (R, Q, n_h, N_K): served,
    wait sum [min], max wait [min], any arrival; each (R, Q)."""
    has = raw[:, :, lo_h:hi_h, K_WN] > 0
    return {
        "n": raw[:, :, lo_h:hi_h, K_WN],
        "wmean": np.where(has, raw[:, :, lo_h:hi_h, K_WMEAN], 0.0),
        "served": raw[:, :, lo_h:hi_h, K_SERVED].sum(axis=2),
        "wsum": raw[:, :, lo_h:hi_h, K_WAIT_SUM].sum(axis=2),
        "wmax": raw[:, :, lo_h:hi_h, K_WMAX].max(axis=2, initial=0.0),  # 0 where no vehicle
        "seen": has.any(axis=2),
    }


def span_stats(
    raw: NDArray[np.float64],
    sums: dict[str, NDArray],
    group: NDArray[np.int64],
    n: int,
    span: tuple[int, int],
) -> dict[str, NDArray[np.float64]]:
    """served, mean_wait_min, p95_wait_min, p99_wait_min, peak_hour_wait_min, max_wait_min of
    each group over hours [span), per replication: each (R, n) from ``raw`` (R, Q, n_h, N_K) and
    :func:`_queue_sums`."""
    m = group >= 0
    g = group[m]
    R = raw.shape[0]
    rows = np.arange(R)[:, None]
    served = np.zeros((R, n))
    wsum = np.zeros((R, n))
    wmax = np.zeros((R, n))
    seen = np.zeros((R, n), bool)
    np.add.at(served, (rows, g), sums["served"][:, m])
    np.add.at(wsum, (rows, g), sums["wsum"][:, m])
    np.maximum.at(wmax, (rows, g), sums["wmax"][:, m])
    np.logical_or.at(seen, (rows, g), sums["seen"][:, m])
    H = sums["n"].shape[2]
    cnt = np.zeros((R, n, H))
    wtot = np.zeros((R, n, H))
    np.add.at(cnt, (rows, g), sums["n"][:, m])
    np.add.at(wtot, (rows, g), sums["n"][:, m] * sums["wmean"][:, m])
    hour_mean = np.divide(wtot, cnt, out=np.zeros_like(wtot), where=cnt > 0)
    return {
        "served": served,
        "mean_wait_min": np.divide(wsum, served, out=np.full((R, n), np.nan), where=served > 0),
        "p95_wait_min": mixture_quantile_batch(raw, group, n, span[0], span[1], 0.95),
        "p99_wait_min": mixture_quantile_batch(raw, group, n, span[0], span[1], 0.99),
        "peak_hour_wait_min": np.where(seen, hour_mean.max(axis=2, initial=0.0), np.nan),
        "max_wait_min": np.where(seen, wmax, np.nan),
    }


#: Statistic columns of ``SimResult.waits``: ``<stat>`` over the horizon, ``<stat>_window`` over
#: the policy window.
WAIT_STATS = (
    "served",
    "mean_wait_min",
    "p95_wait_min",
    "p99_wait_min",
    "peak_hour_wait_min",
    "max_wait_min",
)


def waits_frame(
    raw: NDArray[np.float64],
    rep0: int,
    port_codes: list[str] | tuple[str, ...],
    classes: list[str] | tuple[str, ...],
    queue_port: NDArray[np.int64],
    queue_class: NDArray[np.int64],
    window: tuple[int, int],
    groups: list[Grouping] | None = None,
) -> pd.DataFrame:
    """Rows of ``SimResult.waits`` (see the module docstring) for the replications of ``raw``
    (R, Q, n_h, N_K), numbered from ``rep0``; ``groups`` from :func:`groupings` (computed here
    when not given)."""
    if groups is None:
        groups = groupings(port_codes, classes, queue_port, queue_class)
    R, n_h = raw.shape[0], raw.shape[2]
    same = tuple(window) == (0, n_h)
    s_all = _queue_sums(raw, 0, n_h)
    s_win = s_all if same else _queue_sums(raw, *window)
    cols: dict[str, list[NDArray]] = {k: [] for k in WAIT_STATS}
    cols |= {f"{k}_window": [] for k in WAIT_STATS}
    for group, _ports, _labels in groups:
        n = len(_ports)
        whole = span_stats(raw, s_all, group, n, (0, n_h))
        win = whole if same else span_stats(raw, s_win, group, n, (window[0], window[1]))
        for k in WAIT_STATS:
            cols[k].append(whole[k])
            cols[f"{k}_window"].append(win[k])
    n_rows = sum(len(p) for _g, p, _l in groups)
    return pd.DataFrame(
        {
            "replication": np.repeat(np.arange(rep0, rep0 + R), n_rows),
            "port_code": np.tile(np.concatenate([p for _g, p, _l in groups]), R),
            "vehicle_class": np.tile(np.concatenate([lab for _g, _p, lab in groups]), R),
            **{k: np.concatenate(v, axis=1).ravel() for k, v in cols.items()},
            "window_start_h": window[0],
            "window_end_h": window[1],
        }
    )


def upstream_delays(
    upstream_min: NDArray[np.float64] | None,
    weight: NDArray[np.float64],
    groups: list[Grouping],
    queue_port: NDArray[np.int64],
    queue_class: NDArray[np.int64],
) -> pd.DataFrame:
    """The fixed upstream delay [min] of each row of ``SimResult.waits`` (port_code,
    vehicle_class, upstream_delay_min).

    ``upstream_min`` (P, C) is the schedule's :attr:`~borderlever.network.Schedule.upstream_delay_min`
    (None: 0 everywhere); a pooled group takes its classes' delays weighted by ``weight`` (Q,),
    the queues' expected arrivals.  The delay is the bridge approach, export processing and
    state inspection ahead of the CBP line: a vehicle's whole normal wait is the queueing wait
    plus this.

    Examples
    --------
    >>> g = groupings(["2304"], ["truck_standard", "truck_fast"], np.array([0, 0]), np.array([0, 1]))
    >>> upstream_delays(np.array([[30.0, 0.0]]), np.array([9.0, 1.0]), g, np.array([0, 0]),
    ...                 np.array([0, 1]))["upstream_delay_min"].round(1).tolist()
    [30.0, 0.0, 27.0, 27.0, 27.0, 27.0]
    """
    q_delay = (
        np.zeros(len(queue_port))
        if upstream_min is None
        else np.asarray(upstream_min, float)[queue_port, queue_class]
    )
    w = np.asarray(weight, float)
    rows = []
    for group, ports, labels in groups:
        n = len(ports)
        m = group >= 0
        num, den = np.zeros(n), np.zeros(n)
        np.add.at(num, group[m], (w * q_delay)[m])
        np.add.at(den, group[m], w[m])
        mean = np.divide(num, den, out=np.zeros(n), where=den > 0)
        rows.append(
            pd.DataFrame({"port_code": ports, "vehicle_class": labels, "upstream_delay_min": mean})
        )
    return pd.concat(rows, ignore_index=True)
