"""Behaviour from data: how much of a disrupted month's lost truck traffic comes back.

For documented supply-side disruptions (``data/behaviour_episodes.csv``, each with its source),
the make-up share of an episode is the excess of trucks over the counterfactual in the two months
after the episode, over the shortfall during it, pooled over the episode's ports.  The
counterfactual of every month of the episode and of the two after is the same month a year
earlier times the median year-on-year ratio of the three months before the episode's first
month (a seasonal naive forecast with the pre-episode trend, the method of
:func:`borderlever.economics.recovery.episode_makeup`).  Until the fifth session of issue 12
the trend was each month's own three months before, so the months after an episode took their
trend from the episode itself: a two-month disruption (El Paso 2023) depressed the
counterfactual of the months after and showed as a make-up of 0.79 where the pre-episode trend
shows none (-0.11).  The median of the episodes is ``behaviour.defer_share``; the registry's
range is wider than the episodes' (docs/validation.md: Behaviour from data).  Deferring drivers
come back to the same port; the rest of the lost traffic cancelled or diverted.  The 2019
officer reassignment and the 2022 Ambassador Bridge blockade are never used: they are the
out-of-sample tests (docs/validation.md).

References
----------
Hyndman, R. J. & Athanasopoulos, G. (2021). Forecasting: Principles and Practice, 3rd ed.,
section 5.2 (seasonal naive forecasts).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from borderlever.validation.observed import port_series

#: Episodes never used to fit behaviour: the out-of-sample replays.
HELD_OUT = ("2019-officer-reassignment", "2022-ambassador-bridge-blockade")


@dataclass(frozen=True)
class MakeUp:
    """One episode's shortfall and make-up [trucks] and their ratio."""

    episode: str
    shortfall: float
    made_up: float

    @property
    def share(self) -> float:
        return self.made_up / self.shortfall if self.shortfall > 0 else float("nan")


def counterfactual(series: pd.Series, start: str | pd.Timestamp) -> pd.Series:
    """Expected count of each month: a year earlier x the median year-on-year ratio of the three
    months before ``start`` (the episode's first month), so that no month's expectation takes
    its trend from the episode.

    Examples
    --------
    >>> idx = pd.date_range("2020-01-01", "2022-12-01", freq="MS")
    >>> s = pd.Series(100.0 * 1.1 ** (idx.year - 2020), index=idx)
    >>> s.loc["2022-06-01":"2022-07-01"] = 50.0  # a two-month disruption
    >>> cf = counterfactual(s, "2022-06")
    >>> round(float(cf.loc["2022-08-01"]), 6)  # trend from March-May only
    121.0
    """
    s = series.sort_index().asfreq("MS")
    first = pd.Timestamp(start).to_period("M").to_timestamp()
    pre = [first - pd.DateOffset(months=k) for k in (1, 2, 3)]
    trend = float(np.median((s / s.shift(12)).reindex(pre)))
    return s.shift(12) * trend


def make_up(crossings: pd.DataFrame, episode: str, ports: list[str], months: list[str]) -> MakeUp:
    """Pooled shortfall over ``months`` and excess in the two months after, at ``ports``."""
    ms = pd.to_datetime([f"{m}-01" for m in months])
    after = [ms[-1] + pd.offsets.MonthBegin(k) for k in (1, 2)]
    short = made = 0.0
    for p in ports:
        s = port_series(crossings, p, "Trucks").asfreq("MS")
        exp = counterfactual(s, ms[0])
        short += float((exp.reindex(ms) - s.reindex(ms)).sum())
        made += float((s.reindex(after) - exp.reindex(after)).sum())
    return MakeUp(episode, short, made)


def read_behaviour_episodes() -> pd.DataFrame:
    """``data/behaviour_episodes.csv``: episode, ports, months, source, what."""
    from borderlever.validation.scorecard import _data

    return _data("behaviour_episodes.csv")


def estimate_defer_share(crossings: pd.DataFrame) -> tuple[float, float, float, list[MakeUp]]:
    """(median, min, max) make-up share over the fitting episodes, and each episode's figures.

    ``crossings`` is the store view ``port_month_crossings``.
    """
    rows = []
    for r in read_behaviour_episodes().to_dict("records"):
        if r["episode"] in HELD_OUT:
            raise ValueError(f"{r['episode']} is held out for validation; never fit on it")
        rows.append(make_up(crossings, r["episode"], r["ports"].split(), r["months"].split()))
    shares = np.array([m.share for m in rows])
    return float(np.median(shares)), float(shares.min()), float(shares.max()), rows
