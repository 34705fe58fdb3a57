"""``impact_from_sim``: one call from a simulation's ``daily`` frame to an :class:`ImpactResult`.

Every figure is computed per replication; ``ImpactResult.summary`` gives the mean and a
``params.interval_level`` confidence interval of the mean across replications (Student t).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from borderlever.economics.ario import ArioModel
from borderlever.economics.costs import (
    backlog,
    check_daily,
    has_baseline_columns,
    trade_and_costs,
    vehicle_values,
)
from borderlever.economics.directions import southbound_flows
from borderlever.economics.dynamic import (
    ario_params,
    build_links,
    dynamic_losses,
    recovery_shares,
    sector_daily,
)
from borderlever.economics.inputoutput import IOTable
from borderlever.economics.leverage import country_shares, latest_gdp, leverage_ratios
from borderlever.economics.params import DEFAULT_PARAMS, EconParams
from borderlever.economics.passengers import with_passenger_costs
from borderlever.economics.production import (
    bilateral_flows,
    load_concordance,
    production_losses,
    to_sectors,
)
from borderlever.economics.summary import summarize_result
from borderlever.economics.trade import annual_trade, days_in_year
from borderlever.parameters import resolve

NOTE_COLUMNS = ["kind", "subject", "message"]


@dataclass(frozen=True)
class ImpactResult:
    """Economic impact of a policy, per replication, with a summary.  All money in USD.

    Attributes
    ----------
    trade : DataFrame
        Per ``replication, port_code, mode, direction, exporter, importer``: ``baseline_usd``
        (trade at risk), ``served_usd``, ``deferred_usd``, ``diverted_usd``, ``lost_usd``,
        ``spoiled_usd``, ``delay_value_usd_h`` [USD h], summed over days.
    daily : DataFrame
        Per ``replication, day, country``: ``cost_usd`` (direct costs that day) and
        ``cumulative_cost_usd``.
    costs : DataFrame
        Per ``replication, port_code, component, role, country``: ``cost_usd`` (direct costs:
        truck_wait, truck_detour, cargo_holding, spoilage).
    production : DataFrame
        Per ``replication, region, sector``: ``va_loss_usd`` and ``output_loss_usd`` of the
        dynamic model (:mod:`borderlever.economics.ario`) over the policy and the recovery.
    countries : DataFrame
        Per ``replication, country``: ``direct_cost_usd``, ``production_loss_usd`` (value added,
        dynamic model), ``total_cost_usd``, ``gdp_usd``, ``gdp_year``, ``share_of_gdp``,
        ``cost_usd_per_day``, ``share_of_gdp_per_day``, ``policy_days``.
    leverage : DataFrame
        Per ``replication, neighbour``: GDP shares and ``leverage_ratio``, for the neighbours
        that trade through the simulated ports (other countries' costs stay in ``countries``).
    sectors : DataFrame
        Per ``replication, exporter, importer, hs2``: ``lost_usd``, ``deferred_usd``,
        ``diverted_usd`` (which commodities carry the disruption).
    states : DataFrame
        Per ``replication, state``: US direct costs and lost trade allocated to US states by each
        port's state shares (empty without a ``state_port_trade`` frame).
    production_daily : DataFrame
        Per ``replication, day, region``: ``va_loss_usd`` (dynamic model; days past the
        simulated horizon are the recovery).
    by_direction : DataFrame
        Per ``replication, country``: ``direct_northbound_usd, direct_southbound_usd,
        production_northbound_usd, production_southbound_usd`` (production: Shapley split).
    static_bounds : DataFrame
        Per ``replication, country``: ``demand_side_usd`` (Leontief value added of the trade
        lost for good) and ``supply_side_usd`` (Ghosh value added of the imports missing in the
        policy window, no buffers): static figures for comparison, never added to the headline.
    summary : DataFrame
        ``figure, key, mean, ci_low, ci_high, n_replications``.
    notes : DataFrame
        ``kind, subject, message``: missing data (e.g. "no trade data for port X"), assumptions
        that bit, the IO table's stretch to current trade.
    params : EconParams
        The parameters used.
    """

    trade: pd.DataFrame
    daily: pd.DataFrame
    costs: pd.DataFrame
    production: pd.DataFrame
    countries: pd.DataFrame
    leverage: pd.DataFrame
    sectors: pd.DataFrame
    states: pd.DataFrame
    summary: pd.DataFrame
    notes: pd.DataFrame
    params: EconParams = field(default=DEFAULT_PARAMS)
    production_daily: pd.DataFrame = field(default_factory=pd.DataFrame)
    by_direction: pd.DataFrame = field(default_factory=pd.DataFrame)
    static_bounds: pd.DataFrame = field(default_factory=pd.DataFrame)


def impact_from_sim(
    daily_df: pd.DataFrame,
    trade_df: pd.DataFrame,
    gdp_df: pd.DataFrame,
    io_table: IOTable | None,
    params: EconParams = DEFAULT_PARAMS,
    *,
    baseline_daily: pd.DataFrame | None = None,
    year: int | None = None,
    policy_days: float | None = None,
    state_trade_df: pd.DataFrame | None = None,
    southbound: pd.DataFrame | None = None,
    model_values: Mapping[str, float] | None = None,
    defer_share: float = 0.7,
) -> ImpactResult:
    """Economic impact of a simulated policy.

    Parameters
    ----------
    daily_df : DataFrame
        ``SimResult.daily`` (contract in ``docs/economics.md``); freight classes
        ``truck_standard``, ``truck_fast`` (mode truck) and ``rail`` are used.
    trade_df : DataFrame
        ``port_year_trade`` view.
    gdp_df : DataFrame
        ``gdp`` view (``country_iso3, year, gdp_usd``).
    io_table : IOTable or None
        USA/MEX/CAN/ROW table (:func:`~borderlever.economics.inputoutput.read_wiod_na4`); None
        skips production losses (noted).
    params : EconParams
        Parameters (:func:`~borderlever.economics.params.with_overrides` for scenario overrides).
    baseline_daily : DataFrame, optional
        ``daily`` of a no-policy run: waiting beyond its mean wait per vehicle counts as delay.
        Without it the simulator's ``baseline_served`` / ``baseline_wait_vehicle_h`` columns of
        ``daily_df`` are used where present; without either all waiting counts (noted).
    year : int, optional
        Trade year; default the latest full year.
    policy_days : float, optional
        Length of the policy [days], for per-day figures and the inventory buffers; default the
        number of days with traffic deferred, cancelled or diverted, per replication.
    state_trade_df : DataFrame, optional
        ``state_port_trade`` view (``port_code, us_state`` or ``state``, ``value_usd``, optional
        ``year``; more columns ignored).
    southbound : DataFrame, optional
        ``port_code, mode, day, blocked_share``: the share of each day's southbound freight
        (US exports) the policy stops (:mod:`borderlever.economics.directions`); None: US
        exports cross as usual (an inbound-only policy).
    model_values : mapping, optional
        One run's parameter values (:func:`borderlever.parameters.resolve`); default the
        registry defaults.
    defer_share : float
        Share of blocked southbound freight that waits and crosses later (the scenario's
        ``reactions``: deferral / (deferral + cancellation)) [0-1].

    Returns
    -------
    ImpactResult
    """
    notes: list[tuple[str, str, str]] = []
    flows = check_daily(daily_df)
    base_flows = (
        check_daily(baseline_daily, "baseline daily") if baseline_daily is not None else None
    )
    if base_flows is None and not has_baseline_columns(flows):
        notes.append(
            ("assumption", "waiting", "no baseline run given: all waiting counts as delay")
        )
    annual = annual_trade(trade_df, year)
    yr = int(annual.attrs["year"])
    for port in sorted(set(flows["port_code"]) - set(annual["port_code"])):
        notes.append(("missing", port, f"no trade data for port {port}"))
    values = vehicle_values(annual, flows, days_in_year(yr))
    for port, mode in sorted(set(zip(flows["port_code"], flows["mode"], strict=True))):
        if (
            port in set(annual["port_code"])
            and not ((values["port_code"] == port) & (values["mode"] == mode)).any()
        ):
            notes.append(
                (
                    "missing",
                    port,
                    f"no {mode} trade (or no baseline {mode} traffic) for port {port}",
                )
            )
    values_run = resolve() if model_values is None else dict(model_values)
    north_v = values[values["direction"] == "import"]
    south_v = values[values["direction"] == "export"]
    south = southbound_flows(
        flows, southbound, defer_share, float(values_run["economics.border_catchup_headroom"])
    )
    trade_n, costs_n = trade_and_costs(flows, north_v, params, base_flows)
    trade_s, costs_s = trade_and_costs(south, south_v, params)
    trade_d = pd.concat([trade_n, trade_s], ignore_index=True)
    costs_d = pd.concat([costs_n, costs_s], ignore_index=True)
    costs_d = with_passenger_costs(costs_d, daily_df, params, notes)  # arith hook (issue 12)
    days = _policy_days(flows, policy_days)
    sectors = pd.concat(
        [_sector_trade(flows, north_v), _sector_trade(south, south_v)], ignore_index=True
    )
    conc = load_concordance(float(values_run["economics.hs84_to_c14_share"]))
    daily_sec = pd.concat(
        [sector_daily(flows, north_v, conc), sector_daily(south, south_v, conc)],
        ignore_index=True,
    )
    dyn = _dynamic(io_table, daily_sec, flows, values_run, notes, annual)
    production, prod_daily, prod_dir = dyn
    bounds, final_usd = _static_bounds(io_table, sectors, days, params, values_run, conc)
    countries = _countries(costs_d, production, gdp_df, days)
    for country in sorted({"USA", "MEX", "CAN"} - set(countries["country"])):
        notes.append(("missing", country, f"no GDP for {country}: its GDP share is not reported"))
    result = ImpactResult(
        trade=_sum(
            trade_d, ["replication", "port_code", "mode", "direction", "exporter", "importer"]
        ),
        daily=_daily(costs_d),
        costs=_sum(costs_d, ["replication", "port_code", "component", "role", "country"]),
        production=production,
        countries=countries,
        leverage=leverage_ratios(countries, _neighbours(trade_d)),
        sectors=sectors,
        states=_states(costs_d, trade_d, state_trade_df, yr),
        summary=pd.DataFrame(),
        notes=pd.DataFrame(notes, columns=NOTE_COLUMNS),
        params=params,
        production_daily=prod_daily,
        by_direction=_by_direction(costs_d, prod_dir, countries),
        static_bounds=bounds,
    )
    summary = summarize_result(result, final_usd)
    return ImpactResult(**{**result.__dict__, "summary": summary})


def _neighbours(trade: pd.DataFrame) -> list[str]:
    """Neighbours that trade through the simulated ports (leverage is reported for these)."""
    partners = set(trade["exporter"]) | set(trade["importer"])
    return [c for c in ("MEX", "CAN") if c in partners]


def _sum(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    num = [c for c in frame.columns if c not in keys and c != "day" and frame[c].dtype.kind == "f"]
    return frame.groupby(keys, as_index=False)[num].sum()


def _daily(costs: pd.DataFrame) -> pd.DataFrame:
    out = costs.groupby(["replication", "day", "country"], as_index=False)[["cost_usd"]].sum()
    out = out.sort_values(["replication", "country", "day"])
    out["cumulative_cost_usd"] = out.groupby(["replication", "country"])["cost_usd"].cumsum()
    return out.reset_index(drop=True)


def _policy_days(flows: pd.DataFrame, policy_days: float | None) -> pd.Series:
    reps = sorted(set(flows["replication"]))
    if policy_days is not None:
        return pd.Series(float(policy_days), index=reps)
    hit = flows[(flows["deferred"] + flows["cancelled"] + flows["diverted_out"]) > 0]
    return hit.groupby("replication")["day"].nunique().reindex(reps, fill_value=0).astype(float)


def _sector_trade(flows: pd.DataFrame, values: pd.DataFrame) -> pd.DataFrame:
    tot = (
        backlog(flows)
        .groupby(["replication", "port_code", "mode"], as_index=False)[
            ["cancelled", "deferred_new", "diverted_out"]
        ]
        .sum()
    )
    m = tot.merge(values, on=["port_code", "mode"])
    v = m["value_usd_per_vehicle"]
    m["exporter"] = np.where(m["direction"] == "import", m["country"], "USA")
    m["importer"] = np.where(m["direction"] == "import", "USA", m["country"])
    m["lost_usd"], m["deferred_usd"] = m["cancelled"] * v, m["deferred_new"] * v
    m["diverted_usd"] = m["diverted_out"] * v
    keys = ["replication", "exporter", "importer", "hs2"]
    return m.groupby(keys, as_index=False)[["lost_usd", "deferred_usd", "diverted_usd"]].sum()


def _dynamic(
    io: IOTable | None,
    daily_sec: pd.DataFrame,
    flows: pd.DataFrame,
    values: Mapping[str, float],
    notes: list[tuple[str, str, str]],
    annual: pd.DataFrame,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Value-added losses of the dynamic model per replication (by sector, by day, by direction)."""
    reps = sorted(set(flows["replication"]))
    empty = (
        pd.DataFrame(columns=["replication", "region", "sector", "va_loss_usd", "output_loss_usd"]),
        pd.DataFrame(columns=["replication", "day", "region", "va_loss_usd"]),
        pd.DataFrame(columns=["replication", "region", "northbound_usd", "southbound_usd"]),
    )
    if io is None:
        notes.append(
            ("missing", "io_table", "no input-output table: production losses not computed")
        )
        return empty
    involved = set(daily_sec["exporter"]) | set(daily_sec["importer"])
    _note_io_stretch(io, annual[annual["country"].isin(involved)], annual, notes)
    model = ArioModel(io)
    horizon = int(flows["day"].max()) + 1 if len(flows) else 0
    links = build_links(model, daily_sec, recovery_shares(values), horizon)
    notes.extend(links.notes)
    params = ario_params(values)
    if "MEX" in model.regions:
        from borderlever.economics.maquila import domestic_va_content

        share = float(values["economics.mex_export_mfg_domestic_va_share"])
        scale = _mex_va_scale(io, values)
        params = dataclasses.replace(params, va_scale={"MEX": scale})
        notes.append(
            (
                "assumption",
                "maquila",
                f"Mexico's value added per unit of output lost scaled by {scale:.2f}: INEGI's "
                f"domestic value added of export manufacturing ({share:.0%}) over the table's "
                f"({domestic_va_content(io):.0%}, maquila not separated)",
            )
        )
    losses = dynamic_losses(model, links, params, reps)
    return losses.by_sector, losses.by_day, losses.by_direction


def _mex_va_scale(io: IOTable, values: Mapping[str, float]) -> float:
    """Mexico's value-added scale for maquila (:func:`borderlever.economics.maquila.va_scale`)."""
    from borderlever.economics.maquila import va_scale

    return va_scale(io, float(values["economics.mex_export_mfg_domestic_va_share"]))


def _static_bounds(
    io: IOTable | None,
    sectors: pd.DataFrame,
    days: pd.Series,
    params: EconParams,
    values: Mapping[str, float],
    conc: pd.DataFrame,
) -> tuple[pd.DataFrame, pd.Series]:
    """Static Leontief (trade lost for good) and Ghosh (missing imports, no buffers) figures."""
    cols = ["replication", "country", "demand_side_usd", "supply_side_usd"]
    if io is None or sectors.empty:
        return pd.DataFrame(columns=cols), pd.Series(dtype=float)
    known = set(io.regions)
    sel = sectors[sectors["exporter"].isin(known) & sectors["importer"].isin(known)]
    keys = ["replication", "exporter", "importer", "hs2"]
    lost = to_sectors(sel.rename(columns={"lost_usd": "value_usd"})[[*keys, "value_usd"]], conc)
    share = recovery_shares(values)
    lost["value_usd"] *= 1.0 - lost["sector"].map(share).fillna(0.0)
    missing = to_sectors(
        sel.assign(value_usd=sel["lost_usd"] + sel["deferred_usd"])[[*keys, "value_usd"]], conc
    )
    no_buffers = dataclasses.replace(params, inventory_buffer_days=0.0, buffer_days_by_sector={})
    missing_by_rep = dict(list(missing.groupby("replication")))
    rows, final = [], {}
    scale = {"MEX": _mex_va_scale(io, values)} if "MEX" in known else {}
    for rep, lost_r in lost.groupby("replication"):
        miss = missing_by_rep.get(rep, lost_r.iloc[:0])
        out, final_usd = production_losses(io, lost_r, miss, float(days.get(rep, 0.0)), no_buffers)
        by = out.groupby("region")[["va_loss_demand_usd", "va_loss_supply_usd"]].sum()
        for country, row in by.iterrows():
            k = scale.get(str(country), 1.0)  # the same valuation as the dynamic model's
            rows.append(
                (rep, country, k * row["va_loss_demand_usd"], k * row["va_loss_supply_usd"])
            )
        final[rep] = final_usd
    return pd.DataFrame(rows, columns=cols), pd.Series(final, dtype=float)


def _by_direction(
    costs: pd.DataFrame, prod_dir: pd.DataFrame, countries: pd.DataFrame
) -> pd.DataFrame:
    """Each direction's part of each country's cost: direct costs by the direction of the freight
    that caused them, production losses by their Shapley split."""
    keys = ["replication", "country"]
    grid = countries[keys].drop_duplicates()
    c = costs.assign(d=costs["direction"].map({"import": "northbound", "export": "southbound"}))
    direct = c.pivot_table(index=keys, columns="d", values="cost_usd", aggfunc="sum")
    direct = direct.reindex(columns=["northbound", "southbound"]).fillna(0.0)
    direct.columns = ["direct_northbound_usd", "direct_southbound_usd"]
    prod = prod_dir.rename(
        columns={
            "region": "country",
            "northbound_usd": "production_northbound_usd",
            "southbound_usd": "production_southbound_usd",
        }
    ).set_index(keys)
    out = grid.set_index(keys).join(direct).join(prod).fillna(0.0)
    return out.reset_index()


def _note_io_stretch(
    io: IOTable, involved: pd.DataFrame, annual: pd.DataFrame, notes: list[tuple[str, str, str]]
) -> None:
    """Note current goods trade (all ports, the trade frame) beside the table's 2011 flows."""
    for neighbour in sorted(set(involved["country"]) & set(io.regions)):
        for exporter, importer, direction in [
            (neighbour, "USA", "import"),
            ("USA", neighbour, "export"),
        ]:
            now = annual.loc[
                (annual["country"] == neighbour) & (annual["direction"] == direction), "value_usd"
            ].sum()
            then = bilateral_flows(io, exporter, importer) * 1e6  # WIOD in USD million
            if then > 0:
                notes.append(
                    (
                        "io_scaling",
                        f"{exporter}->{importer}",
                        f"goods trade in the trade year {now / 1e9:.1f} bn USD vs {then / 1e9:.1f} bn "
                        f"(goods and services) in the {io.year} IO table: ratio {now / then:.2f}; "
                        "shocks are in current USD applied to the table's coefficients",
                    )
                )


def _countries(
    costs: pd.DataFrame, production: pd.DataFrame, gdp_df: pd.DataFrame, days: pd.Series
) -> pd.DataFrame:
    reps = sorted(set(costs["replication"]) | set(days.index))
    grid = pd.MultiIndex.from_product(
        [reps, ["USA", "MEX", "CAN"]], names=["replication", "country"]
    )
    direct = (
        costs.groupby(["replication", "country"])["cost_usd"].sum().reindex(grid, fill_value=0.0)
    )
    prod = production.groupby(["replication", "region"])["va_loss_usd"].sum()
    prod.index = prod.index.set_names(["replication", "country"])
    out = pd.DataFrame({"direct_cost_usd": direct})
    out["production_loss_usd"] = prod.reindex(grid, fill_value=0.0)
    out["total_cost_usd"] = out["direct_cost_usd"] + out["production_loss_usd"]
    out = out.reset_index()
    present = [c for c in ("USA", "MEX", "CAN") if c in set(gdp_df["country_iso3"])]
    out = country_shares(out[out["country"].isin(present)], latest_gdp(gdp_df, present), days)
    out["policy_days"] = out["replication"].map(days)
    return out


def _states(
    costs: pd.DataFrame, trade: pd.DataFrame, state_trade_df: pd.DataFrame | None, year: int
) -> pd.DataFrame:
    """Allocate US direct costs and lost trade of each port (and mode, where the frame has
    ``mode``) to US states by their shares of that port's trade (``state_port_trade``: the US
    state of origin of exports / destination of imports; the trade year where it has ``year``)."""
    cols = ["replication", "state", "us_direct_cost_usd", "us_lost_trade_usd"]
    if state_trade_df is None or state_trade_df.empty:
        return pd.DataFrame(columns=cols)
    st = state_trade_df.rename(columns={"us_state": "state"})
    if "year" in st.columns and (st["year"] == year).any():
        st = st[st["year"] == year]
    st = st.copy()
    st["port_code"] = st["port_code"].astype(str).str.zfill(4)
    keys = ["port_code", "mode"] if "mode" in st.columns else ["port_code"]
    st = st.groupby([*keys, "state"], as_index=False)[["value_usd"]].sum()
    st["w"] = st["value_usd"] / st.groupby(keys)["value_usd"].transform("sum")
    us_cost = costs[costs["country"] == "USA"].groupby(["replication", *keys])["cost_usd"].sum()
    lost = trade.groupby(["replication", *keys])["lost_usd"].sum()
    port = pd.DataFrame({"us_direct_cost_usd": us_cost, "us_lost_trade_usd": lost}).fillna(0.0)
    m = port.reset_index().merge(st[[*keys, "state", "w"]], on=keys)
    for c in ("us_direct_cost_usd", "us_lost_trade_usd"):
        m[c] = m[c] * m["w"]
    return m.groupby(["replication", "state"], as_index=False)[cols[2:]].sum()
