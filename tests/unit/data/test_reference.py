"""docs/reference/data.md is generated from the declared schemas and must be current."""

from __future__ import annotations

from borderlever.data.reference import REFERENCE_PATH, render_reference
from borderlever.data.registry import datasets


def test_reference_is_current() -> None:
    assert REFERENCE_PATH.is_file(), "run `borderlever data docs`"
    assert REFERENCE_PATH.read_text() == render_reference(), "run `borderlever data docs`"


def test_reference_lists_every_column() -> None:
    text = render_reference()
    for ds in datasets():
        for table in ds.tables:
            assert f"### table `{table.name}`" in text
            for col in table.columns:
                assert f"| `{col.name}` |" in text
