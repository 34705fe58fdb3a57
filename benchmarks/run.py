"""Run every benchmark (``make bench``); each prints ``name: value`` lines."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import sim_bench  # noqa: E402

if __name__ == "__main__":
    sim_bench.main()
