"""Leverage: each side's cost as a share of its GDP, and the ratio between them.

``leverage ratio = (neighbour's cost / neighbour's GDP) / (US cost / US GDP)``: above 1 the
neighbour bears more of the pain relative to the size of its economy.  A statement about
asymmetric cost, not about who concedes (see ``borderlever.bargaining``).

References
----------
World Bank, World Development Indicators, GDP (current US$), NY.GDP.MKTP.CD (the store's ``gdp``
view).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from borderlever.errors import DataError

COUNTRIES = ("USA", "MEX", "CAN")


def latest_gdp(gdp_df: pd.DataFrame, countries: Sequence[str] = COUNTRIES) -> pd.DataFrame:
    """Each country's GDP in the latest year the ``gdp`` view has for it [current USD].

    Returns
    -------
    DataFrame
        ``country, gdp_year, gdp_usd``.

    Raises
    ------
    DataError
        A country has no GDP row.

    Examples
    --------
    >>> g = pd.DataFrame({"country_iso3": ["USA", "USA", "MEX"], "year": [2022, 2023, 2023],
    ...     "gdp_usd": [25e12, 27e12, 1.8e12]})
    >>> latest_gdp(g, ["USA", "MEX"])["gdp_usd"].tolist()
    [27000000000000.0, 1800000000000.0]
    """
    sel = gdp_df[gdp_df["country_iso3"].isin(countries) & gdp_df["gdp_usd"].notna()]
    missing = [c for c in countries if c not in set(sel["country_iso3"])]
    if missing:
        raise DataError(
            f"no GDP for {missing}",
            file="gdp",
            column="country_iso3",
            expected=f"rows for {list(countries)}",
        )
    idx = sel.groupby("country_iso3")["year"].idxmax()
    out = sel.loc[idx, ["country_iso3", "year", "gdp_usd"]]
    out = out.rename(columns={"country_iso3": "country", "year": "gdp_year"})
    out["gdp_usd"] = out["gdp_usd"].astype(float)
    order = {c: i for i, c in enumerate(countries)}
    return out.sort_values("country", key=lambda s: s.map(order)).reset_index(drop=True)


def country_shares(
    country_costs: pd.DataFrame, gdp: pd.DataFrame, policy_days: pd.Series | float
) -> pd.DataFrame:
    """Add GDP shares and per-day figures to per-replication country costs.

    Parameters
    ----------
    country_costs : DataFrame
        ``replication, country, total_cost_usd`` (and any other cost columns).
    gdp : DataFrame
        :func:`latest_gdp` output.
    policy_days : Series indexed by replication, or float
        Days the policy lasted [days].

    Returns
    -------
    DataFrame
        Input plus ``gdp_usd, gdp_year, share_of_gdp, cost_usd_per_day, share_of_gdp_per_day``.
    """
    out = country_costs.merge(gdp, on="country", how="left")
    days = (
        out["replication"].map(policy_days)
        if isinstance(policy_days, pd.Series)
        else pd.Series(float(policy_days), index=out.index)
    )
    out["share_of_gdp"] = out["total_cost_usd"] / out["gdp_usd"]
    out["cost_usd_per_day"] = np.where(days > 0, out["total_cost_usd"] / days.where(days > 0), 0.0)
    out["share_of_gdp_per_day"] = out["cost_usd_per_day"] / out["gdp_usd"]
    return out


def leverage_ratios(
    shares: pd.DataFrame, neighbours: Sequence[str] = ("MEX", "CAN")
) -> pd.DataFrame:
    """Per replication and neighbour: neighbour's GDP share / US GDP share [-].

    The ratio is NaN (not infinite) where the US share is zero.

    Returns
    -------
    DataFrame
        ``replication, neighbour, neighbour_share_of_gdp, us_share_of_gdp, leverage_ratio``.
    """
    wide = shares.pivot_table(
        index="replication", columns="country", values="share_of_gdp", aggfunc="sum"
    )
    rows = []
    for neighbour in neighbours:
        if neighbour not in wide.columns or "USA" not in wide.columns:
            continue
        us = wide["USA"]
        ratio = wide[neighbour] / us.where(us > 0)
        rows.append(
            pd.DataFrame(
                {
                    "replication": wide.index,
                    "neighbour": neighbour,
                    "neighbour_share_of_gdp": wide[neighbour].to_numpy(),
                    "us_share_of_gdp": us.to_numpy(),
                    "leverage_ratio": ratio.to_numpy(),
                }
            )
        )
    if not rows:
        return pd.DataFrame(
            columns=[
                "replication",
                "neighbour",
                "neighbour_share_of_gdp",
                "us_share_of_gdp",
                "leverage_ratio",
            ]
        )
    return pd.concat(rows, ignore_index=True)
