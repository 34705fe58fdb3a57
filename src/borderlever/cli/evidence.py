"""`borderlever episodes`, `borderlever evidence` and `borderlever claims`: past episodes of border
pressure, event studies of them, and checks of public claims against the store."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import pandas as pd
import typer
from rich.table import Column, Table

from borderlever.cli._console import console
from borderlever.cli._options import StoreOpt
from borderlever.errors import ConfigError, DataError

#: Fewest pre-period months a fit takes: the models have 13 coefficients (level, trend, 11 months).
MIN_FIT_MONTHS = 14

episodes_app = typer.Typer(
    help="Catalogue of past episodes.\n\nExample: borderlever episodes show tariff-threat-2019",
    no_args_is_help=True,
)
evidence_app = typer.Typer(
    help="Event studies of catalogued episodes.\n\nExample: borderlever evidence run tariff-threat-2019 --json out.json",
    no_args_is_help=True,
)
claims_app = typer.Typer(
    help="Check public claims against the store.\n\nExample: borderlever claims check --json claims.json",
    no_args_is_help=True,
)


def _query_fn(store: Path | None) -> Any:
    """``query(sql, params)`` on the store; a failing query (missing table ...) is a DataError."""
    import duckdb

    from borderlever.data.store import query

    def run(sql: str, params: list[Any] | None = None) -> pd.DataFrame:
        try:
            return query(sql, params, store=store)
        except duckdb.Error as exc:
            lines = str(exc).splitlines()
            first = " ".join([lines[0], *[ln for ln in lines[1:] if ln.startswith("Did you mean")]])
            raise DataError(
                f"store query failed: {first}",
                expected="the tables and views the query names (run `borderlever data build`)",
            ) from None

    return run


@episodes_app.command("list")
def episodes_list(
    kind: Annotated[str, typer.Option(help="lever, confounder or all.")] = "all",
) -> None:
    """List catalogued episodes.\n\nExample: borderlever episodes list --kind lever"""
    from borderlever.evidence.catalogue import load_catalogue

    if kind not in ("all", "lever", "confounder"):
        raise ConfigError(f"--kind {kind!r}: allowed values are all, lever, confounder")
    table = Table("kind", "from", "to", "levers", "title")
    table.columns.insert(0, Column("id", no_wrap=True))
    for ep in load_catalogue().episodes:
        if kind != "all" and ep.kind != kind:
            continue
        lo, hi = ep.span()
        table.add_row(
            ep.id, ep.kind, str(lo), str(hi) if hi != lo else "", ", ".join(ep.levers), ep.title
        )
    console.print(table)


@episodes_app.command("show")
def episodes_show(episode_id: str = typer.Argument(..., help="Episode id.")) -> None:
    """Show one episode: dates, lever, ports, concession, confounders, sources.\n\nExample: borderlever episodes show texas-inspections-2022"""
    from borderlever.evidence.catalogue import load_catalogue

    ep = load_catalogue().get(episode_id)
    table = Table(show_header=False, title=f"{ep.id}: {ep.title}", title_justify="left")
    table.add_column(overflow="fold")
    table.add_column(overflow="fold")
    dates = ", ".join(f"{k} {v}" for k, v in ep.dates.model_dump().items() if v is not None)
    rows = [
        ("kind", ep.kind),
        ("dates", dates),
        ("levers", ", ".join(ep.levers)),
        ("ports", ", ".join(ep.ports)),
        ("regions", ", ".join(ep.regions)),
        ("conceded", ep.conceded or ""),
        ("known confounders", "; ".join(ep.confounders)),
        ("event study splits on", f"{ep.split_on} ({ep.event_date()})"),
        ("default series", ", ".join(ep.series)),
        ("summary", ep.summary),
    ]
    for key, value in rows:
        if value:
            table.add_row(key, value)
    for src in ep.sources:
        table.add_row(
            "source",
            f'{src.publisher}, "{src.title}"{f" ({src.date})" if src.date else ""}\n{src.url}',
        )
    console.print(table)


def _coverage(name: str, query: Any) -> list[str]:
    """First month, last month and months missing between them; dashes where the store has none."""
    from borderlever.evidence.series import load_series

    try:
        s = load_series(name, query)
    except DataError:
        return ["-", "-", "no data"]
    full = s.reindex(pd.date_range(s.index[0], s.index[-1], freq="MS"))
    return [f"{s.index[0]:%Y-%m}", f"{s.index[-1]:%Y-%m}", str(int(full.isna().sum()))]


@evidence_app.command("series")
def evidence_series(
    coverage: Annotated[
        bool,
        typer.Option("--coverage", help="Query the store for each series' first and last month."),
    ] = False,
    store: StoreOpt = None,
) -> None:
    """List the named series an event study can use.\n\nExample: borderlever evidence series --coverage"""
    from borderlever.evidence.series import SERIES

    extra = ["from", "to", "missing"] if coverage else []
    table = Table(Column("name", no_wrap=True), "unit", *extra, "title", "caveat")
    query = _query_fn(store) if coverage else None
    for spec in SERIES.values():
        cells: list[str] = []
        if query is not None:
            cells = _coverage(spec.name, query)
        table.add_row(spec.name, spec.unit, *cells, spec.title, spec.caveat)
    table.add_row(
        "trucks_<port_code>",
        "trucks",
        *([""] * len(extra)),
        "Trucks entering the US at one BTS port",
        "",
    )
    console.print(table)


def _fmt(d: dict[str, Any] | None, pct: bool = False) -> str:
    if not d or d["estimate"] is None:
        return "-"
    f = (
        (lambda v: "?" if v is None else f"{v:+.1f}")
        if pct
        else (lambda v: "?" if v is None else f"{v:+,.0f}")
    )
    return f"{f(d['estimate'])} [{f(d['ci_low'])}, {f(d['ci_high'])}]"


def _methods(result: dict[str, Any]) -> str:
    return ", ".join(sorted({r["interval_method"] for r in result["series"].values()}))


def _placebo_line(res: dict[str, Any]) -> str:
    """Placebo shares: of the reported interval and, where calibrated, of the model's own."""
    model_share, pl = res["placebo_share_significant_model"], res["placebo"]
    model_part = (
        f"{model_share:.0%} of {pl['n']} placebo dates 'significant' at {pl['horizon']} with the "
        "model interval"
        if model_share is not None
        else "no placebo date fits"
    )
    cal = res.get("calibration")
    if res["interval_method"] == "model" or not cal:
        return model_part
    share = cal["share_significant"]
    shown = "n/a" if share is None else f"{share:.0%}"
    return (
        f"intervals calibrated on {cal['n']} placebo dates ({cal['first_date']} to "
        f"{cal['last_date']}), {shown} of them outside at {cal['horizon']}; {model_part}"
    )


def _print_study(result: dict[str, Any]) -> None:
    table = Table(
        Column("series", no_wrap=True),
        "horizon",
        "month",
        "observed",
        "counterfactual",
        "effect",
        "effect %",
        title=f"{result['episode']}: event {result['event_date']} ({result['split_on']}), "
        f"model {result['model']}, {result['series'] and next(iter(result['series'].values()))['interval']:.0%} intervals ({_methods(result)})"
        if result["series"]
        else result["episode"],
        title_justify="left",
    )
    for name, res in result["series"].items():
        for h, eff in res["effect"].items():
            if eff is None:
                table.add_row(name, h, "-", "-", "-", "not estimable", "")
                continue
            table.add_row(
                name,
                h,
                eff["month"],
                f"{eff['observed']:,.0f}",
                f"{eff['counterfactual']['estimate']:,.0f}",
                _fmt(eff["abs"]),
                _fmt(eff["pct"], pct=True) + (" *" if eff["significant"] else ""),
            )
    console.print(table)
    for name, res in result["series"].items():
        placebo = _placebo_line(res)
        conf = (
            ", ".join(f"{c['id']} ({c['where']})" for c in res["confounders"]) or "none catalogued"
        )
        console.print(f"[bold]{name}[/]: {placebo}; confounders in window: {conf}")
        sens = res.get("sensitivity")
        if sens and "pct" in sens:
            cells = ", ".join(
                f"{h} {_fmt(p, pct=True)}{' *' if sens['significant'][h] else ''}"
                for h, p in sens["pct"].items()
            )
            console.print(f"  model check {sens['model']}: {cells}")
        elif sens:
            console.print(f"  model check {sens['model']}: not fitted ({sens['error']})")
        for note in res["notes"]:
            console.print(f"  note: {note}")
    for name, why in result["skipped"].items():
        console.print(f"[yellow]skipped {name}[/]: {why}")
    console.print(
        "* interval excludes zero.  Correlation in time, not proof of cause: see docs/evidence.md."
    )


@evidence_app.command("run")
def evidence_run(
    episode_id: Annotated[
        str, typer.Argument(help="Episode id (see `borderlever episodes list`).")
    ],
    series: Annotated[
        list[str] | None,
        typer.Option("--series", help="Series name (repeatable); default: the episode's."),
    ] = None,
    model: Annotated[
        str,
        typer.Option(
            help="auto (default): every candidate scored on pre-period pseudo-events, the headline "
            "chosen by that skill, baselines beside it.  Or one model for the single-model study: "
            "ols_log, ols_level, ucm_log, ucm_level, ar1_log, ar1_level."
        ),
    ] = "auto",
    controls: Annotated[
        bool,
        typer.Option(help="auto: use the episode's control series (evidence/data/designs.yaml)."),
    ] = True,
    split_on: Annotated[
        str | None,
        typer.Option(
            "--split-on",
            help="Date that splits pre/post: threat, deadline, concession, start, end.",
        ),
    ] = None,
    pre_months: Annotated[
        int, typer.Option(min=MIN_FIT_MONTHS, help="Months of pre-period to fit (at most).")
    ] = 60,
    min_pre_months: Annotated[
        int,
        typer.Option(
            min=MIN_FIT_MONTHS,
            help="Fewer pre-period months than this is an error (at least 14: the models fit "
            "13 coefficients, level, trend and 11 months).",
        ),
    ] = 24,
    placebo_n: Annotated[
        int, typer.Option(min=0, help="Number of placebo pseudo-dates (0: none).")
    ] = 12,
    calibration_n: Annotated[
        int,
        typer.Option(
            min=0,
            help="Latest pseudo-dates whose errors calibrate the reported interval "
            "(0: the model's own interval; fewer than 20 usable: the model's, with a note; "
            "ucm models refit at each date, about 1 s each).",
        ),
    ] = 96,
    compare: Annotated[
        bool, typer.Option(help="Re-run with the other model family and flag disagreements.")
    ] = True,
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Write the result as JSON here.")
    ] = None,
    html: Annotated[
        Path | None,
        typer.Option("--html", help="Write one HTML figure per series into this folder."),
    ] = None,
    store: StoreOpt = None,
) -> None:
    """Event study of an episode: effect at 1, 3 and 6 months with intervals, placebos, confounders.

    Example: borderlever evidence run tariff-threat-2019 --series sw_encounters_usbp --json out.json
    """
    from borderlever.evidence.catalogue import load_catalogue
    from borderlever.evidence.counterfactual import MODELS
    from borderlever.evidence.episode_study import StudyOptions, study_episode
    from borderlever.evidence.series import get_series, load_series

    catalogue = load_catalogue()
    episode = catalogue.get(episode_id)
    if model != "auto" and model not in MODELS:
        from borderlever.errors import UnknownCodeError

        raise UnknownCodeError("model", model, ["auto", *sorted(MODELS)])
    allowed = ("start", "threat", "deadline", "concession", "end")
    if split_on is not None and split_on not in allowed:
        raise ConfigError(f"--split-on {split_on!r}: allowed values are {', '.join(allowed)}")
    names = list(series) if series else list(episode.series)
    if not names:
        raise ConfigError(f"episode {episode.id} names no default series; pass --series NAME")
    for name in names:
        get_series(name)  # unknown names fail before any query
    query = _query_fn(store)
    if model == "auto":
        _run_headline(
            episode, names, query, catalogue,
            split_on=split_on, pre_months=pre_months, min_pre_months=min_pre_months,
            skill_n=calibration_n, use_controls=controls, strict=bool(series),
            json_out=json_out, html=html,
        )  # fmt: skip
        return
    data = {name: load_series(name, query) for name in names}
    opts = StudyOptions(
        model=model,
        split_on=split_on,  # type: ignore[arg-type]  # checked against `allowed` above
        pre_months=pre_months,
        min_pre_months=min_pre_months,
        placebo_n=placebo_n,
        compare=compare,
        calibration_n=calibration_n,
    )
    study = study_episode(episode, data, catalogue, opts, skip_unfit=not series)
    result = study.to_dict()
    _print_study(result)
    if json_out is not None:
        json_out.parent.mkdir(parents=True, exist_ok=True)
        json_out.write_text(json.dumps(result, indent=2, default=str))
        console.print(f"wrote {json_out}")
    if html is not None:
        from borderlever.evidence.figures import event_study_figure, write_html

        for name, res in study.studies.items():
            fig = event_study_figure(res, episode, unit=get_series(name).unit)
            console.print(f"wrote {write_html(fig, html / f'{episode.id}_{name}.html')}")


def _run_headline(
    episode: Any,
    names: list[str],
    query: Any,
    catalogue: Any,
    *,
    split_on: str | None,
    pre_months: int,
    min_pre_months: int,
    skill_n: int,
    use_controls: bool,
    strict: bool,
    json_out: Path | None,
    html: Path | None,
) -> None:
    """`evidence run --model auto`: headline chosen by placebo skill, per series."""
    from functools import partial

    from borderlever.evidence.headline import HeadlineOptions
    from borderlever.evidence.series import get_series, load_series
    from borderlever.evidence.table import study_outcome

    opts = HeadlineOptions(
        pre_months=pre_months, min_pre_months=min_pre_months, skill_n=max(skill_n, 0)
    )
    load = partial(load_series, query=query)
    studies, skipped = {}, {}
    for name in names:
        try:
            with console.status(f"{episode.id}: scoring models on {name} ..."):
                studies[name] = study_outcome(
                    episode, name, load, catalogue, opts,
                    split_on=split_on, use_controls=use_controls,  # type: ignore[arg-type]
                )  # fmt: skip
        except DataError as exc:
            if strict:
                raise
            skipped[name] = str(exc)
    result = {
        "episode": episode.id,
        "title": episode.title,
        "model": "auto (placebo skill)",
        "event_date": episode.event_date(split_on).isoformat(),
        "split_on": split_on or episode.split_on,
        "skill_n": skill_n,
        "series": {k: v.to_dict() for k, v in studies.items()},
        "skipped": skipped,
    }
    from borderlever.cli._evidence_print import print_headlines

    print_headlines(result)
    if json_out is not None:
        json_out.parent.mkdir(parents=True, exist_ok=True)
        json_out.write_text(json.dumps(result, indent=2, default=str))
        console.print(f"wrote {json_out}")
    if html is not None:
        from borderlever.evidence.figures import headline_figure, write_html

        for name, st in studies.items():
            fig = headline_figure(st.study, episode, unit=get_series(name).unit)
            console.print(f"wrote {write_html(fig, html / f'{episode.id}_{name}.html')}")


@evidence_app.command("table")
def evidence_table_cmd(
    episodes: Annotated[
        list[str] | None,
        typer.Option("--episode", help="Episode id (repeatable); default: every lever episode."),
    ] = None,
    outcomes: Annotated[
        list[str] | None,
        typer.Option("--outcome", help="Outcome series (repeatable); default: the designs' three."),
    ] = None,
    skill_n: Annotated[
        int, typer.Option(help="Pseudo-events that score the models and calibrate the interval.")
    ] = 96,
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Write the rows and studies as JSON here.")
    ] = None,
    store: StoreOpt = None,
) -> None:
    """Effect of every lever episode on encounters, fentanyl seizures and synthetic-opioid deaths
    at 1, 3 and 6 months: headline chosen by placebo skill, identified or confounded.

    Example: borderlever evidence table --json out/evidence_table.json
    """
    from functools import partial

    from borderlever.evidence.catalogue import load_catalogue
    from borderlever.evidence.headline import HeadlineOptions
    from borderlever.evidence.series import get_series, load_series
    from borderlever.evidence.table import evidence_table

    for name in outcomes or []:
        get_series(name)
    catalogue = load_catalogue()
    for ep in episodes or []:
        catalogue.get(ep)
    load = partial(load_series, query=_query_fn(store))
    with console.status("scoring models ...") as status:
        rows, studies = evidence_table(
            catalogue, load, HeadlineOptions(skill_n=skill_n), episodes=episodes,
            outcomes=outcomes, progress=lambda s: status.update(f"scoring models: {s}"),
        )  # fmt: skip
    from borderlever.cli._evidence_print import print_table

    print_table(rows)
    if json_out is not None:
        json_out.parent.mkdir(parents=True, exist_ok=True)
        doc = {
            "rows": rows.to_dict(orient="records"),
            "studies": {f"{e}/{o}": st.to_dict() for (e, o), st in studies.items()},
        }
        json_out.write_text(json.dumps(doc, indent=2, default=str))
        console.print(f"wrote {json_out}")


@evidence_app.command("pool")
def evidence_pool(
    episode_ids: Annotated[list[str], typer.Argument(help="Two or more episode ids.")],
    series: Annotated[str, typer.Option(help="One series name.")] = "sw_encounters_usbp",
    model: Annotated[
        str, typer.Option(help="ols_log or ucm_log (log models pool exactly).")
    ] = "ols_log",
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Write the result as JSON here.")
    ] = None,
    store: StoreOpt = None,
) -> None:
    """Pool one series' effects over several episodes (inverse variance, with I^2).

    Example: borderlever evidence pool mpp-2018 closure-threat-2019 tariff-threat-2019 --series sw_encounters_usbp
    """
    from borderlever.evidence.catalogue import load_catalogue
    from borderlever.evidence.counterfactual import MODELS
    from borderlever.evidence.episode_study import StudyOptions, study_series
    from borderlever.evidence.event_study import HORIZONS
    from borderlever.evidence.pooling import pooled_effect
    from borderlever.evidence.series import load_series

    if len(set(episode_ids)) < 2:
        raise ConfigError(
            f"evidence pool needs at least 2 different episodes (got {len(set(episode_ids))}); "
            "one episode's effect is `borderlever evidence run EPISODE`"
        )
    catalogue = load_catalogue()
    episodes = [catalogue.get(e) for e in episode_ids]
    if model not in MODELS:
        from borderlever.errors import UnknownCodeError

        raise UnknownCodeError("model", model, sorted(MODELS))
    data = load_series(series, _query_fn(store))
    opts = StudyOptions(model=model, placebo_n=0, compare=False)
    studies = {ep.id: study_series(data, ep, catalogue, opts) for ep in episodes}
    pooled = {f"{h}m": pooled_effect(studies, h, opts.alpha) for h in HORIZONS}
    table = Table(
        Column("horizon", no_wrap=True),
        *[Column(e, no_wrap=True) for e in studies],
        "pooled %",
        "I^2",
        title=f"{series}, model {model}",
        title_justify="left",
    )
    for h, out in pooled.items():
        cells = [f"{out['episodes'][e]:+.1f}" if e in out["episodes"] else "-" for e in studies]
        table.add_row(h, *cells, _fmt(out["pct"], pct=True), f"{out['i2']:.0%}")
    console.print(table)
    console.print(
        "Pooling assumes one common effect and independent episodes; a high I^2 says "
        "they differ.  See docs/evidence.md."
    )
    if json_out is not None:
        json_out.parent.mkdir(parents=True, exist_ok=True)
        json_out.write_text(
            json.dumps({"series": series, "model": model, "pooled": pooled}, indent=2)
        )
        console.print(f"wrote {json_out}")


@claims_app.command("check")
def claims_check(
    file: Annotated[
        Path | None,
        typer.Argument(help="Claims YAML (default: the claims shipped with borderlever)."),
    ] = None,
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Write one object per claim as JSON here.")
    ] = None,
    skill_n: Annotated[
        int,
        typer.Option(
            help="Pseudo-events that score the event-study models for claims about changes."
        ),
    ] = 96,
    store: StoreOpt = None,
) -> None:
    """Measure each claim with its store query and give a verdict; claims about changes also get
    the event study's headline (same series, same engine) and say whether they are a raw
    before/after change or an effect.

    Example: borderlever claims check --json claims.json
    """
    from functools import partial

    from borderlever.evidence.catalogue import load_catalogue
    from borderlever.evidence.claim_effects import make_engine
    from borderlever.evidence.claims import check_claims, load_claims
    from borderlever.evidence.headline import HeadlineOptions
    from borderlever.evidence.series import load_series

    query = _query_fn(store)
    engine = make_engine(
        partial(load_series, query=query), load_catalogue(), HeadlineOptions(skill_n=skill_n)
    )
    with console.status("checking claims (claims about changes run the event study) ..."):
        rows = check_claims(load_claims(file), query, engine)
    table = Table("claim", "what the data say", "verdict", "source and vintage", show_lines=True)
    colours = {"supported": "green", "overstated": "red", "understated": "yellow"}
    for row in rows:
        says = row["says"] + (f"\n[dim]{row['caveat'].strip()}[/]" if row["caveat"] else "")
        if row.get("claim_kind"):
            says = f"[bold]{row['claim_kind']}[/]: " + says
        colour = colours.get(row["verdict"], "white")
        table.add_row(
            f"{row['text']}\n[dim]({row['id']})[/]",
            says,
            f"[{colour}]{row['verdict']}[/]",
            f"{row['source']}; {row['vintage']}",
        )
    console.print(table)
    if json_out is not None:
        json_out.parent.mkdir(parents=True, exist_ok=True)
        json_out.write_text(json.dumps(rows, indent=2, default=str))
        console.print(f"wrote {json_out}")


def register(app: typer.Typer) -> None:
    """Attach the episodes, evidence and claims groups to the root app."""
    app.add_typer(episodes_app, name="episodes")
    app.add_typer(evidence_app, name="evidence")
    app.add_typer(claims_app, name="claims")
