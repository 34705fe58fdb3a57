"""The CLI's console: a file or a pipe gets a wide table, a set ``COLUMNS`` wins."""

from __future__ import annotations

import io

import pytest

from borderlever.cli import _console


def test_a_pipe_without_columns_gets_the_pipe_width(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.setattr("sys.stdout", io.StringIO())
    assert _console.console.width == _console.PIPE_WIDTH
    monkeypatch.setenv("COLUMNS", "91")
    assert _console.console.width == 91
