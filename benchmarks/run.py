"""Run every benchmark (``make bench``); each prints ``name: value`` lines only.

Every module in ``benchmarks/`` with a ``main()`` is run, in name order.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

if __name__ == "__main__":
    for path in sorted(HERE.glob("*.py")):
        if path.stem == "run":
            continue
        module = importlib.import_module(path.stem)
        if callable(getattr(module, "main", None)):
            module.main()
