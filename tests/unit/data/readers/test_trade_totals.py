"""Trade totals reader on tiny files the tests write."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from borderlever.data.readers import trade_totals as tt
from borderlever.errors import DataError

MODE_HEAD = "Year,Country,Mode,TradeType,TradeValue,Weight,WeightLb"
HS2_HEAD = "Year,Country,HSCode,Commodity,CommodityGroup,Mode,TradeType,TradeValue,Weight,WeightLb"


def _write(root: Path, mode_lines: list[str], hs2_lines: list[str] | None = None) -> Path:
    (root / "trade_totals").mkdir(parents=True, exist_ok=True)
    (root / tt.BY_MODE_FILE).write_text("\n".join([MODE_HEAD, *mode_lines]) + "\n")
    hs2 = hs2_lines or ['2023,Mexico,87,Vehicles,"Transportation",Truck,Import,5.0,2.0,4.4']
    (root / tt.BY_HS2_FILE).write_bytes(
        gzip.compress(("\n".join([HS2_HEAD, *hs2]) + "\n").encode())
    )
    return root


def test_maps_labels(tmp_path: Path) -> None:
    root = _write(
        tmp_path,
        [
            "2023,Mexico,Truck,Export,10.0,,",
            "2023,Canada,Foreign Trade Zones (FTZs),Import,3.0,1.5,3.3",
        ],
    )
    out = tt.read_trade_totals(root)
    mode = tt.BY_MODE.validate(out["us_trade_by_mode"], source="t")
    assert mode[["country", "mode", "direction"]].values.tolist() == [
        ["MEX", "truck", "export"],
        ["CAN", "ftz", "import"],
    ]
    assert mode["weight_short_tons"].isna().tolist() == [True, False]
    hs2 = tt.BY_HS2.validate(out["us_trade_by_hs2"], source="t")
    assert hs2[["hs2", "commodity_group"]].iloc[0].tolist() == ["87", "Transportation"]


@pytest.mark.parametrize(
    ("line", "column"),
    [
        ("2023,Mexico,Sled,Export,1.0,,", "mode"),
        ("2023,Mexico,Truck,Exported,1.0,,", "direction"),
        ("2023,Cuba,Truck,Export,1.0,,", "country"),
        ("2023,Mexico,Truck,Export,lots,,", "value_usd"),
    ],
)
def test_bad_input(tmp_path: Path, line: str, column: str) -> None:
    root = _write(tmp_path, ["2023,Mexico,Truck,Export,10.0,,", line])
    with pytest.raises(DataError) as info:
        tt.read_trade_totals(root)
    assert (info.value.row, info.value.column) == (2, column)


def test_bad_hs_chapter(tmp_path: Path) -> None:
    root = _write(
        tmp_path, ["2023,Mexico,Truck,Export,10.0,,"], ["2023,Mexico,8,V,G,Truck,Import,5.0,,"]
    )
    with pytest.raises(DataError) as info:
        tt.read_trade_totals(root)
    assert (info.value.row, info.value.column) == (1, "HSCode")
