"""The import graph points one way (DESIGN.md): no cycle between runs and reports, nor between the
store and its builder; model packages never import a skin."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "borderlever"


def imports_of(package: str) -> set[str]:
    """Every ``borderlever.*`` module imported anywhere in ``package`` (top level or in functions)."""
    found: set[str] = set()
    root = SRC / package.replace(".", "/")
    files = [root.with_suffix(".py")] if root.with_suffix(".py").is_file() else root.rglob("*.py")
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.ImportFrom)
                and node.module
                and node.module.startswith("borderlever")
            ):
                found.add(node.module)
                found.update(f"{node.module}.{a.name}" for a in node.names)
            elif isinstance(node, ast.Import):
                found.update(a.name for a in node.names if a.name.startswith("borderlever"))
    return found


def _touches(mods: set[str], target: str) -> list[str]:
    return sorted(m for m in mods if m == target or m.startswith(target + "."))


def test_runs_never_import_reports_api_or_skins():
    mods = imports_of("runs")
    for skin in (
        "borderlever.reports",
        "borderlever.api",
        "borderlever.cli",
        "borderlever.service",
    ):
        assert not _touches(mods, skin), (skin, _touches(mods, skin))


def test_reports_take_summary_and_frames_not_the_runner():
    mods = imports_of("reports")
    for inner in ("pipeline", "outputs", "result", "summary", "economics", "compare"):
        assert not _touches(mods, f"borderlever.runs.{inner}"), inner
    assert not _touches(mods, "borderlever.api") and not _touches(mods, "borderlever.data.store")


def test_store_and_build_one_way():
    assert not _touches(imports_of("data.build"), "borderlever.data.store")


def test_models_never_import_skins():
    for model in ("data", "network", "scenarios", "sim", "economics", "evidence", "parameters"):
        mods = imports_of(model)
        for skin in (
            "borderlever.cli",
            "borderlever.service",
            "borderlever.api",
            "borderlever.reports",
        ):
            assert not _touches(mods, skin), (model, skin)
