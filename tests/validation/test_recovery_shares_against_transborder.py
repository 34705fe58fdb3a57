"""Recovery shares against monthly trade around the 2023 disruptions in the store.

A **calibration check**, not a validation: the registry rows ``economics.recovery_share.*`` were
set from this fit.  Episodes: ``economics/data/recovery_episodes.csv`` (the December 2023 rail
suspensions at Eagle Pass and El Paso, the September-October 2023 El Paso cargo suspensions, the
December 2023 Eagle Pass bridge closure, the December 2023 Lukeville closure; never the 2019
officer reassignment or the 2022 Ambassador Bridge blockade, and not the 2022 Texas inspections,
an out-of-sample test of the simulation).  Data: BTS TransBorder monthly trade by HS2 (the store's
``port_month_trade``) over each episode's port group (the closed ports and those its freight could
move to).  Method (``economics/recovery.py``): same month a year earlier x the median
year-on-year ratio of the three months before; pooled make-up share = sum of make-up (clipped to
[0, shortfall] per episode) / sum of shortfalls; a group is identified where the pooled shortfall
exceeds twice the pooled monthly noise.  The model keeps ``δ + (1 − δ) r`` of unserved orders
(δ: the simulation's deferral share), so the registry default must be the ``r`` that matches the
pooled make-up at the default δ.  Tolerance 0.05 on ``r`` (rounding of the registry value); the
identification flags must match what the registry's ``fitted_on`` says.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from borderlever.economics.dynamic import RECOVERY_GROUPS
from borderlever.economics.production import load_concordance
from borderlever.economics.recovery import (
    episode_makeup,
    implied_recovery_share,
    load_episodes,
    monthly_by_group,
    pooled_makeup,
)
from borderlever.parameters import default, get

pytestmark = pytest.mark.raw


def _pooled(store: Path) -> pd.DataFrame:
    from borderlever.data.store import query

    conc = load_concordance()
    parts = []
    for e in load_episodes().itertuples():
        marks = ", ".join("?" for _ in e.ports)
        trade = query(
            f"SELECT month, hs2, value_usd FROM port_month_trade "
            f"WHERE port_code IN ({marks}) AND mode = ?",
            [*e.ports, e.mode],
            store=store,
        )
        monthly = monthly_by_group(trade, conc, RECOVERY_GROUPS)
        parts.append(
            episode_makeup(monthly, e.months, e.followup)
            .rename_axis("group")
            .reset_index()
            .assign(episode=e.episode)
        )
    return pooled_makeup(pd.concat(parts, ignore_index=True))


def test_recovery_shares_against_transborder_2023_disruptions(raw_store: Path) -> None:
    pooled = _pooled(raw_store)
    defer = default("behaviour.defer_share")
    delta = defer / (defer + default("behaviour.cancel_share"))
    for group in ("durables", "perishables"):
        row = pooled.loc[group]
        assert row["identified"], row  # the disruptions show beyond the monthly noise
        r = implied_recovery_share(float(row["share"]), delta)
        assert default(f"economics.recovery_share.{group}") == pytest.approx(r, abs=0.05)
        assert not get(f"economics.recovery_share.{group}").fitted_on.startswith("not fitted")
    assert pooled.loc["durables", "share"] == pytest.approx(0.28, abs=0.03)
    for group in ("materials", "mining_energy"):
        assert not pooled.loc[group, "identified"]  # within the noise: still assumptions
        assert get(f"economics.recovery_share.{group}").fitted_on.startswith("not fitted")
