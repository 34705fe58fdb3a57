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
    """Daily loss over the exposed economy (state GDP and the IO-weighted value added), the
    national GDP share as context, and the days each side could hold out."""
    exp = econ.exposure if econ.exposure is not None else pd.DataFrame()
    states = econ.state_exposure if econ.state_exposure is not None else pd.DataFrame()
    io_rows = {} if exp.empty else {str(r.country): r for r in exp.itertuples(index=False)}
    st_rows = {} if states.empty else {str(r.country_iso3): r for r in states.itertuples()}
    if not io_rows and not st_rows:
        return {}
    days = max(econ.policy_days, 1e-9)
    cost = econ.cost_by_country
    out: dict[str, Any] = {}
    for iso3 in sorted(set(io_rows) | set(st_rows)):
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
        io = io_rows.get(iso3)
        exposed_va = float(str(io.exposed_va_usd_per_day)) if io is not None else None
        gdp = econ.gdp_usd.get(iso3)
        out[iso3] = {
            "exposed_va_usd_per_day": round_sig(exposed_va) if exposed_va else None,
            "cost_usd_per_day": interval(per_day),
            "cost_share_of_exposed_va_per_day": (
                interval(per_day / exposed_va) if exposed_va else None
            ),
            "concession_value_usd": round_sig(value) if value is not None else None,
            "hold_out_days": hold,
            "basis": str(io.basis) if io is not None else None,
            "cost_share_of_gdp_per_day": interval(per_day / (gdp / 365.0)) if gdp else None,
            **_state_keys(st_rows.get(iso3), per_day),
        }
    return out


def _state_keys(row: Any, per_day: np.ndarray) -> dict[str, Any]:
    """The exposed economy from the state tables: the states, their GDP, the loss over it."""
    if row is None:
        return {
            k: None
            for k in (
                "exposed_gdp_usd_per_day",
                "exposed_gdp_range_usd_per_day",
                "cost_share_of_exposed_gdp_per_day",
                "cost_share_of_exposed_gdp_per_day_range",
                "exposed_gdp_share_of_national",
                "exposed_trade_share",
                "trade_share_threshold",
                "exposed_states",
                "state_basis",
            )
        }
    gdp, low, high = (
        float(row.exposed_gdp_usd_per_day),
        float(row.exposed_gdp_low_usd_per_day),
        float(row.exposed_gdp_high_usd_per_day),
    )
    mean = float(np.mean(per_day)) if len(per_day) else 0.0
    return {
        "exposed_gdp_usd_per_day": round_sig(gdp),
        "exposed_gdp_range_usd_per_day": {"low": round_sig(low), "high": round_sig(high)},
        "cost_share_of_exposed_gdp_per_day": interval(per_day / gdp),
        "cost_share_of_exposed_gdp_per_day_range": {
            "low": round_sig(mean / high),
            "high": round_sig(mean / low),
        },
        "exposed_gdp_share_of_national": round_sig(float(row.exposed_gdp_share_of_national)),
        "exposed_trade_share": round_sig(float(row.exposed_trade_share)),
        "trade_share_threshold": float(row.threshold),
        "exposed_states": [
            {
                "state": s["state"],
                "name": s["name"],
                "trade_share": round_sig(s["trade_share"]),
                "gdp_share": round_sig(s["gdp_share"]),
            }
            for s in row.states
        ],
        "state_basis": str(row.basis),
    }
