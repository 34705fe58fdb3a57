"""What a worker process does with one run folder: run it through the API, record the outcome.

Runs in a fresh interpreter (``spawn``).  Progress goes to ``status.json`` at most every 0.2 s
and at every step change; a :class:`~borderlever.errors.BorderleverError` fails the run with the
same message the CLI prints (``error_kind`` "bad input"); anything else fails it as "internal".
"""

from __future__ import annotations

import time
import traceback
from pathlib import Path
from typing import Any

from borderlever.service.jobs import RunStore, now_utc, progress_doc, read_json


def execute(folder: str, store: str | None) -> None:
    """Run the request in ``folder`` and write ``result/`` and the final status."""
    import borderlever as bl
    from borderlever.errors import BorderleverError

    path = Path(folder)
    runs, run_id = RunStore(path.parent), path.name
    request: dict[str, Any] = read_json(path / "request.json")
    last_t, last_step = [0.0], [""]

    def progress(step: str, done: int, total: int) -> None:
        now = time.monotonic()
        if step == last_step[0] and now - last_t[0] < 0.2 and done < total:
            return
        last_t[0], last_step[0] = now, step
        runs.update(run_id, progress=progress_doc(step, done, total))

    try:
        overrides = {k: v for k, v in request.items() if k != "scenario"}
        run = bl.run(request["scenario"], store=store, progress=progress, **overrides)
        progress("report", 0, 1)
        run.write(path / "result")
        runs.update(
            run_id,
            status="done",
            finished_utc=now_utc(),
            progress=progress_doc("done", 1, 1),
            sentence=run.sentence,
        )
    except BorderleverError as exc:
        runs.update(
            run_id, status="failed", finished_utc=now_utc(), error=str(exc), error_kind="bad input"
        )
    except Exception as exc:  # a bug: keep the trace in the run folder, say so in the status
        (path / "error.txt").write_text(traceback.format_exc(), encoding="utf-8")
        runs.update(
            run_id,
            status="failed",
            finished_utc=now_utc(),
            error=f"internal error: {type(exc).__name__}: {exc} (trace in error.txt)",
            error_kind="internal",
        )
