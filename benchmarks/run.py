"""Run every benchmark (``make bench``); each prints ``name: value`` lines only."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

#: Benchmark modules with a ``main()``; add yours here.
MODULES = ("sim_bench", "data_build", "run_bench")

if __name__ == "__main__":
    for name in MODULES:
        if (HERE / f"{name}.py").exists():
            importlib.import_module(name).main()
