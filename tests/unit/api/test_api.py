"""The public API end to end on a tiny store: run, write, load, compare, progress, errors."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import borderlever as bl
from borderlever.api.core import scenario_spec
from borderlever.errors import ConfigError

#: A 2-day closure of Laredo to trucks among three ports (the tiny store's), as a dict.
SCENARIO = {
    "name": "tiny-api-closure",
    "description": "test scenario on the tiny store (https://example.org/none)",
    "start": "2025-02-03",
    "horizon_days": 2,
    "replications": 2,
    "seed": 11,
    "ports": {"codes": ["2304", "2305", "2402"]},
    "policies": [
        {
            "kind": "closure",
            "ports": ["2304"],
            "classes": ["trucks"],
            "window": {"start_day": 0, "end_day": 1},
        }
    ],
}


@pytest.fixture(scope="module")
def tiny_run(tiny_store):
    steps: list[tuple[str, int, int]] = []
    run = bl.run(
        SCENARIO,
        store=tiny_store,
        replications=4,
        progress=lambda s, d, t: steps.append((s, d, t)),
    )
    return run, steps


@pytest.mark.slow
def test_run_returns_summary_frames_and_sentence(tiny_run):
    run, _ = tiny_run
    assert run.summary["replications"] == 4  # the override won over the dict's 2
    assert run.summary["scenario"]["name"] == "tiny-api-closure"
    assert set(run.daily["replication"]) == {0, 1, 2, 3}
    assert {"port_code", "vehicle_class", "day", "served"} <= set(run.daily.columns)
    assert not run.hourly.empty and set(run.ports["port_code"]) == {"2304", "2305", "2402"}
    assert set(run.economics) == {
        "cost_by_country",
        "cost_by_sector",
        "cost_by_state",
        "leverage_by_day",
    }
    assert run.summary["ports"]["2304"]["throughput_ratio"]["mean"] < 0.5
    assert run.sentence.startswith("Closing Laredo to trucks for 1 day puts $")
    assert "Mexico would lose about" in run.sentence and "the US about" in run.sentence


@pytest.mark.slow
def test_progress_moves_per_batch_of_replications(tiny_run):
    _, steps = tiny_run
    sim = [(d, t) for s, d, t in steps if s == "simulate"]
    assert sim[0] == (0, 4) and sim[-1] == (4, 4)
    done = [d for d, _ in sim]
    assert done == sorted(done) and any(0 < d < 4 for d in done), sim


@pytest.mark.slow
def test_write_then_load_round_trip(tiny_run, tmp_path):
    run, _ = tiny_run
    folder = run.write(tmp_path / "run")
    on_disk = json.loads((folder / "summary.json").read_text())
    assert on_disk == run.summary
    again = bl.load(folder)
    assert again.summary == run.summary and again.scenario == run.scenario
    pd.testing.assert_frame_equal(again.daily, run.daily)
    pd.testing.assert_frame_equal(
        again.economics["cost_by_country"], run.economics["cost_by_country"]
    )
    assert again.notes == run.notes and again.sentence == run.sentence
    page = again.report()
    assert run.sentence.replace("'", "&#x27;") in page
    copy = again.write(tmp_path / "copy")
    assert (copy / "report.html").is_file() and (copy / "daily.parquet").is_file()
    assert bl.load(copy).summary == run.summary


@pytest.mark.slow
def test_compare_same_and_different(tiny_run, tiny_store):
    run, _ = tiny_run
    same = bl.compare(run, run)
    assert same.inputs.empty and same.changed().empty
    other = bl.run(SCENARIO, store=tiny_store, policies=[], replications=2)
    diff = bl.compare(run, other)
    assert "replications" in set(diff.inputs["key"])
    changed = diff.changed()
    row = changed[changed["figure"] == "totals.trucks_served"].iloc[0]
    assert row["delta"] == pytest.approx(row["b"] - row["a"]) and row["delta"] > 0
    assert json.dumps(diff.to_dict())  # JSON-able


def test_overrides_are_validated_with_the_source_named():
    with pytest.raises(ConfigError) as err:
        scenario_spec(SCENARIO, {"replicatons": 2, "seed": -1})
    text = str(err.value)
    assert "scenario given as a dict (with replicatons=, seed=)" in text
    assert "2 problems" in text and "did you mean 'replications'" in text
    assert "<spec>" not in text


def test_dict_with_base_inherits_from_the_library():
    spec, source = scenario_spec(
        {"base": "seed-14-day-closure", "name": "mine", "replications": 1}, {}
    )
    assert spec.name == "mine" and spec.replications == 1 and spec.policies
    assert source == "scenario given as a dict"


def test_load_refuses_a_folder_that_is_not_a_run(tmp_path):
    with pytest.raises(ConfigError, match="not a run folder"):
        bl.load(tmp_path)
    (tmp_path / "summary.json").write_text("{trunc")
    (tmp_path / "scenario.yaml").write_text("name: x\n")
    with pytest.raises(ConfigError, match="not a complete borderlever run .no complete.json"):
        bl.load(tmp_path)  # a truncated summary and no marker: refused (issue 17)


def test_top_level_exports():
    assert bl.run is bl.api.run and bl.Run is bl.api.Run
    with pytest.raises(AttributeError):
        bl.no_such_name  # noqa: B018
