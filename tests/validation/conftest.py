"""Fixtures of the validation tests (tests here are not a package)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest

Ar1Draw = Callable[[np.random.Generator, pd.DatetimeIndex, float, pd.Timestamp, float], pd.Series]


def _ar1_draw(
    rng: np.random.Generator,
    months: pd.DatetimeIndex,
    phi: float,
    first_post: pd.Timestamp,
    effect: float,
) -> pd.Series:
    """A monthly series with trend, seasonality, AR(1) noise and an effect from ``first_post``.

    log y = log 1000 + 0.004 t + 0.25 sin(2 pi (month - 3) / 12) + e, e_t = phi e_(t-1) + u_t,
    u ~ N(0, 0.06), stationary start; y is multiplied by ``1 + effect`` from ``first_post`` on.
    """
    e = np.empty(len(months))
    e[0] = rng.normal(0, 0.06 / np.sqrt(1 - phi**2))
    for i in range(1, len(e)):
        e[i] = phi * e[i - 1] + rng.normal(0, 0.06)
    t = np.arange(len(months))
    season = 0.25 * np.sin(2 * np.pi * (months.month.to_numpy() - 3) / 12)
    y = np.exp(np.log(1000) + 0.004 * t + season + e)
    y[first_post <= months] *= 1 + effect
    return pd.Series(y, index=months, name="ar1")


@pytest.fixture(scope="session")
def ar1_draw() -> Ar1Draw:
    """``ar1_draw(rng, months, phi, first_post, effect) -> Series``: one draw of an AR(1) series."""
    return _ar1_draw


BlockingMetrics = Callable[[object, str, int, int], np.ndarray]


def _blocking_metrics(c: object, engine: str, reps: int, seed: int) -> np.ndarray:
    """Per replication of compiled schedule ``c`` on ``engine`` ('fast' or 'reference'): mean
    wait [min], served, held booth-hours, mean queue, give-ups (the blocked-booth checks)."""
    from borderlever.sim.engine import derive_hourly, run_compiled

    raw = run_compiled(c, np.random.SeedSequence(seed).generate_state(reps, np.uint64), engine)
    rows = []
    for r in range(reps):
        h = derive_hourly(raw[r], c)
        rows.append(
            (
                h["wait_min_sum"].sum() / h["served"].sum(),
                h["served"].sum(),
                h["secondary_blocked_h"].sum(),
                np.nanmean(h["queue_mean"]),
                h["deferred"].sum() + h["cancelled"].sum(),
            )
        )
    return np.array(rows)


@pytest.fixture
def blocking_metrics() -> BlockingMetrics:
    """:func:`_blocking_metrics`, shared by the blocked-booth and added-line reference checks."""
    return _blocking_metrics
