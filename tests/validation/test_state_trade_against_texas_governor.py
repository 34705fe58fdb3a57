"""State trade tables against published Texas-Mexico trade figures.

Source (independent of the TransBorder compilation the store reads): Office of the Texas Governor,
"Texas & Mexico Trade" (Census state export series, origin of movement), quoted at
https://www.hispaniccontractorsassociation.org/single-post/the-mexican-border-more-than-a-crossing-a-major-economic-engine-for-the-u-s :
in 2022 Texas-Mexico trade was $285.6 bn and Texas exported $144.3 bn to Mexico.  Tolerance 2 %:
the published figures are rounded to $0.1 bn and Census's state series and TransBorder table 1
can differ by revisions and by the unknown-state rows; a wrong state, partner, direction or year
mapping in the reader would miss by far more (2021 and 2023 differ from 2022 by over 4 %).
Also checked: Texas's share of US exports to Mexico in 2023, 40 % per the raw folder's
PROVENANCE.md (a consistency check on the same data, not an independent source), and that the
exposed US economy at the default threshold contains Texas.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from borderlever.data.build import build_store
from borderlever.data.readers.subnational_trade import DATASET
from borderlever.data.store import query
from borderlever.economics.exposure import load_state_gdp, state_exposure
from borderlever.parameters import default


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("subnational") / "s.duckdb"
    build_store(store=path, bundled=True, progress=False, only=[DATASET])
    return path


def test_texas_trade_with_mexico_against_texas_governor_2022(store: Path) -> None:
    tx = query(
        "SELECT direction, sum(value_usd) AS v FROM us_state_trade "
        "WHERE year = 2022 AND country = 'MEX' AND us_state = 'TX' GROUP BY direction",
        store=store,
    ).set_index("direction")["v"]
    assert tx["export"] == pytest.approx(144.3e9, rel=0.02)
    assert tx.sum() == pytest.approx(285.6e9, rel=0.02)


def test_texas_share_of_us_exports_to_mexico_2023(store: Path) -> None:
    share = query(
        "SELECT share_of_us_total FROM us_state_trade WHERE year = 2023 AND country = 'MEX' "
        "AND direction = 'export' AND us_state = 'TX'",
        store=store,
    )["share_of_us_total"].iloc[0]
    assert share == pytest.approx(0.40, abs=0.01)
    us = query("SELECT * FROM us_state_trade", store=store)
    mx = query("SELECT * FROM mex_state_trade", store=store)
    out = state_exposure(
        us,
        mx,
        load_state_gdp(),
        {"USA": 27.4e12, "MEX": 1.79e12},
        default("economics.exposure.trade_share_threshold"),
    ).set_index("country_iso3")
    assert "TX" in [s["state"] for s in out.loc["USA", "states"]]
    assert "CH" in [s["state"] for s in out.loc["MEX", "states"]]


@pytest.mark.raw
def test_mexican_states_against_table1_partner_regions(raw_store: Path) -> None:
    """``mex_state_trade`` (the derived table) equals the store's own grouping of the raw dot1
    files by Mexican state, 2021-2023, to the dollar: this checks the reader's reading of the
    derived file's empty state code as Nayarit ('NA')."""
    ours = query(
        "SELECT year, mex_state, value_usd FROM mex_state_trade", store=raw_store
    ).set_index(["year", "mex_state"])["value_usd"]
    table1 = query(
        "SELECT year, partner_region AS mex_state, sum(value_usd) AS v FROM partner_region_trade "
        "WHERE country = 'MEX' AND direction = 'export' AND year BETWEEN 2021 AND 2023 "
        "GROUP BY ALL",
        store=raw_store,
    ).set_index(["year", "mex_state"])["v"]
    both = pd.concat([ours.rename("ours"), table1.rename("table1")], axis=1)
    assert both.notna().all().all(), both[both.isna().any(axis=1)]
    assert (both["ours"] - both["table1"]).abs().max() <= 1.0
    assert both.loc[(2023, "NA"), "ours"] == pytest.approx(15_667_354, abs=1)
