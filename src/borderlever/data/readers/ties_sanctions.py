"""TIES: Threat and Imposition of Economic Sanctions, v4.1 (case level, 1945-2005).

One row per sanction episode, with the threat stage (which other sanction databases lack), the
sender(s) and target as Correlates of War codes (USA = 2, Canada = 20, Mexico = 70), the issue
codes, the kind of sanction threatened or imposed, and the final outcome.  Context for threat
episodes: how often threats by the United States ended in target acquiescence, and how fast.

Not bundled: the project's licence terms are not stated in the source; a store built without the
raw file simply has empty TIES tables.

References
----------
Morgan, T. C., Bapat, N., & Kobayashi, Y. (2014). Threat and imposition of economic sanctions
1945-2005: Updating the TIES dataset. Conflict Management and Peace Science, 31(5), 541-558.
https://sanctions.web.unc.edu/
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from borderlever.data.readers._io import find_file, open_sheet, require_columns, to_numeric
from borderlever.data.registry import Dataset, Source
from borderlever.data.schema import Column, TableSchema
from borderlever.errors import DataError

FILE = "ties/TIESv4-*.xls"
SHEETS = ("TIESv4.1.raw", "TIESv4.raw")
USA_COW = 2

#: TIES codebook v4, variable 39 (wording confirmed by two independent public analyses).
FINAL_OUTCOMES = {
    1: "partial acquiescence by target to threat",
    2: "complete acquiescence by target to threat",
    3: "capitulation by sender after threat",
    4: "stalemate after threat",
    5: "negotiated settlement after threat",
    6: "partial acquiescence by target after imposition",
    7: "total acquiescence by target after imposition",
    8: "capitulation by sender after imposition",
    9: "stalemate after imposition",
    10: "negotiated settlement after imposition",
}
#: TIES column -> ours, integer codes (nullable).
INTEGER_COLUMNS = {
    "startyear": "start_year",
    "startmonth": "start_month",
    "startday": "start_day",
    "endyear": "end_year",
    "endmonth": "end_month",
    "endday": "end_day",
    "ongoingasofyear": "ongoing_as_of_year",
    "primarysender": "primary_sender_cow",
    "targetstate": "target_cow",
    "issue1": "issue1",
    "issue2": "issue2",
    "issue3": "issue3",
    "anticipatedtargetcosts": "anticipated_target_costs",
    "anticipatedsendercosts": "anticipated_sender_costs",
    "targetcosts": "target_costs",
    "sendercosts": "sender_costs",
    "finaloutcome": "final_outcome",
}
#: TIES imposition date columns -> ours: coders sometimes wrote words beside the number
#: ("1949, sometime before this date."): the first number is kept.
IMPOSITION_COLUMNS = {
    "sancimpositionstartyear": "imposition_start_year",
    "sancimpositionstartmonth": "imposition_start_month",
    "sancimpositionstartday": "imposition_start_day",
}
#: TIES column -> ours, code lists kept as text ("2 7" = codes 2 and 7).
TEXT_COLUMNS = {"sanctiontypethreat": "sanction_type_threat", "sanctiontype": "sanction_type"}
SENDERS = ["sender1", "sender2", "sender3", "sender4", "sender5"]


def read_ties(path: Path) -> pd.DataFrame:
    """The TIES case workbook -> rows of :data:`TIES_CASES`.

    Raises
    ------
    DataError
        Missing sheet or column, a non-numeric code, or a repeated case id.
    """
    path = Path(path)
    where = str(path)
    raw = open_sheet(path, SHEETS)
    needed = ["caseid", "threat", "imposition", *INTEGER_COLUMNS, *TEXT_COLUMNS, *SENDERS]
    require_columns(raw, needed, file=where)
    out = pd.DataFrame({"case_id": raw["caseid"].astype("Int64").astype("string")})
    for src, ours in INTEGER_COLUMNS.items():
        out[ours] = to_numeric(raw[src].astype("string"), file=where, column=src).round()
    for src, ours in IMPOSITION_COLUMNS.items():
        if src in raw:
            first = raw[src].astype("string").str.extract(r"(\d+)")[0]
            out[ours] = to_numeric(first, file=where, column=src).round()
        else:
            out[ours] = pd.array([pd.NA] * len(raw), dtype="Int64")
    for flag in ("threat", "imposition"):
        out[flag] = to_numeric(raw[flag].astype("string"), file=where, column=flag) == 1
    for src, ours in TEXT_COLUMNS.items():
        text = raw[src].astype("string").str.replace(r"\s+", " ", regex=True).str.strip()
        out[ours] = text.mask(text == "")
    senders = pd.DataFrame(
        {c: to_numeric(raw[c].astype("string"), file=where, column=c) for c in SENDERS}
    )
    out["senders_cow"] = [_code_list(row) for row in senders.to_numpy()]
    out["us_sender"] = (senders == USA_COW).any(axis=1) | (out["primary_sender_cow"] == USA_COW)
    out["final_outcome_label"] = out["final_outcome"].map(FINAL_OUTCOMES)
    dup = out["case_id"].duplicated().to_numpy()
    if dup.any():
        i = int(np.flatnonzero(dup)[0])
        raise DataError(
            f"repeated case id {out['case_id'].iloc[i]}",
            file=where,
            row=i + 1,
            column="caseid",
            expected="one row per case",
        )
    out["source"] = path.name
    return out[TIES_CASES.column_names]


def _code_list(row: np.ndarray) -> str | None:
    codes = [str(int(v)) for v in row if not np.isnan(v)]
    return " ".join(codes) or None


def _int(name: str, description: str, unit: str = "code") -> Column:
    return Column(name, "INTEGER", unit, description, nullable=True)


TIES_CASES = TableSchema(
    "ties_cases",
    "TIES v4.1 sanction episodes 1945-2005: dates, COW sender/target codes, threat and "
    "imposition stages, sanction types, costs and final outcome (TIES codebook v4 codes).",
    (
        Column("case_id", "VARCHAR", "-", "TIES caseid: start date (yyyymmdd) + 2-digit sequence."),
        Column("start_year", "INTEGER", "year", "Year the episode started."),
        _int("start_month", "Month the episode started.", "month"),
        _int("start_day", "Day the episode started.", "day"),
        _int("end_year", "Year the episode ended; NULL if ongoing or unknown.", "year"),
        _int("end_month", "Month the episode ended.", "month"),
        _int("end_day", "Day the episode ended.", "day"),
        _int("ongoing_as_of_year", "Year the coders last saw the episode ongoing.", "year"),
        _int("imposition_start_year", "Year sanctions were first imposed (imposed cases).", "year"),
        _int("imposition_start_month", "Month sanctions were first imposed.", "month"),
        _int("imposition_start_day", "Day sanctions were first imposed.", "day"),
        _int("primary_sender_cow", "Correlates of War code of the primary sender (USA = 2)."),
        Column(
            "senders_cow", "VARCHAR", "-", "COW codes of all state senders, space-separated.", True
        ),
        Column("us_sender", "BOOLEAN", "-", "True where the United States is among the senders."),
        Column("target_cow", "INTEGER", "code", "COW code of the target (Canada 20, Mexico 70)."),
        _int("issue1", "Main issue (TIES codebook code)."),
        _int("issue2", "Second issue (TIES codebook code)."),
        _int("issue3", "Third issue (TIES codebook code)."),
        Column("threat", "BOOLEAN", "-", "A threat stage occurred."),
        Column("imposition", "BOOLEAN", "-", "Sanctions were imposed."),
        Column(
            "sanction_type_threat",
            "VARCHAR",
            "-",
            "Sanction type(s) threatened (TIES codes, space-separated).",
            True,
        ),
        Column("sanction_type", "VARCHAR", "-", "Sanction type(s) imposed (TIES codes).", True),
        _int("anticipated_target_costs", "Anticipated target costs (1 minor - 3 severe)."),
        _int("anticipated_sender_costs", "Anticipated sender costs (1 minor - 3 severe)."),
        _int("target_costs", "Actual target costs (1 minor - 3 severe)."),
        _int("sender_costs", "Actual sender costs (1 minor - 3 severe)."),
        _int("final_outcome", "Final outcome code 1-10 (see final_outcome_label)."),
        Column("final_outcome_label", "VARCHAR", "-", "Wording of the final outcome code.", True),
        Column("source", "VARCHAR", "-", "Raw file the row comes from."),
    ),
    primary_key=("case_id",),
)


def read(raw_dir: Path) -> Mapping[str, pd.DataFrame]:
    """Read the TIES workbook under ``raw_dir`` -> ``{'ties_cases': frame}``."""
    return {"ties_cases": read_ties(find_file(Path(raw_dir), FILE))}


VIEWS = {
    "sanction_threat_cases": (
        "SELECT case_id, start_year, start_month, end_year, end_month, primary_sender_cow, "
        "target_cow, us_sender, threat, imposition, sanction_type_threat, sanction_type, "
        "final_outcome, final_outcome_label, source FROM ties_cases"
    ),
}

DATASET = Dataset(
    name="ties_sanctions",
    title="TIES v4.1: threat and imposition of economic sanctions, 1945-2005 (case level)",
    source=Source(
        publisher="TIES project, University of North Carolina at Chapel Hill",
        url="https://sanctions.web.unc.edu/",
        licence="academic dataset, free download; redistribution terms not stated (not bundled)",
        vintage="v4.1 (2014)",
        files=(FILE,),
    ),
    tables=(TIES_CASES,),
    read=read,
    views=VIEWS,
    bundle={},
)
