"""US goods trade with Mexico and Canada: national annual totals by mode (1993-2025) and by HS2 (2007-2025).

Reads the processed BTS TransBorder totals of the UNT/TxDOT dashboard (``trade_totals/``): they
extend the port-level raw files (:mod:`~borderlever.data.readers.transborder_freight`, 2020-2024)
to 2025 and back to 1993, and serve as the independent check of their country totals.

Writes ``us_trade_by_mode`` and ``us_trade_by_hs2`` and the views ``us_trade_totals(year, country,
direction, value_usd, comparable)`` and ``us_trade_mode_share``.  Quirks (from the folder's
PROVENANCE.md): 1993 is April-December and 1993-2003 rows are surface-mode legacy files whose totals
look inflated against Census, so ``comparable`` is false before 2004; ``Weight`` is short tons
(``weight_short_tons``) and ``WeightLb`` is not pounds, so it is not read; export weight by surface
modes is not collected (NULL).

References
----------
U.S. DOT Bureau of Transportation Statistics, TransBorder Freight Data,
https://www.bts.gov/topics/transborder-raw-data ; processed by the University of North Texas
BTS-TransBorder-Dashboard (GitHub unt-clscm/BTS-TransBorder-Dashboard).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from borderlever.data.readers import _io
from borderlever.data.registry import Dataset, Source
from borderlever.data.schema import Column, TableSchema
from borderlever.errors import DataError

BY_MODE_FILE = "trade_totals/us_transborder_annual_by_mode.csv"
BY_HS2_FILE = "trade_totals/commodity_detail_hs2.csv.gz"

#: Mode labels of these files (the TransBorder codebook's) -> our mode names.
MODES: dict[str, str] = {
    "Vessel": "vessel",
    "Air": "air",
    "Mail (U.S. Postal Service)": "mail",
    "Truck": "truck",
    "Rail": "rail",
    "Pipeline": "pipeline",
    "Other/Unknown": "other",
    "Foreign Trade Zones (FTZs)": "ftz",
}
COUNTRIES: dict[str, str] = {"Mexico": "MEX", "Canada": "CAN"}
DIRECTIONS: dict[str, str] = {"Export": "export", "Import": "import"}
#: First year whose totals match Census (air and vessel were added in November 2003).
FIRST_COMPARABLE_YEAR = 2004

_COMMON = {
    "Year": "year",
    "Country": "country",
    "Mode": "mode",
    "TradeType": "direction",
    "TradeValue": "value_usd",
    "Weight": "weight_short_tons",
}
_COLS = (
    Column("year", "INTEGER", "year", "calendar year (1993 = April-December)"),
    Column("country", "VARCHAR", "-", "US partner, ISO3: 'MEX' or 'CAN'"),
    Column("direction", "VARCHAR", "-", "'export' (US export) or 'import' (US import)"),
    Column("mode", "VARCHAR", "-", "truck, rail, pipeline, air, vessel, mail, other, ftz"),
)
_MEASURES = (
    Column("value_usd", "DOUBLE", "USD", "trade value, current USD"),
    Column(
        "weight_short_tons",
        "DOUBLE",
        "short ton",
        "shipping weight in short tons (kg / 907.185); NULL where not collected (surface exports)",
        nullable=True,
    ),
)

BY_MODE = TableSchema(
    "us_trade_by_mode",
    "US goods trade with Mexico and Canada by year, direction and mode (all ports)",
    (*_COLS, *_MEASURES),
    primary_key=("year", "country", "direction", "mode"),
)
BY_HS2 = TableSchema(
    "us_trade_by_hs2",
    "US goods trade with Mexico and Canada by year, direction, mode and HS chapter (all ports)",
    (
        *_COLS,
        Column("hs2", "VARCHAR", "-", "HS chapter, 2 characters"),
        Column("commodity", "VARCHAR", "-", "chapter title as in the source"),
        Column("commodity_group", "VARCHAR", "-", "HS section-like group of the source"),
        *_MEASURES,
    ),
    primary_key=("year", "country", "direction", "mode", "hs2"),
)


def read_trade_totals(raw_dir: Path) -> dict[str, pd.DataFrame]:
    """Read both totals files.

    Raises
    ------
    DataError
        Missing/renamed column, non-numeric value, unknown country, mode or trade type.
    """
    raw = Path(raw_dir)
    by_mode = _read(_io.find_file(raw, BY_MODE_FILE), _COMMON)
    hs2_cols = {
        **_COMMON,
        "HSCode": "hs2",
        "Commodity": "commodity",
        "CommodityGroup": "commodity_group",
    }
    by_hs2 = _read(_io.find_file(raw, BY_HS2_FILE), hs2_cols)
    return {"us_trade_by_mode": by_mode, "us_trade_by_hs2": by_hs2}


def _read(path: Path, columns: dict[str, str]) -> pd.DataFrame:
    frame = _io.read_csv(
        path, columns, numeric=["year", "value_usd", "weight_short_tons"], engine="c"
    )
    for col, mapping, kind in (
        ("country", COUNTRIES, "country"),
        ("mode", MODES, "mode"),
        ("direction", DIRECTIONS, "trade type"),
    ):
        _io.check_known(frame[col], mapping, kind=kind, file=str(path), column=col)
        frame[col] = frame[col].map(mapping)
    if "hs2" in frame:
        ok = frame["hs2"].str.fullmatch(r"\d{2}").fillna(False).to_numpy(dtype=bool)
        if not ok.all():
            i = int(np.flatnonzero(~ok)[0])
            raise DataError(
                f"bad HS chapter {frame['hs2'].iloc[i]!r}",
                file=str(path),
                row=i + 1,
                column="HSCode",
                expected="2 digits ('01'..'99')",
            )
    frame["year"] = frame["year"].astype(np.int64)
    return frame


_TOTALS = f"""
    SELECT year, country, direction, sum(value_usd) AS value_usd,
           year >= {FIRST_COMPARABLE_YEAR} AS comparable
    FROM us_trade_by_mode GROUP BY ALL"""

DATASET = Dataset(
    name="trade_totals",
    title="US goods trade with Mexico and Canada: annual totals by mode and by HS2 (BTS TransBorder)",
    source=Source(
        publisher="U.S. DOT Bureau of Transportation Statistics, processed by the University of "
        "North Texas BTS-TransBorder-Dashboard",
        url="https://www.bts.gov/topics/transborder-raw-data",
        licence="public domain (US government work)",
        vintage="BTS raw files downloaded 2026-03-21; unt-clscm/BTS-TransBorder-Dashboard "
        "commits 7d83337 (by mode) and 636e017 (by HS2)",
        files=(BY_MODE_FILE, BY_HS2_FILE),
    ),
    tables=(BY_MODE, BY_HS2),
    read=read_trade_totals,
    views={
        "us_trade_totals": _TOTALS,
        "us_trade_mode_share": """
            SELECT year, country, mode, sum(value_usd) AS value_usd,
                   sum(value_usd) / sum(sum(value_usd)) OVER (PARTITION BY year, country) AS share
            FROM us_trade_by_mode GROUP BY year, country, mode""",
    },
    bundle={"us_trade_by_mode": None, "us_trade_by_hs2": "year >= 2019"},
)
