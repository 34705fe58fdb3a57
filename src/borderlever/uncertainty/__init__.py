"""Parameter sweeps and the whole uncertainty of a run (docs/uncertainty.md, docs/scale.md).

- :mod:`~borderlever.uncertainty.design`: designs over registry parameters (grid, Latin
  hypercube, Sobol'/Saltelli, Morris via SALib) and their sensitivity indices;
- :mod:`~borderlever.uncertainty.sweep`: :func:`plan_sweep`, :func:`run_sweep` (serial or on
  Dask, resumable, streamed to partitioned Parquet), :func:`load_results`;
- :mod:`~borderlever.uncertainty.files`: :func:`plan_from_file` (a sweep YAML);
- :mod:`~borderlever.uncertainty.analysis`: :func:`parameter_uncertainty`, a run's parameter
  sample and each headline figure's interval split into replication noise and parameter
  uncertainty, with its drivers;
- :mod:`~borderlever.uncertainty.cluster`: where tasks run (serial, ``LocalCluster``, a scheduler).
"""

from __future__ import annotations

from borderlever.uncertainty.analysis import Uncertainty, parameter_uncertainty
from borderlever.uncertainty.design import Factor, registry_factors
from borderlever.uncertainty.files import plan_from_file
from borderlever.uncertainty.sweep import Sweep, SweepRun, load_results, plan_sweep, run_sweep

__all__ = [
    "Factor",
    "Sweep",
    "SweepRun",
    "Uncertainty",
    "load_results",
    "parameter_uncertainty",
    "plan_from_file",
    "plan_sweep",
    "registry_factors",
    "run_sweep",
]
