"""The run's warning where a full secondary lot held more vehicles at primary than booths were open."""

from __future__ import annotations

import types

import pandas as pd

from borderlever.runs.pipeline import secondary_lot_notes


def _hourly(held: list[float], lanes: float = 2.0) -> pd.DataFrame:
    n = len(held)
    return pd.DataFrame(
        {
            "port_code": "2304",
            "vehicle_class": "truck_standard",
            "hour": range(n),
            "open_lanes": lanes,
            "booths_opened": 0.0,
            "secondary_blocked_h": held,
        }
    )


def test_held_hours_within_the_open_booth_hours_give_no_warning() -> None:
    """48 booth-hours open in a day, 40 vehicle-hours held: physically possible, no note."""
    h = _hourly([40.0 / 24] * 24)
    assert secondary_lot_notes(types.SimpleNamespace(hourly=h)) == []


def test_held_hours_beyond_the_open_booth_hours_are_named_with_their_port_and_days() -> None:
    """Day 1 holds 100 vehicle-hours against 48 booth-hours: one note, naming port and figures."""
    h = _hourly([0.0] * 24 + [100.0 / 24] * 24)
    (note,) = secondary_lot_notes(types.SimpleNamespace(hourly=h))
    assert "2304 (1 d, 100 h held against 48 booth-h)" in note
    assert "booths held while their lanes closed" in note


def test_no_hourly_frame_or_no_column_gives_no_warning() -> None:
    assert secondary_lot_notes(types.SimpleNamespace(hourly=None)) == []
    h = _hourly([1.0]).drop(columns="secondary_blocked_h")
    assert secondary_lot_notes(types.SimpleNamespace(hourly=h)) == []
