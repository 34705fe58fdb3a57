"""Trade at stake against the BTS TransBorder totals and the B10 value-per-truck band.

Sources: BTS TransBorder Freight Data, table 3 monthly files 2023
(``shared/data/raw/transborder_freight/raw/dot3_monthly``; PROVENANCE.md: US-Mexico 2023 total,
all modes, 798.8 bn USD = Census-reported US-Mexico goods trade, i.e. about 2.19 bn USD per day);
BTS Border Crossing Entry Data ('Truck Containers Loaded', US-Mexico border, 2023);
``shared/research/ports-and-parameters.md`` B10: about $60k per loaded northbound truck
(sensitivity $40-70k, a derived, low-confidence figure).

The frames are built here from the raw files with the store's contract columns (the data-trade
layer builds the same ``port_year_trade`` view); the tests skip without raw data.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest

from borderlever.economics import mode_split, trade_at_stake, value_per_truck

pytestmark = pytest.mark.raw

MODES = (
    "WHEN '1' THEN 'vessel' WHEN '3' THEN 'air' WHEN '4' THEN 'mail' WHEN '5' THEN 'truck' "
    "WHEN '6' THEN 'rail' WHEN '7' THEN 'pipeline' WHEN '8' THEN 'other' WHEN '9' THEN 'ftz'"
)


@pytest.fixture(scope="module")
def trade_2023(raw_dir: Path) -> pd.DataFrame:
    files = sorted((raw_dir / "transborder_freight/raw/dot3_monthly").glob("dot3_??23.csv.gz"))
    if len(files) != 12:
        pytest.skip("the twelve 2023 dot3 monthly files are not all present")
    sql = f"""
        SELECT DEPE AS port_code, CAST(YEAR AS INTEGER) AS year,
               CASE TRDTYPE WHEN '1' THEN 'export' WHEN '2' THEN 'import' END AS direction,
               CASE DISAGMOT {MODES} END AS mode, COMMODITY2 AS hs2,
               CASE COUNTRY WHEN '2010' THEN 'MEX' WHEN '1220' THEN 'CAN' END AS country,
               sum(CAST("VALUE" AS DOUBLE)) AS value_usd, 12 AS months_covered
        FROM read_csv({[str(f) for f in files]}, all_varchar = true) GROUP BY ALL"""
    return duckdb.connect().sql(sql).df()


@pytest.fixture(scope="module")
def crossings_mex(raw_dir: Path) -> pd.DataFrame:
    path = raw_dir / "bts_border_crossing/bts_border_crossing_us_mexico_1996-01_to_2025-02.csv"
    if not path.is_file():
        pytest.skip(f"{path} absent")
    df = pd.read_csv(
        path, dtype={"Port Code": str}, usecols=["Port Code", "Date", "Measure", "Value"]
    )
    df = df.rename(columns={"Port Code": "port_code", "Measure": "measure", "Value": "count"})
    df["month"] = pd.to_datetime(df["Date"], format="%b %Y")
    return df[df["month"].dt.year == 2023]


def test_trade_at_stake_over_a_year_against_transborder_total(trade_2023: pd.DataFrame) -> None:
    """All ports, modes and 365 days of trade at stake = the store's 2023 total (exact)."""
    stake = trade_at_stake(trade_2023, days=365, year=2023)
    assert stake["value_usd"].sum() == pytest.approx(trade_2023["value_usd"].sum(), rel=1e-12)


def test_us_mexico_trade_per_day_against_census(trade_2023: pd.DataFrame) -> None:
    """US-Mexico goods trade 2023 ~ 2.19 bn USD per day (798.8 bn / 365); tolerance 0.5 %,
    the rounding of the published figure."""
    mex = trade_2023[trade_2023["country"] == "MEX"]
    per_day = trade_at_stake(mex, days=1, by=["country"])["value_usd"].sum()
    assert per_day == pytest.approx(798.8e9 / 365, rel=0.005)
    assert per_day == pytest.approx(2.19e9, rel=0.005)


def test_laredo_truck_share_against_transborder_provenance(trade_2023: pd.DataFrame) -> None:
    """Laredo (2304) 2023: truck 260.5, rail 49.8, all modes 312.9 bn USD (PROVENANCE checks);
    tolerance 0.1 bn (printed rounding)."""
    split = mode_split(trade_2023[trade_2023["port_code"] == "2304"])
    by_mode = split.groupby("mode")["value_usd"].sum() / 1e9
    assert by_mode["truck"] == pytest.approx(260.5, abs=0.1)
    assert by_mode["rail"] == pytest.approx(49.8, abs=0.1)
    assert by_mode.sum() == pytest.approx(312.9, abs=0.1)


def test_value_per_loaded_truck_against_b10_band(
    trade_2023: pd.DataFrame, crossings_mex: pd.DataFrame
) -> None:
    """US imports by truck from Mexico / northbound loaded containers, 2023, border-wide: inside
    the B10 sensitivity band $40-70k (B10 default $60k; computed ~ $56.5k)."""
    v = value_per_truck(trade_2023[trade_2023["country"] == "MEX"], crossings_mex, 2023)
    imports = v[(v["direction"] == "import") & v["loaded_trucks"].notna()]
    per_truck = imports["truck_value_usd"].sum() / imports["loaded_trucks"].sum()
    assert 40_000 <= per_truck <= 70_000
