"""Runs of the service: persisted in folders, executed in worker processes, within limits.

Each run is a folder ``<home>/runs/<id>/`` holding ``request.json`` (what was asked),
``status.json`` (queued, running, done or failed, with progress; replaced atomically) and, once
done, ``result/`` (the run folder :meth:`borderlever.api.Run.write` makes).  A supervisor thread
starts queued runs in worker processes (``spawn``: a fresh interpreter, no state shared with the
server) up to :attr:`Limits.concurrent_runs`, stops a worker past :attr:`Limits.run_seconds`, and
marks a run failed when its worker dies.  At start, runs left queued or running by an earlier
service (a restart, a crash) are queued again: a run survives a restart.
"""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import os
import threading
import time
import uuid
from collections import deque
from pathlib import Path
from typing import Any

from borderlever.service.config import ServiceConfig

STATES = ("queued", "running", "done", "failed")
#: Where each step of a run sits on the overall progress bar: step -> (start, span) [0-1].
STEP_SPANS = {
    "queued": (0.0, 0.0),
    "store": (0.0, 0.05),
    "network": (0.05, 0.05),
    "simulate": (0.10, 0.75),
    "economics": (0.85, 0.10),
    "report": (0.95, 0.05),
    "done": (1.0, 0.0),
}


def now_utc() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def write_json(path: Path, doc: Any) -> None:
    """Write JSON atomically (a reader never sees half a file)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.write_text(json.dumps(doc, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def progress_doc(step: str, done: int, total: int) -> dict[str, Any]:
    """``{"step", "done", "total", "fraction"}``: fraction of the whole run [0-1].

    Examples
    --------
    >>> progress_doc("simulate", 2, 4)["fraction"]
    0.475
    """
    start, span = STEP_SPANS.get(step, (0.0, 0.0))
    part = done / total if total > 0 else 0.0
    return {"step": step, "done": done, "total": total, "fraction": round(start + span * part, 4)}


class RunStore:
    """The folders of the service's runs: create, read and update their status."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)

    def folder(self, run_id: str) -> Path:
        return self.root / run_id

    def exists(self, run_id: str) -> bool:
        return (
            len(run_id) == 32
            and all(c in "0123456789abcdef" for c in run_id)
            and (self.folder(run_id) / "status.json").is_file()
        )

    def create(self, request: dict[str, Any], name: str) -> str:
        run_id = uuid.uuid4().hex
        folder = self.folder(run_id)
        folder.mkdir(parents=True)
        write_json(folder / "request.json", request)
        write_json(
            folder / "status.json",
            {
                "id": run_id,
                "scenario": name,
                "status": "queued",
                "created_utc": now_utc(),
                "started_utc": None,
                "finished_utc": None,
                "progress": progress_doc("queued", 0, 0),
                "error": None,
                "error_kind": None,
                "attempts": 0,
            },
        )
        return run_id

    def status(self, run_id: str) -> dict[str, Any]:
        return read_json(self.folder(run_id) / "status.json")

    def update(self, run_id: str, **changes: Any) -> dict[str, Any]:
        doc = self.status(run_id) | changes
        write_json(self.folder(run_id) / "status.json", doc)
        return doc

    def all(self) -> list[dict[str, Any]]:
        docs = []
        for path in self.root.glob("*/status.json"):
            try:
                docs.append(read_json(path))
            except (OSError, json.JSONDecodeError):
                continue
        return sorted(docs, key=lambda d: (d.get("created_utc") or "", d.get("id", "")))


class RunManager:
    """Queue, worker processes and limits for one service."""

    def __init__(self, config: ServiceConfig) -> None:
        self.config = config
        self.runs = RunStore(config.runs_dir)
        self._queue: deque[str] = deque()
        self._active: dict[str, tuple[Any, float]] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._ctx = multiprocessing.get_context("spawn")

    # -- life cycle -------------------------------------------------------------------------
    def start(self) -> None:
        """Queue again what an earlier service left unfinished, then start supervising."""
        for doc in self.runs.all():
            if doc.get("status") in ("queued", "running"):
                if doc["status"] == "running":
                    self.runs.update(
                        doc["id"],
                        status="queued",
                        progress=progress_doc("queued", 0, 0),
                        note="queued again: the service stopped while it ran",
                    )
                self._queue.append(doc["id"])
        self._thread = threading.Thread(target=self._loop, name="borderlever-runs", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop supervising and end the workers (their runs are queued again at next start)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        with self._lock:
            for proc, _ in self._active.values():
                proc.terminate()
            for proc, _ in self._active.values():
                proc.join(timeout=5)
            self._active.clear()

    # -- requests ---------------------------------------------------------------------------
    def queued(self) -> int:
        with self._lock:
            return len(self._queue)

    def running(self) -> int:
        with self._lock:
            return len(self._active)

    def submit(self, request: dict[str, Any], name: str) -> str:
        run_id = self.runs.create(request, name)
        with self._lock:
            self._queue.append(run_id)
        return run_id

    # -- supervision ------------------------------------------------------------------------
    def _loop(self) -> None:
        while not self._stop.wait(0.2):
            self._reap()
            self._launch()

    def _launch(self) -> None:
        from borderlever.service.worker import execute

        with self._lock:
            while self._queue and len(self._active) < self.config.limits.concurrent_runs:
                run_id = self._queue.popleft()
                doc = self.runs.status(run_id)
                self.runs.update(
                    run_id,
                    status="running",
                    started_utc=now_utc(),
                    attempts=int(doc.get("attempts", 0)) + 1,
                    progress=progress_doc("store", 0, 1),
                )
                store = str(self.config.store) if self.config.store is not None else None
                proc = self._ctx.Process(
                    target=execute,
                    args=(str(self.runs.folder(run_id)), store),
                    name=f"borderlever-run-{run_id[:8]}",
                    daemon=True,
                )
                proc.start()
                self._active[run_id] = (proc, time.monotonic())

    def _reap(self) -> None:
        limit = self.config.limits.run_seconds
        with self._lock:
            for run_id, (proc, t0) in list(self._active.items()):
                if proc.is_alive() and time.monotonic() - t0 > limit:
                    proc.terminate()
                    proc.join(timeout=5)
                    self.runs.update(
                        run_id,
                        status="failed",
                        finished_utc=now_utc(),
                        error=f"the run took longer than the service's limit of {limit:g} s "
                        "(borderlever serve --max-run-seconds); run fewer replications or ports",
                        error_kind="time limit",
                    )
                elif not proc.is_alive():
                    proc.join()
                    if self.runs.status(run_id).get("status") == "running":
                        self.runs.update(
                            run_id,
                            status="failed",
                            finished_utc=now_utc(),
                            error=f"the worker process ended unexpectedly (exit code "
                            f"{proc.exitcode}); the service log may say why",
                            error_kind="internal",
                        )
                else:
                    continue
                del self._active[run_id]
