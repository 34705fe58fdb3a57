"""GSDB: the Global Sanctions Data Base, release 3 (case list 1949-2022).

One row per sanction case: sanctioned and sanctioning states (names; several senders comma-
separated), begin and end years, type dummies (trade, arms, military, financial, travel, other),
the trade direction, objectives and success codes.  GSDB has no threat stage (use TIES for
threats) but runs to 2022.

LICENCE CAUTION: the GSDB team hands the data out on request and states no redistribution terms.
It is read only from a local raw copy and is **never bundled**; a store built without the raw file
has an empty ``gsdb_cases`` table.

References
----------
Felbermayr, G., Kirilakha, A., Syropoulos, C., Yalcin, E., & Yotov, Y. V. (2020). The Global
Sanctions Data Base. European Economic Review, 129, 103561.
Syropoulos, C., et al. (2023). The Global Sanctions Data Base - Release 3. Review of
International Economics.  https://www.globalsanctionsdatabase.com/
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from borderlever.data.readers._io import check_known, find_file, read_csv
from borderlever.data.registry import Dataset, Source
from borderlever.data.schema import Column, TableSchema

FILE = "gsdb/GSDB_V*.csv"
FLAGS = ("trade", "arms", "military", "financial", "travel", "other", "target_mult", "sender_mult")
COLUMNS = {
    "case_id": "case_id",
    "sanctioned_state": "sanctioned_state",
    "sanctioning_state": "sanctioning_state",
    "begin": "begin_year",
    "end": "end_year",
    **{f: f for f in FLAGS},
    "descr_trade": "descr_trade",
    "objective": "objective",
    "success": "success",
}


def read_gsdb(path: Path) -> pd.DataFrame:
    """The GSDB case CSV -> rows of :data:`GSDB_CASES` (flags as booleans, ``us_sender`` added)."""
    path = Path(path)
    frame = read_csv(path, COLUMNS, numeric=["begin_year", "end_year", *FLAGS])
    for flag in FLAGS:
        check_known(
            frame[flag].astype("Int64").astype("string"),
            ["0", "1"],
            kind="0/1 flag",
            file=str(path),
            column=flag,
        )
        frame[flag] = frame[flag] == 1
    senders = frame["sanctioning_state"].fillna("").str.split(",")
    frame["us_sender"] = senders.map(lambda s: "United States" in [x.strip() for x in s])
    frame["source"] = path.name
    return frame[GSDB_CASES.column_names]


def _flag(name: str, what: str) -> Column:
    return Column(name, "BOOLEAN", "-", what)


GSDB_CASES = TableSchema(
    "gsdb_cases",
    "GSDB release 3 sanction cases 1949-2022 (licence caution: local raw copy only, never "
    "bundled).",
    (
        Column("case_id", "BIGINT", "-", "GSDB case id."),
        Column("sanctioned_state", "VARCHAR", "-", "Target state or group, as GSDB names it."),
        Column(
            "sanctioning_state", "VARCHAR", "-", "Sender(s), comma-separated, as GSDB names them."
        ),
        Column("us_sender", "BOOLEAN", "-", "True where 'United States' is among the senders."),
        Column("begin_year", "INTEGER", "year", "First year of the sanction."),
        Column("end_year", "INTEGER", "year", "Last year (2022 may mean ongoing).", True),
        _flag("trade", "Trade sanction."),
        Column(
            "descr_trade",
            "VARCHAR",
            "-",
            "Trade direction: exp_/imp_ part/compl (export or import, partial or complete).",
            True,
        ),
        _flag("arms", "Arms sanction."),
        _flag("military", "Military assistance sanction."),
        _flag("financial", "Financial sanction."),
        _flag("travel", "Travel sanction."),
        _flag("other", "Other sanction."),
        _flag("target_mult", "Several targets."),
        _flag("sender_mult", "Several senders."),
        Column("objective", "VARCHAR", "-", "Objective(s), comma-separated GSDB codes.", True),
        Column("success", "VARCHAR", "-", "Success code per objective (GSDB codes).", True),
        Column("source", "VARCHAR", "-", "Raw file the row comes from."),
    ),
    primary_key=("case_id",),
)


def read(raw_dir: Path) -> Mapping[str, pd.DataFrame]:
    """Read the GSDB CSV under ``raw_dir`` -> ``{'gsdb_cases': frame}``."""
    return {"gsdb_cases": read_gsdb(find_file(Path(raw_dir), FILE))}


DATASET = Dataset(
    name="gsdb_sanctions",
    title="Global Sanctions Data Base, release 3 (1949-2022; never bundled)",
    source=Source(
        publisher="Drexel University, Kiel Institute for the World Economy, WIFO",
        url="https://www.globalsanctionsdatabase.com/",
        licence="distributed on request; redistribution terms not stated: never bundled",
        vintage="release 3 (2023)",
        files=(FILE,),
    ),
    tables=(GSDB_CASES,),
    read=read,
    views={},
    bundle={},
)
