"""Root fixtures: the README's notebook example runs as a doctest on the bundled tables."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _readme_on_bundled_data(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """For README.md only: a store of its own, built from the bundled tables (no raw files)."""
    if request.node.path.name != "README.md":
        return
    base = tmp_path_factory.mktemp("readme")
    (base / "no-raw").mkdir()
    monkeypatch.setenv("BORDERLEVER_RAW_DIR", str(base / "no-raw"))
    monkeypatch.setenv("BORDERLEVER_STORE", str(base / "bundled-store.duckdb"))
    monkeypatch.chdir(base)
