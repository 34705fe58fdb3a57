"""Small frames shaped like the sim and economics contracts (HELPERS.md), made by the tests."""

from __future__ import annotations

import numpy as np
import pandas as pd

from borderlever.economics.costs import DAILY_COLUMNS, FLOW_COLUMNS
from borderlever.runs.result import EconomicsFigures, RunOutput
from borderlever.scenarios import ScenarioSpec, resolve

PORTS = pd.DataFrame(
    {
        "port_code": ["2304", "2305", "2402"],
        "port_name": ["Laredo", "Hidalgo", "El Paso"],
        "state": ["Texas"] * 3,
        "border": ["US-Mexico Border"] * 3,
        "lat": [27.50, 26.10, 31.76],
        "lon": [-99.51, -98.26, -106.45],
    }
)
RATE_PER_H = {"2304": 300.0, "2305": 120.0, "2402": 60.0}


def spec(**over: object) -> ScenarioSpec:
    doc: dict[str, object] = {
        "name": "fake",
        "description": "fake frames for tests",
        "start": "2025-03-03",
        "horizon_days": 4,
        "replications": 3,
        "seed": 7,
        "ports": {"codes": ["2304", "2305", "2402"]},
        "policies": [
            {"kind": "closure", "window": {"start_day": 1, "end_day": 2}, "classes": ["all"]}
        ],
    }
    doc.update(over)
    return ScenarioSpec.model_validate(doc)


def fake_hourly(s: ScenarioSpec, closed: tuple[int, int] = (24, 48)) -> pd.DataFrame:
    """A crude fluid queue per hour: closed hours serve nothing, then capacity 1.5x the rate."""
    rng = np.random.default_rng(s.seed)
    rows = []
    for rep in range(s.replications):
        for port in s.ports.codes:
            for cls, factor in (("truck_standard", 1.0), ("pov_standard", 4.0)):
                queue = 0.0
                for hour in range(s.horizon_days * 24):
                    base = RATE_PER_H[port] * factor
                    arr = float(rng.poisson(base))
                    cap = 0.0 if closed[0] <= hour < closed[1] else 1.5 * base
                    served = min(queue + arr, cap)
                    queue = queue + arr - served
                    wait = served * (0.2 + queue / max(cap, 1.0))
                    rows.append(
                        (rep, port, cls, hour, base, arr, served, wait, 0.0, 0.0, 0.0, 0.0, queue)
                    )
    hourly_columns = [c if c != "day" else "hour" for c in DAILY_COLUMNS]
    return pd.DataFrame(rows, columns=hourly_columns)


def daily_from_hourly(hourly: pd.DataFrame) -> pd.DataFrame:
    h = hourly.assign(day=hourly["hour"] // 24)
    keys = ["replication", "port_code", "vehicle_class", "day"]
    sums_cols = [c for c in FLOW_COLUMNS if c != "queue_end"]
    sums = h.groupby(keys, as_index=False)[sums_cols].sum()
    last = h.sort_values("hour").groupby(keys, as_index=False)["queue_end"].last()
    return sums.merge(last, on=keys)


def fake_economics(s: ScenarioSpec) -> EconomicsFigures:
    reps = range(s.replications)
    cost = pd.DataFrame(
        [(r, c, v * (1 + 0.01 * r)) for r in reps for c, v in (("USA", 2.0e8), ("MEX", 3.0e8))],
        columns=["replication", "country_iso3", "cost_usd"],
    )
    lev = pd.DataFrame(
        [(r, d, 5.0 + 0.1 * d + 0.01 * r) for r in reps for d in range(s.horizon_days)],
        columns=["replication", "day", "leverage_ratio"],
    )
    return EconomicsFigures(
        trade_at_stake_usd=1.2e9,
        policy_days=1.0,
        cost_by_country=cost,
        gdp_usd={"USA": 2.7e13, "MEX": 1.8e12},
        leverage_by_day=lev,
        leverage_ratio=[5.0 + 0.01 * r for r in reps],
        cost_by_sector=pd.DataFrame(
            {"country_iso3": ["MEX", "USA"], "sector": ["c15", "c15"], "cost_usd": [1e8, 5e7]}
        ),
        cost_by_state=pd.DataFrame({"state": ["Texas"], "cost_usd": [1.5e8]}),
        notes=["fake economics for tests"],
    )


def fake_run(**over: object) -> RunOutput:
    s = spec(**over)
    resolved = resolve(s, PORTS, source="fake.yaml")
    hourly = fake_hourly(s)
    return RunOutput(
        resolved=resolved,
        daily=daily_from_hourly(hourly),
        hourly=hourly,
        ports=PORTS,
        engine="fake",
        economics=fake_economics(s),
        data_vintages={"bts_crossings": "2025-02"},
        sources=["fake source"],
        timings_s={"sim": 0.1},
    )
