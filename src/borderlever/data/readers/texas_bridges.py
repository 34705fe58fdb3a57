"""CBP Texas-Mexico northbound crossings by bridge, monthly 2008-2025 (finer than BTS ports).

Each bridge is mapped to its BTS ``port_code`` (:data:`POE_PORT_CODE`, :data:`BRIDGE_PORT_CODE`);
an unmapped port of entry raises.  CBP modes get their BTS measure where one matches
(:data:`MODE_MEASURE`; railcars have none).  The Ysleta bridge maps to 2401 for every month,
though BTS reports Ysleta separately only from 2020-03 (before, inside El Paso 2402).

References
----------
U.S. Customs and Border Protection northbound crossing counts (El Paso, Laredo and Rio Grande Valley
field offices), compiled by the University of North Texas for TxDOT (repository
``unt-clscm/CBP-Border-Crossings``, processed CSV ``monthly_crossings_2008_2025.csv``).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from borderlever.data.readers import _io
from borderlever.data.registry import Dataset, Source
from borderlever.data.schema import Column, TableSchema
from borderlever.errors import DataError

FOLDER = "bts_border_crossing/cbp_texas_northbound_bridge_monthly"
MONTHLY = f"{FOLDER}/monthly_crossings_*.csv"
COORDS = f"{FOLDER}/TX-MX-Border-Crossings-Coordinates.csv"

#: Source column -> ours, monthly file.
COLUMNS = {
    "Year": "year",
    "Month": "month_no",
    "Region": "region",
    "POE": "poe",
    "Crossing": "bridge",
    "Modes": "mode",
    "Northbound Crossing": "count",
}
#: Source column -> ours, coordinates file.
COORD_COLUMNS = {
    "Border Crossing Name": "bridge",
    "Code": "bridge_code",
    "Lat": "lat",
    "Lon": "lon",
}

#: CBP port of entry (as named in the file) -> BTS port code.
POE_PORT_CODE = {
    "Brownsville": "2301",
    "Del Rio": "2302",
    "Eagle Pass": "2303",
    "Laredo": "2304",
    "Hidalgo": "2305",
    "Rio Grande City": "2307",
    "Progreso": "2309",
    "Roma": "2310",
    "Ysleta": "2401",
    "El Paso": "2402",
    "Presidio": "2403",
    "Marcelino Serna": "2404",
}
#: Bridges whose BTS port differs from their CBP port of entry.
BRIDGE_PORT_CODE = {"Boquillas": "2410"}
#: CBP mode -> BTS measure (None: no BTS equivalent).
MODE_MEASURE = {
    "Commercial Trucks": "Trucks",
    "Passenger Vehicles": "Personal Vehicles",
    "Pedestrians/ Bicyclists": "Pedestrians",
    "Buses": "Buses",
    "Railcars": None,
}

BRIDGES = TableSchema(
    name="cbp_texas_bridges",
    description="Texas-Mexico bridges in the CBP northbound counts, with their BTS port.",
    primary_key=("bridge",),
    columns=(
        Column("bridge", "VARCHAR", "-", "Bridge (crossing) name as in the CBP counts."),
        Column("port_code", "VARCHAR", "-", "BTS port code the bridge belongs to."),
        Column("poe", "VARCHAR", "-", "CBP port of entry name."),
        Column("region", "VARCHAR", "-", "CBP region (El Paso, Laredo, Rio Grande Valley)."),
        Column("bridge_code", "VARCHAR", "-", "TxDOT/UNT crossing code.", nullable=True),
        Column("lat", "DOUBLE", "degree", "Latitude (TxDOT/UNT coordinates file).", nullable=True),
        Column("lon", "DOUBLE", "degree", "Longitude (TxDOT/UNT coordinates file).", nullable=True),
    ),
)

BRIDGE_MONTH = TableSchema(
    name="cbp_texas_bridge_month",
    description="Northbound crossings per Texas-Mexico bridge, month and CBP mode (2008-2025).",
    primary_key=("bridge", "month", "mode"),
    columns=(
        Column("port_code", "VARCHAR", "-", "BTS port code of the bridge."),
        Column("bridge", "VARCHAR", "-", "Bridge name (see cbp_texas_bridges)."),
        Column("month", "DATE", "-", "First day of the month counted."),
        Column("mode", "VARCHAR", "-", "CBP mode: Commercial Trucks, Passenger Vehicles, ..."),
        Column(
            "measure", "VARCHAR", "-", "Matching BTS measure (NULL for railcars).", nullable=True
        ),
        Column("count", "BIGINT", "vehicles or persons", "Northbound (inbound) crossings."),
    ),
)


def port_code_of(poe: str, bridge: str) -> str | None:
    """BTS port code of a bridge, or None where unmapped.

    Examples
    --------
    >>> port_code_of("Laredo", "World Trade Bridge"), port_code_of("Presidio", "Boquillas")
    ('2304', '2410')
    """
    return BRIDGE_PORT_CODE.get(bridge, POE_PORT_CODE.get(poe))


def read_texas_bridges(raw_dir: Path) -> dict[str, pd.DataFrame]:
    """Read the monthly bridge counts and coordinates -> ``{cbp_texas_bridges, cbp_texas_bridge_month}``.

    Raises
    ------
    DataError
        Damaged file, missing column, non-numeric count, unknown port of entry or mode.
    """
    path = _io.find_file(raw_dir, MONTHLY)
    df = _io.read_csv(path, COLUMNS, numeric=["year", "month_no", "count"])
    _io.check_known(df["mode"], MODE_MEASURE, kind="CBP mode", file=str(path), column="Modes")
    codes = [port_code_of(p, b) for p, b in zip(df["poe"], df["bridge"], strict=True)]
    df["port_code"] = codes
    if df["port_code"].isna().any():
        i = int(df["port_code"].isna().to_numpy().nonzero()[0][0])
        raise DataError(
            f"unknown port of entry {df['poe'].iloc[i]!r}",
            file=str(path),
            row=i + 1,
            column="POE",
            expected=f"one of {sorted(POE_PORT_CODE)}",
        )
    df["month"] = pd.to_datetime(
        {"year": df["year"], "month": df["month_no"], "day": 1}, errors="coerce"
    )
    if df["month"].isna().any():
        i = int(df["month"].isna().to_numpy().nonzero()[0][0])
        raise DataError(
            "invalid year/month", file=str(path), row=i + 1, column="Month", expected="1-12"
        )
    df["measure"] = df["mode"].map(MODE_MEASURE)
    month = df[["port_code", "bridge", "month", "mode", "measure", "count"]]
    return {"cbp_texas_bridges": _bridges(raw_dir, df), "cbp_texas_bridge_month": month}


def _bridges(raw_dir: Path, df: pd.DataFrame) -> pd.DataFrame:
    bridges = df.groupby("bridge", as_index=False)[["port_code", "poe", "region"]].first()
    coords_path = raw_dir / COORDS
    if coords_path.is_file():
        coords = _io.read_csv(
            coords_path, COORD_COLUMNS, numeric=["lat", "lon"], engine="c", encoding="utf-8-sig"
        )
        bridges = bridges.merge(coords, on="bridge", how="left")
    else:
        bridges = bridges.assign(bridge_code=None, lat=float("nan"), lon=float("nan"))
    return bridges


DATASET = Dataset(
    name="texas_bridges",
    title="CBP Texas-Mexico northbound crossings by bridge, monthly",
    source=Source(
        publisher="U.S. Customs and Border Protection (compiled by UNT for TxDOT)",
        url="https://github.com/unt-clscm/CBP-Border-Crossings",
        licence="public data (US government counts); compilation by UNT/TxDOT",
        vintage="2008-01 to 2025-12 (repository HEAD b36585a, 2026-04-20)",
        files=(MONTHLY, COORDS),
    ),
    tables=(BRIDGES, BRIDGE_MONTH),
    read=read_texas_bridges,
    views={
        "bridge_month_crossings": "SELECT m.port_code, m.bridge, m.month, m.mode, m.measure, m.count, "
        "b.lat, b.lon FROM cbp_texas_bridge_month m JOIN cbp_texas_bridges b USING (bridge)",
    },
    bundle={"cbp_texas_bridges": None, "cbp_texas_bridge_month": "month >= DATE '2019-01-01'"},
)
