"""Quick mode cuts a replay to its first days: windows past the cut end at it, later ones go."""

from __future__ import annotations

from pathlib import Path

import pytest

from borderlever.errors import ConfigError
from borderlever.scenarios.loading import load_spec, spec_from_document
from borderlever.scenarios.resolve import check_windows
from borderlever.validation.replay import clip_to_horizon

SCENARIOS = Path(__file__).resolve().parents[3] / "scenarios"


def _doc(policies: list[dict]) -> dict:
    return {
        "name": "clip-check",
        "description": "An officer cut in steps, to check quick mode's cut.",
        "start": "2019-04-01",
        "horizon_days": 60,
        "replications": 1,
        "seed": 1,
        "ports": {"codes": ["2304"]},
        "policies": policies,
    }


def _cut(window: dict) -> dict:
    return {
        "kind": "officer_reassignment",
        "ports": ["2304"],
        "window": window,
        "parameters": {"officers_removed": 10},
    }


def test_windows_past_the_cut_end_at_it_and_later_ones_are_dropped() -> None:
    doc = _doc(
        [
            _cut({"start": "2019-04-01T00:00:00", "end": "2019-05-16T00:00:00"}),
            _cut({"start": "2019-05-16T00:00:00", "end": "2019-05-30T00:00:00"}),
            _cut({"start_day": 10, "end_day": 45}),
            _cut({"start_day": 30, "end_day": 45}),
            _cut({"start": "2019-04-03T00:00:00", "end": "2019-04-05T00:00:00"}),
        ]
    )
    check_windows(spec_from_document(doc))  # valid at 60 days
    with pytest.raises(ConfigError, match="outside the horizon"):
        check_windows(spec_from_document({**doc, "horizon_days": 30}))
    cut = clip_to_horizon(doc, 30)
    spec = spec_from_document(cut)
    check_windows(spec)  # valid at 30 days
    assert spec.horizon_days == 30
    windows = [p["window"] for p in cut["policies"]]
    assert windows == [
        {"start": "2019-04-01T00:00:00", "end": "2019-05-01T00:00:00"},
        {"start_day": 10, "end_day": 30.0},
        {"start": "2019-04-03T00:00:00", "end": "2019-04-05T00:00:00"},
    ]
    assert doc["horizon_days"] == 60 and len(doc["policies"]) == 5  # input untouched


def test_the_2019_replay_cut_to_its_first_month_keeps_only_aprils_cuts() -> None:
    doc = load_spec(SCENARIOS / "2019-officer-reassignment.yaml").model_dump(mode="json")
    cut = clip_to_horizon(doc, 30)
    spec = spec_from_document(cut)
    check_windows(spec)
    officers = [p for p in spec.policies if p.kind == "officer_reassignment"]
    # El Paso, the Laredo field office's 300 (three ports) and San Diego's 50; the 135 still out
    # after 2019-05-16 start after the first month
    removed = sorted(
        (p.parameters.officers_removed or 0, p.parameters.officers_removed_share or 0.0)
        for p in officers
    )
    assert removed == [(0, 0.15), (20, 0.0), (30, 0.0), (60, 0.0), (90, 0.0), (150, 0.0)]
    assert all(str(p.window.end) == "2019-05-01 00:00:00" for p in officers)
