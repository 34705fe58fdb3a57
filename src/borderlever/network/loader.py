"""Edge loader: read the store views and build the network (the only store access in network/)."""

from __future__ import annotations

from pathlib import Path

from borderlever.errors import UnknownCodeError
from borderlever.network.classes import BORDERS, CLASS_MEASURE
from borderlever.network.model import PortNetwork, build_network


def load_network(
    store: str | Path | None = None, border: str | None = "US-Mexico Border"
) -> PortNetwork:
    """Build the network from the store's ``ports`` and ``port_month_crossings`` views.

    Parameters
    ----------
    store : path, optional
        DuckDB store (default ``$BORDERLEVER_STORE``; built from bundled tables if missing).
    border : str or None
        'US-Mexico Border', 'US-Canada Border' or None for both.
    """
    from borderlever.data.store import query

    if border is not None and border not in BORDERS:
        raise UnknownCodeError("border", border, BORDERS)
    where, params = ("WHERE border = ?", [border]) if border else ("", [])
    ports = query(
        f"SELECT port_code, port_name, state, border, lat, lon FROM ports {where}",
        params,
        store=store,
    )
    measures = sorted(set(CLASS_MEASURE.values()))
    marks = ", ".join("?" for _ in measures)
    crossings = query(
        f"SELECT c.port_code, c.month, c.measure, c.count FROM port_month_crossings c "
        f"JOIN ports p USING (port_code) {where.replace('border', 'p.border')} "
        f"{'AND' if where else 'WHERE'} c.measure IN ({marks})",
        [*params, *measures],
        store=store,
    )
    return build_network(ports, crossings, border=border)
