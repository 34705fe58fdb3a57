"""The 2011 table brought to 2023 by GRAS against GDP and Census goods trade.

Sources: World Bank GDP (current USD, the store's ``gdp`` view) and US goods trade with Mexico and
Canada (BTS TransBorder = Census totals, ``us_trade_totals``), both in the store.  The balancing
fixes the bilateral goods cells (a calibration check: they must match to 1e-9) and the regions'
total sales (grown with GDP); value added is *not* a target: it comes out as output less inputs.
Validation: each region's value added grows with its GDP to within 3 % (value added at basic prices
is not GDP, but their ratio moves slowly; 3 % is about the 2011-2023 change of that ratio in
national accounts).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from borderlever.economics.inputoutput import read_wiod_na4
from borderlever.economics.ras import gdp_growth, goods_targets, scale_table

pytestmark = pytest.mark.raw


def test_scaled_table_against_gdp_and_goods_trade(raw_dir: Path, raw_store: Path) -> None:
    folder = raw_dir / "io_tables/wiod2013/derived"
    if not folder.is_dir():
        pytest.skip(f"{folder} absent")
    from borderlever.data.store import query

    gdp = query("SELECT country_iso3, year, gdp_usd FROM gdp", store=raw_store)
    totals = query("SELECT * FROM us_trade_totals", store=raw_store)
    io = read_wiod_na4(folder)
    growth, _ = gdp_growth(gdp, 2011, 2023)
    goods = goods_targets(totals, 2023)
    st = scale_table(io, growth, goods, 2023)
    res = st.residual.set_index("region")
    assert (res["va_gap_share"].abs() < 0.03).all(), res["va_gap_share"].to_dict()
    goods_rows = np.isin(io.sectors, [f"c{i}" for i in range(1, 17)])
    mex, usa = io.regions == "MEX", io.regions == "USA"
    y_usa = np.array([lab.startswith("USA") for lab in io.y_labels])
    flow = (
        st.io.Z[np.ix_(mex & goods_rows, usa)].sum()
        + st.io.Y[np.ix_(mex & goods_rows, y_usa)].sum()
    )
    assert flow * 1e6 == pytest.approx(goods[("MEX", "USA")], rel=1e-9)
