"""Reading helpers every reader shares: CSV with a column map and checks, workbook sheets, hashes.

Not a dataset (the leading underscore keeps it out of the registry).  Each helper turns the ways a
raw file goes wrong (absent, empty, truncated, renamed column, text in a number column, unknown code,
missing sheet) into one :class:`~borderlever.errors.DataError` naming the file, the 1-based data row
(header excluded), the column and what was expected.

The API is stable; the other readers depend on it:

- :func:`find_file` -- one file under the raw directory by glob pattern.
- :func:`read_csv` -- CSV (plain or ``.gz``/``.zip``) -> frame, columns renamed through a
  ``{source name: our name}`` map, all read as text unless ``numeric`` names them.
- :func:`open_sheet` -- one workbook sheet (``.xlsx`` / ``.xls``) by name or candidate names.
- :func:`check_file` -- the file exists and is not empty (for readers that parse it themselves).
- :func:`require_columns`, :func:`to_numeric`, :func:`check_known` -- checks on a frame.
- :func:`sha256_file` -- checksum for the ``sources`` table.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import re
import warnings
import zlib
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from borderlever.errors import DataError, raise_at_first_bad

# pandas imports its Excel engines lazily; two store-build threads importing xlrd at the same time
# can see a half-initialised module ("partially initialized module 'xlrd' has no attribute
# 'Book'"): import the engines once, here, before any thread reads a workbook.
for _engine in ("xlrd", "openpyxl"):
    with contextlib.suppress(ImportError):
        importlib.import_module(_engine)

__all__ = [
    "check_file",
    "check_known",
    "find_file",
    "open_sheet",
    "read_csv",
    "require_columns",
    "sha256_file",
    "to_numeric",
]

#: Errors a decompressor or parser raises on a damaged file.
_READ_ERRORS: tuple[type[BaseException], ...] = (
    EOFError,
    OSError,
    zlib.error,
    UnicodeDecodeError,
    pd.errors.ParserError,
    ValueError,
)


def find_file(raw_dir: Path, pattern: str) -> Path:
    """The one file under ``raw_dir`` matching the glob ``pattern`` (last in name order if several).

    Raises
    ------
    DataError
        When nothing matches.

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> _ = (d / "a_2024.csv").write_text("x\\n1\\n")
    >>> find_file(d, "a_*.csv").name
    'a_2024.csv'
    """
    hits = sorted(p for p in Path(raw_dir).glob(pattern) if p.is_file())
    if not hits:
        raise DataError(
            "input file not found",
            file=str(Path(raw_dir) / pattern),
            expected="a file matching this pattern (run `borderlever data fetch` or set --raw)",
        )
    return hits[-1]


def sha256_file(path: Path, *, chunk: int = 1 << 20) -> str:
    """Hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def read_csv(
    path: Path,
    columns: Mapping[str, str],
    *,
    numeric: Iterable[str] = (),
    optional: Iterable[str] = (),
    thousands: str | None = None,
    engine: str = "pyarrow",
    **kwargs: object,
) -> pd.DataFrame:
    """Read a CSV, keep and rename the mapped columns, check them, return text/number columns.

    Parameters
    ----------
    path : Path
        The file (``.csv``, ``.csv.gz``, ``.zip``: compression follows the suffix).
    columns : mapping of str to str
        ``{source column name: our column name}``: the reader's one column-mapping table.  Every
        source column listed is required unless named in ``optional``.
    numeric : iterable of str
        Our names of columns to convert to numbers; a value that is not a number (after removing
        ``thousands`` separators) raises, naming its row.
    optional : iterable of str
        Source names that may be absent (then filled with missing values).
    thousands : str, optional
        Thousands separator to strip from numeric columns (``","``).
    engine : str
        pandas parser; ``"pyarrow"`` (fast, multi-threaded) or ``"c"`` / ``"python"`` for odd files.
    **kwargs
        Passed to :func:`pandas.read_csv` (``sep``, ``encoding``, ``skiprows`` ...).

    Returns
    -------
    DataFrame
        Columns in the order of ``columns`` under our names; text columns as ``str`` objects
        (missing as NaN), numeric ones as float64 (missing as NaN).

    Raises
    ------
    DataError
        File missing, empty or damaged (e.g. a truncated ``.gz``), a required column missing (the
        message lists the columns found), or a non-numeric value in a numeric column.

    Examples
    --------
    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "t.csv"
    >>> _ = p.write_text("Port Code,Value\\n0104,12\\n2304,7\\n")
    >>> df = read_csv(p, {"Port Code": "port_code", "Value": "count"}, numeric=["count"])
    >>> df["port_code"].tolist(), df["count"].tolist()
    (['0104', '2304'], [12.0, 7.0])
    """
    path = Path(path)
    frame = _read_raw(path, engine=engine, **kwargs)
    optional = set(optional)
    require_columns(frame, [c for c in columns if c not in optional], file=str(path))
    for src in columns:
        if src not in frame.columns:
            frame[src] = np.nan
    out = frame.loc[:, list(columns)].rename(columns=dict(columns))
    for col in numeric:
        out[col] = to_numeric(out[col], file=str(path), column=col, thousands=thousands)
    return out


def check_file(path: Path) -> None:
    """Raise unless ``path`` is an existing, non-empty file."""
    if not path.is_file():
        raise DataError("input file not found", file=str(path), expected="an existing file")
    if path.stat().st_size == 0:
        raise DataError("file is empty", file=str(path), expected="a header line and data rows")


def _read_raw(path: Path, *, engine: str, **kwargs: object) -> pd.DataFrame:
    check_file(path)
    opts: dict[str, object] = {"dtype": str, "keep_default_na": False, "na_values": [""]}
    opts.update(kwargs)
    try:
        frame = pd.read_csv(path, engine=engine, **opts)  # type: ignore[call-overload]
    except pd.errors.EmptyDataError as exc:
        raise DataError(
            "file has no columns", file=str(path), expected="a header line and data rows"
        ) from exc
    except _READ_ERRORS as exc:
        raise DataError(
            f"cannot read the file ({type(exc).__name__}: {exc}); it may be truncated or damaged",
            file=str(path),
            expected="a complete CSV (re-fetch the file)",
        ) from exc
    except Exception as exc:  # pyarrow.lib.ArrowInvalid and friends
        if type(exc).__module__.startswith("pyarrow"):
            raise DataError(
                f"cannot parse the file ({exc}); it may be truncated or damaged",
                file=str(path),
                expected="a complete CSV (re-fetch the file)",
            ) from exc
        raise
    frame.columns = [str(c).strip().lstrip("\ufeff") for c in frame.columns]
    if frame.empty:
        raise DataError("file has a header but no data rows", file=str(path), expected="data rows")
    return frame


def require_columns(
    frame: pd.DataFrame | Iterable[str], required: Iterable[str], *, file: str
) -> None:
    """Raise naming the first required column absent from ``frame`` (and the columns found).

    ``frame`` is a DataFrame or the column names found (e.g. an Arrow table's ``column_names``).
    A near match among the columns found (e.g. a renamed column) is suggested.
    """
    import difflib

    names = frame.columns if isinstance(frame, pd.DataFrame) else frame
    found = [str(c) for c in names]
    for name in required:
        if name not in found:
            close = difflib.get_close_matches(name, found, n=1, cutoff=0.6)
            hint = f"; found {close[0]!r} instead?" if close else ""
            raise DataError(
                f"required column missing{hint} (columns found: {found})",
                file=file,
                column=name,
                expected=f"a column named {name!r}",
            )


def to_numeric(
    values: pd.Series,
    *,
    file: str,
    column: str,
    thousands: str | None = None,
    row_offset: int = 0,
) -> pd.Series:
    """Convert text to float64; blanks stay missing, anything else non-numeric raises.

    ``row_offset`` is added to the reported 1-based row (for frames that are slices of a file).

    Examples
    --------
    >>> to_numeric(pd.Series(["1,200", "", "3"]), file="f", column="c", thousands=",").tolist()
    [1200.0, nan, 3.0]
    """
    text = values.astype("string").str.strip()
    if thousands:
        text = text.str.replace(thousands, "", regex=False)
    blank = text.isna() | (text == "")
    num = pd.to_numeric(text.mask(blank), errors="coerce")
    raise_at_first_bad(
        (num.isna() & ~blank).to_numpy(),
        values,
        "non-numeric value {value!r}",
        file=file,
        column=column,
        expected="a number",
        row_offset=row_offset,
    )
    return num.astype("float64")


def check_known(
    values: pd.Series, known: Iterable[str], *, kind: str, file: str, column: str
) -> None:
    """Raise naming the first value of ``values`` not in ``known`` (unknown code, measure ...).

    Examples
    --------
    >>> check_known(pd.Series(["Trucks", "Buses"]), {"Trucks", "Buses"}, kind="measure",
    ...             file="f.csv", column="measure")
    """
    allowed = set(known)
    bad = (~values.isin(allowed)).to_numpy()
    if bad.any():
        shown = sorted(allowed)
        listed = ", ".join(shown[:15]) + (f" ... ({len(shown)} in all)" if len(shown) > 15 else "")
        raise_at_first_bad(
            bad,
            values,
            f"unknown {kind} {{value!r}}",
            file=file,
            column=column,
            expected=f"one of: {listed}",
        )


def _norm(name: str) -> str:
    return re.sub(r"[\s_\-]+", " ", str(name)).strip().lower()


def open_sheet(
    path: Path, sheet: str | Sequence[str], *, header: int | None = 0, **kwargs: object
) -> pd.DataFrame:
    """Read one sheet of a workbook, found by name (case and spacing ignored) or candidate names.

    Parameters
    ----------
    path : Path
        ``.xlsx`` (openpyxl) or ``.xls`` (xlrd) workbook.
    sheet : str or sequence of str
        The sheet name, or several acceptable names tried in order.
    header : int or None
        Header row, as in :func:`pandas.read_excel`.
    **kwargs
        Passed to :func:`pandas.read_excel` (``skiprows``, ``usecols``, ``dtype`` ...).

    Raises
    ------
    DataError
        The file is missing or not a readable workbook, or no sheet matches (the message lists the
        sheets found).
    """
    path = Path(path)
    if not path.is_file():
        raise DataError(
            "workbook not found", file=str(path), expected="an existing .xlsx/.xls file"
        )
    wanted = [sheet] if isinstance(sheet, str) else list(sheet)
    try:
        with warnings.catch_warnings():  # pandas 3 deprecates xlrd; it is the only .xls reader here
            warnings.filterwarnings("ignore", message="The xlrd engine is deprecated")
            book = pd.ExcelFile(path)
    except Exception as exc:  # zipfile.BadZipFile, xlrd.XLRDError, ValueError ...
        raise DataError(
            f"cannot open the workbook ({type(exc).__name__}: {exc})",
            file=str(path),
            expected="a readable .xlsx or .xls workbook",
        ) from exc
    with book:
        names = [str(n) for n in book.sheet_names]
        by_norm = {_norm(n): n for n in names}
        match = next((by_norm[_norm(w)] for w in wanted if _norm(w) in by_norm), None)
        if match is None:
            raise DataError(
                f"sheet not found (sheets found: {names})",
                file=str(path),
                column=None,
                expected=f"a sheet named {' or '.join(repr(w) for w in wanted)}",
            )
        return pd.read_excel(book, sheet_name=match, header=header, **kwargs)  # type: ignore[call-overload]
