"""Officer force, officer cuts (order, floor, budget), monthly secondary bays, the Ysleta split."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from borderlever.errors import ConfigError
from borderlever.network import VEHICLE_CLASSES, build_network, build_schedule
from borderlever.network.model import split_merged_ysleta
from borderlever.network.policies import LaneCut, OfficerReassignment
from borderlever.network.staffing import officer_cut, port_officer_force, read_officer_force

CLASSES = ("pov_standard", "pedestrian", "truck_standard", "truck_fast")
HOD = np.arange(48) % 24


def _servers(pov: int = 6, trucks: int = 8) -> np.ndarray:
    s = np.zeros((4, 48), dtype=np.int32)
    s[0], s[1] = pov, 2
    open_h = (HOD >= 8) & (HOD < 22)
    s[2], s[3] = np.where(open_h, trucks, 0), np.where(open_h, 2, 0)
    return s


def test_officer_force_table_has_sources_and_ranges():
    tab = read_officer_force()
    assert (tab["officers_low"] <= tab["officers"]).all()
    assert (tab["officers"] <= tab["officers_high"]).all()
    assert tab["source"].str.contains("https://").all()


def test_port_force_shares_the_field_office_by_booth_hours():
    force, origin = port_officer_force(["2304", "2305", "2301"], np.array([600.0, 300.0, 100.0]))
    assert force.sum() == pytest.approx(1700.0)  # the three listed ports are the whole office here
    assert force[0] / force[1] == pytest.approx(2.0)
    assert origin.tolist() == ["field office"] * 3


def test_cut_takes_passenger_nights_first_and_never_closes():
    s = _servers()
    small = officer_cut(s, CLASSES, HOD, 0.05)
    lost = s - small.servers
    night = (HOD >= 22) | (HOD < 6)
    assert lost.sum() == round(0.05 * s.sum())
    assert lost[:, ~night].sum() == 0 and lost[2:].sum() == 0  # passenger nights only
    big = officer_cut(s, CLASSES, HOD, 0.6)
    assert (big.servers[s > 0] >= 1).all()  # every open class-hour keeps a booth
    assert (big.servers[s == 0] == 0).all()
    peak = (HOD >= 11) & (HOD < 19)
    truck_off_peak_left = big.servers[2, ~peak & (s[2] > 0)]
    # commercial peak hours are touched only once off-peak commercial booths are down to one
    if (big.servers[2:, peak] < s[2:, peak]).any():
        assert (truck_off_peak_left == 1).all()


@settings(max_examples=40, deadline=None)
@given(st.floats(0.0, 1.0), st.integers(1, 9), st.integers(1, 12))
def test_cut_removes_the_asked_booth_hours_or_says_why(share, pov, trucks):
    s = _servers(pov, trucks)
    res = officer_cut(s, CLASSES, HOD, share)
    removed = s.sum() - res.servers.sum()
    assert removed == res.removed_booth_h <= res.asked_booth_h == round(share * s.sum())
    floor = (s > 0).sum()
    assert removed == res.asked_booth_h or res.servers.sum() == floor


def test_officer_reassignment_is_not_a_lane_cut():
    net = build_network(_ports(), _crossings())
    s = build_schedule(net, "2024-03-04", days=2, ports=["2304"])
    ts, pov = VEHICLE_CLASSES.index("truck_standard"), VEHICLE_CLASSES.index("pov_standard")
    staff = OfficerReassignment(0, 2880, ports=("2304",), share=0.1).apply(s)
    lanes = LaneCut(0, 2880, ports=("2304",), share=0.1).apply(s)
    # a 10 % staffing cut is absorbed by passenger lanes; a 10 % lane cut hits every class
    assert (staff.servers[0, ts, 0] == s.servers[0, ts, 0]).all()
    assert staff.servers[0, pov, 0].sum() < s.servers[0, pov, 0].sum()
    assert lanes.servers[0, ts, 0].sum() < s.servers[0, ts, 0].sum()
    with pytest.raises(ConfigError, match="exactly one"):
        OfficerReassignment(0, 60, officers=3, share=0.1)


def test_headcount_cut_uses_the_ports_officer_force():
    net = build_network(_ports(), _crossings())
    s = build_schedule(net, "2024-03-04", days=1, ports=["2304"])
    p = OfficerReassignment(0, 1440, ports=("2304",), officers=100)
    assert p.port_share(s, 0) == pytest.approx(100 / net.officer_force[0])
    assert net.officer_force_origin[0] == "field office"


def test_secondary_bays_follow_the_months_traffic():
    net = build_network(_ports(), _crossings(jump=True))
    s = build_schedule(net, "2024-03-25", days=14, ports=["2304"])
    ts = VEHICLE_CLASSES.index("truck_standard")
    march, april = s.servers[0, ts, 1, 24], s.servers[0, ts, 1, 10 * 24]
    assert april > march  # April has twice March's trucks


def test_ysleta_split_moves_bridge_counts_before_2020_only():
    cross = pd.DataFrame(
        {
            "port_code": ["2402", "2402", "2402", "2401"],
            "month": ["2019-04-01", "2019-04-01", "2021-04-01", "2021-04-01"],
            "measure": ["Trucks", "Personal Vehicles", "Trucks", "Trucks"],
            "count": [57442, 700000, 20000, 60000],
        }
    )
    ysl = pd.DataFrame(
        {
            "month": ["2019-04-01", "2021-04-01"],
            "measure": ["Trucks", "Trucks"],
            "count": [38449, 60000],
        }
    )
    out = split_merged_ysleta(cross, ysl)
    got = out.groupby(["port_code", "month", "measure"])["count"].sum()
    assert got[("2401", "2019-04-01", "Trucks")] == 38449
    assert got[("2402", "2019-04-01", "Trucks")] == 57442 - 38449
    assert got[("2402", "2019-04-01", "Personal Vehicles")] == 700000  # no bridge count: kept
    assert got[("2402", "2021-04-01", "Trucks")] == 20000  # after the split: untouched
    assert out["count"].sum() == cross["count"].sum()


def _ports() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "port_code": ["2304", "2305"],
            "port_name": ["Laredo", "Hidalgo"],
            "state": ["TX", "TX"],
            "border": ["US-Mexico Border"] * 2,
            "lat": [27.5, 26.1],
            "lon": [-99.5, -98.2],
        }
    )


def _crossings(jump: bool = False) -> pd.DataFrame:
    rows = []
    for port, trucks, pov in (("2304", 200_000, 400_000), ("2305", 50_000, 300_000)):
        for month, k in (("2024-03-01", 1.0), ("2024-04-01", 2.0 if jump else 1.0)):
            rows.append((port, month, "Trucks", trucks * k))
            rows.append((port, month, "Personal Vehicles", pov))
    return pd.DataFrame(rows, columns=["port_code", "month", "measure", "count"])
