"""Facts about the store for ``borderlever data info`` and ``borderlever ports``.

Edge code: opens the store read-only and returns plain dicts and frames.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from borderlever.data.store import connect, resolve_store
from borderlever.errors import UnknownCodeError

BORDERS = {"mexico": "US-Mexico Border", "canada": "US-Canada Border"}


def store_info(store: str | Path | None = None) -> dict[str, Any]:
    """Store path, build facts, sources, and rows and date range of every table and view."""
    path = resolve_store(store)
    con = connect(path)
    try:
        built = con.execute("SELECT * FROM build_info").df().iloc[0].to_dict()
        sources = con.execute("SELECT * FROM sources ORDER BY dataset, file").df()
        rels = con.execute(
            "SELECT table_name AS name, table_type FROM information_schema.tables "
            "WHERE table_schema = 'main' ORDER BY table_name"
        ).fetchall()
        relations = [_relation(con, name, kind) for name, kind in rels]
    finally:
        con.close()
    return {
        "store": str(path),
        "built_at_utc": built["built_at_utc"],
        "raw_dir": built["raw_dir"],
        "package_version": built["package_version"],
        "sources": sources.astype(object).where(sources.notna(), None).to_dict("records"),
        "relations": relations,
    }


def _relation(con: Any, name: str, kind: str) -> dict[str, Any]:
    cols = con.execute(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_name = ? ORDER BY ordinal_position",
        [name],
    ).fetchall()
    lo_sql, hi_sql, rng = _range_columns(cols)
    rows, lo, hi = con.execute(f'SELECT count(*), {lo_sql}, {hi_sql} FROM "{name}"').fetchone()
    return {
        "name": name,
        "kind": "view" if kind == "VIEW" else "table",
        "rows": int(rows),
        "range_column": rng,
        "from": str(lo)[:10] if lo is not None else None,
        "to": str(hi)[:10] if hi is not None else None,
    }


_RANGE_NAMES = ("month", "year", "observed_at", "date")


def _range_columns(cols: list[tuple[str, str]]) -> tuple[str, str, str | None]:
    """SQL for the start and end of a relation's time range, and the column it is taken from."""
    names = {c for c, _ in cols}
    for c in _RANGE_NAMES:
        if c in names:
            return f'min("{c}")', f'max("{c}")', c
    if {"first_month", "last_month"} <= names:
        return 'min("first_month")', 'max("last_month")', "first_month..last_month"
    dated = [c for c, t in cols if t in ("DATE", "TIMESTAMP")]
    if dated:
        return f'min("{dated[0]}")', f'max("{dated[0]}")', dated[0]
    return "NULL", "NULL", None


def port_list(border: str | None = None, store: str | Path | None = None) -> pd.DataFrame:
    """The ``ports`` view, optionally one border (``mexico`` or ``canada``)."""
    from borderlever.errors import ConfigError

    sql = "SELECT port_code, port_name, state, border, lat, lon FROM ports"
    params: list[Any] = []
    if border is not None:
        if border not in BORDERS:
            raise ConfigError(f"--border {border!r}: allowed values are {sorted(BORDERS)}")
        sql += " WHERE border = ?"
        params.append(BORDERS[border])
    con = connect(store)
    try:
        return con.execute(sql + " ORDER BY port_code", params).df()
    finally:
        con.close()


def resolve_port_code(code: str, ports: pd.DataFrame) -> str:
    """``code`` if it is a port code, else the code of the port of that name (case ignored).

    Raises
    ------
    UnknownCodeError
        Neither; the message suggests close codes or names.

    Examples
    --------
    >>> ports = pd.DataFrame({"port_code": ["2304", "2506"], "port_name": ["Laredo", "Otay Mesa"]})
    >>> resolve_port_code("otay mesa", ports), resolve_port_code("2304", ports)
    ('2506', '2304')
    """
    if code in set(ports["port_code"]):
        return code
    by_name = {
        str(n).lower(): c for c, n in zip(ports["port_code"], ports["port_name"], strict=True)
    }
    if code.strip().lower() in by_name:
        return str(by_name[code.strip().lower()])
    known = [*ports["port_code"].astype(str), *ports["port_name"].astype(str)]
    raise UnknownCodeError("port code", code, known)


def port_detail(code: str, store: str | Path | None = None) -> dict[str, Any]:
    """Port facts, traffic by measure over its last 12 reported months, trade if the store has it.

    Raises
    ------
    UnknownCodeError
        ``code`` is not a port code (the message suggests close codes and names).
    """
    con = connect(store)
    try:
        ports = con.execute("SELECT * FROM ports ORDER BY port_code").df()
        code = resolve_port_code(code, ports)
        port = ports[ports["port_code"] == code].iloc[0].to_dict()
        traffic = con.execute(
            "WITH last AS (SELECT max(month) AS m FROM port_month_crossings WHERE port_code = ?) "
            "SELECT measure, sum(count) AS count_12mo, min(month) AS first_month, max(month) AS last_month "
            "FROM port_month_crossings, last WHERE port_code = ? AND month > m - INTERVAL 12 MONTH "
            "GROUP BY measure ORDER BY count_12mo DESC",
            [code, code],
        ).df()
        trade = None
        has_trade = con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'port_year_trade'"
        ).fetchone()
        if has_trade and has_trade[0]:
            trade = con.execute(
                "SELECT year, direction, mode, sum(value_usd) AS value_usd, "
                "max(months_covered) AS months_covered FROM port_year_trade "
                # the latest full year (a year of monthly files may cover only part of it);
                # the latest year of any length where the port has no full year
                "WHERE port_code = ? AND year = (SELECT coalesce("
                "max(year) FILTER (WHERE months_covered = 12), max(year)) "
                "FROM port_year_trade WHERE port_code = ?) "
                "GROUP BY year, direction, mode ORDER BY direction, value_usd DESC",
                [code, code],
            ).df()
    finally:
        con.close()
    return {"port": port, "traffic": traffic, "trade": trade}
