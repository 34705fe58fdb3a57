"""Every library scenario resolves against the real store: its port codes and states exist."""

from __future__ import annotations

import pytest

from borderlever.runs.pipeline import resolve_scenario
from borderlever.scenarios import library_files


@pytest.mark.raw
@pytest.mark.parametrize("name", sorted(library_files()))
def test_library_scenario_resolves_against_store(name, raw_store):
    resolved = resolve_scenario(name, store=raw_store)
    assert resolved.port_codes
    for pol in resolved.policies:
        assert set(pol.port_codes) <= set(resolved.port_codes)
        assert pol.intervals_min
