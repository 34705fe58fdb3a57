from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest

from borderlever.data.store import query
from borderlever.errors import DataError, UnknownCodeError
from borderlever.evidence.series import SERIES, get_series, load_series


def test_unknown_series_suggests() -> None:
    with pytest.raises(UnknownCodeError, match="did you mean 'sw_encounters_usbp'"):
        get_series("sw_encounter_usbp")


def test_every_series_loads_from_a_store_with_the_contract_views(synthetic_store: Path) -> None:
    q = partial(query, store=synthetic_store)
    for name in [*SERIES, "trucks_2304"]:
        if name.startswith("usbp_sector_") and name not in (
            "usbp_sector_san_diego",
            "usbp_sector_el_paso",
        ):
            continue
        s = load_series(name, q)
        assert s.name == name and len(s) > 12 and (s > 0).all(), name
        assert s.index.is_monotonic_increasing and s.index.is_unique


def test_total_adds_ofo_to_usbp(synthetic_store: Path) -> None:
    q = partial(query, store=synthetic_store)
    total, usbp = load_series("sw_encounters_total", q), load_series("sw_encounters_usbp", q)
    assert (total > usbp).all()


def test_unknown_port_returns_no_rows(synthetic_store: Path) -> None:
    with pytest.raises(DataError, match="no rows"):
        load_series("trucks_9999", partial(query, store=synthetic_store))
