"""CBP encounters (USBP apprehensions, OFO inadmissibles, Title 42 expulsions), monthly.

Four overlapping publications are read, each kept whole in its own table for audits, and one
canonical series is built from them (``encounters_canonical``, view ``monthly_encounters``) with a
single row per ``(month, component, region, sector)``.  The precedence, decided from the files'
overlaps (see ``docs/data-security.md``):

Region totals (``sector = 'All'``), chosen per ``(month, component, region)``:

1. CBP Southwest Land Border Encounters files (unrounded; Oct 2018 on; the later release wins
   where two releases cover the same month: FY2022 is taken from the FY22-FY25 file),
2. CBP's USBP FY2000-FY2020 table (unrounded; USBP only),
3. OHSS KHSM workbooks (rounded to 10; USBP Oct 1999 - Nov 2024, OFO Oct 2003 - Nov 2024).

Sector / field-office rows, chosen per ``(month, component)`` (all sectors of a month from one
file, so a sector never appears twice): CBP's USBP FY2000-FY2020 table, else OHSS.

A Southwest-border monthly total is therefore
``SELECT month, SUM(count) FROM monthly_encounters WHERE region = 'Southwest Land Border' AND
sector = 'All' GROUP BY month``.

References
----------
CBP, Southwest Land Border Encounters, https://www.cbp.gov/newsroom/stats/southwest-land-border-encounters
CBP, U.S. Border Patrol Monthly Encounters FY2000-FY2020,
https://www.cbp.gov/document/stats/us-border-patrol-monthly-encounters-fy-2000-fy-2020
DHS OHSS, Key Homeland Security Metrics: CBP Encounters, https://ohss.dhs.gov/khsm/cbp-encounters
CBP, Nationwide Encounters, https://www.cbp.gov/newsroom/stats/nationwide-encounters
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from borderlever.data.readers._cbp_encounter_files import (
    ALL,
    SW,
    read_nationwide_state,
    read_ohss_workbook,
    read_sbo,
    read_usbp_legacy,
)
from borderlever.data.readers._io import find_file
from borderlever.data.registry import Dataset, Source
from borderlever.data.schema import Column, TableSchema

FILES = {
    "usbp_legacy": "cbp_encounters/usbp_monthly_encounters_fy2000-fy2020.csv.gz",
    "ohss_usbp": "cbp_encounters/ohss_khsm_encounters_usbp_*.xlsx",
    "ohss_ofo": "cbp_encounters/ohss_khsm_encounters_ofo_*.xlsx",
    "sbo_early": "cbp_encounters/sbo-encounters-fy19-fy22.csv",
    "sbo_late": "cbp_encounters/sbo-encounters-fy22-fy2*.csv",
    "state": "cbp_encounters/nationwide-encounters-fy20-fy23-state.csv",
}

_MONTH = Column("month", "DATE", "-", "First day of the calendar month the encounters fall in.")
_FY = Column("fiscal_year", "INTEGER", "year", "US federal fiscal year (Oct-Sep) of the month.")
_COMPONENT = Column(
    "component",
    "VARCHAR",
    "-",
    "CBP component: 'USBP' (Border Patrol) or 'OFO' (Field Operations).",
)
_REGION = Column(
    "region",
    "VARCHAR",
    "-",
    "CBP region: 'Southwest Land Border', 'Northern Land Border', 'Coastal Border' or "
    "'Air Ports of Entry/Interior' (OFO only); 'All' = national total (audit tables only).",
)
_SECTOR = Column(
    "sector",
    "VARCHAR",
    "-",
    "USBP sector or OFO field office as OHSS names it ('El Paso, TX'); 'All' = the region total.",
)
_COUNT = Column(
    "count", "BIGINT", "encounters", "Encounters (events, not people) in the month and cell."
)
_SOURCE = Column(
    "source", "VARCHAR", "-", "Raw file the row comes from ('file!sheet' for workbooks)."
)
_DEMOGRAPHIC = Column(
    "demographic", "VARCHAR", "-", "CBP demographic group (Single Adults, FMUA, UC/UAC, ...)."
)
_CITIZENSHIP = Column("citizenship", "VARCHAR", "-", "Citizenship (group) as CBP publishes it.")
_TITLE = Column(
    "title_of_authority", "VARCHAR", "-", "Legal authority: 'Title 8' or 'Title 42' (expulsions)."
)

ENCOUNTERS_CANONICAL = TableSchema(
    "encounters_canonical",
    "One canonical monthly encounter series per (month, component, region, sector), picked from "
    "the overlapping CBP/OHSS files by a documented precedence; sector 'All' rows are region "
    "totals.",
    (
        _MONTH,
        _COMPONENT,
        _REGION,
        _SECTOR,
        _COUNT,
        _SOURCE,
        _FY,
        Column(
            "rounded_10",
            "BOOLEAN",
            "-",
            "True where the count comes from an OHSS workbook (rounded to the nearest 10).",
        ),
    ),
    primary_key=("month", "component", "region", "sector"),
)
ENCOUNTERS_USBP_LEGACY = TableSchema(
    "encounters_usbp_legacy",
    "CBP's USBP monthly apprehensions/encounters by sector FY2000-FY2020, unrounded, as "
    "transcribed by UWCHR from CBP's PDF (sector 'All' = region total, region 'All' = nation).",
    (_MONTH, _FY, _REGION, _SECTOR, _COUNT, _SOURCE),
    primary_key=("month", "region", "sector"),
)
ENCOUNTERS_OHSS = TableSchema(
    "encounters_ohss",
    "OHSS KHSM encounters workbooks (USBP from FY2000, OFO from FY2004), monthly national, "
    "regional and sector/field-office counts, rounded to 10 (OFO field offices summed over the "
    "enforcement/administrative split).",
    (_MONTH, _FY, _COMPONENT, _REGION, _SECTOR, _COUNT, _SOURCE),
    primary_key=("month", "component", "region", "sector"),
)
ENCOUNTERS_SBO = TableSchema(
    "encounters_sbo",
    "CBP Southwest Land Border Encounters files (FY19-FY22 and FY22-FY25 releases), unrounded "
    "detail rows; FY2022 appears in both releases (tell them apart by source).",
    (
        _MONTH,
        _FY,
        _COMPONENT,
        _DEMOGRAPHIC,
        _CITIZENSHIP,
        _TITLE,
        Column(
            "encounter_type",
            "VARCHAR",
            "-",
            "'Apprehensions' (USBP), 'Inadmissibles' (OFO) or 'Expulsions' (Title 42).",
        ),
        _COUNT,
        _SOURCE,
    ),
    primary_key=(
        "source",
        "month",
        "component",
        "demographic",
        "citizenship",
        "title_of_authority",
        "encounter_type",
    ),
)
ENCOUNTERS_BY_STATE = TableSchema(
    "encounters_by_state",
    "CBP Nationwide Encounters by state FY2020-FY2023 (USBP and OFO together: no component).",
    (
        _MONTH,
        _FY,
        Column(
            "land_border_region",
            "VARCHAR",
            "-",
            "'Southwest Land Border', 'Northern Land Border' or 'Other' (coastal, air, interior).",
        ),
        Column("state", "VARCHAR", "-", "Two-letter US state or territory of the encounter."),
        _DEMOGRAPHIC,
        _CITIZENSHIP,
        _TITLE,
        _COUNT,
        _SOURCE,
    ),
    primary_key=(
        "month",
        "land_border_region",
        "state",
        "demographic",
        "citizenship",
        "title_of_authority",
    ),
)


def canonical_encounters(
    legacy: pd.DataFrame, ohss: pd.DataFrame, sbo_releases: list[pd.DataFrame]
) -> pd.DataFrame:
    """Pick one series per (month, component, region, sector) from the overlapping files.

    Parameters
    ----------
    legacy : DataFrame
        :func:`read_usbp_legacy` rows (USBP, unrounded).
    ohss : DataFrame
        :func:`read_ohss_workbook` rows of both components (rounded to 10).
    sbo_releases : list of DataFrame
        :func:`read_sbo` rows, one frame per release; where releases overlap, the one whose
        coverage ends later wins.

    Returns
    -------
    DataFrame
        Columns of :data:`ENCOUNTERS_CANONICAL`; national rows (``region = 'All'``) are dropped.

    Examples
    --------
    >>> m = pd.Timestamp("2019-05-01")
    >>> legacy = pd.DataFrame({"month": [m], "fiscal_year": [2019], "region": ["Southwest Land Border"],
    ...                        "sector": ["All"], "count": [132856], "source": ["legacy.csv"]})
    >>> ohss = legacy.assign(component="USBP", count=132860, source="ohss.xlsx!Monthly Region")
    >>> canonical_encounters(legacy, ohss, [])[["source", "count"]].values.tolist()
    [['legacy.csv', 132856]]
    """
    sbo = sorted(sbo_releases, key=lambda f: f["month"].max(), reverse=True)
    totals = [_sbo_totals(f) for f in sbo]
    totals.append(legacy[legacy["sector"] == ALL].assign(component="USBP"))
    totals.append(ohss[ohss["sector"] == ALL])
    sectors = [
        legacy[legacy["sector"] != ALL].assign(component="USBP"),
        ohss[ohss["sector"] != ALL],
    ]
    out = pd.concat(
        [
            _first_by_rank(totals, ["month", "component", "region"]),
            _first_by_rank(sectors, ["month", "component"]),
        ],
        ignore_index=True,
    )
    out = out[out["region"] != ALL]
    out["rounded_10"] = out["source"].str.contains("!", regex=False)
    out = out.sort_values(["month", "component", "region", "sector"], ignore_index=True)
    return out[ENCOUNTERS_CANONICAL.column_names]


def _sbo_totals(sbo: pd.DataFrame) -> pd.DataFrame:
    keys = ["month", "fiscal_year", "component", "source"]
    out = sbo.groupby(keys, as_index=False, sort=False)["count"].sum()
    return out.assign(region=SW, sector=ALL)


def _first_by_rank(candidates: list[pd.DataFrame], level: list[str]) -> pd.DataFrame:
    """Rows of the best-ranked candidate (earliest in the list) for each ``level`` group."""
    cols = ["month", "fiscal_year", "component", "region", "sector", "count", "source"]
    parts = [c[cols].assign(_rank=i) for i, c in enumerate(candidates) if len(c)]
    if not parts:
        return pd.DataFrame(columns=cols)
    ranked = pd.concat(parts, ignore_index=True)
    best = ranked.groupby(level)["_rank"].transform("min")
    return ranked[ranked["_rank"] == best].drop(columns="_rank")


def read(raw_dir: Path) -> Mapping[str, pd.DataFrame]:
    """Read every encounter file under ``raw_dir`` -> the five tables of :data:`DATASET`."""
    raw_dir = Path(raw_dir)
    legacy = read_usbp_legacy(find_file(raw_dir, FILES["usbp_legacy"]))
    ohss = pd.concat(
        [
            read_ohss_workbook(find_file(raw_dir, FILES["ohss_usbp"]), "USBP"),
            read_ohss_workbook(find_file(raw_dir, FILES["ohss_ofo"]), "OFO"),
        ],
        ignore_index=True,
    )
    sbo = [read_sbo(find_file(raw_dir, FILES[k])) for k in ("sbo_early", "sbo_late")]
    state = read_nationwide_state(find_file(raw_dir, FILES["state"]))
    return {
        "encounters_canonical": canonical_encounters(legacy, ohss, sbo),
        "encounters_usbp_legacy": legacy,
        "encounters_ohss": ohss,
        "encounters_sbo": pd.concat(sbo, ignore_index=True),
        "encounters_by_state": state,
    }


VIEWS = {
    "monthly_encounters": (
        "SELECT month, component, region, sector, count, source, fiscal_year, rounded_10 "
        "FROM encounters_canonical"
    ),
    "southwest_border_encounters": (
        "SELECT month, fiscal_year, "
        "CAST(SUM(CASE WHEN component = 'USBP' THEN count END) AS BIGINT) AS usbp, "
        "CAST(SUM(CASE WHEN component = 'OFO' THEN count END) AS BIGINT) AS ofo, "
        "CAST(SUM(count) AS BIGINT) AS total, "
        "BOOL_OR(rounded_10) AS rounded_10 "
        "FROM encounters_canonical "
        "WHERE region = 'Southwest Land Border' AND sector = 'All' "
        "GROUP BY month, fiscal_year"
    ),
}

DATASET = Dataset(
    name="cbp_encounters",
    title="CBP encounters: USBP apprehensions and OFO inadmissibles, monthly (FY2000-FY2025)",
    source=Source(
        publisher="U.S. Customs and Border Protection; DHS Office of Homeland Security Statistics",
        url="https://www.cbp.gov/newsroom/stats/southwest-land-border-encounters",
        licence="public domain (US government work)",
        vintage="OHSS KHSM Nov 2024 release; CBP SBO FY22-FY25 August 2025 release",
        files=tuple(FILES.values()),
    ),
    tables=(
        ENCOUNTERS_CANONICAL,
        ENCOUNTERS_USBP_LEGACY,
        ENCOUNTERS_OHSS,
        ENCOUNTERS_SBO,
        ENCOUNTERS_BY_STATE,
    ),
    read=read,
    views=VIEWS,
    bundle={"encounters_canonical": None},
)
