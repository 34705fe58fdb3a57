"""The report's cost-parts section: direction shares, static figures, exposure."""

from __future__ import annotations

from borderlever.reports.economics_section import cost_parts_section
from borderlever.reports.sections import SECTIONS, ReportContext


def _iv(x: float) -> dict[str, float]:
    return {"mean": x, "ci_low": x, "ci_high": x}


def test_section_shows_direction_shares_and_static_figures_apart():
    econ = {
        "cost_usd": {"USA": _iv(10e9)},
        "cost_breakdown": {
            "USA": {
                "direct_usd": _iv(1e9),
                "production_usd": _iv(9e9),
                "by_direction": {"northbound": _iv(7.5e9), "southbound": _iv(2.5e9)},
            }
        },
        "static_bounds": {"USA": {"demand_side_usd": _iv(2e9), "supply_side_usd": _iv(3e9)}},
        "io_table": "WIOD 2013 release, 2011 table, scaled to 2023",
        "exposure": {
            "USA": {
                "exposed_va_usd_per_day": 1e9,
                "cost_usd_per_day": _iv(0.5e9),
                "cost_share_of_exposed_va_per_day": _iv(0.5),
                "concession_value_usd": 1e10,
                "hold_out_days": _iv(20.0),
                "basis": "x",
                "cost_share_of_gdp_per_day": _iv(0.02),
                "exposed_gdp_usd_per_day": 4e9,
                "exposed_gdp_range_usd_per_day": {"low": 3.8e9, "high": 4.2e9},
                "cost_share_of_exposed_gdp_per_day": _iv(0.125),
                "cost_share_of_exposed_gdp_per_day_range": {"low": 0.119, "high": 0.132},
                "exposed_gdp_share_of_national": 0.3,
                "exposed_trade_share": 0.61,
                "trade_share_threshold": 0.6,
                "exposed_states": [
                    {"state": "TX", "name": "Texas", "trade_share": 0.35, "gdp_share": 0.094}
                ],
                "state_basis": "y",
            }
        },
    }
    out = cost_parts_section(ReportContext(summary={"economics": econ}, frames={}, scenario={}))
    assert out is not None
    assert "75 %" in out and "25 %" in out  # each direction's share of the cost
    assert "$2.00 bn" in out and "$3.00 bn" in out  # static figures shown, not added
    assert "scaled to 2023" in out and "20 days" in out
    # the exposed states' GDP is the main measure, with its range and the states named
    assert "12.5 %" in out and "$4.00 bn" in out and "Texas" in out
    assert "cost / national GDP (context)" in out
    assert any(h == "Where the cost comes from" for h, _ in SECTIONS)


def test_section_is_left_out_without_a_breakdown():
    ctx = ReportContext(summary={"economics": None}, frames={}, scenario={})
    assert cost_parts_section(ctx) is None
