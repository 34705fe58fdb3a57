"""TIES and GSDB sanction-case readers on tiny files the tests write."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from borderlever.data.readers import gsdb_sanctions, ties_sanctions
from borderlever.errors import DataError

TIES_HEAD = [
    "caseid",
    "threat",
    "imposition",
    *ties_sanctions.INTEGER_COLUMNS,
    *ties_sanctions.TEXT_COLUMNS,
    *ties_sanctions.SENDERS,
]


def write_ties(path: Path, rows: list[dict[str, object]], sheet: str = "TIESv4.1.raw") -> Path:
    book = openpyxl.Workbook()
    book.active.title = sheet
    book.active.append(TIES_HEAD)
    for r in rows:
        book.active.append([r.get(c) for c in TIES_HEAD])
    book.save(path)
    return path


CASE = {
    "caseid": 1995072603,
    "threat": 1,
    "imposition": 0,
    "startyear": 1995,
    "targetstate": 70,
    "issue1": 11,
    "sanctiontypethreat": "2  7",
    "sender1": 2,
    "sender2": 20,
    "finaloutcome": 2,
}


def test_ties_case_row(tmp_path: Path) -> None:
    out = ties_sanctions.read_ties(write_ties(tmp_path / "t.xlsx", [CASE]))
    row = ties_sanctions.TIES_CASES.validate(out, source="t").iloc[0]
    assert row["case_id"] == "1995072603"
    assert row["senders_cow"] == "2 20" and row["us_sender"]
    assert row["sanction_type_threat"] == "2 7"
    assert row["final_outcome_label"] == "complete acquiescence by target to threat"
    assert bool(row["threat"]) and not bool(row["imposition"])


def test_ties_repeated_case_and_missing_sheet(tmp_path: Path) -> None:
    with pytest.raises(DataError) as err:
        ties_sanctions.read_ties(write_ties(tmp_path / "t.xlsx", [CASE, CASE]))
    assert (err.value.row, err.value.column) == (2, "caseid")
    with pytest.raises(DataError) as err:
        ties_sanctions.read_ties(write_ties(tmp_path / "u.xlsx", [CASE], sheet="Sheet1"))
    assert "TIESv4.1.raw" in (err.value.expected or "")


def test_gsdb_flags_and_us_sender(tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    head = "case_id,sanctioned_state,sanctioning_state,begin,end,trade,descr_trade,arms,military,financial,travel,other,target_mult,sender_mult,objective,success\n"
    path.write_text(
        head
        + "700,Canada,United States,2003,2005,1,imp_part,0,0,0,0,0,0,0,other,failed\n"
        + '5,Israel,"EEC, United States",1950,,0,,1,0,0,0,0,0,1,"end_war,policy_change",ongoing\n'
    )
    out = gsdb_sanctions.GSDB_CASES.validate(gsdb_sanctions.read_gsdb(path), source="t")
    assert out["us_sender"].tolist() == [True, True]
    assert out["trade"].tolist() == [True, False] and out["end_year"].isna().tolist() == [
        False,
        True,
    ]
    path.write_text(head + "1,A,B,1950,1951,2,,0,0,0,0,0,0,0,x,y\n")
    with pytest.raises(DataError) as err:
        gsdb_sanctions.read_gsdb(path)
    assert (err.value.row, err.value.column) == (1, "trade")
