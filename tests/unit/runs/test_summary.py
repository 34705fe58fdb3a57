"""The JSON summary: figures from fake frames, intervals, byte-identical reruns, schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from borderlever.runs.summary import backlog_clear_h, build_summary, dumps, hourly_truck_wait

SCHEMA = Path(__file__).resolve().parents[3] / "docs" / "summary-schema.json"


def test_closure_day_halves_window_throughput(fake_run):
    summary = build_summary(fake_run())
    assert summary["policy_window_days"] == [1, 2]
    laredo = summary["ports"]["2304"]
    # The only policy day is fully closed in the fake: nothing served that day.
    assert laredo["trucks_served"]["mean"] == 0.0
    assert laredo["throughput_ratio"]["mean"] == 0.0
    assert laredo["trucks_baseline"]["mean"] == pytest.approx(300 * 24, rel=1e-6)
    assert laredo["peak_wait_h"]["mean"] > laredo["mean_wait_h"]["mean"] > 0
    for key in ("mean_wait_h", "p95_wait_h", "diverted", "backlog_clear_h"):
        fig = laredo[key]
        assert set(fig) == {"mean", "ci_low", "ci_high"}
        assert fig["ci_low"] <= fig["mean"] <= fig["ci_high"]


def test_backlog_clears_after_reopening(fake_run):
    summary = build_summary(fake_run())
    clear = summary["ports"]["2304"]["backlog_clear_h"]["mean"]
    # A 24 h backlog served at 0.5x the arrival rate in spare capacity takes about 48 h.
    assert 40 <= clear <= 50
    assert summary["ports"]["2304"]["backlog_censored_share"] == 0.0


def test_backlog_censored_when_never_cleared(fake_run):
    out = fake_run()
    waits = hourly_truck_wait(out)
    w = waits[(waits["port_code"] == "2304") & (waits["replication"] == 0)]
    hours, censored = backlog_clear_h(w.assign(queue_end=1e9), end_h=48, horizon_h=96)
    assert censored and hours == 48


def test_economics_block(fake_run):
    econ = build_summary(fake_run())["economics"]
    assert econ["trade_at_stake_usd"] == 1.2e9
    assert econ["trade_at_stake_usd_per_day"] == 1.2e9
    assert set(econ["cost_usd"]) == {"MEX", "USA"}
    assert econ["cost_gdp_share"]["MEX"]["mean"] == pytest.approx(3.03e8 / 1.8e12, rel=1e-3)
    assert econ["leverage_ratio"]["mean"] == pytest.approx(5.01)


def test_same_inputs_byte_identical(fake_run):
    assert dumps(build_summary(fake_run())) == dumps(build_summary(fake_run()))


def test_seed_changes_summary(fake_run):
    assert dumps(build_summary(fake_run())) != dumps(build_summary(fake_run(seed=8)))


def test_summary_validates_against_json_schema(fake_run):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text())
    jsonschema.validate(json.loads(dumps(build_summary(fake_run()))), schema)


def test_schema_rejects_a_bare_number_where_an_interval_is_due(fake_run):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text())
    doc = json.loads(dumps(build_summary(fake_run())))
    doc["ports"]["2304"]["mean_wait_h"] = 1.0
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, schema)


def test_no_policy_has_nothing_to_clear(fake_run):
    summary = build_summary(fake_run(policies=[]))
    port = summary["ports"]["2304"]
    assert port["backlog_clear_h"]["mean"] == 0.0 and port["backlog_censored_share"] == 0.0
    assert summary["policy_window_days"] == [0, 4]


def test_summary_says_why_leverage_is_undefined_and_keeps_bounds_non_negative(fake_run) -> None:
    """A run whose policy costs the US nothing reports the leverage ratio as null with a
    sentence; no interval of a non-negative figure goes below zero."""
    import dataclasses

    from borderlever.runs.summary import build_summary

    out = fake_run()
    assert out.economics is not None
    zero = dataclasses.replace(out.economics, leverage_ratio=[float("nan")] * 3)
    s = build_summary(dataclasses.replace(out, economics=zero))
    econ = s["economics"]
    assert econ["leverage_ratio"] == {"mean": None, "ci_low": None, "ci_high": None}
    assert "undefined" in econ["leverage_ratio_note"]
    assert econ["trade_blocked_usd"] is None  # not computed by the fake economics

    def lows(node):
        if isinstance(node, dict):
            if "ci_low" in node:
                yield node["ci_low"]
            for v in node.values():
                yield from lows(v)

    assert all(low is None or low >= 0 for low in lows(build_summary(out)))


def test_a_net_cost_below_zero_is_said_to_be_a_gain() -> None:
    """A tariff can leave the importer a net gain; the summary says so where a bound or mean is
    below zero, and says nothing otherwise (border delays alone never give a gain)."""
    from borderlever.runs.levers import net_gain_note

    note = net_gain_note(
        {
            "MEX": {"mean": 4.0, "ci_low": 2.0, "ci_high": 6.0},
            "USA": {"mean": 1.0, "ci_low": -0.5, "ci_high": 3.0},
        }
    )
    assert note is not None and "USA" in note and "MEX" not in note and "gain" in note
    assert net_gain_note({"USA": {"mean": 1.0, "ci_low": 0.0, "ci_high": 3.0}}) is None
    assert net_gain_note({"USA": {"mean": None, "ci_low": None, "ci_high": None}}) is None
