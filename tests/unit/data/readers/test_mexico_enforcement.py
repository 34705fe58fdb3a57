"""Mexico enforcement reader on tiny workbooks the tests write."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from borderlever.data.readers import mexico_enforcement as me
from borderlever.errors import DataError


def write(path: Path, rows: list[list[object]], sheet: str = "Hoja1") -> Path:
    book = openpyxl.Workbook()
    book.active.title = sheet
    for r in rows:
        book.active.append(r)
    book.save(path)
    return path


HEAD = ["entidad", "ano", "jul", "ago"]


def test_wide_to_long_with_state_codes(tmp_path: Path) -> None:
    path = write(
        tmp_path / "g.xlsx", [HEAD, ["Chiapas", 2019, 2424, 2500], ["México", 2019, 10, None]]
    )
    out = me.read_state_month_workbook(path, "guardia_nacional_personnel", ("Hoja1",))
    assert out["state_code"].tolist() == ["07", "15", "07"]  # blank cell dropped
    assert out["state"].tolist() == ["Chiapas", "Estado de México", "Chiapas"]
    assert out["month"].dt.strftime("%Y-%m").tolist() == ["2019-07", "2019-07", "2019-08"]
    me.MEXICO_ENFORCEMENT_STATE.validate(out, source="t")


def test_missing_sheet(tmp_path: Path) -> None:
    path = write(tmp_path / "e.xlsx", [HEAD, ["Chiapas", 2019, 1, 2]], sheet="Cuadro 3.2")
    with pytest.raises(DataError) as err:
        me.read_state_month_workbook(path, "upm_detention_events", ("Cuadro 3.1",))
    assert err.value.file == str(path) and "Cuadro 3.1" in (err.value.expected or "")


def test_unknown_state_and_month_and_text_value(tmp_path: Path) -> None:
    bad_state = write(tmp_path / "a.xlsx", [HEAD, ["Chiapas", 2019, 1, 2], ["Texas", 2019, 1, 2]])
    with pytest.raises(DataError) as err:
        me.read_state_month_workbook(bad_state, "x", ("Hoja1",))
    assert (err.value.row, err.value.column) == (2, "entidad")
    bad_month = write(tmp_path / "b.xlsx", [["entidad", "ano", "july"], ["Chiapas", 2019, 1]])
    with pytest.raises(DataError) as err:
        me.read_state_month_workbook(bad_month, "x", ("Hoja1",))
    assert err.value.column == "july"
    text = write(tmp_path / "c.xlsx", [HEAD, ["Chiapas", 2019, "mil", 2]])
    with pytest.raises(DataError) as err:
        me.read_state_month_workbook(text, "x", ("Hoja1",))
    assert (err.value.row, err.value.column) == (1, "jul")
