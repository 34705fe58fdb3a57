"""Every command (all groups) has help with an example and is documented in docs/cli.md."""

from __future__ import annotations

from pathlib import Path

import pytest

from borderlever.cli.reference import cli_markdown, commands

DOCS = Path(__file__).resolve().parents[3] / "docs" / "cli.md"
ALL = commands()


@pytest.mark.parametrize("name,command", ALL, ids=[n for n, _ in ALL])
def test_command_has_help_with_example(name, command):
    text = command.help or ""
    assert text.strip(), f"{name} has no help"
    assert "Example:" in text and "borderlever" in text.split("Example:", 1)[1], (
        f"{name}: help shows no example ('Example: borderlever ...')"
    )


@pytest.mark.parametrize("name", [n for n, _ in ALL])
def test_command_documented(name):
    assert f"`{name}`" in DOCS.read_text(), f"{name} missing from docs/cli.md"


def test_cli_docs_current():
    assert DOCS.read_text() == cli_markdown(), (
        "docs/cli.md is stale: run `python -m borderlever.cli.reference > docs/cli.md`"
    )
