"""Demand profiles: monthly BTS counts -> days (day-of-week weights) -> hours (time-of-day profile).

All profiles are relative weights; only their shape matters.  They are documented assumptions:

* Trucks, time of day: low 6-10 a.m., rising after noon, peak 1-7 p.m., taper to close
  (ports-and-parameters.md B9: CBP Laredo "8-11 a.m. ... minimal traffic"; El Paso "two-thirds of
  our shipments ... from 1 p.m. to 11 p.m.").  Restricted to the port's open hours, about 75 % of a
  weekday's trucks at an 8-22 port arrive from 1 p.m. on, and the peak hour is about 1.3x the mean.
* Trucks, day of week: Tuesday busiest (B9, CBP Laredo), Saturday about half a weekday, Sunday low.
* Personal vehicles and pedestrians: morning commuter peak 6-9 a.m. and afternoon peak 2-7 p.m.,
  night trough (shape of the CBP BWT San Ysidro hourly averages in
  ``raw/bts_border_crossing/cbp_wait_times``; confidence L); Friday/Saturday busier.
* Buses and trains: flat.

Arrivals only fall in the port's normal open hours: the monthly count is spread over the hours the
class normally operates (a truck does not come to a port that is normally closed).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

_TRUCK_HOURLY = np.array(
    [0.3] * 6 + [0.6] * 4 + [0.9] * 2 + [1.2] + [1.6] * 6 + [1.1] * 3 + [0.5] * 2, dtype=float
)
_POV_HOURLY = np.array(
    [0.2] * 5 + [0.6] + [1.3] * 3 + [1.0] * 5 + [1.3] * 5 + [0.9] * 3 + [0.5] * 2, dtype=float
)
_FLAT_HOURLY = np.ones(24)

#: Relative weight by ISO weekday Monday=0 ... Sunday=6.
_TRUCK_DOW = np.array([1.0, 1.05, 1.0, 1.0, 1.0, 0.55, 0.2])
_POV_DOW = np.array([0.95, 0.95, 0.95, 1.0, 1.1, 1.1, 0.95])
_FLAT_DOW = np.ones(7)

#: Profile family by vehicle class.
CLASS_PROFILE: dict[str, str] = {
    "truck_standard": "truck",
    "truck_fast": "truck",
    "pov_standard": "pov",
    "pov_ready": "pov",
    "pov_sentri": "pov",
    "pedestrian": "pov",
    "bus": "flat",
    "rail": "flat",
}
HOURLY_PROFILE: dict[str, NDArray[np.float64]] = {
    "truck": _TRUCK_HOURLY,
    "pov": _POV_HOURLY,
    "flat": _FLAT_HOURLY,
}
DOW_PROFILE: dict[str, NDArray[np.float64]] = {
    "truck": _TRUCK_DOW,
    "pov": _POV_DOW,
    "flat": _FLAT_DOW,
}


def open_mask(
    hour_of_day: NDArray[np.int64], open_h: NDArray[np.int64], close_h: NDArray[np.int64]
) -> NDArray[np.bool_]:
    """True where ``open_h <= hour < close_h`` (``open == close`` means closed all day).

    Examples
    --------
    >>> open_mask(np.arange(24), np.array(8), np.array(22)).sum()
    np.int64(14)
    """
    return (hour_of_day >= open_h) & (hour_of_day < close_h)


def hourly_rates(
    monthly_count: NDArray[np.float64],
    weekday: NDArray[np.int64],
    is_open: NDArray[np.bool_],
    profile: str,
) -> NDArray[np.float64]:
    """Spread monthly counts over the hours of a horizon [vehicles/h].

    Parameters
    ----------
    monthly_count : array (n_days,)
        The month's count for the month each horizon day falls in [vehicles/month].
    weekday : array (n_days,)
        ISO weekday of each day, Monday = 0.
    is_open : bool array (n_days, 24)
        Normal opening hours of the class.
    profile : {'truck', 'pov', 'flat'}
        Profile family.

    Returns
    -------
    array (n_days * 24,)
        Mean arrivals per hour; a day's weight is its day-of-week weight times its open-hour share,
        normalised over a mean week so a month keeps (about) its count.

    Examples
    --------
    >>> wk = np.arange(7)
    >>> r = hourly_rates(np.full(7, 3000.0), wk, np.ones((7, 24), bool), "flat")
    >>> round(float(r.sum() * 30.4375 / 7), 1)
    3000.0
    """
    hw = HOURLY_PROFILE[profile]
    dw = DOW_PROFILE[profile]
    # mean daily weight over a normal week with these open hours: days with no open hour get none
    day_open = np.asarray(is_open.any(axis=1), dtype=bool)
    week_weight = np.zeros(7)
    for d in range(7):
        rows = np.flatnonzero(weekday == d)
        week_weight[d] = dw[d] * (day_open[rows].mean() if rows.size else 1.0)
    per_day = monthly_count / 30.4375  # mean days per month
    day_factor = np.where(day_open, dw[weekday] / max(week_weight.mean(), 1e-12), 0.0)
    hour_w = np.where(is_open, hw[None, :], 0.0)
    hour_share = hour_w / np.maximum(hour_w.sum(axis=1, keepdims=True), 1e-12)
    return (per_day[:, None] * day_factor[:, None] * hour_share).ravel()


def peak_hour_rate(monthly_count: float, open_hours: NDArray[np.int64], profile: str) -> float:
    """Busiest hour's mean arrivals [vehicles/h] in a normal week for a monthly count.

    ``open_hours`` is an int array (3, 2) of (open, close) hours for weekday, Saturday, Sunday.

    Examples
    --------
    >>> hrs = np.array([[0, 24], [0, 24], [0, 24]])
    >>> round(peak_hour_rate(30437.5, hrs, "flat"), 2)
    41.67
    """
    weekday = np.arange(7)
    day_type = np.array([0, 0, 0, 0, 0, 1, 2])
    hod = np.arange(24)
    is_open = np.stack([open_mask(hod, open_hours[t, 0], open_hours[t, 1]) for t in day_type])
    rates = hourly_rates(np.full(7, float(monthly_count)), weekday, is_open, profile)
    return float(rates.max())
