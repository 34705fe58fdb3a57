"""SimResult.waits: per-replication wait statistics over the policy window and the horizon."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from borderlever.network.policies import Closure, LaneCut
from borderlever.network.schedule import DriverReactions, single_port_schedule
from borderlever.sim import simulate
from borderlever.sim.waits import POOLED, span_hours


def test_mean_wait_equals_daily_served_weighted_mean() -> None:
    """Per replication, the horizon mean wait is daily's sum(wait_vehicle_h) / sum(served), and the
    window mean over whole days (a day-1 policy) is the same ratio over that day."""
    s = single_port_schedule(50.0, lanes=3, primary_mean_min=3.0, days=3)
    res = simulate(s, [LaneCut(1440, 2880, lanes=1)], replications=3, seed=5)
    w = res.waits[~res.waits["vehicle_class"].isin(POOLED)].set_index("replication")
    d = res.daily.groupby("replication")[["wait_vehicle_h", "served"]].sum()
    expect = 60.0 * d["wait_vehicle_h"] / d["served"]
    np.testing.assert_allclose(w["mean_wait_min"], expect, rtol=1e-12)
    np.testing.assert_allclose(w["served"], d["served"], rtol=0)
    day1 = res.daily[res.daily["day"] == 1].set_index("replication")
    np.testing.assert_allclose(
        w["mean_wait_min_window"], 60.0 * day1["wait_vehicle_h"] / day1["served"], rtol=1e-12
    )
    assert (w["window_start_h"] == 24).all() and (w["window_end_h"] == 48).all()
    summ = res.summary()
    row = summ[(summ.metric == "waits.mean_wait_min") & (summ.port_code == "ALL")].iloc[0]
    assert np.isclose(row["mean"], expect.mean(), rtol=1e-12)
    assert row["ci_low"] <= row["mean"] <= row["ci_high"] and row["n"] == 3


def test_one_hour_window_p95_and_max_are_the_hourly_statistics() -> None:
    """Over a one-hour window the mixture quantile is that hour's exact 95th percentile."""
    s = single_port_schedule(80.0, lanes=2, primary_mean_min=1.6, days=1)
    res = simulate(s, [LaneCut(600, 660, lanes=1)], replications=1, seed=3)
    w = res.waits[~res.waits["vehicle_class"].isin(POOLED)].iloc[0]
    h = res.hourly.set_index("hour").loc[10]
    assert (w["window_start_h"], w["window_end_h"]) == (10, 11)
    assert abs(w["p95_wait_min_window"] - h["wait_p95_min"]) <= 1e-4
    assert w["max_wait_min_window"] == h["wait_max_min"]
    assert w["max_wait_min"] == res.hourly["wait_max_min"].max()
    # one hour: the worst hour's mean is that hour's mean; p99 interpolates its p95 and max
    assert abs(w["peak_hour_wait_min_window"] - h["wait_mean_min"]) <= 1e-9
    p99 = h["wait_p95_min"] + 0.8 * (h["wait_max_min"] - h["wait_p95_min"])
    assert abs(w["p99_wait_min_window"] - p99) <= 1e-2


@settings(max_examples=15, deadline=None)
@given(
    rate=st.floats(10.0, 90.0),
    lanes=st.integers(1, 4),
    start_h=st.integers(0, 40),
    length_h=st.integers(1, 30),
    seed=st.integers(0, 2**32),
)
def test_wait_statistics_are_ordered(
    rate: float, lanes: int, start_h: int, length_h: int, seed: int
) -> None:
    """p95 <= max and mean <= max over the horizon; window stats within the horizon's max; the
    port row ('all') and the network row ('ALL') equal the only class's row; a closure raises no
    horizon statistic above what the schedule allows (NaN only without vehicles)."""
    s = single_port_schedule(rate, lanes=lanes, primary_mean_min=2.0, days=2)
    pol = [Closure(start_h * 60.0, (start_h + length_h) * 60.0)]
    res = simulate(s, pol, reactions=DriverReactions.none(), replications=2, seed=seed)
    w = res.waits
    assert len(w) == 2 * 5  # the class, its port and network rows for 'all' and its group
    for suffix in ("", "_window"):
        ok = w["p95_wait_min" + suffix].notna()
        assert (
            w.loc[ok, "p95_wait_min" + suffix] <= w.loc[ok, "max_wait_min" + suffix] + 1e-9
        ).all()
        assert (w.loc[ok, "p95_wait_min" + suffix] >= 0).all()
        # p95 <= p99 <= max, and the worst hour's mean lies between the mean and the max
        p95, p99 = w.loc[ok, "p95_wait_min" + suffix], w.loc[ok, "p99_wait_min" + suffix]
        assert (p95 <= p99 + 1e-9).all() and (
            p99 <= w.loc[ok, "max_wait_min" + suffix] + 1e-9
        ).all()
        peak = w.loc[ok, "peak_hour_wait_min" + suffix]
        assert (peak <= w.loc[ok, "max_wait_min" + suffix] + 1e-9).all() and (peak >= 0).all()
    assert (w["mean_wait_min"] <= w["max_wait_min"] + 1e-9).all()
    assert (w["max_wait_min_window"].fillna(0) <= w["max_wait_min"] + 1e-9).all()
    stats = [c for c in w.columns if c not in ("port_code", "vehicle_class")]
    by_rep = [g[stats].to_numpy(float) for _, g in w.groupby("replication")]
    for g in by_rep:
        for row in g[1:]:
            np.testing.assert_allclose(row, g[0], rtol=0, atol=1e-4, equal_nan=True)


def test_span_hours_is_the_union_span_of_policy_windows() -> None:
    pols = [Closure(90, 600), LaneCut(1500, 1800, lanes=1)]
    assert span_hours(pols, 48) == (2, 30)
    assert span_hours([Closure(0, 10_000)], 48) == (0, 48)
