"""The shipped claims and series run against the real views of the bundled store (no raw files
needed), so a change in the data layer's view columns or labels fails here, not in users' hands."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest

from borderlever.data.build import build_store
from borderlever.data.store import query
from borderlever.evidence.claims import NOT_CHECKABLE, check_claims, load_claims
from borderlever.evidence.series import SERIES, load_series


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("evidence-bundled") / "b.duckdb"
    build_store(store=store, bundled=True, progress=False)
    return store


def test_every_claim_measures_on_the_bundled_store(bundled: Path) -> None:
    rows = check_claims(load_claims(), partial(query, store=bundled))
    for row in rows:
        if row["verdict"] == NOT_CHECKABLE:
            assert row["measured"] is None
        else:
            assert row["measured"] is not None and row["verdict"] in {
                "supported",
                "overstated",
                "understated",
            }, row


def test_every_series_loads_from_the_bundled_store(bundled: Path) -> None:
    q = partial(query, store=bundled)
    for name in [*SERIES, "trucks_2304", "trucks_2401"]:
        s = load_series(name, q)
        assert len(s) >= 12 and s.notna().all(), name
