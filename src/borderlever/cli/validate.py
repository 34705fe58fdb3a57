"""``borderlever validate``: the scorecard of every bundled replay against observed data."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from borderlever.cli._console import console, err_console
from borderlever.cli._options import StoreOpt


def _num(x: object, unit: str) -> str:
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "-"
    v = float(x)  # type: ignore[arg-type]
    return f"{100 * v:+.1f} %" if unit == "share" else f"{v:.2f} h"


def _json_value(x: object) -> object:
    if isinstance(x, float) and not math.isfinite(x):
        return None
    return x


EpisodeOpt = Annotated[
    list[str] | None,
    typer.Option("--episode", "-e", help="Only this replay (repeatable); default all."),
]
QuickOpt = Annotated[
    bool,
    typer.Option("--quick", help="One replication and each replay's first month only (seconds)."),
]
JsonOpt = Annotated[
    Path | None,
    typer.Option("--json", help="Also write the scorecard as JSON here ('-' = stdout)."),
]
CsvOpt = Annotated[Path | None, typer.Option("--csv", help="Also write the scorecard as CSV.")]
MdOpt = Annotated[
    Path | None, typer.Option("--markdown", help="Also write the scorecard as a Markdown table.")
]


def validate(
    episode: EpisodeOpt = None,
    quick: QuickOpt = False,
    json_out: JsonOpt = None,
    csv_out: CsvOpt = None,
    md_out: MdOpt = None,
    store: StoreOpt = None,
) -> None:
    """Replay every bundled past episode and score it against observed data.

    For each replay: per port, the change in BTS monthly trucks and personal vehicles during the
    episode beyond normal growth (observed, with a band from ordinary years) against the
    simulated change; published peak waits against the simulated worst hour.  Each row says
    whether it is in sample (fitted on) or out of sample, and whether the model is inside the
    band.  See docs/validation.md.

    Example: borderlever validate --quick --episode 2022-ambassador-bridge-blockade
    """
    from borderlever.validation.scorecard import run_validation

    frame = run_validation(
        episode or None,
        store=store,
        quick=quick,
        progress=lambda name: err_console.print(f"replaying {name} ...", highlight=False),
    )
    table = Table(
        "episode",
        "port",
        "figure",
        "observed [band]",
        "simulated [range]",
        "sample",
        "inside",
        title="how well the model reproduces past episodes",
    )
    for r in frame.to_dict("records"):
        u = str(r["unit"])
        inside = r["inside"]
        table.add_row(
            str(r["episode"]),
            str(r["port"]),
            str(r["figure"]),
            f"{_num(r['observed'], u)} [{_num(r['band_low'], u)}, {_num(r['band_high'], u)}]",
            f"{_num(r['simulated'], u)} [{_num(r['sim_low'], u)}, {_num(r['sim_high'], u)}]",
            str(r["sample"]),
            "n/a" if inside is None else ("yes" if inside else "NO"),
        )
    console.print(table)
    scored = frame[frame["inside"].notna()]
    out = scored[scored["sample"] == "out-of-sample"]
    console.print(
        f"{int(scored['inside'].astype(bool).sum())} of {len(scored)} figures inside their band; "
        f"out of sample: {int(out['inside'].astype(bool).sum())} of {len(out)}"
        + (" (quick mode: 1 replication, first month only)" if quick else "")
    )
    if csv_out is not None:
        csv_out.parent.mkdir(parents=True, exist_ok=True)
        frame.to_csv(csv_out, index=False, float_format="%.6g")
    if md_out is not None:
        from borderlever.validation.scorecard import scorecard_markdown

        md_out.parent.mkdir(parents=True, exist_ok=True)
        md_out.write_text(scorecard_markdown(frame))
    if json_out is not None:
        doc = {
            "quick": quick,
            "scorecard": [
                {k: _json_value(v) for k, v in row.items()} for row in frame.to_dict("records")
            ],
        }
        text = json.dumps(doc, indent=2, sort_keys=True) + "\n"
        if str(json_out) == "-":
            typer.echo(text, nl=False)
        else:
            json_out.parent.mkdir(parents=True, exist_ok=True)
            json_out.write_text(text)


def register(app: typer.Typer) -> None:
    """Attach ``validate``."""
    app.command("validate")(validate)
