"""The USMCA claim shares the tariff lever uses, against Global Trade Alert's published figures."""

from __future__ import annotations

from pathlib import Path

import pytest

from borderlever.data.store import query
from borderlever.economics.tariff import load_tariff_table

pytestmark = pytest.mark.raw


def test_usmca_share_against_gta_compliance(raw_store: Path) -> None:
    """Share of US imports from Mexico claimed under USMCA, weighted by 2024 imports by HS
    chapter, with the Budget Lab's shares by GTAP sector mapped to chapters (tariff_hs2.csv).
    Source of the bounds: Global Trade Alert's trade-weighted compliance for Mexico, 71.2 % in
    2024 and 89.0 % in July-September 2025 (tariffs/PROVENANCE.md; GTA files are CC BY-NC, used
    here as a check only).  The Budget Lab shares average 2025 (before and after the March 2025
    exemption raised claims), so ours should fall between the two.  Came out at 75.8 %."""
    trade = query(
        "SELECT hs2, sum(value_usd) AS v FROM us_trade_by_hs2 "
        "WHERE year = 2024 AND country = 'MEX' AND direction = 'import' GROUP BY hs2",
        store=raw_store,
    )
    shares = query(
        "SELECT gtap_code, usmca_share FROM usmca_share_gtap WHERE country = 'MEX'",
        store=raw_store,
    ).set_index("gtap_code")["usmca_share"]
    table = load_tariff_table().set_index("hs2")
    share = trade["hs2"].map(table["gtap_sector"]).map(shares).fillna(0.0)
    weighted = float((share * trade["v"]).sum() / trade["v"].sum())
    assert 0.712 <= weighted <= 0.890
