"""Leverage: each side's cost per day, against its exposed economy and a stated concession.

- :func:`cost_per_day`: the per-day cost to each country of a lever (direct costs plus the dynamic
  model's value-added loss, over the policy and its recovery, divided by the policy days): the
  input of the standoff model.
- :func:`exposed_value_added`: the value added of each country's sectors weighted by how much of
  their sales and inputs cross the border with the partner (from the input-output table): the
  part of the economy a border lever reaches.  A day's loss over it says how hard the lever bites
  where it bites.
- :func:`hold_out_days`: days until a side's cumulative cost reaches the value the concession has
  to it (a scenario input).
- GDP shares and ``leverage ratio = (neighbour's cost / neighbour's GDP) / (US cost / US GDP)``
  are kept as labelled context: the ratio is mostly GDP_US / GDP_neighbour (about 15 for Mexico)
  times the cost ratio, so it restates the size of the economies more than it measures leverage.

References
----------
World Bank, World Development Indicators, GDP (current US$), NY.GDP.MKTP.CD (the store's ``gdp``
view).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from borderlever.economics.inputoutput import IOTable
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


def cost_per_day(countries: pd.DataFrame) -> pd.DataFrame:
    """Per-day cost to each country of a lever, per replication [USD/day].

    Parameters
    ----------
    countries : DataFrame
        ``ImpactResult.countries``: ``replication, country, direct_cost_usd,
        production_loss_usd, total_cost_usd, policy_days``.

    Returns
    -------
    DataFrame
        ``replication, country, direct_usd_per_day, production_usd_per_day, cost_usd_per_day``:
        totals over the policy and its recovery divided by the policy's days (0 where it has none).

    Examples
    --------
    >>> c = pd.DataFrame({"replication": [0], "country": ["MEX"], "direct_cost_usd": [2e9],
    ...     "production_loss_usd": [5e9], "total_cost_usd": [7e9], "policy_days": [14.0]})
    >>> cost_per_day(c)["cost_usd_per_day"].tolist()
    [500000000.0]
    """
    days = countries["policy_days"].astype(float)
    safe = days.where(days > 0)
    out = countries[["replication", "country"]].copy()
    for col, src in (
        ("direct_usd_per_day", "direct_cost_usd"),
        ("production_usd_per_day", "production_loss_usd"),
        ("cost_usd_per_day", "total_cost_usd"),
    ):
        out[col] = (countries[src] / safe).fillna(0.0)
    return out.reset_index(drop=True)


def exposed_value_added(va_usd: np.ndarray, exposure: np.ndarray) -> float:
    """Value added weighted by exposure to the partner [USD]: ``Σ_j va_j min(1, e_j)``.

    Examples
    --------
    >>> exposed_value_added(np.array([100.0, 50.0]), np.array([0.2, 1.5]))
    70.0
    """
    return float(np.sum(np.asarray(va_usd, float) * np.clip(np.asarray(exposure, float), 0, 1)))


def exposure_shares(
    Z: np.ndarray, Y_to: np.ndarray, x: np.ndarray, rows: np.ndarray, partner: np.ndarray
) -> np.ndarray:
    """Per sector of a country: share of its output sold to the partner (intermediate and final)
    plus its inputs bought from the partner per unit of output [-] (not capped).

    ``rows``: the country's rows (boolean); ``partner``: the partner's rows/columns (boolean);
    ``Y_to``: final demand of the partner (n,).
    """
    xs = np.where(x[rows] > 0, x[rows], np.inf)
    sold = Z[np.ix_(rows, partner)].sum(axis=1) + Y_to[rows]
    bought = Z[np.ix_(partner, rows)].sum(axis=0)
    return (sold + bought) / xs


def hold_out_days(cost_usd_per_day: float, concession_value_usd: float) -> float:
    """Days a side can bear a lever before its cost reaches the concession's value to it [days].

    Infinite where the lever costs it nothing.

    Examples
    --------
    >>> hold_out_days(5e8, 1e10), hold_out_days(0.0, 1e10)
    (20.0, inf)
    """
    if cost_usd_per_day <= 0:
        return float("inf")
    return float(concession_value_usd) / float(cost_usd_per_day)


def exposed_economy(io: IOTable, neighbours: Sequence[str]) -> pd.DataFrame:
    """Each side's exposed economy: value added weighted by its cross-border exposure [USD/day].

    The US against all the given neighbours together, each neighbour against the US; exposure of
    a sector = (sales to the partner + inputs from the partner) / output, capped at 1; value added
    ``v_j x_j`` from the table (table units: USD million a year).

    Returns
    -------
    DataFrame
        ``country, exposed_va_usd_per_day, va_usd_per_day, basis``.
    """
    regions = io.regions
    va = io.va_coefficients * io.x * 1e6 / 365.0
    rows_out = []
    sides = [("USA", list(neighbours))] + [(n, ["USA"]) for n in neighbours]
    for country, partners in sides:
        rows = regions == country
        if not rows.any() or not any((regions == p).any() for p in partners):
            continue
        part = np.isin(regions, partners)
        y_to = io.Y[:, np.isin([lab.split("_", 1)[0] for lab in io.y_labels], partners)].sum(axis=1)
        share = exposure_shares(io.Z, y_to, io.x, rows, part)
        rows_out.append(
            (
                country,
                exposed_value_added(va[rows], share),
                float(va[rows].sum()),
                f"value added of {country}'s sectors weighted by their sales to and inputs from "
                f"{'+'.join(partners)} (input-output table {io.year})",
            )
        )
    return pd.DataFrame(
        rows_out, columns=["country", "exposed_va_usd_per_day", "va_usd_per_day", "basis"]
    )
