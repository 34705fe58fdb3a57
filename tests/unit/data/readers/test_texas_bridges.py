"""Texas bridge reader: bridge -> port mapping, mode -> measure, bad input."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from borderlever.data.readers import texas_bridges as tb
from borderlever.errors import DataError

HEADER = "ID,Year,Month,Region,POE,Crossing,Modes,Northbound Crossing"


def _write(raw: Path, rows: list[str]) -> Path:
    folder = raw / tb.FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "monthly_crossings_2008_2025.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n")
    return path


ROWS = [
    "a,2024,1,Laredo,Laredo,World Trade Bridge,Commercial Trucks,100",
    "b,2024,1,Laredo,Laredo,Colombia Solidarity Bridge,Commercial Trucks,50",
    "c,2024,1,El Paso,Presidio,Boquillas,Pedestrians/ Bicyclists,7",
    "d,2024,2,Laredo,Laredo,Canadian Pacific Kansas City Laredo Railroad Bridge,Railcars,9",
]


def test_maps_bridges_to_ports_and_measures(tmp_path: Path) -> None:
    _write(tmp_path, ROWS)
    out = tb.read_texas_bridges(tmp_path)
    month = out["cbp_texas_bridge_month"]
    assert month.groupby("port_code")["count"].sum().to_dict() == {"2304": 159.0, "2410": 7.0}
    assert month["measure"].tolist()[:3] == ["Trucks", "Trucks", "Pedestrians"]
    assert pd.isna(month["measure"].iloc[3])
    assert month["month"].iloc[3] == pd.Timestamp("2024-02-01")
    bridges = out["cbp_texas_bridges"]
    assert set(bridges["bridge"]) == {r.split(",")[5] for r in ROWS}
    for schema in tb.DATASET.tables:
        schema.validate(out[schema.name], source="test")


@pytest.mark.parametrize(
    ("bad", "column"),
    [
        ("e,2024,1,Laredo,Nuevo Laredo,X Bridge,Buses,3", "POE"),
        ("e,2024,1,Laredo,Laredo,World Trade Bridge,Trucks,3", "Modes"),
        ("e,2024,1,Laredo,Laredo,World Trade Bridge,Buses,n/a", "count"),
        ("e,2024,13,Laredo,Laredo,World Trade Bridge,Buses,3", "Month"),
    ],
)
def test_bad_rows(tmp_path: Path, bad: str, column: str) -> None:
    path = _write(tmp_path, [*ROWS, bad])
    with pytest.raises(DataError) as info:
        tb.read_texas_bridges(tmp_path)
    assert (info.value.file, info.value.row, info.value.column) == (str(path), 5, column)
