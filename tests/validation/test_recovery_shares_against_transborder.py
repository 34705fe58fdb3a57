"""Recovery shares against the December 2023 rail suspensions at Eagle Pass and El Paso.

A **calibration check**, not a validation: the registry defaults of
``economics.recovery_share.durables`` (0.6) and ``.perishables`` (0) were set with this episode in
view.  Data: BTS TransBorder monthly rail trade by HS2 at ports 2303 and 2402 (both directions,
the store's ``port_month_trade``), CBP suspended both rail crossings on 2023-12-18 to 12-22.
Counterfactual: the same month a year earlier x the median year-on-year ratio of Sep-Nov 2023.
January 2024 made up 0.63 of the December shortfall of durables and none of perishables (their
January was below the counterfactual too).  Tolerance: the durables default must lie within 0.25
of the January make-up (monthly noise: year-on-year ratios of these ports' rail trade vary by
about ±15 % month to month) and perishables must show no make-up.  February 2024 is left out:
durables' February jumped far above any make-up (a share above 3 with it), a trend this method
cannot separate from recovery.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from borderlever.economics.dynamic import RECOVERY_GROUPS
from borderlever.economics.production import load_concordance
from borderlever.economics.recovery import makeup_shares, monthly_by_group
from borderlever.parameters import default

pytestmark = pytest.mark.raw


def test_recovery_shares_against_transborder_rail_2023(raw_store: Path) -> None:
    from borderlever.data.store import query

    trade = query(
        "SELECT month, hs2, value_usd FROM port_month_trade "
        "WHERE port_code IN ('2303', '2402') AND mode = 'rail'",
        store=raw_store,
    )
    if trade.empty:
        pytest.skip("no monthly rail trade for 2303/2402 in the store")
    monthly = monthly_by_group(trade, load_concordance(), RECOVERY_GROUPS)
    r = makeup_shares(monthly, "2023-12", ["2024-01"], ["2023-09", "2023-10", "2023-11"])
    assert r.loc["durables", "shortfall_usd"] > 1e8  # the suspension shows in the data
    assert r.loc["durables", "makeup_share"] == pytest.approx(
        default("economics.recovery_share.durables"), abs=0.25
    )
    assert r.loc["perishables", "makeup_usd"] == 0.0
    assert default("economics.recovery_share.perishables") == 0.0
