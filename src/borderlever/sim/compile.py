"""Turn a Schedule and DriverReactions into the flat arrays the compiled kernel runs on."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from borderlever.network.schedule import DriverReactions, Schedule
from borderlever.sim.lanes import next_open_table
from borderlever.sim.primary import patience_lower_bounds
from borderlever.sim.variates import lognormal_params

#: Shortest detour [min]: leaving one line, driving and joining another never takes less (assumption);
#: it is also the time slice of the engine when drivers can divert, so it bounds the run time.
MIN_DETOUR_MIN = 30.0


@dataclass(frozen=True, eq=False)
class Compiled:
    """Kernel input for the active queues (port x class pairs with demand or lanes)."""

    queue_port: NDArray[np.int64]
    queue_class: NDArray[np.int64]
    qid: NDArray[np.int64]
    rate_min: NDArray[np.float64]
    inv_rate: NDArray[np.float64]
    servers: NDArray[np.int32]
    share: NDArray[np.float64]
    mu: NDArray[np.float64]
    sig: NDArray[np.float64]
    pat_mu: NDArray[np.float64]
    pat_sig: NDArray[np.float64]
    pat_lo: NDArray[np.float64]
    has_pat: NDArray[np.bool_]
    p_div: NDArray[np.float64]
    p_def: NDArray[np.float64]
    cand_ptr: NDArray[np.int64]
    cand_q: NDArray[np.int32]
    cand_travel: NDArray[np.float64]
    cand_w: NDArray[np.float64]
    defer_delay: float
    pat_cap: NDArray[np.float64]
    return_lag: float
    n_h: int
    slice_min: float
    tables: tuple[NDArray[np.int32], NDArray[np.int32], NDArray[np.int32]]
    toffs: NDArray[np.int64]
    lanes_max: NDArray[np.int64]
    group_ptr: NDArray[np.int64]
    group_q: NDArray[np.int64]
    group_slice: NDArray[np.float64]
    booth_cap: NDArray[np.int32] | None = None
    elastic_trigger: NDArray[np.float64] | None = None
    elastic_budget: NDArray[np.float64] | None = None
    secondary_lot: NDArray[np.int64] | None = None
    added_lot: NDArray[np.int64] | None = None
    forgo_eps: NDArray[np.float64] | None = None
    forgo_cost_min: float = 150.0

    @property
    def forgoes(self) -> bool:
        """Whether travellers of some queue may stay home when the posted wait is long."""
        return self.forgo_eps is not None and bool((self.forgo_eps > 0).any())

    def forgo_args(
        self, posted: NDArray[np.float64] | None, norm: NDArray[np.float64] | None
    ) -> tuple:
        """(on, elasticity (Q,), trip cost [min], this run's posted-wait arrays (R, Q, n_h, 2),
        the no-policy run's) for :func:`borderlever.sim.kernel.run_chunk`; off (and dummy
        arrays) without them or where no queue forgoes.  The no-policy run fills its own
        posted waits with ``posted`` and ``norm`` one array (no excess: nobody stays home)."""
        Q = len(self.qid)
        eps = self.forgo_eps if self.forgo_eps is not None else np.zeros(Q)
        if posted is None or norm is None or not self.forgoes:
            dummy = np.zeros((1, 1, 1, 2))
            return (False, eps, float(self.forgo_cost_min), dummy, dummy)
        return (True, eps, float(self.forgo_cost_min), posted, norm)

    @property
    def elastic(self) -> bool:
        """Whether the elastic staffing rule can open a booth in this run."""
        return self.elastic_trigger is not None and bool(np.isfinite(self.elastic_trigger).any())

    def elastic_args(self) -> tuple:
        """(on, booth cap (Q, H), trigger (Q,) [min], budget (Q, days) [booth-hours], secondary
        lot (Q,) [vehicles], line in front of the added stage (Q,) [vehicles]) for the kernel;
        dummies for what is off."""
        Q = len(self.qid)
        lot = (
            self.secondary_lot
            if self.secondary_lot is not None
            else np.full(Q, np.iinfo(np.int64).max, dtype=np.int64)
        )
        add = (
            self.added_lot
            if self.added_lot is not None
            else np.full(Q, np.iinfo(np.int64).max, dtype=np.int64)
        )
        if not self.elastic:
            return (
                False,
                np.zeros((Q, 1), np.int32),
                np.full(Q, np.inf),
                np.zeros((Q, 1)),
                lot,
                add,
            )
        assert self.booth_cap is not None and self.elastic_budget is not None
        return (True, self.booth_cap, self.elastic_trigger, self.elastic_budget, lot, add)

    def kernel_args(
        self, posted: NDArray[np.float64] | None = None, norm: NDArray[np.float64] | None = None
    ) -> tuple:
        """Arguments of :func:`borderlever.sim.kernel.run_chunk` after ``seeds, qid, out, lo,
        hi``: flat tuples that the compiled functions pass on whole and unpack
        where they are read (demand; lanes, service and the three next-open tables; driver
        reactions; processing groups; elastic staffing; forgone trips, :meth:`forgo_args` of
        ``posted`` and ``norm``), then ``n_h``."""
        demand = (self.rate_min, self.inv_rate)
        lanes = (
            self.servers,
            self.share,
            self.mu,
            self.sig,
            *self.tables,
            self.toffs,
            self.lanes_max,
        )
        reactions = (
            self.pat_mu,
            self.pat_sig,
            self.pat_lo,
            self.has_pat,
            self.p_div,
            self.p_def,
            self.cand_ptr,
            self.cand_q,
            self.cand_travel,
            self.cand_w,
            float(self.defer_delay),
            self.pat_cap,
            float(self.return_lag),
        )
        groups = (self.group_ptr, self.group_q, self.group_slice)
        return (
            demand,
            lanes,
            reactions,
            groups,
            self.elastic_args(),
            self.forgo_args(posted, norm),
            int(self.n_h),
        )


def active_queues(*schedules: Schedule) -> NDArray[np.bool_]:
    """(P, C) mask of queues with demand or lanes in any of the schedules."""
    mask = np.zeros(schedules[0].arrivals_per_h.shape[:2], dtype=bool)
    for s in schedules:
        mask |= (s.arrivals_per_h.sum(axis=2) > 0) | (s.servers[:, :, 0].max(axis=2) > 0)
    return mask


def compile_schedule(
    s: Schedule, reactions: DriverReactions, active: NDArray[np.bool_] | None = None
) -> Compiled:
    """Flatten ``s`` to kernel arrays (queues in port-major order, active ones only)."""
    if active is None:
        active = active_queues(s)
    P, C = active.shape
    qp, qc = np.nonzero(active)
    Q, H = len(qp), s.total_hours
    servers = np.ascontiguousarray(s.servers[qp, qc]).astype(np.int32)
    mu, sig = lognormal_params(s.service_mean_min[qp, qc], s.service_cv[qp, qc])
    if s.exponential_service:
        mu, sig = np.log(s.service_mean_min[qp, qc]), -np.ones_like(sig)
    pat_mean = np.array(
        [reactions.patience_mean_min.get(s.classes[c]) or np.nan for c in qc], float
    )
    has_pat = np.isfinite(pat_mean)
    pm, ps = lognormal_params(np.where(has_pat, pat_mean, 1.0), reactions.patience_cv)
    cap = np.array(
        [reactions.patience_max_min.get(s.classes[c]) or np.inf for c in qc], float
    )  # truncation of the patience [min]; inf: none
    p_div = np.array([reactions.divert_share.get(s.classes[c], 0.0) for c in qc], float)
    p_def = np.array([reactions.defer_share.get(s.classes[c], 0.0) for c in qc], float)
    travel = np.maximum(reactions.travel_min(s.road_km), MIN_DETOUR_MIN)
    qindex = -np.ones((P, C), dtype=np.int64)
    qindex[qp, qc] = np.arange(Q)
    weekly_lanes = servers[:, 0, : min(H, 168)].sum(axis=1).astype(float)
    ptr, cq, ct, cw = [0], [], [], []
    for q in range(Q):
        p, c = qp[q], qc[q]
        if has_pat[q] and p_div[q] > 0:
            reach = reactions.max_detour_km.get(s.classes[c], 0.0)
            for p2 in range(P):
                q2 = qindex[p2, c]
                if p2 != p and q2 >= 0 and s.road_km[p, p2] <= reach and weekly_lanes[q2] > 0:
                    cq.append(q2)
                    ct.append(travel[p, p2])
                    cw.append(weekly_lanes[q2] / travel[p, p2])
        ptr.append(len(cq))
    coupled = np.diff(np.array(ptr)) > 0
    coupled[np.array(cq, dtype=np.int64)] = True
    horizon = s.n_hours * 60.0
    group_ptr, group_q, group_slice = _groups(
        coupled,
        np.array(ptr, np.int64),
        np.array(cq, np.int64),
        np.array(ct, float),
        has_pat & (p_def > 0),
        float(reactions.defer_delay_min),
        horizon,
    )
    booth_cap, trig, budget = _elastic(s, qp, qc, servers)
    lanes_max = servers.max(axis=2).astype(np.int64)
    if booth_cap is not None:
        lanes_max[:, 0] = np.maximum(lanes_max[:, 0], booth_cap.max(axis=1))
    tables, offs = [], []
    for st in range(3):
        off = np.zeros(Q + 1, dtype=np.int64)
        off[1:] = np.cumsum(lanes_max[:, st] * H)
        tables.append(
            next_open_table(
                np.ascontiguousarray(servers[:, st, :]), off, lanes_max[:, st].copy(), H
            )
        )
        offs.append(off[:Q])
    rate_min = np.ascontiguousarray(s.arrivals_per_h[qp, qc] / 60.0)
    pat_sig = np.broadcast_to(ps, pm.shape).copy()
    return Compiled(
        queue_port=qp,
        queue_class=qc,
        qid=(qp * C + qc).astype(np.int64),
        rate_min=rate_min,
        inv_rate=np.divide(1.0, rate_min, out=np.zeros_like(rate_min), where=rate_min > 0),
        servers=servers,
        share=np.ascontiguousarray(s.stage_share[qp, qc]),
        mu=np.ascontiguousarray(mu),
        sig=np.ascontiguousarray(sig),
        pat_mu=pm,
        pat_sig=pat_sig,
        # a queue without patience: no wait reaches its bound (the kernel tests only the bound);
        # a truncated patience min(X, cap) is at least min(bound of X, cap)
        pat_lo=np.where(
            has_pat[:, None], np.minimum(patience_lower_bounds(pm, pat_sig), cap[:, None]), np.inf
        ),
        has_pat=has_pat,
        p_div=p_div,
        p_def=p_def,
        cand_ptr=np.array(ptr, np.int64),
        cand_q=np.array(cq, np.int32),
        cand_travel=np.array(ct, float),
        cand_w=np.array(cw, float),
        defer_delay=float(reactions.defer_delay_min),
        pat_cap=cap,
        return_lag=float(reactions.return_lag_min),
        n_h=s.n_hours,
        slice_min=float(group_slice.min()),
        tables=(tables[0], tables[1], tables[2]),
        toffs=np.stack(offs),
        lanes_max=lanes_max,
        group_ptr=group_ptr,
        group_q=group_q,
        group_slice=group_slice,
        booth_cap=booth_cap,
        elastic_trigger=trig,
        elastic_budget=budget,
        secondary_lot=None
        if s.secondary_lot is None
        else np.maximum(np.asarray(s.secondary_lot, np.int64)[qp, qc], 1),
        added_lot=None
        if s.added_lot is None
        else np.maximum(np.asarray(s.added_lot, np.int64)[qp, qc], 1),
        forgo_eps=np.array([reactions.forgo_elasticity.get(s.classes[c], 0.0) for c in qc], float),
        forgo_cost_min=float(reactions.forgo_trip_cost_min),
    )


def _elastic(s: Schedule, qp: NDArray[np.int64], qc: NDArray[np.int64], servers: NDArray) -> tuple:
    """Elastic staffing arrays of the active queues: booth cap (Q, H) (0 where the schedule has
    the class closed), trigger (Q,) [min] and the daily budget (Q, days) [booth-hours] =
    ``elastic_budget_share`` x the day's scheduled booth-hours (days counted from the start);
    (None, None, None) where the rule cannot open anything."""
    if s.booth_cap is None or not np.isfinite(s.elastic_trigger_min) or s.elastic_budget_share <= 0:
        return None, None, None
    base = servers[:, 0, :]
    cap = np.where(base > 0, np.maximum(s.booth_cap[qp, qc], base), 0).astype(np.int32)
    if not (cap > base).any():
        return None, None, None
    H = base.shape[1]
    days = -(-H // 24)
    per_day = np.zeros((base.shape[0], days * 24))
    per_day[:, :H] = base
    budget = s.elastic_budget_share * per_day.reshape(base.shape[0], days, 24).sum(axis=2)
    trig = np.where((cap > base).any(axis=1), float(s.elastic_trigger_min), np.inf)
    return np.ascontiguousarray(cap), trig, np.ascontiguousarray(budget)


def _groups(
    coupled: NDArray[np.bool_],
    cand_ptr: NDArray[np.int64],
    cand_q: NDArray[np.int64],
    cand_travel: NDArray[np.float64],
    defers: NDArray[np.bool_],
    defer_delay_min: float,
    horizon_min: float,
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64]]:
    """Processing groups for the kernel: group 0 = queues no diversion links (run one at a time
    over the whole horizon), then one group per connected set of linked queues, run together in
    time slices no longer than the shortest detour inside the set (and the deferral delay where
    drivers defer), so every re-entry lands in a later slice.  Returns (pointer, queues, slice
    length [min]).

    Examples
    --------
    >>> ptr, q, sl = _groups(np.array([False, True, True, True]), np.array([0, 0, 1, 1, 2]),
    ...                      np.array([2, 1]), np.array([40.0, 90.0]), np.zeros(4, bool),
    ...                      1440.0, 10_000.0)
    >>> ptr.tolist(), q.tolist(), sl.tolist()
    ([0, 1, 4], [0, 1, 2, 3], [10000.0, 40.0])
    """
    Q = len(coupled)
    src = np.repeat(np.arange(Q), np.diff(cand_ptr))
    links = coo_matrix((np.ones(len(src)), (src, cand_q)), shape=(Q, Q))
    _n, roots = connected_components(links, directed=True, connection="weak")
    ptr, queues, slices = [0], np.flatnonzero(~coupled).tolist(), [horizon_min]
    ptr.append(len(queues))
    for r in np.unique(roots[coupled]):  # components in order of their lowest queue
        members = np.flatnonzero(coupled & (roots == r))
        inside = np.isin(src, members)
        step = min(horizon_min, float(cand_travel[inside].min()) if inside.any() else horizon_min)
        if defers[members].any():
            step = min(step, defer_delay_min)
        queues.extend(members.tolist())
        ptr.append(len(queues))
        slices.append(step)
    return np.array(ptr, np.int64), np.array(queues, np.int64), np.array(slices, float)
