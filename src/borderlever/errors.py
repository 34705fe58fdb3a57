"""The exceptions borderlever raises for bad input.

Every user-facing error is a :class:`BorderleverError`; the CLI turns one into a one-paragraph
message and exit code 2, with no traceback.  Each names what was wrong, where (file, row, column or
key path) and what was expected, so a user can fix the input without reading code.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd
    from numpy.typing import ArrayLike


class BorderleverError(Exception):
    """Base class of every error caused by the user's input or data (CLI exit code 2)."""


@dataclass
class DataError(BorderleverError):
    """A raw or bundled data file does not look as expected.

    Parameters
    ----------
    message : str
        What is wrong, in one sentence.
    file : str or None
        The offending file (path as given to the reader).
    row : int or None
        1-based data row (header excluded) where known.
    column : str or None
        The offending column, where known.
    expected : str or None
        What was expected instead (allowed values, dtype, sheet name ...).
    """

    message: str
    file: str | None = None
    row: int | None = None
    column: str | None = None
    expected: str | None = None

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        where = []
        if self.file is not None:
            where.append(f"file {self.file}")
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        text = f"{', '.join(where)}: {self.message}" if where else self.message
        if self.expected is not None:
            text += f" (expected {self.expected})"
        return text


def raise_at_first_bad(
    bad: ArrayLike,
    values: pd.Series | Sequence[object],
    message: str,
    *,
    file: str,
    column: str,
    expected: str,
    row_offset: int = 0,
) -> None:
    """Raise a :class:`DataError` at the first row where ``bad`` holds; do nothing if none does.

    ``message`` may hold ``{value!r}``, filled with that row's entry of ``values``; the reported
    row is 1-based, plus ``row_offset`` (for frames that are slices of a file).

    Examples
    --------
    >>> raise_at_first_bad([False, False], ["1", "2"], "bad {value!r}", file="f", column="c",
    ...                    expected="a number")
    >>> try:
    ...     raise_at_first_bad([False, True], ["1", "x"], "bad {value!r}", file="f", column="c",
    ...                        expected="a number")
    ... except DataError as e:
    ...     print(e)
    file f, row 2, column 'c': bad 'x' (expected a number)
    """
    import numpy as np

    hits = np.flatnonzero(np.asarray(bad, dtype=bool))
    if hits.size:
        i = int(hits[0])
        value = values.iloc[i] if hasattr(values, "iloc") else values[i]
        raise DataError(
            message.format(value=value),
            file=file,
            row=i + 1 + row_offset,
            column=column,
            expected=expected,
        )


class UnknownCodeError(BorderleverError, KeyError):
    """An identifier (port code, measure, class, episode, series ...) is not known.

    The message lists the closest known values ("did you mean ...?").
    """

    def __init__(self, kind: str, value: str, known: list[str] | tuple[str, ...]) -> None:
        import difflib

        self.kind, self.value, self.known = kind, value, list(known)
        close = difflib.get_close_matches(str(value), [str(k) for k in known], n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        shown = ", ".join(str(k) for k in list(known)[:12])
        more = f" ... ({len(known)} in all)" if len(known) > 12 else ""
        msg = f"unknown {kind} {value!r}{hint} Known: {shown}{more}"
        super().__init__(msg)

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0])


class ConfigError(BorderleverError, ValueError):
    """A parameter, scenario or policy value is out of range or inconsistent.

    The message names the field (key path) and the allowed values.
    """
