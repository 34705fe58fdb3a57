"""WIOD NA4 reader on a tiny 2-sector table the tests write: exact rebuild and bad labels."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from borderlever.data.readers import wiod_io
from borderlever.errors import DataError

SECTORS = ["c1", "c2"]
LABELS = [f"{r}_{s}" for r in wiod_io.REGIONS for s in SECTORS]
YCOLS = [f"{r}_{c}" for r in wiod_io.REGIONS for c in wiod_io.CATEGORIES]


def _write(root: Path, z: np.ndarray, y: np.ndarray, labels: list[str] = LABELS) -> Path:
    d = root / wiod_io.DIR
    d.mkdir(parents=True, exist_ok=True)
    (d / "wiod2013_sectors.csv").write_text(
        "code,isic_rev3,label\nc1,AtB,Agriculture\nc2,C,Mining\n"
    )

    def matrix(cols: list[str], m: np.ndarray) -> str:
        body = "\n".join(
            f"{lab}," + ",".join(f"{v:.1f}" for v in row)
            for lab, row in zip(labels, m, strict=True)
        )
        return "from\\to," + ",".join(cols) + "\n" + body + "\n"

    (d / "wiod2013_2011_NA4_Z.csv").write_text(matrix(LABELS, z))
    (d / "wiod2013_2011_NA4_Y.csv").write_text(matrix(YCOLS, y))
    x = z.sum(1) + y.sum(1)
    rows = [
        f"{lab},{lab[:3]},{lab[4:]},{x[i]:.1f},{z[:, i].sum():.1f},{x[i] - z[:, i].sum():.1f},0.0"
        for i, lab in enumerate(labels)
    ]
    head = "region_sector,region,sector,gross_output,intermediate_inputs,primary_inputs_residual,row_balance_residual"
    (d / "wiod2013_2011_NA4_x.csv").write_text(head + "\n" + "\n".join(rows) + "\n")
    return root


def test_long_tables_rebuild_the_matrices_exactly(tmp_path: Path) -> None:
    rng = np.random.default_rng(7)
    z = rng.integers(0, 1000, (8, 8)).astype(float)
    y = rng.integers(-5, 1000, (8, 20)).astype(float)
    out = wiod_io.read_wiod(_write(tmp_path, z, y))
    for schema in wiod_io.DATASET.tables:
        out[schema.name] = schema.validate(out[schema.name], source=schema.name)
    zl, yl = out["io_z"], out["io_final_demand"]
    z2 = np.zeros_like(z)
    z2[zl.supplier_idx, zl.user_idx] = zl.value_usd_m
    y2 = np.zeros_like(y)
    y2[yl.supplier_idx, yl.column_idx] = yl.value_usd_m
    np.testing.assert_array_equal(z2, z)
    np.testing.assert_array_equal(y2, y)
    assert (
        zl.loc[(zl.supplier == "MEX_c2") & (zl.user == "USA_c1"), "value_usd_m"].item() == z[3, 0]
    )
    assert yl.loc[yl.column_idx == 7, ["demand_region", "category"]].iloc[0].tolist() == [
        "MEX",
        "CONS_g",
    ]
    x = out["io_output"]
    assert x["idx"].tolist() == list(range(8))
    np.testing.assert_allclose(x.gross_output_usd_m, z.sum(1) + y.sum(1))


def test_rows_out_of_order(tmp_path: Path) -> None:
    labels = LABELS.copy()
    labels[0], labels[1] = labels[1], labels[0]
    root = _write(tmp_path, np.zeros((8, 8)), np.zeros((8, 20)), labels)
    with pytest.raises(DataError) as info:
        wiod_io.read_wiod(root)
    assert info.value.row == 1 and info.value.expected == "'USA_c1'"


def test_non_numeric_cell(tmp_path: Path) -> None:
    root = _write(tmp_path, np.zeros((8, 8)), np.zeros((8, 20)))
    path = root / wiod_io.DIR / "wiod2013_2011_NA4_Z.csv"
    lines = path.read_text().splitlines()
    lines[3] = lines[3].replace("0.0", "n/a", 1)
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(DataError) as info:
        wiod_io.read_wiod(root)
    assert (info.value.row, info.value.column) == (3, "USA_c1")
