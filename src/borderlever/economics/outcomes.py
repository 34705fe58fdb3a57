"""Trade blocked and trade delayed: what a policy did to the trade that would have crossed.

"Trade at stake" (:func:`borderlever.economics.trade.trade_at_stake`) is the gross value that
normally crosses the affected ports by the affected modes during the policy window: an exposure,
the same for a closure and a slowdown of the same ports and days.  What the policy *did* is
measured against the same-seed no-policy run (common random numbers), per replication, port, mode,
direction and partner, with the value per vehicle of :func:`~borderlever.economics.costs.vehicle_values`:

- ``baseline_usd``: value the no-policy run delivered in the window (vehicles served x value);
- ``blocked_usd``: value the no-policy run delivered in the window that the policy run did not:
  ``max(0, baseline - served)``, netted over the ports of a mode, direction and partner (a truck
  diverted to a neighbouring simulated port crossed); ``delivered_usd = baseline - blocked``, so
  ``blocked + delivered = baseline`` exactly;
- ``delayed_usd``: value that crossed, but later than it would have: value served in the window on
  port-days whose queueing exceeded the no-policy run's (an upper bound: every vehicle of such a
  day counts, though not each waited longer), plus blocked value that crossed after the window
  (catch-up, up to the horizon; at most ``blocked_usd``);
- ``delay_value_usd_h``: value x hours of delay: excess queueing (vehicle hours beyond the
  no-policy run's) plus 24 h per day a deferred vehicle (net of the no-policy run's) waits outside
  the port [USD h].

A policy that changes nothing leaves the two runs identical and every figure here exactly 0.
Southbound (US export) trucks are not simulated: exports are blocked and delayed after the window in
the northbound proportions, without queueing delay (:mod:`borderlever.economics.costs`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from borderlever.economics.costs import backlog, check_daily, excess_wait, vehicle_values
from borderlever.economics.trade import annual_trade, days_in_year

#: Columns of :func:`trade_outcomes`.
OUTCOME_COLUMNS = [
    "replication",
    "mode",
    "direction",
    "country",
    "baseline_usd",
    "delivered_usd",
    "blocked_usd",
    "delayed_usd",
    "delay_value_usd_h",
]


def _day_flows(daily_df: pd.DataFrame) -> pd.DataFrame:
    """Freight flows per replication, port, mode and day with ``expected`` (the no-policy run's
    served vehicles), ``excess_wait_h`` and the deferred ``backlog`` net of the no-policy run's."""
    f = backlog(check_daily(daily_df))
    base = f["baseline_served"] if "baseline_served" in f else pd.Series(np.nan, index=f.index)
    f["expected"] = np.where(np.isfinite(base), base, f["baseline_arrivals"])
    f["excess_wait_h"] = excess_wait(f, None)
    return f


def trade_outcomes(
    daily_df: pd.DataFrame,
    trade_df: pd.DataFrame,
    window_days: tuple[int, int],
    year: int | None = None,
) -> pd.DataFrame:
    """Trade blocked, delivered and delayed per replication, mode, direction and partner [USD].

    Parameters
    ----------
    daily_df : DataFrame
        ``SimResult.daily`` with the simulator's same-seed ``baseline_*`` columns.
    trade_df : DataFrame
        ``port_year_trade`` view (value per vehicle).
    window_days : (int, int)
        Policy window ``[first day, last day + 1)`` [scenario days]; clipped to the simulated days.
    year : int, optional
        Trade year; default the latest full year.

    Returns
    -------
    DataFrame
        :data:`OUTCOME_COLUMNS` (definitions in the module docstring) [USD; USD h].

    Examples
    --------
    Three trucks a day of 1 M USD each; on day 1 the policy run serves one of three, the other two
    cross on day 2:

    >>> d = pd.DataFrame({"replication": 0, "port_code": "2304", "vehicle_class":
    ...     "truck_standard", "day": [0, 1, 2], "baseline_arrivals": 3.0, "arrivals": 3.0,
    ...     "served": [3.0, 1.0, 5.0], "wait_vehicle_h": 0.0, "deferred": 0.0, "cancelled": 0.0,
    ...     "diverted_out": 0.0, "diverted_in": 0.0, "queue_end": [0.0, 2.0, 0.0],
    ...     "baseline_served": 3.0, "baseline_wait_vehicle_h": 0.0})
    >>> t = pd.DataFrame({"port_code": "2304", "year": 2023, "direction": "import",
    ...     "mode": "truck", "hs2": "87", "value_usd": [3e6 * 365], "months_covered": 12,
    ...     "country": "MEX"})
    >>> r = trade_outcomes(d, t, (1, 2))
    >>> r[["baseline_usd", "blocked_usd", "delivered_usd", "delayed_usd"]].iloc[0].tolist()
    [3000000.0, 2000000.0, 1000000.0, 2000000.0]
    """
    f = _day_flows(daily_df)
    if f.empty:
        return pd.DataFrame(columns=OUTCOME_COLUMNS)
    annual = annual_trade(trade_df, year)
    values = vehicle_values(annual, f, days_in_year(int(annual.attrs["year"])))
    per = values.groupby(["port_code", "mode", "country", "direction"], as_index=False)[
        "value_usd_per_vehicle"
    ].sum()
    d0, d1 = int(window_days[0]), int(window_days[1])
    m = f.merge(per, on=["port_code", "mode"], how="inner")
    v = m["value_usd_per_vehicle"].to_numpy(dtype=float)
    day = m["day"].to_numpy()
    inside = (day >= d0) & (day < d1)
    after = day >= d1
    is_import = (m["direction"] == "import").to_numpy()
    served, expected = m["served"].to_numpy(dtype=float), m["expected"].to_numpy(dtype=float)
    slow = is_import & (m["excess_wait_h"].to_numpy(dtype=float) > 0.0)
    parts = m[["replication", "mode", "direction", "country"]].copy()
    parts["baseline_usd"] = np.where(inside, expected * v, 0.0)
    parts["served_usd"] = np.where(inside, served * v, 0.0)
    parts["late_in_window_usd"] = np.where(inside & slow, served * v, 0.0)
    parts["catch_up_usd"] = np.where(after, (served - expected) * v, 0.0)
    hours = np.where(is_import, m["excess_wait_h"], 0.0) + 24.0 * m["backlog"].to_numpy(float)
    parts["delay_value_usd_h"] = hours * v
    keys = ["replication", "mode", "direction", "country"]
    g = parts.groupby(keys, as_index=False)[
        ["baseline_usd", "served_usd", "late_in_window_usd", "catch_up_usd", "delay_value_usd_h"]
    ].sum()
    base = g["baseline_usd"].to_numpy(dtype=float)
    blocked = np.clip(base - g["served_usd"].to_numpy(dtype=float), 0.0, base)
    g["blocked_usd"] = blocked
    g["delivered_usd"] = base - blocked
    catch = np.clip(g["catch_up_usd"].to_numpy(dtype=float), 0.0, blocked)
    g["delayed_usd"] = np.minimum(g["late_in_window_usd"], base - blocked) + catch
    return g[OUTCOME_COLUMNS].sort_values(keys).reset_index(drop=True)


def outcomes_by_replication(outcomes: pd.DataFrame, replications: int) -> pd.DataFrame:
    """Sum of :func:`trade_outcomes` per replication (0 .. replications - 1; zero where absent)."""
    cols = OUTCOME_COLUMNS[4:]
    tot = outcomes.groupby("replication")[cols].sum()
    return tot.reindex(np.arange(replications), fill_value=0.0).rename_axis("replication")


__all__ = ["OUTCOME_COLUMNS", "outcomes_by_replication", "trade_outcomes"]
