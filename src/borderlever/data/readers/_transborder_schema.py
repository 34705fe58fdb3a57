"""Declared tables and public views of the TransBorder dataset (see ``transborder_freight``)."""

from __future__ import annotations

from borderlever.data.schema import Column, TableSchema

_PORT = Column(
    "port_code",
    "VARCHAR",
    "-",
    "Schedule D port code, 4 characters as BTS writes it ('2304' Laredo); 'NNXX' = customs "
    "district n.e.c.; equals the BTS Border Crossing Entry Data code for land ports",
)
_COUNTRY = Column("country", "VARCHAR", "-", "US partner, ISO3: 'MEX' or 'CAN'")
_DIRECTION = Column(
    "direction",
    "VARCHAR",
    "-",
    "'export' (US export, TRDTYPE 1) or 'import' (US import, TRDTYPE 2)",
)
_MODE = Column(
    "mode",
    "VARCHAR",
    "-",
    "transport mode at the border: truck, rail, pipeline, air, vessel, mail, other, ftz "
    "(foreign trade zone)",
)
_HS2 = Column("hs2", "VARCHAR", "-", "HS chapter, 2 characters ('87' vehicles)")
_YEAR = Column("year", "INTEGER", "year", "calendar year")
_MONTHS = Column(
    "months_covered",
    "INTEGER",
    "months",
    "months of data in the year's value (12 for a full year; 2020 has 9, 2024 has 8 or 9)",
)
_BASIS = Column(
    "basis",
    "VARCHAR",
    "-",
    "'annual_file' (BTS annual file) or 'monthly_sum' (sum of the monthly files present)",
)
_MEASURES = (
    Column("value_usd", "DOUBLE", "USD", "trade value, current USD (Census customs/FAS value)"),
    Column(
        "containerized_value_usd",
        "DOUBLE",
        "USD",
        "part of value_usd shipped containerized (CONTCODE 1); NULL where not reported",
        nullable=True,
    ),
    Column(
        "foreign_origin_value_usd",
        "DOUBLE",
        "USD",
        "exports only: part of value_usd that is foreign merchandise re-exported (DF 2); NULL "
        "for imports",
        nullable=True,
    ),
    Column(
        "shipwt_kg",
        "DOUBLE",
        "kg",
        "shipping weight; NULL for exports other than vessel and air (not collected)",
        nullable=True,
    ),
    Column(
        "freight_charges_usd",
        "DOUBLE",
        "USD",
        "freight charges as reported; NULL for exports to Mexico (not collected)",
        nullable=True,
    ),
)

PORTS = TableSchema(
    "transborder_ports",
    "Schedule D port and district codes used in TransBorder (lookups/schedule_d_port_codes.json)",
    (
        _PORT,
        Column("port_name", "VARCHAR", "-", "port name as in the BTS codebook"),
        Column("district", "VARCHAR", "-", "customs district", nullable=True),
        Column("state", "VARCHAR", "-", "US state (USPS) of the port", nullable=True),
        Column(
            "district_nec",
            "BOOLEAN",
            "-",
            "code ends in XX: district not elsewhere classified (not a single port)",
        ),
    ),
    primary_key=("port_code",),
)
HS2 = TableSchema(
    "transborder_hs2",
    "HS chapter labels (lookups/commodity_codes.json)",
    (_HS2, Column("description", "VARCHAR", "-", "chapter title")),
    primary_key=("hs2",),
)
PARTNER_REGIONS = TableSchema(
    "transborder_partner_regions",
    "US state, Mexican state and Canadian province codes used by TransBorder table 1",
    (
        Column("country", "VARCHAR", "-", "'USA', 'MEX' or 'CAN'"),
        Column("region_code", "VARCHAR", "-", "TransBorder code (USPS for US states)"),
        Column("region_name", "VARCHAR", "-", "name"),
    ),
    primary_key=("country", "region_code"),
)
PORT_MONTH = TableSchema(
    "transborder_port_month",
    "TransBorder table 3 monthly files: trade by month, port, direction, mode and HS chapter",
    (
        Column("month", "DATE", "-", "first day of the month"),
        _COUNTRY,
        _PORT,
        _DIRECTION,
        _MODE,
        _HS2,
        *_MEASURES,
    ),
    primary_key=("month", "country", "port_code", "direction", "mode", "hs2"),
)
PORT_YEAR = TableSchema(
    "transborder_port_year",
    "TransBorder table 3 by year: annual files where present, else the sum of the monthly files",
    (_YEAR, _MONTHS, _BASIS, _COUNTRY, _PORT, _DIRECTION, _MODE, _HS2, *_MEASURES),
    primary_key=("year", "country", "port_code", "direction", "mode", "hs2"),
)
_US_STATE = Column(
    "us_state",
    "VARCHAR",
    "-",
    "US state (USPS code; 'DU' unknown): origin of movement for exports, destination for imports",
)
STATE_PORT_YEAR_FULL = TableSchema(
    "transborder_dot1_year",
    "TransBorder table 1 by year: US state x port x mode x Mexican state / Canadian province "
    "(annual files where present, else the sum of the monthly files)",
    (
        _YEAR,
        _MONTHS,
        _BASIS,
        _COUNTRY,
        _PORT,
        _DIRECTION,
        _MODE,
        _US_STATE,
        Column(
            "partner_region",
            "VARCHAR",
            "-",
            "Mexican state (exports to Mexico only; 'XX'/'OT' unknown) or Canadian province code; "
            "NULL where not recorded (US imports from Mexico)",
            nullable=True,
        ),
        *_MEASURES,
    ),
    primary_key=(
        "year",
        "country",
        "port_code",
        "direction",
        "mode",
        "us_state",
        "partner_region",
    ),
)
STATE_PORT_YEAR = TableSchema(
    "transborder_state_port_year",
    "TransBorder table 1 by year summed over partner regions: US state x port x mode x direction",
    (_YEAR, _MONTHS, _BASIS, _COUNTRY, _PORT, _DIRECTION, _MODE, _US_STATE, *_MEASURES),
    primary_key=("year", "country", "port_code", "direction", "mode", "us_state"),
)

_MEASURE_SQL = (
    "value_usd, containerized_value_usd, foreign_origin_value_usd, shipwt_kg, freight_charges_usd"
)
_SUMS_SQL = ", ".join(
    f"sum({m}) AS {m}"
    for m in (
        "value_usd",
        "containerized_value_usd",
        "foreign_origin_value_usd",
        "shipwt_kg",
        "freight_charges_usd",
    )
)

VIEWS: dict[str, str] = {
    # Public contract: port_code, year, direction, mode, hs2, value_usd, months_covered, country.
    "port_year_trade": """
        SELECT t.port_code, t.year, t.direction, t.mode, t.hs2, t.value_usd, t.months_covered,
               t.country, t.basis, t.containerized_value_usd, t.foreign_origin_value_usd,
               t.shipwt_kg, t.freight_charges_usd,
               p.port_name, p.state AS port_state, p.district_nec
        FROM transborder_port_year t LEFT JOIN transborder_ports p USING (port_code)""",
    "port_month_trade": f"""
        SELECT t.port_code, t.month, CAST(year(t.month) AS INTEGER) AS year, t.direction, t.mode,
               t.hs2, t.country, {_MEASURE_SQL}, p.port_name, p.state AS port_state
        FROM transborder_port_month t LEFT JOIN transborder_ports p USING (port_code)""",
    "state_port_trade": f"""
        SELECT t.us_state, r.region_name AS us_state_name, t.port_code, t.mode, t.direction,
               t.year, t.country, t.months_covered, {_MEASURE_SQL}
        FROM transborder_state_port_year t
        LEFT JOIN transborder_partner_regions r
               ON r.country = 'USA' AND r.region_code = t.us_state""",
    "partner_region_trade": f"""
        SELECT t.country, t.partner_region, r.region_name AS partner_region_name, t.port_code,
               t.mode, t.direction, t.year, t.months_covered, {_SUMS_SQL}
        FROM transborder_dot1_year t
        LEFT JOIN transborder_partner_regions r
               ON r.country = t.country AND r.region_code = t.partner_region
        GROUP BY ALL""",
}
