"""``borderlever run`` and ``borderlever compare``: the product's main job, and its diff."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from borderlever.cli._console import console, err_console
from borderlever.cli._options import StoreOpt

#: Parameter sets of a bare ``--uncertainty``.
DEFAULT_UNCERTAINTY_POINTS = 64


def optional_uncertainty_value(argv: list[str]) -> list[str]:
    """``argv`` with the default N inserted after a bare ``--uncertainty``/``-u`` of ``run``.

    Examples
    --------
    >>> optional_uncertainty_value(["run", "x", "--uncertainty"])
    ['run', 'x', '--uncertainty', '64']
    >>> optional_uncertainty_value(["run", "--uncertainty", "x", "-q"])
    ['run', '--uncertainty', '64', 'x', '-q']
    >>> optional_uncertainty_value(["run", "x", "-u", "16"])
    ['run', 'x', '-u', '16']
    """
    if not argv or argv[0] != "run":
        return list(argv)
    out: list[str] = []
    for i, arg in enumerate(argv):
        out.append(arg)
        if arg in ("--uncertainty", "-u"):
            nxt = argv[i + 1] if i + 1 < len(argv) else ""
            if not nxt.isdigit():
                out.append(str(DEFAULT_UNCERTAINTY_POINTS))
    return out


def headline_table(summary: dict[str, Any]) -> Table:
    """The headline numbers as a rich table (the same as the report's headline cards)."""
    from borderlever.reports.html import headline

    scen = summary["scenario"]
    table = Table(
        "figure",
        "value (mean [95 % interval])",
        title=f"{scen['name']} · seed {summary['seed']} · {summary['replications']} replications",
    )
    for label, value in headline(summary):
        plain = value.replace("<span class='muted'>", "").replace("</span>", "")
        table.add_row(escape(label), escape(plain))
    return table


def run(
    scenario: Annotated[
        str, typer.Argument(help="Scenario name (see `borderlever scenarios list`) or YAML file.")
    ],
    replications: Annotated[
        int | None,
        typer.Option("--replications", "-r", help="Override the scenario's replications."),
    ] = None,
    seed: Annotated[
        int | None, typer.Option("--seed", help="Override the scenario's master seed.")
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Output folder (default out/<scenario-name>/)."),
    ] = None,
    json_file: Annotated[
        Path | None, typer.Option("--json", help="Also write summary.json here ('-' = stdout).")
    ] = None,
    store: StoreOpt = None,
    engine: Annotated[
        str, typer.Option("--engine", help="fast (numba) or reference (SimPy, slow).")
    ] = "fast",
    png: Annotated[
        bool,
        typer.Option("--png", help="Also export the figures as PNG (needs kaleido and Chrome)."),
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bars or headline table.")
    ] = False,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Replace a non-empty --out folder that holds no borderlever run "
            "(its content is kept beside it as NAME.replaced-<time>).",
        ),
    ] = False,
    uncertainty: Annotated[
        int | None,
        typer.Option(
            "--uncertainty",
            "-u",
            min=2,
            help="Also run a sample of N parameter sets around the scenario (bare --uncertainty: "
            f"{DEFAULT_UNCERTAINTY_POINTS}) and split each headline interval into replication "
            "noise and parameter uncertainty, with the parameters that drive it.",
        ),
    ] = None,
    point_replications: Annotated[
        int, typer.Option("--point-replications", min=1, help="Replications per sampled point.")
    ] = 4,
    sim_points: Annotated[
        int | None,
        typer.Option(
            "--sim-points",
            min=1,
            help="Distinct simulation-parameter sets in the sample (default N/4; each is "
            "re-priced for the sample's economics draws).",
        ),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers", "-w", help="Run the sample on a local Dask cluster of N workers."
        ),
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option("--scheduler", help="Run the sample on the Dask cluster at tcp://host:port."),
    ] = None,
) -> None:
    """Run a scenario: simulate every port, price the result, write summary.json and report.html.

    Writes out/<scenario-name>/ (or --out): summary.json, report.html, scenario.yaml (resolved),
    manifest.json, daily/hourly frames (Parquet per replication, CSV with intervals), and
    complete.json last.  The folder is written aside and swapped in: a killed run leaves the
    previous one intact.  Every input is checked before the simulation starts.

    With --uncertainty N, a sample of N parameter sets (every registry parameter acting on the
    simulation or the economics, over its plausible range) runs too, into <out>/uncertainty/
    (resumable); summary.json then gives each headline figure ci_replication, ci_parameters and
    drivers, and the report a tornado chart for the leverage ratio and each country's cost.

    Example: borderlever run seed-14-day-closure --replications 4 --seed 7

    Example: borderlever run seed-14-day-closure --uncertainty 64 --workers 2
    """
    import borderlever as bl
    from borderlever.runs.summary import dumps

    if png:
        from borderlever.errors import ConfigError
        from borderlever.reports.png import png_unavailable_reason

        reason = png_unavailable_reason()
        if reason is not None:
            raise ConfigError(reason)
    from borderlever.api.core import scenario_spec
    from borderlever.runs.folder import check_output_file, staged_folder, write_file_atomic
    from borderlever.runs.pipeline import resolve_scenario

    # pre-flight: the scenario against the store, --json and --out (locked) before any work
    over = {k: v for k, v in (("replications", replications), ("seed", seed)) if v is not None}
    spec, source = scenario_spec(scenario, over)
    checked = resolve_scenario(spec, store=store, source=source)
    if json_file is not None and str(json_file) != "-":
        check_output_file(json_file, "--json")
    for note in checked.notes:
        err_console.print(f"[yellow]warning:[/] {escape(note)}", highlight=False, soft_wrap=True)
    folder = out if out is not None else Path("out") / checked.name
    with (
        staged_folder(folder, force=force) as stage,
        Progress(
            TextColumn("{task.description:<12}"),
            BarColumn(),
            TextColumn("{task.completed}/{task.total}"),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            disable=quiet,
            transient=False,
        ) as bar,
    ):
        tasks: dict[str, Any] = {}

        def progress(step: str, done: int, total: int) -> None:
            size = total if total > 0 else None  # total 0: length unknown: pulse
            if step not in tasks:
                tasks[step] = bar.add_task(step, total=size)
            bar.update(tasks[step], completed=done, total=size)

        # the resumable sample lives in the folder itself; the swap carries it over (runs/folder)
        sample_dir = Path(folder) / "uncertainty" if uncertainty is not None else None
        result = bl.run(
            scenario,
            store=store,
            engine=engine,
            progress=progress,
            replications=replications,
            seed=seed,
            uncertainty=uncertainty,
            point_replications=point_replications,
            sim_points=sim_points,
            workers=workers,
            scheduler=scheduler,
            uncertainty_dir=sample_dir,
        )
        progress("report", 0, 1)
        result.write(stage, png=png)
        progress("report", 1, 1)
    if stage.replaced is not None:
        err_console.print(f"the previous content of {folder} is kept in {stage.replaced}")
    summary = result.summary
    if json_file is not None:
        if str(json_file) == "-":
            typer.echo(dumps(summary), nl=False)
        else:
            write_file_atomic(Path(json_file).absolute(), dumps(summary))
    if not quiet:
        console.print(escape(result.sentence), highlight=False, soft_wrap=True)
        console.print(headline_table(summary))
        console.print(
            f"wrote {escape(str(folder))}/summary.json and {escape(str(folder))}/report.html",
            highlight=False,
        )


def _fmt(v: Any, width: int = 60) -> str:
    if v is None:
        return "—"
    if isinstance(v, float):
        return f"{v:,.0f}" if abs(v) >= 1e4 else f"{v:.6g}"
    text = str(v)
    return text if len(text) <= width else text[: width - 1] + "…"


def compare(
    a: Annotated[str, typer.Argument(help="Result folder, or scenario name/file.")],
    b: Annotated[str, typer.Argument(help="Result folder, or scenario name/file.")],
    out_root: Annotated[
        Path, typer.Option("--out-root", help="Where runs of named scenarios live.")
    ] = Path("out"),
    json_file: Annotated[
        Path | None, typer.Option("--json", help="Write the differences as JSON here.")
    ] = None,
    all_outputs: Annotated[bool, typer.Option("--all", help="Show unchanged outputs too.")] = False,
    ports: Annotated[
        bool, typer.Option("--ports", help="Also show per-port figures (always in --json).")
    ] = False,
) -> None:
    """Compare the inputs and outputs of two scenarios or two result folders.

    Inputs: every resolved scenario key that differs.  Outputs: every summary figure (means),
    A, B and B - A (needs both runs: a result folder, or out/<name>/ for a named scenario).

    Example: borderlever compare out/seed-14-day-closure out/commercial-only-closure-14d
    """
    import borderlever as bl
    from borderlever.runs.folder import check_output_file, write_file_atomic

    if json_file is not None:
        json_file = check_output_file(json_file, "--json")
    comp = bl.compare(a, b, out_root=out_root)
    table = Table(title=f"inputs: {len(comp.inputs)} differences")
    table.add_column("input", no_wrap=True)
    table.add_column(escape(comp.a))
    table.add_column(escape(comp.b))
    for key, va, vb in comp.inputs.itertuples(index=False):
        table.add_row(escape(key), escape(_fmt(va)), escape(_fmt(vb)))
    console.print(table)
    sa, sb = comp.summaries
    if sa is None or sb is None:
        missing = [label for label, s in ((comp.a, sa), (comp.b, sb)) if s is None]
        console.print(
            f"[yellow]no results for {escape(', '.join(missing))}[/]: "
            "run `borderlever run NAME` first"
        )
    else:
        shown = comp.outputs if all_outputs else comp.changed(ports=True)
        if not ports:
            shown = shown[~shown["figure"].str.startswith("ports.")]
        t2 = Table(
            "output (mean)",
            escape(comp.a),
            escape(comp.b),
            "B - A",
            title=f"outputs: {len(shown)} figures differ",
        )
        for key, va, vb, d in shown.itertuples(index=False):
            t2.add_row(escape(key), _fmt(_nan(va)), _fmt(_nan(vb)), _fmt(_nan(d)))
        console.print(t2)
    if json_file is not None:
        write_file_atomic(json_file, json.dumps(comp.to_dict(), indent=2, sort_keys=True) + "\n")


def _nan(x: Any) -> Any:
    return None if isinstance(x, float) and x != x else x


def register(app: typer.Typer) -> None:
    """Attach ``borderlever run`` and ``borderlever compare``."""
    app.command("run")(run)
    app.command("compare")(compare)
