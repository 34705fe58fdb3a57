"""Security series (encounters, seizures, overdose deaths, Mexico enforcement) against published figures.

The queries run on the store built from the raw files (fixture ``raw_store``), through the public
views ``monthly_encounters``, ``monthly_seizures``, ``monthly_overdose_deaths`` and
``mexico_enforcement_monthly`` (and the per-file audit tables where a check needs them).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from borderlever.data.readers import (
    cbp_drug_seizures,
    cbp_encounters,
    cdc_overdose,
    mexico_enforcement,
)
from borderlever.data.registry import Dataset

pytestmark = pytest.mark.raw

DATASETS: tuple[Dataset, ...] = (
    cbp_encounters.DATASET,
    cbp_drug_seizures.DATASET,
    cdc_overdose.DATASET,
    mexico_enforcement.DATASET,
)


@pytest.fixture(scope="module")
def db(raw_store: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """The store ``borderlever data build`` makes from the raw files (data-core's fixture)."""
    con = duckdb.connect(str(raw_store), read_only=True)
    yield con
    con.close()


def scalar(con: duckdb.DuckDBPyConnection, sql: str) -> float:
    return con.execute(sql).fetchone()[0]  # type: ignore[index]


SW_TOTAL = (
    "SELECT SUM(count) FROM monthly_encounters "
    "WHERE region = 'Southwest Land Border' AND sector = 'All' AND {where}"
)


@pytest.mark.parametrize(
    ("where", "published"),
    [
        ("month = DATE '2019-05-01'", 144_116),
        ("fiscal_year = 2019", 977_509),
        ("fiscal_year = 2022", 2_378_944),
        ("fiscal_year = 2023", 2_475_669),
        ("fiscal_year = 2024", 2_135_005),
    ],
)
def test_southwest_encounters_against_cbp_sbo(db, where: str, published: int) -> None:
    """CBP Southwest Land Border Encounters page (USBP + OFO), figures as CBP publishes them.

    Exact: the canonical series takes FY2019 on from CBP's unrounded SBO files.
    """
    assert scalar(db, SW_TOTAL.format(where=where)) == published


def test_southwest_encounters_against_cbp_nationwide_state_file(db) -> None:
    """CBP Nationwide Encounters by state (FY2020-FY2023), an independent CBP release.

    Exact, month by month: its Southwest Land Border rows (all states, both components) must add
    up to the canonical Southwest total.
    """
    got = db.execute(
        "SELECT c.month, c.total, s.total FROM southwest_border_encounters c JOIN ("
        "  SELECT month, SUM(count) AS total FROM encounters_by_state"
        "  WHERE land_border_region = 'Southwest Land Border' GROUP BY month) s USING (month)"
    ).df()
    assert len(got) == 48
    assert (got.iloc[:, 1] == got.iloc[:, 2]).all()


def test_usbp_southwest_legacy_against_ohss(db) -> None:
    """OHSS KHSM USBP workbook vs CBP's FY2000-FY2020 table, annual Southwest totals FY2004-FY2020.

    Tolerance 0.1 %: OHSS rounds each month to 10 and carries small later revisions; FY2000-FY2003
    differ by more (documented: OHSS FY2000 1,566,420 vs CBP 1,643,679) and are excluded.
    """
    where = "region = 'Southwest Land Border' AND sector = 'All'"
    got = db.execute(
        f"SELECT fiscal_year, c.total AS cbp, o.total AS ohss FROM "
        f"(SELECT fiscal_year, SUM(count) AS total FROM encounters_usbp_legacy WHERE {where} "
        f" GROUP BY ALL) c JOIN "
        f"(SELECT fiscal_year, SUM(count) AS total FROM encounters_ohss "
        f" WHERE component = 'USBP' AND {where} GROUP BY ALL) o USING (fiscal_year)"
    ).df()
    got = got.set_index("fiscal_year").sort_index()
    later = got.loc[2004:2020]
    assert len(later) == 17
    assert ((later["cbp"] - later["ohss"]).abs() / later["cbp"]).max() < 1e-3
    assert got.loc[2000, "cbp"] == 1_643_679 and got.loc[2000, "ohss"] == 1_566_420


def test_monthly_encounters_one_row_per_key(db) -> None:
    """No double counting: each (month, component, region, sector) appears once in the view."""
    dup = scalar(
        db,
        "SELECT COUNT(*) FROM (SELECT month, component, region, sector FROM monthly_encounters "
        "GROUP BY ALL HAVING COUNT(*) > 1)",
    )
    assert dup == 0
    # Unrounded sectors (CBP's legacy table) add up exactly to their region total.
    gap = scalar(
        db,
        "SELECT MAX(ABS(t.count - s.total)) FROM monthly_encounters t JOIN ("
        "  SELECT month, component, region, SUM(count) AS total FROM monthly_encounters"
        "  WHERE sector <> 'All' GROUP BY ALL) s USING (month, component, region)"
        " WHERE t.sector = 'All' AND t.source LIKE 'usbp_monthly%'",
    )
    assert gap == 0


def test_fentanyl_fy2023_against_cbp(db) -> None:
    """CBP Drug Seizure Statistics: fentanyl seized by OFO and USBP in FY2023 = 27,023 lb.

    Tolerance 1 %: the nationwide file sums unrounded pounds; CBP's page rounds.  AMO seizures are
    published apart and must not be part of this figure.
    """
    lbs = scalar(
        db,
        "SELECT SUM(lbs) FROM monthly_seizures WHERE drug = 'Fentanyl' "
        "AND component IN ('OFO', 'USBP') AND fiscal_year = 2023",
    )
    assert lbs == pytest.approx(27_023, rel=0.01)
    amo = scalar(
        db,
        "SELECT SUM(lbs) FROM monthly_seizures WHERE drug = 'Fentanyl' "
        "AND component = 'AMO' AND fiscal_year = 2023",
    )
    assert 0 < amo < 0.1 * lbs
    total = scalar(
        db,
        "SELECT SUM(lbs) FROM monthly_seizures_national WHERE drug = 'Fentanyl' "
        "AND fiscal_year = 2023",
    )
    assert total == pytest.approx(lbs + amo)


def test_synthetic_opioid_deaths_2022_against_cdc_vsrr(db) -> None:
    """CDC VSRR: synthetic-opioid (T40.4) deaths, US, 12 months ending December 2022 = 74,829.

    Exact: the reported (not predicted) provisional count.
    """
    got = db.execute(
        "SELECT deaths_12mo, predicted_deaths_12mo FROM monthly_overdose_deaths "
        "WHERE indicator = 'synthetic_opioids' AND month = DATE '2022-12-01'"
    ).fetchall()
    assert got == [(74_829, 75_453)]
    total = scalar(
        db,
        "SELECT deaths_12mo FROM monthly_overdose_deaths "
        "WHERE indicator = 'all_drug_overdose' AND month = DATE '2021-12-01'",
    )
    assert total == 107_573


def test_overdose_deaths_2017_against_nida(db) -> None:
    """NIDA / NCHS final counts for 2017: 70,237 overdose deaths, 28,466 involving synthetics."""
    got = dict(
        db.execute(
            "SELECT indicator, deaths FROM annual_overdose_deaths WHERE year = 2017"
        ).fetchall()
    )
    assert got["all_drug_overdose"] == 70_237 and got["synthetic_opioids"] == 28_466


def test_mexico_enforcement_against_mucd_merged_table(db, raw_dir: Path) -> None:
    """MUCD's own merged table (Jul 2019 - Jul 2021), built by the repo author from the same files.

    Exact, state by state and month by month, for both measures.
    """
    merged = pd.read_csv(raw_dir / mexico_enforcement.MERGED_CHECK_FILE, dtype={"cve_entidad": str})
    ours = db.execute(
        "SELECT strftime(month, '%Y-%m') AS ym, state_code, measure, value "
        "FROM mexico_enforcement_monthly"
    ).df()
    wide = ours.pivot_table(index=["ym", "state_code"], columns="measure", values="value")
    month_no = merged["mes"].map(
        {
            m: i
            for i, m in enumerate(
                [
                    "ene",
                    "feb",
                    "mar",
                    "abr",
                    "may",
                    "jun",
                    "jul",
                    "ago",
                    "sep",
                    "oct",
                    "nov",
                    "dic",
                ],
                1,
            )
        }
    )
    merged["ym"] = merged["ano"].astype(str) + "-" + month_no.map("{:02d}".format)
    joined = merged.join(wide, on=["ym", "cve_entidad"], how="left")
    assert len(joined) == 800
    assert (joined["despliegue"] == joined["guardia_nacional_personnel"]).all()
    assert (joined["migrantes_detenidos"] == joined["upm_detention_events"]).all()


def test_mexico_national_totals_against_upm_bulletin(db) -> None:
    """National sums quoted from the source tables (PROVENANCE): INM events June 2019 = 30,971;
    National Guard deployed December 2019 = 74,437 and July 2021 = 99,946.  Exact."""
    got = dict(
        db.execute(
            "SELECT measure || strftime(month, ' %Y-%m'), value "
            "FROM mexico_enforcement_national_monthly"
        ).fetchall()
    )
    assert got["upm_detention_events 2019-06"] == 30_971
    assert got["guardia_nacional_personnel 2019-12"] == 74_437
    assert got["guardia_nacional_personnel 2021-07"] == 99_946


def test_bundled_security_tables_are_compact(db, tmp_path: Path) -> None:
    """The bundled security tables (declared ``bundle`` filters) fit in well under 1 MB of parquet."""
    size = 0
    for dataset in DATASETS:
        for table, where in dataset.bundle.items():
            out = tmp_path / f"{table}.parquet"
            filt = f" WHERE {where}" if where else ""
            db.execute(
                f"COPY (SELECT * FROM \"{table}\"{filt}) TO '{out}' (FORMAT parquet, COMPRESSION zstd)"
            )
            size += out.stat().st_size
    assert 0 < size < 1_000_000


def test_bundled_security_series_against_published_figures(tmp_path: Path) -> None:
    """The bundled tables alone (no raw files) give the published figures above: CBP SW
    encounters May 2019 = 144,116 and FY2022 = 2,378,944 (exact), OFO+USBP fentanyl FY2023 =
    27,023 lb (1 %, CBP rounds), CDC synthetic-opioid deaths 2022 = 74,829 (exact)."""
    from borderlever.data.build import build_store

    store = tmp_path / "bundled.duckdb"
    build_store(store=store, bundled=True, progress=False)
    con = duckdb.connect(str(store), read_only=True)
    try:
        sw = dict(
            con.execute(
                "SELECT strftime(month, '%Y-%m'), total FROM southwest_border_encounters"
            ).fetchall()
        )
        fy22 = scalar(
            con, "SELECT SUM(total) FROM southwest_border_encounters WHERE fiscal_year = 2022"
        )
        fent = scalar(
            con,
            "SELECT SUM(lbs) FROM monthly_seizures WHERE drug = 'Fentanyl' "
            "AND component IN ('OFO', 'USBP') AND fiscal_year = 2023",
        )
        deaths = scalar(
            con,
            "SELECT deaths_12mo FROM monthly_overdose_deaths "
            "WHERE indicator = 'synthetic_opioids' AND month = DATE '2022-12-01'",
        )
    finally:
        con.close()
    assert (sw["2019-05"], fy22, deaths) == (144_116, 2_378_944, 74_829)
    assert fent == pytest.approx(27_023, rel=0.01)


def test_sanction_cases_against_published_counts(db) -> None:
    """TIES v4.1 has 1,412 cases (Morgan, Bapat & Kobayashi 2014), 1,053 with a threat stage and
    845 with an imposition; GSDB release 3 has 1,325 cases (Syropoulos et al. 2023).  Exact."""
    ties = db.execute(
        "SELECT COUNT(*), SUM(threat::INT), SUM(imposition::INT) FROM ties_cases"
    ).fetchone()
    assert ties == (1412, 1053, 845)
    assert scalar(db, "SELECT COUNT(*) FROM gsdb_cases") == 1325
    us_mexico = scalar(
        db,
        "SELECT COUNT(*) FROM sanction_threat_cases WHERE primary_sender_cow = 2 AND target_cow = 70",
    )
    assert us_mexico == 16
