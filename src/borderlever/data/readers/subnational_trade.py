"""Subnational trade: US states' trade with Mexico and Canada, Mexican destination states of US exports.

Reads the two compact tables of ``subnational/derived/`` (2021-2023), which the raw folder's
PROVENANCE.md derives deterministically from BTS TransBorder table 1 (all modes, so country totals
equal Census): ``us_state_partner_trade`` (US state of origin of movement for exports, of
destination for imports; ``DU`` = unknown) and ``mex_state_us_exports`` (Mexican state of
destination of US exports; ``XX`` and ``OT`` = unknown; TransBorder records no Mexican state for US
imports).  Views ``us_state_trade`` and ``mex_state_trade`` are what the economics reads to define
each side's exposed economy (:mod:`borderlever.economics.exposure`).

Quirk corrected here: the derived file writes an empty Mexican state code and name for small rows
(USD 16 m in 2023).  TransBorder's code for Nayarit is ``NA``, the only code of the lookup that is
absent from the file and the string pandas reads as missing by default; the empty code is read as
``NA`` (Nayarit).

References
----------
U.S. DOT Bureau of Transportation Statistics, North American TransBorder Freight Data, table 1,
https://www.bts.gov/topics/transborder-raw-data (from U.S. Census Bureau foreign trade statistics).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from borderlever.data.readers import _io
from borderlever.data.registry import Dataset, Source
from borderlever.data.schema import Column, TableSchema
from borderlever.errors import DataError, raise_at_first_bad

US_FILE = "subnational/derived/us_state_trade_with_mexico_canada_2021_2023.csv"
MEX_FILE = "subnational/derived/us_exports_to_mexico_by_mexican_destination_state_2021_2023.csv"

US_COLUMNS = {
    "year": "year",
    "country_code": "country_code",
    "trade_type_code": "trade_type_code",
    "us_state_code": "us_state",
    "us_state_name": "us_state_name",
    "value_usd": "value_usd",
    "share_of_us_total": "share_of_us_total",
}
MEX_COLUMNS = {
    "year": "year",
    "mex_state_code": "mex_state",
    "mex_state_name": "mex_state_name",
    "value_usd": "value_usd",
    "share_of_us_exports_to_mexico": "share_of_us_exports",
}
#: Census country codes of the file -> ISO3.
COUNTRIES = {"2010": "MEX", "1220": "CAN"}
#: TransBorder TRDTYPE -> our direction.
DIRECTIONS = {"1": "export", "2": "import"}
#: Mexican state codes that name no state.
UNKNOWN_MEX = ("XX", "OT")

_YEAR = Column("year", "INTEGER", "year", "calendar year")
US_STATE_TRADE = TableSchema(
    "us_state_partner_trade",
    "US goods trade with Mexico and Canada by US state, all modes (BTS TransBorder table 1)",
    (
        _YEAR,
        Column("country", "VARCHAR", "-", "US partner, ISO3: 'MEX' or 'CAN'"),
        Column("direction", "VARCHAR", "-", "'export' (US export) or 'import' (US import)"),
        Column(
            "us_state",
            "VARCHAR",
            "-",
            "USPS code; state of origin of movement for exports (not necessarily of production), "
            "of destination for imports; 'DU' = unknown",
        ),
        Column("us_state_name", "VARCHAR", "-", "state name as in the TransBorder lookup"),
        Column("value_usd", "DOUBLE", "USD", "trade value, current USD (customs/FAS value)"),
        Column(
            "share_of_us_total",
            "DOUBLE",
            "share",
            "the state's share of that year, partner and direction's total [0, 1]",
        ),
    ),
    primary_key=("year", "country", "direction", "us_state"),
)
MEX_STATE_TRADE = TableSchema(
    "mex_state_us_exports",
    "US exports to Mexico by Mexican state of destination, all modes (BTS TransBorder table 1)",
    (
        _YEAR,
        Column(
            "mex_state",
            "VARCHAR",
            "-",
            "TransBorder Mexican state code ('CH' Chihuahua); 'XX' and 'OT' = unknown",
        ),
        Column("mex_state_name", "VARCHAR", "-", "state name as in the TransBorder lookup"),
        Column("value_usd", "DOUBLE", "USD", "US exports to the state, current USD"),
        Column(
            "share_of_us_exports",
            "DOUBLE",
            "share",
            "the state's share of that year's US exports to Mexico, unknown states included",
        ),
    ),
    primary_key=("year", "mex_state"),
)


def read_subnational(raw_dir: Path) -> dict[str, pd.DataFrame]:
    """Read both derived tables of ``raw_dir/subnational/derived``.

    Raises
    ------
    DataError
        A file is missing or empty, lacks a column, holds a non-numeric value, an unknown partner
        or trade-type code, or a negative value (naming file, row and column).

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> (d / "subnational/derived").mkdir(parents=True)
    >>> _ = (d / US_FILE).write_text("year,country_code,country,trade_type_code,trade_type,"
    ...     "us_state_code,us_state_name,value_usd,share_of_us_total\\n"
    ...     "2023,2010,Mexico,1,us_export,TX,Texas,129.5,0.4\\n")
    >>> _ = (d / MEX_FILE).write_text("year,mex_state_code,value_usd,mex_state_name,"
    ...     "share_of_us_exports_to_mexico\\n2023,,1.0,,0.1\\n")
    >>> t = read_subnational(d)
    >>> t["us_state_partner_trade"]["country"].tolist(), t["mex_state_us_exports"]["mex_state"].tolist()
    (['MEX'], ['NA'])
    """
    raw_dir = Path(raw_dir)
    us_path = _io.find_file(raw_dir, US_FILE)
    us = _io.read_csv(
        us_path, US_COLUMNS, numeric=["year", "value_usd", "share_of_us_total"], engine="c"
    )
    us["country"] = _mapped(us, "country_code", COUNTRIES, str(us_path))
    us["direction"] = _mapped(us, "trade_type_code", DIRECTIONS, str(us_path))
    mex_path = _io.find_file(raw_dir, MEX_FILE)
    mex = _io.read_csv(
        mex_path, MEX_COLUMNS, numeric=["year", "value_usd", "share_of_us_exports"], engine="c"
    )
    nayarit = mex["mex_state"].isna()
    mex.loc[nayarit, "mex_state"] = "NA"
    mex.loc[nayarit, "mex_state_name"] = "Nayarit"
    for frame, path in ((us, us_path), (mex, mex_path)):
        _non_negative(frame, str(path))
        frame["year"] = frame["year"].astype("int64")
    return {
        "us_state_partner_trade": us.loc[:, US_STATE_TRADE.column_names],
        "mex_state_us_exports": mex.loc[:, MEX_STATE_TRADE.column_names],
    }


def _mapped(frame: pd.DataFrame, column: str, codes: dict[str, str], file: str) -> pd.Series:
    out = frame[column].map(codes)
    bad = out.isna().to_numpy()
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise DataError(
            f"unknown code {frame[column].iloc[i]!r}",
            file=file,
            row=i + 1,
            column=column,
            expected=f"one of {sorted(codes)}",
        )
    return out


def _non_negative(frame: pd.DataFrame, file: str) -> None:
    raise_at_first_bad(
        ~(frame["value_usd"].fillna(-1) >= 0).to_numpy(),
        frame["value_usd"],
        "bad value {value!r}",
        file=file,
        column="value_usd",
        expected="a non-negative amount [USD], not blank",
    )


DATASET = Dataset(
    name="subnational_trade",
    title="US states' trade with Mexico and Canada; Mexican destination states of US exports",
    source=Source(
        publisher="U.S. DOT Bureau of Transportation Statistics (from U.S. Census Bureau trade data)",
        url="https://www.bts.gov/topics/transborder-raw-data",
        licence="public domain (US government work)",
        vintage="derived from the TransBorder table 1 files of 2021-2023 (shared/data/raw/"
        "subnational/PROVENANCE.md)",
        files=(US_FILE, MEX_FILE),
    ),
    tables=(US_STATE_TRADE, MEX_STATE_TRADE),
    read=read_subnational,
    views={
        "us_state_trade": "SELECT year, country, direction, us_state, us_state_name, value_usd, "
        "share_of_us_total FROM us_state_partner_trade",
        "mex_state_trade": "SELECT year, mex_state, mex_state_name, value_usd, share_of_us_exports, "
        f"mex_state IN {UNKNOWN_MEX} AS state_unknown FROM mex_state_us_exports",
    },
    bundle={"us_state_partner_trade": None, "mex_state_us_exports": None},
)
