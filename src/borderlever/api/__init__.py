"""The public Python API: what the CLI, the service and a notebook call.

>>> import borderlever as bl
>>> r = bl.run("laredo-lanes-halved", replications=2)      # doctest: +SKIP
>>> r.summary["economics"]["leverage_ratio"]               # doctest: +SKIP

- :func:`run` simulates and prices a scenario (library name, YAML path or dict) and returns a
  :class:`Run`: ``.summary`` (the dict of summary.json), tidy frames (``.daily``, ``.hourly``,
  ``.ports``, ``.economics``), ``.sentence``, ``.report()`` (HTML) and ``.write(folder)`` (the same
  files as ``borderlever run``);
- :func:`load` reads a written run folder back into a :class:`Run`;
- :func:`compare` diffs the inputs and outputs of two runs.
"""

from borderlever.api.comparison import Comparison, compare
from borderlever.api.core import Run, load, run

__all__ = ["Comparison", "Run", "compare", "load", "run"]
