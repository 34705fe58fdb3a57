"""BTS reader: quirk rules (duplicates, conflicts, zero fill, breaks, split) and bad input."""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from borderlever.data.readers import bts_crossings as bts
from borderlever.errors import DataError

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bts_fake import HEADER, PORTS, bts_lines, write_bts


def _read(tmp_path: Path, lines: list[str] | None = None, **kw: str) -> dict[str, pd.DataFrame]:
    write_bts(tmp_path, lines, **kw)
    return bts.read_bts_crossings(tmp_path)


def _get(panel: pd.DataFrame, code: str, month: str, measure: str) -> pd.Series:
    hit = panel[
        (panel["port_code"] == code)
        & (panel["month"] == pd.Timestamp(month))
        & (panel["measure"] == measure)
    ]
    assert len(hit) == 1
    return hit.iloc[0]


def test_rules_on_small_file(tmp_path: Path) -> None:
    out = _read(tmp_path)
    panel = out["bts_port_month"]
    assert not panel.duplicated(["port_code", "month", "measure"]).any()
    assert _get(panel, "2304", "2024-01-01", "Trucks")["count"] == 100  # duplicate dropped
    filled = _get(panel, "2304", "2024-03-01", "Trucks")
    assert filled["count"] == 0 and "filled_zero" in filled["flags"]
    sasabe = _get(panel, "2606", "2024-02-01", "Bus Passengers")
    assert sasabe["count"] == 10 and sasabe["flags"] == "conflict_resolved"
    loaded = _get(panel, "2304", "2024-02-01", "Truck Containers Loaded")
    assert loaded["flags"] == "series_break"
    assert pd.isna(_get(panel, "0104", "2024-02-01", "Trucks")["flags"])
    ports = out["bts_ports"].set_index("port_code")
    assert ports.loc["2304", "lat"] == 27.5 and ports.loc["0104", "border"] == "US-Canada Border"
    for schema in bts.DATASET.tables:
        schema.validate(out[schema.name], source="test")


def test_zero_fill_stays_inside_port_span(tmp_path: Path) -> None:
    panel = _read(tmp_path)["bts_port_month"]
    laredo = panel[panel["port_code"] == "2304"]
    assert laredo["month"].min() == pd.Timestamp("2024-01-01")
    assert laredo["month"].max() == pd.Timestamp("2024-04-01")
    assert set(laredo["measure"]) == {"Trucks", "Truck Containers Loaded"}


def test_ysleta_split_folds_into_el_paso(tmp_path: Path) -> None:
    lines = [
        "El Paso,Texas,2402,US-Mexico Border,Feb 2020,Trucks,70,31.764,-106.451,POINT (0 0)",
        "El Paso,Texas,2402,US-Mexico Border,Mar 2020,Trucks,10,31.764,-106.451,POINT (0 0)",
        "Ysleta,Texas,2401,US-Mexico Border,Mar 2020,Trucks,60,31.673,-106.335,POINT (0 0)",
    ]
    panel = _read(tmp_path, lines)["bts_port_month"]
    series = panel.groupby(["series_port_code", "month"])["count"].sum()
    assert series.loc[("2402", pd.Timestamp("2020-02-01"))] == 70
    assert series.loc[("2402", pd.Timestamp("2020-03-01"))] == 70
    assert "port_split" in _get(panel, "2401", "2020-03-01", "Trucks")["flags"]
    assert pd.isna(_get(panel, "2402", "2020-02-01", "Trucks")["flags"])


@pytest.mark.parametrize(
    ("old", "new", "column", "row"),
    [
        (",Trucks,110,", ",Trucks,11O,", "count", 3),
        (",Trucks,110,", ",Trukcs,110,", "Measure", 3),
        (
            ",2304,US-Mexico Border,Feb 2024,Trucks",
            ",23O4,US-Mexico Border,Feb 2024,Trucks",
            "Port Code",
            3,
        ),
        ("Feb 2024,Trucks,110", "Feb 24,Trucks,110", "Date", 3),
    ],
)
def test_bad_values_name_row_and_column(
    tmp_path: Path, old: str, new: str, column: str, row: int
) -> None:
    lines = [line.replace(old, new) for line in bts_lines()]
    with pytest.raises(DataError) as info:
        _read(tmp_path, lines)
    err = info.value
    assert (err.column, err.row) == (column, row)
    assert err.file is not None and err.file.endswith(".csv.gz")
    assert err.expected


def test_renamed_column(tmp_path: Path) -> None:
    with pytest.raises(DataError) as info:
        _read(tmp_path, header=HEADER.replace("Value", "Count"))
    assert info.value.column == "Value"


def test_truncated_and_empty(tmp_path: Path) -> None:
    path = write_bts(tmp_path, bts_lines() * 2000)
    path.write_bytes(path.read_bytes()[:-200])
    with pytest.raises(DataError, match="truncated"):
        bts.read_bts_crossings(tmp_path)
    path.write_bytes(gzip.compress(b""))
    with pytest.raises(DataError, match="empty|no columns|no data"):
        bts.read_bts_crossings(tmp_path)


months = st.sampled_from(["Jan 2024", "Feb 2024", "Mar 2024", "Apr 2024", "May 2024"])
rows = st.tuples(
    st.sampled_from(sorted(PORTS)), months, st.sampled_from(bts.MEASURES[:4]), st.integers(0, 10**6)
)


@settings(max_examples=25, deadline=None)
@given(st.lists(rows, min_size=1, max_size=30))
def test_cleaning_keeps_one_row_per_key_and_never_loses_counts(data: list) -> None:  # type: ignore[type-arg]
    """Invariants: unique keys; total = sum over keys of the largest value given for that key."""
    frame = pd.DataFrame(data, columns=["port_code", "month_text", "measure", "count"])
    frame["month"] = pd.to_datetime(frame["month_text"], format="%b %Y").astype("datetime64[s]")
    frame["count"] = frame["count"].astype(float)
    for key, col in (("port_name", 0), ("state", 1), ("border", 2), ("lat", 3), ("lon", 4)):
        frame[key] = frame["port_code"].map(lambda c, col=col: PORTS[c][col])
    ports = bts.port_table(frame, "f")
    panel = bts.fill_zeros(bts.resolve_conflicts(frame.drop_duplicates()), ports)
    assert not panel.duplicated(["port_code", "month", "measure"]).any()
    expected = frame.groupby(["port_code", "month", "measure"])["count"].max().sum()
    assert panel["count"].sum() == expected
    assert (panel["count"] >= 0).all()
