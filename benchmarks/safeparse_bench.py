"""How fast hostile YAML is refused, against parsing an ordinary scenario in the same process.

Cases: a billion-laughs document (10 levels of 9 aliases: 9**10 nodes if expanded) and 100,000
nested brackets, each given to :func:`borderlever.safeparse.load_yaml`.  Reference: the bundled
``seed-14-day-closure.yaml`` parsed by the same loader.  Target (issue 17): each refusal well under
a second, i.e. a ratio of a few hundred references at most on any machine.  The unit tests check
that every hostile document is refused by a limit; this benchmark holds the speed target.

Run: ``python benchmarks/safeparse_bench.py``.
"""

from __future__ import annotations

import time
from pathlib import Path

from borderlever.errors import ConfigError
from borderlever.safeparse import load_yaml

SCENARIO = Path(__file__).resolve().parents[1] / "scenarios" / "seed-14-day-closure.yaml"


def _laughs(levels: int = 9, width: int = 9) -> str:
    text = "l0: &l0 [" + ", ".join(['"lol"'] * width) + "]\n"
    for i in range(1, levels + 1):
        text += f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * width) + "]\n"
    return text


def _best_s(fn, repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def _refuse(text: str) -> None:
    try:
        load_yaml(text, "bench.yaml")
    except ConfigError:
        return
    raise AssertionError("hostile document was accepted")


def main() -> None:
    ordinary = SCENARIO.read_text(encoding="utf-8")
    ref_s = _best_s(lambda: load_yaml(ordinary, SCENARIO.name))
    for name, text in (("billion_laughs", _laughs()), ("deep_flow", "a: " + "[" * 100_000)):
        took = _best_s(lambda text=text: _refuse(text))
        print(f"safeparse_{name}_refused_s: {took:.4f}")
        print(f"safeparse_{name}_vs_scenario_parse: {took / ref_s:.1f}")


if __name__ == "__main__":
    main()
