"""CBP encounter readers: parsing tiny files the tests write, bad input, and the precedence rules."""

from __future__ import annotations

import gzip
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from borderlever.data.readers import cbp_encounters as ce
from borderlever.data.readers._cbp_encounter_files import (
    LEGACY_REGIONS,
    LEGACY_SECTORS,
    OHSS_SHEETS,
    read_ohss_workbook,
    read_sbo,
    read_usbp_legacy,
)
from borderlever.errors import DataError

SBO_HEADER = (
    "Fiscal Year,Month Grouping,Month (abbv),Component,Demographic,Citizenship Grouping,"
    "Title of Authority,Encounter Type,Encounter Count\n"
)


def write_sbo(path: Path, rows: list[str], header: str = SBO_HEADER) -> Path:
    path.write_text(header + "".join(r + "\n" for r in rows))
    return path


def write_legacy(path: Path, sw_sectors: list[int], fy: int = 2019, month: int = 5) -> Path:
    """One month of the pipe-delimited legacy table; all non-SW sectors zero."""
    values = dict.fromkeys(LEGACY_SECTORS, 0)
    for col, v in zip(["big_bend", "del_rio", "el_centro"], sw_sectors, strict=False):
        values[col] = v
    regions = dict.fromkeys(LEGACY_REGIONS, 0)
    regions["southwest_border"] = sum(sw_sectors)
    cy = fy - 1 if month >= 10 else fy
    row = {
        "month": month,
        **values,
        **regions,
        "monthly_total": sum(sw_sectors),
        "fy": fy,
        "cy": cy,
    }
    text = "|".join(row) + "\n" + "|".join(str(v) for v in row.values()) + "\n"
    with gzip.open(path, "wt") as fh:
        fh.write(text)
    return path


def write_ohss(
    path: Path, component: str = "USBP", *, drop: str | None = None, qty: object = 90
) -> Path:
    """A tiny OHSS workbook with the three sheets the reader uses (one month: May 2019)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    count, region, sector = OHSS_SHEETS[component]
    dim = "Sector" if component == "USBP" else "Field Office"
    sheets = {
        count: [("Fiscal\nYear", "Month", "Quantity"), (2019, "08 May", qty)],
        region: [
            ("Fiscal\nYear", "Month", "Region", "Quantity"),
            (2019, "08 May", "Southwest Land Border", qty),
        ],
        sector: [
            ("Fiscal\nYear", "Month", "Region", dim, "Quantity"),
            (2019, "08 May", "Southwest Land Border", "El Paso, TX", 40),
            (2019, "08 May", "Southwest Land Border", "Laredo, TX", 50),
        ],
    }
    if component == "OFO":
        sheets[sector] = [
            ("Fiscal\nYear", "Month", "Region", "Enforcement/Administrative", dim, "Quantity"),
            (2019, "08 May", "Southwest Land Border", "Enforcement", "El Paso, TX", 30),
            (2019, "08 May", "Southwest Land Border", "Administrative", "El Paso, TX", 10),
        ]
    for name, rows in sheets.items():
        if name == drop:
            continue
        ws = book.create_sheet(name)
        for r in rows:
            ws.append(list(r))
    book.save(path)
    return path


# --- parsing -----------------------------------------------------------------------------------


def test_read_sbo_maps_components_and_fiscal_months(tmp_path: Path) -> None:
    path = write_sbo(
        tmp_path / "sbo.csv",
        [
            "2019,FYTD,OCT,U.S. Border Patrol,Single Adults,Mexico,Title 8,Apprehensions,10",
            "2025 (FYTD),FYTD,MAY,Office of Field Operations,FMUA,Other,Title 42,Expulsions,3",
        ],
    )
    out = read_sbo(path)
    assert out["month"].dt.strftime("%Y-%m").tolist() == ["2018-10", "2025-05"]
    assert out["component"].tolist() == ["USBP", "OFO"]
    assert out["fiscal_year"].tolist() == [2019, 2025]
    assert out["source"].unique().tolist() == ["sbo.csv"]


def test_read_usbp_legacy_long_rows_add_up(tmp_path: Path) -> None:
    out = read_usbp_legacy(write_legacy(tmp_path / "legacy.csv.gz", [5, 7, 11]))
    sw = out[out["region"] == "Southwest Land Border"]
    total = sw.loc[sw["sector"] == "All", "count"].item()
    assert total == 23 == sw.loc[sw["sector"] != "All", "count"].sum()
    assert out["month"].unique().tolist() == [pd.Timestamp("2019-05-01")]


def test_read_ohss_ofo_sums_enforcement_and_administrative(tmp_path: Path) -> None:
    out = read_ohss_workbook(write_ohss(tmp_path / "ofo.xlsx", "OFO"), "OFO")
    el_paso = out[out["sector"] == "El Paso, TX"]
    assert el_paso["count"].tolist() == [40]
    assert set(out["component"]) == {"OFO"}
    assert out["source"].str.endswith("!Monthly Rgn EnfAdm FldOff").any()


# --- bad input ---------------------------------------------------------------------------------


def test_workbook_without_expected_sheet_names_file_and_sheet(tmp_path: Path) -> None:
    path = write_ohss(tmp_path / "usbp.xlsx", drop="Monthly Region")
    with pytest.raises(DataError) as err:
        read_ohss_workbook(path, "USBP")
    assert err.value.file == str(path)
    assert "Monthly Region" in (err.value.expected or "")


def test_renamed_column_is_named_with_a_hint(tmp_path: Path) -> None:
    header = SBO_HEADER.replace("Encounter Count", "Encounter Cnt")
    path = write_sbo(
        tmp_path / "sbo.csv", ["2019,FYTD,OCT,U.S. Border Patrol,A,B,Title 8,X,1"], header
    )
    with pytest.raises(DataError) as err:
        read_sbo(path)
    assert err.value.file == str(path)
    assert err.value.column == "Encounter Count"
    assert "Encounter Cnt" in err.value.message


def test_non_numeric_count_names_row_and_column(tmp_path: Path) -> None:
    rows = [
        "2019,FYTD,OCT,U.S. Border Patrol,A,B,Title 8,X,1",
        "2019,FYTD,NOV,U.S. Border Patrol,A,B,Title 8,X,12a",
    ]
    path = write_sbo(tmp_path / "sbo.csv", rows)
    with pytest.raises(DataError) as err:
        read_sbo(path)
    assert (err.value.file, err.value.row, err.value.column) == (str(path), 2, "count")
    assert err.value.expected == "a number"


def test_non_numeric_ohss_quantity_names_sheet_row_column(tmp_path: Path) -> None:
    path = write_ohss(tmp_path / "usbp.xlsx", qty="n/a")
    with pytest.raises(DataError) as err:
        read_ohss_workbook(path, "USBP")
    assert err.value.file == f"{path}!Monthly Count"
    assert (err.value.row, err.value.column) == (1, "Quantity")


def test_bad_fiscal_month_label_is_rejected(tmp_path: Path) -> None:
    path = write_sbo(tmp_path / "sbo.csv", ["2019,FYTD,MAYO,U.S. Border Patrol,A,B,Title 8,X,1"])
    with pytest.raises(DataError) as err:
        read_sbo(path)
    assert (err.value.row, err.value.column) == (1, "Month (abbv)")


def test_unknown_component_is_rejected(tmp_path: Path) -> None:
    path = write_sbo(tmp_path / "sbo.csv", ["2019,FYTD,MAY,Coast Guard,A,B,Title 8,X,1"])
    with pytest.raises(DataError, match="unknown component 'Coast Guard'"):
        read_sbo(path)


def test_empty_file_is_a_data_error(tmp_path: Path) -> None:
    path = tmp_path / "sbo.csv"
    path.write_text("")
    with pytest.raises(DataError) as err:
        read_sbo(path)
    assert err.value.file == str(path)
    assert "empty" in err.value.message


def test_truncated_gzip_is_a_data_error(tmp_path: Path) -> None:
    good = write_legacy(tmp_path / "good.csv.gz", [5, 7, 11])
    cut = tmp_path / "cut.csv.gz"
    cut.write_bytes(good.read_bytes()[:-12])
    with pytest.raises(DataError) as err:
        read_usbp_legacy(cut)
    assert err.value.file == str(cut)
    assert "complete" in (err.value.expected or "")


def test_legacy_sectors_not_adding_up_are_rejected(tmp_path: Path) -> None:
    path = write_legacy(tmp_path / "legacy.csv.gz", [5, 7, 11])
    text = gzip.decompress(path.read_bytes()).decode().replace("|23|", "|24|", 1)
    path.write_bytes(gzip.compress(text.encode()))
    with pytest.raises(DataError) as err:
        read_usbp_legacy(path)
    assert (err.value.row, err.value.column) == (1, "southwest_border")


# --- precedence --------------------------------------------------------------------------------


def _rows(months: list[str], component: str, region: str, sector: str, count: int, source: str):
    return pd.DataFrame(
        {
            "month": pd.to_datetime(months),
            "fiscal_year": 2019,
            "component": component,
            "region": region,
            "sector": sector,
            "count": count,
            "source": source,
        }
    )


SWB = "Southwest Land Border"


def test_precedence_sbo_then_legacy_then_ohss() -> None:
    legacy = pd.concat(
        [
            _rows(["2018-09-01", "2018-10-01"], "USBP", SWB, "All", 100, "legacy"),
            _rows(["2018-09-01", "2018-10-01"], "USBP", SWB, "El Paso, TX", 100, "legacy"),
        ]
    ).drop(columns="component")
    ohss = pd.concat(
        [
            _rows(["2018-09-01", "2018-10-01", "2020-10-01"], "USBP", SWB, "All", 110, "o.xlsx!R"),
            _rows(["2020-10-01"], "USBP", SWB, "Yuma, AZ", 110, "o.xlsx!S"),
            _rows(["2018-09-01"], "USBP", "Northern Land Border", "Livermore, CA", 5, "o.xlsx!S"),
        ]
    )
    early = _rows(["2018-10-01", "2021-10-01"], "USBP", SWB, "x", 1, "early.csv")
    late = _rows(["2021-10-01", "2021-11-01"], "USBP", SWB, "x", 2, "late.csv")
    out = ce.canonical_encounters(legacy, ohss, [early, late]).set_index(["month", "sector"])
    src = out["source"]
    assert src[(pd.Timestamp("2018-09-01"), "All")] == "legacy"
    assert src[(pd.Timestamp("2018-10-01"), "All")] == "early.csv"
    assert src[(pd.Timestamp("2021-10-01"), "All")] == "late.csv"  # later release wins
    assert src[(pd.Timestamp("2020-10-01"), "All")] == "o.xlsx!R"
    assert src[(pd.Timestamp("2020-10-01"), "Yuma, AZ")] == "o.xlsx!S"
    # Sector rows of a month come from one file only: OHSS's Livermore row is not added to legacy's.
    assert (pd.Timestamp("2018-09-01"), "Livermore, CA") not in out.index
    assert out.loc[(pd.Timestamp("2020-10-01"), "All"), "rounded_10"]
    assert not out.loc[(pd.Timestamp("2018-09-01"), "All"), "rounded_10"]


months_st = st.lists(st.integers(0, 30), unique=True, max_size=12)


@settings(max_examples=25, deadline=None)
@given(legacy_m=months_st, ohss_m=months_st, early_m=months_st, late_m=months_st)
def test_canonical_has_one_row_per_key(legacy_m, ohss_m, early_m, late_m) -> None:
    """Whatever the overlap of the files, each (month, component, region, sector) appears once."""

    def dates(ix: list[int]) -> list[str]:
        return [str(pd.Timestamp("2018-01-01") + pd.DateOffset(months=i))[:10] for i in ix]

    legacy = pd.concat(
        [
            _rows(dates(legacy_m), "USBP", SWB, "All", 1, "legacy"),
            _rows(dates(legacy_m), "USBP", SWB, "Yuma, AZ", 1, "legacy"),
        ]
    ).drop(columns="component")
    ohss = pd.concat(
        [
            _rows(dates(ohss_m), c, SWB, s, 1, "o!x")
            for c in ("USBP", "OFO")
            for s in ("All", "Yuma, AZ")
        ]
    )
    sbo = [
        pd.concat([_rows(dates(m), c, SWB, "d", 1, name) for c in ("USBP", "OFO")])
        for m, name in ((early_m, "early"), (late_m, "late"))
    ]
    out = ce.canonical_encounters(legacy, ohss, [f for f in sbo if len(f)])
    assert not out.duplicated(["month", "component", "region", "sector"]).any()
    expected_total_months = len(set(legacy_m) | set(ohss_m) | set(early_m) | set(late_m))
    assert (
        (out[(out.component == "USBP") & (out.sector == "All")]).shape[0] == expected_total_months
    )
    # A month an SBO release covers takes its SW total from SBO; where both releases cover it,
    # from the one whose coverage ends later (the first given on a tie).
    totals = out[out.sector == "All"].set_index(["month", "component"])["source"]
    late_first = bool(late_m) and (not early_m or max(late_m) > max(early_m))
    for i in set(early_m) | set(late_m):
        both = i in early_m and i in late_m
        want = ("late" if late_first else "early") if both else ("late" if i in late_m else "early")
        assert totals[(pd.Timestamp(dates([i])[0]), "USBP")] == want


def test_southwest_border_view_sums_components() -> None:
    frame = pd.concat(
        [
            _rows(["2019-05-01"], "USBP", SWB, "All", 132856, "sbo.csv"),
            _rows(["2019-05-01"], "OFO", SWB, "All", 11260, "sbo.csv"),
            _rows(["2019-05-01"], "USBP", SWB, "El Paso, TX", 99999, "legacy"),
        ]
    ).assign(rounded_10=False)
    table = ce.ENCOUNTERS_CANONICAL.validate(frame, source="test")
    con = duckdb.connect()
    con.execute(ce.ENCOUNTERS_CANONICAL.ddl())
    con.register("frame", table)
    con.execute("INSERT INTO encounters_canonical SELECT * FROM frame")
    for name, sql in ce.VIEWS.items():
        con.execute(f'CREATE VIEW "{name}" AS {sql}')
    got = con.execute("SELECT usbp, ofo, total FROM southwest_border_encounters").fetchall()
    assert got == [(132856, 11260, 144116)]
