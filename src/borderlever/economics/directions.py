"""Southbound freight (US exports by land) priced from its own baseline and the stated policy.

The simulation queues northbound vehicles only (BTS counts inbound crossings).  A policy that also
closes the southbound direction (scenario ``directions: [northbound, southbound]``) blocks US
exports at the listed ports, by the listed modes, for the share of each day it covers; nothing is
taken in proportion to what happened northbound.  The blocked freight is deferred with the
scenario's deferral share (the same behaviour parameters as the simulation) and cancelled
otherwise; deferred freight crosses after the policy at up to ``headroom`` above the normal daily
flow.  The result is a frame in the simulator's ``daily`` form (vehicles stand for the port's
baseline traffic, so that :func:`~borderlever.economics.costs.vehicle_values` prices them with the
export values), which the cost and production code read like the northbound one.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from borderlever.economics.costs import BASELINE_COLUMNS, FLOW_COLUMNS, GROUP

#: Columns the costs code needs: the ``daily`` flows summed per mode, returns and the baseline's.
SOUTH_COLUMNS = [*GROUP, "day", *FLOW_COLUMNS, "returned", *BASELINE_COLUMNS]


def southbound_flows(
    flows: pd.DataFrame, blocked: pd.DataFrame | None, defer_share: float, headroom: float
) -> pd.DataFrame:
    """Southbound freight in the simulator's ``daily`` form.

    Parameters
    ----------
    flows : DataFrame
        Northbound :func:`~borderlever.economics.costs.check_daily` output: gives the ports,
        modes, days, replications and the unit of traffic (its ``baseline_arrivals``).
    blocked : DataFrame or None
        ``port_code, mode, day, blocked_share`` [0-1]: share of the day's southbound freight the
        policy stops.  None or empty: southbound freight is untouched.
    defer_share : float
        Share of blocked freight that waits and crosses later [0-1]; the rest is cancelled.
    headroom : float
        How far above its normal daily flow the deferred freight may cross after the policy
        [share of baseline].

    Returns
    -------
    DataFrame
        :data:`SOUTH_COLUMNS`; with nothing blocked, ``served == baseline_served`` exactly.

    Examples
    --------
    >>> f = pd.DataFrame({"replication": 0, "port_code": "2304", "mode": "truck",
    ...     "day": [0, 1, 2], "baseline_arrivals": 10.0})
    >>> b = pd.DataFrame({"port_code": "2304", "mode": "truck", "day": [0], "blocked_share": 1.0})
    >>> southbound_flows(f, b, 0.5, 0.2)[["served", "deferred", "cancelled"]].to_numpy().tolist()
    [[0.0, 5.0, 5.0], [12.0, 0.0, 0.0], [12.0, 0.0, 0.0]]
    """
    keys = ["replication", "port_code", "mode", "day"]
    base = pd.DataFrame(flows.groupby(keys, as_index=False)["baseline_arrivals"].sum())
    base = base.sort_values(by=keys).reset_index(drop=True)
    share = np.zeros(len(base))
    if blocked is not None and not blocked.empty:
        b = blocked.groupby(["port_code", "mode", "day"])["blocked_share"].max()
        key = pd.MultiIndex.from_frame(base[["port_code", "mode", "day"]])
        share = b.reindex(key).fillna(0.0).clip(0.0, 1.0).to_numpy()
    base_v = base["baseline_arrivals"].to_numpy(float)
    stopped = base_v * share
    deferred = stopped * defer_share
    returned = np.zeros(len(base))
    if (share > 0).any():
        for pos in base.groupby(keys[:3], sort=False).indices.values():
            returned[pos] = _returned(base_v[pos], share[pos], deferred[pos], headroom)
    out = base[["replication", "port_code", "mode", "day", "baseline_arrivals"]].copy()
    zeros = np.zeros(len(base))
    out["arrivals"] = base_v - stopped + returned
    out["served"], out["deferred"] = base_v - stopped + returned, deferred
    out["cancelled"], out["returned"] = stopped * (1.0 - defer_share), returned
    for col in ("wait_vehicle_h", "diverted_out", "diverted_in", "queue_end"):
        out[col] = zeros
    out["baseline_served"], out["baseline_wait_vehicle_h"] = base_v, zeros
    return out[SOUTH_COLUMNS]


def _returned(
    base: np.ndarray, share: np.ndarray, deferred: np.ndarray, headroom: float
) -> np.ndarray:
    """One replication, port and mode, by day: deferred freight back once the day is open, at
    most ``headroom`` of the day's baseline, first deferred first back [vehicles]."""
    returned = np.zeros(len(base))
    backlog = 0.0
    for d in range(len(base)):
        if share[d] <= 0.0 and backlog > 0.0:
            returned[d] = min(backlog, headroom * base[d])
            backlog -= returned[d]
        backlog += deferred[d]
    return returned


def closure_blocked_share(spans_min: list[tuple[float, float]], days: int) -> np.ndarray:
    """Share of each day [0, days) covered by the union of [start, end) spans [min] [0-1].

    Examples
    --------
    >>> closure_blocked_share([(0, 1440 * 1.5)], 3).tolist()
    [1.0, 0.5, 0.0]
    """
    out = np.zeros(days)
    merged: list[list[float]] = []
    for start, end in sorted(spans_min):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    for start, end in merged:
        for d in range(max(0, int(start // 1440)), min(days, int(np.ceil(end / 1440)))):
            lo, hi = max(start, d * 1440.0), min(end, (d + 1) * 1440.0)
            out[d] += max(0.0, hi - lo) / 1440.0
    return np.clip(out, 0.0, 1.0)
