"""Names of the WIOD 2013 industries (``c1`` .. ``c35``), for reports.

References
----------
Timmer, M. P. ed. (2012), The World Input-Output Database (WIOD): Contents, Sources and Methods,
WIOD Working Paper 10, table 3. Read from the project's bundled ``io_sectors`` table (built by
``borderlever data build`` from the WIOD sector list; its JSON sidecar names the source file).
"""

from __future__ import annotations

import functools

import pyarrow.parquet as pq

from borderlever.data.bundle import bundled_paths


@functools.cache
def sector_names() -> dict[str, str]:
    """WIOD 2013 industry code -> name.

    Examples
    --------
    >>> sector_names()["c15"]
    'Transport Equipment'
    >>> len(sector_names())
    35
    """
    parquet, _sidecar = bundled_paths("io_sectors")
    table = pq.read_table(parquet, columns=["sector", "label"]).to_pydict()
    return dict(zip(table["sector"], table["label"], strict=True))


def sector_label(code: str) -> str:
    """``'Transport Equipment'`` for ``'c15'``; an unknown code is returned as it is.

    Examples
    --------
    >>> sector_label("c3"), sector_label("x9")
    ('Food, Beverages and Tobacco', 'x9')
    """
    return sector_names().get(str(code), str(code))
