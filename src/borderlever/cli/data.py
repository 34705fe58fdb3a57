"""``borderlever data``: build, inspect, bundle and fetch the data store."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from borderlever.cli._console import console
from borderlever.cli._options import StoreOpt
from borderlever.data.paths import BUNDLED_DIR, default_raw_dir

data_app = typer.Typer(
    help="Build and inspect the data store.\n\nExample: borderlever data build && borderlever data info",
    no_args_is_help=True,
)


RAW_OPT = typer.Option(
    None, "--raw", help="Raw data directory (default ../shared/data/raw or $BORDERLEVER_RAW_DIR)."
)


@data_app.command("build")
def build(
    raw: Path | None = RAW_OPT,
    store: StoreOpt = None,
    bundled: bool = typer.Option(False, "--bundled", help="Build from the bundled tables only."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
) -> None:
    """Build the DuckDB store from the raw files (or the bundled tables when none are found).

    Example: borderlever data build --raw ../shared/data/raw --store out/store.duckdb
    """
    from borderlever.data.build import build_store

    report = build_store(raw_dir=raw, store=store, bundled=bundled, progress=not quiet)
    origins = ", ".join(f"{k}: {v}" for k, v in report.origin.items())
    console.print(f"store {escape(str(report.store))} built in {report.seconds:.1f} s ({origins})")


@data_app.command("info")
def info(
    store: StoreOpt = None,
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of tables."),
) -> None:
    """Show the store in use, its sources and vintages, row counts and date ranges.

    Example: borderlever data info --json
    """
    from borderlever.data.inspect import store_info

    facts = store_info(store)
    if as_json:
        typer.echo(json.dumps(facts, indent=2, default=str))
        return
    console.print(
        f"store: {facts['store']}  (built {facts['built_at_utc']}, raw dir {facts['raw_dir']})"
    )
    src = Table("dataset", "file", "vintage", "origin", "sha256", title="sources")
    for s in facts["sources"]:
        src.add_row(s["dataset"], s["file"], s["vintage"], s["origin"], str(s["sha256"])[:12])
    console.print(src)
    rel = Table("name", "kind", "rows", "from", "to", title="tables and views")
    for r in facts["relations"]:
        rel.add_row(
            r["name"], r["kind"], f"{r['rows']:,}", str(r["from"] or ""), str(r["to"] or "")
        )
    console.print(rel)


@data_app.command("bundle")
def bundle(
    raw: Path | None = RAW_OPT,
    only: str | None = typer.Option(None, "--only", help="Only this dataset."),
    dest: Annotated[
        Path | None,
        typer.Option("--dest", help="Output folder (default: the package's bundled/)."),
    ] = None,
) -> None:
    """Regenerate the bundled Parquet tables and JSON sidecars from the raw files.

    Example: borderlever data bundle --raw ../shared/data/raw --only bts_crossings
    """
    from borderlever.data.bundle import write_bundle

    for path in write_bundle(raw, dest or BUNDLED_DIR, only=only):
        console.print(f"wrote {escape(str(path))} ({path.stat().st_size:,} bytes)")


@data_app.command("fetch")
def fetch(
    dest: Annotated[
        Path | None, typer.Option("--dest", help="Target raw directory (default: the raw dir).")
    ] = None,
    only: str | None = typer.Option(
        None, "--only", help="Only this download (see the registry in data/fetch.py)."
    ),
) -> None:
    """Download the official source files (BTS, CBP, CDC, World Bank); skips verified files.

    Example: borderlever data fetch --dest data/raw --only bts_crossings
    """
    from borderlever.data.fetch import fetch as run_fetch

    target = dest or default_raw_dir() or Path("data/raw")
    for name, status in run_fetch(target, only=only).items():
        console.print(f"{name}: {status}")


@data_app.command("docs")
def docs(
    out: Annotated[
        Path | None, typer.Option("--out", help="Output file (default docs/reference/data.md).")
    ] = None,
) -> None:
    """Write the data reference (every declared table, column, unit and view) as Markdown.

    Example: borderlever data docs --out docs/reference/data.md
    """
    from borderlever.data.reference import REFERENCE_PATH, write_reference

    console.print(f"wrote {escape(str(write_reference(out or REFERENCE_PATH)))}")


def register(app: typer.Typer) -> None:
    """Attach the ``data`` group."""
    app.add_typer(data_app, name="data")
