"""BTS Border Crossing Entry Data: inbound crossings per land port, month and measure, both borders.

Quirk handling (see ``docs/data.md`` and the raw folder's PROVENANCE.md):

- exact duplicate rows are dropped;
- a port-month-measure with conflicting values (Sasabe 2606, Feb 2021, Bus Passengers: 0 and
  2175) keeps the **largest** value (a zero beside a positive count is read as a placeholder row);
  the row is flagged ``conflict_resolved``;
- inside a port's active span (its first to last month with any row) a missing row of a measure the
  port has ever reported is written as 0 and flagged ``filled_zero`` (BTS leaves zero rows out
  from 2016-17 on);
- known series breaks (:data:`KNOWN_BREAKS`) flag the rows they touch: ``Truck Containers Loaded``
  at US-Mexico ports from 2024-01 (roughly doubles: a definition change), and the El Paso / Ysleta
  split (Ysleta 2401 reported from 2020-03, earlier inside El Paso 2402; ``series_port_code`` folds
  both into 2402 for series that cross the split).

References
----------
U.S. DOT Bureau of Transportation Statistics, Border Crossing Entry Data (Socrata ``keg4-3bc2``),
https://data.bts.gov/Research-and-Statistics/Border-Crossing-Entry-Data/keg4-3bc2
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from borderlever.data.readers import _io
from borderlever.data.registry import Dataset, Source
from borderlever.data.schema import Column, TableSchema
from borderlever.errors import DataError

#: The snapshot (``..._1996-01_to_2025-02.csv.gz``) or a fetched export (``..._latest.csv``); the
#: last in name order is read.
FILE_PATTERN = "bts_border_crossing/Border_Crossing_Entry_Data_*.csv*"

#: Source column -> our column (the one mapping table of this reader).
COLUMNS: dict[str, str] = {
    "Port Name": "port_name",
    "State": "state",
    "Port Code": "port_code",
    "Border": "border",
    "Date": "month_text",
    "Measure": "measure",
    "Value": "count",
    "Latitude": "lat",
    "Longitude": "lon",
}

MEASURES: tuple[str, ...] = (
    "Trucks",
    "Truck Containers Loaded",
    "Truck Containers Empty",
    "Personal Vehicles",
    "Personal Vehicle Passengers",
    "Pedestrians",
    "Buses",
    "Bus Passengers",
    "Trains",
    "Train Passengers",
    "Rail Containers Loaded",
    "Rail Containers Empty",
)
BORDERS: tuple[str, ...] = ("US-Canada Border", "US-Mexico Border")

#: Known breaks: (kind, border, port_code or None, measure or None, from month, note).
KNOWN_BREAKS: tuple[tuple[str, str, str | None, str | None, str, str], ...] = (
    (
        "series_break",
        "US-Mexico Border",
        None,
        "Truck Containers Loaded",
        "2024-01-01",
        "Loaded truck containers roughly double from Jan 2024 (Laredo ~200k/month in 2023, ~400k in "
        "2024, more than its trucks): a change in definition or counting. Use Trucks for freight, or "
        "treat 2024+ as a separate series.",
    ),
    (
        "port_split",
        "US-Mexico Border",
        "2401",
        None,
        "2020-03-01",
        "Ysleta (2401) is reported from Mar 2020; before, its traffic is inside El Paso (2402). Sum "
        "2401 and 2402 (series_port_code = '2402') for series that cross the split.",
    ),
    (
        "port_split",
        "US-Mexico Border",
        "2402",
        None,
        "2020-03-01",
        "El Paso (2402) loses Ysleta's traffic from Mar 2020 (El Paso trucks 792k in 2019, 90k in 2023).",
    ),
)
#: Ports folded together for series that cross a split: port -> series port.
SERIES_PORT: dict[str, str] = {"2401": "2402"}

PORTS = TableSchema(
    name="bts_ports",
    description="Land ports of entry in the BTS Border Crossing Entry Data, with coordinates.",
    primary_key=("port_code",),
    columns=(
        Column("port_code", "VARCHAR", "-", "CBP port code, 4 characters with leading zeros."),
        Column("port_name", "VARCHAR", "-", "Port name as published by BTS."),
        Column("state", "VARCHAR", "-", "US state of the port."),
        Column("border", "VARCHAR", "-", "'US-Mexico Border' or 'US-Canada Border'."),
        Column("lat", "DOUBLE", "degree", "Latitude (WGS84, 3 decimals in the source)."),
        Column("lon", "DOUBLE", "degree", "Longitude (WGS84, 3 decimals in the source)."),
        Column("first_month", "DATE", "-", "First month with any row for the port."),
        Column("last_month", "DATE", "-", "Last month with any row for the port."),
    ),
)

CROSSINGS = TableSchema(
    name="bts_port_month",
    description="Inbound crossings per port, month and measure (BTS), cleaned and zero-filled.",
    primary_key=("port_code", "month", "measure"),
    columns=(
        Column("port_code", "VARCHAR", "-", "CBP port code (see ports)."),
        Column("month", "DATE", "-", "First day of the month counted."),
        Column(
            "measure", "VARCHAR", "-", "BTS measure (Trucks, Personal Vehicles, Pedestrians ...)."
        ),
        Column(
            "count", "BIGINT", "vehicles, containers or persons", "Inbound crossings into the US."
        ),
        Column("border", "VARCHAR", "-", "'US-Mexico Border' or 'US-Canada Border'."),
        Column(
            "series_port_code",
            "VARCHAR",
            "-",
            "Port code that is consistent across splits: Ysleta 2401 folded into El Paso 2402.",
        ),
        Column(
            "flags",
            "VARCHAR",
            "-",
            "';'-joined flags: filled_zero, conflict_resolved, series_break, port_split.",
            nullable=True,
        ),
    ),
)

BREAKS = TableSchema(
    name="bts_known_breaks",
    description="Known breaks in the BTS series and how the store flags them.",
    columns=(
        Column("kind", "VARCHAR", "-", "series_break (definition change) or port_split."),
        Column("border", "VARCHAR", "-", "Border the break applies to."),
        Column("port_code", "VARCHAR", "-", "Port (NULL = every port of the border).", True),
        Column("measure", "VARCHAR", "-", "Measure (NULL = every measure).", True),
        Column("from_month", "DATE", "-", "First month on the new basis."),
        Column("note", "VARCHAR", "-", "What changed and what to do about it."),
    ),
)


def read_bts_crossings(raw_dir: Path) -> dict[str, pd.DataFrame]:
    """Read the national BTS file under ``raw_dir`` -> ``{bts_ports, bts_port_month, bts_known_breaks}``.

    Raises
    ------
    DataError
        Damaged file, missing column, non-numeric count, unknown measure or border, bad port
        code or date (naming file, row and column).
    """
    path = _io.find_file(raw_dir, FILE_PATTERN)
    raw = parse_bts_frame(_io.read_csv(path, COLUMNS, numeric=["count", "lat", "lon"]), str(path))
    clean = resolve_conflicts(raw.drop_duplicates())
    ports = port_table(raw, str(path))
    panel = fill_zeros(clean, ports)
    panel = flag_breaks(panel)
    return {"bts_ports": ports, "bts_port_month": panel, "bts_known_breaks": breaks_table()}


def parse_bts_frame(df: pd.DataFrame, file: str) -> pd.DataFrame:
    """Check codes and labels, parse ``Mon YYYY`` months; returns the rows with ``month``."""
    _io.check_known(df["measure"], MEASURES, kind="measure", file=file, column="Measure")
    _io.check_known(df["border"], BORDERS, kind="border", file=file, column="Border")
    bad = ~df["port_code"].str.fullmatch(r"\d{4}").fillna(False).to_numpy(dtype=bool)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise DataError(
            f"unknown port code {df['port_code'].iloc[i]!r}",
            file=file,
            row=i + 1,
            column="Port Code",
            expected="a 4-digit CBP port code such as '2304' (read as text)",
        )
    month = pd.to_datetime(df["month_text"], format="%b %Y", errors="coerce")
    if month.isna().any():
        i = int(np.flatnonzero(month.isna().to_numpy())[0])
        raise DataError(
            f"unreadable date {df['month_text'].iloc[i]!r}",
            file=file,
            row=i + 1,
            column="Date",
            expected="a month like 'Jan 2024'",
        )
    if df["count"].isna().any() or (df["count"] < 0).any():
        i = int(np.flatnonzero((df["count"].isna() | (df["count"] < 0)).to_numpy())[0])
        raise DataError(
            "missing or negative count",
            file=file,
            row=i + 1,
            column="Value",
            expected="a count >= 0",
        )
    return df.drop(columns="month_text").assign(month=month.astype("datetime64[s]"))


def resolve_conflicts(df: pd.DataFrame) -> pd.DataFrame:
    """Keep the largest value where one port-month-measure has several (flag ``conflict_resolved``).

    Examples
    --------
    >>> d = pd.DataFrame({"port_code": ["2606", "2606"], "month": pd.to_datetime(["2021-02-01"] * 2),
    ...                   "measure": ["Bus Passengers"] * 2, "count": [0.0, 2175.0]})
    >>> out = resolve_conflicts(d)
    >>> out["count"].tolist(), out["flags"].tolist()
    ([2175.0], ['conflict_resolved'])
    """
    key = ["port_code", "month", "measure"]
    dup = df.duplicated(key, keep=False)
    out = df.sort_values([*key, "count"]).drop_duplicates(key, keep="last")
    conflicted = df.loc[dup, key].drop_duplicates().assign(flags="conflict_resolved")
    return out.merge(conflicted, on=key, how="left").reset_index(drop=True)


def port_table(df: pd.DataFrame, file: str) -> pd.DataFrame:
    """One row per port: latest name, state, border and coordinates, and its active span."""
    latest = df.sort_values(["port_code", "month"]).groupby("port_code", sort=True)
    ports = latest[["port_name", "state", "border", "lat", "lon"]].last()
    span = (
        latest["month"]
        .agg(["min", "max"])
        .rename(columns={"min": "first_month", "max": "last_month"})
    )
    borders = df.groupby("port_code")["border"].nunique()
    if (borders > 1).any():
        code = borders[borders > 1].index[0]
        raise DataError(
            f"port {code} is listed on both borders",
            file=file,
            column="Border",
            expected="one border per port",
        )
    return ports.join(span).reset_index()


def fill_zeros(df: pd.DataFrame, ports: pd.DataFrame) -> pd.DataFrame:
    """Write 0 for missing months of each (port, measure) ever reported, inside the port's span."""
    pairs = df[["port_code", "measure"]].drop_duplicates()
    spans = ports[["port_code", "border", "first_month", "last_month"]]
    months = pd.DataFrame(
        {"month": pd.date_range(spans["first_month"].min(), spans["last_month"].max(), freq="MS")}
    )
    grid = pairs.merge(spans, on="port_code").merge(months, how="cross")
    grid = grid[(grid["month"] >= grid["first_month"]) & (grid["month"] <= grid["last_month"])]
    grid = grid.assign(month=grid["month"].astype("datetime64[s]"))
    full = grid[["port_code", "border", "month", "measure"]].merge(
        df[["port_code", "month", "measure", "count", "flags"]],
        on=["port_code", "month", "measure"],
        how="left",
        indicator=True,
    )
    filled = (full["_merge"] == "left_only").to_numpy()
    full["count"] = full["count"].fillna(0.0)
    full["flags"] = full["flags"].where(~filled, "filled_zero")
    full["series_port_code"] = full["port_code"].map(SERIES_PORT).fillna(full["port_code"])
    cols = ["port_code", "month", "measure", "count", "border", "series_port_code", "flags"]
    return full[cols].sort_values(["port_code", "month", "measure"]).reset_index(drop=True)


def flag_breaks(df: pd.DataFrame) -> pd.DataFrame:
    """Append each known break's kind to the ``flags`` of the rows it touches."""
    flags = df["flags"].astype(object).to_numpy(copy=True)
    for kind, border, port, measure, start, _note in KNOWN_BREAKS:
        hit = (df["border"] == border) & (df["month"] >= pd.Timestamp(start))
        if port is not None:
            hit &= df["port_code"] == port
        if measure is not None:
            hit &= df["measure"] == measure
        idx = np.flatnonzero(hit.to_numpy())
        flags[idx] = [kind if f is None or f != f else f"{f};{kind}" for f in flags[idx]]
    return df.assign(flags=flags)


def breaks_table() -> pd.DataFrame:
    """:data:`KNOWN_BREAKS` as a frame."""
    cols = ["kind", "border", "port_code", "measure", "from_month", "note"]
    out = pd.DataFrame(KNOWN_BREAKS, columns=cols)
    return out.assign(from_month=pd.to_datetime(out["from_month"]))


DATASET = Dataset(
    name="bts_crossings",
    title="BTS Border Crossing Entry Data (inbound crossings by land port, month, measure)",
    source=Source(
        publisher="U.S. DOT Bureau of Transportation Statistics (data collected by CBP)",
        url="https://data.bts.gov/Research-and-Statistics/Border-Crossing-Entry-Data/keg4-3bc2",
        licence="public domain (US government work)",
        vintage="1996-01 to 2025-02 export",
        files=(FILE_PATTERN,),
    ),
    tables=(PORTS, CROSSINGS, BREAKS),
    read=read_bts_crossings,
    views={
        "ports": "SELECT port_code, port_name, state, border, lat, lon, first_month, last_month "
        "FROM bts_ports",
        "port_month_crossings": "SELECT port_code, month, measure, count, border, series_port_code, "
        "flags FROM bts_port_month",
        "known_breaks": "SELECT * FROM bts_known_breaks",
    },
    bundle={
        "bts_ports": None,
        "bts_port_month": "month >= DATE '2015-01-01'",
        "bts_known_breaks": None,
    },
)
