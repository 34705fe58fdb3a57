"""borderlever: what happens, and to whom, when US land ports of entry close or slow down.

The public API (:mod:`borderlever.api`)::

    import borderlever as bl
    r = bl.run("laredo-lanes-halved", replications=2)   # a library name, a YAML path or a dict
    r.sentence                                          # the answer, with its intervals
    r.summary["economics"]["leverage_ratio"]            # the dict of summary.json
    r.daily.head(); r.write("out/laredo"); bl.compare(r, bl.load("out/other"))

Layers (arrows one way): data -> network -> scenarios -> sim -> economics -> runs -> api ->
reports / cli / service.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import Any

try:
    __version__ = version("borderlever")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.0.0+unknown"

#: Names served lazily from :mod:`borderlever.api` (importing it pulls in pandas and numba).
_API = ("run", "load", "compare", "Run", "Comparison")

__all__ = ["Comparison", "Run", "__version__", "compare", "load", "run"]


def __getattr__(name: str) -> Any:
    if name in _API:
        from borderlever import api

        return getattr(api, name)
    raise AttributeError(f"module 'borderlever' has no attribute {name!r}")
