"""Cross-border shopping spending against the Federal Reserve Bank of Dallas figure."""

from __future__ import annotations

from pathlib import Path

import pytest

from borderlever.data.store import query
from borderlever.parameters import resolve


@pytest.mark.raw
def test_passenger_spending_against_dallas_fed(raw_store: Path) -> None:
    """Coronado & Phillips (2012, Dallas Fed Southwest Economy Q4): Mexicans spent more than
    $4.5 bn a year in Texas border cities and made 70 million crossings into Texas in 2011.

    The spending per crossing (registry ``economics.passenger.spending_usd_per_crossing_2011``,
    $64) is fitted on that same total, so the dollar figure is a **calibration check**; the part
    that is independent is the count: the store's BTS person crossings into Texas in 2011
    (personal-vehicle passengers + pedestrians + bus passengers, from the raw BTS file) against the
    Dallas Fed's 70 million.  Tolerance 5 %: the article rounds to "70 million" and "more than
    $4.5 bn"; BTS counts all persons, the article says Mexican citizens (US citizens crossing
    northbound are a minority at Texas ports)."""
    persons = query(
        """SELECT sum(c.count) AS n FROM port_month_crossings c JOIN ports p USING (port_code)
           WHERE p.state = 'Texas' AND year(c.month) = 2011
             AND c.measure IN ('Personal Vehicle Passengers', 'Pedestrians', 'Bus Passengers')""",
        store=raw_store,
    )["n"].iloc[0]
    assert persons == pytest.approx(70e6, rel=0.05)
    spend = resolve()["economics.passenger.spending_usd_per_crossing_2011"]
    assert persons * spend == pytest.approx(4.5e9, rel=0.05)
