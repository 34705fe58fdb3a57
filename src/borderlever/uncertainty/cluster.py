"""Where sweep tasks run: in this process, on a Dask ``LocalCluster``, or on a running cluster.

Each task is one simulation group (:func:`borderlever.uncertainty.sweep.evaluate_group`); it
writes its own Parquet files and returns a few timings, so nothing large travels back to the
client.  The sweep plan is scattered to the workers once.  Every worker gets
:class:`WarmKernel`, which loads the numba kernel (from numba's on-disk cache where present) before
its first task, so the kernel is compiled at most once per worker and never inside a timed task.

Workers are single-threaded processes and each task runs the simulation engine on one thread
(:func:`in_worker`): one process per core is what ``dask worker --nthreads 1`` gives on a cluster
too, and numba's default of one engine thread per core in every worker would oversubscribe the
cores.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from distributed import WorkerPlugin

from borderlever.errors import ConfigError

#: How long to wait for a scheduler to answer at ``--scheduler`` [Dask duration].
CONNECT_TIMEOUT = "20s"


def warm_kernel() -> float:
    """Run the compiled kernel once on a one-port, one-day schedule; returns the time it took [s].

    The first call in a process loads (or compiles) numba's machine code; later calls are cheap.
    """
    import time

    import numpy as np

    from borderlever.network.schedule import DriverReactions, single_port_schedule
    from borderlever.sim import simulate

    t0 = time.perf_counter()
    schedule = single_port_schedule(np.full(24, 10.0), lanes=2, primary_mean_min=2.0, days=1)
    simulate(schedule, [], reactions=DriverReactions.none(), replications=1, seed=0)
    _warm_economics()
    return time.perf_counter() - t0


def _warm_economics() -> None:
    """Run the dynamic economics' compiled day loop once on a two-sector table."""
    import numpy as np

    from borderlever.economics.ario import ArioModel, ArioParams, LinkShock, simulate
    from borderlever.economics.inputoutput import IOTable

    io = IOTable(
        np.array([[0.0, 0.0], [365.0, 0.0]]),
        np.array([[365.0], [365.0]]),
        np.array([365.0, 730.0]),
        ("A_s", "B_s"),
        ("B_f",),
    )
    cap = np.ones((2, 2, 2, 1))
    cap[:, 1, 0, 0] = 0.0
    theta = np.zeros((2, 2, 1))
    theta[1, 0, 0] = 1.0
    simulate(ArioModel(io), LinkShock(cap, np.zeros_like(cap), theta), ArioParams(buffer_days={}))


def in_worker(fn: Callable[..., dict[str, Any]], *args: Any) -> dict[str, Any]:
    """Run ``fn(*args)`` as one Dask task: on one core.

    A task is a single-threaded unit of work (the cluster's parallelism is its worker
    processes), so the simulation engine gets one thread here, whatever numba's default (the
    machine's core count: two engine threads in each of two workers on two cores would
    oversubscribe them and make every task slower).  numba's thread count is per calling
    thread: this sets it in the task's thread only.
    """
    import numba

    numba.set_num_threads(1)
    return fn(*args)


class WarmKernel(WorkerPlugin):
    """Dask worker plugin: load the simulation kernel when the worker starts."""

    name = "borderlever-warm-kernel"

    def setup(self, worker: Any) -> None:
        """Called by Dask once per worker."""
        worker.borderlever_warm_s = warm_kernel()


@dataclass
class Runner:
    """Runs ``fn(shared, task, *args)`` for each task; see :func:`runner`."""

    client: Any = None
    n_workers: int = 1
    _scattered: dict[int, Any] = field(default_factory=dict)

    def map(
        self, fn: Callable[..., dict[str, Any]], shared: Any, tasks: Sequence[Any], *args: Any
    ) -> Iterator[dict[str, Any]]:
        """Results of the tasks, in the order they finish (serially: in order)."""
        if self.client is None:
            for task in tasks:
                yield fn(shared, task, *args)
            return
        from distributed import as_completed

        if not tasks:
            return
        key = id(shared)
        if key not in self._scattered:
            self._scattered[key] = self.client.scatter(shared, broadcast=True)
        futures = [
            self.client.submit(in_worker, fn, self._scattered[key], t, *args, pure=False)
            for t in tasks
        ]
        for fut in as_completed(futures):
            yield fut.result()
            fut.release()


@contextlib.contextmanager
def runner(workers: int | None = None, scheduler: str | None = None) -> Iterator[Runner]:
    """A task runner: serial (no ``workers``, no ``scheduler``), a ``LocalCluster`` of ``workers``
    single-threaded processes, or the cluster behind ``scheduler`` (``tcp://host:port``).

    Raises
    ------
    ConfigError
        ``workers`` below 0, both options at once, or no scheduler answering at the address.
    """
    if workers is not None and workers < 0:
        raise ConfigError(f"--workers {workers}: must be 0 (serial) or more")
    if scheduler and workers:
        raise ConfigError("--workers and --scheduler exclude each other: the cluster has its own")
    if not scheduler and not workers:
        yield Runner()
        return
    from distributed import Client, LocalCluster

    cluster = None
    if scheduler:
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT)
        except OSError as exc:
            raise ConfigError(
                f"--scheduler {scheduler}: no Dask scheduler answered ({exc}); start one with "
                "`dask scheduler` and workers with `dask worker ADDRESS --nthreads 1`"
            ) from None
    else:
        cluster = LocalCluster(
            n_workers=int(workers or 1),
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        )
        client = Client(cluster)
    try:
        client.register_plugin(WarmKernel())
        n = len(client.scheduler_info().get("workers", {})) or 1
        yield Runner(client=client, n_workers=n)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
