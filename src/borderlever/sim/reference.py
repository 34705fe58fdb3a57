"""SimPy reference implementation of exactly the model the fast engine runs (slow; for validation).

Event-driven, independent of the workload recursion: each stage of each queue is a bank of lanes
``0..L-1``; lane ``j`` is open while the hour's lane count exceeds ``j``; whenever a lane frees up,
opens, or a vehicle arrives, the head of the FIFO line takes the lowest-numbered idle open lane.
A referred vehicle waits for a place in the secondary line (at most ``secondary_lot``
vehicles; the place is freed when its inspection starts) at its primary booth, which stays
taken until it has one (the vehicles behind it see the booth busy).  Likewise, where the line
in front of the added stage is bounded (``added_lot``), a vehicle leaving primary (or
secondary) keeps its booth (or bay) until it has a place there, freed when its added inspection
starts.  A vehicle waits at primary at most
its patience (``request | timeout``; the lognormal truncated at the class's cap), then diverts, defers (again and again, each time with the same chances;
after a closure not before the lanes reopen plus a lag) or cancels with the same rules as the
fast engine.  Random numbers come from NumPy generators spawned
from the replication seed (streams: arrivals, service, referral, patience, diversion), so the two
engines agree in distribution, not number for number.  Elastic staffing (booths opened as lines
grow) is modelled here at a trigger of 0 only (:class:`_ElasticBank`: there the fast engine's
lane choice on arrival and this FIFO line open the same booths); other triggers are refused,
and their checks are the Erlang-C and rule-bound tests of ``tests/validation/test_sim_validation.py``.  ``simpy`` is an optional dependency
(``pip install borderlever[sim-reference]``), imported lazily.
"""

from __future__ import annotations

from collections import deque
from typing import Any

import numpy as np

from borderlever.errors import ConfigError
from borderlever.sim import layout as L
from borderlever.sim.compile import Compiled
from borderlever.sim.layout import _book_held, _interval
from borderlever.sim.primary import _pick_target


def _simpy() -> Any:
    try:
        import simpy
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ConfigError(
            "engine='reference' needs simpy: pip install 'borderlever[sim-reference]'"
        ) from exc
    return simpy


class _LaneBank:
    """FIFO line in front of lanes whose open count follows an hourly schedule."""

    def __init__(self, env: Any, servers_h: np.ndarray) -> None:
        self.env, self.servers_h = env, servers_h
        self.busy = np.zeros(max(int(servers_h.max(initial=0)), 1), dtype=bool)
        self.line: deque = deque()
        env.process(self._clock())

    def open_now(self) -> int:
        h = int(self.env.now // 60)
        return int(self.servers_h[h]) if h < len(self.servers_h) else 0

    def _clock(self) -> Any:
        for h in range(1, len(self.servers_h)):
            yield self.env.timeout(h * 60.0 - self.env.now)
            if self.servers_h[h] != self.servers_h[h - 1]:
                self.dispatch()

    def request(self) -> Any:
        ev = self.env.event()
        self.line.append(ev)
        self.dispatch()
        return ev

    def cancel(self, ev: Any) -> None:
        if ev in self.line:
            self.line.remove(ev)

    def release(self, lane: int) -> None:
        self.busy[lane] = False
        self.dispatch()

    def dispatch(self) -> None:
        n_open = self.open_now()
        while self.line:
            idle = np.flatnonzero(~self.busy[:n_open])
            if idle.size == 0:
                return
            ev = self.line.popleft()
            self.busy[idle[0]] = True
            ev.succeed(int(idle[0]))


class _ElasticBank(_LaneBank):
    """Primary lanes with the elastic rule at a trigger of 0: when an arriving vehicle finds
    every open lane busy, the next booth opens for the rest of the hour (while the hour's booth
    cap and the day's booth-hour budget allow; one booth-hour each), as in
    :func:`borderlever.sim.primary._open_booths`.  At a trigger of 0 the fast engine's lane
    choice on arrival and this FIFO line give the same booth openings and service starts (only
    which vehicle takes which start differs), so mean waits agree in distribution."""

    def __init__(
        self, env: Any, servers_h: np.ndarray, cap_h: np.ndarray, budget: np.ndarray, out: Any
    ) -> None:
        super().__init__(env, np.array(servers_h, dtype=np.int64))
        self.cap_h, self.budget, self.out = cap_h, budget, out
        self.busy = np.zeros(max(int(cap_h.max(initial=0)), len(self.busy)), dtype=bool)

    def request(self) -> Any:
        ev = super().request()
        h = int(self.env.now // 60)
        while (
            self.line
            and h < len(self.servers_h)
            and self.servers_h[h] < self.cap_h[h]
            and self.budget[h // 24] >= 1.0
        ):
            self.servers_h[h] += 1
            self.budget[h // 24] -= 1.0
            self.out(h)
            self.dispatch()
        return ev


def _posted(arr: np.ndarray, q: int, h: int) -> float:
    """Mean primary wait [min] of the vehicles that reached a booth in hour ``h`` (0: none)."""
    n = arr[q, h, L.PW_N]
    return float(arr[q, h, L.PW_SUM] / n) if n > 0 else 0.0


def run_reference(
    c: Compiled, seed: int, norm: np.ndarray | None = None, posted: np.ndarray | None = None
) -> np.ndarray:
    """One replication of the compiled schedule with SimPy; raw output (Q, n_h, N_K) like the kernel.

    ``norm``: the no-policy run's posted waits of the replication (Q, n_h, 2), for travellers
    who stay home when the posted wait is above it (as the fast engine,
    :func:`borderlever.sim.primary._forgoes`; here the uniform comes from its own stream);
    ``posted``: where this run writes its own (zeroed first; ``norm`` itself for a no-policy
    run).
    """
    if (
        c.elastic
        and c.elastic_trigger is not None
        and (c.elastic_trigger[np.isfinite(c.elastic_trigger)] != 0).any()
    ):
        raise ConfigError(
            "engine='reference' models elastic staffing (booths opened as lines grow) only at a "
            "trigger of 0 minutes: set staffing.elastic_trigger_min = 0 or "
            "staffing.elastic_budget_share = 0, or use engine='fast'"
        )
    simpy = _simpy()
    env = simpy.Environment()
    Q, n_h = len(c.qid), c.n_h
    H = c.servers.shape[2]
    horizon = n_h * 60.0
    out = np.zeros((Q, n_h, L.N_K))
    kids = np.random.SeedSequence(seed).spawn(Q)
    rng = [
        [np.random.default_rng(s) for s in kid.spawn(7)] for kid in kids
    ]  # arr, svc, ref, pat, div, sv12, forgo
    fg_on = norm is not None and c.forgoes
    own = posted if posted is not None else np.zeros((Q, n_h, 2))
    own.fill(0.0)
    eps = c.forgo_eps if c.forgo_eps is not None else np.zeros(Q)

    def opened(q: int) -> Any:
        def add(h: int) -> None:
            if h < n_h:
                out[q, h, L.K_OPENED] += 1.0

        return add

    def primary(q: int) -> _LaneBank:
        if not c.elastic or not np.isfinite(c.elastic_trigger[q]):  # type: ignore[index]
            return _LaneBank(env, c.servers[q, 0])
        assert c.booth_cap is not None and c.elastic_budget is not None
        return _ElasticBank(
            env, c.servers[q, 0], c.booth_cap[q], c.elastic_budget[q].copy(), opened(q)
        )

    banks = [
        [primary(q), _LaneBank(env, c.servers[q, 1]), _LaneBank(env, c.servers[q, 2])]
        for q in range(Q)
    ]
    # the secondary line holds at most secondary_lot vehicles: a place is taken on leaving
    # primary and freed when the inspection starts
    lots = [
        simpy.Resource(env, capacity=int(min(c.secondary_lot[q], 2**31 - 1)))
        if c.secondary_lot is not None and c.lanes_max[q, 1] > 0  # no bays: no lot to fill
        else None
        for q in range(Q)
    ]
    # the line in front of the added stage, where bounded: a place is taken on leaving the
    # federal stages (the booth or bay is held until then) and freed when the inspection starts
    lots2 = [
        simpy.Resource(env, capacity=int(c.added_lot[q]))
        if c.added_lot is not None and c.added_lot[q] < 2**31 and c.lanes_max[q, 2] > 0
        else None
        for q in range(Q)
    ]
    waits: list[list[tuple[float, float]]] = [[] for _ in range(Q)]

    def lognorm(g: np.random.Generator, q: int, st: int) -> float:
        if c.sig[q, st] < 0:
            return float(np.exp(c.mu[q, st]) * g.exponential())
        return (
            float(np.exp(c.mu[q, st] + c.sig[q, st] * g.standard_normal()))
            if c.sig[q, st] > 0
            else float(np.exp(c.mu[q, st]))
        )

    def interval(q: int, e: float, x: float, kp: int, kf: int, kc: int) -> None:
        _interval(out, q, e, x, n_h, kp, kf, kc)

    def react(q: int, a: float, g: float, flags: int) -> None:
        u = rng[q][4].random()
        hg = int(g // 60)
        target = -1
        if u < c.p_div[q] and not flags & L.F_DIVERTED:
            target = _pick_target(
                q,
                g,
                u / c.p_div[q],
                c.cand_ptr,
                c.cand_q,
                c.cand_travel,
                c.cand_w,
                c.servers,
                H,
            )
        want_defer = u < c.p_div[q] + c.p_def[q]
        if target >= 0:
            if hg < n_h:
                out[q, hg, L.K_DIV_OUT] += 1
            env.process(
                vehicle(
                    int(c.cand_q[target]),
                    g + c.cand_travel[target],
                    (flags & L.F_DEFERRED) | L.F_DIVERTED | L.F_LASTDIV,
                )
            )
            return
        if u < c.p_div[q]:
            rest = 1.0 - c.p_div[q]
            want_defer = rest > 0 and u / c.p_div[q] < c.p_def[q] / rest
        if want_defer:  # every attempt: defer again or cancel
            if hg < n_h:
                out[q, hg, L.K_DEFER] += 1
            back = return_time(q, g)
            if np.isfinite(back):
                env.process(vehicle(q, back, (flags & L.F_DIVERTED) | L.F_DEFERRED))
        elif hg < n_h:
            out[q, hg, L.K_CANCEL] += 1

    def return_time(q: int, g: float) -> float:
        """``g + defer_delay``; if the lanes are closed in the hour of ``g``, not before they
        reopen plus an exponential lag (mean ``return_lag``); inf if they never reopen."""
        h = int(g // 60)
        if h >= H or c.servers[q, 0, h] > 0:
            return g + c.defer_delay
        later = np.flatnonzero(c.servers[q, 0, h:] > 0)
        if later.size == 0:
            return np.inf
        back = (h + int(later[0])) * 60.0
        if c.return_lag > 0:
            back += c.return_lag * rng[q][4].exponential()
        return max(g + c.defer_delay, back)

    def vehicle(q: int, a: float, flags: int, native: bool = False) -> Any:
        if a > env.now:
            yield env.timeout(a - env.now)
        if a >= horizon:
            return
        ha = int(a // 60)
        out[q, ha, L.K_ARR] += 1
        if native:
            out[q, ha, L.K_BASE] += 1
        elif flags & L.F_LASTDIV:
            out[q, ha, L.K_DIV_IN] += 1
        else:
            out[q, ha, L.K_RETURN] += 1
        svc0 = lognorm(rng[q][1], q, 0)
        visit = [
            True,
            rng[q][2].random() < c.share[q, 1, ha],
            rng[q][2].random() < c.share[q, 2, ha],
        ]
        if native and fg_on and eps[q] > 0 and 1 <= ha <= n_h:
            assert norm is not None
            x = _posted(own, q, ha - 1) - _posted(norm, q, ha - 1)
            if x > 0 and rng[q][6].random() < 1.0 - (1.0 + x / c.forgo_cost_min) ** -eps[q]:
                out[q, ha, L.K_FORGO] += 1
                out[q, ha, L.K_ARR] -= 1  # stayed home: never arrived
                return
        patience = (
            min(
                float(np.exp(c.pat_mu[q] + c.pat_sig[q] * rng[q][3].standard_normal())),
                c.pat_cap[q],
            )
            if c.has_pat[q]
            else np.inf
        )
        req = banks[q][0].request()
        if np.isfinite(patience):
            res = yield req | env.timeout(patience)
            got = req in res
        else:
            yield req
            got = True
        if not got:
            if req.triggered:  # assigned at the very instant patience ran out: hand the lane back
                banks[q][0].release(req.value)
            banks[q][0].cancel(req)
            g = a + patience
            interval(q, a, g, L.K_QAREA, L.K_QFULL, L.K_QCOVER)
            interval(q, a, g, -1, -1, L.K_SYSCOVER)
            react(q, a, g, flags)
            return
        t, lane, w = env.now, req.value, env.now - a
        if fg_on and int(t // 60) < n_h:  # posted wait: by the hour of reaching the booth
            own[q, int(t // 60), L.PW_SUM] += w
            own[q, int(t // 60), L.PW_N] += 1
        interval(q, a, t, L.K_QAREA, L.K_QFULL, L.K_QCOVER)
        interval(q, t, t + svc0, L.K_BUSY, L.K_BUSYFULL, -1)
        yield env.timeout(svc0)
        t_in = env.now
        lot = lots[q] if visit[1] else None
        if lot is not None:  # the booth stays taken until the secondary lot has a place
            place = lot.request()
            yield place
            if env.now > t_in:
                _book_held(out, q, t_in, env.now, n_h)
        bank = banks[q][0]
        if visit[1]:
            bank.release(lane)
            req = banks[q][1].request()
            yield req
            if lot is not None:
                lot.release(place)
            interval(q, t_in, env.now, L.K_QAREA, L.K_QFULL, L.K_QCOVER)
            w += env.now - t_in
            lane, bank = req.value, banks[q][1]
            yield env.timeout(lognorm(rng[q][5], q, 1))
        t_in = env.now
        lot2 = lots2[q] if visit[2] else None
        if lot2 is not None:  # the booth (or bay) stays taken until the added line has a place
            place2 = lot2.request()
            yield place2
            if env.now > t_in and not visit[1]:
                _book_held(out, q, t_in, env.now, n_h)
        bank.release(lane)
        if visit[2]:
            req = banks[q][2].request()
            yield req
            if lot2 is not None:
                lot2.release(place2)
            interval(q, t_in, env.now, L.K_QAREA, L.K_QFULL, L.K_QCOVER)
            w += env.now - t_in
            lane = req.value
            yield env.timeout(lognorm(rng[q][5], q, 2))
            banks[q][2].release(lane)
        dep = env.now
        interval(q, a, dep, -1, -1, L.K_SYSCOVER)
        if dep < horizon:
            out[q, int(dep // 60), L.K_SERVED] += 1
            out[q, int(dep // 60), L.K_WAIT_SUM] += w
        waits[q].append((a, w))

    def source(q: int) -> Any:
        t = 0.0
        g = rng[q][0]
        while True:
            e = g.exponential()
            h = int(t // 60)
            while h < n_h:
                room = c.rate_min[q, h] * ((h + 1) * 60.0 - t)
                if e <= room:
                    break
                e -= room
                t = (h + 1) * 60.0
                h += 1
            if h >= n_h:
                return
            t += e / c.rate_min[q, h]
            yield env.timeout(t - env.now)
            env.process(vehicle(q, t, 0, native=True))

    for q in range(Q):
        env.process(source(q))
    env.run(until=H * 60.0)
    _wait_stats(out, waits, n_h)
    return out


def _wait_stats(out: np.ndarray, waits: list, n_h: int) -> None:
    """Per arrival hour: mean, p50, p95, max of finished vehicles' waits (same quantile rule as the kernel)."""
    for q, rows in enumerate(waits):
        if not rows:
            continue
        arr = np.array(rows)
        hours = (arr[:, 0] // 60).astype(int)
        for h in np.unique(hours):
            if h >= n_h:
                continue
            vals = np.sort(arr[hours == h, 1])
            k = len(vals)
            out[q, h, L.K_WMEAN] = vals.mean()
            out[q, h, L.K_WP50] = vals[int(0.5 * (k - 1) + 0.5)]
            out[q, h, L.K_WP95] = vals[min(k - 1, int(np.ceil(0.95 * k)) - 1)]
            out[q, h, L.K_WMAX] = vals[-1]
            out[q, h, L.K_WN] = k
