"""The make-up estimator behind ``behaviour.defer_share`` on series with a known answer."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from borderlever.validation.behaviour import make_up


def _crossings(counts: pd.Series, port: str = "0001") -> pd.DataFrame:
    return pd.DataFrame(
        {"port_code": port, "month": counts.index, "measure": "Trucks", "count": counts.values}
    )


@pytest.mark.parametrize("months", [["2023-09"], ["2023-09", "2023-10"]])
@pytest.mark.parametrize("back", [0.0, 0.4])
def test_a_disruption_reads_the_share_that_came_back(months, back) -> None:
    """Trucks growing 4 % a year with a seasonal pattern; the episode's months lose 40 %, and
    ``back`` of the loss crosses in the month after.  The estimate must be ``back``, also for a
    two-month episode, whose months must not lend their trend to the months after it (the bug
    that read El Paso 2023's two-month suspension as a make-up of 0.79)."""
    idx = pd.date_range("2018-01-01", "2024-06-01", freq="MS")
    season = 1.0 + 0.1 * np.sin(2 * np.pi * idx.month / 12)
    normal = pd.Series(1000.0 * 1.04 ** ((idx - idx[0]).days / 365.25) * season, index=idx)
    s = normal.copy()
    ms = pd.to_datetime([f"{m}-01" for m in months])
    lost = 0.4 * normal.loc[ms]
    s.loc[ms] -= lost
    s.loc[ms[-1] + pd.offsets.MonthBegin(1)] += back * lost.sum()
    m = make_up(_crossings(s), "synthetic", ["0001"], months)
    assert m.shortfall == pytest.approx(lost.sum(), rel=0.02)
    assert m.share == pytest.approx(back, abs=0.02)
