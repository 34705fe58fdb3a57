"""CDC VSRR provisional drug-overdose deaths (12-month-ending counts) and NIDA annual deaths.

VSRR values are rolling sums: the row for month M holds deaths in the 12 months ending with M,
by jurisdiction of occurrence.  Drug categories are "involving": a death with fentanyl and cocaine
counts under both, so categories do not add up to the total.

Two VSRR extracts overlap (synthetic opioids, US, Jan 2015 - Apr 2025).  The canonical table
``overdose_monthly`` takes each (jurisdiction, indicator) series whole from the latest vintage
that has it: synthetic opioids from the all-jurisdictions extract (to Jan 2026), the other five US
indicators from the mid-2025 extract.  ``deaths_12mo`` is CDC's *reported* count
(``data_value``); the count adjusted for pending investigations (``predicted_value``) is kept in
``predicted_deaths_12mo``.

References
----------
CDC NCHS, VSRR Provisional Drug Overdose Death Counts (dataset xkb8-kh2a),
https://data.cdc.gov/NCHS/VSRR-Provisional-Drug-Overdose-Death-Counts/xkb8-kh2a
NIDA, Drug Overdose Death Rates, https://nida.nih.gov/research-topics/trends-statistics/overdose-death-rates
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from borderlever.data.readers._calendar import MONTH_NAME, parse_month_codes
from borderlever.data.readers._io import check_known, find_file, read_csv
from borderlever.data.registry import Dataset, Source
from borderlever.data.schema import Column, TableSchema
from borderlever.errors import DataError

#: Newest vintage first: the canonical series of a (jurisdiction, indicator) comes from the first
#: file that has it.
VSRR_FILES = (
    "cdc_overdose/vsrr_synthetic_opioids_t404_all_jurisdictions.csv",
    "cdc_overdose/vsrr_us_selected_indicators_*.csv",
)
NIDA_FILE = "cdc_overdose/nida_corgis_overdose_deaths_annual_1999-2017.csv"

#: CDC indicator label -> our short id.
INDICATORS = {
    "Number of Drug Overdose Deaths": "all_drug_overdose",
    "Synthetic opioids, excl. methadone (T40.4)": "synthetic_opioids",
    "Opioids (T40.0-T40.4,T40.6)": "opioids",
    "Heroin (T40.1)": "heroin",
    "Cocaine (T40.5)": "cocaine",
    "Psychostimulants with abuse potential (T43.6)": "psychostimulants",
}
#: NIDA/CORGIS column -> our indicator id.
NIDA_COLUMNS = {
    "Number.All": "all_drug_overdose",
    "Number.Opioid.Any": "opioids",
    "Number.Opioid.Prescription": "prescription_opioids",
    "Number.Opioid.Synthetic": "synthetic_opioids",
    "Number.Opioid.Heroin": "heroin",
    "Number.Opioid.Cocaine": "cocaine",
}
VSRR_COLUMNS = {
    "state": "jurisdiction",
    "year": "year",
    "month": "month_name",
    "period": "period",
    "indicator": "indicator_label",
    "data_value": "deaths_12mo",
    "predicted_value": "predicted_deaths_12mo",
    "percent_complete": "percent_complete",
    "percent_pending_investigation": "percent_pending_investigation",
    "footnote_symbol": "footnote_symbol",
}


def read_vsrr(path: Path) -> pd.DataFrame:
    """A VSRR CSV extract (CDC column names, lower case) -> rows of :data:`OVERDOSE_VSRR`.

    Raises
    ------
    DataError
        Unreadable file, missing column, unknown indicator, non-numeric count, or a period other
        than "12 month-ending".
    """
    path = Path(path)
    where = str(path)
    numeric = ["year", "deaths_12mo", "predicted_deaths_12mo", "percent_complete"]
    frame = read_csv(
        path,
        VSRR_COLUMNS,
        numeric=[*numeric, "percent_pending_investigation"],
        thousands=",",
        optional=["footnote_symbol"],
    )
    check_known(
        frame["indicator_label"], INDICATORS, kind="indicator", file=where, column="indicator"
    )
    check_known(frame["period"], ["12 month-ending"], kind="period", file=where, column="period")
    if frame["year"].isna().any():
        i = int(np.flatnonzero(frame["year"].isna().to_numpy())[0])
        raise DataError("missing year", file=where, row=i + 1, column="year", expected="a year")
    mon = parse_month_codes(frame["month_name"], MONTH_NAME, file=where, column="month")
    frame.insert(
        0,
        "month",
        pd.to_datetime({"year": frame["year"].astype("int64"), "month": mon, "day": 1}),
    )
    frame["indicator"] = frame["indicator_label"].map(INDICATORS)
    frame["source"] = path.name
    return frame.drop(columns=["year", "month_name", "period"])


def read_nida(path: Path) -> pd.DataFrame:
    """The NIDA/CORGIS annual deaths file (1999-2017) -> long ``year, indicator, deaths, source``."""
    path = Path(path)
    frame = read_csv(
        path, {"Year": "year", **NIDA_COLUMNS}, numeric=["year", *NIDA_COLUMNS.values()]
    )
    long = frame.melt(id_vars="year", var_name="indicator", value_name="deaths")
    long["source"] = path.name
    return long


def canonical_overdose(vsrr: list[pd.DataFrame]) -> pd.DataFrame:
    """Each (jurisdiction, indicator) series whole from the first frame (newest vintage) having it.

    Examples
    --------
    >>> row = {"month": pd.Timestamp("2022-12-01"), "jurisdiction": "US", "indicator": "heroin"}
    >>> new = pd.DataFrame([row | {"deaths_12mo": 5960, "source": "new.csv"}])
    >>> old = pd.DataFrame([row | {"deaths_12mo": 5958, "source": "old.csv"}])
    >>> canonical_overdose([new, old])["source"].tolist()
    ['new.csv']
    """
    ranked = pd.concat([f.assign(_rank=i) for i, f in enumerate(vsrr)], ignore_index=True)
    best = ranked.groupby(["jurisdiction", "indicator"])["_rank"].transform("min")
    out = ranked[ranked["_rank"] == best].drop(columns="_rank")
    return out.sort_values(["jurisdiction", "indicator", "month"], ignore_index=True)


_MONTH = Column("month", "DATE", "-", "Last month of the 12-month period (first day of it).")
_JUR = Column(
    "jurisdiction", "VARCHAR", "-", "'US' or a two-letter state code (CDC's 'state' column)."
)
_IND = Column(
    "indicator",
    "VARCHAR",
    "-",
    "Short id: all_drug_overdose, synthetic_opioids (T40.4, mostly fentanyl), opioids, heroin, "
    "cocaine, psychostimulants (T43.6, mostly methamphetamine).",
)
_VSRR_COLUMNS = (
    _MONTH,
    _JUR,
    _IND,
    Column("indicator_label", "VARCHAR", "-", "CDC's indicator label."),
    Column(
        "deaths_12mo",
        "BIGINT",
        "deaths",
        "Reported deaths in the 12 months ending with month (CDC data_value); NULL where CDC "
        "suppresses it.",
        nullable=True,
    ),
    Column(
        "predicted_deaths_12mo",
        "BIGINT",
        "deaths",
        "CDC's predicted value, adjusted for reporting delays; NULL where suppressed.",
        nullable=True,
    ),
    Column("percent_complete", "DOUBLE", "%", "CDC completeness of the 12-month period.", True),
    Column(
        "percent_pending_investigation",
        "DOUBLE",
        "%",
        "Share of records with the cause pending investigation.",
        nullable=True,
    ),
    Column(
        "footnote_symbol",
        "VARCHAR",
        "-",
        "CDC footnote: '**' numbers may differ from final data; '*' underreported (incomplete).",
        nullable=True,
    ),
    Column("source", "VARCHAR", "-", "Raw file the row comes from."),
)
OVERDOSE_MONTHLY = TableSchema(
    "overdose_monthly",
    "Canonical CDC VSRR 12-month-ending overdose deaths: one series per (jurisdiction, "
    "indicator), each from the newest extract that has it.",
    _VSRR_COLUMNS,
    primary_key=("jurisdiction", "indicator", "month"),
)
OVERDOSE_VSRR = TableSchema(
    "overdose_vsrr",
    "Every row of both CDC VSRR extracts (audit table; the extracts overlap for US synthetic "
    "opioids, tell them apart by source).",
    _VSRR_COLUMNS,
    primary_key=("source", "jurisdiction", "indicator", "month"),
)
OVERDOSE_ANNUAL_NIDA = TableSchema(
    "overdose_annual_nida",
    "NIDA (CDC WONDER final data) US drug-overdose deaths by calendar year 1999-2017.",
    (
        Column("year", "INTEGER", "year", "Calendar year of death."),
        Column(
            "indicator",
            "VARCHAR",
            "-",
            "all_drug_overdose, opioids, prescription_opioids, synthetic_opioids, heroin, cocaine.",
        ),
        Column("deaths", "BIGINT", "deaths", "Deaths in the year (final, residence-based)."),
        Column("source", "VARCHAR", "-", "Raw file the row comes from."),
    ),
    primary_key=("year", "indicator"),
)


def read(raw_dir: Path) -> Mapping[str, pd.DataFrame]:
    """Read the CDC/NIDA files under ``raw_dir`` -> the three tables of :data:`DATASET`."""
    raw_dir = Path(raw_dir)
    vsrr = [read_vsrr(find_file(raw_dir, p)) for p in VSRR_FILES]
    cols = OVERDOSE_VSRR.column_names
    return {
        "overdose_monthly": canonical_overdose(vsrr)[cols],
        "overdose_vsrr": pd.concat(vsrr, ignore_index=True)[cols],
        "overdose_annual_nida": read_nida(find_file(raw_dir, NIDA_FILE)),
    }


_SELECT = (
    "SELECT month, indicator, deaths_12mo, source, jurisdiction, predicted_deaths_12mo, "
    "indicator_label, percent_complete, footnote_symbol FROM overdose_monthly"
)
VIEWS = {
    "monthly_overdose_deaths": _SELECT + " WHERE jurisdiction = 'US'",
    "monthly_overdose_deaths_by_jurisdiction": _SELECT,
    "annual_overdose_deaths": "SELECT year, indicator, deaths, source FROM overdose_annual_nida",
}

DATASET = Dataset(
    name="cdc_overdose",
    title="CDC VSRR provisional overdose deaths (12-month-ending, 2015 on) and NIDA annual 1999-2017",
    source=Source(
        publisher="CDC National Center for Health Statistics; National Institute on Drug Abuse",
        url="https://data.cdc.gov/NCHS/VSRR-Provisional-Drug-Overdose-Death-Counts/xkb8-kh2a",
        licence="public domain (US government work)",
        vintage="VSRR extracts of mid-2025 (US, 6 indicators) and 2026 (synthetic opioids)",
        files=(*VSRR_FILES, NIDA_FILE),
    ),
    tables=(OVERDOSE_MONTHLY, OVERDOSE_VSRR, OVERDOSE_ANNUAL_NIDA),
    read=read,
    views=VIEWS,
    bundle={"overdose_monthly": "jurisdiction = 'US'", "overdose_annual_nida": None},
)
