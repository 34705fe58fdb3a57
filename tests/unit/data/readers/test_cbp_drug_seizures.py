"""CBP drug-seizure reader on tiny files the tests write."""

from __future__ import annotations

from pathlib import Path

import pytest

from borderlever.data.readers import cbp_drug_seizures as cs
from borderlever.errors import DataError

HEAD = (
    "FY,Month (abbv),Component,Region,Land Filter,{unit},Drug Type,Count of Event,Sum Qty (lbs)\n"
)


def write(path: Path, rows: list[str], unit: str = "Area of Responsibility") -> Path:
    path.write_text(HEAD.format(unit=unit) + "".join(r + "\n" for r in rows))
    return path


def test_components_drugs_and_months_are_mapped(tmp_path: Path) -> None:
    nat = write(
        tmp_path / "nationwide.csv",
        [
            "2023,OCT,Office of Field Operations,Southwest Border,Land Only,SAN DIEGO FIELD OFFICE,Fentanyl,3,120.5",
            "2026 (FYTD),DEC,U.S. Border Patrol,Southwest Border,Other,TUCSON SECTOR,Lsd,1,0.01",
        ],
    )
    amo = write(
        tmp_path / "amo.csv",
        [
            "2023,OCT,Air and Marine Operations,Coastal/Interior,Other,Miami Air And Marine Branch,Other Drugs**,1,2"
        ],
        unit="Branch",
    )
    out = cs.read_seizure_file(nat, amo=False)
    assert out["component"].tolist() == ["OFO", "USBP"]
    assert out["drug"].tolist() == ["Fentanyl", "LSD"]
    assert out["month"].dt.strftime("%Y-%m").tolist() == ["2022-10", "2025-12"]
    got = cs.read_seizure_file(amo, amo=True)
    assert got[["component", "area_of_responsibility", "drug"]].values.tolist() == [
        ["AMO", "Miami Air And Marine Branch", "Other Drugs"]
    ]
    table = cs.DRUG_SEIZURES.validate(out, source="t")
    assert table["lbs"].sum() == pytest.approx(120.51)


def test_amo_file_read_as_nationwide_misses_its_column(tmp_path: Path) -> None:
    amo = write(
        tmp_path / "amo.csv",
        ["2023,OCT,Air and Marine Operations,Coastal/Interior,Other,X,Cocaine,1,2"],
        unit="Branch",
    )
    with pytest.raises(DataError) as err:
        cs.read_seizure_file(amo, amo=False)
    assert err.value.column == "Area of Responsibility"


def test_unknown_drug_names_row(tmp_path: Path) -> None:
    path = write(
        tmp_path / "n.csv",
        [
            "2023,OCT,U.S. Border Patrol,Southwest Border,Other,TUCSON SECTOR,Cocaine,1,2",
            "2023,OCT,U.S. Border Patrol,Southwest Border,Other,TUCSON SECTOR,Fentanil,1,2",
        ],
    )
    with pytest.raises(DataError) as err:
        cs.read_seizure_file(path, amo=False)
    assert (err.value.row, err.value.column) == (2, "Drug Type")
    assert "Fentanyl" in (err.value.expected or "")


def test_non_numeric_and_negative_quantities(tmp_path: Path) -> None:
    row = "2023,OCT,U.S. Border Patrol,Southwest Border,Other,TUCSON SECTOR,Cocaine,1,{}"
    with pytest.raises(DataError) as err:
        cs.read_seizure_file(write(tmp_path / "a.csv", [row.format("1.5 lb")]), amo=False)
    assert (err.value.row, err.value.column, err.value.expected) == (1, "lbs", "a number")
    with pytest.raises(DataError, match="negative"):
        cs.read_seizure_file(write(tmp_path / "b.csv", [row.format("-3")]), amo=False)
