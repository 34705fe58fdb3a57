"""The demo's main job end to end: ``seed-14-day-closure`` through the pipeline and its outputs.

Prints ``name: value`` lines:

* ``seed_closure_total_s``: resolve + network + simulate + economics + summary + report, warm
  (a 1-day, 1-replication run compiles numba first and is not timed);
* ``seed_closure_simulate_s``: the engine alone, inside that run (the reference);
* ``seed_closure_overhead_ratio``: total ÷ simulate, what the runner adds around the engine.

Uses ``$BORDERLEVER_STORE`` (built from the bundled tables if missing).
"""

from __future__ import annotations

import datetime as dt
import tempfile
import time


def main() -> None:
    from borderlever.runs.outputs import write_run
    from borderlever.runs.pipeline import resolve_scenario, run_scenario
    from borderlever.scenarios import load_spec

    spec = load_spec("seed-14-day-closure")
    warm = spec.model_copy(update={"horizon_days": 1, "replications": 1, "policies": []})
    run_scenario(resolve_scenario(warm))
    t0 = time.perf_counter()
    out = run_scenario(resolve_scenario("seed-14-day-closure"))
    now = dt.datetime.now(dt.UTC).isoformat()
    with tempfile.TemporaryDirectory() as tmp:
        write_run(out, tmp, started_utc=now, finished_utc=now)
    total = time.perf_counter() - t0
    sim = out.timings_s["simulate_s"]
    print(f"seed_closure_total_s: {total:.2f}")
    print(f"seed_closure_simulate_s: {sim:.2f}")
    print(f"seed_closure_overhead_ratio: {total / sim:.2f}")


if __name__ == "__main__":
    main()
