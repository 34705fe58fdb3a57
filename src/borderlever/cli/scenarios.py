"""``borderlever scenarios``: list, show and validate scenario files."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from borderlever.cli._console import console
from borderlever.cli._options import StoreOpt
from borderlever.errors import BorderleverError

scenarios_app = typer.Typer(
    help="Scenario files: list the library, show one resolved, validate files.\n\n"
    "Example: borderlever scenarios show seed-14-day-closure",
    no_args_is_help=True,
)


def _first_sentence(text: str, width: int = 90) -> str:
    sentence = text.split(". ")[0].strip()
    return sentence if len(sentence) <= width else sentence[: width - 1] + "…"


@scenarios_app.command("list")
def list_scenarios() -> None:
    """List the scenarios found by name (./scenarios, then the library shipped with borderlever).

    Example: borderlever scenarios list
    """
    from borderlever.scenarios import library_files, load_spec

    files = library_files()
    table = Table(title=f"{len(files)} scenarios")
    table.add_column("name", no_wrap=True)
    for col in ("start", "days", "reps", "policies", "what"):
        table.add_column(col)
    for name, path in files.items():
        try:
            spec = load_spec(path)
        except BorderleverError as exc:
            table.add_row(name, "", "", "", "", f"[red]invalid: {escape(str(exc))}[/]")
            continue
        kinds = ", ".join(sorted({p.kind for p in spec.policies})) or "none"
        table.add_row(
            escape(name),
            str(spec.start),
            str(spec.horizon_days),
            str(spec.replications),
            kinds,
            escape(_first_sentence(spec.description, 60)),
        )
    console.print(table)


@scenarios_app.command("show")
def show(
    scenario: Annotated[str, typer.Argument(help="Scenario name or YAML file.")],
    resolve_ports: Annotated[
        bool,
        typer.Option("--resolve", help="Also resolve ports against the store and print the hash."),
    ] = False,
    store: StoreOpt = None,
) -> None:
    """Print a scenario with its base merged in and every default filled in (what a run uses).

    Example: borderlever scenarios show commercial-only-closure-14d --resolve
    """
    import yaml

    from borderlever.scenarios import load_spec

    spec = load_spec(scenario)
    if resolve_ports:
        from borderlever.runs.pipeline import resolve_scenario
        from borderlever.scenarios.resolve import resolved_yaml

        typer.echo(resolved_yaml(resolve_scenario(scenario, store=store)), nl=False)
        return
    typer.echo(
        yaml.safe_dump(spec.model_dump(mode="json", exclude={"base"}), sort_keys=False), nl=False
    )


@scenarios_app.command("validate")
def validate(
    files: Annotated[list[str], typer.Argument(help="Scenario names or YAML files.")],
    no_store: Annotated[
        bool,
        typer.Option(
            "--no-store", help="Skip the checks that need the store (port codes, states)."
        ),
    ] = False,
    store: StoreOpt = None,
) -> None:
    """Check scenario files: keys, values, windows, bases and (with the store) port codes.

    Exit code 0 when all are valid, 2 when any is not (each problem is printed).

    Example: borderlever scenarios validate scenarios/*.yaml
    """
    from borderlever.cli.main import explain
    from borderlever.scenarios import find_scenario, load_spec

    bad = 0
    for ref in files:  # every file is reported, whatever happened to the one before
        try:
            spec = load_spec(ref)
            source = str(find_scenario(ref))
            if not no_store:
                from borderlever.runs.pipeline import resolve_scenario

                resolved = resolve_scenario(spec, store=store, source=source)
                notes = list(resolved.notes)
                what = f"{len(resolved.port_codes)} ports, hash {resolved.hash[:12]}"
            else:
                from borderlever.scenarios.resolve import check_windows

                notes = check_windows(spec, source)
                what = "port codes, dates and trade year not checked"
            console.print(f"[green]ok[/] {escape(ref)} ({what})", highlight=False, soft_wrap=True)
            for note in notes:
                console.print(
                    f"  [yellow]warning:[/] {escape(note)}", highlight=False, soft_wrap=True
                )
        except Exception as exc:  # one file's failure must not stop the batch
            message, _ = explain(exc)
            bad += 1
            console.print(
                f"[bold red]invalid[/] {escape(ref)}: {escape(message)}",
                highlight=False,
                soft_wrap=True,
            )
    console.print(f"{len(files) - bad} of {len(files)} valid", highlight=False)
    if bad:
        raise typer.Exit(2)


def register(app: typer.Typer) -> None:
    """Attach ``borderlever scenarios``."""
    app.add_typer(scenarios_app, name="scenarios")
