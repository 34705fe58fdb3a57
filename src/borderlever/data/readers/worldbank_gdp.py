"""World Bank GDP, current US dollars (WDI indicator NY.GDP.MKTP.CD), every country and aggregate.

Writes ``worldbank_gdp`` and the public view ``gdp(country_iso3, year, gdp_usd)``.  The raw file is
the Frictionless "core" data package (``datasets/gdp``), World Bank vintage of autumn 2024: the
latest year is 2023.  ``country_iso3`` also holds World Bank aggregate codes (``WLD``, ``LCN`` ...).

References
----------
World Bank, World Development Indicators, NY.GDP.MKTP.CD "GDP (current US$)",
https://data.worldbank.org/indicator/NY.GDP.MKTP.CD
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from borderlever.data.readers import _io
from borderlever.data.registry import Dataset, Source
from borderlever.data.schema import Column, TableSchema
from borderlever.errors import DataError, raise_at_first_bad

FILE_PATTERN = "gdp/gdp_worldbank_current_usd.csv"

#: Source column -> our column.
COLUMNS: dict[str, str] = {
    "Country Name": "country_name",
    "Country Code": "country_iso3",
    "Year": "year",
    "Value": "gdp_usd",
}

GDP = TableSchema(
    "worldbank_gdp",
    "GDP in current US dollars per country (or World Bank aggregate) and year",
    (
        Column(
            "country_iso3",
            "VARCHAR",
            "-",
            "ISO 3166 alpha-3 code, or a World Bank aggregate code (WLD, LCN, ...)",
        ),
        Column("country_name", "VARCHAR", "-", "World Bank country or aggregate name"),
        Column("year", "INTEGER", "year", "calendar year"),
        Column("gdp_usd", "DOUBLE", "USD", "GDP at purchaser's prices, current US dollars"),
    ),
    primary_key=("country_iso3", "year"),
)


def read_gdp(raw_dir: Path) -> dict[str, pd.DataFrame]:
    """Read ``gdp/gdp_worldbank_current_usd.csv``.

    Raises
    ------
    DataError
        Missing/renamed column, non-numeric year or value, a malformed country code, a negative
        GDP, or a duplicated country-year (naming file, row and column).

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> (d / "gdp").mkdir()
    >>> _ = (d / FILE_PATTERN).write_text(
    ...     "Country Name,Country Code,Year,Value\\nMexico,MEX,2023,1789114434843.0\\n")
    >>> float(read_gdp(d)["worldbank_gdp"]["gdp_usd"].iloc[0]) / 1e12
    1.789114434843
    """
    path = _io.find_file(Path(raw_dir), FILE_PATTERN)
    frame = _io.read_csv(path, COLUMNS, numeric=["year", "gdp_usd"], engine="c")
    _check(frame, str(path))
    frame["year"] = frame["year"].astype("int64")
    return {"worldbank_gdp": frame.loc[:, GDP.column_names]}


def _check(frame: pd.DataFrame, file: str) -> None:
    checks = (
        ("country_iso3", frame["country_iso3"].fillna("").map(_is_code), "a 3-letter code"),
        ("year", frame["year"].between(1900, 2100), "a year 1900-2100"),
        ("gdp_usd", frame["gdp_usd"].fillna(-1) >= 0, "a non-negative amount [USD], not blank"),
    )
    for column, ok, expected in checks:
        raise_at_first_bad(
            ~ok.to_numpy(dtype=bool),
            frame[column],
            "bad value {value!r}",
            file=file,
            column=column,
            expected=expected,
        )
    dup = frame.duplicated(["country_iso3", "year"], keep=False).to_numpy()
    if dup.any():
        i = int(np.flatnonzero(dup)[0])
        raise DataError(
            "duplicated country and year",
            file=file,
            row=i + 1,
            column="Country Code",
            expected="one row per country and year",
        )


def _is_code(code: str) -> bool:
    return bool(re.fullmatch(r"[A-Z0-9]{3}", code))


DATASET = Dataset(
    name="worldbank_gdp",
    title="World Bank GDP, current US$ (NY.GDP.MKTP.CD)",
    source=Source(
        publisher="World Bank (World Development Indicators), via the datasets/gdp data package",
        url="https://data.worldbank.org/indicator/NY.GDP.MKTP.CD",
        licence="ODC-PDDL-1.0 (data package); World Bank data CC BY 4.0",
        vintage="World Bank WDI, autumn 2024 (latest year 2023); datasets/gdp commit 822019c",
        files=(FILE_PATTERN,),
    ),
    tables=(GDP,),
    read=read_gdp,
    views={
        "gdp": "SELECT country_iso3, year, gdp_usd, country_name FROM worldbank_gdp",
    },
    bundle={"worldbank_gdp": "country_iso3 IN ('USA', 'MEX', 'CAN')"},
)
