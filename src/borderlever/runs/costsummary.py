"""The cost decomposition block of ``summary.json``: headline parts, directions, static figures,
exposed economy and hold-out days (layout in ``docs/summary-schema.md``)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from borderlever.economics.leverage import hold_out_days
from borderlever.runs.result import EconomicsFigures
from borderlever.runs.stats import interval, round_sig


def _per_rep(frame: pd.DataFrame, iso3: str, col: str, reps: np.ndarray) -> np.ndarray:
    sel = frame[frame["country_iso3"] == iso3]
    return sel.groupby("replication")[col].sum().reindex(reps, fill_value=0.0).to_numpy(float)


def cost_figures(econ: EconomicsFigures, replications: int) -> dict[str, Any]:
    """``cost_breakdown``, ``static_bounds``, ``io_table`` and ``exposure`` (each figure
    ``{mean, ci_low, ci_high}`` over replications: replication noise only)."""
    reps = np.arange(replications)
    out: dict[str, Any] = {"io_table": econ.io_table or None}
    cb = econ.cost_breakdown
    breakdown: dict[str, Any] = {}
    if cb is not None and not cb.empty:
        for iso3 in sorted(set(cb["country_iso3"])):
            breakdown[str(iso3)] = {
                "direct_usd": interval(_per_rep(cb, iso3, "direct_usd", reps)),
                "production_usd": interval(_per_rep(cb, iso3, "production_usd", reps)),
                "by_direction": {
                    "northbound": interval(_per_rep(cb, iso3, "northbound_usd", reps)),
                    "southbound": interval(_per_rep(cb, iso3, "southbound_usd", reps)),
                },
            }
    out["cost_breakdown"] = breakdown
    sb = econ.static_bounds
    bounds: dict[str, Any] = {}
    if sb is not None and not sb.empty:
        for iso3 in sorted(set(sb["country_iso3"])):
            bounds[str(iso3)] = {
                col: interval(_per_rep(sb, iso3, col, reps))
                for col in ("demand_side_usd", "supply_side_usd")
            }
    out["static_bounds"] = bounds
    out["exposure"] = _exposure(econ, reps)
    return out


def _exposure(econ: EconomicsFigures, reps: np.ndarray) -> dict[str, Any]:
    """Daily loss over the exposed economy and the days each side could hold out."""
    exp = econ.exposure
    if exp is None or exp.empty:
        return {}
    days = max(econ.policy_days, 1e-9)
    cost = econ.cost_by_country
    out: dict[str, Any] = {}
    for country, exposed, basis in zip(
        exp["country"], exp["exposed_va_usd_per_day"].astype(float), exp["basis"], strict=True
    ):
        iso3 = str(country)
        per_day = (
            cost[cost["country_iso3"] == iso3]
            .groupby("replication")["cost_usd"]
            .sum()
            .reindex(reps, fill_value=0.0)
            .to_numpy(float)
            / days
        )
        value = econ.concession_value_usd.get(iso3)
        hold = interval([hold_out_days(c, value) for c in per_day]) if value is not None else None
        out[iso3] = {
            "exposed_va_usd_per_day": round_sig(float(exposed)),
            "cost_usd_per_day": interval(per_day),
            "cost_share_of_exposed_va_per_day": interval(per_day / float(exposed)),
            "concession_value_usd": round_sig(value) if value is not None else None,
            "hold_out_days": hold,
            "basis": str(basis),
        }
    return out
