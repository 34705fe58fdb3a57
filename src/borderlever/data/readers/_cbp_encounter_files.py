"""Parsers for the four kinds of CBP encounter files (not a dataset: leading underscore).

Each ``read_*`` function turns one raw file into a long frame with our column names, a
first-of-month ``month`` date and a ``source`` naming the file (``file!sheet`` for workbooks).
:mod:`borderlever.data.readers.cbp_encounters` combines them and applies the precedence rules.

References
----------
CBP, "U.S. Border Patrol Monthly Encounters FY2000-FY2020" (sector PDF, here the UWCHR CSV
transcription); DHS OHSS, Key Homeland Security Metrics "CBP Encounters" workbooks (USBP and
OFO); CBP, "Southwest Land Border Encounters" and "Nationwide Encounters" CSV downloads.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from borderlever.data.readers._calendar import (
    MONTH_ABBR,
    fiscal_to_calendar,
    parse_fiscal_year,
    parse_month_codes,
    parse_ohss_month,
)
from borderlever.data.readers._io import (
    check_known,
    open_sheet,
    read_csv,
    require_columns,
    to_numeric,
)
from borderlever.errors import DataError

SW, NORTH, COAST, AIR = (
    "Southwest Land Border",
    "Northern Land Border",
    "Coastal Border",
    "Air Ports of Entry/Interior",
)
#: Sector label meaning "all sectors (or field offices) of the region": the region total row.
ALL = "All"
COMPONENTS = {"U.S. Border Patrol": "USBP", "Office of Field Operations": "OFO"}

#: UWCHR legacy column -> (OHSS sector name, region as CBP's legacy table assigns it).
#: Livermore, CA sits under the coastal total in CBP's FY2000-FY2020 table (OHSS files it under
#: the northern land border); the legacy assignment is kept so sectors add up to their region.
LEGACY_SECTORS: dict[str, tuple[str, str]] = {
    "livermore": ("Livermore, CA", COAST),
    "miami": ("Miami, FL", COAST),
    "new_orleans": ("New Orleans, LA", COAST),
    "ramey": ("Ramey, PR", COAST),
    "blaine": ("Blaine, WA", NORTH),
    "buffalo": ("Buffalo, NY", NORTH),
    "detroit": ("Detroit, MI", NORTH),
    "grand_forks": ("Grand Forks, ND", NORTH),
    "havre": ("Havre, MT", NORTH),
    "houlton": ("Houlton, ME", NORTH),
    "spokane": ("Spokane, WA", NORTH),
    "swanton": ("Swanton, VT", NORTH),
    "big_bend": ("Big Bend, TX", SW),
    "del_rio": ("Del Rio, TX", SW),
    "el_centro": ("El Centro, CA", SW),
    "el_paso": ("El Paso, TX", SW),
    "laredo": ("Laredo, TX", SW),
    "rio_grande_valley": ("Rio Grande Valley, TX", SW),
    "san_diego": ("San Diego, CA", SW),
    "tucson": ("Tucson, AZ", SW),
    "yuma": ("Yuma, AZ", SW),
}
LEGACY_REGIONS = {"coastal_border": COAST, "northern_border": NORTH, "southwest_border": SW}

#: OHSS sheets read per component: (national count, by region, by region and sector/field office).
OHSS_SHEETS: dict[str, tuple[str, str, str]] = {
    "USBP": ("Monthly Count", "Monthly Region", "Monthly Rgn and Sector"),
    "OFO": ("Monthly Count", "Monthly Region", "Monthly Rgn EnfAdm FldOff"),
}
OHSS_SECTOR_COLUMN = {"USBP": "Sector", "OFO": "Field Office"}
OHSS_REGIONS = (SW, NORTH, COAST, AIR)


def read_usbp_legacy(path: Path) -> pd.DataFrame:
    """CBP's FY2000-FY2020 USBP table (pipe-delimited CSV, gzip) -> long rows.

    Returns
    -------
    DataFrame
        ``month, fiscal_year, region, sector, count, source``: one row per sector and month, one
        per region total (``sector = 'All'``) and one national total (``region = sector = 'All'``).

    Raises
    ------
    DataError
        Unreadable file, missing column, non-numeric count, or sector columns that do not add up
        to their region column (a sign of shifted columns).
    """
    path = Path(path)
    cols = ["month", *LEGACY_SECTORS, *LEGACY_REGIONS, "monthly_total", "fy", "cy"]
    raw = read_csv(path, {c: c for c in cols}, numeric=cols, sep="|")
    _check_legacy_sums(raw, path)
    month = fiscal_to_calendar(raw["fy"].to_numpy(), raw["month"].to_numpy())
    bad = (month.dt.year.to_numpy() != raw["cy"].to_numpy()).nonzero()[0]
    if len(bad):
        raise DataError(
            "calendar year does not match fiscal year and month",
            file=str(path),
            row=int(bad[0]) + 1,
            column="cy",
            expected="cy = fy - 1 for months 10-12, else fy",
        )
    frames = []
    for col, (sector, region) in LEGACY_SECTORS.items():
        frames.append(_long(month, raw["fy"], region, sector, raw[col]))
    for col, region in LEGACY_REGIONS.items():
        frames.append(_long(month, raw["fy"], region, ALL, raw[col]))
    frames.append(_long(month, raw["fy"], ALL, ALL, raw["monthly_total"]))
    out = pd.concat(frames, ignore_index=True)
    out["source"] = path.name
    return out


def _long(
    month: pd.Series, fy: pd.Series, region: str, sector: str, count: pd.Series
) -> pd.DataFrame:
    return pd.DataFrame(
        {"month": month, "fiscal_year": fy, "region": region, "sector": sector, "count": count}
    )


def _check_legacy_sums(raw: pd.DataFrame, path: Path) -> None:
    for col, region in LEGACY_REGIONS.items():
        parts = [c for c, (_, r) in LEGACY_SECTORS.items() if r == region]
        diff = (raw[parts].sum(axis=1) - raw[col]).to_numpy()
        if np.any(diff != 0):
            i = int(np.flatnonzero(diff != 0)[0])
            raise DataError(
                f"sector columns {parts} add up to {raw[parts].iloc[i].sum():.0f}, "
                f"not to {col} = {raw[col].iloc[i]:.0f}",
                file=str(path),
                row=i + 1,
                column=col,
                expected="region totals equal to the sum of their sectors",
            )


def read_ohss_workbook(path: Path, component: str) -> pd.DataFrame:
    """An OHSS KHSM encounters workbook (USBP or OFO part) -> long rows.

    Reads three sheets (:data:`OHSS_SHEETS`): national count (``region = sector = 'All'``), by
    region (``sector = 'All'``) and by region and sector / field office.  OFO field-office rows are
    summed over the enforcement/administrative split.  Counts are as published: rounded to 10.

    Returns
    -------
    DataFrame
        ``month, fiscal_year, component, region, sector, count, source`` (``source`` =
        ``file!sheet``).
    """
    path = Path(path)
    count_sheet, region_sheet, sector_sheet = OHSS_SHEETS[component]
    national = _ohss_sheet(path, count_sheet, [])
    national["region"], national["sector"] = ALL, ALL
    region = _ohss_sheet(path, region_sheet, ["Region"])
    region["sector"] = ALL
    sector_col = OHSS_SECTOR_COLUMN[component]
    sector = _ohss_sheet(path, sector_sheet, ["Region", sector_col])
    sector = sector.rename(columns={sector_col: "sector"})
    keys = ["month", "fiscal_year", "region", "sector", "source"]
    sector = sector.groupby(keys, as_index=False, sort=False).agg({"count": "sum"})
    out = pd.concat([national, region, sector], ignore_index=True)
    out["component"] = component
    return out


def _ohss_sheet(path: Path, sheet: str, dims: list[str]) -> pd.DataFrame:
    frame = open_sheet(path, sheet, keep_default_na=False, na_values=[""])
    frame.columns = [re.sub(r"\s+", " ", str(c)).strip() for c in frame.columns]
    frame = frame.dropna(how="all")
    require_columns(frame, ["Fiscal Year", "Month", *dims, "Quantity"], file=f"{path}!{sheet}")
    where = f"{path}!{sheet}"
    # A footnote row below the table has text in the first column and nothing in Quantity.
    frame = frame[~(frame["Quantity"].isna() & frame["Month"].isna())].reset_index(drop=True)
    fy = parse_fiscal_year(frame["Fiscal Year"], file=where, column="Fiscal Year")
    month_num = parse_ohss_month(frame["Month"], file=where, column="Month")
    count = to_numeric(frame["Quantity"], file=where, column="Quantity")
    if count.isna().any():
        i = int(np.flatnonzero(count.isna().to_numpy())[0])
        raise DataError(
            "missing quantity", file=where, row=i + 1, column="Quantity", expected="a number"
        )
    out = pd.DataFrame(
        {
            "month": fiscal_to_calendar(fy, month_num),
            "fiscal_year": fy,
            "count": count.to_numpy(),
        }
    )
    for dim in dims:
        out[dim if dim != "Region" else "region"] = (
            frame[dim].astype("string").str.strip().to_numpy()
        )
    if "region" in out:
        check_known(out["region"], OHSS_REGIONS, kind="region", file=where, column="Region")
    out["source"] = f"{path.name}!{sheet}"
    return out


#: CBP Southwest Land Border Encounters CSV: source column -> ours.
SBO_COLUMNS = {
    "Fiscal Year": "fiscal_year_label",
    "Month (abbv)": "month_abbr",
    "Component": "component",
    "Demographic": "demographic",
    "Citizenship Grouping": "citizenship",
    "Title of Authority": "title_of_authority",
    "Encounter Type": "encounter_type",
    "Encounter Count": "count",
}
#: CBP Nationwide Encounters by state CSV: source column -> ours.
STATE_COLUMNS = {
    "Fiscal Year": "fiscal_year_label",
    "Month (abbv)": "month_abbr",
    "Land Border Region": "land_border_region",
    "State": "state",
    "Demographic": "demographic",
    "Citizenship": "citizenship",
    "Title of Authority": "title_of_authority",
    "Encounter Count": "count",
}


def read_sbo(path: Path) -> pd.DataFrame:
    """A CBP "Southwest Land Border Encounters" CSV -> detail rows with ``month`` and ``component``.

    Returns
    -------
    DataFrame
        ``month, fiscal_year, component ['USBP'|'OFO'], demographic, citizenship,
        title_of_authority, encounter_type, count, source``.
    """
    path = Path(path)
    frame = _cbp_monthly_csv(path, SBO_COLUMNS)
    check_known(
        frame["component"], COMPONENTS, kind="component", file=str(path), column="Component"
    )
    frame["component"] = frame["component"].map(COMPONENTS)
    return frame


def read_nationwide_state(path: Path) -> pd.DataFrame:
    """CBP "Nationwide Encounters" by state CSV (USBP and OFO together; no component column).

    Returns
    -------
    DataFrame
        ``month, fiscal_year, land_border_region, state, demographic, citizenship,
        title_of_authority, count, source``.
    """
    return _cbp_monthly_csv(Path(path), STATE_COLUMNS)


def _cbp_monthly_csv(path: Path, columns: dict[str, str]) -> pd.DataFrame:
    frame = read_csv(path, columns, numeric=["count"])
    fy = parse_fiscal_year(frame["fiscal_year_label"], file=str(path), column="Fiscal Year")
    mon = parse_month_codes(frame["month_abbr"], MONTH_ABBR, file=str(path), column="Month (abbv)")
    frame.insert(0, "month", fiscal_to_calendar(fy, mon).to_numpy())
    frame.insert(1, "fiscal_year", fy)
    frame = frame.drop(columns=["fiscal_year_label", "month_abbr"])
    frame["source"] = path.name
    return frame
