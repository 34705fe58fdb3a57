"""Reshape the economics package's ``ImpactResult`` into the figures the summary and report show.

Trade at stake is computed here from the policy windows: for each port, the time during which a
policy touches its freight classes (trucks -> mode ``truck``, rail -> ``rail``) times the port's
mean daily trade by those modes (BTS TransBorder, flat over the year).  Without policies the whole
horizon at every simulated port counts (the ``usmca-review-trade-only`` case).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from borderlever.economics.costs import FREIGHT_CLASSES
from borderlever.economics.sectors import sector_label
from borderlever.runs.result import EconomicsFigures
from borderlever.scenarios import ResolvedScenario

MIN_PER_DAY = 24 * 60


def _union_min(spans: list[tuple[float, float]]) -> float:
    """Length of the union of [start, end) spans [min].

    Examples
    --------
    >>> _union_min([(0, 10), (5, 20), (30, 40)])
    30.0
    """
    total, end = 0.0, -np.inf
    for s, e in sorted(spans):
        if e <= end:
            continue
        total += e - max(s, end)
        end = e
    return float(total)


def exposure_days(resolved: ResolvedScenario) -> dict[tuple[str, str], float]:
    """(port_code, mode) -> days during which a policy touches that freight mode [days]."""
    spans: dict[tuple[str, str], list[tuple[float, float]]] = {}
    if not resolved.policies:
        for port in resolved.port_codes:
            for mode in ("truck", "rail"):
                spans[(port, mode)] = [(0.0, resolved.horizon_min)]
    for pol in resolved.policies:
        modes = {FREIGHT_CLASSES[c] for c in pol.vehicle_classes if c in FREIGHT_CLASSES}
        for port in pol.port_codes:
            for mode in modes:
                spans.setdefault((port, mode), []).extend(pol.intervals_min)
    return {k: _union_min(v) / MIN_PER_DAY for k, v in spans.items()}


def trade_at_stake_usd(resolved: ResolvedScenario, trade: pd.DataFrame, year: int | None) -> float:
    """Gross trade crossing the affected ports by the affected modes during the policies [USD]."""
    from borderlever.economics import trade_at_stake

    exposure = exposure_days(resolved)
    if not exposure:
        return 0.0
    per_day = trade_at_stake(
        trade,
        ports=list(resolved.port_codes),
        modes=["truck", "rail"],
        days=1,
        year=year,
        by=["port_code", "mode"],
    )
    per_day = per_day.dropna(subset=["value_usd_per_day"])
    total = 0.0
    values = per_day["value_usd_per_day"].to_numpy(dtype=float)
    keys = zip(per_day["port_code"].astype(str), per_day["mode"].astype(str), strict=True)
    for value, key in zip(values, keys, strict=True):
        total += float(value) * exposure.get(key, 0.0)
    return total


def _neighbour(impact: Any) -> str | None:
    lev = impact.leverage
    if lev is None or lev.empty:
        return None
    mean = impact.countries.groupby("country")["total_cost_usd"].mean()
    cost = {str(k): float(v) for k, v in mean.items()}
    options = sorted(set(lev["neighbour"]), key=lambda c: -cost.get(str(c), 0.0))
    return str(options[0]) if options else None


def cost_by_day(impact: Any) -> pd.DataFrame:
    """The headline cost by replication, day and country [USD]: direct costs on the simulated
    days plus the dynamic model's value-added loss through the recovery."""
    cols = ["replication", "day", "country_iso3", "cost_usd"]
    parts = []
    if impact.daily is not None and not impact.daily.empty:
        parts.append(impact.daily.rename(columns={"country": "country_iso3"})[cols])
    prod = getattr(impact, "production_daily", None)
    if prod is not None and not prod.empty:
        parts.append(
            prod.rename(columns={"region": "country_iso3", "va_loss_usd": "cost_usd"})[cols]
        )
    if not parts:
        return pd.DataFrame(columns=cols)
    out = pd.concat(parts, ignore_index=True)
    return out.groupby(cols[:3], as_index=False)["cost_usd"].sum()


def leverage_by_day(
    by_day: pd.DataFrame, gdp: dict[str, float], neighbour: str | None
) -> pd.DataFrame:
    """Cumulative cost share of GDP, neighbour over US, per replication and day [-], on the
    headline basis (:func:`cost_by_day`)."""
    cols = ["replication", "day", "leverage_ratio"]
    if neighbour is None or by_day.empty or neighbour not in gdp or "USA" not in gdp:
        return pd.DataFrame(columns=cols)
    wide = by_day.pivot_table(
        index=["replication", "day"], columns="country_iso3", values="cost_usd", aggfunc="sum"
    ).fillna(0.0)
    if neighbour not in wide or "USA" not in wide:
        return pd.DataFrame(columns=cols)
    cum = wide.groupby(level="replication").cumsum()
    us = cum["USA"] / float(gdp["USA"])
    other = cum[neighbour] / float(gdp[neighbour])
    ratio = (other / us.where(us > 0)).rename("leverage_ratio")
    return ratio.reset_index().dropna()[cols]


def cost_breakdown(impact: Any) -> pd.DataFrame:
    """``replication, country_iso3, direct_usd, production_usd, northbound_usd, southbound_usd``."""
    c = impact.countries.rename(
        columns={
            "country": "country_iso3",
            "direct_cost_usd": "direct_usd",
            "production_loss_usd": "production_usd",
        }
    )[["replication", "country_iso3", "direct_usd", "production_usd"]]
    d = getattr(impact, "by_direction", None)
    if d is None or d.empty:
        return c.assign(northbound_usd=c["direct_usd"] + c["production_usd"], southbound_usd=0.0)
    d = d.rename(columns={"country": "country_iso3"})
    d["northbound_usd"] = d["direct_northbound_usd"] + d["production_northbound_usd"]
    d["southbound_usd"] = d["direct_southbound_usd"] + d["production_southbound_usd"]
    return c.merge(
        d[["replication", "country_iso3", "northbound_usd", "southbound_usd"]],
        on=["replication", "country_iso3"],
        how="left",
    ).fillna(0.0)


def window_days(resolved: ResolvedScenario) -> tuple[int, int]:
    """Scenario days touched by any policy, ``[first, last + 1)``, clipped to the horizon; the
    whole horizon without policies (an empty window where every policy lies outside it)."""
    horizon = int(resolved.spec.horizon_days)
    span = resolved.policy_window_min()
    if span is None:
        return 0, horizon
    d0 = min(max(int(span[0] // MIN_PER_DAY), 0), horizon)
    d1 = min(max(int(-(-span[1] // MIN_PER_DAY)), d0), horizon)
    return d0, d1


def outcomes_per_replication(
    daily: pd.DataFrame | None, resolved: ResolvedScenario, trade: pd.DataFrame
) -> pd.DataFrame:
    """Trade blocked / delivered / delayed per replication (empty without a ``daily`` frame)."""
    if daily is None or daily.empty:
        return pd.DataFrame()
    from borderlever.economics.outcomes import outcomes_by_replication, trade_outcomes

    out = trade_outcomes(daily, trade, window_days(resolved), resolved.spec.economics.trade_year)
    return outcomes_by_replication(out, resolved.spec.replications).reset_index()


def economics_figures_from_impact(
    impact: Any,
    resolved: ResolvedScenario,
    trade: pd.DataFrame,
    daily: pd.DataFrame | None = None,
    io_label: str = "",
    exposure: pd.DataFrame | None = None,
    state_exposure: pd.DataFrame | None = None,
    state_trade: tuple[pd.DataFrame | None, pd.DataFrame | None] | None = None,
) -> EconomicsFigures:
    """The :class:`EconomicsFigures` of an ``ImpactResult`` (and of the simulated ``daily``
    frame, for trade blocked and delayed)."""
    spec = resolved.spec
    span = resolved.policy_window_min()
    days = (span[1] - span[0]) / MIN_PER_DAY if span else float(spec.horizon_days)
    countries = impact.countries
    cost = countries.rename(columns={"country": "country_iso3", "total_cost_usd": "cost_usd"})[
        ["replication", "country_iso3", "cost_usd"]
    ]
    gdp = {str(k): float(v) for k, v in countries.groupby("country")["gdp_usd"].first().items()}
    neighbour = _neighbour(impact)
    lev = impact.leverage
    ratios = (
        lev[lev["neighbour"] == neighbour].sort_values("replication")["leverage_ratio"].tolist()
        if neighbour is not None
        else []
    )
    prod = impact.production
    sector = pd.DataFrame(columns=["country_iso3", "sector", "cost_usd"])
    if prod is not None and not prod.empty:
        p = prod.assign(cost_usd=prod["va_loss_usd"])
        sector = (
            p.groupby(["region", "sector"], as_index=False)["cost_usd"]
            .mean()
            .rename(columns={"region": "country_iso3"})
        )
        sector = sector[sector["cost_usd"] > 0]
        sector["sector_name"] = sector["sector"].map(sector_label)  # bundled WIOD names
    states = impact.states
    state = pd.DataFrame(columns=["state", "cost_usd"])
    if states is not None and not states.empty:
        state = (
            states.groupby("state", as_index=False)["us_direct_cost_usd"]
            .mean()
            .rename(columns={"us_direct_cost_usd": "cost_usd"})
        )
    us_cost = cost[cost["country_iso3"] == "USA"].groupby("replication")["cost_usd"].sum()
    state = headline_cost_by_state(
        state,
        float(us_cost.mean()) if len(us_cost) else 0.0,
        us_trade_shares(state_trade, spec.economics.trade_year),
    )
    notes = [f"economics {r.kind} ({r.subject}): {r.message}" for r in impact.notes.itertuples()]
    by_day = cost_by_day(impact)
    bounds = getattr(impact, "static_bounds", None)
    if bounds is None:
        bounds = pd.DataFrame(
            columns=["replication", "country", "demand_side_usd", "supply_side_usd"]
        )
    concession = getattr(spec.economics, "concession_value_usd", None)
    return EconomicsFigures(
        trade_at_stake_usd=trade_at_stake_usd(resolved, trade, spec.economics.trade_year),
        policy_days=days,
        cost_by_country=cost,
        gdp_usd=gdp,
        leverage_by_day=leverage_by_day(by_day, gdp, neighbour),
        leverage_ratio=[float(x) for x in ratios],
        cost_by_sector=sector,
        cost_by_state=state,
        notes=notes,
        cost_breakdown=cost_breakdown(impact),
        static_bounds=bounds.rename(columns={"country": "country_iso3"}),
        cost_by_day=by_day,
        io_table=io_label,
        exposure=exposure if exposure is not None else pd.DataFrame(),
        state_exposure=state_exposure if state_exposure is not None else pd.DataFrame(),
        concession_value_usd=_concession(concession, list(gdp)),
        trade_outcomes=outcomes_per_replication(daily, resolved, trade),
    )


def _concession(value: Any, countries: list[str]) -> dict[str, float]:
    """ISO3 -> the concession's value to that side [USD] from the scenario's
    ``economics.concession_value_usd`` (one number for every side, or a mapping)."""
    if value is None:
        return {}
    if isinstance(value, dict):
        return {str(k): float(v) for k, v in value.items()}
    return {c: float(value) for c in countries}


def southbound_blocked(resolved: ResolvedScenario) -> tuple[pd.DataFrame | None, list[str]]:
    """``port_code, mode, day, blocked_share`` of US exports stopped by the scenario's policies
    that act southbound (closures: the share of each day they cover); notes for the kinds whose
    southbound effect is not priced."""
    from borderlever.economics.directions import closure_blocked_share

    days = resolved.spec.horizon_days
    rows: list[tuple[str, str, int, float]] = []
    notes: list[str] = []
    for pol in resolved.policies:
        if "southbound" not in pol.directions:
            continue
        if pol.kind != "closure":
            notes.append(
                f"policy {pol.index} ({pol.kind}) acts southbound: its effect on US exports is "
                "not priced (no southbound queue is simulated)"
            )
            continue
        share = closure_blocked_share(list(pol.intervals_min), days)
        modes = {FREIGHT_CLASSES[c] for c in pol.vehicle_classes if c in FREIGHT_CLASSES}
        for port in pol.port_codes:
            for mode in sorted(modes):
                rows.extend((port, mode, d, float(v)) for d, v in enumerate(share) if v > 0)
    if not rows:
        return None, notes
    frame = pd.DataFrame(rows, columns=["port_code", "mode", "day", "blocked_share"])
    out = pd.DataFrame(
        frame.groupby(["port_code", "mode", "day"], as_index=False)["blocked_share"].max()
    )
    return out, notes


def state_exposure_of(
    inputs: Mapping[str, Any],
    gdp: pd.DataFrame | None,
    values: Mapping[str, float],
    year: int | None,
) -> pd.DataFrame:
    """Each side's exposed economy from the store's state tables
    (:func:`borderlever.economics.exposure.state_exposure`) at the run's
    ``economics.exposure.trade_share_threshold``; empty where the store has no state tables."""
    from borderlever.economics.exposure import load_state_gdp, state_exposure
    from borderlever.economics.leverage import latest_gdp

    us, mx = inputs.get("state_trade") or (None, None)
    if us is None or us.empty or mx is None or gdp is None or gdp.empty:
        return pd.DataFrame()
    national = latest_gdp(gdp, ["USA", "MEX"])
    return state_exposure(
        us,
        mx,
        load_state_gdp(),
        dict(zip(national["country"], national["gdp_usd"], strict=True)),
        float(values["economics.exposure.trade_share_threshold"]),
        year,
    )


def us_trade_shares(
    state_trade: tuple[pd.DataFrame | None, pd.DataFrame | None] | None, year: int | None
) -> pd.DataFrame | None:
    """``state, trade_share``: each US state's share of US-Mexico trade (exports by origin plus
    imports by destination) in ``year`` or the latest year of the ``us_state_trade`` view; None
    without it."""
    from borderlever.economics.exposure import trade_by_state

    us = (state_trade or (None, None))[0]
    if us is None or us.empty:
        return None
    years = set(us["year"].astype(int))
    yr = int(year) if year is not None and int(year) in years else max(years)
    shares = trade_by_state(us, None, yr)
    shares = shares[shares["country_iso3"] == "USA"]
    return shares[["state_name", "trade_share"]].rename(columns={"state_name": "state"})


def headline_cost_by_state(
    direct: pd.DataFrame, us_total_usd: float, shares: pd.DataFrame | None
) -> pd.DataFrame:
    """The US headline cost by state [USD]: direct costs as allocated by each port's state trade
    shares, plus the rest of the US cost (value-added loss and anything else not allocated)
    split by each state's share of US-Mexico trade; the parts sum to ``us_total_usd``.

    Without ``shares`` the direct costs alone are returned (the chart then says so).

    Examples
    --------
    >>> d = pd.DataFrame({"state": ["Texas"], "cost_usd": [10.0]})
    >>> sh = pd.DataFrame({"state": ["Texas", "Michigan"], "trade_share": [0.75, 0.25]})
    >>> headline_cost_by_state(d, 110.0, sh).set_index("state")["cost_usd"].to_dict()
    {'Texas': 85.0, 'Michigan': 25.0}
    """
    if shares is None or shares.empty:
        return direct
    rest = max(float(us_total_usd) - float(direct["cost_usd"].sum()), 0.0)
    out = shares.assign(cost_usd=shares["trade_share"] * rest)[["state", "cost_usd"]]
    out = pd.concat([out, direct[["state", "cost_usd"]]], ignore_index=True)
    out = pd.DataFrame(out.groupby("state", as_index=False)["cost_usd"].sum())
    out = out[out["cost_usd"] > 0].sort_values("cost_usd", ascending=False)
    return out.assign(basis="headline").reset_index(drop=True)
