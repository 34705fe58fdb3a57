"""Names of the WIOD 2013 industries (``c1`` .. ``c35``), for reports.

References
----------
Timmer, M. P. ed. (2012), The World Input-Output Database (WIOD): Contents, Sources and Methods,
WIOD Working Paper 10, table 3 (``economics/data/wiod2013_sectors.csv``; SOURCES.md there).
"""

from __future__ import annotations

import csv
import functools
import io
from importlib import resources


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
    path = resources.files("borderlever.economics").joinpath("data/wiod2013_sectors.csv")
    text = path.read_text(encoding="utf-8")
    return {row["code"]: row["label"] for row in csv.DictReader(io.StringIO(text))}


def sector_label(code: str) -> str:
    """``'Transport Equipment'`` for ``'c15'``; an unknown code is returned as it is.

    Examples
    --------
    >>> sector_label("c3"), sector_label("x9")
    ('Food, Beverages and Tobacco', 'x9')
    """
    return sector_names().get(str(code), str(code))
