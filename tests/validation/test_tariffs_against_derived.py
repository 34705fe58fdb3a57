"""Tariff tables against the published summary figures of their sources."""

from __future__ import annotations

from pathlib import Path

import pytest

from borderlever.data.store import query

pytestmark = pytest.mark.raw


def test_mfn_simple_average_against_hts8_lines(raw_store: Path) -> None:
    """The HS2 summary's ALL row (4.24 % over 10,179 free/ad valorem lines) from the HTS8 lines.

    Source: tariffs/PROVENANCE.md (derived table made from GTA's copy of the USITC MFN columns);
    recomputed here from ``us_mfn_hts8``: mean of ``mfn_ad_val_rate`` x 100 over lines of rate type
    0 (free) or 7 (ad valorem).  Tolerance 0.005 percentage points (the summary is rounded to
    3 decimals).  Came out at 4.24 %.
    """
    ours = query(
        """SELECT 100 * avg(mfn_ad_val_rate) AS pct, count(*) AS n FROM us_mfn_hts8
           WHERE mfn_rate_type_code IN ('0', '7')""",
        store=raw_store,
    ).iloc[0]
    summary = query(
        "SELECT mfn_simple_avg_pct, n_duty_free_lines + n_ad_valorem_lines AS n "
        "FROM us_mfn_hs2 WHERE hs2 = 'ALL'",
        store=raw_store,
    ).iloc[0]
    assert ours["n"] == summary["n"] == 10179
    assert ours["pct"] == pytest.approx(summary["mfn_simple_avg_pct"], abs=0.005)
    assert ours["pct"] == pytest.approx(4.24, abs=0.01)


def test_mexico_emergency_rate_against_gta_registry(raw_store: Path) -> None:
    """GTA's baseline scenario: Mexico's IEEPA emergency rate is 25 % from 2025-03-04 until it ends.

    Source: tariffs/PROVENANCE.md (GTA rates.csv: ``mex_emergency_rate`` 25, both 0 from
    2026-02-20 in ``baseline``).  Exact: these are the source's own parameters.
    """
    rates = query(
        """SELECT effective_date, rate_pct FROM tariff_scenario_rates
           WHERE scenario = 'baseline' AND rate_type = 'mex_emergency_rate'
           ORDER BY effective_date""",
        store=raw_store,
    )
    assert 25.0 in rates["rate_pct"].tolist()
    assert rates["rate_pct"].iloc[-1] == 0.0
    assert str(rates["effective_date"].iloc[-1])[:10] == "2026-02-20"
