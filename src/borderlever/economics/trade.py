"""Trade at stake: what crosses a port per day, by direction, mode and HS2 chapter.

Inputs follow the store contracts (``docs/economics.md``):

- ``trade_df``: the ``port_year_trade`` view: ``port_code, year, direction ('import'|'export' =
  US imports/exports), mode, hs2, value_usd, months_covered, country ('MEX'|'CAN')``.  Values are
  BTS TransBorder customs values [current USD].
- ``crossings_df``: the ``port_month_crossings`` view: ``port_code, month, measure, count``
  (BTS Border Crossing Entry Data, inbound = northbound/into the US only).

References
----------
BTS TransBorder Freight Data, https://www.bts.gov/topics/transborder-raw-data (table 3: port x
HS2 x mode x country).  BTS Border Crossing Entry Data,
https://data.bts.gov/Research-and-Statistics/Border-Crossing-Entry-Data/keg4-3bc2 .
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence

import numpy as np
import pandas as pd

from borderlever.economics.params import DEFAULT_PARAMS, EconParams
from borderlever.errors import DataError, UnknownCodeError

TRADE_COLUMNS = ("port_code", "year", "direction", "mode", "hs2", "value_usd", "months_covered")
DIRECTIONS = ("import", "export")
MODES = ("truck", "rail", "pipeline", "air", "vessel", "mail", "other", "ftz")
KEYS = ["port_code", "country", "direction", "mode", "hs2"]


def check_trade(trade_df: pd.DataFrame, source: str = "port_year_trade") -> pd.DataFrame:
    """Check the ``port_year_trade`` contract; return a copy with normalised codes.

    ``port_code`` and ``hs2`` become zero-padded strings (4 and 2 characters); a missing
    ``country`` column becomes ``'UNK'``.

    Raises
    ------
    DataError
        A contract column is missing, or a direction is not 'import'/'export'.
    """
    missing = [c for c in TRADE_COLUMNS if c not in trade_df.columns]
    if missing:
        raise DataError(
            f"trade frame lacks columns {missing}", file=source, expected=f"{list(TRADE_COLUMNS)}"
        )
    out = trade_df.copy()
    out["port_code"] = out["port_code"].astype(str).str.zfill(4)
    out["hs2"] = out["hs2"].astype(str).str.zfill(2)
    out["direction"] = out["direction"].astype(str).str.lower()
    out["mode"] = out["mode"].astype(str).str.lower()
    if "country" not in out.columns:
        out["country"] = "UNK"
    out["country"] = out["country"].astype(str)
    bad = ~out["direction"].isin(DIRECTIONS)
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0]) + 1
        raise DataError(
            f"direction {out['direction'].iloc[row - 1]!r}",
            file=source,
            row=row,
            column="direction",
            expected="'import' or 'export' (US imports/exports)",
        )
    out["value_usd"] = out["value_usd"].astype(float)
    out["year"] = out["year"].astype(int)
    return out


def latest_full_year(trade_df: pd.DataFrame) -> int:
    """The latest year whose data cover 12 months (``months_covered == 12``).

    Raises
    ------
    DataError
        No full year in the frame.
    """
    full = trade_df.loc[trade_df["months_covered"].astype(int) >= 12, "year"]
    if full.empty:
        raise DataError("no year with 12 months of trade data", expected="months_covered == 12")
    return int(full.max())


def days_in_year(year: int) -> int:
    """365 or 366 [days]."""
    return 366 if calendar.isleap(year) else 365


def annual_trade(
    trade_df: pd.DataFrame, year: int | None = None, ports: Sequence[str] | None = None
) -> pd.DataFrame:
    """Trade of one year by port, country, direction, mode and HS2 [USD/yr].

    Parameters
    ----------
    trade_df : DataFrame
        ``port_year_trade`` frame.
    year : int, optional
        Default: the latest full year (:func:`latest_full_year`).
    ports : sequence of str, optional
        Restrict to these ports.

    Returns
    -------
    DataFrame
        ``port_code, country, direction, mode, hs2, value_usd`` with ``attrs['year']``.
    """
    trade = check_trade(trade_df)
    year = latest_full_year(trade) if year is None else int(year)
    if year not in set(trade["year"]):
        raise UnknownCodeError("trade year", str(year), sorted(str(y) for y in set(trade["year"])))
    sel = trade[trade["year"] == year]
    if ports is not None:
        sel = sel[sel["port_code"].isin([str(p).zfill(4) for p in ports])]
    out = sel.groupby(KEYS, as_index=False, observed=True)[["value_usd"]].sum()
    out.attrs["year"] = year
    return out


def monthly_shape(
    monthly_df: pd.DataFrame, year: int, measure: str = "Truck Containers Loaded"
) -> pd.DataFrame:
    """Monthly factors of a port's activity: ``factor = 12 * month / year total`` (mean 1).

    Used to give daily trade a seasonal shape (produce peaks in Nogales January-April).  Takes
    either ``port_month_crossings`` (``measure`` selects the series, ``count`` is summed) or
    ``port_month_trade`` (no ``measure`` column: ``value_usd`` is summed over directions, modes and
    chapters).  Ports without all 12 months are left out (callers then use a flat year).

    Returns
    -------
    DataFrame
        ``port_code, month (1-12), factor`` [-].

    Examples
    --------
    >>> c = pd.DataFrame({"port_code": "2304", "month": pd.date_range("2023-01-01", periods=12,
    ...     freq="MS"), "measure": "Truck Containers Loaded", "count": [1] * 11 + [13]})
    >>> monthly_shape(c, 2023)["factor"].round(2).tolist()[-2:]
    [0.5, 6.5]
    """
    if "measure" in monthly_df.columns:
        sel = monthly_df[monthly_df["measure"] == measure].rename(columns={"count": "amount"})
    else:
        sel = monthly_df.rename(columns={"value_usd": "amount"})
    sel = sel.copy()
    months = pd.to_datetime(sel["month"])
    sel = sel[months.dt.year == year].assign(month=months.dt.month)
    sel["port_code"] = sel["port_code"].astype(str).str.zfill(4)
    counts = sel.groupby(["port_code", "month"], as_index=False)[["amount"]].sum()
    full = counts.groupby("port_code")["month"].transform("nunique") == 12
    counts = counts[full]
    total = counts.groupby("port_code")["amount"].transform("sum")
    counts = counts[total > 0]
    counts["factor"] = 12.0 * counts["amount"] / total[total > 0]
    return counts[["port_code", "month", "factor"]].reset_index(drop=True)


def daily_factors(
    port_codes: Sequence[str],
    year: int,
    start: dt.date | None,
    days: int,
    shape: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Per port and scenario day, the share of the annual value that crosses that day [1/day].

    Without ``start`` (or without a shape for the port) each day gets ``1 / days_in_year``.  With a
    calendar ``start`` and a :func:`monthly_shape`, a day of month m gets
    ``factor_m / 12 / days_in_month(m)``, so the 365 (366) days of ``year`` sum to exactly 1.
    Calendar days outside ``year`` use the same month of ``year``.

    Returns
    -------
    DataFrame
        ``port_code, day, share_of_year``.
    """
    n_year = days_in_year(year)
    ports = np.repeat(np.asarray(list(port_codes), dtype=object), days)
    day = np.tile(np.arange(days), len(port_codes))
    share = np.full(len(ports), 1.0 / n_year)
    if start is not None and shape is not None and len(shape) and len(ports):
        dates = pd.Timestamp(start) + pd.to_timedelta(day, unit="D")
        month = np.asarray(dates.month)
        n_month = np.array([calendar.monthrange(year, m)[1] for m in range(1, 13)])[month - 1]
        key = pd.MultiIndex.from_arrays([ports, month])
        fac = shape.set_index(["port_code", "month"])["factor"].reindex(key).to_numpy(float)
        shaped = pd.Series(ports).isin(set(shape["port_code"])).to_numpy()
        share = np.where(shaped, np.nan_to_num(fac) / 12.0 / n_month, share)
    return pd.DataFrame({"port_code": ports, "day": day, "share_of_year": share})


def trade_at_stake(
    trade_df: pd.DataFrame,
    ports: Sequence[str] | None = None,
    modes: Sequence[str] | None = None,
    days: int = 1,
    year: int | None = None,
    directions: Sequence[str] | None = None,
    start: dt.date | None = None,
    shape: pd.DataFrame | None = None,
    by: Sequence[str] = ("port_code", "country", "direction", "mode", "hs2"),
) -> pd.DataFrame:
    """Trade that would cross the given ports by the given modes over ``days`` days [USD].

    "Trade at stake per day if these ports close to trucks":
    ``trade_at_stake(trade, ports=['2304'], modes=['truck'], days=14)``.  This is gross trade at
    risk, not an economic loss (see :mod:`borderlever.economics.costs`).

    Parameters
    ----------
    trade_df : DataFrame
        ``port_year_trade`` frame.
    ports : sequence of str, optional
        Schedule D port codes; default all ports in the frame.
    modes : sequence of str, optional
        Default all modes.
    days : int
        Length of the closure [days]; ``0`` gives zero.
    year : int, optional
        Trade year; default the latest full year.
    directions : sequence of str, optional
        'import' and/or 'export' (US view); default both.
    start : datetime.date, optional
        Calendar start, to apply ``shape`` (:func:`monthly_shape`); default a flat year.
    shape : DataFrame, optional
        Monthly factors per port.
    by : sequence of str
        Grouping columns of the result (subset of port_code, country, direction, mode, hs2).

    Returns
    -------
    DataFrame
        ``by`` columns, ``value_usd`` (over the ``days``), ``value_usd_per_day`` (mean) and
        ``note``.  A requested port with no trade data gets one row with ``value_usd`` NaN and
        ``note = 'no trade data for port X'`` (never a silent zero).

    Examples
    --------
    >>> t = pd.DataFrame({"port_code": ["2304"], "year": [2023], "direction": ["import"],
    ...     "mode": ["truck"], "hs2": ["87"], "value_usd": [365e6], "months_covered": [12],
    ...     "country": ["MEX"]})
    >>> r = trade_at_stake(t, ports=["2304", "9999"], days=14, by=["port_code"])
    >>> r["value_usd"].tolist()[0], r["note"].tolist()[1]
    (14000000.0, 'no trade data for port 9999')
    """
    if days < 0:
        raise ValueError(f"days must be >= 0, got {days}")
    by = list(by)
    annual = annual_trade(trade_df, year, ports)
    yr = int(annual.attrs["year"])
    if modes is not None:
        annual = annual[annual["mode"].isin([m.lower() for m in modes])]
    if directions is not None:
        annual = annual[annual["direction"].isin(directions)]
    port_list = sorted(set(annual["port_code"])) if ports is None else _ports(ports)
    factors = daily_factors(port_list, yr, start, days, shape)
    period = factors.groupby("port_code", as_index=False)[["share_of_year"]].sum()
    merged = annual.merge(period, on="port_code", how="inner")
    merged["value_usd"] = merged["value_usd"] * merged["share_of_year"]
    out = merged.groupby(by, as_index=False, observed=True)[["value_usd"]].sum()
    out["value_usd_per_day"] = out["value_usd"] / days if days else 0.0
    out["note"] = ""
    present = set(annual["port_code"])
    absent = [p for p in port_list if p not in present]
    if absent:
        extra = pd.DataFrame({c: [pd.NA] * len(absent) for c in out.columns})
        if "port_code" in by:
            extra["port_code"] = absent
        extra["value_usd"] = np.nan
        extra["value_usd_per_day"] = np.nan
        extra["note"] = [_note(p) for p in absent]
        out = pd.concat([out, extra.astype({"value_usd": float})], ignore_index=True)
    out.attrs["year"] = yr
    return out


def _note(port: str) -> str:
    return f"no trade data for port {port}"


def _ports(ports: Sequence[str]) -> list[str]:
    return [str(p).zfill(4) for p in ports]


def trade_by_day(
    trade_df: pd.DataFrame,
    ports: Sequence[str] | None = None,
    modes: Sequence[str] | None = None,
    days: int = 1,
    year: int | None = None,
    start: dt.date | None = None,
    shape: pd.DataFrame | None = None,
    by: Sequence[str] = ("port_code", "country", "direction", "mode", "hs2"),
) -> pd.DataFrame:
    """Trade crossing per scenario day (0 = start) [USD/day], by ``by`` columns.

    Same rules as :func:`trade_at_stake` (flat year, or the monthly ``shape`` from ``start``);
    summing over days gives :func:`trade_at_stake`.  Ports without trade data are left out
    (:func:`trade_at_stake` reports them).

    Returns
    -------
    DataFrame
        ``day`` plus the ``by`` columns and ``value_usd``.

    Examples
    --------
    >>> t = pd.DataFrame({"port_code": ["2304"], "year": [2023], "direction": ["import"],
    ...     "mode": ["truck"], "hs2": ["87"], "value_usd": [365e6], "months_covered": [12]})
    >>> trade_by_day(t, days=2, by=["port_code"])["value_usd"].tolist()
    [1000000.0, 1000000.0]
    """
    annual = annual_trade(trade_df, year, ports)
    yr = int(annual.attrs["year"])
    if modes is not None:
        annual = annual[annual["mode"].isin([m.lower() for m in modes])]
    by = list(by)
    annual = annual.groupby(by if "port_code" in by else [*by, "port_code"], as_index=False)[
        ["value_usd"]
    ].sum()
    factors = daily_factors(sorted(set(annual["port_code"])), yr, start, days, shape)
    merged = annual.merge(factors, on="port_code")
    merged["value_usd"] = merged["value_usd"] * merged["share_of_year"]
    out = merged.groupby(["day", *by], as_index=False)[["value_usd"]].sum()
    out.attrs["year"] = yr
    return out


def mode_split(trade_df: pd.DataFrame, year: int | None = None) -> pd.DataFrame:
    """Each port's split of trade across modes, per direction [share, sums to 1 per port/direction].

    A truck closure leaves rail and pipeline moving unless the policy closes them too.

    Returns
    -------
    DataFrame
        ``port_code, country, direction, mode, value_usd, share``.
    """
    annual = annual_trade(trade_df, year)
    out = annual.groupby(
        ["port_code", "country", "direction", "mode"], as_index=False, observed=True
    )[["value_usd"]].sum()
    total = out.groupby(["port_code", "country", "direction"])["value_usd"].transform("sum")
    out["share"] = np.where(total > 0, out["value_usd"] / total.where(total > 0, 1.0), 0.0)
    return out


def value_per_truck(
    trade_df: pd.DataFrame,
    crossings_df: pd.DataFrame,
    year: int | None = None,
    params: EconParams = DEFAULT_PARAMS,
) -> pd.DataFrame:
    """Value of trade per loaded truck and per truck crossing, per port and direction [USD].

    Northbound (US imports): truck import value / BTS 'Truck Containers Loaded' of the year.
    Southbound (US exports): truck export value / (northbound loaded count x
    ``params.southbound_loaded_per_northbound_loaded``), an assumption (BTS counts are inbound
    only).  ``value_usd_per_truck`` divides by all truck crossings ('Trucks', including empties;
    for exports by the same northbound count): it is what one simulated truck carries on average.

    Trade with both partners is pooled per port (the crossing counts are not split by partner);
    ``country`` is the port's main partner by truck value.

    Returns
    -------
    DataFrame
        ``port_code, country, direction, truck_value_usd, loaded_trucks, trucks,
        value_usd_per_loaded_truck, value_usd_per_truck, note``; a port with truck trade but no
        crossing counts gets NaN values and a note.

    References
    ----------
    Cross-check: about $60k per loaded northbound truck at the US-Mexico border
    (``shared/research/ports-and-parameters.md`` B10, derived from BTS and FHWA figures).
    """
    annual = annual_trade(trade_df, year)
    yr = int(annual.attrs["year"])
    truck = annual[annual["mode"] == "truck"]
    partner = (
        truck.groupby(["port_code", "country"])["value_usd"]
        .sum()
        .reset_index()
        .sort_values("value_usd")
        .drop_duplicates("port_code", keep="last")
        .set_index("port_code")["country"]
    )
    truck = truck.groupby(["port_code", "direction"], as_index=False)[["value_usd"]].sum()
    truck = truck.rename(columns={"value_usd": "truck_value_usd"})
    truck.insert(1, "country", truck["port_code"].map(partner))
    cross = crossings_df.copy()
    cross["port_code"] = cross["port_code"].astype(str).str.zfill(4)
    cross = cross[pd.to_datetime(cross["month"]).dt.year == yr]
    counts = cross.pivot_table(
        index="port_code", columns="measure", values="count", aggfunc="sum"
    ).reindex(columns=["Truck Containers Loaded", "Trucks"])
    counts.columns = ["loaded_nb", "trucks_nb"]
    out = truck.merge(counts, left_on="port_code", right_index=True, how="left")
    ratio = np.where(
        out["direction"] == "export", params.southbound_loaded_per_northbound_loaded, 1
    )
    out["loaded_trucks"] = out["loaded_nb"] * ratio
    out["trucks"] = out["trucks_nb"]
    out["value_usd_per_loaded_truck"] = out["truck_value_usd"] / out["loaded_trucks"].where(
        out["loaded_trucks"] > 0
    )
    out["value_usd_per_truck"] = out["truck_value_usd"] / out["trucks"].where(out["trucks"] > 0)
    out["note"] = np.where(
        out["value_usd_per_loaded_truck"].isna(),
        "no truck crossing counts for port " + out["port_code"] + f" in {yr}",
        "",
    )
    out.attrs["year"] = yr
    return out.drop(columns=["loaded_nb", "trucks_nb"])
