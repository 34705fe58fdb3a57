"""Wait-time readers: hour labels, lane names, tidy shapes, workbook without the sheet."""

from __future__ import annotations

import gzip
from pathlib import Path

import pandas as pd
import pytest

from borderlever.data.readers import wait_times as wt
from borderlever.errors import DataError

DAYS = [f"{d} (min)" for d in wt.DAYS]


def _el_paso(path: Path, sheet: str = "Sheet1") -> Path:
    rows = [
        ["El Paso - Ysleta", "Commercial", "General", "January", "All", "Noon", *range(7)],
        ["El Paso - Ysleta", "Passenger", "Ready", "January", "All", "1:00 PM", *[None] * 6, 9],
        ["El Paso - Ysleta", None, None, None, None, None, *[None] * 7],
    ]
    frame = pd.DataFrame(rows, columns=["Port", "Lane", "Sub-Lane", "Month", "Day", "Time", *DAYS])
    with pd.ExcelWriter(path) as xl:
        frame.to_excel(xl, sheet_name=sheet, index=False)
    return path


def test_el_paso_tidy(tmp_path: Path) -> None:
    out = wt.read_el_paso(_el_paso(tmp_path / "e.xlsx"))
    assert len(out) == 8  # 7 weekdays of the truck lane + 1 non-blank cell
    truck = out[out["lane_type"] == "truck_standard"]
    assert truck["hour"].unique().tolist() == [12]
    assert truck.set_index("day_of_week")["wait_min"].to_dict() == {i: float(i) for i in range(7)}
    ready = out[out["lane_type"] == "pov_ready"].iloc[0]
    assert (ready["day_of_week"], ready["hour"], ready["port_code"]) == (6, 13, "2401")
    wt.HOURLY.validate(out, source="test")


def test_workbook_without_sheet(tmp_path: Path) -> None:
    path = _el_paso(tmp_path / "e.xlsx", sheet="Data")
    with pytest.raises(DataError) as info:
        wt.read_el_paso(path)
    assert info.value.file == str(path)
    assert "'Sheet1'" in str(info.value) and "Data" in str(info.value)


def test_bordify_lanes_and_dedup(tmp_path: Path) -> None:
    head = "commit_time_utc,commit,source_last_update_local,city_file,garita,entry_index,lane_type,mode,wait_raw,wait_minutes,lanes_open_raw,lanes_open,color"
    rows = [
        "t,c,2025-03-13 14:55:17,tijuana,Garita San Ysidro,0,General,vehicular,x,64,x,2,",
        "t,c,2025-03-13 14:55:17,tijuana,Garita San Ysidro,0,General,vehicular,x,64,x,2,",
        "t,c,2025-03-13 15:55,tijuana,Garita  San Ysidro,1,ReadyLane,peatonal,x,,x,,",
        "t,c,2025-03-13 15:55,tijuana,Garita San Ysidro,2,Sentri,,x,5,x,1,",
    ]
    path = tmp_path / "b.csv.gz"
    path.write_bytes(gzip.compress(("\n".join([head, *rows]) + "\n").encode()))
    out = wt.read_bordify(path)
    assert out["lane_type"].tolist() == ["pedestrian_ready", "pov_standard"]
    assert out["port_code"].unique().tolist() == ["2504"]
    assert out["observed_at"].dt.hour.tolist() == [15, 14]
    wt.OBSERVED.validate(out, source="test")
    path.write_bytes(
        gzip.compress(("\n".join([head, rows[0].replace("San Ysidro", "Nogales")]) + "\n").encode())
    )
    with pytest.raises(DataError, match="unknown crossing 'Garita Nogales'"):
        wt.read_bordify(path)


def test_parse_hour_all_labels() -> None:
    labels = (
        ["Midnight"]
        + [f"{h}:00 AM" for h in range(1, 12)]
        + ["Noon"]
        + [f"{h}:00 PM" for h in range(1, 12)]
    )
    assert wt.parse_hour(pd.Series(labels)).tolist() == [float(h) for h in range(24)]
