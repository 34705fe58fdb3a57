"""The bundled parameter tables: class defaults by border and per-port values with sources.

* ``class_defaults.csv``: one row per border x vehicle class: share of the BTS measure, minimum
  monthly volume for the class to get its own lanes, primary and secondary service times (lognormal
  mean [min] and coefficient of variation), share referred to secondary, target utilisation used to
  size lanes where a port's count is not published, normal opening hours, source, confidence.
* ``port_parameters.csv``: published per-port values (lanes, secondary bays, hours); blank cells fall
  back to the class default or to sizing.  Every row has a source and a confidence (H/M/L).

Both are plain CSV so a reviewer can read and change them; :func:`check_class_defaults` and
:func:`check_port_parameters` validate any replacement.
"""

from __future__ import annotations

from importlib import resources

import numpy as np
import pandas as pd

from borderlever.errors import ConfigError, UnknownCodeError
from borderlever.network.classes import BORDERS, VEHICLE_CLASSES

HOUR_COLUMNS = ("wk_open_h", "wk_close_h", "sat_open_h", "sat_close_h", "sun_open_h", "sun_close_h")
SHARE_COLUMNS = ("share_of_measure", "secondary_share")
POSITIVE_COLUMNS = ("primary_mean_min", "secondary_mean_min")
CLASS_DEFAULT_COLUMNS = (
    "border",
    "vehicle_class",
    "share_of_measure",
    "min_monthly_volume",
    "primary_mean_min",
    "primary_cv",
    "secondary_share",
    "secondary_mean_min",
    "secondary_cv",
    "target_utilisation",
    *HOUR_COLUMNS,
    "source",
    "confidence",
)
#: Highest peak-hour utilisation allowed: above 1 the busiest hours queue up and clear later.
MAX_PEAK_UTILISATION = 1.5
PORT_PARAMETER_COLUMNS = (
    "port_code",
    "vehicle_class",
    "lanes",
    "secondary_bays",
    *HOUR_COLUMNS,
    "source",
    "confidence",
)


def _read_bundled(name: str) -> pd.DataFrame:
    text = resources.files("borderlever.network").joinpath(name).read_text(encoding="utf-8")
    from io import StringIO

    return pd.read_csv(StringIO(text), dtype={"port_code": str})


def read_class_defaults() -> pd.DataFrame:
    """The bundled ``class_defaults.csv`` (validated).

    Examples
    --------
    >>> df = read_class_defaults()
    >>> float(df.set_index(["border", "vehicle_class"]).loc[("US-Mexico Border", "truck_fast"), "primary_mean_min"])
    0.45
    """
    return check_class_defaults(_read_bundled("class_defaults.csv"))


def read_port_parameters() -> pd.DataFrame:
    """The bundled ``port_parameters.csv`` (validated).

    Examples
    --------
    >>> df = read_port_parameters()
    >>> int(df.set_index(["port_code", "vehicle_class"]).loc[("2304", "truck_fast"), "lanes"])
    4
    """
    return check_port_parameters(_read_bundled("port_parameters.csv"))


def _require_columns(df: pd.DataFrame, columns: tuple[str, ...], table: str) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ConfigError(f"{table}: missing column(s) {missing}; expected columns {list(columns)}")


def _check_classes(df: pd.DataFrame, table: str) -> None:
    for value in df["vehicle_class"].unique():
        if value not in VEHICLE_CLASSES:
            raise UnknownCodeError(f"vehicle class in {table}", str(value), VEHICLE_CLASSES)


def _check_hours(df: pd.DataFrame, table: str) -> None:
    for col in HOUR_COLUMNS:
        vals = df[col].dropna()
        if ((vals < 0) | (vals > 24)).any():
            raise ConfigError(
                f"{table}.{col}: hours must lie in [0, 24] (got {vals[(vals < 0) | (vals > 24)].tolist()})"
            )


def check_class_defaults(df: pd.DataFrame) -> pd.DataFrame:
    """Validate a class-defaults table; raise ConfigError / UnknownCodeError naming the field."""
    table = "class_defaults"
    _require_columns(df, CLASS_DEFAULT_COLUMNS, table)
    _check_classes(df, table)
    for value in df["border"].unique():
        if value not in BORDERS:
            raise UnknownCodeError(f"border in {table}", str(value), BORDERS)
    for col in SHARE_COLUMNS:
        bad = df[(df[col] < 0) | (df[col] > 1)]
        if len(bad):
            raise ConfigError(
                f"{table}.{col}: a share must lie in [0, 1] (got {bad[col].tolist()})"
            )
    for col in POSITIVE_COLUMNS:
        if (df[col] <= 0).any():
            raise ConfigError(f"{table}.{col}: service time must be > 0 minutes")
    for col in ("primary_cv", "secondary_cv"):
        if (df[col] < 0).any():
            raise ConfigError(f"{table}.{col}: coefficient of variation must be >= 0")
    tu = df["target_utilisation"]  # blank: taken from the staffing.* registry rows
    bad_tu = df[tu.notna() & ((tu <= 0) | (tu > MAX_PEAK_UTILISATION))]
    if len(bad_tu):
        raise ConfigError(
            f"{table}.target_utilisation: must lie in (0, {MAX_PEAK_UTILISATION}] "
            f"(got {bad_tu['target_utilisation'].tolist()})"
        )
    _check_hours(df, table)
    return df.reset_index(drop=True)


def check_port_parameters(df: pd.DataFrame) -> pd.DataFrame:
    """Validate a per-port parameter table; raise ConfigError / UnknownCodeError naming the field."""
    table = "port_parameters"
    _require_columns(df, PORT_PARAMETER_COLUMNS, table)
    _check_classes(df, table)
    for col in ("lanes", "secondary_bays"):
        vals = df[col].dropna()
        if (vals < 0).any() or (np.floor(vals) != vals).any():
            raise ConfigError(f"{table}.{col}: must be a whole number >= 0 (got {vals.tolist()})")
    _check_hours(df, table)
    if df[["port_code", "vehicle_class"]].duplicated().any():
        raise ConfigError(f"{table}: duplicate (port_code, vehicle_class) rows")
    out = df.copy()
    out["port_code"] = out["port_code"].astype(str).str.zfill(4)
    return out.reset_index(drop=True)
