"""Bring the 2011 input-output table to the trade year: bi-proportional balancing (GRAS).

The WIOD 2013 release ends in 2011; US-Mexico goods trade has grown by about 1.6-1.8 times since.
:func:`scale_table` updates the table in two steps:

1. Region totals.  The 4 x 4 matrix of deliveries between regions (intermediate plus final) gets
   new margins: each region's sales and purchases grow with its nominal GDP in US dollars
   (World Bank, the store's ``gdp`` view), and the cells of the US-neighbour goods trade are
   fixed at the trade year's bilateral goods trade (plus the table's services in that cell,
   grown with the exporter's GDP).  The free cells are balanced to the margins by GRAS.
2. Sectors.  Every block of Z and Y is scaled by its cell's factor; in the fixed bilateral cells
   the goods rows (c1-c16) take the goods-trade factor and the service rows the GDP factor, so
   the table's sector structure within each block is kept.

Output is then the new row total, value added the residual (output less intermediate inputs);
:attr:`ScaledTable.residual` compares each region's value added with its GDP target (value added
at basic prices is not GDP: the ratio of the two in 2011 is the benchmark) and reports the margin
errors of the balancing.

References
----------
Junius, T. and Oosterhaven, J. (2003), "The solution of updating or regionalizing a matrix with
both positive and negative entries", Economic Systems Research 15(1): 87-96.
Lenzen, M., Wood, R. and Gallego, B. (2007), "Some comments on the GRAS method", Economic Systems
Research 19(4): 461-465.
Temurshoev, U., Miller, R. E. and Bouwmeester, M. C. (2013), "A note on the GRAS method",
Economic Systems Research 25(3): 361-367 (the algorithm used here).
Miller, R. E. and Blair, P. D. (2009), Input-Output Analysis, 2nd ed., section 7.4 (RAS).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from borderlever.economics.inputoutput import IOTable
from borderlever.errors import DataError

GOODS = tuple(f"c{i}" for i in range(1, 17))


def gras(
    M0: np.ndarray,
    row_targets: np.ndarray,
    col_targets: np.ndarray,
    tol: float = 1e-12,
    max_iter: int = 10_000,
) -> np.ndarray:
    """Balance ``M0`` (entries of any sign) to new row and column sums [units of M0].

    ``M = r̂ P ŝ - r̂⁻¹ N ŝ⁻¹`` with ``P``/``N`` the positive part and the magnitude of the negative
    part of ``M0``; with no negative entries this is RAS (``M = r̂ M0 ŝ``).

    Raises
    ------
    DataError
        Row and column targets do not have the same total, or the balancing does not converge.

    Examples
    --------
    Miller & Blair (2009) section 7.4 style: balance a 2 x 2 matrix to new margins.

    >>> M = gras(np.array([[10., 20.], [30., 40.]]), np.array([40., 60.]), np.array([45., 55.]))
    >>> M.sum(axis=1).round(9).tolist(), M.sum(axis=0).round(9).tolist()
    ([40.0, 60.0], [45.0, 55.0])
    """
    M0 = np.asarray(M0, float)
    u, v = np.asarray(row_targets, float), np.asarray(col_targets, float)
    if not np.isclose(u.sum(), v.sum(), rtol=1e-9):
        raise DataError(
            "row and column targets differ in total",
            expected=f"equal totals (rows {u.sum():.6g}, columns {v.sum():.6g})",
        )
    P, N = np.clip(M0, 0, None), np.clip(-M0, 0, None)
    r, s = np.ones(len(u)), np.ones(len(v))
    for _ in range(max_iter):
        s = _step(P, N, r, v, axis=0)
        r = _step(P, N, s, u, axis=1)
        M = r[:, None] * P * s[None, :] - N / r[:, None] / s[None, :]
        err = max(np.abs(M.sum(axis=1) - u).max(), np.abs(M.sum(axis=0) - v).max())
        if err <= tol * max(1.0, float(np.abs(u).max())):
            return M
    raise DataError("GRAS did not converge", expected=f"margins within {tol:g} (last {err:.3g})")


def _step(
    P: np.ndarray, N: np.ndarray, other: np.ndarray, target: np.ndarray, axis: int
) -> np.ndarray:
    """One GRAS half-step: the multipliers of ``axis`` given the other side's."""
    if axis == 0:
        p, n = (other[:, None] * P).sum(axis=0), (N / other[:, None]).sum(axis=0)
    else:
        p, n = (P * other[None, :]).sum(axis=1), (N / other[None, :]).sum(axis=1)
    out = np.ones_like(target)
    ok = p > 0
    out[ok] = (target[ok] + np.sqrt(target[ok] ** 2 + 4 * p[ok] * n[ok])) / (2 * p[ok])
    only_neg = (~ok) & (n > 0) & (target < 0)
    out[only_neg] = -n[only_neg] / target[only_neg]
    return out


@dataclass(frozen=True)
class ScaledTable:
    """A table brought to the trade year, with what the balancing left over.

    Attributes
    ----------
    io : IOTable
        The scaled table (``year`` = trade year) [USD million].
    residual : DataFrame
        Per region: ``gdp_growth`` (target factor), ``va_usd_m`` (new value added),
        ``va_target_usd_m`` (2011 value added x GDP growth), ``va_gap_share`` (new / target - 1),
        and per fixed cell ``goods_factor`` (trade-year goods trade / table goods flow).
    """

    io: IOTable
    residual: pd.DataFrame


def region_flows(io: IOTable) -> np.ndarray:
    """(R, R) deliveries from region a to region b, intermediate plus final [table units]."""
    regions = list(dict.fromkeys(io.regions))
    y_reg = np.array([lab.split("_", 1)[0] for lab in io.y_labels])
    out = np.zeros((len(regions), len(regions)))
    for a, ra in enumerate(regions):
        rows = io.regions == ra
        for b, rb in enumerate(regions):
            out[a, b] = (
                io.Z[np.ix_(rows, io.regions == rb)].sum() + io.Y[np.ix_(rows, y_reg == rb)].sum()
            )
    return out


def scale_table(
    io: IOTable,
    gdp_growth: Mapping[str, float],
    goods_trade_usd: Mapping[tuple[str, str], float],
    year: int,
) -> ScaledTable:
    """Scale ``io`` to ``year``: GDP growth for region totals, bilateral goods trade fixed.

    Parameters
    ----------
    io : IOTable
        Table in USD million.
    gdp_growth : mapping
        Region -> nominal GDP in the trade year / in the table year [-], for every region.
    goods_trade_usd : mapping
        (exporter, importer) -> goods trade in the trade year [USD] (e.g. US imports from Mexico).
    year : int
        Trade year.

    Raises
    ------
    DataError
        A region lacks a GDP growth factor.
    """
    regions = list(dict.fromkeys(io.regions))
    missing = [r for r in regions if r not in gdp_growth]
    if missing:
        raise DataError(f"no GDP growth for {missing}", expected="every region of the table")
    g = np.array([float(gdp_growth[r]) for r in regions])
    T0 = region_flows(io)
    y_reg = np.array([lab.split("_", 1)[0] for lab in io.y_labels])
    goods_rows = np.isin(io.sectors, GOODS)
    fixed = np.full(T0.shape, np.nan)
    goods_factor: dict[tuple[str, str], float] = {}
    for (ex, im), value in goods_trade_usd.items():
        if ex not in regions or im not in regions:
            continue
        a, b = regions.index(ex), regions.index(im)
        rows = io.regions == ex
        goods0 = (
            io.Z[np.ix_(rows & goods_rows, io.regions == im)].sum()
            + io.Y[np.ix_(rows & goods_rows, y_reg == im)].sum()
        )
        services0 = T0[a, b] - goods0
        fixed[a, b] = value / 1e6 + services0 * g[a]
        goods_factor[(ex, im)] = value / 1e6 / goods0 if goods0 > 0 else np.nan
    u, v = T0.sum(axis=1) * g, T0.sum(axis=0) * g
    v = v * u.sum() / v.sum()  # equal totals: the purchase side absorbs the (small) difference
    free = np.isnan(fixed)
    M0 = np.where(free, T0, 0.0)
    fixed0 = np.nan_to_num(fixed)
    T = gras(M0, u - fixed0.sum(axis=1), v - fixed0.sum(axis=0)) + fixed0
    factor = np.where(T0 > 0, T / np.where(T0 > 0, T0, 1.0), 1.0)
    Z, Y = io.Z.copy(), io.Y.copy()
    for a, ra in enumerate(regions):
        rows = io.regions == ra
        for b, rb in enumerate(regions):
            cols, ycols = io.regions == rb, y_reg == rb
            if (ra, rb) in goods_factor and np.isfinite(goods_factor[(ra, rb)]):
                f_rows = np.where(goods_rows[rows], goods_factor[(ra, rb)], g[a])
                Z[np.ix_(rows, cols)] *= f_rows[:, None]
                Y[np.ix_(rows, ycols)] *= f_rows[:, None]
            else:
                Z[np.ix_(rows, cols)] *= factor[a, b]
                Y[np.ix_(rows, ycols)] *= factor[a, b]
    x = Z.sum(axis=1) + Y.sum(axis=1)
    scaled = IOTable(Z, Y, x, io.labels, io.y_labels, year)
    return ScaledTable(scaled, _residual(io, scaled, regions, g, goods_factor))


def _residual(
    old: IOTable,
    new: IOTable,
    regions: list[str],
    g: np.ndarray,
    goods_factor: Mapping[tuple[str, str], float],
) -> pd.DataFrame:
    rows = []
    for a, r in enumerate(regions):
        sel = old.regions == r
        va_old = float((old.va_coefficients * old.x)[sel].sum())
        va_new = float((new.va_coefficients * new.x)[sel].sum())
        rows.append(
            {
                "region": r,
                "gdp_growth": g[a],
                "va_usd_m": va_new,
                "va_target_usd_m": va_old * g[a],
                "va_gap_share": va_new / (va_old * g[a]) - 1.0 if va_old > 0 else np.nan,
            }
        )
    out = pd.DataFrame(rows)
    for (ex, im), f in goods_factor.items():
        out.loc[out["region"] == ex, f"goods_factor_to_{im}"] = f
    return out


def gdp_growth(gdp_df: pd.DataFrame, table_year: int, year: int) -> tuple[dict[str, float], int]:
    """Nominal GDP growth [-] of USA, MEX, CAN and the rest of the world (``WLD`` less the three)
    from ``table_year`` to ``year`` (or the latest year the ``gdp`` view has before it).

    Returns
    -------
    growth : dict
        Region -> GDP(year) / GDP(table_year).
    gdp_year : int
        The year actually used.

    Raises
    ------
    DataError
        The view lacks one of the countries or ``WLD`` in either year.
    """
    need = ["USA", "MEX", "CAN", "WLD"]
    g = gdp_df[gdp_df["country_iso3"].isin(need) & gdp_df["gdp_usd"].notna()]
    years = sorted(set(g["year"]))
    usable = [
        y for y in years if y <= year and set(g.loc[g["year"] == y, "country_iso3"]) >= set(need)
    ]
    if table_year not in years or not usable:
        raise DataError(
            "GDP for the table year or the trade year is missing",
            file="gdp",
            expected=f"rows for {need} in {table_year} and in a year up to {year}",
        )
    gdp_year = max(usable)
    p = g.pivot_table(index="country_iso3", columns="year", values="gdp_usd", aggfunc="first")
    out = {c: float(p.loc[c, gdp_year] / p.loc[c, table_year]) for c in ("USA", "MEX", "CAN")}
    rest = p.loc["WLD"] - p.loc[["USA", "MEX", "CAN"]].sum()
    out["ROW"] = float(rest[gdp_year] / rest[table_year])
    return out, int(gdp_year)


def goods_targets(totals_df: pd.DataFrame, year: int) -> dict[tuple[str, str], float]:
    """(exporter, importer) -> US goods trade with each neighbour in ``year`` [USD] from the
    ``us_trade_totals`` view (``year, country, direction ('import'|'export' = US), value_usd``)."""
    t = totals_df[totals_df["year"] == year]
    out: dict[tuple[str, str], float] = {}
    for country, direction, value in zip(t["country"], t["direction"], t["value_usd"], strict=True):
        key = (str(country), "USA") if direction == "import" else ("USA", str(country))
        out[key] = out.get(key, 0.0) + float(value)
    return out
