"""The report's first lines: the sentence for each lever, its intervals, the key figures, the map."""

from __future__ import annotations

import pytest

from borderlever.reports.figures import all_figures
from borderlever.reports.headline import key_figures, percent, sentence, with_interval

SUMMARY = {
    "replications": 4,
    "ports": {"2304": {}, "2305": {}},
    "policy_window_days": [0, 14],
    "totals": {
        "throughput_ratio": {"mean": 0.0, "ci_low": 0.0, "ci_high": 0.0},
        "mean_wait_h": {"mean": 3.2, "ci_low": 3.0, "ci_high": 3.4},
    },
    "economics": {
        "trade_at_stake_usd": 2.5e10,
        "trade_at_stake_usd_per_day": 1.79e9,
        "policy_days": 14.0,
        "cost_usd": {"MEX": {"mean": 1.3e10}, "USA": {"mean": 1.5e10}, "CAN": {"mean": 1e6}},
        "cost_gdp_share": {
            "MEX": {"mean": 0.0071, "ci_low": 0.0068, "ci_high": 0.0074},
            "USA": {"mean": 0.0005, "ci_low": 0.00046, "ci_high": 0.00054},
            "CAN": {"mean": 0.0000005, "ci_low": 0.0000004, "ci_high": 0.0000006},
        },
        "leverage_ratio": {"mean": 14.2, "ci_low": 13.1, "ci_high": 15.3},
    },
}
NAMES = {"2304": "Laredo", "2305": "Hidalgo"}


def scenario(kind: str, **params) -> dict:
    return {
        "ports": {"border": "US-Mexico Border"},
        "horizon_days": 21,
        "policies": [{"kind": kind, "classes": ["trucks"], "parameters": params}],
    }


@pytest.mark.parametrize(
    "kind,params,start",
    [
        ("closure", {}, "Closing all 2 US–Mexico land ports to trucks for 14 days puts $25 bn"),
        ("lane_cut", {"lanes_removed_share": 0.5}, "Closing 50 % of the lanes at all 2 US–Mexico"),
        (
            "hours_cut",
            {"open_hours": [8, 16]},
            "Opening all 2 US–Mexico land ports only from 8:00 to 16:00",
        ),
        (
            "enhanced_inspection",
            {"extra_inspection_min": 30, "share_inspected": 1.0, "stations": 4},
            "Inspecting every truck at all 2 US–Mexico land ports for an extra 30 min",
        ),
        ("officer_reassignment", {"officers_removed": 40}, "Moving 40 officers away from all 2"),
    ],
)
def test_sentence_names_the_lever(kind, params, start):
    text = sentence(SUMMARY, scenario(kind, **params), NAMES)
    assert text.startswith(start), text
    assert "Mexico would lose about 0.71 % (0.68–0.74 %) of a year's GDP" in text
    assert text.endswith("the US about 0.05 % (0.046–0.054 %).")


def test_sentence_partner_follows_the_border_not_the_bigger_number():
    borders = {"2304": "US-Canada Border", "2305": "US-Canada Border"}
    assert "Canada would lose" in sentence(SUMMARY, scenario("closure"), NAMES, borders)


def test_sentence_without_economics_or_loss():
    no_econ = {**SUMMARY, "economics": None}
    text = sentence(no_econ, scenario("closure"), NAMES)
    assert "lets through 0 % of the trucks" in text and "not available" in text
    zero = {
        **SUMMARY,
        "economics": {
            **SUMMARY["economics"],
            "cost_gdp_share": {"MEX": {"mean": 0.0}, "USA": {"mean": 0.0}},
        },
    }
    assert sentence(zero, scenario("closure"), NAMES).endswith("no loss to either country.")


def test_no_negative_bound_on_a_figure_that_cannot_be_negative():
    assert with_interval({"mean": 0.0001, "ci_low": -0.0002, "ci_high": 0.0004}, percent) == (
        "0.01 % (0–0.04 %)"
    )


def test_at_most_four_key_figures():
    figures = key_figures(SUMMARY)
    assert len(figures) == 4
    assert [f[0] for f in figures] == [
        "trade at stake",
        "trucks served vs normal",
        "mean truck wait",
        "leverage ratio",
    ]


def test_map_has_outlines_port_names_and_a_legend_of_what_is_drawn(fake_api_run):
    run = fake_api_run()
    fig = all_figures(run.summary, run.frames)["map"]
    outlines = [t for t in fig.data if t.mode == "lines"]
    assert {t.name for t in outlines} == {"states", "coastlines", "countries"}
    assert all(len(t.lon) > 100 and t.showlegend is False for t in outlines)
    ports = [t for t in fig.data if t.mode == "markers+text"]
    assert len(ports) == 1 and "Laredo" in ports[0].text
    in_legend = [t for t in fig.data if t.showlegend is not False]
    assert in_legend == ports


def test_a_one_way_closure_says_its_direction():
    """An inbound-only closure must not read as closing the border both ways."""
    from borderlever.reports.headline import lever_phrase

    scen = scenario("closure")
    scen["policies"][0]["directions"] = ["northbound"]
    summary = {"ports": NAMES, "policy_window_days": [0, 14], "economics": {"policy_days": 14}}
    assert lever_phrase(scen, summary, NAMES).startswith(
        "Closing all 2 US–Mexico land ports to northbound trucks for 14 days"
    )
    scen["policies"][0]["directions"] = ["northbound", "southbound"]
    assert "to trucks for" in lever_phrase(scen, summary, NAMES)


def test_the_first_measure_gets_its_own_days_where_others_reach_further():
    """'Moving ... for 174 days (with 1 more measure)': the first measure's own window, not the
    span of all measures (183 days here), which would overstate how long it lasted."""
    from borderlever.reports.headline import lever_phrase

    scen = scenario("officer_reassignment", officers_removed_share=0.15)
    scen.update(start="2019-04-01", horizon_days=183)
    scen["policies"][0]["window"] = {"start": "2019-04-01T00:00:00", "end": "2019-09-22T00:00:00"}
    scen["policies"].append({"kind": "lane_cut", "parameters": {"lanes_removed_share": 0.2}})
    summary = {"ports": NAMES, "policy_window_days": [0, 183], "economics": {"policy_days": 183}}
    assert "officers away from all 2 US–Mexico land ports for 174 days (with 1 more measure)" in (
        lever_phrase(scen, summary, NAMES)
    )
    scen["policies"][0]["window"] = {"weekdays": ["saturday"]}  # no one span: all measures'
    assert "for 183 days (with 1 more measure)" in lever_phrase(scen, summary, NAMES)
