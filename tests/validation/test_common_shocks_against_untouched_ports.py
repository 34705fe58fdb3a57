"""The common shock of the 2022 episodes at ports they did not touch (BTS monthly counts).

Not a calibration and not a validation of the model: the figures docs/validation.md ("Common
shocks") quotes for the sensitivity of ``borderlever validate --controls``, recomputed from the
raw store.  Source: BTS Border Crossing Entry Data (``port_month_crossings``); method: the
replays' own (February 2022 and April 2022 against their neighbouring months x the usual ratio
of ordinary years).  Tolerance: the 0.1-point rounding of the documented figures.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from borderlever.data.store import query
from borderlever.validation.controls import common_shock, read_controls
from borderlever.validation.scorecard import read_replays

pytestmark = pytest.mark.raw

#: (episode, measure) -> the documented median change at the untouched ports [share].
DOCUMENTED = {
    ("2022-ambassador-bridge-blockade", "Trucks"): -0.034,
    ("2022-ambassador-bridge-blockade", "Personal Vehicles"): -0.063,
    ("2022-texas-enhanced-inspections", "Trucks"): -0.055,
    ("2022-texas-enhanced-inspections", "Personal Vehicles"): -0.017,
}


def test_common_shocks_against_untouched_ports_2022(raw_store: Path) -> None:
    crossings = query(
        "SELECT port_code, month, measure, count FROM port_month_crossings "
        "WHERE measure IN ('Trucks', 'Personal Vehicles')",
        store=raw_store,
    )
    controls = read_controls().set_index("episode")
    replays = {r.scenario: r for r in read_replays()}
    for (episode, measure), expected in DOCUMENTED.items():
        replay = replays[episode]
        ports = controls.loc[episode, "controls"].split()
        assert not set(ports) & {p for group in replay.ports for p in group.split("+")}
        shock = common_shock(
            crossings, ports, measure, list(replay.months), replay.method, replay.skip_years
        )
        assert len(shock.values) == len(ports)
        assert shock.median == pytest.approx(expected, abs=0.0006), (episode, measure)
