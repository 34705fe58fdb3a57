"""Render ``docs/reference/data.md`` from the declared schemas (a test checks it is current).

Examples
--------
>>> "| column | type | unit | description |" in render_reference()
True
"""

from __future__ import annotations

from pathlib import Path

from borderlever.data.registry import datasets

#: Where the generated reference lives in a source checkout.
REFERENCE_PATH = Path(__file__).resolve().parents[3] / "docs" / "reference" / "data.md"

_HEADER = """# Data reference

Generated from the declared schemas by `borderlever data docs` (do not edit by hand; a test checks
that this file is current).  How the store is built: [../data.md](../data.md).
"""


def render_reference() -> str:
    """Markdown for every dataset: source, tables (columns with type, unit, description), views."""
    parts = [_HEADER]
    for ds in datasets():
        src = ds.source
        parts.append(f"\n## `{ds.name}`: {ds.title}\n\n")
        parts.append(
            f"- publisher: {src.publisher}\n- address: <{src.url}>\n- vintage: {src.vintage}\n"
            f"- licence: {src.licence}\n- raw files: {', '.join(f'`{f}`' for f in src.files)}\n"
        )
        for t in ds.tables:
            key = f" Primary key: ({', '.join(t.primary_key)})." if t.primary_key else ""
            bundled = ""
            if t.name in ds.bundle:
                where = ds.bundle[t.name]
                bundled = f" Bundled: {'all rows' if where is None else f'rows where `{where}`'}."
            parts.append(f"\n### table `{t.name}`\n\n{t.description}{key}{bundled}\n\n")
            parts.append("| column | type | unit | description |\n|---|---|---|---|\n")
            for c in t.columns:
                null = " (may be NULL)" if c.nullable else ""
                parts.append(f"| `{c.name}` | {c.dtype} | {c.unit} | {c.description}{null} |\n")
        if ds.views:
            parts.append("\n### views\n\n")
            for name, sql in ds.views.items():
                parts.append(f"- `{name}`: `{' '.join(sql.split())}`\n")
    return "".join(parts)


def write_reference(path: Path = REFERENCE_PATH) -> Path:
    """Write :func:`render_reference` to ``path``; returns it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_reference())
    return path
