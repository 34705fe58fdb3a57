"""Edge loader: read the store views and build the network (the only store access in network/)."""

from __future__ import annotations

from pathlib import Path

from borderlever.errors import UnknownCodeError
from borderlever.network.classes import BORDERS, CLASS_MEASURE
from borderlever.network.model import PortNetwork, build_network, split_merged_ysleta
from borderlever.network.staffing import StaffingParams


def load_network(
    store: str | Path | None = None,
    border: str | None = "US-Mexico Border",
    staffing: StaffingParams | None = None,
) -> PortNetwork:
    """Build the network from the store's ``ports`` and ``port_month_crossings`` views.

    Before 2020-03 BTS counts Ysleta (2401) inside El Paso (2402); where the store has the CBP
    Texas bridge counts (view ``bridge_month_crossings``) those months are split
    (:func:`~borderlever.network.model.split_merged_ysleta`).

    Parameters
    ----------
    store : path, optional
        DuckDB store (default ``$BORDERLEVER_STORE``; built from bundled tables if missing).
    border : str or None
        'US-Mexico Border', 'US-Canada Border' or None for both.
    staffing : StaffingParams, optional
        The run's staffing parameters (default: the registry's).
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
    ysleta = None
    if {"2401", "2402"} <= set(ports["port_code"].astype(str)):
        from borderlever.data.store import connect

        con = connect(store)
        try:
            names = {
                r[0]
                for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()
            }
        finally:
            con.close()
        if "bridge_month_crossings" in names:
            ysleta = query(
                "SELECT month, measure, SUM(count) AS count FROM bridge_month_crossings "
                f"WHERE port_code = '2401' AND measure IN ({marks}) GROUP BY month, measure",
                measures,
                store=store,
            )
    crossings = split_merged_ysleta(crossings, ysleta)
    return build_network(ports, crossings, border=border, staffing=staffing)
