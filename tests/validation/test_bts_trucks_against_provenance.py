"""BTS truck counts in the store against independently stated figures."""

from __future__ import annotations

from pathlib import Path

from borderlever.data.store import query


def test_us_mexico_trucks_2024_against_bts_published_total(raw_store: Path) -> None:
    """US-Mexico inbound trucks in 2024 = 7.62 million.

    Source: BTS Border Crossing Entry Data annual figure as stated in
    ``shared/data/raw/bts_border_crossing/PROVENANCE.md`` (sanity checks, "2024 7.62M").
    Tolerance 0.5 %: the published figure is rounded to 10,000 trucks (0.07 %), the rest guards
    against dropping or doubling a port-month.
    """
    total = query(
        "SELECT sum(count) AS n FROM port_month_crossings WHERE border = 'US-Mexico Border' "
        "AND measure = 'Trucks' AND year(month) = 2024",
        store=raw_store,
    )["n"].iloc[0]
    assert abs(total / 7.62e6 - 1) < 0.005


def test_laredo_trucks_2024_against_cbp_texas_bridge_counts(raw_store: Path) -> None:
    """Laredo (2304) trucks in 2024 = 3,026,632 exactly.

    Sources: PROVENANCE.md states 3,026,632 for BTS, and CBP's own northbound bridge counts
    (UNT/TxDOT compilation, an independent channel) sum to the same number over Laredo's bridges.
    Exact: both are counts of the same trucks.
    """
    bts = query(
        "SELECT sum(count) AS n FROM port_month_crossings WHERE port_code = '2304' "
        "AND measure = 'Trucks' AND year(month) = 2024",
        store=raw_store,
    )["n"].iloc[0]
    cbp = query(
        "SELECT sum(count) AS n FROM bridge_month_crossings WHERE port_code = '2304' "
        "AND measure = 'Trucks' AND year(month) = 2024",
        store=raw_store,
    )["n"].iloc[0]
    assert bts == 3_026_632
    assert cbp == bts
