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
    dated = [c for c, t in cols if t in ("DATE", "TIMESTAMP")]
    yearly = [c for c, t in cols if c == "year"]
    rng = (dated or yearly or [None])[0]
    sel = f', min("{rng}"), max("{rng}")' if rng else ", NULL, NULL"
    rows, lo, hi = con.execute(f'SELECT count(*){sel} FROM "{name}"').fetchone()
    return {
        "name": name,
        "kind": "view" if kind == "VIEW" else "table",
        "rows": int(rows),
        "range_column": rng,
        "from": str(lo)[:10] if lo is not None else None,
        "to": str(hi)[:10] if hi is not None else None,
    }


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
        if code not in set(ports["port_code"]):
            known = [f"{c}" for c in ports["port_code"]]
            raise UnknownCodeError("port code", code, known)
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
                "SELECT year, direction, mode, sum(value_usd) AS value_usd FROM port_year_trade "
                "WHERE port_code = ? AND year = (SELECT max(year) FROM port_year_trade WHERE port_code = ?) "
                "GROUP BY year, direction, mode ORDER BY direction, value_usd DESC",
                [code, code],
            ).df()
    finally:
        con.close()
    return {"port": port, "traffic": traffic, "trade": trade}
