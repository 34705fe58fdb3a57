"""Input-output models: demand-side (Leontief) and supply-side (Ghosh), side by side.

Conventions (Miller & Blair 2009, chapters 2 and 12):

- ``Z[i, j]``: intermediate flow from supplier i (row) to user j (column); ``x``: gross output;
  ``f``: final demand; ``v``: primary inputs (value added + imports from outside the table + taxes).
- Leontief: ``A = Z x̂^-1`` (column shares), ``L = (I - A)^-1``, ``x = L f``, ``Δx = L Δf``.
- Ghosh: ``B = x̂^-1 Z`` (row shares), ``G = (I - B)^-1``, ``x' = v' G``, ``Δx' = Δv' G``.

Sectors with zero output get zero coefficients.  Units are those of the table (WIOD: USD
million); the coefficients are unit-free, so shocks may be given in USD.

References
----------
Miller, R. E. and Blair, P. D. (2009), Input-Output Analysis: Foundations and Extensions,
2nd ed., Cambridge University Press: section 2.3 (numerical example) and section 12.1 (the
supply-side model).  Timmer et al. (2015), "An Illustrated User Guide to the World Input-Output
Database", Review of International Economics 23: 575-605.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from borderlever.errors import DataError


def _safe_inverse_diag(x: np.ndarray) -> np.ndarray:
    out = np.zeros_like(x, dtype=float)
    nz = x != 0
    out[nz] = 1.0 / x[nz]
    return out


def technical_coefficients(Z: np.ndarray, x: np.ndarray) -> np.ndarray:
    """``A = Z x̂^-1``: inputs from i per unit of j's output [-].

    Examples
    --------
    >>> technical_coefficients(np.array([[150., 500.], [200., 100.]]), np.array([1000., 2000.]))
    array([[0.15, 0.25],
           [0.2 , 0.05]])
    """
    return np.asarray(Z, float) * _safe_inverse_diag(np.asarray(x, float))[None, :]


def allocation_coefficients(Z: np.ndarray, x: np.ndarray) -> np.ndarray:
    """``B = x̂^-1 Z``: share of i's output sold to j [-]."""
    return _safe_inverse_diag(np.asarray(x, float))[:, None] * np.asarray(Z, float)


def leontief_inverse(A: np.ndarray) -> np.ndarray:
    """``L = (I - A)^-1`` [-]."""
    return np.linalg.inv(np.eye(A.shape[0]) - A)


def ghosh_inverse(B: np.ndarray) -> np.ndarray:
    """``G = (I - B)^-1`` [-]."""
    return np.linalg.inv(np.eye(B.shape[0]) - B)


@dataclass(frozen=True)
class IOTable:
    """A (multi-regional) input-output table.

    Parameters
    ----------
    Z : ndarray (n, n)
        Intermediate flows, rows = supplier, columns = user [table units, e.g. USD million].
    Y : ndarray (n, k)
        Final demand by category/region [table units].
    x : ndarray (n,)
        Gross output [table units].
    labels : tuple of str
        ``REGION_sector`` labels of the n rows (e.g. ``USA_c15``).
    y_labels : tuple of str
        ``REGION_CATEGORY`` labels of the k final-demand columns.
    year : int
        Table year.
    """

    Z: np.ndarray
    Y: np.ndarray
    x: np.ndarray
    labels: tuple[str, ...]
    y_labels: tuple[str, ...] = field(default=())
    year: int = 0

    def __post_init__(self) -> None:
        n = len(self.labels)
        if self.Z.shape != (n, n) or self.x.shape != (n,) or self.Y.shape[0] != n:
            raise DataError(
                f"IO table shapes Z{self.Z.shape}, Y{self.Y.shape}, x{self.x.shape} do not match "
                f"{n} labels",
                expected="Z (n, n), Y (n, k), x (n,)",
            )

    @property
    def regions(self) -> np.ndarray:
        """Region of each row."""
        return np.array([lab.split("_", 1)[0] for lab in self.labels])

    @property
    def sectors(self) -> np.ndarray:
        """Sector code of each row."""
        return np.array([lab.split("_", 1)[1] for lab in self.labels])

    @cached_property
    def A(self) -> np.ndarray:
        return technical_coefficients(self.Z, self.x)

    @cached_property
    def L(self) -> np.ndarray:
        return leontief_inverse(self.A)

    @cached_property
    def B(self) -> np.ndarray:
        return allocation_coefficients(self.Z, self.x)

    @cached_property
    def G(self) -> np.ndarray:
        return ghosh_inverse(self.B)

    @cached_property
    def va_coefficients(self) -> np.ndarray:
        """Primary inputs per unit of output, ``1 - column sums of A`` [-] (0 where no output)."""
        out = 1.0 - self.A.sum(axis=0)
        out[self.x == 0] = 0.0
        return out

    def index(self, region: str, sector: str) -> int:
        """Row index of ``REGION_sector``."""
        return self.labels.index(f"{region}_{sector}")

    def y_region_columns(self, region: str) -> np.ndarray:
        """Final-demand columns belonging to ``region``."""
        return np.array([lab.split("_", 1)[0] == region for lab in self.y_labels])


def leontief_shock(io: IOTable, delta_f: np.ndarray) -> np.ndarray:
    """Demand-side output change ``Δx = L Δf`` [units of ``delta_f``]; zero in, zero out.

    Examples
    --------
    Miller & Blair (2009) section 2.3: new final demand (600, 1500) from (350, 1700).

    >>> io = IOTable(np.array([[150., 500.], [200., 100.]]), np.array([[350.], [1700.]]),
    ...     np.array([1000., 2000.]), ("R_1", "R_2"))
    >>> (io.x + leontief_shock(io, np.array([250., -200.]))).round(2)
    array([1247.52, 1841.58])
    """
    return io.L @ np.asarray(delta_f, float)


def ghosh_shock(io: IOTable, delta_v: np.ndarray) -> np.ndarray:
    """Supply-side output change ``Δx' = Δv' G`` [units of ``delta_v``]; zero in, zero out."""
    return np.asarray(delta_v, float) @ io.G


def read_wiod_na4(folder: Path | str) -> IOTable:
    """Read the 4-region (USA, MEX, CAN, ROW) x 35-sector WIOD 2011 table from its CSVs.

    ``folder`` holds ``wiod2013_2011_NA4_Z.csv``, ``..._Y.csv`` and ``..._x.csv``
    (``shared/data/raw/io_tables/wiod2013/derived``; see its PROVENANCE.md).  Values are
    USD million, basic prices, 2011.

    Raises
    ------
    DataError
        A file is missing or its labels disagree.
    """
    folder = Path(folder)
    paths = {k: folder / f"wiod2013_2011_NA4_{k}.csv" for k in ("Z", "Y", "x")}
    for key, path in paths.items():
        if not path.is_file():
            raise DataError(f"WIOD {key} table not found", file=str(path))
    Z = pd.read_csv(paths["Z"], index_col=0)
    Y = pd.read_csv(paths["Y"], index_col=0)
    x = pd.read_csv(paths["x"])
    return io_table_from_frames(Z, Y, x, year=2011, source=str(folder))


def io_table_from_frames(
    Z: pd.DataFrame, Y: pd.DataFrame, x: pd.DataFrame, year: int = 2011, source: str = "io"
) -> IOTable:
    """Build an :class:`IOTable` from labelled frames.

    ``Z``: square, index and columns ``REGION_sector``; ``Y``: index ``REGION_sector``; ``x``: a
    frame with ``region_sector`` and ``gross_output`` columns (or a Series indexed by label).
    """
    labels = tuple(str(c) for c in Z.columns)
    if tuple(str(i) for i in Z.index) != labels:
        raise DataError(
            "Z rows and columns differ", file=source, expected="same REGION_sector order"
        )
    xs = x.set_index("region_sector")["gross_output"] if isinstance(x, pd.DataFrame) else x
    try:
        x_vec = xs.reindex(list(labels)).to_numpy(float)
        y_mat = Y.reindex(list(labels)).to_numpy(float)
    except KeyError as err:  # pragma: no cover - reindex does not raise; kept for clarity
        raise DataError(str(err), file=source) from err
    if np.isnan(x_vec).any() or np.isnan(y_mat).any():
        raise DataError("x or Y lacks some Z labels", file=source, expected=f"{len(labels)} labels")
    return IOTable(
        Z=Z.to_numpy(float),
        Y=y_mat,
        x=x_vec,
        labels=labels,
        y_labels=tuple(str(c) for c in Y.columns),
        year=year,
    )


def io_table_from_long(
    output: pd.DataFrame, z_long: pd.DataFrame, final_long: pd.DataFrame, year: int = 2011
) -> IOTable:
    """Build an :class:`IOTable` from the store's long tables (``io_output``, ``io_z``,
    ``io_final_demand``, made by the data-trade layer; values in USD million).

    ``output``: ``idx, region_sector, gross_output_usd_m``; ``z_long``: ``supplier_idx, user_idx,
    value_usd_m``; ``final_long``: ``supplier_idx, column_idx, demand_region, category,
    value_usd_m``.
    """
    out = output.sort_values("idx")
    labels = tuple(str(v) for v in out["region_sector"])
    n = len(labels)
    Z = np.zeros((n, n))
    Z[z_long["supplier_idx"].to_numpy(int), z_long["user_idx"].to_numpy(int)] = z_long[
        "value_usd_m"
    ].to_numpy(float)
    cols = final_long.drop_duplicates("column_idx").sort_values("column_idx")
    Y = np.zeros((n, len(cols)))
    Y[final_long["supplier_idx"].to_numpy(int), final_long["column_idx"].to_numpy(int)] = (
        final_long["value_usd_m"].to_numpy(float)
    )
    y_labels = tuple(
        f"{r}_{c}" for r, c in zip(cols["demand_region"], cols["category"], strict=True)
    )
    return IOTable(Z, Y, out["gross_output_usd_m"].to_numpy(float), labels, y_labels, year)
