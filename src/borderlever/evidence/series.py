"""Named monthly series for event studies: a registry mapping NAME -> the store SQL that measures it.

Every query returns two columns, ``month`` (first of month) and ``value``.  The module holds no
store access of its own: :func:`load_series` takes a ``query(sql, params) -> DataFrame`` callable
(the CLI passes :func:`borderlever.data.store.query` bound to a store path), so the evidence package
stays a pure model package.

Port truck series are a family: ``trucks_<port_code>`` for any BTS port code (``trucks_2304`` =
Laredo), plus ``trucks_sw_border`` for all US-Mexico ports.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from borderlever.errors import DataError, UnknownCodeError

QueryFn = Callable[..., pd.DataFrame]


@dataclass(frozen=True)
class SeriesSpec:
    """A named series: its SQL, unit and source, and any caveat a reader must know."""

    name: str
    title: str
    unit: str
    sql: str
    source: str
    caveat: str = ""
    params: tuple[Any, ...] = ()


_ENC = (
    "SELECT month, SUM(count)::DOUBLE AS value FROM monthly_encounters "
    "WHERE region = 'Southwest Land Border' AND {where} GROUP BY month ORDER BY month"
)
_ENC_CAVEAT = "encounters are events, not people: one person caught twice counts twice"
_SECTORS = {
    "big_bend": "Big Bend",
    "del_rio": "Del Rio",
    "el_centro": "El Centro",
    "el_paso": "El Paso",
    "laredo": "Laredo",
    "rio_grande_valley": "Rio Grande Valley",
    "san_diego": "San Diego",
    "tucson": "Tucson",
    "yuma": "Yuma",
}
_VSRR = (
    "SELECT month, MAX(deaths_12mo)::DOUBLE AS value FROM monthly_overdose_deaths "
    "WHERE indicator = ? GROUP BY month ORDER BY month"
)
_FENT = (
    "SELECT month, SUM(lbs)::DOUBLE AS value FROM monthly_seizures WHERE drug = 'Fentanyl' "
    "AND component IN ({components}) GROUP BY month ORDER BY month"
)
_MX = (
    "SELECT month, SUM(value)::DOUBLE AS value FROM mexico_enforcement_monthly "
    "WHERE measure = ? GROUP BY month ORDER BY month"
)
_TRUCKS = (
    "SELECT month, SUM(count)::DOUBLE AS value FROM port_month_crossings "
    "WHERE measure = 'Trucks' AND {where} GROUP BY month ORDER BY month"
)
_CBP = "CBP Southwest Land Border Encounters; CBP USBP FY2000-FY2020; DHS OHSS KHSM"
_REGION_ENC = (
    "SELECT month, SUM(count)::DOUBLE AS value FROM monthly_encounters "
    "WHERE region = ? AND component = ? AND sector = 'All' GROUP BY month ORDER BY month"
)
_REGION_SEIZ = (
    "SELECT month, SUM(lbs)::DOUBLE AS value FROM monthly_seizures WHERE drug = ? "
    "AND region = ? AND component IN ('OFO', 'USBP') GROUP BY month ORDER BY month"
)
#: Control series: places and things the Mexico levers did not act on (docs/evidence.md).
_CONTROLS = (
    (
        "nb_encounters_usbp",
        "Northern Land Border",
        "USBP",
        "Border Patrol encounters, Northern Land Border",
    ),
    (
        "nb_encounters_ofo",
        "Northern Land Border",
        "OFO",
        "OFO encounters, Northern Land Border ports",
    ),
    (
        "coastal_encounters_usbp",
        "Coastal Border",
        "USBP",
        "Border Patrol encounters, Coastal Border",
    ),
    (
        "air_encounters_ofo",
        "Air Ports of Entry/Interior",
        "OFO",
        "OFO encounters at air ports of entry and the interior",
    ),
)
_SEIZ_CONTROLS = (
    (
        "cocaine_seized_lb_coastal",
        "Cocaine",
        "Coastal/Interior",
        "Cocaine seized by OFO + USBP, coastal and interior",
    ),
    (
        "meth_seized_lb_coastal",
        "Methamphetamine",
        "Coastal/Interior",
        "Methamphetamine seized by OFO + USBP, coastal and interior",
    ),
)


def _registry() -> dict[str, SeriesSpec]:
    specs = [
        SeriesSpec(
            "sw_encounters_usbp",
            "Southwest border encounters, Border Patrol (between ports)",
            "encounters",
            _ENC.format(where="component = 'USBP' AND sector = 'All'"),
            _CBP,
            _ENC_CAVEAT,
        ),
        SeriesSpec(
            "sw_encounters_total",
            "Southwest border encounters, USBP + OFO (ports)",
            "encounters",
            _ENC.format(where="sector = 'All'").replace(
                "GROUP BY month", "GROUP BY month HAVING COUNT(DISTINCT component) = 2"
            ),
            _CBP,
            _ENC_CAVEAT + "; OFO counts start FY2004 (OHSS), unrounded from FY2019",
        ),
        SeriesSpec(
            "fentanyl_seized_lb",
            "Fentanyl seized by CBP, OFO + USBP (all regions)",
            "lb",
            _FENT.format(components="'OFO', 'USBP'"),
            "CBP Nationwide Drug Seizures",
            "seizures measure enforcement activity and luck, not the flow of drugs",
        ),
        SeriesSpec(
            "fentanyl_seized_lb_ofo",
            "Fentanyl seized by OFO (ports of entry)",
            "lb",
            _FENT.format(components="'OFO'"),
            "CBP Nationwide Drug Seizures",
        ),
        SeriesSpec(
            "fentanyl_seized_lb_usbp",
            "Fentanyl seized by USBP (between ports)",
            "lb",
            _FENT.format(components="'USBP'"),
            "CBP Nationwide Drug Seizures",
        ),
        SeriesSpec(
            "synthetic_opioid_deaths_12mo",
            "US deaths involving synthetic opioids excl. methadone (T40.4), 12 months ending",
            "deaths",
            _VSRR,
            "CDC NCHS VSRR provisional drug overdose death counts",
            "12-month-ending sums are smoothed: months are not independent (prefer ucm_log)",
            ("synthetic_opioids",),
        ),
        SeriesSpec(
            "overdose_deaths_12mo",
            "US drug overdose deaths, all drugs, 12 months ending",
            "deaths",
            _VSRR,
            "CDC NCHS VSRR provisional drug overdose death counts",
            "12-month-ending sums are smoothed: months are not independent (prefer ucm_log)",
            ("all_drug_overdose",),
        ),
        SeriesSpec(
            "mx_inm_detentions",
            "Mexico: foreigners presented to the migration authority (UPM cuadro 3.1)",
            "events",
            _MX,
            "SEGOB UPM Boletín Mensual de Estadísticas Migratorias (2019-2021)",
            "events, not people; only 2019-2021 in the store",
            ("upm_detention_events",),
        ),
        SeriesSpec(
            "mx_guard_deployed",
            "Mexico: National Guard personnel deployed (all states)",
            "personnel",
            _MX,
            "Guardia Nacional transparency response (Jul 2019-Jul 2021)",
            "reported stock, often constant for months",
            ("guardia_nacional_personnel",),
        ),
        SeriesSpec(
            "trucks_sw_border",
            "Trucks entering the US at all US-Mexico ports",
            "trucks",
            _TRUCKS.format(
                where="port_code IN (SELECT port_code FROM ports WHERE border = 'US-Mexico Border')"
            ),
            "BTS Border Crossing Entry Data (CBP counts)",
            "inbound trucks, loaded or empty",
        ),
    ]
    for slug, label in _SECTORS.items():
        specs.append(
            SeriesSpec(
                f"usbp_sector_{slug}",
                f"Border Patrol encounters, {label} sector",
                "encounters",
                "SELECT month, SUM(count)::DOUBLE AS value FROM monthly_encounters WHERE component = "
                "'USBP' AND region = 'Southwest Land Border' AND sector ILIKE ? GROUP BY month "
                "ORDER BY month",
                _CBP,
                _ENC_CAVEAT,
                (f"{label}%",),
            )
        )
    for name, region, comp, title in _CONTROLS:
        specs.append(
            SeriesSpec(name, title, "encounters", _REGION_ENC, _CBP, _ENC_CAVEAT, (region, comp))
        )
    for name, drug, region, title in _SEIZ_CONTROLS:
        specs.append(
            SeriesSpec(
                name,
                title,
                "lb",
                _REGION_SEIZ,
                "CBP Nationwide Drug Seizures",
                "seizures measure enforcement activity and luck, not the flow of drugs",
                (drug, region),
            )
        )
    return {s.name: s for s in specs}


SERIES: dict[str, SeriesSpec] = _registry()
_PORT_SERIES = re.compile(r"^trucks_(\d{4})$")


def get_series(name: str) -> SeriesSpec:
    """The spec for ``name`` (``trucks_<port_code>`` is built on demand).

    Examples
    --------
    >>> get_series("trucks_2304").params
    ('2304',)
    """
    if name in SERIES:
        return SERIES[name]
    match = _PORT_SERIES.match(name)
    if match:
        code = match.group(1)
        return SeriesSpec(
            name,
            f"Trucks entering the US at port {code}",
            "trucks",
            _TRUCKS.format(
                where="series_port_code = (SELECT MIN(series_port_code) "
                "FROM port_month_crossings WHERE port_code = ?)"
            ),
            "BTS Border Crossing Entry Data (CBP counts)",
            "inbound trucks, loaded or empty; ports split over time are summed "
            "(El Paso 2402 includes Ysleta 2401, reported apart from Mar 2020)",
            (code,),
        )
    raise UnknownCodeError("series", name, [*SERIES, "trucks_<port_code>"])


def load_series(name: str, query: QueryFn) -> pd.Series:
    """Run the series' SQL through ``query`` -> monthly Series named ``name`` [its unit].

    Raises
    ------
    UnknownCodeError
        Unknown name (with did-you-mean).
    DataError
        The query returns no rows (e.g. an unknown port code, or the table is empty).
    """
    spec = get_series(name)
    frame = query(spec.sql, list(spec.params))
    if frame.empty:
        raise DataError(f"series {name}: the store returned no rows", expected=spec.title)
    idx = pd.DatetimeIndex(pd.to_datetime(frame["month"])).to_period("M").to_timestamp()
    return pd.Series(frame["value"].to_numpy(float), index=idx, name=name)
