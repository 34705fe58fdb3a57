"""Recovery shares from monthly trade around a short disruption: how much of a month's shortfall
comes back the next month, by group of sectors.

Counterfactual for a month ``m``: the same month a year earlier times the median year-on-year
ratio of the three months before the episode (the method the simulation's behaviour fit uses on
truck counts, docs/validation.md).  ``make-up share = (actual - counterfactual, summed over the
follow-up months, at least 0) / (counterfactual - actual in the episode month)``.

The ``economics.recovery_share.*`` registry rows are fitted with :func:`episode_makeup`,
:func:`pooled_makeup` and :func:`implied_recovery_share` on the 2023 disruptions listed in
``economics/data/recovery_episodes.csv`` (rail suspensions at Eagle Pass and El Paso, El Paso
cargo suspensions, the Eagle Pass closure, Lukeville), each over the ports its freight could move
to; never on the 2019 officer reassignment, the 2022 Ambassador Bridge blockade or the 2022 Texas
inspections (an out-of-sample test of the simulation).  The monthly data see make-up within
one or two months only, so the make-up share is a lower bound of the model's kept share.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from borderlever.economics.production import to_sectors


def monthly_by_group(
    trade: pd.DataFrame, conc: pd.DataFrame, groups: Mapping[str, Sequence[str]]
) -> pd.DataFrame:
    """Monthly value by group of sectors [USD]: rows ``month`` (Timestamp), columns groups.

    ``trade``: ``month, hs2, value_usd`` (any other columns are summed over).
    """
    t = trade.assign(exporter="-", importer="-")[
        ["exporter", "importer", "month", "hs2", "value_usd"]
    ]
    s = to_sectors(t, conc)
    sector_group = {sec: g for g, secs in groups.items() for sec in secs}
    s["group"] = s["sector"].map(sector_group)
    s["month"] = pd.to_datetime(s["month"])
    return (
        s.groupby(["month", "group"])["value_usd"].sum().unstack("group").fillna(0.0).sort_index()
    )


def makeup_shares(
    monthly: pd.DataFrame, episode: str, followup: Sequence[str], pre: Sequence[str]
) -> pd.DataFrame:
    """Shortfall in the episode month and its make-up in the follow-up months, per column.

    Returns
    -------
    DataFrame
        Index: the columns of ``monthly``; ``shortfall_usd``, ``makeup_usd``, ``makeup_share``
        (NaN where there was no shortfall).

    Examples
    --------
    >>> idx = pd.to_datetime(["2022-11-01", "2022-12-01", "2023-01-01", "2023-11-01",
    ...     "2023-12-01", "2024-01-01"])
    >>> m = pd.DataFrame({"g": [10., 10., 10., 11., 6., 13.]}, index=idx)
    >>> makeup_shares(m, "2023-12", ["2024-01"], ["2023-11"])["makeup_share"].round(2).tolist()
    [0.4]
    """
    year = pd.DateOffset(years=1)
    ratio = pd.concat(
        [monthly.loc[pd.Timestamp(p)] / monthly.loc[pd.Timestamp(p) - year] for p in pre], axis=1
    ).median(axis=1)

    def gap(month: str) -> pd.Series:
        t = pd.Timestamp(month)
        return pd.Series(
            monthly.loc[t].to_numpy(float)
            - monthly.loc[t - year].to_numpy(float) * ratio.to_numpy(),
            index=monthly.columns,
        )

    shortfall = -gap(episode)
    makeup = sum((gap(f) for f in followup), start=pd.Series(0.0, index=monthly.columns))
    out = pd.DataFrame({"shortfall_usd": shortfall, "makeup_usd": makeup.clip(lower=0.0)})
    out["makeup_share"] = out["makeup_usd"] / out["shortfall_usd"].where(out["shortfall_usd"] > 0)
    return out


EPISODES_FILE = "recovery_episodes.csv"
#: Monthly gaps before the pre-episode months whose spread is the counterfactual's noise.
NOISE_MONTHS = 12


def load_episodes(path: str | Path | None = None) -> pd.DataFrame:
    """The disruption episodes the recovery shares are fitted on (``economics/data``):
    ``episode, ports, mode, months, followup, source, note`` (``ports``, ``months`` and
    ``followup`` as lists)."""
    if path is None:
        with resources.as_file(
            resources.files("borderlever.economics") / "data" / EPISODES_FILE
        ) as p:
            frame = pd.read_csv(p, dtype=str, keep_default_na=False)
    else:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    for col in ("ports", "months", "followup"):
        frame[col] = frame[col].str.split()
    return frame


def _gaps(monthly: pd.DataFrame, pre: Sequence[str]) -> pd.DataFrame:
    """Actual minus counterfactual, every month with a year-earlier value [USD]."""
    year = pd.DateOffset(years=1)
    m = monthly.asfreq("MS").fillna(0.0)
    ratio = pd.concat(
        [m.loc[pd.Timestamp(p)] / m.loc[pd.Timestamp(p) - year] for p in pre], axis=1
    ).median(axis=1)
    return (m - m.shift(12) * ratio).iloc[12:]


def episode_makeup(
    monthly: pd.DataFrame, months: Sequence[str], followup: Sequence[str]
) -> pd.DataFrame:
    """One episode's shortfall, make-up and noise per column [USD].

    Counterfactual as in :func:`makeup_shares`, with the three months before the first episode
    month as ``pre``.  ``noise_usd``: the standard deviation of the monthly gap over the
    :data:`NOISE_MONTHS` months before those, times the square root of the episode's months
    (the spread a shortfall of that length would show with no disruption).

    Examples
    --------
    >>> idx = pd.date_range("2021-01-01", "2024-03-01", freq="MS")
    >>> m = pd.DataFrame({"g": 10.0}, index=idx)
    >>> m.loc["2023-12-01", "g"], m.loc["2024-01-01", "g"] = 6.0, 12.0
    >>> episode_makeup(m, ["2023-12"], ["2024-01"])[["shortfall_usd", "makeup_usd"]].values.tolist()
    [[4.0, 2.0]]
    """
    start = pd.Timestamp(months[0])
    pre = [(start - pd.DateOffset(months=i)).strftime("%Y-%m") for i in (3, 2, 1)]
    gaps = _gaps(monthly, pre)
    window = gaps.loc[
        start - pd.DateOffset(months=3 + NOISE_MONTHS) : start - pd.DateOffset(months=4)
    ]
    noise = window.std(ddof=1).fillna(0.0) * np.sqrt(len(months))
    shortfall = -gaps.loc[[pd.Timestamp(m) for m in months]].sum()
    makeup = gaps.loc[[pd.Timestamp(m) for m in followup]].sum()
    return pd.DataFrame({"shortfall_usd": shortfall, "makeup_usd": makeup, "noise_usd": noise})


def pooled_makeup(per_episode: pd.DataFrame) -> pd.DataFrame:
    """Make-up share per group pooled over episodes [-].

    ``per_episode``: ``episode, group, shortfall_usd, makeup_usd, noise_usd``.  Each episode's
    make-up is clipped to ``[0, shortfall]`` (an overshoot or a further fall is not read as more
    or less than full or no recovery); episodes without a shortfall are left out.  ``share`` =
    sum of clipped make-up / sum of shortfalls; ``identified``: the pooled shortfall exceeds twice
    the pooled noise (square root of the sum of squares); ``low``/``high``: the least and greatest
    single-episode share.

    Examples
    --------
    >>> t = pd.DataFrame({"episode": ["a", "b"], "group": ["g", "g"],
    ...     "shortfall_usd": [10.0, 30.0], "makeup_usd": [20.0, -5.0], "noise_usd": [3.0, 4.0]})
    >>> r = pooled_makeup(t).loc["g"]
    >>> float(r["share"]), bool(r["identified"]), float(r["low"]), float(r["high"])
    (0.25, True, 0.0, 1.0)
    """
    t = per_episode[per_episode["shortfall_usd"] > 0].copy()
    t["clipped_usd"] = t["makeup_usd"].clip(lower=0.0).clip(upper=t["shortfall_usd"])
    t["episode_share"] = t["clipped_usd"] / t["shortfall_usd"]
    g = t.groupby("group")
    out = pd.DataFrame(
        {
            "shortfall_usd": g["shortfall_usd"].sum(),
            "makeup_usd": g["clipped_usd"].sum(),
            "noise_usd": g["noise_usd"].apply(lambda s: float(np.sqrt((s**2).sum()))),
            "episodes": g["episode"].nunique(),
            "low": g["episode_share"].min(),
            "high": g["episode_share"].max(),
        }
    )
    out["share"] = out["makeup_usd"] / out["shortfall_usd"]
    out["identified"] = out["shortfall_usd"] > 2.0 * out["noise_usd"]
    return out


def implied_recovery_share(makeup_share: float, defer_share: float) -> float:
    """The sector recovery share ``r`` that makes the model's kept share ``δ + (1 − δ) r``
    equal an observed make-up share [-] (0 where deferral alone makes up more).

    Examples
    --------
    >>> round(implied_recovery_share(0.8, 0.6), 3), implied_recovery_share(0.3, 0.6)
    (0.5, 0.0)
    """
    if defer_share >= 1.0:
        return 0.0
    return float(min(1.0, max(0.0, (makeup_share - defer_share) / (1.0 - defer_share))))
