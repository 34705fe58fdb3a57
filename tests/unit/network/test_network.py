"""Network builder, schedules, policies and geography on small frames the tests make."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from borderlever.network import VEHICLE_CLASSES, build_network, build_schedule
from borderlever.network.geo import haversine_km
from borderlever.network.policies import (
    Closure,
    EnhancedInspection,
    HoursCut,
    LaneCut,
    OfficerReassignment,
    apply_policies,
    window_min,
)

PORTS = pd.DataFrame(
    {
        "port_code": ["2304", "2305", "3004"],
        "port_name": ["Laredo", "Hidalgo", "Detroit"],
        "state": ["TX", "TX", "MI"],
        "border": ["US-Mexico Border", "US-Mexico Border", "US-Canada Border"],
        "lat": [27.5, 26.1, 42.3],
        "lon": [-99.5, -98.2, -83.0],
    }
)


def _crossings() -> pd.DataFrame:
    rows = []
    for port, trucks, pov in (
        ("2304", 250_000, 400_000),
        ("2305", 40_000, 20_000),
        ("3004", 150_000, 300_000),
    ):
        for month in ("2024-02-01", "2024-03-01"):
            rows += [
                (port, month, "Trucks", trucks),
                (port, month, "Personal Vehicles", pov),
                (port, month, "Pedestrians", 1000),
                (port, month, "Trains", 300),
            ]
    return pd.DataFrame(rows, columns=["port_code", "month", "measure", "count"])


def test_class_volumes_add_up_to_the_bts_measure() -> None:
    net = build_network(PORTS, _crossings())
    vol = net.monthly_volume[-1]
    trucks = [VEHICLE_CLASSES.index(c) for c in ("truck_standard", "truck_fast")]
    pov = [VEHICLE_CLASSES.index(c) for c in ("pov_standard", "pov_ready", "pov_sentri")]
    np.testing.assert_allclose(vol[:, trucks].sum(axis=1), [250_000, 40_000, 150_000])
    np.testing.assert_allclose(vol[:, pov].sum(axis=1), [400_000, 20_000, 300_000])
    hidalgo = net.port_index("2305")
    # 20,000 cars/month is below the 100k threshold: no dedicated SENTRI/Ready lanes there
    assert vol[hidalgo, VEHICLE_CLASSES.index("pov_sentri")] == 0
    assert net.lanes[hidalgo, VEHICLE_CLASSES.index("pov_sentri")] == 0


def test_unpublished_lanes_sized_to_target_utilisation() -> None:
    net = build_network(PORTS, _crossings())
    p, c = net.port_index("2305"), VEHICLE_CLASSES.index("truck_standard")
    assert net.lane_origin[p, c] == "sized"
    s = build_schedule(net, "2024-03-04", days=7, ports=["2305"], tail_days=0)
    rho, s_min = net.target_utilisation[p, c], net.primary_mean_min[p, c]
    assert rho == 0.8  # staffing.truck_peak_utilisation
    # staffing follows the hour: every open hour's load at or below rho, and one booth fewer
    # would put it above (where more than one booth is staffed and the cap does not bind)
    rate, booths = s.arrivals_per_h[0, c], s.servers[0, c, 0]
    open_h = rate > 0
    load = rate[open_h] * s_min / 60.0
    assert np.all(load / booths[open_h] <= rho + 1e-9)
    more = (booths[open_h] > 1) & (booths[open_h] < net.booths[p, c])
    assert np.all(load[more] / (booths[open_h][more] - 1) > rho)
    assert booths[open_h].min() >= 1 and np.ptp(booths[open_h]) > 0  # shaped, not flat
    assert net.booths[p, c] == np.ceil(net.staffed_lanes[p, c] * 1.5 - 1e-9)  # booth_headroom


def test_trucks_in_line_at_closing_are_cleared_for_a_limited_time() -> None:
    from borderlever.network.staffing import StaffingParams

    net = build_network(PORTS, _crossings())
    c = VEHICLE_CLASSES.index("truck_standard")
    hod = None
    for clear_h in (0.0, 2.0):
        st_ = StaffingParams.from_values({"staffing.closing_clearance_h": clear_h})
        s = build_schedule(net, "2024-03-04", days=2, ports=["2304"], staffing=st_, tail_days=0)
        hod = s.hour_of_day()
        rate, booths = s.arrivals_per_h[0, c], s.servers[0, c, 0]
        closed = (rate == 0) & (np.arange(len(rate)) >= 24)  # after the first day's close
        # Laredo trucks close at midnight: no arrivals after it; booths only for the clearance
        assert booths[closed & (hod >= 2) & (hod < 7)].max() == 0
        assert (booths[closed & (hod < 2)] > 0).all() == (clear_h == 2.0)
    assert hod is not None


def test_published_booths_cap_staffing() -> None:
    net = build_network(PORTS, _crossings())
    p, c = net.port_index("2304"), VEHICLE_CLASSES.index("truck_fast")
    assert net.booths[p, c] == 4 and net.lanes[p, c] < 4 and net.lane_origin[p, c] == "staffed"
    s = build_schedule(net, "2024-03-04", days=7, ports=["2304"])
    assert s.servers[0, :, 0].max(axis=1)[c] <= 4
    # a month with 10x the trucks staffs every published booth, never more
    big = net.staffed_for(net.monthly_volume[-1][[p]] * 10, np.array([p]))
    assert big[0, c] == 4 and big[0, 0] == 18


def test_schedule_keeps_monthly_volume_and_opening_hours() -> None:
    net = build_network(PORTS, _crossings())
    s = build_schedule(net, "2024-03-04", days=28, ports=["2304"])
    c = VEHICLE_CLASSES.index("truck_standard")
    four_weeks = s.arrivals_per_h[0, c, : 28 * 24].sum()
    assert four_weeks == pytest.approx(225_000 * 28 / 30.4375, rel=1e-6)
    hod = s.hour_of_day()[: 28 * 24]
    # Laredo trucks: weekdays 7-24, so nothing arrives and no lane opens 0-6 on a weekday
    assert s.arrivals_per_h[0, c, :24][hod[:24] < 7].sum() == 0
    assert s.servers[0, c, 0, :24][hod[:24] < 7].max() == 0
    assert s.servers[0, c, 0, 12] == 18


def test_policies_return_new_schedules_with_the_intended_change() -> None:
    net = build_network(PORTS, _crossings())
    s = build_schedule(net, "2024-03-04", days=3, ports=["2304", "2305"])
    ts, tf = VEHICLE_CLASSES.index("truck_standard"), VEHICLE_CLASSES.index("truck_fast")
    closed = Closure(0, 24 * 60, ports=("2304",), classes=("trucks",)).apply(s)
    assert closed.servers[0, [ts, tf], 0, :24].max() == 0 and closed.servers[0, ts, 0, 36] == 18
    assert closed.servers[1, ts, 0, 12] == s.servers[1, ts, 0, 12]
    cut = LaneCut(0, 24 * 60, ports=("2304",), classes=("truck_standard",), share=1 / 3).apply(s)
    assert cut.servers[0, ts, 0, 12] == 12
    hours = HoursCut(
        0, 24 * 60, ports=("2304",), classes=("trucks",), open_hour=8, close_hour=16
    ).apply(s)
    assert (
        hours.servers[0, ts, 0, 17] == 0 and hours.servers[0, ts, 0, 10] == s.servers[0, ts, 0, 10]
    )
    officers = OfficerReassignment(
        0, 24 * 60, ports=("2304",), classes=("trucks",), officers=11
    ).apply(s)
    day = slice(0, 24)
    lost = s.servers[0, [ts, tf], 0, day].sum() - officers.servers[0, [ts, tf], 0, day].sum()
    share = 11 / s.officer_force[0]
    assert lost == round(share * s.servers[0, [ts, tf], 0, day].sum())
    open_before = s.servers[0, [ts, tf], 0, day] > 0
    assert (officers.servers[0, [ts, tf], 0, day][open_before] >= 1).all()  # never closed
    enh = EnhancedInspection(
        0,
        48 * 60,
        ports=("2305",),
        classes=("trucks",),
        secondary_share=1.0,
        added_stage_share=1.0,
        added_stage_mean_min=50.0,
        added_stage_servers=6,
    ).apply(s)
    assert enh.stage_share[1, ts, 1, 10] == 1.0 and enh.stage_share[1, ts, 2, 10] == 1.0
    assert enh.stage_share[1, ts, 2, 50] == 0.0 and enh.servers[1, ts, 2, 10] == 6
    assert enh.service_mean_min[1, ts, 2] == 50.0
    both = apply_policies(s, [Closure(0, 60), LaneCut(0, 60, lanes=1)])
    assert len(both.applied) == 2 and s.applied == ()


def test_window_min_and_distances() -> None:
    assert window_min("2024-03-04 12:00", "2024-03-05", "2024-03-04") == (720.0, 1440.0)
    assert float(haversine_km(0, 0, 0, 1)) == pytest.approx(111.19, abs=0.01)


@pytest.mark.raw
def test_load_network_from_the_raw_store(raw_store: Path) -> None:
    from borderlever.network import load_network

    net = load_network(store=raw_store, border="US-Mexico Border")
    assert len(net.port_codes) == 28 and "2304" in net.port_codes
    assert net.lanes[net.port_index("2304"), 0] == 18


def test_lanes_frame_lists_hourly_open_lanes() -> None:
    net = build_network(PORTS, _crossings())
    s = build_schedule(net, "2024-03-04", days=1, ports=["2304"])
    f = s.lanes_frame()
    row = f[(f.vehicle_class == "truck_standard") & (f.hour == 12)]
    assert int(row["open_lanes"].iloc[0]) == 18 and len(f) % 24 == 0


def test_peak_utilisation_above_the_limit_is_refused() -> None:
    from borderlever.errors import ConfigError
    from borderlever.network.parameters import read_class_defaults

    bad = read_class_defaults()
    bad.loc[bad["vehicle_class"] == "bus", "target_utilisation"] = 2.0
    with pytest.raises(ConfigError, match="target_utilisation"):
        build_network(PORTS, _crossings(), class_defaults_df=bad)


def test_upstream_delay_is_reported_beside_the_queueing_wait() -> None:
    """The fixed upstream delay (staffing.upstream_*_min) applies at US-Mexico ports only, is
    0 for FAST trucks, and reaches SimResult.waits as its own column, never inside the waits."""
    from borderlever.parameters import default
    from borderlever.sim import simulate

    net = build_network(PORTS, _crossings())
    s = build_schedule(net, "2024-03-04", days=1, ports=["2305", "3004"], tail_days=1)
    assert s.upstream_delay_min is not None
    ts, tf = VEHICLE_CLASSES.index("truck_standard"), VEHICLE_CLASSES.index("truck_fast")
    assert s.upstream_delay_min[0, ts] == default("staffing.upstream_truck_min")
    assert s.upstream_delay_min[0, tf] == 0.0 and s.upstream_delay_min[1].max() == 0.0  # Canada
    keep = np.zeros(len(VEHICLE_CLASSES), bool)
    keep[ts] = True
    s = s.with_arrays("trucks", arrivals_per_h=s.arrivals_per_h * keep[None, :, None])
    w = simulate(s, replications=1, seed=1, baseline=False).waits
    row = w[(w["port_code"] == "2305") & (w["vehicle_class"] == "truck_standard")].iloc[0]
    assert row["upstream_delay_min"] == default("staffing.upstream_truck_min")
    assert row["mean_wait_min"] < row["upstream_delay_min"]  # the queue at staffed booths is short
