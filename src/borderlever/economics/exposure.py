"""Each side's exposed economy from the state tables: the states that carry the bilateral trade.

A border lever bites where the trade is made and used, not across a whole national economy.  The
exposed economy of each side is the GDP of the states that together carry at least a share ``X``
(registry row ``economics.exposure.trade_share_threshold``) of the US-Mexico trade, taken from the
largest down:

- **US**: US states by US goods trade with Mexico, exports (state of origin of movement) plus
  imports (state of destination), BTS TransBorder table 1 (the store's ``us_state_trade`` view);
  the unknown state (``DU``) is left out of the shares.
- **Mexico**: Mexican states by US exports to them (state of destination; the store's
  ``mex_state_trade`` view), the only Mexican state split TransBorder records.  US exports to
  Mexico are mostly inputs of export manufacturing (maquila/IMMEX plants import most of their
  inputs), so the states that receive them are the states that host export manufacturing;
  unknown states (``XX``, ``OT``, 24 % of 2023) are left out of the shares.  INEGI's exports by
  state of origin (ETEF) would measure Mexican exports directly; they are not in the store.

State GDP comes from ``economics/data/state_gdp.csv`` (BEA GDP by state, INEGI PIBE; each row with
unit, year, source and a range): each state's share of its national GDP, times the national GDP of
the store's ``gdp`` view (World Bank, current USD), so the exposed economy and the GDP shares the
report gives as context share one denominator.  A day's loss over the exposed GDP per day says how
hard the lever bites where it bites; it is a ratio of a loss to a yearly flow per day, not a
share of the exposed states' output that is lost (losses also fall outside those states).

References
----------
U.S. Bureau of Economic Analysis, GDP by state; INEGI, Producto Interno Bruto por Entidad
Federativa (sources row by row in ``economics/data/SOURCES.md``).
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import resources
from pathlib import Path

import pandas as pd

from borderlever.errors import DataError, raise_at_first_bad

STATE_GDP_FILE = "state_gdp.csv"
#: Unit of a US row (a level: divided by the national ``US`` row) and of a Mexican row (a share).
UNIT_USD = "USD million, 2023 Q4 SAAR"
UNIT_PERCENT = "percent of national GDP"
#: State codes that name no state, per side.
UNKNOWN_STATES = {"USA": ("DU",), "MEX": ("XX", "OT")}
_GDP_COLUMNS = ("country_iso3", "state", "state_name", "year", "value", "low", "high", "unit")


def load_state_gdp(path: str | Path | None = None) -> pd.DataFrame:
    """The state GDP table as shares of national GDP [-], with their ranges.

    Returns
    -------
    DataFrame
        ``country_iso3, state, state_name, year, gdp_share, gdp_share_low, gdp_share_high``
        (one row per state; the US national row is used as the denominator and dropped).

    Raises
    ------
    DataError
        The file lacks a column, a value is not a number, a range does not hold its value, a unit
        is unknown, or US rows come without the national ``US`` row.

    Examples
    --------
    >>> g = load_state_gdp()
    >>> round(float(g.set_index("state").loc["TX", "gdp_share"]), 3)
    0.094
    """
    if path is None:
        with resources.as_file(
            resources.files("borderlever.economics") / "data" / STATE_GDP_FILE
        ) as p:
            raw = pd.read_csv(p, dtype=str, keep_default_na=False)
        where = f"economics/data/{STATE_GDP_FILE}"
    else:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False)
        where = str(path)
    return state_gdp_shares(raw, where)


def state_gdp_shares(raw: pd.DataFrame, where: str = "state GDP table") -> pd.DataFrame:
    """Shares of national GDP [-] from a state GDP table in either unit (see :func:`load_state_gdp`).

    Examples
    --------
    >>> t = pd.DataFrame({"country_iso3": ["USA", "USA", "MEX"], "state": ["US", "TX", "CH"],
    ...     "state_name": ["US", "Texas", "Chihuahua"], "year": ["2023"] * 3,
    ...     "value": ["100", "10", "3.8"], "low": ["100", "9", "3.5"], "high": ["100", "11", "3.9"],
    ...     "unit": [UNIT_USD, UNIT_USD, UNIT_PERCENT]})
    >>> state_gdp_shares(t)["gdp_share"].round(3).tolist()
    [0.038, 0.1]
    """
    missing = [c for c in _GDP_COLUMNS if c not in raw.columns]
    if missing:
        raise DataError(
            f"state GDP table lacks columns {missing}", file=where, expected=str(list(_GDP_COLUMNS))
        )
    t = raw.loc[:, list(_GDP_COLUMNS)].copy()
    for col in ("value", "low", "high", "year"):
        num = pd.to_numeric(t[col], errors="coerce")
        raise_at_first_bad(
            num.isna().to_numpy(),
            t[col],
            "non-numeric value {value!r}",
            file=where,
            column=col,
            expected="a number",
        )
        t[col] = num
    raise_at_first_bad(
        ~((t["low"] <= t["value"]) & (t["value"] <= t["high"]) & (t["low"] >= 0)).to_numpy(),
        t["value"],
        "range does not hold its value {value!r}",
        file=where,
        column="low/high",
        expected="0 <= low <= value <= high",
    )
    raise_at_first_bad(
        (~t["unit"].isin([UNIT_USD, UNIT_PERCENT])).to_numpy(),
        t["unit"],
        "unknown unit {value!r}",
        file=where,
        column="unit",
        expected=f"{UNIT_USD!r} or {UNIT_PERCENT!r}",
    )
    return _as_shares(t, where)


def _as_shares(t: pd.DataFrame, where: str) -> pd.DataFrame:
    parts = []
    pct = t[t["unit"] == UNIT_PERCENT]
    if not pct.empty:
        parts.append(pct.assign(**{c: pct[c] / 100.0 for c in ("value", "low", "high")}))
    usd = t[t["unit"] == UNIT_USD]
    for iso3, rows in usd.groupby("country_iso3"):
        national = rows[rows["state"] == "US"]
        if len(national) != 1:
            raise DataError(
                f"{iso3} rows in {UNIT_USD!r} need one national row (state 'US')",
                file=where,
                column="state",
                expected="a row with state 'US' holding the national total",
            )
        total = float(national["value"].iloc[0])
        states = rows[rows["state"] != "US"]
        parts.append(states.assign(**{c: states[c] / total for c in ("value", "low", "high")}))
    out = pd.concat(parts, ignore_index=True) if parts else t.iloc[0:0]
    out = out.rename(
        columns={"value": "gdp_share", "low": "gdp_share_low", "high": "gdp_share_high"}
    )
    out["year"] = out["year"].astype(int)
    cols = ["country_iso3", "state", "state_name", "year", "gdp_share"]
    return out[[*cols, "gdp_share_low", "gdp_share_high"]].reset_index(drop=True)


def trade_by_state(
    us_state_trade: pd.DataFrame,
    mex_state_trade: pd.DataFrame | None,
    year: int,
    partner: str = "MEX",
) -> pd.DataFrame:
    """Each side's states by their part of the bilateral trade in ``year`` [USD; share].

    Parameters
    ----------
    us_state_trade : DataFrame
        The ``us_state_trade`` view: ``year, country, direction, us_state, us_state_name,
        value_usd``.
    mex_state_trade : DataFrame or None
        The ``mex_state_trade`` view: ``year, mex_state, mex_state_name, value_usd`` (None: the
        US side only).
    year : int
        Trade year.
    partner : str
        The US partner whose trade counts (``"MEX"``).

    Returns
    -------
    DataFrame
        ``country_iso3, state, state_name, trade_usd, trade_share`` (share of the side's trade
        with a known state, [0, 1]), largest first within each side.

    Examples
    --------
    >>> us = pd.DataFrame({"year": [2023] * 3, "country": ["MEX"] * 3,
    ...     "direction": ["export", "import", "export"], "us_state": ["TX", "TX", "DU"],
    ...     "us_state_name": ["Texas", "Texas", "Unknown"], "value_usd": [1.0, 3.0, 9.0]})
    >>> mx = pd.DataFrame({"year": [2023, 2023], "mex_state": ["CH", "XX"],
    ...     "mex_state_name": ["Chihuahua", "Unknown"], "value_usd": [2.0, 5.0]})
    >>> trade_by_state(us, mx, 2023)[["state", "trade_usd", "trade_share"]].values.tolist()
    [['TX', 4.0, 1.0], ['CH', 2.0, 1.0]]
    """
    us = us_state_trade[
        (us_state_trade["year"] == year)
        & (us_state_trade["country"] == partner)
        & ~us_state_trade["us_state"].isin(UNKNOWN_STATES["USA"])
    ]
    us_sum = pd.DataFrame(
        us.groupby(["us_state", "us_state_name"], as_index=False)["value_usd"].sum()
    )
    parts = [
        us_sum.rename(columns={"us_state": "state", "us_state_name": "state_name"}).assign(
            country_iso3="USA"
        )
    ]
    if partner == "MEX" and mex_state_trade is not None and not mex_state_trade.empty:
        mx = mex_state_trade[
            (mex_state_trade["year"] == year)
            & ~mex_state_trade["mex_state"].isin(UNKNOWN_STATES["MEX"])
        ]
        mx_sum = pd.DataFrame(
            mx.groupby(["mex_state", "mex_state_name"], as_index=False)["value_usd"].sum()
        )
        parts.append(
            mx_sum.rename(columns={"mex_state": "state", "mex_state_name": "state_name"}).assign(
                country_iso3="MEX"
            )
        )
    out = pd.concat(parts, ignore_index=True).rename(columns={"value_usd": "trade_usd"})
    out["trade_share"] = out["trade_usd"] / out.groupby("country_iso3")["trade_usd"].transform(
        "sum"
    )
    order = {"USA": 0, partner: 1}
    out = out.sort_values(
        ["country_iso3", "trade_usd"],
        key=lambda s: s.map(order) if s.name == "country_iso3" else -s,
    )
    cols = ["country_iso3", "state", "state_name", "trade_usd", "trade_share"]
    return out[cols].reset_index(drop=True)


def select_exposed(by_state: pd.DataFrame, threshold: float) -> pd.DataFrame:
    """The fewest states, largest first, whose trade shares reach ``threshold`` [-], per side.

    Examples
    --------
    >>> t = pd.DataFrame({"country_iso3": ["USA"] * 3, "state": ["TX", "CA", "MI"],
    ...     "state_name": ["Texas", "California", "Michigan"], "trade_usd": [5.0, 3.0, 2.0],
    ...     "trade_share": [0.5, 0.3, 0.2]})
    >>> select_exposed(t, 0.6)["state"].tolist(), select_exposed(t, 0.5)["state"].tolist()
    (['TX', 'CA'], ['TX'])
    """
    if not 0.0 < float(threshold) <= 1.0:
        raise DataError(
            f"trade share threshold {threshold!r} out of range",
            column="economics.exposure.trade_share_threshold",
            expected="a share in (0, 1]",
        )
    kept = []
    for _, side in by_state.groupby("country_iso3", sort=False):
        side = side.sort_values("trade_usd", ascending=False)
        before = side["trade_share"].cumsum() - side["trade_share"]
        kept.append(side[before < float(threshold) - 1e-12])
    return pd.concat(kept, ignore_index=True) if kept else by_state.iloc[0:0]


def exposed_gdp(
    selected: pd.DataFrame, gdp_shares: pd.DataFrame, national_gdp_usd: Mapping[str, float]
) -> pd.DataFrame:
    """Each side's exposed GDP per day [USD/day] with the range of its state GDP figures.

    Parameters
    ----------
    selected : DataFrame
        :func:`select_exposed` output.
    gdp_shares : DataFrame
        :func:`load_state_gdp` output.
    national_gdp_usd : mapping
        ISO3 -> national GDP [USD a year] (the run's ``gdp`` view, latest year).

    Returns
    -------
    DataFrame
        ``country_iso3, exposed_gdp_usd_per_day, exposed_gdp_low_usd_per_day,
        exposed_gdp_high_usd_per_day, exposed_gdp_share_of_national, exposed_trade_share,
        states`` (``states``: a list of ``{state, name, trade_share, gdp_share}``).

    Raises
    ------
    DataError
        A selected state has no GDP row, or a side has no national GDP.

    Examples
    --------
    >>> sel = pd.DataFrame({"country_iso3": ["USA"], "state": ["TX"], "state_name": ["Texas"],
    ...     "trade_usd": [5.0], "trade_share": [0.5]})
    >>> g = pd.DataFrame({"country_iso3": ["USA"], "state": ["TX"], "state_name": ["Texas"],
    ...     "year": [2023], "gdp_share": [0.1], "gdp_share_low": [0.09], "gdp_share_high": [0.11]})
    >>> float(exposed_gdp(sel, g, {"USA": 365e9})["exposed_gdp_usd_per_day"].iloc[0])
    100000000.0
    """
    merged = selected.merge(gdp_shares, on=["country_iso3", "state"], how="left")
    lacking = merged[merged["gdp_share"].isna()]
    if not lacking.empty:
        names = ", ".join(f"{r.country_iso3}:{r.state}" for r in lacking.itertuples())
        raise DataError(
            f"no GDP row for the exposed states {names}",
            file=f"economics/data/{STATE_GDP_FILE}",
            column="state",
            expected="a sourced row (unit, year, source, range) for every state the trade "
            "threshold selects, or a lower economics.exposure.trade_share_threshold",
        )
    rows = []
    for key, side in merged.groupby("country_iso3", sort=False):
        iso3 = str(key)
        if iso3 not in national_gdp_usd:
            raise DataError(
                f"no national GDP for {iso3}", file="gdp", expected="a row in the gdp view"
            )
        per_day = float(national_gdp_usd[iso3]) / 365.0
        states = [
            {
                "state": str(r.state),
                "name": str(r.state_name_y),
                "trade_share": float(str(r.trade_share)),
                "gdp_share": float(str(r.gdp_share)),
            }
            for r in side.itertuples()
        ]
        rows.append(
            (
                str(iso3),
                per_day * float(side["gdp_share"].sum()),
                per_day * float(side["gdp_share_low"].sum()),
                per_day * float(side["gdp_share_high"].sum()),
                float(side["gdp_share"].sum()),
                float(side["trade_share"].sum()),
                states,
            )
        )
    cols = [
        "country_iso3",
        "exposed_gdp_usd_per_day",
        "exposed_gdp_low_usd_per_day",
        "exposed_gdp_high_usd_per_day",
        "exposed_gdp_share_of_national",
        "exposed_trade_share",
        "states",
    ]
    return pd.DataFrame(rows, columns=cols)


def state_exposure(
    us_state_trade: pd.DataFrame,
    mex_state_trade: pd.DataFrame,
    gdp_shares: pd.DataFrame,
    national_gdp_usd: Mapping[str, float],
    threshold: float,
    year: int | None = None,
) -> pd.DataFrame:
    """Each side's exposed economy from the state tables (:func:`exposed_gdp` plus ``year``,
    ``threshold`` and a ``basis`` sentence); ``year`` defaults to the latest in both tables.

    Empty where the state tables are empty.
    """
    if us_state_trade is None or us_state_trade.empty:
        return pd.DataFrame()
    years = set(us_state_trade["year"].astype(int))
    if mex_state_trade is not None and not mex_state_trade.empty:
        years &= set(mex_state_trade["year"].astype(int))
    if not years:
        return pd.DataFrame()
    yr = int(year) if year is not None and int(year) in years else max(years)
    by_state = trade_by_state(us_state_trade, mex_state_trade, yr)
    out = exposed_gdp(select_exposed(by_state, threshold), gdp_shares, national_gdp_usd)
    out["trade_year"] = yr
    out["threshold"] = float(threshold)
    out["basis"] = [
        f"GDP of the {len(s)} states carrying {share:.0%} of "
        f"{'US-Mexico trade (exports by origin, imports by destination)' if iso3 == 'USA' else 'US exports to Mexico (by destination state)'}"
        f" in {yr}, the fewest reaching {threshold:.0%}: {', '.join(x['state'] for x in s)}"
        for iso3, share, s in zip(
            out["country_iso3"], out["exposed_trade_share"], out["states"], strict=True
        )
    ]
    return out
