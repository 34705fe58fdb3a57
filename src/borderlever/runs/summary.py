"""The JSON summary of a run: headline figures per port, totals and economics, with intervals.

The layout is documented in ``docs/summary-schema.md`` and checked against
``docs/summary-schema.json``.  Every stochastic figure is ``{"mean", "ci_low", "ci_high"}`` over
replications (95 % t-interval).  Floats are rounded to 6 significant digits and keys sorted, so the
same scenario and seed give a byte-identical file (timings and host go to the run manifest).
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pandas as pd

from borderlever import __version__
from borderlever.runs.costsummary import cost_figures
from borderlever.runs.levers import net_gain_note
from borderlever.runs.result import TRUCK_CLASSES, EconomicsFigures, RunOutput
from borderlever.runs.stats import interval, round_sig

SCHEMA_VERSION = "1.0"
MIN_PER_DAY = 24 * 60


def policy_days(out: RunOutput) -> tuple[int, int]:
    """First and last+1 day touched by any policy; the whole horizon without policies [days]."""
    span = out.resolved.policy_window_min()
    if span is None:
        return 0, out.resolved.spec.horizon_days
    return int(span[0] // MIN_PER_DAY), int(-(-span[1] // MIN_PER_DAY))


def _trucks(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["vehicle_class"].isin(TRUCK_CLASSES)]


def policy_effects(daily: pd.DataFrame) -> pd.DataFrame:
    """``daily`` with what the policy changed: ``expected`` (vehicles the same-seed no-policy run
    served, ``baseline_served``; ``baseline_arrivals`` where no baseline was run) and the
    reactions (deferred, cancelled, diverted) net of the no-policy run's own
    (:func:`borderlever.economics.costs.net_of_baseline`).  A policy that changes nothing thus
    shows exactly zero trucks not served and zero reactions."""
    from borderlever.economics.costs import net_of_baseline

    out = net_of_baseline(daily)
    if "baseline_served" in out.columns:
        base = out["baseline_served"].to_numpy(dtype=float)
        out["expected"] = np.where(np.isfinite(base), base, out["baseline_arrivals"])
    else:
        out["expected"] = out["baseline_arrivals"]
    return out


def _per_rep(frame: pd.DataFrame, col: str, reps: np.ndarray) -> np.ndarray:
    """Sum of ``col`` per replication, zero where a replication has no rows."""
    sums = frame.groupby("replication")[col].sum()
    return sums.reindex(reps, fill_value=0.0).to_numpy(dtype=float)


def per_replication_hourly(out: RunOutput) -> bool:
    """Whether ``out.hourly`` keeps replications (else it is the engine's mean over them)."""
    return out.hourly is not None and not out.hourly.empty and "replication" in out.hourly


def hourly_truck_wait(out: RunOutput) -> pd.DataFrame:
    """Mean truck wait per replication, port and period [h] (hourly where kept, else daily).

    Columns: ``replication, port_code, t_h`` (period start [h]), ``wait_h``, ``served``,
    ``queue_end``, ``baseline_arrivals``, ``period_h``.
    """
    if per_replication_hourly(out):
        assert out.hourly is not None
        frame, tcol, period = _trucks(out.hourly), "hour", 1.0
    else:
        frame, tcol, period = _trucks(out.daily), "day", 24.0
    g = frame.groupby(["replication", "port_code", tcol], as_index=False)[
        ["wait_vehicle_h", "served", "queue_end", "baseline_arrivals"]
    ].sum()
    g["wait_h"] = np.where(
        g["served"] > 0, g["wait_vehicle_h"] / g["served"].where(g["served"] > 0), 0.0
    )
    g["t_h"] = g[tcol].astype(float) * period
    g["period_h"] = period
    return g.drop(columns=[tcol, "wait_vehicle_h"])


def mean_hourly_truck_wait(hourly: pd.DataFrame, port: str) -> pd.DataFrame:
    """Truck wait by hour [h] from the engine's hourly means (classes weighted by arrivals).

    Columns ``hour, wait_h, weight`` (hours where no truck arrived are dropped).
    """
    h = _trucks(hourly[hourly["port_code"] == port])
    h = h[h["wait_mean_min"].notna()]
    w = h["arrivals"].clip(lower=0.0)
    g = h.assign(ww=h["wait_mean_min"] * w, w=w).groupby("hour", as_index=False)[["ww", "w"]].sum()
    g = g[g["w"] > 0]
    return pd.DataFrame({"hour": g["hour"], "wait_h": g["ww"] / g["w"] / 60.0, "weight": g["w"]})


def backlog_clear_h(waits: pd.DataFrame, end_h: float, horizon_h: float) -> tuple[float, bool]:
    """Hours after the policy ends until the truck queue falls below one period of baseline arrivals.

    Returns the time [h] and whether it was censored (never cleared within the horizon; the time
    is then the rest of the horizon, a lower bound).
    """
    after = waits[waits["t_h"] + waits["period_h"] > end_h].sort_values("t_h")
    cleared = after[after["queue_end"] <= after["baseline_arrivals"]]
    if cleared.empty:
        return max(horizon_h - end_h, 0.0), True
    row = cleared.iloc[0]
    return max(float(row["t_h"] + row["period_h"]) - end_h, 0.0), False


def _engine_clear_h(
    out: RunOutput, port: str, end_h: float
) -> tuple[list[float], list[bool]] | None:
    """The engine's own per-replication ``hours_to_clear`` (NaN = not cleared: censored)."""
    ports = out.extra.get("sim_ports")
    if not isinstance(ports, pd.DataFrame) or "hours_to_clear" not in ports:
        return None
    rows = ports[ports["port_code"] == port].sort_values("replication")
    if rows.empty:
        return None
    rest = max(out.resolved.spec.horizon_days * 24.0 - end_h, 0.0)
    values = rows["hours_to_clear"].to_numpy(dtype=float)
    censored = [not np.isfinite(v) for v in values]
    return [rest if c else float(v) for v, c in zip(values, censored, strict=True)], censored


def port_figures(out: RunOutput, port: str, waits: pd.DataFrame) -> dict[str, Any]:
    """The figures of one port (see docs/summary-schema.md)."""
    d0, d1 = policy_days(out)
    reps = np.arange(out.resolved.spec.replications)
    daily = policy_effects(out.daily[out.daily["port_code"] == port])
    trucks = _trucks(daily)
    window = trucks[(trucks["day"] >= d0) & (trucks["day"] < d1)]
    base = _per_rep(window, "expected", reps)
    served = _per_rep(window, "served", reps)
    ratio = np.where(base > 0, served / np.where(base > 0, base, 1), np.nan)
    wait_sum = _per_rep(trucks, "wait_vehicle_h", reps)
    served_all = _per_rep(trucks, "served", reps)
    mean_wait = np.where(served_all > 0, wait_sum / np.where(served_all > 0, served_all, 1), 0.0)
    end_h = d1 * 24.0
    p95, peak, clear, censored = _wait_stats(out, port, waits, end_h)
    return {
        "trucks_baseline": interval(base),
        "trucks_served": interval(served),
        "throughput_ratio": interval(ratio),
        "mean_wait_h": interval(mean_wait),
        "p95_wait_h": p95,
        **engine_truck_wait_extra(out, port),
        "upstream_delay_h": _upstream_h(out, port),
        "peak_wait_h": peak,
        "diverted": interval(_per_rep(daily, "diverted_out", reps)),
        "deferred": interval(_per_rep(daily, "deferred", reps)),
        "cancelled": interval(_per_rep(daily, "cancelled", reps)),
        "backlog_clear_h": interval(clear),
        "backlog_censored_share": round_sig(float(np.mean(censored))),
    }


def _wait_stats(
    out: RunOutput, port: str, waits: pd.DataFrame, end_h: float
) -> tuple[dict[str, Any], dict[str, Any], list[float], list[bool]]:
    """p95 and peak of the hourly truck wait, and backlog clearing times, for one port."""
    reps = range(out.resolved.spec.replications)
    pw = waits[waits["port_code"] == port]
    clear, censored = [], []
    for r in reps:
        c, cens = backlog_clear_h(
            pw[pw["replication"] == r], end_h, out.resolved.spec.horizon_days * 24.0
        )
        clear.append(c)
        censored.append(cens)
    engine = _engine_clear_h(out, port, end_h)
    if not out.resolved.policies:  # nothing to recover from
        clear, censored = [0.0] * len(clear), [False] * len(clear)
    elif engine is not None:
        clear, censored = engine
    engine_waits = _engine_truck_waits(out, port)
    if engine_waits is not None:
        p95_min, max_min = engine_waits
        return interval(p95_min / 60.0), interval(max_min / 60.0), clear, censored
    if per_replication_hourly(out) or out.hourly is None or out.hourly.empty:
        p95, peak = [], []
        for r in reps:
            w = pw[pw["replication"] == r]
            p95.append(_weighted_quantile(w["wait_h"], w["served"], 0.95) if len(w) else 0.0)
            peak.append(float(w["wait_h"].max()) if len(w) else 0.0)
        return interval(p95), interval(peak), clear, censored
    m = mean_hourly_truck_wait(out.hourly, port)
    no_ci = {"ci_low": None, "ci_high": None}
    if m.empty:
        return {"mean": 0.0, **no_ci}, {"mean": 0.0, **no_ci}, clear, censored
    p95_h = _weighted_quantile(m["wait_h"], m["weight"], 0.95)
    return (
        {"mean": round_sig(p95_h), **no_ci},
        {"mean": round_sig(float(m["wait_h"].max())), **no_ci},
        clear,
        censored,
    )


def _upstream_h(out: RunOutput, port: str) -> dict[str, Any]:
    """The trucks' fixed upstream delay at ``port`` [h] (one value: no replication noise)."""
    w = out.extra.get("sim_waits")
    none = {"mean": None, "ci_low": None, "ci_high": None}
    if not isinstance(w, pd.DataFrame) or "upstream_delay_min" not in w:
        return none
    rows = w[(w["port_code"] == port) & (w["vehicle_class"] == "trucks")]
    if rows.empty:
        return none
    return interval(rows["upstream_delay_min"].to_numpy(dtype=float) / 60.0)


def engine_truck_wait_extra(out: RunOutput, port: str) -> dict[str, Any]:
    """``p99_wait_h`` and ``peak_hour_wait_h`` of a port's trucks in the policy window.

    From the engine's ``waits`` frame (per replication): the 99th percentile of individual
    waits, and the highest hourly mean wait (the worst hour's mean, the figure a CBP posted
    wait is compared with); ``None`` intervals where the engine gave no such rows.
    """
    w = out.extra.get("sim_waits")
    none = {"mean": None, "ci_low": None, "ci_high": None}
    if not isinstance(w, pd.DataFrame) or w.empty or "p99_wait_min_window" not in w:
        return {"p99_wait_h": none, "peak_hour_wait_h": none}
    rows = w[(w["port_code"] == port) & (w["vehicle_class"] == "trucks")]
    if len(rows) != out.resolved.spec.replications:
        return {"p99_wait_h": none, "peak_hour_wait_h": none}
    rows = rows.sort_values("replication")
    return {
        k: interval(np.nan_to_num(rows[col].to_numpy(dtype=float)) / 60.0)
        for k, col in (
            ("p99_wait_h", "p99_wait_min_window"),
            ("peak_hour_wait_h", "peak_hour_wait_min_window"),
        )
    }


def _engine_truck_waits(out: RunOutput, port: str) -> tuple[np.ndarray, np.ndarray] | None:
    """Per-replication p95 and maximum truck wait [min] from the engine's ``waits`` frame.

    Over the trucks (standard + FAST) arriving in the policy window (the whole horizon without a
    policy); ``None`` where the engine gave no such frame or the port has no truck rows.
    """
    w = out.extra.get("sim_waits")
    if not isinstance(w, pd.DataFrame) or w.empty:
        return None
    rows = w[(w["port_code"] == port) & (w["vehicle_class"] == "trucks")]
    if len(rows) != out.resolved.spec.replications:
        return None
    rows = rows.sort_values("replication")
    p95 = rows["p95_wait_min_window"].to_numpy(dtype=float)
    peak = rows["max_wait_min_window"].to_numpy(dtype=float)
    return p95, peak


def _weighted_quantile(values: pd.Series, weights: pd.Series, q: float) -> float:
    """Quantile of ``values`` with ``weights`` (vehicles served in each period)."""
    v = values.to_numpy(dtype=float)
    w = weights.to_numpy(dtype=float)
    if w.sum() <= 0:
        return float(np.quantile(v, q)) if v.size else 0.0
    order = np.argsort(v, kind="stable")
    cum = np.cumsum(w[order]) / w.sum()
    idx = min(int(np.searchsorted(cum, q)), v.size - 1)
    return float(v[order][idx])


def totals_by_replication(out: RunOutput) -> dict[str, np.ndarray]:
    """The ``totals`` figures per replication (one value per replication each), before intervals.

    The summary's ``totals`` block and the uncertainty split both read these arrays, so the two
    use one definition of each figure.
    """
    d0, d1 = policy_days(out)
    reps = np.arange(out.resolved.spec.replications)
    daily = policy_effects(out.daily)
    trucks = _trucks(daily)
    window = trucks[(trucks["day"] >= d0) & (trucks["day"] < d1)]
    base = _per_rep(window, "expected", reps)
    served = _per_rep(window, "served", reps)
    wait = _per_rep(trucks, "wait_vehicle_h", reps)
    served_all = _per_rep(trucks, "served", reps)
    in_window = daily[(daily["day"] >= d0) & (daily["day"] < d1)]
    return {
        "trucks_baseline": base,
        "trucks_served": served,
        "throughput_ratio": np.where(base > 0, served / np.maximum(base, 1e-300), np.nan),
        "mean_wait_h": np.where(served_all > 0, wait / np.maximum(served_all, 1e-300), 0.0),
        "truck_wait_total_h": wait,
        "vehicles_baseline": _per_rep(in_window, "expected", reps),
        "vehicles_served": _per_rep(in_window, "served", reps),
        "diverted": _per_rep(daily, "diverted_out", reps),
        "deferred": _per_rep(daily, "deferred", reps),
        "cancelled": _per_rep(daily, "cancelled", reps),
        # travellers who stayed home (never in the no-policy run: nothing to net out)
        "forgone": _per_rep(daily, "forgone", reps)
        if "forgone" in daily.columns
        else np.zeros(len(reps)),
    }


def totals(out: RunOutput) -> dict[str, Any]:
    """Figures summed (or vehicle-weighted) over every simulated port."""
    return {name: interval(values) for name, values in totals_by_replication(out).items()}


def economics_figures(econ: EconomicsFigures, replications: int) -> dict[str, Any]:
    """The ``economics`` block: trade at stake, cost and GDP share by country, leverage."""
    reps = np.arange(replications)
    cost: dict[str, Any] = {}
    share: dict[str, Any] = {}
    for iso3, frame in econ.cost_by_country.groupby("country_iso3"):
        values = frame.set_index("replication")["cost_usd"].reindex(reps, fill_value=0.0)
        cost[str(iso3)] = interval(values.to_numpy(dtype=float))
        gdp = econ.gdp_usd.get(str(iso3))
        share[str(iso3)] = interval(values.to_numpy(dtype=float) / gdp) if gdp else None
    days = max(econ.policy_days, 1e-9)
    leverage = interval(econ.leverage_ratio)
    return {
        "trade_at_stake_usd": round_sig(econ.trade_at_stake_usd),
        "trade_at_stake_usd_per_day": round_sig(econ.trade_at_stake_usd / days),
        **trade_outcome_figures(econ, reps),
        "policy_days": round_sig(econ.policy_days),
        "cost_usd": cost,
        "cost_gdp_share": share,
        "gdp_usd": {k: round_sig(v) for k, v in sorted(econ.gdp_usd.items())},
        "leverage_ratio": leverage,
        "leverage_ratio_note": None if leverage["mean"] is not None else LEVERAGE_UNDEFINED,
        "cost_usd_note": net_gain_note(cost),
        **cost_figures(econ, replications),
    }


#: What the summary says where the leverage ratio has no value.
LEVERAGE_UNDEFINED = (
    "undefined: the policy costs the United States nothing in these replications (a ratio "
    "of the neighbour's cost share to a US share of zero has no value), e.g. a scenario that "
    "changes nothing at the border"
)


def trade_outcome_figures(econ: EconomicsFigures, reps: np.ndarray) -> dict[str, Any]:
    """``trade_blocked_usd``, ``trade_delayed_usd`` and ``trade_delay_value_usd_h`` as
    intervals over replications (None where the run computed no trade outcomes)."""
    keys = {
        "trade_blocked_usd": "blocked_usd",
        "trade_delayed_usd": "delayed_usd",
        "trade_delay_value_usd_h": "delay_value_usd_h",
    }
    frame = econ.trade_outcomes
    if frame is None or frame.empty:
        return dict.fromkeys(keys)
    per = frame.set_index("replication").reindex(reps, fill_value=0.0)
    return {k: interval(per[col].to_numpy(dtype=float)) for k, col in keys.items()}


def build_summary(out: RunOutput) -> dict[str, Any]:
    """The summary document of a run (a JSON-able dict, see docs/summary-schema.md)."""
    spec = out.resolved.spec
    waits = hourly_truck_wait(out)
    d0, d1 = policy_days(out)
    from borderlever.runs.headline import attach

    doc = {
        "schema_version": SCHEMA_VERSION,
        "scenario": {
            "name": spec.name,
            "hash": out.resolved.hash,
            "description": spec.description,
            "start": spec.start.isoformat(),
            "horizon_days": spec.horizon_days,
        },
        "seed": spec.seed,
        "replications": spec.replications,
        "engine": out.engine,
        "package_version": __version__,
        "data_vintages": dict(sorted(out.data_vintages.items())),
        "policy_window_days": [d0, d1],
        "ports": (
            {}
            if out.extra.get("sim_skipped")
            else {p: port_figures(out, p, waits) for p in out.resolved.port_codes}
        ),
        "totals": totals(out),
        "economics": _economics_block(out),
        "levers": lever_costs(out),
        "standoff": out.extra.get("standoff"),
    }
    # what the intervals cover; with a parameter sample, each headline figure's parts (issue 16)
    return attach(doc, out.extra.get("uncertainty"))


def _economics_block(out: RunOutput) -> dict[str, Any] | None:
    """The ``economics`` block: the border economics, or the tariff's where nothing is simulated;
    ``economics.tariff`` where a tariff applies (:mod:`borderlever.runs.levers`)."""
    from borderlever.runs.levers import tariff_block, tariff_only_economics

    tariff = out.extra.get("tariff")
    if out.economics is not None:
        block = economics_figures(out.economics, out.resolved.spec.replications)
    elif tariff is not None:
        block = tariff_only_economics(tariff)
    else:
        return None
    if tariff is not None:
        block["tariff"] = tariff_block(tariff)
    return block


def lever_costs(out: RunOutput) -> dict[str, Any]:
    """``levers.<kind>.cost_usd_per_day.<ISO3>``: each lever's cost per day it applies."""
    from borderlever.runs.levers import lever_costs as costs

    return costs(out)


def dumps(summary: dict[str, Any]) -> str:
    """Canonical text of a summary: sorted keys, 2-space indent, ASCII, trailing newline."""
    return json.dumps(summary, sort_keys=True, indent=2, ensure_ascii=True, allow_nan=False) + "\n"
