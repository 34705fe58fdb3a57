"""CDC VSRR / NIDA overdose readers on tiny files the tests write."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from borderlever.data.readers import cdc_overdose as co
from borderlever.errors import DataError

HEAD = "state,year,month,period,indicator,data_value,percent_complete,percent_pending_investigation,footnote_symbol,predicted_value\n"
SYN = '"Synthetic opioids, excl. methadone (T40.4)"'


def write(path: Path, rows: list[str]) -> Path:
    path.write_text(HEAD + "".join(r + "\n" for r in rows))
    return path


def test_vsrr_rows_keep_reported_and_predicted(tmp_path: Path) -> None:
    path = write(
        tmp_path / "v.csv",
        [
            f'US,2022,December,12 month-ending,{SYN},"74,829",100,0.16,**,75453',
            f"AK,2022,December,12 month-ending,{SYN},,100,0,**,",
        ],
    )
    out = co.read_vsrr(path)
    assert out["month"].tolist() == [pd.Timestamp("2022-12-01")] * 2
    assert out["indicator"].unique().tolist() == ["synthetic_opioids"]
    assert out["deaths_12mo"].iloc[0] == 74829
    assert out["predicted_deaths_12mo"].iloc[0] == 75453
    assert out["deaths_12mo"].isna().iloc[1]  # suppressed state value stays missing
    co.OVERDOSE_MONTHLY.validate(out, source="t")


def test_canonical_takes_whole_series_from_newest_file(tmp_path: Path) -> None:
    old = co.read_vsrr(
        write(
            tmp_path / "old.csv",
            [
                f"US,2024,January,12 month-ending,{SYN},100,100,0,*,101",
                f"US,2024,February,12 month-ending,{SYN},110,100,0,*,111",
                "US,2024,January,12 month-ending,Heroin (T40.1),5,100,0,*,6",
            ],
        )
    )
    new = co.read_vsrr(
        write(tmp_path / "new.csv", [f"US,2024,January,12 month-ending,{SYN},102,100,0,*,103"])
    )
    out = co.canonical_overdose([new, old])
    syn = out[out["indicator"] == "synthetic_opioids"]
    # The newest file's series is taken whole: no month is spliced in from the older vintage.
    assert syn["source"].unique().tolist() == ["new.csv"]
    assert syn["deaths_12mo"].tolist() == [102]
    assert out.loc[out["indicator"] == "heroin", "source"].tolist() == ["old.csv"]


def test_unknown_indicator_and_period_are_rejected(tmp_path: Path) -> None:
    with pytest.raises(DataError) as err:
        co.read_vsrr(
            write(tmp_path / "a.csv", ["US,2022,May,12 month-ending,Fentanyl,1,100,0,*,1"])
        )
    assert (err.value.row, err.value.column) == (1, "indicator")
    with pytest.raises(DataError, match="unknown period"):
        co.read_vsrr(write(tmp_path / "b.csv", [f"US,2022,May,monthly,{SYN},1,100,0,*,1"]))


def test_non_numeric_deaths_name_row(tmp_path: Path) -> None:
    path = write(tmp_path / "v.csv", [f"US,2022,May,12 month-ending,{SYN},7O,100,0,*,1"])
    with pytest.raises(DataError) as err:
        co.read_vsrr(path)
    assert (err.value.file, err.value.row, err.value.column) == (str(path), 1, "deaths_12mo")


def test_nida_annual_long(tmp_path: Path) -> None:
    path = tmp_path / "nida.csv"
    cols = ["Year", *co.NIDA_COLUMNS]
    path.write_text(",".join(cols) + "\n2017,70237,47600,17029,28466,15482,13942\n")
    out = co.OVERDOSE_ANNUAL_NIDA.validate(co.read_nida(path), source="t")
    got = dict(zip(out["indicator"], out["deaths"], strict=True))
    assert got["synthetic_opioids"] == 28466 and got["all_drug_overdose"] == 70237
