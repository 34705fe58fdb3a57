"""The simulation engine: fast numba workload recursion, SimPy reference, results.

Public API: :func:`simulate`, :class:`SimResult`, :func:`erlang_c` (see ``docs/sim.md``).
"""

from borderlever.sim.engine import replication_seeds, simulate
from borderlever.sim.queueing import erlang_c, mmc_mean_wait
from borderlever.sim.result import SimResult, t_interval

__all__ = ["SimResult", "erlang_c", "mmc_mean_wait", "replication_seeds", "simulate", "t_interval"]
