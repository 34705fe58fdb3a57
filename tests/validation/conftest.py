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
