"""Reading helpers: each way a raw file goes wrong gives one DataError naming file, row, column."""

from __future__ import annotations

import gzip
from pathlib import Path

import pandas as pd
import pytest

from borderlever.data.readers import _io
from borderlever.errors import DataError

COLS = {"Port Code": "port_code", "Value": "count"}


def _gz(path: Path, text: str) -> Path:
    path.write_bytes(gzip.compress(text.encode()))
    return path


def test_read_csv_maps_and_converts(tmp_path: Path) -> None:
    p = _gz(tmp_path / "a.csv.gz", "Port Code,Value,Other\n0104,1,x\n2304,2,y\n")
    df = _io.read_csv(p, COLS, numeric=["count"])
    assert list(df.columns) == ["port_code", "count"]
    assert df["port_code"].tolist() == ["0104", "2304"]
    assert df["count"].tolist() == [1.0, 2.0]


def test_truncated_gz(tmp_path: Path) -> None:
    body = "Port Code,Value\n" + "".join(f"{i:04d},{i}\n" for i in range(20000))
    blob = gzip.compress(body.encode())
    p = tmp_path / "t.csv.gz"
    p.write_bytes(blob[: len(blob) // 2])
    with pytest.raises(DataError) as info:
        _io.read_csv(p, COLS, numeric=["count"])
    assert info.value.file == str(p)
    assert "truncated" in str(info.value)


@pytest.mark.parametrize("header", ["Port Code,Values", "Port Code"])
def test_missing_or_renamed_column(tmp_path: Path, header: str) -> None:
    p = tmp_path / "m.csv"
    p.write_text(header + "\n0104" + (",1" if "," in header else "") + "\n")
    with pytest.raises(DataError) as info:
        _io.read_csv(p, COLS)
    assert info.value.column == "Value"
    assert info.value.file == str(p)
    if "Values" in header:
        assert "'Values'" in str(info.value)


def test_non_numeric_names_row(tmp_path: Path) -> None:
    p = tmp_path / "n.csv"
    p.write_text("Port Code,Value\n0104,1\n0105,2\n0106,lots\n")
    with pytest.raises(DataError) as info:
        _io.read_csv(p, COLS, numeric=["count"])
    err = info.value
    assert (err.row, err.column, err.expected) == (3, "count", "a number")
    assert "'lots'" in str(err)


@pytest.mark.parametrize("text", ["", "Port Code,Value\n"])
def test_empty_file(tmp_path: Path, text: str) -> None:
    p = tmp_path / "e.csv"
    p.write_text(text)
    with pytest.raises(DataError, match="empty|no data rows") as info:
        _io.read_csv(p, COLS)
    assert info.value.file == str(p)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="not found"):
        _io.read_csv(tmp_path / "nope.csv", COLS)
    with pytest.raises(DataError, match="not found"):
        _io.find_file(tmp_path, "nope_*.csv")


def test_check_known_names_row() -> None:
    with pytest.raises(DataError) as info:
        _io.check_known(
            pd.Series(["Trucks", "Trukcs"]), {"Trucks"}, kind="measure", file="f", column="measure"
        )
    assert (info.value.row, info.value.column) == (2, "measure")
    assert "Trukcs" in str(info.value)


def test_open_sheet_found_and_missing(tmp_path: Path) -> None:
    p = tmp_path / "w.xlsx"
    with pd.ExcelWriter(p) as xl:
        pd.DataFrame({"a": [1, 2]}).to_excel(xl, sheet_name="Data Sheet", index=False)
    assert _io.open_sheet(p, ["other", "data_sheet"])["a"].tolist() == [1, 2]
    with pytest.raises(DataError) as info:
        _io.open_sheet(p, "Monthly")
    assert "Data Sheet" in str(info.value)
    assert "'Monthly'" in str(info.value)
    assert info.value.file == str(p)


def test_open_sheet_not_a_workbook(tmp_path: Path) -> None:
    p = tmp_path / "x.xlsx"
    p.write_text("not a zip")
    with pytest.raises(DataError, match="cannot open the workbook"):
        _io.open_sheet(p, "Sheet1")
