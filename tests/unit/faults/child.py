"""A child process of the fault-injection suite: runs one write with a fault at one step.

``python child.py MODE STEP DEST [-- borderlever arguments]``

- ``kill``: write the fake run into DEST; SIGKILL itself after STEP (nothing can clean up).
- ``term``: run ``borderlever ARGS`` (the simulation replaced by the fake run); SIGTERM itself after
  STEP (the CLI's handler unwinds: the staging folder is removed, exit 130).
- ``hold``: run ``borderlever ARGS``; after STEP create DEST/../ready and wait for DEST/../go,
  so the parent can try a second run into the same folder while this one holds it.
"""

from __future__ import annotations

import importlib.util
import os
import signal
import sys
import time
from pathlib import Path

FAKES = Path(__file__).resolve().parents[1] / "runs" / "fakes.py"


def fakes():
    spec = importlib.util.spec_from_file_location("borderlever_test_fakes", FAKES)
    module = importlib.util.module_from_spec(spec)
    sys.modules["borderlever_test_fakes"] = module
    spec.loader.exec_module(module)
    return module


def main() -> None:
    mode, step, dest = sys.argv[1], sys.argv[2], Path(sys.argv[3])
    args = sys.argv[sys.argv.index("--") + 1 :] if "--" in sys.argv else []
    import borderlever.runs.folder as folder
    import borderlever.runs.pipeline as pipeline

    fake = fakes()

    def hook(name: str) -> None:
        if name != step:
            return
        if mode == "kill":
            os.kill(os.getpid(), signal.SIGKILL)
        elif mode == "term":
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(5)  # the handler raises before this returns
        elif mode == "hold":
            (dest.parent / "ready").write_text(str(os.getpid()))
            for _ in range(600):
                if (dest.parent / "go").exists():
                    return
                time.sleep(0.05)

    folder.after_step = hook
    if mode == "kill":
        from borderlever.api.core import from_output

        new = fake.fake_run(seed=8, replications=2)  # the suite's "new" run
        from_output(new, started_utc="t0", finished_utc="t1", argv=["borderlever"]).write(dest)
        return
    pipeline.run_scenario = lambda resolved, **kw: fake.fake_run()  # no simulation needed here
    from borderlever.cli.main import main as cli

    sys.argv = ["borderlever", *args]
    cli()


if __name__ == "__main__":
    main()
