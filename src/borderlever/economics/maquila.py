"""Mexico's export manufacturing: domestic value added as INEGI measures it, not as the table does.

The WIOD table has one Mexican manufacturing block: maquila (IMMEX) plants, which assemble
imported inputs and add little value in Mexico, are averaged with the rest.  Its Leontief domestic
value-added content of Mexico's manufacturing exports to the US (``v (I - A_MEX,MEX)^-1`` weighted
by those exports) is therefore higher than INEGI's measure for the export-oriented
("global") manufacturing, the *valor agregado de exportación de la manufactura global* (VAEMG):
44.2 % of its production value in 2024, 45.7 % in 2018 (registry row
``economics.mex_export_mfg_domestic_va_share``).  :func:`va_scale` is the ratio of the two; the
dynamic model values Mexico's lost output at its value added times this scale
(``ArioParams.va_scale``), so Mexico's production loss counts the domestic value added INEGI
measures.  The scale is applied to every Mexican sector, because the table's excess sits both in
the exporters' own value added and in the domestic inputs they buy (an approximation: a closure's
loss in Mexico is mostly the export chain).

References
----------
INEGI, Valor Agregado de Exportación de la Manufactura Global (base 2018), press releases of
2019-12-17 (2018: 45.7 %) and 2025-12-05 (2024: 44.2 %).
OECD, Trade in Value Added (TiVA), which splits Mexico's global manufacturing for the same reason.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from borderlever.economics.inputoutput import IOTable

#: WIOD 2013 manufacturing sectors (c3 food ... c16 other manufacturing).
MANUFACTURING = tuple(f"c{i}" for i in range(3, 17))


def domestic_va_content(
    io: IOTable,
    exporter: str = "MEX",
    importer: str = "USA",
    sectors: Sequence[str] = MANUFACTURING,
) -> float:
    """Domestic value added per dollar of ``exporter``'s ``sectors`` exports to ``importer`` [-].

    ``v_d (I - A_dd)^-1`` per exporting sector (``d`` = the exporter's block), weighted by its
    exports (intermediate and final) to the importer; NaN where there are none.

    Examples
    --------
    A Mexican plant buys 0.5 of a unit of its output from a home supplier (whose value added is
    1) and 0.1 from the US: its own value added is 0.4, its domestic content 0.4 + 0.5 = 0.9.

    >>> Z = np.array([[0., 0., 0.], [50., 0., 0.], [10., 0., 0.]])
    >>> io = IOTable(Z, np.array([[100.], [50.], [90.]]), np.array([100., 100., 100.]),
    ...     ("MEX_c3", "MEX_c20", "USA_c3"), ("USA_f",))
    >>> round(domestic_va_content(io, sectors=("c3",)), 3)
    0.9
    """
    regions = np.array([lab.split("_", 1)[0] for lab in io.labels])
    codes = np.array([lab.split("_", 1)[1] for lab in io.labels])
    d, m = regions == exporter, regions == importer
    A = io.A[np.ix_(d, d)]
    leontief = np.linalg.inv(np.eye(int(d.sum())) - A)
    content = io.va_coefficients[d] @ leontief
    y_to = io.Y[:, io.y_region_columns(importer)].sum(axis=1)
    exports = io.Z[np.ix_(d, m)].sum(axis=1) + y_to[d]
    pick = np.isin(codes[d], list(sectors))
    total = float(exports[pick].sum())
    if total <= 0:
        return float("nan")
    return float((content[pick] * exports[pick]).sum() / total)


def va_scale(io: IOTable, domestic_share: float, exporter: str = "MEX") -> float:
    """``domestic_share`` over the table's :func:`domestic_va_content`, at most 1 [-].

    Examples
    --------
    >>> Z = np.array([[0., 0., 0.], [50., 0., 0.], [10., 0., 0.]])
    >>> io = IOTable(Z, np.array([[100.], [50.], [90.]]), np.array([100., 100., 100.]),
    ...     ("MEX_c3", "MEX_c20", "USA_c3"), ("USA_f",))
    >>> round(va_scale(io, 0.45), 3), va_scale(io, 0.95)
    (0.5, 1.0)
    """
    content = domestic_va_content(io, exporter)
    if not np.isfinite(content) or content <= 0:
        return 1.0
    return float(min(1.0, domestic_share / content))
