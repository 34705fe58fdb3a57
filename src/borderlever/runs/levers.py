"""Each lever's part of a run: ``levers.<kind>.cost_usd_per_day`` and ``economics.tariff``.

Border policies are simulated together, so their cost is one part, named after the policy kind
where the scenario has one border kind and ``border`` where it mixes several.  A tariff is priced
apart from trade flows (:mod:`borderlever.runs.tariff`); where a scenario combines the two the
parts are reported side by side and not summed (their intervals cover different things: the border
part replication noise, the tariff part parameter uncertainty; and a tariff on goods a closure
stops would be counted twice).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from borderlever.runs.result import RunOutput
from borderlever.runs.stats import interval, round_sig
from borderlever.runs.tariff import COUNTRIES, TariffFigures


def pct_interval(values: Any) -> dict[str, Any]:
    """Mean and 2.5-97.5 percentiles over parameter draws (not a confidence interval).

    Examples
    --------
    >>> pct_interval([1.0, 2.0, 3.0])
    {'mean': 2.0, 'ci_low': 1.05, 'ci_high': 2.95}
    """
    arr = np.asarray(values, dtype=float)
    arr = arr[np.isfinite(arr)]
    if arr.size == 0:
        return {"mean": None, "ci_low": None, "ci_high": None}
    lo, hi = np.percentile(arr, [2.5, 97.5])
    return {"mean": round_sig(float(arr.mean())), "ci_low": round_sig(lo), "ci_high": round_sig(hi)}


def tariff_block(t: TariffFigures) -> dict[str, Any]:
    """``economics.tariff``: duties, burden and lost sales over the horizon [USD], intervals over
    parameter draws."""
    return {
        "duty_usd": pct_interval(t.draws["duty_usd"]),
        "importer_burden_usd": pct_interval(t.draws["burden_usd"]),
        "exporter_lost_sales_usd": pct_interval(t.draws["lost_sales_usd"]),
        "covered_trade_usd": round_sig(t.covered_usd),
        "tariff_days": t.tariff_days,
        "trade_year": t.trade_year,
        "interval": "2.5-97.5 percentiles over parameter draws (pass-through, elasticities)",
    }


def _draw_totals(t: TariffFigures) -> dict[str, np.ndarray]:
    """Per draw and country: cost over the horizon [USD] (per-day mean x tariff days)."""
    return {
        c: t.draws[f"cost_usd_per_day_{c}"].to_numpy(dtype=float) * t.tariff_days for c in COUNTRIES
    }


def tariff_only_economics(t: TariffFigures) -> dict[str, Any]:
    """The ``economics`` block of a scenario whose only lever is a tariff (nothing simulated)."""
    totals = _draw_totals(t)
    cost = {c: pct_interval(v) for c, v in totals.items()}
    share = {
        c: (pct_interval(v / t.gdp_usd[c]) if c in t.gdp_usd else None) for c, v in totals.items()
    }
    ratio = None
    if "USA" in t.gdp_usd and "MEX" in t.gdp_usd:
        us = totals["USA"] / t.gdp_usd["USA"]
        mx = totals["MEX"] / t.gdp_usd["MEX"]
        ratio = pct_interval(np.where(us > 0, mx / np.where(us > 0, us, 1.0), np.nan))
    days = max(t.tariff_days, 1)
    return {
        "trade_at_stake_usd": round_sig(t.covered_usd),
        "trade_at_stake_usd_per_day": round_sig(t.covered_usd / days),
        "policy_days": t.tariff_days,
        "cost_usd": cost,
        "cost_gdp_share": share,
        "gdp_usd": {k: round_sig(v) for k, v in sorted(t.gdp_usd.items())},
        "leverage_ratio": ratio or {"mean": None, "ci_low": None, "ci_high": None},
        "leverage_ratio_note": None if ratio else "no GDP for USA or MEX in the store",
        "cost_usd_note": net_gain_note(cost),
        # border outcomes: nothing is simulated where the only lever is a tariff
        "trade_blocked_usd": None,
        "trade_delayed_usd": None,
        "trade_delay_value_usd_h": None,
    }


def border_kind(out: RunOutput) -> str | None:
    """Name of the border lever: its policy kind, ``border`` for a mix, None without one."""
    kinds = sorted({p.kind for p in out.resolved.policies})
    if not kinds:
        return None
    return kinds[0] if len(kinds) == 1 else "border"


def lever_costs(out: RunOutput) -> dict[str, Any]:
    """``{kind: {"cost_usd_per_day": {ISO3: interval}, "days": n}}`` for each lever of the run."""
    levers: dict[str, Any] = {}
    kind = border_kind(out)
    econ = out.economics
    if kind is not None and econ is not None:
        days = max(econ.policy_days, 1e-9)
        reps = np.arange(out.resolved.spec.replications)
        per_day = {}
        for iso3, frame in econ.cost_by_country.groupby("country_iso3"):
            v = frame.set_index("replication")["cost_usd"].reindex(reps, fill_value=0.0)
            per_day[str(iso3)] = interval(v.to_numpy(dtype=float) / days)
        levers[kind] = {"cost_usd_per_day": per_day, "days": round_sig(econ.policy_days)}
    t = out.extra.get("tariff")
    if isinstance(t, TariffFigures):
        levers["tariff"] = {
            "cost_usd_per_day": {
                c: pct_interval(t.draws[f"cost_usd_per_day_{c}"]) for c in COUNTRIES
            },
            "days": t.tariff_days,
        }
    return levers


def net_gain_note(cost: dict[str, Any]) -> str | None:
    """A sentence where a country's net cost (mean or lower bound) is below zero, else None.

    A net cost can be negative (a gain), unlike counts, hours or trade values: under a tariff the
    importer collects the duty and may gain on its terms of trade more than its buyers lose.

    Examples
    --------
    >>> net_gain_note({"USA": {"mean": 5.0, "ci_low": -1.0, "ci_high": 9.0}})[:40]
    'a net cost below zero is a gain: USA (lo'
    >>> net_gain_note({"USA": {"mean": 5.0, "ci_low": 1.0, "ci_high": 9.0}}) is None
    True
    """
    below = [
        k
        for k, v in sorted(cost.items())
        if any(v.get(f) is not None and v[f] < 0 for f in ("mean", "ci_low"))
    ]
    if not below:
        return None
    return (
        f"a net cost below zero is a gain: {', '.join(below)} (lower bound or mean below zero). "
        "Under a tariff the importing country collects the duty and can gain on its terms of "
        "trade more than its buyers and the deadweight lose (docs/standoff.md, net cost)"
    )
