"""Recovery-share fit: an injected shortfall and its make-up come back; noise is not a fit."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from borderlever.economics.recovery import (
    episode_makeup,
    implied_recovery_share,
    load_episodes,
    pooled_makeup,
)


def _series(seed: int) -> pd.DataFrame:
    idx = pd.date_range("2021-01-01", "2024-06-01", freq="MS")
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "big": 1000.0 * (1 + 0.01 * rng.standard_normal(len(idx))),
            "small": 1000.0 * (1 + 0.05 * rng.standard_normal(len(idx))),
        },
        index=idx,
    )


def test_injected_makeup_is_recovered_and_noise_is_not_identified():
    parts = []
    for seed, (ep, fu) in enumerate([("2023-06", "2023-07"), ("2023-12", "2024-01")]):
        m = _series(seed)
        m.loc[ep, "big"] -= 400.0  # a closure takes 400 ...
        m.loc[fu, "big"] += 120.0  # ... and 30 % of it comes back the next month
        m.loc[ep, "small"] -= 20.0  # a dip inside the noise
        parts.append(
            episode_makeup(m, [ep], [fu]).rename_axis("group").reset_index().assign(episode=ep)
        )
    pooled = pooled_makeup(pd.concat(parts, ignore_index=True))
    assert pooled.loc["big", "identified"]
    assert pooled.loc["big", "share"] == pytest.approx(0.3, abs=0.1)
    assert not pooled.loc["small", "identified"]
    # the model keeps delta + (1 - delta) r: with delta above the make-up, r is 0
    assert implied_recovery_share(0.3, 0.625) == 0.0
    assert implied_recovery_share(0.85, 0.625) == pytest.approx(0.6)


def test_episodes_are_sourced_and_leave_out_the_test_episodes():
    eps = load_episodes()
    assert (eps["source"].str.startswith("http")).all()
    months = {m for ms in eps["months"] for m in ms}
    assert not any(m.startswith(("2019", "2022")) for m in months)
