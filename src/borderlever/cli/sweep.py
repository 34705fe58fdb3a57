"""``borderlever sweep``: run a sweep file serially, on a local Dask cluster or on a running one."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from borderlever.cli._console import console
from borderlever.cli._options import StoreOpt


def plan_from_file(path: Path, store: str | Path | None, engine: str = "fast") -> Any:
    """The :class:`~borderlever.uncertainty.sweep.Sweep` a sweep file describes."""
    from borderlever.runs.pipeline import resolve_scenario
    from borderlever.scenarios.convert import scenario_values
    from borderlever.scenarios.sweep import load_sweep
    from borderlever.uncertainty.design import registry_factors
    from borderlever.uncertainty.sweep import plan_sweep

    spec, scenario = load_sweep(path)
    resolved = resolve_scenario(scenario, store=store)
    ranges = {
        k: v.model_dump(exclude_none=True, exclude={"values"}) for k, v in spec.parameters.items()
    }
    factors = registry_factors(
        list(spec.parameters), centre=scenario_values(resolved.spec), ranges=ranges
    )
    grid = {k: v.values for k, v in spec.parameters.items() if v.values is not None}
    return plan_sweep(
        resolved,
        factors,
        name=spec.name,
        method=spec.design.method,
        points=spec.design.points,
        seed=spec.design.seed,
        levels=spec.design.levels,
        sim_points=spec.design.sim_points,
        grid_values=grid or None,
        replications=spec.replications,
        seeds=spec.seeds,
        outputs=spec.outputs,
        store=store,
        engine=engine,
    )


def _sensitivity_table(sweep: Any, folder: Path) -> Table | None:
    from borderlever.uncertainty.design import sensitivity
    from borderlever.uncertainty.sweep import load_results

    res = load_results(folder)
    if res.empty or len(sweep.points) < 8:
        return None
    means = res.groupby(["output", "point_id"])["value"].mean().unstack("point_id")
    means = means.reindex(columns=sweep.points["point_id"])
    table = Table("output", "mean over points", "p2.5 .. p97.5", "largest index", title="sweep")
    rows = []
    for name, row in means.iterrows():
        y = row.to_numpy(dtype=float)
        idx = sensitivity(sweep.method, list(sweep.factors), sweep.unit, y, seed=1)
        top = "—"
        if not idx.empty:
            main = idx[idx["index"] == idx["index"].iloc[0]].sort_values("value").iloc[-1]
            top = f"{main['parameter']} ({main['index']} {main['value']:.2g})"
            rows.append(idx.assign(output=str(name)))
        lo, hi = (float(v) for v in (row.quantile(0.025), row.quantile(0.975)))
        table.add_row(str(name), f"{row.mean():.4g}", f"{lo:.4g} .. {hi:.4g}", top)
    if rows:
        import pandas as pd

        pd.concat(rows).to_csv(folder / "sensitivity.csv", index=False, float_format="%.6g")
    return table


def sweep(
    sweep_file: Annotated[Path, typer.Argument(help="Sweep YAML (docs/scale.md).")],
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Sweep folder (default out/sweeps/<name>/)."),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option("--workers", "-w", help="Local Dask cluster of N worker processes."),
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option("--scheduler", help="A running Dask scheduler, tcp://host:port."),
    ] = None,
    store: StoreOpt = None,
    engine: Annotated[str, typer.Option("--engine", help="fast (numba) or reference.")] = "fast",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Run a sweep: a base scenario over a design of parameter values, into partitioned Parquet.

    Writes sweep.json, points.parquet (each point's values, seed and resolved scenario),
    results/sim_group=G/point-P.parquet (one row per replication and output) and, where the
    design supports it, sensitivity.csv.  Rerunning resumes: finished points are kept.

    Example: borderlever sweep scenarios/sweeps/closure-economics.yaml --workers 2
    """
    from borderlever.uncertainty.sweep import run_sweep

    plan = plan_from_file(sweep_file, store, engine)
    folder = out if out is not None else Path("out") / "sweeps" / plan.name
    with Progress(
        TextColumn("points"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        disable=quiet,
    ) as bar:
        task = bar.add_task("points", total=len(plan.points))

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        run = run_sweep(plan, folder, workers=workers, scheduler=scheduler, progress=progress)
    console.print(
        f"{run.computed} points computed, {run.skipped} already done; "
        f"{plan.points['sim_group'].nunique()} simulations for {len(plan.points)} points; "
        f"{run.wall_s:.1f} s on {run.workers} worker(s)"
    )
    table = _sensitivity_table(plan, folder)
    if table is not None and not quiet:
        console.print(table)
    console.print(f"wrote {folder}")


def register(app: typer.Typer) -> None:
    """Attach ``borderlever sweep``."""
    app.command("sweep")(sweep)
