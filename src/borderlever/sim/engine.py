"""simulate(): run a schedule under policies, with a common-random-numbers baseline, into a SimResult."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor

import numba
import numpy as np
import pandas as pd
from numpy.typing import NDArray

from borderlever.errors import ConfigError
from borderlever.network.policies import apply_policies
from borderlever.network.schedule import DriverReactions, Schedule
from borderlever.sim import hourly as H
from borderlever.sim import layout as L
from borderlever.sim.compile import Compiled, active_queues, compile_schedule
from borderlever.sim.kernel import new_buffers, record_capacity, run_chunk
from borderlever.sim.result import SimResult
from borderlever.sim.waits import groupings, span_hours, upstream_delays, waits_frame

ENGINES = ("fast", "reference")
_BATCH_BYTES = 150e6

#: ``observe(first_replication, raw, compiled, schedule)``: see :func:`simulate`.
Observer = Callable[[int, NDArray[np.float64], Compiled, Schedule], None]


def replication_seeds(seed: int | np.random.SeedSequence, replications: int) -> pd.DataFrame:
    """One child of ``SeedSequence(seed)`` per replication, recorded with the uint64 it yields.

    Examples
    --------
    >>> df = replication_seeds(7, 2)
    >>> list(df.columns), df["spawn_key"].tolist()
    (['replication', 'entropy', 'spawn_key', 'seed_u64'], ['0', '1'])
    """
    ss = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
    kids = ss.spawn(replications)
    return pd.DataFrame(
        {
            "replication": np.arange(replications),
            "entropy": [str(k.entropy) for k in kids],
            "spawn_key": [",".join(map(str, k.spawn_key)) for k in kids],
            "seed_u64": np.array(
                [k.generate_state(1, np.uint64)[0] for k in kids], dtype=np.uint64
            ),
        }
    )


#: Vehicles a chunk of replications should hold at least (about 0.1 s of work), so that
#: small workloads are not dominated by handing out chunks.
_CHUNK_VEHICLES = 2e6


class Workers:
    """Replications on worker threads, each thread taking the next chunk as it finishes one.

    The compiled kernel releases the GIL, so the threads run side by side, and a thread never
    waits while chunks are left: a parallel loop divides a batch evenly in advance, and
    replications differ in length.  Chunks queue in the order they are submitted, so the
    caller can submit the next batch and build the frames of the last one meanwhile.  Each
    thread keeps its record buffers from chunk to chunk.  Results do not depend on the threads:
    replication ``b`` depends only on ``seeds[b]``.
    """

    def __init__(self, n_threads: int) -> None:
        self.n = max(1, int(n_threads))
        self._pool = ThreadPoolExecutor(self.n, thread_name_prefix="borderlever-sim")
        self._local = threading.local()

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        self._pool.shutdown(wait=True, cancel_futures=exc_type is not None)

    def _chunk(
        self,
        c: Compiled,
        seeds: NDArray,
        out: NDArray,
        lo: int,
        hi: int,
        posted: NDArray | None = None,
        norm: NDArray | None = None,
    ) -> None:
        cap = record_capacity(c.rate_min)
        bufs = getattr(self._local, "bufs", None)
        if bufs is None or bufs[0].shape[0] < cap:
            bufs = new_buffers(cap)
        args = (*c.kernel_args(posted, norm), bufs)
        self._local.bufs = run_chunk(seeds, c.qid, out, lo, hi, *args)

    def _pair(
        self,
        cp: Compiled,
        cb: Compiled,
        seeds: NDArray,
        out_p: NDArray,
        out_b: NDArray,
        pw_p: NDArray,
        pw_b: NDArray,
        lo: int,
        hi: int,
    ) -> None:
        """The no-policy replications of the chunk, then the policy ones, which read the
        no-policy posted waits ``pw_b`` as normal (travellers who stay home)."""
        self._chunk(cb, seeds, out_b, lo, hi, pw_b, pw_b)
        self._chunk(cp, seeds, out_p, lo, hi, pw_p, pw_b)

    def _ranges(self, c: Compiled, R: int) -> list[tuple[int, int]]:
        """Chunks (lo, hi) of ``R`` replications: whole rounds of threads, each chunk at least
        about ``_CHUNK_VEHICLES`` vehicles where there are enough."""
        if R == 0:
            return []
        per_rep = float(c.rate_min.sum()) * 60.0
        n_tasks = max(self.n, min(R, int(np.ceil(R * per_rep / _CHUNK_VEHICLES))))
        n_tasks = min(R, -(-n_tasks // self.n) * self.n)  # whole rounds of threads
        size = -(-R // max(n_tasks, 1))
        return [(lo, min(lo + size, R)) for lo in range(0, R, size)]

    def submit(self, c: Compiled, seeds: NDArray[np.uint64], out: NDArray) -> list[Future]:
        """Queue replications ``seeds`` into ``out`` (their raw output, zeroed by the workers)."""
        seeds = np.asarray(seeds, np.uint64)
        return [
            self._pool.submit(self._chunk, c, seeds, out, lo, hi)
            for lo, hi in self._ranges(c, len(seeds))
        ]

    def submit_pair(
        self,
        cp: Compiled,
        cb: Compiled,
        seeds: NDArray[np.uint64],
        out_p: NDArray,
        out_b: NDArray,
    ) -> list[Future]:
        """Queue replications ``seeds`` of the policy run ``cp`` into ``out_p`` and of its
        no-policy run ``cb`` into ``out_b``, each chunk's no-policy replications first (the
        policy run reads their posted waits: :meth:`Compiled.forgo_args`)."""
        seeds = np.asarray(seeds, np.uint64)
        pw_p, pw_b = posted_buffer(cp, len(seeds)), posted_buffer(cb, len(seeds))
        return [
            self._pool.submit(self._pair, cp, cb, seeds, out_p, out_b, pw_p, pw_b, lo, hi)
            for lo, hi in self._ranges(cp, len(seeds))
        ]


def _wait(jobs: list[Future]) -> None:
    for j in jobs:
        j.result()


def _out_buffer(c: Compiled, n: int, out: NDArray[np.float64] | None) -> NDArray[np.float64]:
    """Raw output array for ``n`` replications: ``out`` when it has room (a fresh array costs
    its page faults again, ~25 ms per whole-border replication), else a new one."""
    shape = (n, len(c.qid), c.n_h, L.N_K)
    if out is not None and out.shape[1:] == shape[1:] and out.shape[0] >= n:
        return out[:n]
    return np.zeros(shape)


def posted_buffer(c: Compiled, n: int) -> NDArray[np.float64]:
    """Posted-wait array (n, Q, n_h, 2) of ``n`` replications: per queue and hour the primary
    waits [min] (sum, count) of the vehicles reaching a booth (:data:`layout.PW_SUM`,
    :data:`layout.PW_N`); used only where travellers may stay home."""
    return np.zeros((n, len(c.qid), c.n_h, 2))


def run_compiled(
    c: Compiled,
    seeds: NDArray[np.uint64],
    engine: str = "fast",
    out: NDArray[np.float64] | None = None,
    norm: NDArray[np.float64] | None = None,
    posted: NDArray[np.float64] | None = None,
) -> NDArray[np.float64]:
    """Raw kernel output (R, Q, n_h, N_K) for the given replication seeds, on
    ``numba.get_num_threads()`` threads.

    ``out``: a buffer from an earlier call to reuse (overwritten).  ``norm``: the no-policy
    runs' posted waits for the same seeds (:func:`posted_buffer`; travellers who stay home
    compare this run's posted waits with them); ``posted``: where this run writes its own
    (default a fresh array; for a no-policy run, ``norm`` itself).
    """
    out = _out_buffer(c, len(seeds), out)
    if norm is not None and posted is None:
        posted = posted_buffer(c, len(seeds))
    if engine == "fast":
        with Workers(numba.get_num_threads()) as w:
            jobs = []
            for lo, hi in w._ranges(c, len(seeds)):
                jobs.append(w._pool.submit(w._chunk, c, seeds, out, lo, hi, posted, norm))
            _wait(jobs)
    else:
        from borderlever.sim.reference import run_reference

        for b, sd in enumerate(seeds):
            out[b] = run_reference(
                c,
                int(sd),
                None if norm is None else norm[b],
                None if posted is None else posted[b],
            )
    return out


def run_policy_compiled(
    cp: Compiled,
    cb: Compiled | None,
    seeds: NDArray[np.uint64],
    engine: str = "fast",
    out: NDArray[np.float64] | None = None,
) -> NDArray[np.float64]:
    """Raw output of the policy run ``cp`` for ``seeds`` exactly as :func:`simulate` computes
    it: where travellers may stay home (``cp.forgoes``) the no-policy run ``cb`` (compiled from
    the schedule without policies, same active queues) runs first and gives the normal posted
    waits; otherwise ``cb`` is not run.  Callers that rerun a policy schedule's replications
    (the validation replay) use this, not :func:`run_compiled`, so they see the same numbers."""
    if cb is None or not cp.forgoes:
        return run_compiled(cp, seeds, engine, out)
    norm = posted_buffer(cb, len(seeds))
    run_compiled(cb, seeds, engine, None, norm=norm, posted=norm)
    return run_compiled(cp, seeds, engine, out, norm=norm)


def _open_lanes(c: Compiled) -> NDArray[np.float64]:
    return c.servers[:, 0, : c.n_h].astype(float)


def _as_dict(
    raw: NDArray[np.float64], comp: NDArray[np.float64], open_lanes: NDArray[np.float64]
) -> dict[str, NDArray[np.float64]]:
    """The hourly metrics as views: raw slots, rows of ``comp`` (:func:`hourly.derive`)."""
    shape = raw.shape[:-1]
    return {
        "open_lanes": np.broadcast_to(open_lanes, shape),
        **{k: raw[..., slot] for k, slot in H.PLAIN.items()},
        **{k: comp[j].reshape(shape) for j, k in enumerate(H.COMPUTED)},
    }


def derive_hourly(raw: NDArray[np.float64], c: Compiled) -> dict[str, NDArray[np.float64]]:
    """Hourly metrics (..., Q, n_h) from raw kernel output (..., Q, n_h, N_K): one replication or
    a batch of them (``open_lanes`` is a read-only broadcast view).

    open_lanes, baseline_arrivals (native arrivals), arrivals (all, re-entries included),
    diverted_in, returned (deferred drivers back), served, wait_min_sum (total wait of the
    vehicles served in the hour [min]), deferred, cancelled, diverted_out, forgone (native
    travellers who stayed home, posted wait above normal: counted in baseline_arrivals, never in
    arrivals; lost trips), booths_opened
    (primary booths the elastic rule opened in the hour, beyond ``open_lanes``), wait_mean/p50/p95/
    max_min (of the vehicles arriving in the hour, NaN without any), queue_mean (time-average
    queue length), queue_end (queued at the end of the hour), backlog (in the system at the end
    of the hour), lane_utilisation (busy share of the open lanes, opened ones included, NaN with
    none open).
    """
    ol = _open_lanes(c)
    batch = np.ascontiguousarray(raw).reshape((-1, *raw.shape[-3:]))
    return _as_dict(raw, H.derive(batch, ol), ol)


#: Daily sums of the no-policy run copied into ``daily`` as ``baseline_<name>``.
_BASELINE_FLOWS = ("deferred", "cancelled", "diverted_out", "diverted_in", "returned")


def _daily(
    dp: NDArray[np.float64], db: NDArray[np.float64] | None, rep0: int, c: Compiled, s: Schedule
) -> pd.DataFrame:
    """Daily rows of a batch of replications from :func:`hourly.daily` of the policy run (``dp``)
    and of its baseline (``db``, None without one), numbered from ``rep0``."""
    n_s = len(H.DAILY_SUMS)
    B, Q, D = dp.shape[1], dp.shape[2], dp.shape[3]
    cols = {k: dp[i].ravel() for i, k in enumerate(H.DAILY_SUMS[:-1])}
    cols["wait_vehicle_h"] = dp[n_s - 1].ravel() / 60.0
    cols["queue_end"] = dp[n_s].ravel()
    cols["backlog_end"] = dp[n_s + 1].ravel()
    served = H.DAILY_SUMS.index("served")
    if db is not None:
        cols["baseline_served"] = db[served].ravel()
        cols["baseline_wait_vehicle_h"] = db[n_s - 1].ravel() / 60.0
    else:
        cols["baseline_served"] = np.full(B * Q * D, np.nan)
        cols["baseline_wait_vehicle_h"] = np.full(B * Q * D, np.nan)
    # the baseline's own reactions, so that the economics prices policy minus baseline (a policy
    # that changes nothing then costs exactly nothing: common random numbers)
    for k in _BASELINE_FLOWS:
        i = H.DAILY_SUMS.index(k)
        cols[f"baseline_{k}"] = db[i].ravel() if db is not None else np.full(B * Q * D, np.nan)
    end = db[n_s + 1].ravel() if db is not None else np.full(B * Q * D, np.nan)
    cols["baseline_backlog_end"] = end
    return pd.DataFrame(
        {
            "replication": np.repeat(np.arange(rep0, rep0 + B), Q * D),
            "port_code": np.tile(np.repeat(np.asarray(s.port_codes)[c.queue_port], D), B),
            "vehicle_class": np.tile(np.repeat(np.asarray(s.classes)[c.queue_class], D), B),
            "day": np.tile(np.arange(D), B * Q),
            **cols,
        }
    )


def _policy_end_hours(s: Schedule, policies: Sequence) -> NDArray[np.float64]:
    """Per port: the hour the last policy window touching it ends (NaN without policies)."""
    ends = np.full(len(s.port_codes), np.nan)
    last = max((p.end_min for p in policies), default=np.nan)
    for i, code in enumerate(s.port_codes):
        mine = [p.end_min for p in policies if p.ports is None or code in p.ports]
        ends[i] = round((max(mine) if mine else last) / 60.0) if policies else np.nan
    return ends


_PORT_SUMS = (
    "served",
    "arrivals",
    "diverted_out",
    "diverted_in",
    "deferred",
    "cancelled",
    "forgone",
    "wait_min_sum",
)


def _ports(
    dp: NDArray[np.float64],
    db: NDArray[np.float64] | None,
    backlog_p: NDArray[np.float64],
    backlog_b: NDArray[np.float64] | None,
    rep0: int,
    c: Compiled,
    s: Schedule,
    end_h: NDArray,
) -> pd.DataFrame:
    """Per replication of the batch and port (with queues): totals over its queues and the
    horizon (from the daily sums ``dp``/``db``), the baseline's served, the vehicles in the
    system at the end and the hours after the port's last policy window until its backlog
    (``backlog_p``/``backlog_b``, (B, Q, n_h)) is back within 10 % + 5 vehicles of the
    baseline's."""
    used = np.unique(c.queue_port)
    member = (c.queue_port[None, :] == used[:, None]).astype(float)  # (ports, queues)
    B, P = dp.shape[1], len(used)

    def by_port(v: NDArray[np.float64]) -> NDArray[np.float64]:  # (B, Q, ...) -> (B, P, ...)
        return np.einsum("pq,bq...->bp...", member, v)

    index = {k: i for i, k in enumerate(H.DAILY_SUMS)}
    tot = {k: by_port(dp[index[k]].sum(axis=-1)) for k in _PORT_SUMS}
    backlog = by_port(backlog_p)
    if db is not None and backlog_b is not None:
        base_served = by_port(db[index["served"]].sum(axis=-1))
        b_base = by_port(backlog_b)
    else:
        base_served = np.full((B, P), np.nan)
        b_base = None
    clear = np.full((B, P), np.nan)
    for i, p in enumerate(used):
        if b_base is None or not (np.isfinite(end_h[p]) and end_h[p] < c.n_h):
            continue
        e = int(end_h[p])
        ok = backlog[:, i, e:] <= 1.1 * b_base[:, i, e:] + 5.0
        clear[:, i] = np.where(ok.any(axis=1), ok.argmax(axis=1), np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(base_served != 0, tot["served"] / base_served, np.nan)
    return pd.DataFrame(
        {
            "replication": np.repeat(np.arange(rep0, rep0 + B), P),
            "port_code": np.tile(np.asarray(s.port_codes, dtype=object)[used], B),
            **{k: v.ravel() for k, v in tot.items()},
            "baseline_served": base_served.ravel(),
            "throughput_ratio": ratio.ravel(),
            "in_system_end": backlog[:, :, -1].ravel(),
            "hours_to_clear": clear.ravel(),
        }
    )


class _HourlyMean:
    """Mean over replications of each hourly metric, ignoring NaN; replications are added one
    at a time, in order (the same sums whatever the batch size)."""

    def __init__(self, c: Compiled) -> None:
        self.sum = np.zeros((len(H.METRICS), len(c.qid), c.n_h))
        self.n_computed = np.zeros((len(H.COMPUTED), len(c.qid), c.n_h), dtype=np.int64)
        self.reps = 0

    def add(self, raw: NDArray[np.float64], comp: NDArray[np.float64], ol: NDArray) -> None:
        H.accumulate(raw, ol, comp, self.sum, self.n_computed)
        self.reps += len(raw)

    def frame(self, c: Compiled, s: Schedule) -> pd.DataFrame:
        Q, n_h = len(c.qid), c.n_h
        times = s.start.astype("datetime64[h]") + np.arange(n_h)
        first = len(H.METRICS) - len(H.COMPUTED)
        data = {}
        for i, k in enumerate(H.METRICS):
            n = self.n_computed[i - first] if i >= first else self.reps
            data[k] = (self.sum[i] / np.where(n > 0, n, np.nan)).ravel()
        return pd.DataFrame(
            {
                "port_code": np.repeat(np.asarray(s.port_codes)[c.queue_port], n_h),
                "vehicle_class": np.repeat(np.asarray(s.classes)[c.queue_class], n_h),
                "hour": np.tile(np.arange(n_h), Q),
                "time": np.tile(times.astype("datetime64[ns]"), Q),
                **data,
            }
        )


def simulate(
    schedule: Schedule,
    policies: Sequence = (),
    *,
    reactions: DriverReactions | None = None,
    replications: int = 20,
    seed: int | np.random.SeedSequence = 0,
    engine: str = "fast",
    baseline: bool = True,
    progress: Callable[[int, int], None] | None = None,
    observe: Observer | None = None,
) -> SimResult:
    """Simulate ``schedule`` under ``policies`` (and the no-policy baseline, same seeds).

    Parameters
    ----------
    schedule : Schedule
        From :func:`borderlever.network.build_schedule` (no policy applied).
    policies : sequence of policy objects
        Applied in order (:mod:`borderlever.network.policies`).
    reactions : DriverReactions, optional
        Driver patience, diversion and deferral (default :class:`DriverReactions()`).
    replications : int
        Monte Carlo replications (>= 1).
    seed : int or SeedSequence
        Master seed; replication ``r`` uses child ``r`` of ``SeedSequence(seed).spawn``.
    engine : {'fast', 'reference'}
        The numba engine, or the SimPy reference implementation of the same model.
    baseline : bool
        Also run the no-policy schedule with the same seeds (common random numbers).
    progress : callable, optional
        ``progress(done, total)`` after each batch of replications [replications].  With it,
        replications run in at least about four batches (whole rounds of threads), so that a
        caller sees the work advance; results do not depend on the batching.
    observe : callable, optional
        ``observe(first, raw, compiled, schedule)`` after each batch of the policy run, for a
        figure ``SimResult`` does not keep (e.g. each replication's hourly waits of a few
        queues): ``first`` is the batch's first replication, ``raw`` its raw kernel output
        (B, Q, n_h, N_K; slots in :mod:`borderlever.sim.layout`), ``compiled`` the policy
        run's :class:`~borderlever.sim.compile.Compiled` (queue ``q`` is port
        ``schedule.port_codes[compiled.queue_port[q]]``, class
        ``schedule.classes[compiled.queue_class[q]]``) and ``schedule`` the policy-applied
        schedule.  ``raw`` is a reused buffer, valid only during the call: copy what you keep.
        Observing changes no result.

    Returns
    -------
    SimResult
    """
    if engine not in ENGINES:
        raise ConfigError(f"engine = {engine!r}: allowed values {list(ENGINES)}")
    if int(replications) != replications or replications < 1:
        raise ConfigError(f"replications = {replications}: must be a whole number >= 1")
    reactions = reactions if reactions is not None else DriverReactions()
    policy_s = apply_policies(schedule, list(policies))
    active = active_queues(schedule, policy_s)
    cp = compile_schedule(policy_s, reactions, active)
    run_base = baseline and len(policies) > 0
    cb = compile_schedule(schedule, reactions, active) if run_base else None
    seeds = replication_seeds(seed, int(replications))
    per_rep = len(cp.qid) * cp.n_h * L.N_K * 8 * (2 if run_base else 1)
    batch = int(max(1, min(replications, _BATCH_BYTES // max(per_rep, 1))))
    threads = numba.get_num_threads()
    if progress is not None:  # about four batches, so that progress moves
        batch = min(batch, max(threads, -(-int(replications) // 4)))
    if batch > threads:  # whole rounds of threads: no idle thread at the end of each batch
        batch -= batch % threads
    end_h = _policy_end_hours(schedule, list(policies))
    window = span_hours(list(policies), cp.n_h)
    groups = groupings(policy_s.port_codes, policy_s.classes, cp.queue_port, cp.queue_class)
    daily, ports, waits = [], [], []
    mean_p = _HourlyMean(cp)
    mean_b = _HourlyMean(cb) if cb is not None else None
    ol_p = _open_lanes(cp)
    ol_b = _open_lanes(cb) if cb is not None else None
    sv = seeds["seed_u64"].to_numpy(np.uint64)
    # two buffers per run: the workers fill one batch while the frames of the last are built
    bufs: list[list[NDArray[np.float64] | None]] = [[None, None], [None, None]]
    starts = list(range(0, int(replications), batch))
    # travellers who stay home compare the posted wait with the no-policy run's: without one
    # (no policy, or baseline=False) nobody does
    paired = cp.forgoes and cb is not None
    notes = list(policy_s.notes)
    if cp.forgoes and cb is None and len(policies) > 0:
        notes.append(
            "travellers who stay home when the posted wait is long (behaviour.forgo_*) need "
            "the no-policy run as their normal wait: off in this run (baseline=False)"
        )

    def launch(i: int, w: Workers | None) -> tuple:
        chunk = sv[starts[i] : starts[i] + batch]
        raws: list[NDArray[np.float64] | None] = []
        jobs: list[Future] = []
        for k, c in enumerate((cp, cb)):
            if c is None:
                raws.append(None)
                continue
            raws.append(_out_buffer(c, len(chunk), bufs[k][i % 2]))
            bufs[k][i % 2] = raws[-1]
        raw_p, raw_b = raws
        assert raw_p is not None
        if paired and cb is not None and raw_b is not None:  # no-policy first: normal waits
            if w is not None:
                jobs += w.submit_pair(cp, cb, chunk, raw_p, raw_b)
            else:
                pw_b = posted_buffer(cb, len(chunk))
                run_compiled(cb, chunk, engine, raw_b, norm=pw_b, posted=pw_b)
                run_compiled(cp, chunk, engine, raw_p, norm=pw_b)
            return raw_p, raw_b, jobs
        for c, raw in ((cp, raw_p), (cb, raw_b)):
            if c is None or raw is None:
                continue
            if w is not None:
                jobs += w.submit(c, chunk, raw)
            else:
                run_compiled(c, chunk, engine, raw)
        return raw_p, raw_b, jobs

    k_backlog = H.COMPUTED.index("backlog")
    with Workers(threads) if engine == "fast" else contextlib.nullcontext() as workers:
        nxt_batch = launch(0, workers)
        for i, b0 in enumerate(starts):
            raw_p, raw_b, jobs = nxt_batch
            if i + 1 < len(starts):
                nxt_batch = launch(i + 1, workers)
            _wait(jobs)
            if observe is not None:
                observe(b0, raw_p, cp, policy_s)
            comp_p = H.derive(raw_p, ol_p)
            mean_p.add(raw_p, comp_p, ol_p)
            day_p = H.daily(raw_p, comp_p, 24)
            day_b, comp_b = None, None
            if raw_b is not None and mean_b is not None and ol_b is not None:
                comp_b = H.derive(raw_b, ol_b)
                mean_b.add(raw_b, comp_b, ol_b)
                day_b = H.daily(raw_b, comp_b, 24)
            elif baseline:  # no policy: the run is its own baseline
                day_b, comp_b = day_p, comp_p
            daily.append(_daily(day_p, day_b, b0, cp, policy_s))
            ports.append(
                _ports(
                    day_p,
                    day_b,
                    comp_p[k_backlog],
                    comp_b[k_backlog] if comp_b is not None else None,
                    b0,
                    cp,
                    policy_s,
                    end_h,
                )
            )
            waits.append(
                waits_frame(
                    raw_p,
                    b0,
                    policy_s.port_codes,
                    policy_s.classes,
                    cp.queue_port,
                    cp.queue_class,
                    window,
                    groups,
                )
            )
            if progress is not None:
                progress(b0 + len(sv[b0 : b0 + batch]), int(replications))
    hourly = mean_p.frame(cp, policy_s)
    return SimResult(
        daily=pd.concat(daily, ignore_index=True),
        hourly=hourly,
        ports=pd.concat(ports, ignore_index=True),
        waits=pd.concat(waits, ignore_index=True).merge(
            upstream_delays(
                policy_s.upstream_delay_min,
                cp.rate_min.sum(axis=1),
                groups,
                cp.queue_port,
                cp.queue_class,
            ),
            on=["port_code", "vehicle_class"],
            how="left",
        ),
        seeds=seeds,
        engine=engine,
        replications=int(replications),
        policies=policy_s.applied,
        notes=tuple(notes),
        hourly_baseline=mean_b.frame(cb, schedule)
        if mean_b is not None and cb is not None
        else hourly,
        meta={
            "slice_min": cp.slice_min,
            "queues": len(cp.qid),
            "n_hours": cp.n_h,
            "tail_hours": schedule.tail_hours,
            "window_h": window,
        },
    )
