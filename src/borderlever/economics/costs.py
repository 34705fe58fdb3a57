"""From a simulation's ``daily`` frame to trade delayed, deferred, lost and the costs of delay.

Trade at risk is not economic loss.  Per replication, port, mode and day this module separates:

- ``baseline_usd``: trade that would have crossed with no policy (trade at risk);
- ``served_usd``: trade that crossed; ``deferred_usd``: trade held back to cross later;
  ``diverted_usd``: trade that left for another port; ``lost_usd``: trade cancelled;
- ``delay_value_usd_h``: value x excess waiting time of crossed trade [USD h];
- costs [USD]: truck operating cost of excess waiting, cargo holding cost (in queue and in the
  deferral backlog) and spoilage of perishables held past their shelf time (per product group:
  :mod:`borderlever.economics.perishables`).

Each vehicle carries the port's average value per vehicle for its mode and direction, calibrated so
that the baseline arrivals over the simulated days carry the port's average daily trade
(:func:`vehicle_values`).  The simulated vehicles are northbound (into the US); US exports at the
same port are assumed disrupted in the same proportions (deferred, cancelled, diverted) as
northbound traffic, without waiting-time costs (southbound queues are not simulated).

References
----------
ATRI (2024), An Analysis of the Operational Costs of Trucking: 2024 Update (truck cost per hour).
Hummels, D. and Schaur, G. (2013), "Time as a Trade Barrier", American Economic Review 103(7).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from borderlever.economics.params import EconParams
from borderlever.economics.perishables import PerishableTable, spoilable_values
from borderlever.errors import DataError

#: Flow columns of the ``daily`` contract (HELPERS.md), summed per mode.
FLOW_COLUMNS = [
    "baseline_arrivals",
    "arrivals",
    "served",
    "wait_vehicle_h",
    "deferred",
    "cancelled",
    "diverted_out",
    "diverted_in",
    "queue_end",
]
#: The ``daily`` contract: one row per replication x port_code x vehicle_class x day.
DAILY_COLUMNS = ("replication", "port_code", "vehicle_class", "day", *FLOW_COLUMNS)
#: Vehicle classes that carry freight, and the TransBorder mode they stand for.
FREIGHT_CLASSES: dict[str, str] = {"truck_standard": "truck", "truck_fast": "truck", "rail": "rail"}
GROUP = ["replication", "port_code", "mode"]
#: Columns of the no-policy run that the simulator adds to ``daily`` (common random numbers).
BASELINE_COLUMNS = ("baseline_served", "baseline_wait_vehicle_h")
#: Reactions the no-policy run also has (drivers balk at normal queues too); where ``daily``
#: carries ``baseline_<name>`` for them, :func:`check_daily` keeps only the policy's excess.
REACTIONS = ("deferred", "cancelled", "diverted_out", "diverted_in", "returned")


def check_daily(daily_df: pd.DataFrame, source: str = "SimResult.daily") -> pd.DataFrame:
    """Check the ``daily`` contract and keep the freight classes, summed per mode.

    Returns
    -------
    DataFrame
        ``replication, port_code, mode ('truck'|'rail'), day`` and the flow columns (plus
        ``returned`` and ``detour_vehicle_h`` where the simulator provides them), sorted by day.

    Raises
    ------
    DataError
        A contract column is missing or a count is negative.
    """
    missing = [c for c in DAILY_COLUMNS if c not in daily_df.columns]
    if missing:
        raise DataError(
            f"daily frame lacks columns {missing}", file=source, expected=f"{list(DAILY_COLUMNS)}"
        )
    optional = [c for c in ("returned", "detour_vehicle_h") if c in daily_df.columns]
    cols = [*FLOW_COLUMNS, *optional]
    base_cols = [c for c in BASELINE_COLUMNS if c in daily_df.columns]
    neg = (daily_df[cols].to_numpy(float) < 0).any(axis=1)
    if neg.any():
        row = int(np.flatnonzero(neg)[0]) + 1
        raise DataError("negative count or hours", file=source, row=row, expected="values >= 0")
    sel = daily_df[daily_df["vehicle_class"].isin(list(FREIGHT_CLASSES))].copy()
    sel["mode"] = sel["vehicle_class"].map(FREIGHT_CLASSES)
    sel["port_code"] = sel["port_code"].astype(str).str.zfill(4)
    react = [f"baseline_{k}" for k in REACTIONS if f"baseline_{k}" in daily_df.columns]
    out = sel.groupby([*GROUP, "day"], as_index=False)[cols + base_cols + react].sum(min_count=1)
    out[cols] = out[cols].fillna(0.0)
    out = net_of_baseline(out)
    return out.sort_values([*GROUP, "day"]).reset_index(drop=True)


def net_of_baseline(flows: pd.DataFrame) -> pd.DataFrame:
    """Reactions the policy caused: ``max(0, x - baseline_x)`` per row, for x in :data:`REACTIONS`.

    Drivers defer, cancel and divert at normal queues too; the simulator runs the no-policy
    schedule with the same random numbers and reports its reactions as ``baseline_<x>``.  Only the
    excess is the policy's doing, so a policy that changes nothing (the two runs identical) leaves
    exactly zero.  The clip at zero is per row (replication, port, mode, day): a day on which the
    policy run has fewer reactions than the baseline adds nothing (common random numbers keep such
    days rare and small).  Rows without the baseline columns (an older frame, a run without a
    baseline) are left as they are; the raw counts are kept as ``gross_<x>``.

    Examples
    --------
    >>> f = pd.DataFrame({"cancelled": [5.0, 2.0], "baseline_cancelled": [5.0, 3.0]})
    >>> net_of_baseline(f)["cancelled"].tolist()
    [0.0, 0.0]
    """
    out = flows.copy()
    for k in REACTIONS:
        base = f"baseline_{k}"
        if k not in out.columns or base not in out.columns:
            continue
        b = out[base].to_numpy(dtype=float)
        x = out[k].to_numpy(dtype=float)
        out[f"gross_{k}"] = x
        out[k] = np.where(np.isfinite(b), np.maximum(x - np.nan_to_num(b), 0.0), x)
    return out


def excess_wait(flows: pd.DataFrame, baseline_flows: pd.DataFrame | None) -> pd.Series:
    """Waiting beyond normal: ``wait_vehicle_h - served x normal wait per vehicle`` [vehicle h].

    With the simulator's same-seed baseline columns (``baseline_wait_vehicle_h``,
    ``baseline_served``) the normal wait per vehicle is that of the same replication, port, mode
    and day in the no-policy run: ``wait - baseline_wait x (served / baseline_served)``, clipped
    at 0, which is exactly 0 where the two runs agree.  On a day the baseline served nothing, and
    with ``baseline_flows`` (a separate no-policy run), the normal wait is the mean per vehicle
    over the no-policy run per port and mode; without any baseline it is 0 and all waiting counts
    (gross delay).

    Examples
    --------
    >>> f = pd.DataFrame({"port_code": "2304", "mode": "truck", "served": [10.0, 12.0],
    ...     "wait_vehicle_h": [5.0, 30.0], "baseline_served": [10.0, 10.0],
    ...     "baseline_wait_vehicle_h": [5.0, 5.0]})
    >>> excess_wait(f, None).tolist()
    [0.0, 24.0]
    """
    wait = flows["wait_vehicle_h"].to_numpy(dtype=float)
    served = flows["served"].to_numpy(dtype=float)
    crn = np.zeros(len(flows), dtype=bool)
    same_day = np.zeros(len(flows))
    if has_baseline_columns(flows):
        b_served = flows["baseline_served"].to_numpy(dtype=float)
        b_wait = flows["baseline_wait_vehicle_h"].to_numpy(dtype=float)
        crn = np.isfinite(b_served) & np.isfinite(b_wait) & (b_served > 0)
        with np.errstate(divide="ignore", invalid="ignore"):
            same_day = np.where(crn, b_wait * (served / np.where(crn, b_served, 1.0)), 0.0)
    if baseline_flows is None or baseline_flows.empty:
        if not has_baseline_columns(flows):
            return pd.Series(wait, index=flows.index)
        baseline_flows = flows.assign(
            wait_vehicle_h=flows["baseline_wait_vehicle_h"], served=flows["baseline_served"]
        )
    tot = baseline_flows.groupby(["port_code", "mode"])[["wait_vehicle_h", "served"]].sum()
    normal = (tot["wait_vehicle_h"] / tot["served"].where(tot["served"] > 0)).fillna(0.0)
    key = pd.MultiIndex.from_frame(flows[["port_code", "mode"]])
    per_vehicle = normal.reindex(key).fillna(0.0).to_numpy()
    expected = np.where(crn, same_day, served * per_vehicle)
    return pd.Series(np.maximum(wait - expected, 0.0), index=flows.index)


def has_baseline_columns(flows: pd.DataFrame) -> bool:
    """Whether ``flows`` carries the simulator's no-policy columns with values."""
    return all(c in flows.columns for c in BASELINE_COLUMNS) and bool(
        flows["baseline_served"].notna().any()
    )


def backlog(flows: pd.DataFrame) -> pd.DataFrame:
    """Deferred vehicles not yet back, per day end, and their first-in-first-out ageing.

    ``returned`` is the simulator's column where present; otherwise the arrivals the baseline
    does not explain: ``max(0, arrivals - (baseline - deferred - cancelled - diverted_out +
    diverted_in))``.  ``backlog = max(0, cumsum(deferred - returned))`` [vehicles].
    A vehicle that returns while the port is still closed is deferred again; ``deferred_new =
    max(0, deferred - returned)`` counts each deferred vehicle once (a lower bound on a day where
    returns and fresh deferrals mix).

    Returns
    -------
    DataFrame
        ``flows`` plus ``returned``, ``deferred_new`` and ``backlog`` [vehicles].
    """
    out = flows.copy()
    if "returned" in out.columns:
        out["returned"] = out["returned"].astype(float)
    else:
        expected = (
            out["baseline_arrivals"]
            - out["deferred"]
            - out["cancelled"]
            - out["diverted_out"]
            + out["diverted_in"]
        )
        out["returned"] = (out["arrivals"] - expected).clip(lower=0.0)
    net = out["deferred"] - out["returned"]
    out["deferred_new"] = net.clip(lower=0.0)
    out["backlog"] = net.groupby([out[c] for c in GROUP]).cumsum().clip(lower=0.0)
    return out


def spoiled_vehicles(
    deferred: np.ndarray, backlog_end: np.ndarray, shelf_days: float
) -> np.ndarray:
    """Deferred vehicles still held ``ceil(shelf_days)`` days after deferral (FIFO) [vehicles].

    ``deferred[d]`` (new deferrals) join the backlog on day d; the backlog leaves first-in
    first-out (a vehicle deferred again on its return keeps its age).  The result
    is indexed by the day the shelf time runs out; cohorts whose shelf time ends after the last
    simulated day are not counted (the horizon is a limit of the simulation).

    Examples
    --------
    Ten trucks deferred on day 0 and none returned: with a 2-day shelf time they spoil on day 2.

    >>> spoiled_vehicles(np.array([10., 0, 0, 0]), np.array([10., 10, 10, 10]), 2.0)
    array([ 0.,  0., 10.,  0.])
    """
    n = len(deferred)
    k = max(1, math.ceil(shelf_days))
    cum_in = np.cumsum(deferred)
    cum_out = cum_in - backlog_end
    out = np.zeros(n)
    for d in range(n - k):
        lo = cum_in[d - 1] if d > 0 else 0.0
        still = cum_in[d] - max(lo, cum_out[d + k])
        out[d + k] += min(max(still, 0.0), deferred[d])
    return out


def vehicle_values(
    annual_by_port: pd.DataFrame, flows: pd.DataFrame, days_in_year: int
) -> pd.DataFrame:
    """Value carried per simulated vehicle by port, mode, direction and HS2 [USD/vehicle].

    ``value = (annual value / days_in_year) / mean daily baseline arrivals`` (mean over
    replications and simulated days), so baseline traffic carries the port's average daily trade.

    Parameters
    ----------
    annual_by_port : DataFrame
        ``port_code, country, direction, mode, hs2, value_usd`` for one year (annual_trade()).
    flows : DataFrame
        :func:`check_daily` output.
    days_in_year : int
        365 or 366.
    """
    mean_base = (
        flows.groupby(["port_code", "mode"])["baseline_arrivals"].mean().rename("base_per_day")
    )
    vals = annual_by_port.merge(mean_base.reset_index(), on=["port_code", "mode"], how="inner")
    vals = vals[vals["base_per_day"] > 0]
    vals["value_usd_per_vehicle"] = vals["value_usd"] / days_in_year / vals["base_per_day"]
    return vals[["port_code", "country", "direction", "mode", "hs2", "value_usd_per_vehicle"]]


def trade_and_costs(
    flows: pd.DataFrame,
    values: pd.DataFrame,
    params: EconParams,
    baseline_flows: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Trade outcomes and delay costs per replication, port, mode, day and direction.

    Returns
    -------
    trade : DataFrame
        ``replication, port_code, mode, day, direction, exporter, importer, baseline_usd,
        served_usd, deferred_usd, diverted_usd, lost_usd, delay_value_usd_h, backlog_usd,
        spoiled_usd`` [USD; USD h].
    costs : DataFrame
        Long: ``replication, port_code, mode, day, direction, component ('truck_wait' |
        'truck_detour' | 'cargo_holding' | 'spoilage'), country, role ('carrier' | 'exporter' |
        'importer'), cost_usd`` [USD].
    """
    f = backlog(flows)
    f["excess_wait_h"] = excess_wait(f, baseline_flows)
    spoil = spoilable_values(values, perishable_table(params))
    shelves = sorted(set(spoil["shelf_days"].astype(float)))
    rows = list(f.groupby(GROUP).indices.values())  # positions of each port-mode series
    new, held = f["deferred_new"].to_numpy(float), f["backlog"].to_numpy(float)
    for i, shelf in enumerate(shelves):
        spoiled = np.zeros(len(f))
        for pos in rows:
            spoiled[pos] = spoiled_vehicles(new[pos], held[pos], shelf)
        f[f"spoiled_{i}"] = spoiled
    per = _direction_values(values, spoil, shelves)
    merged = f.merge(per, on=["port_code", "mode"], how="inner")
    is_import = merged["direction"] == "import"
    v = merged["v_usd"]
    trade = merged[["replication", "port_code", "mode", "day", "direction", "country"]].copy()
    trade["exporter"] = np.where(is_import, merged["country"], "USA")
    trade["importer"] = np.where(is_import, "USA", merged["country"])
    for name, col in [
        ("baseline_usd", "baseline_arrivals"),
        ("served_usd", "served"),
        ("deferred_usd", "deferred_new"),
        ("diverted_usd", "diverted_out"),
        ("lost_usd", "cancelled"),
        ("backlog_usd", "backlog"),
    ]:
        trade[name] = merged[col] * v
    wait_h = np.where(is_import, merged["excess_wait_h"], 0.0)
    trade["delay_value_usd_h"] = wait_h * v
    trade["spoiled_usd"] = 0.0
    for i in range(len(shelves)):
        trade["spoiled_usd"] += merged[f"spoiled_{i}"] * merged[f"v_spoil_{i}"]
    costs = _allocate(merged, trade, wait_h, params)
    return trade.drop(columns="country"), costs


def perishable_table(params: EconParams) -> PerishableTable:
    """The perishable groups of ``params`` (the registry defaults where it carries none)."""
    table = getattr(params, "perishables", None)
    return table if table is not None else PerishableTable.defaults()


def _direction_values(
    values: pd.DataFrame, spoil: pd.DataFrame, shelves: list[float]
) -> pd.DataFrame:
    """Per port, mode, partner and direction: ``v_usd`` (value per vehicle) and ``v_spoil_<i>``
    (value lost per vehicle held past ``shelves[i]`` days) [USD/vehicle]."""
    keys = ["port_code", "mode", "country", "direction"]
    out = values.groupby(keys, as_index=False).agg(v_usd=("value_usd_per_vehicle", "sum"))
    for i, shelf in enumerate(shelves):
        part = spoil[spoil["shelf_days"].astype(float) == shelf].groupby(keys)["v_spoil_usd"].sum()
        out = out.merge(part.rename(f"v_spoil_{i}").reset_index(), on=keys, how="left")
        out[f"v_spoil_{i}"] = out[f"v_spoil_{i}"].fillna(0.0)
    return out


def _allocate(
    merged: pd.DataFrame, trade: pd.DataFrame, wait_h: np.ndarray, params: EconParams
) -> pd.DataFrame:
    """Assign each cost to the countries that bear it (rules in docs/economics.md)."""
    keys = trade[["replication", "port_code", "mode", "day", "direction"]]
    neighbour = merged["country"].to_numpy()
    is_truck = (merged["mode"] == "truck").to_numpy()
    # Truck waiting is counted once, on the import (northbound) row of each port-day.
    truck_h = np.where(is_truck, wait_h, 0.0)
    detour_h = np.zeros(len(merged))
    if "detour_vehicle_h" in merged:
        detour_h = np.where(
            is_truck & (merged["direction"] == "import"), merged["detour_vehicle_h"], 0
        )
    hold = (
        trade["delay_value_usd_h"] / 8760.0 + trade["backlog_usd"] / 365.0
    ) * params.holding_rate_per_year
    share_n = np.array([_carrier_share(params, c) for c in neighbour])
    exporter, importer = trade["exporter"].to_numpy(), trade["importer"].to_numpy()
    parts = [
        ("truck_wait", "carrier", neighbour, truck_h * params.truck_cost_usd_per_h * share_n),
        ("truck_wait", "carrier", "USA", truck_h * params.truck_cost_usd_per_h * (1 - share_n)),
        ("truck_detour", "carrier", neighbour, detour_h * params.truck_cost_usd_per_h * share_n),
        ("truck_detour", "carrier", "USA", detour_h * params.truck_cost_usd_per_h * (1 - share_n)),
        ("cargo_holding", "importer", importer, hold * params.holding_share_importer),
        ("cargo_holding", "exporter", exporter, hold * (1 - params.holding_share_importer)),
        ("spoilage", "exporter", exporter, trade["spoiled_usd"] * params.spoilage_share_exporter),
        (
            "spoilage",
            "importer",
            importer,
            trade["spoiled_usd"] * (1 - params.spoilage_share_exporter),
        ),
    ]
    frames = []
    for component, role, country, usd in parts:
        part = keys.copy()
        part["component"], part["role"] = component, role
        part["country"] = np.broadcast_to(np.asarray(country, dtype=object), len(part))
        part["cost_usd"] = np.asarray(usd, float)
        frames.append(part)
    return pd.concat(frames, ignore_index=True)


def _carrier_share(params: EconParams, country: str) -> float:
    return params.carrier_share_neighbour(country) if country in ("MEX", "CAN") else 0.0
