"""Low-level reading of the BTS TransBorder raw tables (dot1, dot3) and their code lookups.

Not a dataset (the leading underscore keeps it out of the registry); used by
:mod:`borderlever.data.readers.transborder_freight`.  The raw files are many small gzipped CSVs
(one per month, or one per year), so they are parsed with ``pyarrow.csv`` (all columns as text),
checked column by column with vectorised pyarrow kernels, and concatenated into one Arrow table
that DuckDB aggregates.  Every check failure raises :class:`~borderlever.errors.DataError` naming
the file, the 1-based data row (header excluded), the column and what was expected.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterable, Mapping
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv

from borderlever.data.readers._io import check_file, require_columns
from borderlever.errors import DataError

#: TransBorder ``DISAGMOT`` code -> our mode name (codebook: 1 Vessel, 3 Air, 4 Mail, 5 Truck,
#: 6 Rail, 7 Pipeline, 8 Other/Unknown, 9 Foreign Trade Zones).
MODE_NAMES: dict[str, str] = {
    "1": "vessel",
    "3": "air",
    "4": "mail",
    "5": "truck",
    "6": "rail",
    "7": "pipeline",
    "8": "other",
    "9": "ftz",
}
#: ``COUNTRY`` (Census country code) -> ISO 3166 alpha-3.
COUNTRY_ISO3: dict[str, str] = {"1220": "CAN", "2010": "MEX"}
#: ``TRDTYPE`` -> direction seen from the United States.
DIRECTIONS: dict[str, str] = {"1": "export", "2": "import"}

#: Columns every file of a table carries (order differs between monthly and annual files).
DOT3_COLUMNS = (
    "TRDTYPE",
    "DEPE",
    "COMMODITY2",
    "DISAGMOT",
    "COUNTRY",
    "VALUE",
    "SHIPWT",
    "FREIGHT_CHARGES",
    "DF",
    "CONTCODE",
    "YEAR",
)
DOT1_COLUMNS = (
    "TRDTYPE",
    "USASTATE",
    "DEPE",
    "DISAGMOT",
    "MEXSTATE",
    "CANPROV",
    "COUNTRY",
    "VALUE",
    "SHIPWT",
    "FREIGHT_CHARGES",
    "DF",
    "CONTCODE",
    "YEAR",
)
NUMERIC_COLUMNS = ("VALUE", "SHIPWT", "FREIGHT_CHARGES")
#: Columns that may be blank (DF only applies to exports; the partner subdivision to one country).
NULLABLE_COLUMNS = ("DF", "MEXSTATE", "CANPROV")
#: Fixed code sets not in the lookup files: DF 1 domestic / 2 foreign; CONTCODE as found in the
#: files (1 containerized, 0 not, X not reported; see docs/data-trade.md).
FIXED_CODES: dict[str, frozenset[str]] = {
    "DF": frozenset({"1", "2"}),
    "CONTCODE": frozenset({"0", "1", "X"}),
}
#: Lookup file (in ``lookups/``) for each coded column.
LOOKUP_FILES: dict[str, str] = {
    "TRDTYPE": "trade_type_codes.json",
    "DEPE": "schedule_d_port_codes.json",
    "COMMODITY2": "commodity_codes.json",
    "DISAGMOT": "mode_codes.json",
    "COUNTRY": "country_codes.json",
    "USASTATE": "state_codes.json",
    "MEXSTATE": "mexican_state_codes.json",
    "CANPROV": "canadian_province_codes.json",
}


def read_lookup(path: Path) -> dict[str, object]:
    """One JSON code lookup (``{code: label}`` or ``{code: {...}}``).

    Raises
    ------
    DataError
        Missing file, invalid JSON, or not an object keyed by code.
    """
    if not path.is_file():
        raise DataError("lookup file not found", file=str(path), expected="a JSON code lookup")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DataError(
            f"invalid JSON ({exc})", file=str(path), expected="a JSON object {code: label}"
        ) from exc
    if not isinstance(data, dict) or not data:
        raise DataError(
            "lookup is empty or not an object", file=str(path), expected="{code: label}"
        )
    return {str(k): v for k, v in data.items()}


def read_lookups(lookup_dir: Path) -> dict[str, dict[str, object]]:
    """All lookups keyed by the raw column they decode, checked against the fixed mode/country maps."""
    out = {col: read_lookup(lookup_dir / name) for col, name in LOOKUP_FILES.items()}
    for col, ours in (("DISAGMOT", MODE_NAMES), ("COUNTRY", COUNTRY_ISO3), ("TRDTYPE", DIRECTIONS)):
        extra = sorted(set(out[col]) - set(ours))
        if extra:
            raise DataError(
                f"lookup has codes borderlever does not map: {extra}",
                file=str(lookup_dir / LOOKUP_FILES[col]),
                expected=f"codes among {sorted(ours)}",
            )
    return out


def read_table_file(
    path: Path,
    columns: Iterable[str],
    lookups: Mapping[str, Mapping[str, object]],
    *,
    monthly: bool,
) -> pa.Table:
    """Read and check one raw dot1/dot3 file; all columns come back as text.

    Parameters
    ----------
    path : Path
        A ``.csv`` or ``.csv.gz`` file.
    columns : iterable of str
        Required raw columns (``MONTH`` is added when ``monthly``).
    lookups : mapping
        ``{raw column: {code: ...}}`` from :func:`read_lookups`; every coded value must be known.
    monthly : bool
        Whether the file is a monthly file (carries ``MONTH``).

    Raises
    ------
    DataError
        Empty, truncated or unparsable file; a required column missing; a blank or non-numeric
        value; a code not in its lookup; a month outside 1-12.
    """
    wanted = [*columns, "MONTH"] if monthly else list(columns)
    table = _parse(path)
    require_columns(table.column_names, wanted, file=str(path))
    table = table.select(wanted)
    if table.num_rows == 0:
        raise DataError("file has a header but no data rows", file=str(path), expected="data rows")
    for col in wanted:
        _check_column(table[col], col, path, lookups)
    return table


def _parse(path: Path) -> pa.Table:
    check_file(path)
    header = _header(path)
    # Only an empty field is missing: Arrow's default null strings include "NA", which is
    # TransBorder's code for Nayarit (MEXSTATE).
    opts = pcsv.ConvertOptions(
        column_types={c: pa.string() for c in header}, strings_can_be_null=True, null_values=[""]
    )
    try:
        return pcsv.read_csv(path, convert_options=opts)
    except (pa.ArrowInvalid, OSError, EOFError) as exc:
        raise DataError(
            f"cannot read the file ({type(exc).__name__}: {exc}); it may be truncated or damaged",
            file=str(path),
            expected="a complete CSV (re-fetch the file)",
        ) from exc


def _header(path: Path) -> list[str]:
    """The header line's column names (read alone so every column can be typed as text)."""
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rt", encoding="utf-8-sig") as fh:
            line = fh.readline()
    except (OSError, EOFError, UnicodeDecodeError, zlib.error) as exc:
        raise DataError(
            f"cannot read the file ({type(exc).__name__}: {exc}); it may be truncated or damaged",
            file=str(path),
            expected="a complete CSV with a header line (re-fetch the file)",
        ) from exc
    names = [c.strip() for c in line.strip().split(",")] if line.strip() else []
    if not names:
        raise DataError(
            "file has no header line", file=str(path), expected="a header line and data rows"
        )
    return names


def _first_false(mask: pa.ChunkedArray) -> int | None:
    """0-based index of the first False (nulls count as False), or None."""
    filled = pc.fill_null(mask, False)
    if pc.all(filled).as_py():
        return None
    return int(pc.index(filled, False).as_py())


def _check_column(
    values: pa.ChunkedArray, col: str, path: Path, lookups: Mapping[str, Mapping[str, object]]
) -> None:
    if col not in NULLABLE_COLUMNS:
        i = _first_false(pc.is_valid(values))
        if i is not None:
            raise DataError(
                "blank value", file=str(path), row=i + 1, column=col, expected="a value"
            )
    if col in NUMERIC_COLUMNS or col in ("YEAR", "MONTH"):
        pattern = r"^\d{4}$" if col == "YEAR" else r"^-?\d+(\.\d+)?$"
        i = _first_false(pc.match_substring_regex(values, pattern))
        if i is not None:
            raise DataError(
                f"non-numeric value {values[i].as_py()!r}",
                file=str(path),
                row=i + 1,
                column=col,
                expected="a 4-digit year" if col == "YEAR" else "a number",
            )
    if col == "MONTH":
        month = pc.cast(values, pa.int32())
        i = _first_false(pc.and_(pc.greater_equal(month, 1), pc.less_equal(month, 12)))
        if i is not None:
            raise DataError(
                f"month {values[i].as_py()!r} out of range",
                file=str(path),
                row=i + 1,
                column=col,
                expected="a month number 1-12",
            )
    known = FIXED_CODES.get(col) or (lookups[col].keys() if col in lookups else None)
    if known is not None:
        value_set = pa.array(sorted(known), pa.string())
        ok = pc.or_(pc.is_in(values, value_set=value_set), pc.is_null(values))
        i = _first_false(ok)
        if i is not None:
            shown = sorted(known)
            listed = ", ".join(shown[:15]) + (
                f" ... ({len(shown)} in all)" if len(shown) > 15 else ""
            )
            source = LOOKUP_FILES.get(col, "the TransBorder codebook")
            raise DataError(
                f"unknown code {values[i].as_py()!r} (not in {source})",
                file=str(path),
                row=i + 1,
                column=col,
                expected=f"one of: {listed}",
            )


def read_table_files(
    paths: Iterable[Path],
    columns: Iterable[str],
    lookups: Mapping[str, Mapping[str, object]],
    *,
    monthly: bool,
) -> pa.Table | None:
    """Read and check several files of one table and concatenate them (None where there are none)."""
    cols = list(columns)
    tables = [read_table_file(p, cols, lookups, monthly=monthly) for p in sorted(paths)]
    return pa.concat_tables(tables) if tables else None
