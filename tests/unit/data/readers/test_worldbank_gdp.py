"""World Bank GDP reader on tiny files the tests write."""

from __future__ import annotations

from pathlib import Path

import pytest

from borderlever.data.readers.worldbank_gdp import DATASET, FILE_PATTERN, read_gdp
from borderlever.errors import DataError

HEADER = "Country Name,Country Code,Year,Value"


def _write(root: Path, lines: list[str]) -> Path:
    path = root / FILE_PATTERN
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n")
    return root


def test_reads_and_validates(tmp_path: Path) -> None:
    root = _write(
        tmp_path, [HEADER, '"Bahamas, The",BHS,1960,169803921.5', "Mexico,MEX,2023,1.8e12"]
    )
    frame = DATASET.tables[0].validate(read_gdp(root)["worldbank_gdp"], source="t")
    assert frame["country_iso3"].tolist() == ["BHS", "MEX"]
    assert frame["country_name"].iloc[0] == "Bahamas, The"
    assert frame["gdp_usd"].iloc[1] == 1.8e12
    assert frame["year"].tolist() == [1960, 2023]


@pytest.mark.parametrize(
    ("lines", "row", "column"),
    [
        ([HEADER.replace("Value", "GDP"), "Mexico,MEX,2023,1"], None, "Value"),
        ([HEADER, "Mexico,MEX,2023,1", "Canada,CAN,2023,big"], 2, "gdp_usd"),
        ([HEADER, "Mexico,MEX,20x3,1"], 1, "year"),
        ([HEADER, "Mexico,MEX,2023,1", "Mexico,MEX,2023,2"], 1, "Country Code"),
        ([HEADER, "Mexico,MX,2023,1"], 1, "country_iso3"),
        ([HEADER, "Mexico,MEX,2023,-5"], 1, "gdp_usd"),
        ([HEADER, "Mexico,MEX,2023,"], 1, "gdp_usd"),
    ],
)
def test_bad_input_names_row_and_column(
    tmp_path: Path, lines: list[str], row: int | None, column: str
) -> None:
    with pytest.raises(DataError) as info:
        read_gdp(_write(tmp_path, lines))
    assert (info.value.row, info.value.column) == (row, column)
    assert info.value.file is not None and info.value.file.endswith("gdp_worldbank_current_usd.csv")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="not found"):
        read_gdp(tmp_path)
