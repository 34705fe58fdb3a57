"""Turn a Schedule and DriverReactions into the flat arrays the compiled kernel runs on."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from borderlever.network.schedule import DriverReactions, Schedule
from borderlever.sim.lanes import next_open_table
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
    servers: NDArray[np.int32]
    share: NDArray[np.float64]
    mu: NDArray[np.float64]
    sig: NDArray[np.float64]
    pat_mu: NDArray[np.float64]
    pat_sig: NDArray[np.float64]
    has_pat: NDArray[np.bool_]
    p_div: NDArray[np.float64]
    p_def: NDArray[np.float64]
    cand_ptr: NDArray[np.int64]
    cand_q: NDArray[np.int32]
    cand_travel: NDArray[np.float64]
    cand_w: NDArray[np.float64]
    defer_delay: float
    n_h: int
    slice_min: float
    tables: tuple[NDArray[np.int32], NDArray[np.int32], NDArray[np.int32]]
    toffs: NDArray[np.int64]
    lanes_max: NDArray[np.int64]
    coupled: NDArray[np.bool_]

    def kernel_args(self) -> tuple:
        """Arguments of :func:`borderlever.sim.kernel.run_batch` after ``seeds, qid, out, pending``."""
        return (
            self.rate_min,
            self.servers,
            self.share,
            self.mu,
            self.sig,
            self.pat_mu,
            self.pat_sig,
            self.has_pat,
            self.p_div,
            self.p_def,
            self.cand_ptr,
            self.cand_q,
            self.cand_travel,
            self.cand_w,
            float(self.defer_delay),
            int(self.n_h),
            float(self.slice_min),
            self.tables,
            self.toffs,
            self.lanes_max,
            self.coupled,
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
    steps = [horizon]
    if ct:
        steps.append(min(ct))
    if has_pat.any() and (p_def > 0).any():
        steps.append(reactions.defer_delay_min)
    lanes_max = servers.max(axis=2).astype(np.int64)
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
    return Compiled(
        queue_port=qp,
        queue_class=qc,
        qid=(qp * C + qc).astype(np.int64),
        rate_min=np.ascontiguousarray(s.arrivals_per_h[qp, qc] / 60.0),
        servers=servers,
        share=np.ascontiguousarray(s.stage_share[qp, qc]),
        mu=np.ascontiguousarray(mu),
        sig=np.ascontiguousarray(sig),
        pat_mu=pm,
        pat_sig=np.broadcast_to(ps, pm.shape).copy(),
        has_pat=has_pat,
        p_div=p_div,
        p_def=p_def,
        cand_ptr=np.array(ptr, np.int64),
        cand_q=np.array(cq, np.int32),
        cand_travel=np.array(ct, float),
        cand_w=np.array(cw, float),
        defer_delay=float(reactions.defer_delay_min),
        n_h=s.n_hours,
        slice_min=float(min(steps)),
        tables=(tables[0], tables[1], tables[2]),
        toffs=np.stack(offs),
        lanes_max=lanes_max,
        coupled=coupled,
    )
