"""The service's settings: where runs live, the store, limits, an optional bearer token."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import platformdirs


@dataclass(frozen=True)
class Limits:
    """What one service accepts (a request over a limit gets a 4xx naming it).

    Attributes
    ----------
    concurrent_runs : int
        Worker processes running at once (0 holds every run in the queue: tests).
    queued_runs : int
        Runs waiting at most; more gets 429.
    replications : int
        Replications per run at most [runs].
    horizon_days : int
        Simulated horizon at most [days].
    request_bytes : int
        Size of a request body at most [bytes].
    json_depth : int
        Nesting of a request body's JSON at most [levels].
    run_seconds : float
        Wall time of one run at most [s]; the worker is stopped past it.
    """

    concurrent_runs: int = 2
    queued_runs: int = 32
    replications: int = 50
    horizon_days: int = 120
    request_bytes: int = 64 * 1024
    json_depth: int = 16
    run_seconds: float = 1800.0


def default_home() -> Path:
    """Where the service keeps its runs by default (the user data directory)."""
    return platformdirs.user_data_path("borderlever") / "service"


@dataclass(frozen=True)
class ServiceConfig:
    """One service: its folder of runs, the store, limits and an optional bearer token."""

    home: Path = field(default_factory=default_home)
    store: Path | None = None
    limits: Limits = field(default_factory=Limits)
    token: str | None = None

    @property
    def runs_dir(self) -> Path:
        return Path(self.home) / "runs"
