"""BTS North American TransBorder Freight Data: US trade with Mexico and Canada by port, mode, HS2.

Reads the raw BTS tables in ``transborder_freight/``: table 3 (``dot3``: port x HS chapter x mode)
and table 1 (``dot1``: US state x port x mode x Mexican state / Canadian province), monthly and
annual files, with the code lookups in ``lookups/``.  Writes canonical long tables and the public
views ``port_year_trade``, ``port_month_trade``, ``state_port_trade`` and ``partner_region_trade``.

Rules (see ``docs/data-trade.md``):

- A year with an annual file is taken from it (``basis = 'annual_file'``, 12 months); a year with
  only monthly files is the sum of the months present (``basis = 'monthly_sum'``,
  ``months_covered`` = the number of months).  2020 (9 months) and 2024 (8 months in dot3, 9 in
  dot1) are partial: never compare them with full years.
- ``port_code`` is the 4-character Schedule D code exactly as BTS writes it (``'2304'`` Laredo),
  the same code the BTS Border Crossing Entry Data use for land ports.  Codes ending in ``XX`` are
  customs districts "not elsewhere classified" (``district_nec``); ``60XX`` vessels under own
  power, ``70XX`` low-value shipments, ``80XX`` mail: none of them is a crossing.
- ``shipwt_kg`` is missing (NULL) for exports other than by vessel or air and ``freight_charges_usd``
  for exports to Mexico: the raw files carry 0 there because BTS does not collect them.
- ``containerized_value_usd`` sums rows with ``CONTCODE = '1'``; it is NULL where every row is
  ``'X'`` (not reported: all US exports to Canada, mail, pipeline).

References
----------
U.S. DOT Bureau of Transportation Statistics, North American TransBorder Freight Data, raw data
and codebook, https://www.bts.gov/topics/transborder-raw-data
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from borderlever.data.readers import _transborder_files as tf
from borderlever.data.readers._transborder_schema import (
    HS2,
    PARTNER_REGIONS,
    PORT_MONTH,
    PORT_YEAR,
    PORTS,
    STATE_PORT_YEAR,
    STATE_PORT_YEAR_FULL,
    VIEWS,
)
from borderlever.data.registry import Dataset, Source
from borderlever.data.schema import TableSchema

_DIR = "transborder_freight"

#: SQL fragments shared by the monthly and yearly aggregations (raw text columns -> ours).
_KEYS = """
    CASE COUNTRY WHEN '2010' THEN 'MEX' WHEN '1220' THEN 'CAN' END AS country,
    DEPE AS port_code,
    CASE TRDTYPE WHEN '1' THEN 'export' WHEN '2' THEN 'import' END AS direction,
    CASE DISAGMOT {modes} END AS mode
"""
_MEASURES = """
    sum(CAST("VALUE" AS DOUBLE)) AS value_usd,
    sum(CASE CONTCODE WHEN '1' THEN CAST("VALUE" AS DOUBLE) WHEN '0' THEN 0.0 END)
        AS containerized_value_usd,
    sum(CASE WHEN TRDTYPE = '1' THEN (CASE DF WHEN '2' THEN CAST("VALUE" AS DOUBLE) ELSE 0.0 END)
        END) AS foreign_origin_value_usd,
    sum(CASE WHEN TRDTYPE = '2' OR DISAGMOT IN ('1', '3') THEN CAST(SHIPWT AS DOUBLE) END)
        AS shipwt_kg,
    sum(CASE WHEN NOT (TRDTYPE = '1' AND COUNTRY = '2010') THEN CAST(FREIGHT_CHARGES AS DOUBLE)
        END) AS freight_charges_usd
"""


_KEY_COLUMNS = frozenset(
    {"year", "months_covered", "basis", "country", "port_code", "direction", "mode", "us_state"}
)


def _keys() -> str:
    modes = " ".join(f"WHEN '{code}' THEN '{name}'" for code, name in tf.MODE_NAMES.items())
    return _KEYS.format(modes=modes)


def read_transborder(raw_dir: Path) -> dict[str, pd.DataFrame]:
    """Read every TransBorder file under ``raw_dir/transborder_freight`` into our tables.

    Parameters
    ----------
    raw_dir : Path
        The raw data directory (holding ``transborder_freight/``).

    Returns
    -------
    dict of str to DataFrame
        ``transborder_ports``, ``transborder_hs2``, ``transborder_partner_regions``,
        ``transborder_port_month``, ``transborder_port_year``, ``transborder_dot1_year`` (US state
        x port x mode x partner region) and ``transborder_state_port_year`` (the same summed over
        partner regions).

    Raises
    ------
    DataError
        A file is missing, empty, truncated, lacks a column, holds a non-numeric value or a code
        its lookup does not know (the message names file, row, column and what was expected).
    """
    base = Path(raw_dir) / _DIR
    lookups = tf.read_lookups(base / "lookups")
    raw = base / "raw"
    dot3_m = tf.read_table_files(
        raw.glob("dot3_monthly/dot3_*.csv*"), tf.DOT3_COLUMNS, lookups, monthly=True
    )
    dot3_a = tf.read_table_files(
        raw.glob("dot3_annual/dot3_*.csv*"), tf.DOT3_COLUMNS, lookups, monthly=False
    )
    dot1_m = tf.read_table_files(
        raw.glob("dot1_monthly/dot1_*.csv*"), tf.DOT1_COLUMNS, lookups, monthly=True
    )
    dot1_a = tf.read_table_files(
        raw.glob("dot1_annual/dot1_*.csv*"), tf.DOT1_COLUMNS, lookups, monthly=False
    )
    if dot3_m is None and dot3_a is None:
        from borderlever.errors import DataError

        raise DataError(
            "no TransBorder table 3 files found",
            file=str(raw / "dot3_*"),
            expected="dot3_monthly/dot3_MMYY.csv.gz or dot3_annual/dot3_YYYY.csv.gz files",
        )
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    try:
        out = {
            "transborder_port_month": _monthly(con, dot3_m, ["COMMODITY2 AS hs2"]),
            "transborder_port_year": _yearly(con, dot3_m, dot3_a, ["COMMODITY2 AS hs2"]),
            "transborder_dot1_year": _yearly(
                con,
                dot1_m,
                dot1_a,
                ["USASTATE AS us_state", "coalesce(MEXSTATE, CANPROV) AS partner_region"],
            ),
        }
        out["transborder_state_port_year"] = _without_partner_region(
            con, out["transborder_dot1_year"]
        )
    finally:
        con.close()
    out.update(lookup_frames(lookups))
    return out


def _monthly(
    con: duckdb.DuckDBPyConnection, table: pa.Table | None, extra: list[str]
) -> pd.DataFrame:
    if table is None:
        return _empty(PORT_MONTH)
    con.register("raw_monthly", table)
    sql = f"""
        SELECT CAST(make_date(CAST(YEAR AS INTEGER), CAST(MONTH AS INTEGER), 1) AS TIMESTAMP) AS month, {_keys()},
               {", ".join(extra)}, {_MEASURES}
        FROM raw_monthly GROUP BY ALL ORDER BY ALL
    """
    frame = _frame(con, sql)
    con.unregister("raw_monthly")
    return frame


def _yearly(
    con: duckdb.DuckDBPyConnection,
    monthly: pa.Table | None,
    annual: pa.Table | None,
    extra: list[str],
) -> pd.DataFrame:
    """Annual files where a year has one, else the sum of that year's monthly files."""
    parts = []
    if annual is not None:
        con.register("raw_annual", annual)
        parts.append(
            f"""SELECT CAST(YEAR AS INTEGER) AS year, 12 AS months_covered, 'annual_file' AS basis,
                       {_keys()}, {", ".join(extra)}, {_MEASURES}
                FROM raw_annual GROUP BY ALL"""
        )
    if monthly is not None:
        con.register("raw_monthly", monthly)
        # Years with an annual file come from it; NOT IN over an empty list keeps every year.
        skip = (
            "SELECT DISTINCT YEAR FROM raw_annual"
            if annual is not None
            else "SELECT '' WHERE false"
        )
        parts.append(
            f"""SELECT CAST(YEAR AS INTEGER) AS year,
                       CAST(max(n_months) AS INTEGER) AS months_covered, 'monthly_sum' AS basis,
                       {_keys()}, {", ".join(extra)}, {_MEASURES}
                FROM raw_monthly
                JOIN (SELECT YEAR, count(DISTINCT MONTH) AS n_months FROM raw_monthly GROUP BY YEAR)
                     USING (YEAR)
                WHERE YEAR NOT IN ({skip})
                GROUP BY ALL"""
        )
    if not parts:
        return _empty(STATE_PORT_YEAR_FULL if "us_state" in " ".join(extra) else PORT_YEAR)
    frame = _frame(con, " UNION ALL ".join(parts) + " ORDER BY ALL")
    for name, table in (("raw_annual", annual), ("raw_monthly", monthly)):
        if table is not None:
            con.unregister(name)
    return frame


def _without_partner_region(con: duckdb.DuckDBPyConnection, dot1: pd.DataFrame) -> pd.DataFrame:
    """Table 1 summed over Mexican states / Canadian provinces (US state x port x mode)."""
    if dot1.empty:
        return _empty(STATE_PORT_YEAR)
    con.register("dot1_year", dot1)
    keys = ", ".join(c for c in STATE_PORT_YEAR.column_names if c in _KEY_COLUMNS)
    sums = ", ".join(
        f"sum({c}) AS {c}" for c in STATE_PORT_YEAR.column_names if c not in _KEY_COLUMNS
    )
    frame = _frame(con, f"SELECT {keys}, {sums} FROM dot1_year GROUP BY ALL ORDER BY ALL")
    con.unregister("dot1_year")
    return frame


def _empty(schema: TableSchema) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in schema.column_names})


def _frame(con: duckdb.DuckDBPyConnection, sql: str) -> pd.DataFrame:
    """Run ``sql`` and return a frame (through Arrow: several times faster than ``.df()``)."""
    return con.sql(sql).to_arrow_table().to_pandas()


def lookup_frames(lookups: Mapping[str, Mapping[str, object]]) -> dict[str, pd.DataFrame]:
    """The port, HS2 and partner-region lookups as tables."""
    ports = []
    for code, info in lookups["DEPE"].items():
        info = info if isinstance(info, dict) else {"port": info}
        ports.append(
            {
                "port_code": code,
                "port_name": info.get("port"),
                "district": info.get("district"),
                "state": info.get("state"),
                "district_nec": code.endswith("XX"),
            }
        )
    hs2 = [{"hs2": k, "description": str(v)} for k, v in lookups["COMMODITY2"].items()]
    regions = [
        {"country": iso3, "region_code": k, "region_name": str(v)}
        for iso3, col in (("USA", "USASTATE"), ("MEX", "MEXSTATE"), ("CAN", "CANPROV"))
        for k, v in lookups[col].items()
    ]
    return {
        "transborder_ports": pd.DataFrame(ports),
        "transborder_hs2": pd.DataFrame(hs2),
        "transborder_partner_regions": pd.DataFrame(regions),
    }


#: Bundled years: the two latest full years of the raw snapshot (2024 has only 8-9 months).
BUNDLE_YEARS = (2022, 2023)

DATASET = Dataset(
    name="transborder_freight",
    title="BTS North American TransBorder Freight Data (port x HS2 x mode; US state x port x mode)",
    source=Source(
        publisher="U.S. DOT Bureau of Transportation Statistics (from U.S. Census Bureau trade data)",
        url="https://www.bts.gov/topics/transborder-raw-data",
        licence="public domain (US government work)",
        vintage="BTS raw files as published to 2025-02 (2020-01..2024-09, monthly and 2021-2022 annual)",
        files=(
            f"{_DIR}/raw/dot3_monthly/dot3_*.csv.gz",
            f"{_DIR}/raw/dot3_annual/dot3_*.csv.gz",
            f"{_DIR}/raw/dot1_monthly/dot1_*.csv.gz",
            f"{_DIR}/raw/dot1_annual/dot1_*.csv.gz",
            f"{_DIR}/lookups/*.json",
        ),
    ),
    tables=(
        PORTS,
        HS2,
        PARTNER_REGIONS,
        PORT_MONTH,
        PORT_YEAR,
        STATE_PORT_YEAR_FULL,
        STATE_PORT_YEAR,
    ),
    read=read_transborder,
    views=VIEWS,
    bundle={
        "transborder_ports": None,
        "transborder_hs2": None,
        "transborder_partner_regions": None,
        "transborder_port_year": f"year IN {BUNDLE_YEARS}",
        "transborder_state_port_year": f"year = {BUNDLE_YEARS[-1]}",
    },
)
