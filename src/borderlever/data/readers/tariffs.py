"""US tariffs: MFN schedule lines, USMCA utilisation shares, and the 2025-26 US tariff actions.

Reads ``tariffs/`` (see its PROVENANCE.md): the Global Trade Alert (GTA) US tariff-barrier files
(MFN line rates with USITC column names, USMCA compliance per HS8, a dated event registry and
scenario rates; licence CC BY-NC 4.0, so nothing of GTA's is bundled), the Yale Budget Lab tariff
rate tracker files (USMCA claim shares per HTS10 and GTAP sector, the 10 % IEEPA carve-out lines;
MIT), and this project's HS2 summary of the MFN lines.

Tables: ``us_mfn_hts8``, ``us_mfn_hs2``, ``usmca_compliance_hs8``, ``usmca_share_hts10``,
``usmca_share_gtap``, ``ieepa_carveout_hts8``, ``tariff_events``, ``tariff_scenario_rates``.
Rates keep their source units, named in the column: ``*_share`` / ``mfn_ad_val_rate`` are fractions,
``*_pct`` percent.

References
----------
Global Trade Alert, US tariff barrier estimates, GitHub global-trade-alert/us-tariff-barrier-estimates;
The Budget Lab at Yale, tariff-rate-tracker, GitHub Budget-Lab-Yale/tariff-rate-tracker; USITC
annual tariff data, https://dataweb.usitc.gov/tariff/annual
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from borderlever.data.readers import _io
from borderlever.data.registry import Dataset, Source
from borderlever.data.schema import Column, TableSchema

GTA = "tariffs/gta_us_tariff_barrier_estimates"
YALE = "tariffs/budget_lab_tariff_rate_tracker"
CENSUS_ISO3 = {"1220": "CAN", "2010": "MEX"}


def _text(name: str, description: str, nullable: bool = False) -> Column:
    return Column(name, "VARCHAR", "-", description, nullable)


def _num(name: str, unit: str, description: str, dtype: str = "DOUBLE") -> Column:
    return Column(name, dtype, unit, description)


@dataclass(frozen=True)
class _Spec:
    """One raw file -> one table: the column map, numeric columns, parse options, fix-ups."""

    schema: TableSchema
    file: str
    columns: dict[str, str]
    numeric: tuple[str, ...] = ()
    known: dict[str, tuple[str, ...]] = field(default_factory=dict)
    sep: str = ","
    fix: Callable[[pd.DataFrame], pd.DataFrame] | None = None


_HS2 = _text("hs2", "HS chapter, 2 characters, or 'ALL' for every line")
SPECS: tuple[_Spec, ...] = (
    _Spec(
        TableSchema(
            "us_mfn_hts8",
            "US MFN tariff per HTS 8-digit line (USITC annual tariff columns, via GTA; 2025 schedule)",
            (
                _text("hts8", "HTS 8-digit line"),
                _text("mfn_text_rate", "MFN rate as written in the schedule ('Free', '2.5%', ...)"),
                _text(
                    "mfn_rate_type_code",
                    "USITC rate type: 0 free, 7 ad valorem, 1 specific, 2-6/9 other",
                ),
                _num("mfn_ad_val_rate", "fraction", "ad valorem part of the MFN rate (0.05 = 5 %)"),
                _num("mfn_specific_rate", "USD per unit", "specific part of the MFN rate"),
            ),
            primary_key=("hts8",),
        ),
        f"{GTA}/tariff_floor_rates.csv",
        {
            c: c
            for c in (
                "hts8",
                "mfn_text_rate",
                "mfn_rate_type_code",
                "mfn_ad_val_rate",
                "mfn_specific_rate",
            )
        },
        numeric=("mfn_ad_val_rate", "mfn_specific_rate"),
        sep=";",
    ),
    _Spec(
        TableSchema(
            "us_mfn_hs2",
            "US MFN simple average per HS chapter over free and ad valorem HTS8 lines (made here)",
            (
                _HS2,
                _num("n_hts8_lines", "lines", "HTS8 lines in the chapter", "INTEGER"),
                _num("n_duty_free_lines", "lines", "lines with MFN free", "INTEGER"),
                _num("n_ad_valorem_lines", "lines", "lines with a pure ad valorem rate", "INTEGER"),
                _num(
                    "n_non_ad_valorem_lines",
                    "lines",
                    "specific/compound lines (excluded from the average)",
                    "INTEGER",
                ),
                _num(
                    "mfn_simple_avg_pct",
                    "%",
                    "unweighted mean MFN rate of free and ad valorem lines",
                ),
                _num("max_ad_valorem_pct", "%", "highest ad valorem rate in the chapter"),
                _num("share_duty_free_lines", "fraction", "share of lines duty free"),
            ),
            primary_key=("hs2",),
        ),
        "tariffs/derived/us_mfn_hs2_simple_average_from_hts8.csv",
        {
            "hs2": "hs2",
            "n_hts8_lines": "n_hts8_lines",
            "n_duty_free_lines": "n_duty_free_lines",
            "n_ad_valorem_lines": "n_ad_valorem_lines",
            "n_non_ad_valorem_lines": "n_non_ad_valorem_lines",
            "mfn_simple_avg_pct_ad_valorem_and_free_lines": "mfn_simple_avg_pct",
            "max_ad_valorem_pct": "max_ad_valorem_pct",
            "share_duty_free_lines": "share_duty_free_lines",
        },
        numeric=(
            "n_hts8_lines",
            "n_duty_free_lines",
            "n_ad_valorem_lines",
            "n_non_ad_valorem_lines",
            "mfn_simple_avg_pct",
            "max_ad_valorem_pct",
            "share_duty_free_lines",
        ),
    ),
    _Spec(
        TableSchema(
            "usmca_compliance_hs8",
            "Share of US imports per HS8 and origin entered under USMCA (GTA from USITC DataWeb)",
            (
                _text("hs8", "HTS 8-digit line"),
                _text("country", "origin: 'CAN' or 'MEX'"),
                _num(
                    "usmca_share",
                    "fraction",
                    "customs value claimed under USMCA / total, in [0, 1]",
                ),
                _text("period", "period of the imports ('USITC DataWeb Jul-Sep 2025')"),
            ),
            primary_key=("hs8", "country"),
        ),
        f"{GTA}/compliance_shares.csv",
        {
            "hs_8digit": "hs8",
            "import_origin": "country",
            "compliance_rate": "usmca_share",
            "comment": "period",
        },
        numeric=("usmca_share",),
        known={"country": ("CAN", "MEX")},
    ),
    _Spec(
        TableSchema(
            "usmca_share_gtap",
            "USMCA claim share of US imports per GTAP sector and origin (Budget Lab)",
            (
                _text("gtap_code", "GTAP sector code"),
                _text("country", "origin: 'CAN' or 'MEX'"),
                _num("usmca_share", "fraction", "share of imports claimed under USMCA, in [0, 1]"),
            ),
            primary_key=("gtap_code", "country"),
        ),
        f"{YALE}/usmca_shares.csv",
        {"gtap_code": "gtap_code", "canada": "CAN", "mexico": "MEX"},
        numeric=("CAN", "MEX"),
        fix=lambda f: f.melt("gtap_code", var_name="country", value_name="usmca_share"),
    ),
    _Spec(
        TableSchema(
            "ieepa_carveout_hts8",
            "HTS8 lines under the lower 10 % IEEPA rate (Canadian energy and potash, Mexican potash)",
            (
                _text("hts8", "HTS 8-digit line"),
                _text("ch99_code", "Chapter 99 heading of the carve-out"),
                _text("category", "energy_ca, potash_ca or potash_mx"),
            ),
            primary_key=("hts8", "category"),
        ),
        f"{YALE}/fentanyl_carveout_products.csv",
        {"hts8": "hts8", "ch99_code": "ch99_code", "category": "category"},
        known={"category": ("energy_ca", "potash_ca", "potash_mx")},
    ),
    _Spec(
        TableSchema(
            "tariff_events",
            "GTA's dated registry of 2025-26 US tariff events",
            (
                Column("effective_date", "DATE", "-", "legal effective date"),
                _text("event_id", "GTA event id"),
                _text("event_name", "short name"),
                _text("description", "what changed"),
                _text("rate_component", "hts, s232, ieepa, emergency, surcharge (':'-joined)"),
                _text(
                    "affected_countries", "ISO3 codes ':'-joined, ALL, ALL_EXCEPT:..., EU_MEMBERS"
                ),
                _text("section_ref", "section of GTA's documentation"),
            ),
            primary_key=("event_id",),
        ),
        f"{GTA}/event_registry.csv",
        {
            c: c
            for c in (
                "effective_date",
                "event_id",
                "event_name",
                "description",
                "rate_component",
                "affected_countries",
                "section_ref",
            )
        },
    ),
    _Spec(
        TableSchema(
            "tariff_scenario_rates",
            "GTA model rates by scenario and effective date (e.g. can_emergency_general_rate 25 -> 35)",
            (
                _text("scenario", "GTA scenario ('baseline', ...)"),
                _text("rate_type", "rate parameter name"),
                Column("effective_date", "DATE", "-", "date the rate applies from"),
                _num("rate_pct", "%", "rate in percent"),
                _text("section", "section of GTA's documentation"),
                _text("description", "what the rate is"),
            ),
            primary_key=("scenario", "rate_type", "effective_date"),
        ),
        f"{GTA}/rates.csv",
        {
            "scenario": "scenario",
            "rate_type": "rate_type",
            "effective_date": "effective_date",
            "rate": "rate_pct",
            "section": "section",
            "description": "description",
        },
        numeric=("rate_pct",),
    ),
)

USMCA_HTS10 = TableSchema(
    "usmca_share_hts10",
    "USMCA claim share of US imports per HTS10 line, origin and year (Budget Lab from USITC DataWeb)",
    (
        Column("year", "INTEGER", "year", "calendar year of the imports"),
        _text("hts10", "HTS 10-digit line"),
        _text("country", "origin: 'CAN' or 'MEX'"),
        _num("usmca_share", "fraction", "share of the line's imports claimed under USMCA (S/S+)"),
    ),
    primary_key=("year", "hts10", "country"),
)


def read_tariffs(raw_dir: Path) -> dict[str, pd.DataFrame]:
    """Read every tariff file into its table.

    Raises
    ------
    DataError
        A file missing or damaged, a renamed column, a non-numeric rate, an unknown origin or
        category (naming file, row and column).
    """
    raw = Path(raw_dir)
    out = {spec.schema.name: _read_spec(raw, spec) for spec in SPECS}
    out[USMCA_HTS10.name] = pd.concat(
        [_usmca_hts10(raw, year) for year in (2024, 2025)], ignore_index=True
    )
    return out


def _read_spec(raw: Path, spec: _Spec) -> pd.DataFrame:
    path = _io.find_file(raw, spec.file)
    frame = _io.read_csv(path, spec.columns, numeric=spec.numeric, engine="c", sep=spec.sep)
    for col, allowed in spec.known.items():
        _io.check_known(frame[col], allowed, kind=col, file=str(path), column=col)
    return spec.fix(frame) if spec.fix is not None else frame


def _usmca_hts10(raw: Path, year: int) -> pd.DataFrame:
    path = _io.find_file(raw, f"{YALE}/usmca_product_shares_{year}.csv")
    columns = {"hts10": "hts10", "cty_code": "country", "usmca_share": "usmca_share"}
    frame = _io.read_csv(path, columns, numeric=["usmca_share"], engine="c")
    _io.check_known(
        frame["country"], CENSUS_ISO3, kind="Census country code", file=str(path), column="cty_code"
    )
    frame["country"] = frame["country"].map(CENSUS_ISO3)
    frame.insert(0, "year", year)
    return frame


DATASET = Dataset(
    name="tariffs",
    title="US MFN tariffs, USMCA utilisation and 2025-26 US tariff actions (GTA, Yale Budget Lab)",
    source=Source(
        publisher="Global Trade Alert (St. Gallen Endowment) and The Budget Lab at Yale, from "
        "USITC tariff and DataWeb data",
        url="https://github.com/global-trade-alert/us-tariff-barrier-estimates",
        licence="GTA files CC BY-NC 4.0 (not bundled); Budget Lab files MIT",
        vintage="GTA commit 19097ee (2026-02-22); Budget Lab commit 8315fff (2026-05-11)",
        files=(f"{GTA}/*.csv", f"{YALE}/*.csv", "tariffs/derived/*.csv"),
    ),
    tables=(*(s.schema for s in SPECS), USMCA_HTS10),
    read=read_tariffs,
    bundle={"usmca_share_gtap": None, "ieepa_carveout_hts8": None},
)
