"""Resolution against the store's ports: selection, windows, hash."""

from __future__ import annotations

import pytest

from borderlever.errors import ConfigError, UnknownCodeError
from borderlever.scenarios import ScenarioSpec, resolve

from .conftest import minimal


def spec(**over: object) -> ScenarioSpec:
    return ScenarioSpec.model_validate(minimal(**over))


def test_resolves_ports_classes_and_window(ports):
    res = resolve(spec(), ports)
    assert res.port_codes == ("2304", "2305")
    (pol,) = res.policies
    assert pol.vehicle_classes == ("truck_standard", "truck_fast")
    assert pol.intervals_min == ((1440.0, 4320.0),)
    assert res.policy_window_min() == (1440.0, 4320.0)


def test_selection_by_border_and_state(ports):
    assert resolve(spec(ports={"border": "US-Canada Border"}, policies=[]), ports).port_codes == (
        "3801",
    )
    assert resolve(spec(ports={"states": ["Texas"]}, policies=[]), ports).port_codes == (
        "2304",
        "2305",
        "2402",
    )
    assert len(resolve(spec(ports={"all": True}, policies=[]), ports).port_codes) == 4


def test_unknown_port_code_did_you_mean(ports):
    with pytest.raises(UnknownCodeError, match="did you mean .*'2304'"):
        resolve(spec(ports={"codes": ["2340"]}), ports)


def test_unknown_policy_port(ports):
    pol = {"kind": "closure", "ports": ["9999"]}
    with pytest.raises(UnknownCodeError, match=r"policies\[0\]\.ports"):
        resolve(spec(policies=[pol]), ports)


def test_policy_port_outside_selection(ports):
    pol = {"kind": "closure", "ports": ["2402"]}
    with pytest.raises(ConfigError, match="not among the simulated ports"):
        resolve(spec(policies=[pol]), ports)


@pytest.mark.parametrize(
    "window",
    [
        {"start_day": 2, "end_day": 8},
        {"start": "2025-03-02T00:00:00", "end": "2025-03-04T00:00:00"},
        {"start": "2025-03-05T00:00:00", "end": "2025-03-11T00:00:00"},
    ],
)
def test_window_outside_horizon(ports, window):
    with pytest.raises(ConfigError, match=r"policies\[0\]\.window.*outside the horizon"):
        resolve(spec(policies=[{"kind": "closure", "window": window}]), ports)


def test_weekly_window_repeats(ports):
    pol = {"kind": "closure", "window": {"weekdays": ["saturday", "sunday"]}}
    res = resolve(spec(policies=[pol], horizon_days=14), ports)
    # 2025-03-03 is a Monday: Sat+Sun = days 5-6 and 12-13, merged into two spans.
    assert res.policies[0].intervals_min == ((5 * 1440.0, 7 * 1440.0), (12 * 1440.0, 14 * 1440.0))


def test_hash_is_stable_and_sensitive(ports):
    a = resolve(spec(), ports)
    b = resolve(spec(), ports)
    c = resolve(spec(seed=2), ports)
    assert a.hash == b.hash and len(a.hash) == 64
    assert a.hash != c.hash
