"""The 2022 Texas DPS inspections replay against BTS April 2022 truck counts (raw data)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd
import pytest

from borderlever.data.store import query

CALIBRATED = ("2303", "2304", "2305", "2401")
SMALL_TAMAULIPAS = ("2307", "2309", "2310")  # Rio Grande City, Progreso, Roma: not fitted
SEASON_YEARS = (2015, 2016, 2017, 2018, 2019, 2021, 2023, 2024)


def observed_shortfall(store: Path) -> pd.DataFrame:
    """Counterfactual April 2022 trucks, observed shortfall [trucks] and the s.d. of the ratio."""
    codes = ", ".join(f"'{c}'" for c in CALIBRATED + SMALL_TAMAULIPAS)
    df = query(
        "select port_code, month, count from port_month_crossings where measure = 'Trucks' "
        f"and port_code in ({codes}) and extract(month from month) in (3, 4, 5)",
        store=store,
    )
    df["y"], df["m"] = df["month"].dt.year, df["month"].dt.month
    p = df.pivot_table(index=["port_code", "y"], columns="m", values="count")
    ratio = (p[4] / ((p[3] + p[5]) / 2)).unstack(0)
    season = ratio.loc[list(SEASON_YEARS)].mean()
    y22 = p.xs(2022, level="y")
    cf = (y22[3] + y22[5]) / 2 * season
    sd = ratio.loc[list(SEASON_YEARS)].std()
    return pd.DataFrame({"counterfactual": cf, "lost": cf - y22[4], "ratio_sd": sd})


def simulate_replay(store: Path, replications: int = 2) -> pd.DataFrame:
    """The library scenario, trucks only (passenger demand zeroed: no policy touches it)."""
    from borderlever.network import build_schedule, load_network
    from borderlever.runs.pipeline import resolve_scenario
    from borderlever.scenarios.convert import driver_reactions, sim_policies
    from borderlever.sim import simulate

    res = resolve_scenario("2022-texas-enhanced-inspections", store=store)
    net = load_network(store, border=None)
    sched = build_schedule(
        net, res.spec.start.isoformat(), res.spec.horizon_days, ports=list(res.port_codes)
    )
    arr = sched.arrivals_per_h.copy()
    for i, c in enumerate(sched.classes):
        if not c.startswith("truck"):
            arr[:, i, :] = 0.0
    sched = dataclasses.replace(sched, arrivals_per_h=arr)
    out = simulate(
        sched,
        sim_policies(res),
        reactions=driver_reactions(res.spec.reactions),
        replications=replications,
        seed=res.spec.seed,
    )
    d = out.daily[out.daily["vehicle_class"].str.startswith("truck")]
    return d.groupby(["replication", "port_code", "day"], as_index=False)[
        ["baseline_served", "served", "queue_end"]
    ].sum()


@pytest.fixture(scope="module")
def replay(raw_store: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    return observed_shortfall(raw_store), simulate_replay(raw_store)


def test_calibration_texas_2022_dps_stations_against_bts_april_2022(
    replay: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    """Simulated April 2022 truck shortfall per calibrated port vs BTS monthly trucks.

    Source: BTS Border Crossing Entry Data (`port_month_crossings`, 'Trucks').  Observed
    shortfall = counterfactual - April 2022, counterfactual = mean(March, May 2022) x the
    port's mean April / mean(March, May) ratio in 2015-2019, 2021, 2023, 2024 (30-day month,
    Holy Week).  Simulated shortfall = baseline_served - served over 2022-04-04..04-30 (trucks,
    mean of 2 replications), as a share of the counterfactual.  Tolerance: per port, one
    year-to-year standard deviation of that April ratio (6.3-6.7 points; 10.7 at Ysleta), i.e.
    the counterfactual's own uncertainty; whole booths make the simulated shortfall move in
    steps of 5-10 points, so a tighter band could not be met by any cut share (the DPS limit is
    now a number of DPS stations, which moves in finer steps).  IN-SAMPLE: the DPS stations in
    the scenario file were chosen to match these shortfalls (docs/scenarios.md); it guards the
    calibration, it does not validate the model.
    """
    obs, sim = replay
    lost = (
        sim.assign(lost=sim["baseline_served"] - sim["served"])
        .groupby(["replication", "port_code"])["lost"]
        .sum()
        .groupby("port_code")
        .mean()
    )
    for port in CALIBRATED:
        cf = obs.loc[port, "counterfactual"]
        sim_share, obs_share = lost[port] / cf, obs.loc[port, "lost"] / cf
        tol = obs.loc[port, "ratio_sd"]
        assert abs(sim_share - obs_share) <= tol, (port, sim_share, obs_share, tol)


@pytest.mark.xfail(
    strict=True,
    reason="known model failure (wave 3, issue 12): with the DPS modelled as a station stage "
    "whose uncalibrated capacity is 0.65 (0.5 before the fifth session's recalibration) x each "
    "small port's own daily trucks, Rio Grande City, "
    "Progreso and Roma lose trucks in the run while BTS shows "
    "them gaining about 20 %; the old booth cut of 0.5 removed no booth at these one-booth "
    "ports. Not tuned away: this check is out of sample (docs/scenarios.md)",
)
def test_texas_2022_replay_diversion_against_bts_small_tamaulipas_ports(
    replay: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    """Not fitted: Rio Grande City, Progreso and Roma gained trucks in April 2022, as simulated.

    Source: BTS `port_month_crossings` 'Trucks' (the same counterfactual as above): the three
    small Tamaulipas ports carried about 20 % more trucks than expected in April 2022 while
    Pharr, 30-80 km away, lost about 19 %.  Their DPS capacity (0.65, the median calibrated share) is a guess, not fitted, and the
    calibration looked only at the four big ports; the simulated gain comes from trucks
    diverted from Pharr.  Only the sign is asserted (both gained): the size depends on the
    unfitted diversion share and reach.
    """
    obs, sim = replay
    sim_gain = (sim["served"] - sim["baseline_served"])[
        sim["port_code"].isin(SMALL_TAMAULIPAS)
    ].sum() / sim["replication"].nunique()
    obs_gain = -obs.loc[list(SMALL_TAMAULIPAS), "lost"].sum()
    assert obs_gain > 0
    assert sim_gain > 0
