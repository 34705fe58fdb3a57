"""TransBorder reader on tiny raw trees the tests write: reconciliation, mapping, and bad input."""

from __future__ import annotations

import gzip
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from borderlever.data.readers.transborder_freight import DATASET, read_transborder
from borderlever.errors import DataError

DOT3_M = (
    "TRDTYPE,DEPE,COMMODITY2,DISAGMOT,COUNTRY,VALUE,SHIPWT,FREIGHT_CHARGES,DF,CONTCODE,MONTH,YEAR"
)
DOT3_A = "TRDTYPE,DEPE,COMMODITY2,DISAGMOT,COUNTRY,DF,CONTCODE,YEAR,VALUE,SHIPWT,FREIGHT_CHARGES"
DOT1_M = (
    "TRDTYPE,USASTATE,DEPE,DISAGMOT,MEXSTATE,CANPROV,COUNTRY,VALUE,SHIPWT,FREIGHT_CHARGES,DF,"
    "CONTCODE,MONTH,YEAR"
)
LOOKUPS = {
    "trade_type_codes.json": {"1": "Export", "2": "Import"},
    "schedule_d_port_codes.json": {
        "0101": {"port": "Portland", "district": "Portland, ME", "state": "ME"},
        "2304": {"port": "Laredo", "district": "Laredo, TX", "state": "TX"},
        "23XX": {"port": "Laredo Customs District n.e.c.", "district": "Laredo, TX", "state": "TX"},
    },
    "commodity_codes.json": {"84": "Machinery", "87": "Vehicles"},
    "mode_codes.json": {"1": "Vessel", "5": "Truck", "6": "Rail"},
    "country_codes.json": {"1220": "Canada", "2010": "Mexico"},
    "state_codes.json": {"TX": "Texas", "MI": "Michigan"},
    "mexican_state_codes.json": {"NL": "Nuevo Leon", "XX": "Unknown"},
    "canadian_province_codes.json": {"XO": "Ontario"},
}


def _gz(path: Path, lines: list[str]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode()))
    return path


def _tree(
    root: Path, dot3_monthly: dict[str, list[str]], dot3_annual: dict[str, list[str]]
) -> Path:
    base = root / "transborder_freight"
    (base / "lookups").mkdir(parents=True)
    for name, data in LOOKUPS.items():
        (base / "lookups" / name).write_text(json.dumps(data))
    for mmyy, rows in dot3_monthly.items():
        _gz(base / "raw" / "dot3_monthly" / f"dot3_{mmyy}.csv.gz", [DOT3_M, *rows])
    for year, rows in dot3_annual.items():
        _gz(base / "raw" / "dot3_annual" / f"dot3_{year}.csv.gz", [DOT3_A, *rows])
    _gz(
        base / "raw" / "dot1_monthly" / "dot1_0123.csv.gz",
        [
            DOT1_M,
            "1,TX,2304,5,NL,,2010,100,0,0,1,0,01,2023",
            "1,TX,2304,5,XX,,2010,50,0,0,2,1,01,2023",
            "2,MI,2304,6,,,2010,70,9,3,,0,01,2023",
        ],
    )
    return root


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    monthly = {
        "0123": [
            "1,2304,87,5,2010,100,0,5,1,0,01,2023",
            "1,2304,87,5,2010,40,0,2,2,1,01,2023",
            "2,2304,87,5,2010,300,900,11,,0,01,2023",
            "1,0101,84,1,1220,7,3,1,1,X,01,2023",
        ],
        "0223": ["2,2304,84,6,2010,60,500,4,,1,02,2023"],
        "0122": ["2,2304,87,5,2010,999,0,0,,0,01,2022"],
    }
    annual = {"2022": ["2,2304,87,5,2010,,0,2022,12000,40,7"]}
    return _tree(tmp_path, monthly, annual)


def test_years_reconcile_annual_and_monthly(tree: Path) -> None:
    year = read_transborder(tree)["transborder_port_year"]
    by_year = year.groupby(["year", "months_covered", "basis"])["value_usd"].sum().to_dict()
    # 2022: the annual file wins over its lone monthly file; 2023: two months summed.
    assert by_year == {(2022, 12, "annual_file"): 12000.0, (2023, 2, "monthly_sum"): 507.0}


def test_codes_map_to_our_names(tree: Path) -> None:
    year = read_transborder(tree)["transborder_port_year"]
    row = year[(year.year == 2023) & (year.direction == "export") & (year.hs2 == "87")].iloc[0]
    assert (row.country, row.port_code, row["mode"]) == ("MEX", "2304", "truck")
    assert row.value_usd == 140.0
    assert row.containerized_value_usd == 40.0
    assert row.foreign_origin_value_usd == 40.0
    # Truck exports: weight not collected; exports to Mexico: freight charges not collected.
    assert row.isna()[["shipwt_kg", "freight_charges_usd"]].all()
    canada = year[year.port_code == "0101"].iloc[0]
    assert canada.country == "CAN" and canada["mode"] == "vessel"
    assert canada.shipwt_kg == 3.0 and canada.freight_charges_usd == 1.0
    assert canada.isna()["containerized_value_usd"]  # CONTCODE X = not reported


def test_month_table_and_state_tables(tree: Path) -> None:
    out = read_transborder(tree)
    month = out["transborder_port_month"]
    assert sorted(month["month"].astype(str).str[:10].unique()) == [
        "2022-01-01",
        "2023-01-01",
        "2023-02-01",
    ]
    state = out["transborder_state_port_year"]
    tx = state[(state.us_state == "TX") & (state.direction == "export")]
    assert tx["value_usd"].tolist() == [150.0]  # summed over the Mexican states NL and XX
    full = out["transborder_dot1_year"]
    assert set(full["partner_region"].dropna()) == {"NL", "XX"}
    assert out["transborder_ports"].set_index("port_code").loc["23XX", "district_nec"]


def test_frames_pass_their_declared_schemas(tree: Path) -> None:
    out = read_transborder(tree)
    for schema in DATASET.tables:
        checked = schema.validate(out[schema.name], source=schema.name)
        assert list(checked.columns) == schema.column_names


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(values=st.lists(st.integers(0, 10**12), min_size=1, max_size=12))
def test_monthly_values_are_conserved(tmp_path: Path, values: list[int]) -> None:
    """Whatever the rows, the month table and the year table keep every dollar."""
    monthly: dict[str, list[str]] = {}
    for i, v in enumerate(values):
        m = i % 3 + 1
        monthly.setdefault(f"{m:02d}23", []).append(
            f"{i % 2 + 1},2304,{84 + i % 2 * 3},{(5, 6, 1)[i % 3]},2010,{v},0,0,,0,{m:02d},2023"
        )
    root = _tree(Path(tempfile.mkdtemp(dir=tmp_path)), monthly, {})
    out = read_transborder(root)
    assert out["transborder_port_month"]["value_usd"].sum() == sum(values)
    year = out["transborder_port_year"]
    assert year["value_usd"].sum() == sum(values)
    assert set(year["months_covered"]) == {len(monthly)}


# ---- bad input: one DataError naming file, row, column and what was expected -------------------


def _one_month(tmp_path: Path, header: str, rows: list[str]) -> Path:
    root = _tree(tmp_path, {"0123": ["1,2304,87,5,2010,1,0,0,1,0,01,2023"]}, {})
    _gz(root / "transborder_freight/raw/dot3_monthly/dot3_0223.csv.gz", [header, *rows])
    return root


def test_renamed_column(tmp_path: Path) -> None:
    root = _one_month(
        tmp_path, DOT3_M.replace("VALUE", "VAL"), ["1,2304,87,5,2010,1,0,0,1,0,02,2023"]
    )
    with pytest.raises(DataError) as info:
        read_transborder(root)
    assert info.value.column == "VALUE"
    assert "found 'VAL' instead?" in str(info.value)
    assert info.value.file is not None and info.value.file.endswith("dot3_0223.csv.gz")


def test_non_numeric_value(tmp_path: Path) -> None:
    rows = ["1,2304,87,5,2010,1,0,0,1,0,02,2023", "1,2304,87,5,2010,12x,0,0,1,0,02,2023"]
    with pytest.raises(DataError) as info:
        read_transborder(_one_month(tmp_path, DOT3_M, rows))
    assert (info.value.row, info.value.column) == (2, "VALUE")
    assert "12x" in str(info.value)


def test_unknown_port_code(tmp_path: Path) -> None:
    rows = ["1,2304,87,5,2010,1,0,0,1,0,02,2023", "1,2399,87,5,2010,1,0,0,1,0,02,2023"]
    with pytest.raises(DataError) as info:
        read_transborder(_one_month(tmp_path, DOT3_M, rows))
    assert (info.value.row, info.value.column) == (2, "DEPE")
    assert "2399" in str(info.value) and "2304" in (info.value.expected or "")


def test_unknown_mode_code(tmp_path: Path) -> None:
    rows = ["1,2304,87,2,2010,1,0,0,1,0,02,2023"]
    with pytest.raises(DataError) as info:
        read_transborder(_one_month(tmp_path, DOT3_M, rows))
    assert (info.value.row, info.value.column) == (1, "DISAGMOT")


def test_month_out_of_range(tmp_path: Path) -> None:
    rows = ["1,2304,87,5,2010,1,0,0,1,0,13,2023"]
    with pytest.raises(DataError) as info:
        read_transborder(_one_month(tmp_path, DOT3_M, rows))
    assert (info.value.row, info.value.column) == (1, "MONTH")


def test_truncated_gz(tmp_path: Path) -> None:
    root = _one_month(tmp_path, DOT3_M, [])
    path = root / "transborder_freight/raw/dot3_monthly/dot3_0223.csv.gz"
    body = [DOT3_M] + [f"1,2304,87,5,2010,{i},0,0,1,0,02,2023" for i in range(20000)]
    blob = gzip.compress(("\n".join(body) + "\n").encode())
    path.write_bytes(blob[: len(blob) // 2])
    with pytest.raises(DataError) as info:
        read_transborder(root)
    assert info.value.file == str(path)
    assert "truncated" in str(info.value)


@pytest.mark.parametrize(
    "content",
    [b"", gzip.compress(b"", mtime=0), gzip.compress(DOT3_M.encode() + b"\n", mtime=0)],
    ids=["zero-bytes", "empty-gzip", "header-only"],
)
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    root = _one_month(tmp_path, DOT3_M, [])
    path = root / "transborder_freight/raw/dot3_monthly/dot3_0223.csv.gz"
    path.write_bytes(content)
    with pytest.raises(DataError) as info:
        read_transborder(root)
    assert info.value.file == str(path)


def test_broken_lookup(tmp_path: Path) -> None:
    root = _one_month(tmp_path, DOT3_M, ["1,2304,87,5,2010,1,0,0,1,0,02,2023"])
    (root / "transborder_freight/lookups/mode_codes.json").write_text('{"5": "Truck", "2": "Sled"}')
    with pytest.raises(DataError) as info:
        read_transborder(root)
    assert "mode_codes.json" in (info.value.file or "")


def test_no_table1_files_gives_empty_state_tables(tree: Path) -> None:
    (tree / "transborder_freight/raw/dot1_monthly/dot1_0123.csv.gz").unlink()
    out = read_transborder(tree)
    for name in ("transborder_dot1_year", "transborder_state_port_year"):
        assert out[name].empty
        DATASET.table(name).validate(out[name], source=name)
    assert out["transborder_port_year"]["value_usd"].sum() == 12507.0
