"""WIOD 2013 release, world input-output table 2011, aggregated to USA / MEX / CAN / ROW x 35 sectors.

Reads the derived NA4 CSVs in ``io_tables/wiod2013/derived/`` (made from ``wiot_2011.RData`` by
summing the other 37 countries and RoW into ROW; see that folder's PROVENANCE.md) and writes them
in long form, with 0-based positions so the matrices rebuild exactly:

- ``io_sectors(sector, isic_rev3, label)``: the 35 industries c1..c35;
- ``io_output(idx, region_sector, region, sector, gross_output_usd_m, ...)``: one row per
  region-sector, ``idx`` = its row/column position in Z and Y (0..139);
- ``io_z(supplier_idx, user_idx, supplier, user, value_usd_m)``: the 140 x 140 intermediate flows
  (row = supplier, column = user), every cell including zeros;
- ``io_final_demand(supplier_idx, column_idx, supplier, demand_region, category, value_usd_m)``: the
  140 x 20 final demand (4 regions x 5 categories CONS_h, CONS_np, CONS_g, GFCF, INVEN).

Values are millions of current US dollars at basic prices, year 2011.  Gross output
``x = Z 1 + Y 1 + row_balance_residual`` (the residual is rounding in the source, at most 0.25 %
of a row's output).

References
----------
Timmer, M. P., Dietzenbacher, E., Los, B., Stehrer, R. and de Vries, G. J. (2015), "An Illustrated
User Guide to the World Input-Output Database: the Case of Global Automotive Production", Review of
International Economics 23: 575-605.  Data: http://www.wiod.org/ (2013 release); R package ``wiod``
(B. Quast, O. Reiter), GitHub bquast/wiod.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from borderlever.data.readers import _io
from borderlever.data.registry import Dataset, Source
from borderlever.data.schema import Column, TableSchema
from borderlever.errors import DataError

DIR = "io_tables/wiod2013/derived"
FILES = {
    "sectors": f"{DIR}/wiod2013_sectors.csv",
    "z": f"{DIR}/wiod2013_2011_NA4_Z.csv",
    "y": f"{DIR}/wiod2013_2011_NA4_Y.csv",
    "x": f"{DIR}/wiod2013_2011_NA4_x.csv",
}
#: Regions in the order of the derived tables' rows and columns.
REGIONS = ("USA", "MEX", "CAN", "ROW")
#: WIOD 2013 final-demand categories, in column order within each region.
CATEGORIES = ("CONS_h", "CONS_np", "CONS_g", "GFCF", "INVEN")
_ROW_LABEL = "from\\to"

_USD_M = "USD million (current, basic prices, 2011)"
_IDX = "0-based position of the region-sector in the 140 rows/columns of Z (region-major)"

SECTORS = TableSchema(
    "io_sectors",
    "WIOD 2013 industries c1..c35 with ISIC Rev.3 codes",
    (
        Column("sector", "VARCHAR", "-", "WIOD industry code c1..c35"),
        Column("isic_rev3", "VARCHAR", "-", "ISIC Rev.3 code(s) the industry covers"),
        Column("label", "VARCHAR", "-", "industry name"),
    ),
    primary_key=("sector",),
)
OUTPUT = TableSchema(
    "io_output",
    "WIOD 2011 NA4: gross output and input totals per region-sector",
    (
        Column("idx", "INTEGER", "-", _IDX),
        Column("region_sector", "VARCHAR", "-", "'REGION_cN' label (USA_c14)"),
        Column("region", "VARCHAR", "-", "USA, MEX, CAN or ROW (37 other WIOD countries + RoW)"),
        Column("sector", "VARCHAR", "-", "WIOD industry c1..c35"),
        Column("gross_output_usd_m", "DOUBLE", _USD_M, "gross output x"),
        Column("intermediate_inputs_usd_m", "DOUBLE", _USD_M, "column sum of Z"),
        Column(
            "primary_inputs_residual_usd_m",
            "DOUBLE",
            _USD_M,
            "x minus intermediate inputs: value added, net product taxes, margins",
        ),
        Column(
            "row_balance_residual_usd_m",
            "DOUBLE",
            _USD_M,
            "x minus row sums of Z and Y (rounding in the source)",
        ),
    ),
    primary_key=("idx",),
)
Z = TableSchema(
    "io_z",
    "WIOD 2011 NA4 intermediate flows Z, long form (every cell of the 140 x 140 matrix)",
    (
        Column("supplier_idx", "INTEGER", "-", "row position in Z: " + _IDX),
        Column("user_idx", "INTEGER", "-", "column position in Z: " + _IDX),
        Column("supplier", "VARCHAR", "-", "supplying region-sector (row label)"),
        Column("user", "VARCHAR", "-", "using region-sector (column label)"),
        Column("value_usd_m", "DOUBLE", _USD_M, "intermediate flow from supplier to user"),
    ),
    primary_key=("supplier_idx", "user_idx"),
)
FINAL = TableSchema(
    "io_final_demand",
    "WIOD 2011 NA4 final demand Y, long form (every cell of the 140 x 20 matrix)",
    (
        Column("supplier_idx", "INTEGER", "-", "row position: " + _IDX),
        Column(
            "column_idx",
            "INTEGER",
            "-",
            "0-based column position in Y (region-major: 5 categories per region)",
        ),
        Column("supplier", "VARCHAR", "-", "supplying region-sector (row label)"),
        Column("demand_region", "VARCHAR", "-", "region whose final demand it is"),
        Column(
            "category",
            "VARCHAR",
            "-",
            "CONS_h households, CONS_np non-profits, CONS_g government, GFCF fixed capital, "
            "INVEN inventory change (may be negative)",
        ),
        Column("value_usd_m", "DOUBLE", _USD_M, "final demand for the supplier's output"),
    ),
    primary_key=("supplier_idx", "column_idx"),
)


def read_wiod(raw_dir: Path) -> dict[str, pd.DataFrame]:
    """Read the four derived WIOD NA4 CSVs into long tables.

    Raises
    ------
    DataError
        A file missing or damaged, a row or column label out of the expected region-major order,
        a non-numeric cell (naming file, row and column).
    """
    raw = Path(raw_dir)
    sectors = _io.read_csv(
        _io.find_file(raw, FILES["sectors"]),
        {"code": "sector", "isic_rev3": "isic_rev3", "label": "label"},
        engine="c",
    )
    labels = [f"{r}_{s}" for r in REGIONS for s in sectors["sector"]]
    z = _matrix(raw, "z", labels, labels)
    y = _matrix(raw, "y", labels, [f"{r}_{c}" for r in REGIONS for c in CATEGORIES])
    x = _output(raw, labels)
    n = len(labels)
    rows, cols = np.divmod(np.arange(n * n), n)
    z_long = pd.DataFrame(
        {
            "supplier_idx": rows,
            "user_idx": cols,
            "supplier": np.asarray(labels)[rows],
            "user": np.asarray(labels)[cols],
            "value_usd_m": z.ravel(),
        }
    )
    k = y.shape[1]
    rows, cols = np.divmod(np.arange(n * k), k)
    y_long = pd.DataFrame(
        {
            "supplier_idx": rows,
            "column_idx": cols,
            "supplier": np.asarray(labels)[rows],
            "demand_region": np.asarray(REGIONS)[cols // len(CATEGORIES)],
            "category": np.asarray(CATEGORIES)[cols % len(CATEGORIES)],
            "value_usd_m": y.ravel(),
        }
    )
    return {"io_sectors": sectors, "io_output": x, "io_z": z_long, "io_final_demand": y_long}


def _matrix(raw: Path, key: str, row_labels: list[str], col_labels: list[str]) -> np.ndarray:
    """A labelled matrix CSV (first column ``from\\to``) checked against the expected labels."""
    path = _io.find_file(raw, FILES[key])
    columns = {_ROW_LABEL: "label", **{c: c for c in col_labels}}
    frame = _io.read_csv(path, columns, numeric=col_labels, engine="c")
    _expect_labels(frame["label"].tolist(), row_labels, str(path), _ROW_LABEL)
    values = frame[col_labels].to_numpy(dtype=float)
    if np.isnan(values).any():
        i, j = (int(v[0]) for v in np.nonzero(np.isnan(values)))
        raise DataError(
            "blank cell", file=str(path), row=i + 1, column=col_labels[j], expected="a number"
        )
    return values


def _output(raw: Path, labels: list[str]) -> pd.DataFrame:
    path = _io.find_file(raw, FILES["x"])
    numeric = [
        "gross_output_usd_m",
        "intermediate_inputs_usd_m",
        "primary_inputs_residual_usd_m",
        "row_balance_residual_usd_m",
    ]
    columns = {
        "region_sector": "region_sector",
        "region": "region",
        "sector": "sector",
        "gross_output": numeric[0],
        "intermediate_inputs": numeric[1],
        "primary_inputs_residual": numeric[2],
        "row_balance_residual": numeric[3],
    }
    frame = _io.read_csv(path, columns, numeric=numeric, engine="c")
    _expect_labels(frame["region_sector"].tolist(), labels, str(path), "region_sector")
    frame.insert(0, "idx", np.arange(len(frame)))
    return frame


def _expect_labels(found: list[str], expected: list[str], file: str, column: str) -> None:
    for i, (have, want) in enumerate(zip(found, expected, strict=False)):
        if have != want:
            raise DataError(
                f"unexpected label {have!r}",
                file=file,
                row=i + 1,
                column=column,
                expected=repr(want),
            )
    if len(found) != len(expected):
        raise DataError(
            f"{len(found)} rows", file=file, column=column, expected=f"{len(expected)} rows"
        )


DATASET = Dataset(
    name="wiod_io",
    title="WIOD 2013 release, input-output table 2011, aggregated to USA/MEX/CAN/ROW x 35 sectors",
    source=Source(
        publisher="World Input-Output Database (University of Groningen), via the R package wiod",
        url="http://www.wiod.org/",
        licence="WIOD: free with citation of Timmer et al. (2015); R package wiod GPL-3",
        vintage="WIOD 2013 release (WIOT 1995-2011), year 2011; bquast/wiod commit 59a28ac",
        files=tuple(FILES.values()),
    ),
    tables=(SECTORS, OUTPUT, Z, FINAL),
    read=read_wiod,
    bundle={"io_sectors": None, "io_output": None, "io_z": None, "io_final_demand": None},
)
