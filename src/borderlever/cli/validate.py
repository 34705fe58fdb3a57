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
    typer.Option(
        "--quick",
        help=(
            "One replication and each replay's first month only (seconds); policy windows past "
            "the month end at it, later policies are left out."
        ),
    ),
]
JsonOpt = Annotated[
    Path | None,
    typer.Option("--json", help="Also write the scorecard as JSON here ('-' = stdout)."),
]
CsvOpt = Annotated[Path | None, typer.Option("--csv", help="Also write the scorecard as CSV.")]
ParamOpt = Annotated[
    int,
    typer.Option(
        "--parameters",
        "-p",
        min=0,
        help="Also run each replay N times with the simulation's registry parameters drawn over "
        "their ranges (one replication each): adds param_low/param_high/inside_with_parameters. "
        "0 (default): no parameter pass.",
    ),
]
MdOpt = Annotated[
    Path | None, typer.Option("--markdown", help="Also write the scorecard as a Markdown table.")
]
ControlsOpt = Annotated[
    bool,
    typer.Option(
        "--controls",
        help="Also print a sensitivity of the count rows: the same change at ports the episode "
        "did not touch (a common shock) taken out, difference-in-differences (2022 replays; "
        "beside the verdict, never in its place).",
    ),
]


def validate(
    episode: EpisodeOpt = None,
    quick: QuickOpt = False,
    json_out: JsonOpt = None,
    csv_out: CsvOpt = None,
    md_out: MdOpt = None,
    parameters: ParamOpt = 0,
    controls: ControlsOpt = False,
    store: StoreOpt = None,
) -> None:
    """Replay every bundled past episode and score it against observed data.

    For each replay: per port, the change in BTS monthly trucks and personal vehicles during the
    episode beyond normal growth (observed, with a band from ordinary years) against the
    simulated change; published peak waits against the simulated worst hour.  Each row says
    whether it is in sample (fitted on) or out of sample, and whether the model is inside the
    band.  With --parameters N, also the figure's 2.5-97.5 % over N draws of the simulation's
    parameters and whether that interval reaches the band (a weaker claim).  With --controls,
    also each count row with the common shock at untouched ports taken out (a sensitivity).
    See docs/validation.md.

    Example: borderlever validate --quick --episode 2022-ambassador-bridge-blockade
    """
    import time

    from borderlever.validation.scorecard import episode_counts, run_validation

    t0 = time.perf_counter()
    timings: dict[str, float] = {}
    frame = run_validation(
        episode or None,
        store=store,
        quick=quick,
        parameters=parameters,
        progress=lambda name: err_console.print(f"replaying {name} ...", highlight=False),
        timings=timings,
    )
    wall_s = time.perf_counter() - t0
    console.print(_table(frame, parameters > 0))
    _print_counts(frame, parameters, quick)
    ctrl = _controls(frame, store, quick) if controls else None
    err_console.print(
        f"took {wall_s:.0f} s (" + ", ".join(f"{k} {v:.0f} s" for k, v in timings.items()) + ")",
        highlight=False,
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
            "parameters": parameters,
            "counts": [
                {k: _json_value(v) for k, v in row.items()}
                for row in episode_counts(frame).to_dict("records")
            ],
            "scorecard": [
                {k: _json_value(v) for k, v in row.items()} for row in frame.to_dict("records")
            ],
        }
        if ctrl is not None:
            doc["controls"] = [
                {k: _json_value(v) for k, v in row.items()}
                for row in ctrl.to_dict("records")  # type: ignore[attr-defined]
            ]
        text = json.dumps(doc, indent=2, sort_keys=True) + "\n"
        if str(json_out) == "-":
            typer.echo(text, nl=False)
        else:
            json_out.parent.mkdir(parents=True, exist_ok=True)
            json_out.write_text(text)


def _yes(v: object) -> str:
    table: dict[object, str] = {True: "yes", False: "NO", "True": "yes", "False": "NO"}
    return table.get(v, "n/a")


def _table(frame: object, with_parameters: bool) -> Table:
    """The scorecard as a rich table."""
    cols = ["episode", "port", "figure", "observed [band]", "simulated [range]", "window peak"]
    cols += ["sample", "inside"]
    if with_parameters:
        cols += ["parameters [2.5-97.5 %]", "admitted"]
    table = Table(*cols, title="how well the model reproduces past episodes")
    for r in frame.to_dict("records"):  # type: ignore[attr-defined]
        u = str(r["unit"])
        cells = [
            str(r["episode"]),
            str(r["port"]),
            str(r["figure"]),
            f"{_num(r['observed'], u)} [{_num(r['band_low'], u)}, {_num(r['band_high'], u)}]",
            f"{_num(r['simulated'], u)} [{_num(r['sim_low'], u)}, {_num(r['sim_high'], u)}]",
            _num(r["window_peak"], u) if u == "h" else "",
            str(r["sample"]),
            _yes(r["inside"]),
        ]
        if with_parameters:
            cells += [
                f"[{_num(r['param_low'], u)}, {_num(r['param_high'], u)}]",
                _yes(r["inside_with_parameters"]).lower(),
            ]
        table.add_row(*cells)
    return table


def _controls(frame: object, store: object, quick: bool) -> object:
    """Print (and return) the common-shock sensitivity of the count rows."""
    from borderlever.data.store import query
    from borderlever.validation.controls import control_rows

    crossings = query(
        "SELECT port_code, month, measure, count FROM port_month_crossings "
        "WHERE measure IN ('Trucks', 'Personal Vehicles')",
        store=store,  # type: ignore[arg-type]
    )
    rows = control_rows(frame, crossings, quick=quick)  # type: ignore[arg-type]
    if rows.empty:
        console.print(
            "--controls: no replay scored here has ports it did not touch "
            "(src/borderlever/validation/data/control_ports.csv lists the 2022 replays; in 2019 "
            "every south-west field office lost officers)",
            highlight=False,
            soft_wrap=True,
        )
        return rows
    table = Table(
        "episode",
        "port",
        "figure",
        "observed",
        "untouched ports (median, n)",
        "observed less that [band]",
        "simulated",
        "sample",
        "inside",
        "inside without the common shock",
        title="sensitivity: the change at ports the episode did not touch taken out",
        caption="band: 2 s.d. of ordinary years widened by 2 standard errors of the untouched "
        "ports' median; in-sample rows are calibration checks",
    )
    for r in rows.to_dict("records"):
        table.add_row(
            str(r["episode"]),
            str(r["port"]),
            str(r["figure"]),
            _num(r["observed"], "share"),
            f"{_num(r['control_median'], 'share')} ({r['control_n']})",
            f"{_num(r['observed_did'], 'share')} [{_num(r['band_low_did'], 'share')}, "
            f"{_num(r['band_high_did'], 'share')}]",
            _num(r["simulated"], "share"),
            str(r["sample"]),
            _yes(r["inside"]),
            _yes(r["inside_did"]),
        )
    console.print(table)
    out = rows[rows["inside_did"].notna()]
    console.print(
        f"without the common shock {int(out['inside_did'].sum())} of {len(out)} of these count "
        f"rows are inside (with it: {int(out['inside'].isin([True, 'True']).sum())}); a "
        "sensitivity, not the verdict (docs/validation.md, Common shocks)",
        highlight=False,
        soft_wrap=True,
    )
    return rows


def _print_counts(frame: object, parameters: int, quick: bool) -> None:
    """Per episode: figures inside their band, in and out of sample (and admitted by the
    parameter interval), then the totals."""
    from borderlever.validation.scorecard import episode_counts

    counts = episode_counts(frame)  # type: ignore[arg-type]
    for episode, g in counts.groupby("episode", sort=False):
        parts = []
        for r in g.to_dict("records"):
            text = f"{r['sample']} {r['inside']} of {r['scored']} inside"
            if parameters:
                text += (
                    f", {int(r['inside_with_parameters'] or 0)} of {r['param_scored']} "
                    "admitted by the parameter interval"
                )
            parts.append(text)
        console.print(f"{episode}: " + "; ".join(parts), highlight=False, soft_wrap=True)
    out = counts[counts["sample"] == "out-of-sample"]
    console.print(
        f"{int(counts['inside'].sum())} of {int(counts['scored'].sum())} figures inside their "
        f"band; out of sample: {int(out['inside'].sum())} of {int(out['scored'].sum())}"
        + (" (quick mode: 1 replication, first month only)" if quick else "")
        + (
            f"; parameter interval from {parameters} draws of the simulation's parameters, one "
            "replication each (parameters and replication noise)"
            if parameters
            else ""
        ),
        highlight=False,
        soft_wrap=True,
    )


def register(app: typer.Typer) -> None:
    """Attach ``validate``."""
    app.command("validate")(validate)
