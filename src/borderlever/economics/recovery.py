"""Recovery shares from monthly trade around a short disruption: how much of a month's shortfall
comes back the next month, by group of sectors.

Counterfactual for a month ``m``: the same month a year earlier times the median year-on-year
ratio of the three months before the episode (the method the simulation's behaviour fit uses on
truck counts, docs/validation.md).  ``make-up share = (actual - counterfactual, summed over the
follow-up months, at least 0) / (counterfactual - actual in the episode month)``.

Used as a calibration check of the ``economics.recovery_share.*`` registry rows on the December
2023 rail suspensions at Eagle Pass (2303) and El Paso (2402); never on the 2019 officer
reassignment or the 2022 Ambassador Bridge blockade.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

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
