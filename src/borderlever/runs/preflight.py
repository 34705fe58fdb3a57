"""Checks against the store that run before any simulation: dates and the trade year.

- **Dates**: a horizon month with no BTS crossing counts for the chosen ports takes the same
  calendar month of the latest year that has them (docs/sim.md).  That substitution is reported
  (a warning before the run, a note in the report).  A start before the first month of counts
  (the model would put later years' traffic into the past) or more than
  :data:`MAX_YEARS_AHEAD` years after the last (no basis for demand that far ahead) is refused.
- **Trade year**: ``economics.trade_year`` must be a year the store has trade values for.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pandas as pd

from borderlever.errors import ConfigError

#: A scenario may start at most this many calendar years after the last month of crossing counts
#: (future scenarios run on the latest year's demand, reported); beyond it the run is refused.
MAX_YEARS_AHEAD = 3


def horizon_months(start: dt.date, days: int) -> list[str]:
    """``YYYY-MM`` of every month the horizon touches.

    Examples
    --------
    >>> horizon_months(dt.date(2025, 1, 30), 3)
    ['2025-01', '2025-02']
    """
    last = start + dt.timedelta(days=max(days, 1) - 1)
    months = pd.period_range(start, last, freq="M")
    return [str(m) for m in months]


def date_notes(spec: Any, covered: list[str], source: str = "") -> list[str]:
    """Refuse or report a horizon outside the months the store has counts for.

    Parameters
    ----------
    spec : ScenarioSpec
        Uses ``start`` and ``horizon_days``.
    covered : list of str
        ``YYYY-MM`` months with crossing counts for the scenario's ports.

    Examples
    --------
    >>> import types
    >>> spec = types.SimpleNamespace(start=dt.date(2026, 1, 5), horizon_days=3)
    >>> date_notes(spec, ["2024-12", "2025-01"])[0][:60]
    'start: no crossing counts for 2026-01 (the store covers 2024'
    """
    prefix = f"{source}: " if source else ""
    if not covered:
        return []
    first, last = min(covered), max(covered)
    start = spec.start
    if f"{start:%Y-%m}" < first:
        raise ConfigError(
            f"{prefix}start {start}: before the first month of crossing counts for these ports "
            f"({first}); the model would use later years' traffic for the past. Choose a start "
            f"on or after {first}-01"
        )
    if start.year > int(last[:4]) + MAX_YEARS_AHEAD:
        raise ConfigError(
            f"{prefix}start {start}: more than {MAX_YEARS_AHEAD} years after the last month of "
            f"crossing counts ({last}); there is no basis for demand that far ahead. Choose a "
            f"start before {int(last[:4]) + MAX_YEARS_AHEAD + 1}-01-01"
        )
    have = set(covered)
    missing = [m for m in horizon_months(start, spec.horizon_days) if m not in have]
    if not missing:
        return []
    shown = ", ".join(missing[:3]) + (f" ... ({len(missing)} months)" if len(missing) > 3 else "")
    return [
        f"{prefix}start: no crossing counts for {shown} (the store covers {first} to {last}); "
        "demand for those months is the same calendar month of the latest year with counts, "
        "not a forecast"
    ]


def trade_year_check(spec: Any, years: list[int], source: str = "") -> None:
    """Refuse an ``economics.trade_year`` the store has no trade values for."""
    year = spec.economics.trade_year
    if year is None or not years or year in years:
        return
    span = f"{min(years)}-{max(years)}" if len(years) > 2 else ", ".join(map(str, sorted(years)))
    prefix = f"{source}: " if source else ""
    raise ConfigError(
        f"{prefix}economics.trade_year = {year}: the store has trade values for {span}; "
        "choose one of those years, or leave it out for the latest full year"
    )


def _distinct(
    store: str | Path | None, view: str, column: str, where: str, params: list[Any]
) -> list[Any]:
    """Distinct values of ``view.column`` (empty where the store has no such view)."""
    from borderlever.data.store import connect
    from borderlever.runs.pipeline import _table_names

    if view not in _table_names(store):
        return []
    con = connect(store)
    try:
        rows = con.execute(f'SELECT DISTINCT "{column}" FROM "{view}" {where}', params).fetchall()
    finally:
        con.close()
    return [r[0] for r in rows if r[0] is not None]


def check_against_store(resolved: Any, store: str | Path | None) -> tuple[str, ...]:
    """Every store check of a resolved scenario; returns the notes to report (may raise)."""
    codes = [str(c) for c in resolved.port_codes]
    marks = ", ".join("?" for _ in codes)
    months = _distinct(
        store, "port_month_crossings", "month", f"WHERE port_code IN ({marks})", codes
    )
    covered = sorted({f"{pd.Timestamp(m):%Y-%m}" for m in months})
    notes = date_notes(resolved.spec, covered, resolved.source)
    years = sorted(int(y) for y in _distinct(store, "port_year_trade", "year", "", []))
    trade_year_check(resolved.spec, years, resolved.source)
    return tuple(notes)
