"""Border wait-time samples: CBP BWT hourly averages (El Paso, San Ysidro) and a 10-minute series.

Three files, one tidy shape.  Lanes are named by the vehicle classes of the simulation
(:data:`LANE_TYPES`: ``truck_standard``, ``pov_standard``, ``pov_ready``, ``pov_sentri``,
``pedestrian``, ``pedestrian_ready``).  ``day_of_week`` is 0 = Sunday ... 6 = Saturday (CBP's
order; for San Ysidro's ``bwt_day`` this order is assumed).  Blank cells (no data or lane closed)
are left out.  San Ysidro's commercial columns are left out (the port has no commercial lanes, they
are all 0).  Bordify rows whose mode (vehicle or pedestrian) is missing, early versions of the
scrape, are left out: the lane cannot be told.

References
----------
U.S. Customs and Border Protection, Border Wait Times, historical averages, https://bwt.cbp.gov/
(El Paso scraped about Feb 2026; San Ysidro API crossing 09250401, Jan 2021).  Bordify wait times
(third party relaying CBP BWT), git-scraped by ``Brian-MadMath/border-wait-times``, 2025-03 to 2026-05.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from borderlever.data.readers import _io
from borderlever.data.registry import Dataset, Source
from borderlever.data.schema import Column, TableSchema
from borderlever.errors import DataError

FOLDER = "bts_border_crossing/cbp_wait_times"
EL_PASO = f"{FOLDER}/elpaso_bwt_historical_avg_wait_times.xlsx"
SAN_YSIDRO = f"{FOLDER}/san_ysidro_bwt_historical_avg_wait_times.csv"
BORDIFY = f"{FOLDER}/bordify_*_wait_times_gitscrape.csv.gz"

LANE_TYPES = (
    "truck_standard",
    "pov_standard",
    "pov_ready",
    "pov_sentri",
    "pedestrian",
    "pedestrian_ready",
)
DAYS = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]

#: El Paso: source columns -> ours (the weekday columns are melted).
EL_PASO_COLUMNS = {
    "Port": "crossing",
    "Lane": "lane",
    "Sub-Lane": "sub_lane",
    "Month": "month_name",
    "Time": "time",
} | {f"{d} (min)": d for d in DAYS}
EL_PASO_PORT = {
    "El Paso - Bridge of the Americas (BOTA)": "2402",
    "El Paso - Paso Del Norte (PDN)": "2402",
    "El Paso - Stanton DCL": "2402",
    "El Paso - Ysleta": "2401",
}
EL_PASO_LANE = {
    ("Commercial", "General"): "truck_standard",
    ("Passenger", "General"): "pov_standard",
    ("Passenger", "Ready"): "pov_ready",
    ("Passenger", "Nexus/Sentri"): "pov_sentri",
    ("Pedestrian", "General"): "pedestrian",
    ("Pedestrian", "Ready"): "pedestrian_ready",
}
#: San Ysidro: source column -> ours (lane columns are melted to lane_type).
SAN_YSIDRO_COLUMNS = {
    "bwt_month": "month_no",
    "bwt_day": "day_of_week",
    "bwt_hour": "hour",
    "pv_time_avg": "pov_standard",
    "xpv_time_avg": "pov_sentri",
    "pv_ready_lanes_time_avg": "pov_ready",
    "ped_time_avg": "pedestrian",
    "ped_ready_lanes_time_avg": "pedestrian_ready",
}
#: Bordify: source column -> ours.
BORDIFY_COLUMNS = {
    "source_last_update_local": "observed_at",
    "garita": "crossing",
    "lane_type": "lane",
    "mode": "mode",
    "wait_minutes": "wait_min",
    "lanes_open": "lanes_open",
}
BORDIFY_PORT = {
    "Garita San Ysidro": "2504",
    "Garita Chaparral": "2504",
    "Garita Otay Mesa": "2506",
    "Garita Centro": "2503",
    "Garita Nuevo Mexicali": "2507",
    "Garita Los Algodones": "2502",
    "Garita Tecate": "2505",
}
BORDIFY_LANE = {
    ("vehicular", "General"): "pov_standard",
    ("vehicular", "Sentri"): "pov_sentri",
    ("vehicular", "ReadyLane"): "pov_ready",
    ("peatonal", "General"): "pedestrian",
    ("peatonal", "ReadyLane"): "pedestrian_ready",
}

HOURLY = TableSchema(
    name="wait_hourly_avg",
    description="CBP BWT historical average waits per crossing, lane, month, weekday and hour.",
    primary_key=("crossing", "lane_type", "month_no", "day_of_week", "hour"),
    columns=(
        Column("port_code", "VARCHAR", "-", "BTS port code of the crossing."),
        Column("crossing", "VARCHAR", "-", "Crossing as named by CBP BWT."),
        Column(
            "lane_type", "VARCHAR", "-", f"Lane, named by vehicle class: {', '.join(LANE_TYPES)}."
        ),
        Column("month_no", "INTEGER", "-", "Calendar month averaged over (1-12)."),
        Column("day_of_week", "INTEGER", "-", "0 = Sunday ... 6 = Saturday."),
        Column("hour", "INTEGER", "h", "Hour of day, local time (0-23)."),
        Column("wait_min", "DOUBLE", "min", "Average wait."),
        Column("source", "VARCHAR", "-", "cbp_bwt_el_paso or cbp_bwt_san_ysidro."),
    ),
)

OBSERVED = TableSchema(
    name="wait_observations",
    description="Wait times every ~10 minutes at Tijuana, Mexicali and Tecate crossings (Bordify, 2025-26).",
    primary_key=("crossing", "lane_type", "observed_at"),
    columns=(
        Column("port_code", "VARCHAR", "-", "BTS port code of the crossing."),
        Column("crossing", "VARCHAR", "-", "Crossing (garita) as named by the source."),
        Column("lane_type", "VARCHAR", "-", "Lane, named by vehicle class."),
        Column("observed_at", "TIMESTAMP", "-", "Source update time, local time of the crossing."),
        Column(
            "wait_min", "DOUBLE", "min", "Reported wait (NULL where the source gave none).", True
        ),
        Column("lanes_open", "INTEGER", "lanes", "Lanes open, where reported.", True),
        Column("source", "VARCHAR", "-", "bordify_gitscrape."),
    ),
)


def read_wait_times(raw_dir: Path) -> dict[str, pd.DataFrame]:
    """Read the three wait-time files -> ``{wait_hourly_avg, wait_observations}``."""
    hourly = pd.concat(
        [read_el_paso(raw_dir / EL_PASO), read_san_ysidro(raw_dir / SAN_YSIDRO)], ignore_index=True
    )
    return {
        "wait_hourly_avg": hourly,
        "wait_observations": read_bordify(_io.find_file(raw_dir, BORDIFY)),
    }


def parse_hour(label: pd.Series) -> pd.Series:
    """``'Midnight'``, ``'1:00 AM'`` ... ``'Noon'`` ... ``'11:00 PM'`` -> hour 0-23 (NaN if unreadable).

    Examples
    --------
    >>> parse_hour(pd.Series(["Midnight", "Noon", "1:00 PM", "x"])).tolist()
    [0.0, 12.0, 13.0, nan]
    """
    text = label.replace({"Midnight": "12:00 AM", "Noon": "12:00 PM"})
    return pd.to_datetime(text, format="%I:%M %p", errors="coerce").dt.hour.astype("float64")


def read_el_paso(path: Path) -> pd.DataFrame:
    """El Paso BWT averages workbook (sheet ``Sheet1``) -> tidy rows."""
    raw = _io.open_sheet(path, "Sheet1", dtype=object)
    frame = raw.rename(columns=lambda c: str(c).strip())
    _io.require_columns(frame, EL_PASO_COLUMNS, file=str(path))
    frame = frame.loc[:, list(EL_PASO_COLUMNS)].rename(columns=EL_PASO_COLUMNS)
    # the scrape's separator row after each 24 hours has no Time
    frame = frame[frame["crossing"].notna() & frame["time"].notna()].reset_index(drop=True)
    frame["port_code"] = frame["crossing"].map(EL_PASO_PORT)
    _io.check_known(
        frame["crossing"], EL_PASO_PORT, kind="El Paso crossing", file=str(path), column="Port"
    )
    pairs = pd.Series(list(zip(frame["lane"], frame["sub_lane"], strict=True)))
    frame["lane_type"] = pairs.map(EL_PASO_LANE).to_numpy()
    frame.loc[frame["crossing"] == "El Paso - Stanton DCL", "lane_type"] = "pov_sentri"
    _check_mapped(
        frame,
        "lane_type",
        path,
        "Sub-Lane",
        "Commercial/Passenger/Pedestrian x General/Ready/Nexus/Sentri",
    )
    frame["month_no"] = frame["month_name"].map({m: i + 1 for i, m in enumerate(MONTHS)})
    _check_mapped(frame, "month_no", path, "Month", "a month name such as 'January'")
    frame["hour"] = parse_hour(frame["time"].astype(str))
    _check_mapped(frame, "hour", path, "Time", "an hour such as 'Midnight' or '1:00 PM'")
    long = frame.melt(
        id_vars=["port_code", "crossing", "lane_type", "month_no", "hour"],
        value_vars=list(DAYS),
        var_name="day",
        value_name="wait_min",
    )
    long["wait_min"] = _io.to_numeric(
        long["wait_min"].astype("string"), file=str(path), column="(min)"
    )
    long["day_of_week"] = long["day"].map({d: i for i, d in enumerate(DAYS)})
    return _finish_hourly(long, "cbp_bwt_el_paso")


def read_san_ysidro(path: Path) -> pd.DataFrame:
    """San Ysidro BWT API averages -> tidy rows (commercial columns left out)."""
    frame = _io.read_csv(path, SAN_YSIDRO_COLUMNS, numeric=list(SAN_YSIDRO_COLUMNS.values()))
    lanes = [c for c in SAN_YSIDRO_COLUMNS.values() if c in LANE_TYPES]
    long = frame.melt(
        id_vars=["month_no", "day_of_week", "hour"],
        value_vars=lanes,
        var_name="lane_type",
        value_name="wait_min",
    )
    long = long.assign(port_code="2504", crossing="San Ysidro")
    return _finish_hourly(long, "cbp_bwt_san_ysidro")


def _finish_hourly(long: pd.DataFrame, source: str) -> pd.DataFrame:
    long = long[long["wait_min"].notna()].assign(source=source)
    cols = HOURLY.column_names
    return long[cols].sort_values(cols[:6]).reset_index(drop=True)


def read_bordify(path: Path) -> pd.DataFrame:
    """Bordify 10-minute git-scrape -> one row per crossing, lane and source update."""
    df = _io.read_csv(path, BORDIFY_COLUMNS, numeric=["wait_min", "lanes_open"])
    df["crossing"] = df["crossing"].map(
        {v: " ".join(str(v).split()) for v in df["crossing"].unique()}
    )
    _io.check_known(df["crossing"], BORDIFY_PORT, kind="crossing", file=str(path), column="garita")
    df = df[df["mode"].notna()].reset_index(drop=True)
    lanes = {f"{m}|{lane}": v for (m, lane), v in BORDIFY_LANE.items()}
    df["lane_type"] = (df["mode"] + "|" + df["lane"]).map(lanes)
    _check_mapped(df, "lane_type", path, "lane_type", f"mode x lane in {sorted(BORDIFY_LANE)}")
    df["port_code"] = df["crossing"].map(BORDIFY_PORT)
    df["observed_at"] = pd.to_datetime(df["observed_at"], format="ISO8601", errors="coerce")
    _check_mapped(df, "observed_at", path, "source_last_update_local", "a local timestamp")
    df = df.drop_duplicates(["crossing", "lane_type", "observed_at"], keep="last").assign(
        source="bordify_gitscrape"
    )
    cols = OBSERVED.column_names
    return df[cols].sort_values(["crossing", "lane_type", "observed_at"]).reset_index(drop=True)


def _check_mapped(
    frame: pd.DataFrame, col: str, path: Path, source_col: str, expected: str
) -> None:
    bad = frame[col].isna().to_numpy()
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise DataError(
            f"unrecognised value in row {frame.iloc[i].dropna().to_dict()}",
            file=str(path),
            row=i + 1,
            column=source_col,
            expected=expected,
        )


PROFILE_SQL = """
SELECT port_code, lane_type, hour, avg(wait_min) AS mean_wait_min, count(*) AS n, source
FROM wait_hourly_avg GROUP BY port_code, lane_type, hour, source
UNION ALL
SELECT port_code, lane_type, CAST(hour(observed_at) AS INTEGER) AS hour, avg(wait_min) AS mean_wait_min,
       count(wait_min) AS n, source
FROM wait_observations WHERE wait_min IS NOT NULL GROUP BY port_code, lane_type, hour(observed_at), source
"""

DATASET = Dataset(
    name="wait_times",
    title="Border wait-time samples (CBP BWT hourly averages; Bordify 10-minute series)",
    source=Source(
        publisher="U.S. Customs and Border Protection, Border Wait Times (Bordify relays CBP BWT)",
        url="https://bwt.cbp.gov/",
        licence="public data (US government); Bordify series as scraped, third party",
        vintage="El Paso averages scraped ~2026-02; San Ysidro 2021-01; Bordify 2025-03 to 2026-05",
        files=(EL_PASO, SAN_YSIDRO, BORDIFY),
    ),
    tables=(HOURLY, OBSERVED),
    read=read_wait_times,
    views={
        "hourly_wait_profile": PROFILE_SQL,
        "wait_samples": "SELECT port_code, crossing, lane_type, month_no, day_of_week, hour, wait_min, source "
        "FROM wait_hourly_avg",
    },
    bundle={"wait_hourly_avg": None, "wait_observations": "observed_at >= TIMESTAMP '2026-02-01'"},
)
