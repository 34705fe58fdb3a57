"""CBP drug seizures FY2019 on: OFO and USBP (nationwide files) and AMO (its own files), monthly.

CBP publishes Air and Marine Operations (AMO) seizures apart from the nationwide OFO/USBP files,
and the nationwide files do not include them.  Both are kept here as components of one table,
``component in ('OFO', 'USBP', 'AMO')``, so "OFO + USBP" (CBP's headline nationwide figure) and
"AMO" can be queried separately, with no row counted twice.  The two releases of each kind cover
disjoint fiscal years (FY2019-FY2022, FY2023 on), so no precedence is needed.

References
----------
CBP, Drug Seizure Statistics, https://www.cbp.gov/newsroom/stats/drug-seizure-statistics
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from borderlever.data.readers._calendar import (
    MONTH_ABBR,
    fiscal_to_calendar,
    parse_fiscal_year,
    parse_month_codes,
)
from borderlever.data.readers._io import check_known, find_file, read_csv
from borderlever.data.registry import Dataset, Source
from borderlever.data.schema import Column, TableSchema
from borderlever.errors import DataError

FILES = (
    "cbp_drug_seizures/nationwide-drugs-fy19-fy22.csv",
    "cbp_drug_seizures/nationwide-drugs-fy23-fy2*.csv",
    "cbp_drug_seizures/amo-drug-seizures-fy19-fy22.csv",
    "cbp_drug_seizures/amo-drug-seizures-fy23-fy2*.csv",
)
COMPONENTS = {
    "Office of Field Operations": "OFO",
    "U.S. Border Patrol": "USBP",
    "Air and Marine Operations": "AMO",
}
REGIONS = ("Southwest Border", "Northern Border", "Coastal/Interior")
#: CBP drug labels -> ours (only two are tidied: the footnote stars and LSD's capitals).
DRUGS = {
    "Cocaine": "Cocaine",
    "Ecstasy": "Ecstasy",
    "Fentanyl": "Fentanyl",
    "Heroin": "Heroin",
    "Ketamine": "Ketamine",
    "Khat (Catha Edulis)": "Khat (Catha Edulis)",
    "Lsd": "LSD",
    "Marijuana": "Marijuana",
    "Methamphetamine": "Methamphetamine",
    "Other Drugs**": "Other Drugs",
}


def _columns(unit_column: str) -> dict[str, str]:
    return {
        "FY": "fiscal_year_label",
        "Month (abbv)": "month_abbr",
        "Component": "component",
        "Region": "region",
        "Land Filter": "land_filter",
        unit_column: "area_of_responsibility",
        "Drug Type": "drug",
        "Count of Event": "events",
        "Sum Qty (lbs)": "lbs",
    }


def read_seizure_file(path: Path, *, amo: bool) -> pd.DataFrame:
    """One CBP seizure CSV -> rows of :data:`DRUG_SEIZURES` (``amo``: AMO file with ``Branch``).

    Raises
    ------
    DataError
        Unreadable file, missing column, unknown component/region/drug, non-numeric quantity, or
        a negative quantity.
    """
    path = Path(path)
    where = str(path)
    frame = read_csv(
        path, _columns("Branch" if amo else "Area of Responsibility"), numeric=["events", "lbs"]
    )
    check_known(frame["component"], COMPONENTS, kind="component", file=where, column="Component")
    check_known(frame["region"], REGIONS, kind="region", file=where, column="Region")
    check_known(frame["drug"], DRUGS, kind="drug type", file=where, column="Drug Type")
    negative = (frame["lbs"] < 0) | (frame["events"] < 0)
    if negative.any():
        i = int(negative.to_numpy().nonzero()[0][0])
        raise DataError(
            "negative seizure quantity or event count",
            file=where,
            row=i + 1,
            column="Sum Qty (lbs)",
            expected="a quantity >= 0",
        )
    fy = parse_fiscal_year(frame["fiscal_year_label"], file=where, column="FY")
    mon = parse_month_codes(frame["month_abbr"], MONTH_ABBR, file=where, column="Month (abbv)")
    frame.insert(0, "month", fiscal_to_calendar(fy, mon).to_numpy())
    frame.insert(1, "fiscal_year", fy)
    frame["component"] = frame["component"].map(COMPONENTS)
    frame["drug"] = frame["drug"].map(DRUGS)
    frame["source"] = path.name
    return frame.drop(columns=["fiscal_year_label", "month_abbr"])


DRUG_SEIZURES = TableSchema(
    "drug_seizures",
    "CBP drug seizures by month, component (OFO, USBP and, published separately, AMO), region, "
    "land filter, area of responsibility (OFO field office, USBP sector or AMO branch) and drug.",
    (
        Column("month", "DATE", "-", "First day of the calendar month of the seizures."),
        Column("fiscal_year", "INTEGER", "year", "US federal fiscal year (Oct-Sep) of the month."),
        Column("component", "VARCHAR", "-", "'OFO', 'USBP' or 'AMO' (Air and Marine Operations)."),
        Column(
            "region",
            "VARCHAR",
            "-",
            "CBP seizure region: 'Southwest Border', 'Northern Border' or 'Coastal/Interior'.",
        ),
        Column(
            "land_filter",
            "VARCHAR",
            "-",
            "CBP's land filter: 'Land Only' / 'Land' (at or between land ports) or 'Other'.",
        ),
        Column(
            "area_of_responsibility",
            "VARCHAR",
            "-",
            "OFO field office or USBP sector (nationwide files); AMO branch (AMO files).",
        ),
        Column("drug", "VARCHAR", "-", "CBP drug type ('Fentanyl', 'Methamphetamine', ...)."),
        Column("events", "BIGINT", "seizure events", "Number of seizure events in the cell."),
        Column("lbs", "DOUBLE", "lb", "Quantity seized, pounds."),
        Column("source", "VARCHAR", "-", "Raw file the row comes from."),
    ),
    primary_key=("month", "component", "region", "land_filter", "area_of_responsibility", "drug"),
)


def read(raw_dir: Path) -> Mapping[str, pd.DataFrame]:
    """Read the four CBP seizure files under ``raw_dir`` -> ``{'drug_seizures': frame}``."""
    frames = [
        read_seizure_file(find_file(Path(raw_dir), pattern), amo="amo-" in pattern)
        for pattern in FILES
    ]
    out = pd.concat(frames, ignore_index=True)
    out = out.sort_values(
        ["month", "component", "region", "area_of_responsibility", "drug"], ignore_index=True
    )
    return {"drug_seizures": out[DRUG_SEIZURES.column_names]}


VIEWS = {
    "monthly_seizures": (
        "SELECT month, drug, component, region, lbs, source, events, area_of_responsibility, "
        "land_filter, fiscal_year FROM drug_seizures"
    ),
    "monthly_seizures_national": (
        "SELECT month, fiscal_year, drug, component, SUM(lbs) AS lbs, CAST(SUM(events) AS BIGINT) AS events "
        "FROM drug_seizures GROUP BY month, fiscal_year, drug, component"
    ),
}

DATASET = Dataset(
    name="cbp_drug_seizures",
    title="CBP drug seizures by month, component, region and drug (FY2019 on)",
    source=Source(
        publisher="U.S. Customs and Border Protection",
        url="https://www.cbp.gov/newsroom/stats/drug-seizure-statistics",
        licence="public domain (US government work)",
        vintage="FY19-FY22 release; FY23-FY26 release through December 2025",
        files=FILES,
    ),
    tables=(DRUG_SEIZURES,),
    read=read,
    views=VIEWS,
    bundle={"drug_seizures": None},
)
