"""Exposed economy from the state tables: rebuilt from tiny tables this test writes."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from borderlever.data.build import build_store
from borderlever.data.readers.subnational_trade import DATASET, MEX_FILE, US_FILE
from borderlever.data.store import query
from borderlever.economics.exposure import (
    UNIT_PERCENT,
    UNIT_USD,
    load_state_gdp,
    select_exposed,
    state_exposure,
    state_gdp_shares,
)
from borderlever.errors import DataError

US_CSV = """year,country_code,country,trade_type_code,trade_type,us_state_code,us_state_name,value_usd,share_of_us_total
2023,2010,Mexico,1,us_export,TX,Texas,40,0.4
2023,2010,Mexico,2,us_import,TX,Texas,20,0.2
2023,2010,Mexico,2,us_import,MI,Michigan,30,0.3
2023,2010,Mexico,1,us_export,AZ,Arizona,10,0.1
2023,2010,Mexico,1,us_export,DU,Unknown,500,0.5
2023,1220,Canada,1,us_export,MI,Michigan,900,0.9
"""
MEX_CSV = """year,mex_state_code,value_usd,mex_state_name,share_of_us_exports_to_mexico
2023,CH,50,Chihuahua,0.5
2023,NL,30,Nuevo Leon,0.3
2023,BC,20,Baja California,0.2
2023,XX,900,Unknown,0.9
2023,,1,,0.01
"""
GDP_CSV = f"""country_iso3,state,state_name,year,value,low,high,unit,source,url,note
USA,US,United States,2023,1000,1000,1000,"{UNIT_USD}",t,u,n
USA,TX,Texas,2023,100,90,110,"{UNIT_USD}",t,u,n
USA,MI,Michigan,2023,25,20,30,"{UNIT_USD}",t,u,n
USA,AZ,Arizona,2023,20,20,20,"{UNIT_USD}",t,u,n
MEX,CH,Chihuahua,2023,4.0,3.5,4.5,"{UNIT_PERCENT}",t,u,n
MEX,NL,Nuevo Leon,2023,8.0,8.0,8.0,"{UNIT_PERCENT}",t,u,n
"""


@pytest.fixture()
def tiny(tmp_path: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    raw = tmp_path / "raw"
    (raw / "subnational/derived").mkdir(parents=True)
    (raw / US_FILE).write_text(US_CSV)
    (raw / MEX_FILE).write_text(MEX_CSV)
    (tmp_path / "gdp.csv").write_text(GDP_CSV)
    store = tmp_path / "s.duckdb"
    report = build_store(raw_dir=raw, store=store, progress=False, only=[DATASET])
    assert report.origin["subnational_trade"] == "raw"
    us = query("SELECT * FROM us_state_trade", store=store)
    mx = query("SELECT * FROM mex_state_trade", store=store)
    return us, mx, load_state_gdp(tmp_path / "gdp.csv")


def test_exposure_rebuilt_from_a_tiny_store(tiny):
    us, mx, gdp = tiny
    # Nayarit's code 'NA' comes back for the empty code; unknown states are flagged
    assert "NA" in set(mx["mex_state"]) and mx.set_index("mex_state").loc["XX", "state_unknown"]
    out = state_exposure(us, mx, gdp, {"USA": 365e3, "MEX": 365e2}, threshold=0.6).set_index(
        "country_iso3"
    )
    # US trade with Mexico, known states: TX 60, MI 30, AZ 10 -> TX (0.6) alone reaches 0.6
    assert [s["state"] for s in out.loc["USA", "states"]] == ["TX"]
    assert out.loc["USA", "exposed_trade_share"] == pytest.approx(0.6)
    # Texas is 10 % of the US total -> 0.1 x 365e3 / 365 per day; range from 90 and 110
    assert out.loc["USA", "exposed_gdp_usd_per_day"] == pytest.approx(100.0)
    assert out.loc["USA", "exposed_gdp_low_usd_per_day"] == pytest.approx(90.0)
    assert out.loc["USA", "exposed_gdp_high_usd_per_day"] == pytest.approx(110.0)
    # Mexico, known states CH 50, NL 30, BC 20, NA 1 (of 101): CH then NL reach 0.6
    assert [s["state"] for s in out.loc["MEX", "states"]] == ["CH", "NL"]
    assert out.loc["MEX", "exposed_gdp_share_of_national"] == pytest.approx(0.12)
    assert out.loc["MEX", "exposed_gdp_usd_per_day"] == pytest.approx(0.12 * 100.0)
    assert out.loc["MEX", "trade_year"] == 2023


def test_higher_threshold_adds_states_and_missing_gdp_is_a_clear_error(tiny):
    us, mx, gdp = tiny
    wide = state_exposure(us, mx, gdp, {"USA": 365e3, "MEX": 365e2}, threshold=0.75)
    assert [s["state"] for s in wide.set_index("country_iso3").loc["USA", "states"]] == [
        "TX",
        "MI",
    ]
    with pytest.raises(DataError, match="no GDP row for the exposed states MEX:BC"):
        state_exposure(us, mx, gdp, {"USA": 365e3, "MEX": 365e2}, threshold=0.95)
    with pytest.raises(DataError, match="threshold"):
        select_exposed(pd.DataFrame(columns=["country_iso3", "trade_usd"]), 1.5)


def test_state_gdp_table_checks_ranges_units_and_national_row():
    row = {
        "country_iso3": "USA",
        "state": "TX",
        "state_name": "Texas",
        "year": "2023",
        "value": "10",
        "low": "11",
        "high": "12",
        "unit": UNIT_USD,
    }
    with pytest.raises(DataError, match="range"):
        state_gdp_shares(pd.DataFrame([row]))
    with pytest.raises(DataError, match="unknown unit"):
        state_gdp_shares(pd.DataFrame([{**row, "low": "9", "unit": "EUR"}]))
    with pytest.raises(DataError, match="national row"):
        state_gdp_shares(pd.DataFrame([{**row, "low": "9"}]))
    ok = {**row, "low": "9"}
    with pytest.raises(DataError, match=r"row 2, column 'high': non-numeric value '1O'"):
        state_gdp_shares(pd.DataFrame([ok, {**ok, "high": "1O"}]))
    with pytest.raises(DataError, match=r"row 1, column 'year': non-numeric value ''"):
        state_gdp_shares(pd.DataFrame([{**ok, "year": ""}]))


def test_bundled_state_gdp_table_is_sourced_and_consistent():
    raw = pd.read_csv(
        Path(__file__).resolve().parents[3] / "src/borderlever/economics/data/state_gdp.csv",
        dtype=str,
        keep_default_na=False,
    )
    assert (raw[["unit", "year", "source", "url"]] != "").all().all()
    g = load_state_gdp()
    us = g[g["country_iso3"] == "USA"]
    # the states of the US table add up to the BEA national total, less what BEA does not
    # allocate to states (overseas federal activity, under 1 %)
    assert 0.99 < us["gdp_share"].sum() <= 1.0
    assert (g["gdp_share_low"] <= g["gdp_share"]).all()
    assert (g["gdp_share"] <= g["gdp_share_high"]).all()
