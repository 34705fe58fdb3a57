"""Month labels of the security sources -> first-of-month dates (not a dataset: leading underscore).

US federal fiscal years run October to September (FY2019 = Oct 2018 - Sep 2019).  CBP files label
months by a three-letter English abbreviation (``"MAY"``) within a fiscal year that may carry a
suffix (``"2025 (FYTD)"``); OHSS workbooks number the fiscal month (``"08 May"`` = 8th month of the
fiscal year = May); Mexican tables use Spanish abbreviations (``"ene"`` ... ``"dic"``).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from borderlever.errors import DataError

MONTH_ABBR: dict[str, int] = {
    m: i
    for i, m in enumerate(
        ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"], 1
    )
}
MONTH_NAME: dict[str, int] = {
    m: i
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        1,
    )
}
SPANISH_ABBR: dict[str, int] = {
    m: i
    for i, m in enumerate(
        ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"], 1
    )
}

_FY_RE = re.compile(r"^\s*(\d{4})(?:\.0)?\s*(?:\(FYTD\))?\s*$")
_OHSS_RE = re.compile(r"^\s*(\d{1,2})\s+([A-Za-z]+)\s*$")


def fiscal_to_calendar(fiscal_year: np.ndarray, month: np.ndarray) -> pd.Series:
    """First-of-month dates from fiscal years and calendar month numbers (1-12).

    Months October-December belong to the calendar year before the fiscal year.

    Examples
    --------
    >>> fiscal_to_calendar(np.array([2019, 2019]), np.array([10, 5])).dt.strftime("%Y-%m").tolist()
    ['2018-10', '2019-05']
    """
    fy = np.asarray(fiscal_year, dtype="int64")
    m = np.asarray(month, dtype="int64")
    year = np.where(m >= 10, fy - 1, fy)
    return pd.Series(pd.to_datetime({"year": year, "month": m, "day": 1})).astype("datetime64[s]")


def fiscal_year_of(month: pd.Series) -> pd.Series:
    """Fiscal year of first-of-month dates (Oct-Dec count toward the next year).

    Examples
    --------
    >>> fiscal_year_of(pd.Series(pd.to_datetime(["2018-10-01", "2019-09-01"]))).tolist()
    [2019, 2019]
    """
    dt = pd.to_datetime(month)
    return (dt.dt.year + (dt.dt.month >= 10).astype(int)).astype("int64")


def parse_fiscal_year(values: pd.Series, *, file: str, column: str) -> np.ndarray:
    """``2019``, ``"2019"`` or ``"2025 (FYTD)"`` -> 2019 / 2025; anything else raises DataError."""
    text = values.astype("string").fillna("")
    found = text.str.extract(_FY_RE, expand=False)
    bad = found.isna().to_numpy()
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise DataError(
            f"fiscal year not understood: {values.iloc[i]!r}",
            file=file,
            row=i + 1,
            column=column,
            expected='a four-digit fiscal year such as 2019 or "2025 (FYTD)"',
        )
    return found.astype("int64").to_numpy()


def parse_month_codes(
    values: pd.Series, codes: dict[str, int], *, file: str, column: str, row_offset: int = 0
) -> np.ndarray:
    """Month labels -> month numbers 1-12 through ``codes`` (case-insensitive); unknown raises.

    Examples
    --------
    >>> parse_month_codes(pd.Series(["MAY", "oct"]), MONTH_ABBR, file="f", column="m").tolist()
    [5, 10]
    """
    key = values.astype("string").str.strip().str.upper()
    upper = {k.upper(): v for k, v in codes.items()}
    num = key.map(upper)
    bad = num.isna().to_numpy()
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise DataError(
            f"month label not understood: {values.iloc[i]!r}",
            file=file,
            row=i + 1 + row_offset,
            column=column,
            expected=f"one of {', '.join(codes)}",
        )
    return num.astype("int64").to_numpy()


def parse_ohss_month(values: pd.Series, *, file: str, column: str) -> np.ndarray:
    """OHSS fiscal-month labels (``"08 May"``) -> calendar month numbers, checking both parts agree.

    The number is the month's position in the fiscal year (01 = October); the name must be the
    calendar month it denotes, else the label is rejected.

    Examples
    --------
    >>> parse_ohss_month(pd.Series(["01 October", "08 May"]), file="f", column="Month").tolist()
    [10, 5]
    """
    parts = values.astype("string").str.extract(_OHSS_RE)
    fiscal_pos = pd.to_numeric(parts[0], errors="coerce")
    name_month = parts[1].str.lower().map(MONTH_NAME)
    implied = (fiscal_pos + 8) % 12 + 1
    bad = (fiscal_pos.isna() | name_month.isna() | (implied != name_month)).to_numpy()
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise DataError(
            f"fiscal-month label not understood: {values.iloc[i]!r}",
            file=file,
            row=i + 1,
            column=column,
            expected='"NN Monthname" with NN the fiscal month (01 = October), e.g. "08 May"',
        )
    return name_month.astype("int64").to_numpy()
