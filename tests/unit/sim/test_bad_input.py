"""Bad input raises ConfigError / UnknownCodeError naming the field and the allowed values."""

from __future__ import annotations

import pandas as pd
import pytest

from borderlever.errors import ConfigError, UnknownCodeError
from borderlever.network import build_network, build_schedule
from borderlever.network.parameters import (
    check_class_defaults,
    check_port_parameters,
    read_class_defaults,
    read_port_parameters,
)
from borderlever.network.policies import Closure, EnhancedInspection, LaneCut
from borderlever.network.schedule import DriverReactions, single_port_schedule
from borderlever.sim import simulate

PORTS = pd.DataFrame(
    {
        "port_code": ["2304"],
        "port_name": ["Laredo"],
        "state": ["TX"],
        "border": ["US-Mexico Border"],
        "lat": [27.5],
        "lon": [-99.5],
    }
)
CROSS = pd.DataFrame(
    {"port_code": ["2304"], "month": ["2024-03-01"], "measure": ["Trucks"], "count": [3000]}
)


def test_negative_lanes_rejected() -> None:
    df = read_port_parameters()
    df.loc[0, "lanes"] = -1
    with pytest.raises(ConfigError, match="lanes"):
        check_port_parameters(df)
    with pytest.raises(ConfigError, match="lanes"):
        single_port_schedule(10.0, lanes=-2, primary_mean_min=1.0)


def test_window_ending_before_start_rejected() -> None:
    with pytest.raises(ConfigError, match="end_min must be > start_min"):
        Closure(start_min=600, end_min=60)


def test_unknown_port_and_class_named() -> None:
    net = build_network(PORTS, CROSS)
    with pytest.raises(UnknownCodeError, match="did you mean '2304'"):
        build_schedule(net, "2024-03-04", days=1, ports=["2340"])
    s = build_schedule(net, "2024-03-04", days=1)
    with pytest.raises(UnknownCodeError, match="port code"):
        Closure(0, 60, ports=("9999",)).apply(s)
    with pytest.raises(UnknownCodeError, match="truck_fast"):
        Closure(0, 60, classes=("truck_fats",))


def test_share_outside_unit_interval_rejected() -> None:
    with pytest.raises(ConfigError, match=r"share.*\[0, 1\]"):
        LaneCut(0, 60, share=1.5)
    with pytest.raises(ConfigError, match="secondary_share"):
        EnhancedInspection(0, 60, secondary_share=-0.1)
    df = read_class_defaults()
    df.loc[0, "secondary_share"] = 2.0
    with pytest.raises(ConfigError, match="secondary_share"):
        check_class_defaults(df)
    with pytest.raises(ConfigError, match="divert_share"):
        DriverReactions(divert_share={"truck_standard": 1.2})


def test_service_time_not_positive_rejected() -> None:
    df = read_class_defaults()
    df.loc[0, "primary_mean_min"] = 0.0
    with pytest.raises(ConfigError, match="primary_mean_min"):
        check_class_defaults(df)
    with pytest.raises(ConfigError, match="added_stage_mean_min"):
        EnhancedInspection(
            0, 60, added_stage_share=1.0, added_stage_mean_min=0.0, added_stage_servers=2
        )


def test_engine_and_replications_checked() -> None:
    s = single_port_schedule(10.0, lanes=1, primary_mean_min=1.0)
    with pytest.raises(ConfigError, match="'fast', 'reference'"):
        simulate(s, engine="turbo")
    with pytest.raises(ConfigError, match="replications"):
        simulate(s, replications=0)
