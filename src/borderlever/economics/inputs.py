"""Edge loaders: the store views the economics layer needs, in one call.

The only module of ``borderlever.economics`` that touches the store; every model function takes
the frames it returns.  Views are the public contracts of the data layers (``docs/economics.md``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from borderlever.economics.inputoutput import IOTable, io_table_from_long


@dataclass(frozen=True)
class EconInputs:
    """The frames :func:`~borderlever.economics.impact.impact_from_sim` takes.

    ``trade`` (port_year_trade), ``gdp`` (gdp), ``io`` (USA/MEX/CAN/ROW table or None),
    ``state_trade`` (state_port_trade with ``state`` = US state, or None), ``crossings``
    (port_month_crossings for 'Trucks' and 'Truck Containers Loaded', or None).
    """

    trade: pd.DataFrame
    gdp: pd.DataFrame
    io: IOTable | None
    state_trade: pd.DataFrame | None
    crossings: pd.DataFrame | None


def load_inputs(store: str | Path | None = None) -> EconInputs:
    """Read the economics inputs from the store (views that are absent become None).

    Raises
    ------
    borderlever.errors.DataError
        Where ``port_year_trade`` or ``gdp`` is absent (they are required).
    """
    import duckdb

    from borderlever.data.store import query  # edge: the only store access of this package
    from borderlever.errors import DataError

    def optional(sql: str) -> pd.DataFrame | None:
        try:
            return query(sql, store=store)
        except duckdb.Error:  # a view not built (yet): the caller notes it
            return None

    trade = optional("SELECT * FROM port_year_trade")
    gdp = optional("SELECT country_iso3, year, gdp_usd FROM gdp")
    if trade is None or gdp is None:
        raise DataError(
            "the store lacks port_year_trade or gdp",
            file=str(store) if store else None,
            expected="a store built with the data-trade layer (`borderlever data build`)",
        )
    out_t = optional("SELECT idx, region_sector, gross_output_usd_m FROM io_output")
    z_t = optional("SELECT supplier_idx, user_idx, value_usd_m FROM io_z")
    f_t = optional(
        "SELECT supplier_idx, column_idx, demand_region, category, value_usd_m FROM io_final_demand"
    )
    io = (
        None if out_t is None or z_t is None or f_t is None else io_table_from_long(out_t, z_t, f_t)
    )
    states = optional(
        "SELECT us_state AS state, port_code, direction, mode, year, value_usd FROM state_port_trade"
    )
    crossings = optional(
        "SELECT port_code, month, measure, count FROM port_month_crossings "
        "WHERE measure IN ('Trucks', 'Truck Containers Loaded')"
    )
    return EconInputs(trade=trade, gdp=gdp, io=io, state_trade=states, crossings=crossings)
