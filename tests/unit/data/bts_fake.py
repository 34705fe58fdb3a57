"""Small BTS-shaped raw files the data tests write (not a test module)."""

from __future__ import annotations

import gzip
from pathlib import Path

HEADER = "Port Name,State,Port Code,Border,Date,Measure,Value,Latitude,Longitude,Point"
PORTS = {
    "2304": ("Laredo", "Texas", "US-Mexico Border", 27.500, -99.507),
    "2606": ("Sasabe", "Arizona", "US-Mexico Border", 31.483, -111.544),
    "0104": ("Jackman", "Maine", "US-Canada Border", 45.806, -70.397),
}


def bts_lines() -> list[str]:
    """Rows over Jan-Apr 2024: Laredo trucks with Mar missing, a duplicate, a Sasabe conflict."""
    rows = []

    def add(code: str, date: str, measure: str, value: object) -> None:
        name, state, border, lat, lon = PORTS[code]
        rows.append(
            f"{name},{state},{code},{border},{date},{measure},{value},{lat:.3f},{lon:.3f},"
            f"POINT ({lon} {lat})"
        )

    for month, trucks in (("Jan 2024", 100), ("Feb 2024", 110), ("Apr 2024", 130)):
        add("2304", month, "Trucks", trucks)
        add("2304", month, "Truck Containers Loaded", trucks * 2)
    add("2304", "Jan 2024", "Trucks", 100)  # exact duplicate
    for month in ("Jan 2024", "Feb 2024", "Mar 2024", "Apr 2024"):
        add("2606", month, "Bus Passengers", 10)
        add("0104", month, "Trucks", 5)
    add("2606", "Feb 2024", "Bus Passengers", 0)  # conflict with the 10 above
    return rows


def write_bts(raw: Path, lines: list[str] | None = None, *, header: str = HEADER) -> Path:
    """Write ``raw/bts_border_crossing/Border_Crossing_Entry_Data_test.csv.gz``; returns its path."""
    folder = raw / "bts_border_crossing"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "Border_Crossing_Entry_Data_test.csv.gz"
    body = "\n".join([header, *(bts_lines() if lines is None else lines)]) + "\n"
    path.write_bytes(gzip.compress(body.encode(), mtime=0))
    return path
