"""Column and table declarations: every persisted table is declared once, and writes are checked.

The same declarations feed the store (DuckDB DDL), the docs (``docs/reference/data.md``) and chart
labels, so a column's unit and description live in exactly one place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from borderlever.errors import DataError

#: DuckDB type -> the pandas dtype a validated frame carries for it.
PANDAS_DTYPES: dict[str, str] = {
    "VARCHAR": "string",
    "DATE": "datetime64[s]",
    "TIMESTAMP": "datetime64[s]",
    "INTEGER": "Int32",
    "BIGINT": "Int64",
    "DOUBLE": "float64",
    "BOOLEAN": "boolean",
}


@dataclass(frozen=True)
class Column:
    """One declared column.

    Parameters
    ----------
    name : str
        Column name in the store (snake_case, unit suffix where it has one: ``value_usd``).
    dtype : str
        DuckDB type, one of ``PANDAS_DTYPES``.
    unit : str
        Unit of the values (``"USD"``, ``"vehicles"``, ``"lb"``, ``"-"`` for labels and codes).
    description : str
        One sentence: what the column holds and where it comes from.
    nullable : bool
        Whether missing values are allowed.
    """

    name: str
    dtype: str
    unit: str
    description: str
    nullable: bool = False

    def __post_init__(self) -> None:
        if self.dtype not in PANDAS_DTYPES:
            raise ValueError(
                f"column {self.name}: dtype {self.dtype!r} not in {list(PANDAS_DTYPES)}"
            )


@dataclass(frozen=True)
class TableSchema:
    """A declared table: name, description, columns and (optional) primary key."""

    name: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = field(default_factory=tuple)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def ddl(self) -> str:
        """``CREATE TABLE`` statement for DuckDB."""
        cols = ", ".join(
            f'"{c.name}" {c.dtype}{"" if c.nullable else " NOT NULL"}' for c in self.columns
        )
        return f'CREATE TABLE "{self.name}" ({cols})'

    def validate(self, frame: pd.DataFrame, *, source: str) -> pd.DataFrame:
        """Check ``frame`` against the declaration and return it with declared dtypes.

        Raises
        ------
        DataError
            Naming ``source``, the first offending row and column, and what was expected.
        """
        missing = [c for c in self.column_names if c not in frame.columns]
        if missing:
            raise DataError(
                f"table {self.name}: columns missing from the reader's output: {missing}",
                file=source,
                expected=f"columns {self.column_names}",
            )
        out = frame.loc[:, self.column_names].reset_index(drop=True)
        for col in self.columns:
            out[col.name] = _coerce(out[col.name], col, self.name, source)
            if not col.nullable:
                bad = out[col.name].isna().to_numpy()
                if bad.any():
                    row = int(np.flatnonzero(bad)[0]) + 1
                    raise DataError(
                        f"table {self.name}: missing value in a non-nullable column",
                        file=source,
                        row=row,
                        column=col.name,
                        expected=f"a {col.dtype} value [{col.unit}]",
                    )
        if self.primary_key and len(out):
            dup = out.duplicated(list(self.primary_key), keep=False).to_numpy()
            if dup.any():
                row = int(np.flatnonzero(dup)[0]) + 1
                key = out.loc[row - 1, list(self.primary_key)].to_dict()
                raise DataError(
                    f"table {self.name}: duplicate primary key {key}",
                    file=source,
                    row=row,
                    expected=f"unique {list(self.primary_key)}",
                )
        return out


def _coerce(series: pd.Series, col: Column, table: str, source: str) -> pd.Series:
    target: Any = PANDAS_DTYPES[col.dtype]
    try:
        if col.dtype in ("DATE", "TIMESTAMP"):
            return pd.to_datetime(series, errors="raise").astype("datetime64[s]")
        if col.dtype in ("INTEGER", "BIGINT", "DOUBLE"):
            num = pd.to_numeric(series, errors="coerce")
            bad = num.isna() & series.notna()
            if bad.any():
                row = int(np.flatnonzero(bad.to_numpy())[0]) + 1
                raise DataError(
                    f"table {table}: non-numeric value {series.iloc[row - 1]!r}",
                    file=source,
                    row=row,
                    column=col.name,
                    expected=f"a number [{col.unit}]",
                )
            if col.dtype != "DOUBLE":
                frac = num.notna() & (num != np.round(num))
                if frac.any():
                    row = int(np.flatnonzero(frac.to_numpy())[0]) + 1
                    raise DataError(
                        f"table {table}: non-integer value {series.iloc[row - 1]!r}",
                        file=source,
                        row=row,
                        column=col.name,
                        expected=f"an integer [{col.unit}]",
                    )
            return num.astype(target)
        return series.astype(target)
    except DataError:
        raise
    except (ValueError, TypeError) as exc:
        raise DataError(
            f"table {table}: cannot convert to {col.dtype}: {exc}",
            file=source,
            column=col.name,
            expected=f"{col.dtype} [{col.unit}]",
        ) from exc
