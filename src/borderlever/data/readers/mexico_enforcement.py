"""Mexico: National Guard personnel deployed and INM/UPM migrant-detention events, by state, monthly.

Six hand-reshaped workbooks (one row per state, one column per Spanish month) from the MUCD
project "Despliegue Guardia Nacional y detenciones migratorias": Guardia Nacional deployment
Jul 2019 - Jul 2021 (transparency-request answers) and SEGOB/UPM Boletín Mensual cuadro 3.1,
"eventos de extranjeros presentados ante la autoridad migratoria", Jan 2019 - Jul 2021.  The repo's
own merged CSV (``guardia_estaciones_final.csv``) is derived from them and only used as a check.

Measures: ``guardia_nacional_personnel`` (a stock: elements deployed in the state that month,
often reported unchanged for months) and ``upm_detention_events`` (a flow: events, a person held
twice counts twice).  Known quirk left uncorrected: March 2021 deployment values of Coahuila,
Colima and Ciudad de México look rotated among the three rows (the national total is unaffected).

References
----------
SEGOB, Unidad de Política Migratoria, Boletín Mensual de Estadísticas Migratorias, cuadro 3.1,
http://www.politicamigratoria.gob.mx/es/PoliticaMigratoria/Boletines_Estadisticos
MUCD, https://github.com/FelipeSaNa/despliegue-guardia-nacional
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from borderlever.data.readers._calendar import SPANISH_ABBR
from borderlever.data.readers._io import (
    check_known,
    find_file,
    open_sheet,
    require_columns,
    to_numeric,
)
from borderlever.data.registry import Dataset, Source
from borderlever.data.schema import Column, TableSchema
from borderlever.errors import DataError

#: INEGI state codes (cve_entidad) of the state names the workbooks use.
STATE_CODES: dict[str, str] = {
    "Aguascalientes": "01",
    "Baja California": "02",
    "Baja California Sur": "03",
    "Campeche": "04",
    "Coahuila": "05",
    "Colima": "06",
    "Chiapas": "07",
    "Chihuahua": "08",
    "Ciudad de México": "09",
    "Durango": "10",
    "Guanajuato": "11",
    "Guerrero": "12",
    "Hidalgo": "13",
    "Jalisco": "14",
    "Estado de México": "15",
    "Michoacán": "16",
    "Morelos": "17",
    "Nayarit": "18",
    "Nuevo León": "19",
    "Oaxaca": "20",
    "Puebla": "21",
    "Querétaro": "22",
    "Quintana Roo": "23",
    "San Luis Potosí": "24",
    "Sinaloa": "25",
    "Sonora": "26",
    "Tabasco": "27",
    "Tamaulipas": "28",
    "Tlaxcala": "29",
    "Veracruz": "30",
    "Yucatán": "31",
    "Zacatecas": "32",
}
#: Other spellings in the workbooks -> the name used in the table.
STATE_ALIASES = {"México": "Estado de México"}
#: measure -> (file glob, acceptable sheet names).
MEASURES: dict[str, tuple[str, tuple[str, ...]]] = {
    "guardia_nacional_personnel": ("mexico_enforcement/guardia_20[0-9][0-9].xlsx", ("Hoja1",)),
    "upm_detention_events": (
        "mexico_enforcement/extranjeros_estacion_20[0-9][0-9].xlsx",
        ("Cuadro 3.1",),
    ),
}
MERGED_CHECK_FILE = "mexico_enforcement/guardia_estaciones_final.csv"


def read_state_month_workbook(path: Path, measure: str, sheets: tuple[str, ...]) -> pd.DataFrame:
    """A wide state x month workbook (``entidad, ano, ene ... dic``) -> long rows.

    Returns
    -------
    DataFrame
        ``month, state, state_code, measure, value, source``; blank cells are dropped.

    Raises
    ------
    DataError
        Missing sheet or column, unknown state, a year that is not one number, a month column
        that is not a Spanish abbreviation, or a non-numeric value.
    """
    path = Path(path)
    where = str(path)
    frame = open_sheet(path, sheets, dtype=str)
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    require_columns(frame, ["entidad", "ano"], file=where)
    frame = frame.dropna(subset=["entidad"]).reset_index(drop=True)
    frame["entidad"] = frame["entidad"].str.strip().replace(STATE_ALIASES)
    check_known(frame["entidad"], STATE_CODES, kind="state", file=where, column="entidad")
    years = to_numeric(frame["ano"], file=where, column="ano")
    if years.nunique() != 1 or years.isna().any():
        raise DataError(
            "the year column must hold one year", file=where, column="ano", expected="one year"
        )
    months = [c for c in frame.columns if c not in ("entidad", "ano")]
    unknown = [c for c in months if c not in SPANISH_ABBR]
    if unknown or not months:
        raise DataError(
            f"unexpected month column {unknown[0] if unknown else None!r}",
            file=where,
            column=unknown[0] if unknown else None,
            expected=f"Spanish month abbreviations {list(SPANISH_ABBR)}",
        )
    year = int(years.iloc[0])
    parts = []
    for col in months:
        value = to_numeric(frame[col], file=where, column=col, thousands=",")
        parts.append(
            pd.DataFrame(
                {
                    "month": pd.Timestamp(year, SPANISH_ABBR[col], 1),
                    "state": frame["entidad"],
                    "value": value,
                }
            )
        )
    out = pd.concat(parts, ignore_index=True).dropna(subset=["value"])
    out["state_code"] = out["state"].map(STATE_CODES)
    out["measure"] = measure
    out["source"] = path.name
    return out[MEXICO_ENFORCEMENT_STATE.column_names]


MEXICO_ENFORCEMENT_STATE = TableSchema(
    "mexico_enforcement_state",
    "Mexico: Guardia Nacional personnel deployed (Jul 2019 - Jul 2021) and UPM/INM detention "
    "events (Jan 2019 - Jul 2021) by state and month.",
    (
        Column("month", "DATE", "-", "First day of the calendar month."),
        Column(
            "state", "VARCHAR", "-", "Mexican state (entidad federativa) as the tables name it."
        ),
        Column("state_code", "VARCHAR", "-", "INEGI two-digit state code (cve_entidad)."),
        Column(
            "measure",
            "VARCHAR",
            "-",
            "'guardia_nacional_personnel' (elements deployed, a stock) or "
            "'upm_detention_events' (foreigners presented to the migration authority, events).",
        ),
        Column("value", "BIGINT", "personnel or events", "Value of the measure (see measure)."),
        Column("source", "VARCHAR", "-", "Raw file the row comes from."),
    ),
    primary_key=("month", "state_code", "measure"),
)


def read(raw_dir: Path) -> Mapping[str, pd.DataFrame]:
    """Read the six workbooks under ``raw_dir`` -> ``{'mexico_enforcement_state': frame}``."""
    raw_dir = Path(raw_dir)
    frames = []
    for measure, (pattern, sheets) in MEASURES.items():
        paths = sorted(raw_dir.glob(pattern))
        if not paths:
            find_file(raw_dir, pattern)  # raises the standard "not found" DataError
        frames += [read_state_month_workbook(p, measure, sheets) for p in paths]
    out = pd.concat(frames, ignore_index=True)
    out = out.sort_values(["measure", "month", "state_code"], ignore_index=True)
    return {"mexico_enforcement_state": out}


VIEWS = {
    "mexico_enforcement_monthly": (
        "SELECT month, state, measure, value, source, state_code FROM mexico_enforcement_state"
    ),
    "mexico_enforcement_national_monthly": (
        "SELECT month, measure, CAST(SUM(value) AS BIGINT) AS value, COUNT(*) AS states_reporting "
        "FROM mexico_enforcement_state GROUP BY month, measure"
    ),
}

DATASET = Dataset(
    name="mexico_enforcement",
    title="Mexico: National Guard deployment and migrant-detention events by state, 2019-2021",
    source=Source(
        publisher="Guardia Nacional (transparency answers); SEGOB Unidad de Política Migratoria; "
        "compiled by México Unido Contra la Delincuencia",
        url="https://github.com/FelipeSaNa/despliegue-guardia-nacional",
        licence="official Mexican public statistics; the MUCD compilation states no licence",
        vintage="MUCD repository snapshot 2022-02-03",
        files=tuple(p for p, _ in MEASURES.values()),
    ),
    tables=(MEXICO_ENFORCEMENT_STATE,),
    read=read,
    views=VIEWS,
    bundle={"mexico_enforcement_state": None},
)
