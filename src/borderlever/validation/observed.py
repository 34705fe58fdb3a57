"""Observed changes during past episodes, with the band ordinary years put around them (pure).

For an episode's months at a port (or a pooled group of ports, e.g. ``2401+2402`` where BTS
merges Ysleta into El Paso before 2020) and a BTS measure:

* observed change: the count over the episode months against the same months a year earlier,
  or, where that year is a pandemic year (2020-2021) or in ``skip_years`` (another episode at
  the same ports), against the latest clean year before it (a gap of L years);
* expected change: the median of the same L-year change over reference years (the up to
  ``ref_years`` earlier pairs of years, neither a pandemic year nor in ``skip_years``);
* net change = (1 + observed) / (1 + expected) - 1: what the episode did beyond normal growth;
* band = net change +- ``k`` standard deviations of the net change of the reference years
  themselves (ordinary year-to-year variation), i.e. where a model's change is
  indistinguishable from what was observed.

References
----------
Hyndman, R. J. & Athanasopoulos, G. (2021). Forecasting: Principles and Practice, 3rd ed.,
section 5.2 (seasonal naive benchmark; here with a drift taken from the same months of earlier
years).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from borderlever.errors import ConfigError

#: Years left out of the reference years (pandemic travel restrictions, 2020-03 to 2021-11).
PANDEMIC_YEARS = (2020, 2021)


@dataclass(frozen=True)
class ObservedChange:
    """An episode's observed change at a port and its band (shares, e.g. -0.05 = 5 % fewer)."""

    observed_yoy: float
    expected_yoy: float
    gap_years: int  # 0: against the neighbouring months (observed_change_neighbours)
    net: float
    sd: float
    band_low: float
    band_high: float
    n_ref: int
    episode_count: float


def _sum_months(series: pd.Series, months: list[pd.Timestamp]) -> float:
    vals = series.reindex(months)
    return float(vals.sum()) if vals.notna().all() and len(vals) else float("nan")


def observed_change(
    series: pd.Series,
    months: list[str] | list[pd.Timestamp],
    *,
    ref_years: int = 8,
    k: float = 2.0,
    skip_years: tuple[int, ...] = (),
) -> ObservedChange:
    """Observed change of a monthly count over ``months`` and its band from ordinary years.

    Parameters
    ----------
    series : Series
        Monthly counts indexed by month start (Timestamp) [vehicles/month].
    months : list
        The episode's months (``'2019-04'`` or Timestamps), all in one calendar year.
    ref_years : int
        At most this many earlier reference years.
    k : float
        Half-width of the band in standard deviations of the reference years' net change.
    skip_years : tuple of int
        Years never used as a reference base or target (other episodes at the same ports).

    Examples
    --------
    >>> idx = pd.date_range("2010-01-01", "2019-12-01", freq="MS")
    >>> s = pd.Series(100.0 * 1.05 ** ((idx.year - 2010) + idx.month / 12), index=idx)
    >>> s.loc["2019-04-01"] *= 0.9
    >>> c = observed_change(s, ["2019-04"])
    >>> round(c.net, 3), round(c.expected_yoy, 3), c.n_ref, c.gap_years
    (-0.1, 0.05, 8, 1)
    >>> observed_change(s, ["2019-04"], skip_years=(2018,)).gap_years  # against 2017
    2
    """
    ms = [pd.Timestamp(m).to_period("M").to_timestamp() for m in months]
    if not ms:
        raise ConfigError("observed_change: give at least one month")
    year = ms[0].year
    if any(m.year != year for m in ms):
        raise ConfigError(f"observed_change: months {months} span more than one calendar year")
    s = series.sort_index()

    skip = set(PANDEMIC_YEARS) | set(skip_years)
    gap = 1
    while year - gap in skip:
        gap += 1

    def yoy(y: int) -> float:
        cur = _sum_months(s, [m.replace(year=y) for m in ms])
        prev = _sum_months(s, [m.replace(year=y - gap) for m in ms])
        return cur / prev - 1.0 if prev > 0 and np.isfinite(cur) else float("nan")

    ref: list[float] = []
    for y in range(year - 1, year - 1 - 3 * ref_years, -1):
        if len(ref) >= ref_years:
            break
        if y in skip or (y - gap) in skip:
            continue
        v = yoy(y)
        if np.isfinite(v):
            ref.append(v)
    obs = yoy(year)
    episode = _sum_months(s, ms)
    if not ref or not np.isfinite(obs):
        nan = float("nan")
        return ObservedChange(obs, nan, gap, nan, nan, nan, nan, len(ref), episode)
    g = float(np.median(ref))
    net_ref = (1.0 + np.asarray(ref)) / (1.0 + g) - 1.0
    sd = float(np.std(net_ref, ddof=1)) if len(ref) > 1 else float("nan")
    net = (1.0 + obs) / (1.0 + g) - 1.0
    return ObservedChange(obs, g, gap, net, sd, net - k * sd, net + k * sd, len(ref), episode)


def observed_change_neighbours(
    series: pd.Series,
    month: str | pd.Timestamp,
    *,
    ref_years: int = 8,
    k: float = 2.0,
    skip_years: tuple[int, ...] = (),
) -> ObservedChange:
    """Observed change of one month against its neighbours, beyond the month's usual ratio.

    For a one-month episode in a year whose year-earlier comparison is unusable (2022 against
    pandemic 2021, when Canada still required tests of travellers): expected count =
    mean(previous, next month) x the median ratio of that calendar month to its neighbours in
    the reference years; the band is +- ``k`` s.d. of that ratio's net deviation in the
    reference years (the method of the 2022 Texas replay's calibration).  The next month may
    hold some of the episode's make-up, so the net change leans negative.

    Examples
    --------
    >>> idx = pd.date_range("2010-01-01", "2022-12-01", freq="MS")
    >>> s = pd.Series(100.0 + (idx.month == 2) * 5.0, index=idx)
    >>> s.loc["2022-02-01"] = 84.0
    >>> round(observed_change_neighbours(s, "2022-02").net, 3)
    -0.2
    """
    m = pd.Timestamp(month).to_period("M").to_timestamp()
    s = series.sort_index()
    skip = set(PANDEMIC_YEARS) | set(skip_years)

    def ratio(y: int) -> float:
        mm = m.replace(year=y)
        prev, nxt = mm - pd.offsets.MonthBegin(1), mm + pd.offsets.MonthBegin(1)
        vals = s.reindex([prev, mm, nxt])
        if vals.isna().any() or (vals.iloc[0] + vals.iloc[2]) <= 0:
            return float("nan")
        return float(vals.iloc[1] / (0.5 * (vals.iloc[0] + vals.iloc[2])))

    ref: list[float] = []
    for y in range(m.year - 1, m.year - 1 - 3 * ref_years, -1):
        if len(ref) >= ref_years:
            break
        if y not in skip and np.isfinite(r := ratio(y)):
            ref.append(r)
    obs = ratio(m.year)
    episode = float(s.get(m, float("nan")))
    if not ref or not np.isfinite(obs):
        nan = float("nan")
        return ObservedChange(obs - 1.0, nan, 0, nan, nan, nan, nan, len(ref), episode)
    g = float(np.median(ref))
    net_ref = np.asarray(ref) / g - 1.0
    sd = float(np.std(net_ref, ddof=1)) if len(ref) > 1 else float("nan")
    net = obs / g - 1.0
    return ObservedChange(
        obs - 1.0, g - 1.0, 0, net, sd, net - k * sd, net + k * sd, len(ref), episode
    )


def port_series(crossings: pd.DataFrame, ports: str, measure: str) -> pd.Series:
    """Monthly count of ``measure`` summed over ``ports`` ('2304' or a pooled '2401+2402').

    ``crossings`` is the store view ``port_month_crossings`` (port_code, month, measure, count).

    Examples
    --------
    >>> df = pd.DataFrame({"port_code": ["2401", "2402"], "month": ["2021-01-01"] * 2,
    ...                    "measure": ["Trucks"] * 2, "count": [3, 4]})
    >>> port_series(df, "2401+2402", "Trucks").tolist()
    [7.0]
    """
    codes = ports.split("+")
    df = crossings[
        crossings["port_code"].astype(str).isin(codes) & (crossings["measure"] == measure)
    ]
    month = pd.to_datetime(df["month"]).dt.to_period("M").dt.to_timestamp()
    return df.assign(month=month).groupby("month")["count"].sum().astype(float)
