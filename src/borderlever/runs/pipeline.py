"""The product's main job: scenario -> store -> network -> simulation -> economics -> RunOutput.

This module is an edge: it reads the store, then hands frames and plain objects to the model
packages.  Each step reports to an optional ``progress(step, done, total)`` callback, which the CLI
turns into rich progress bars.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from borderlever.data.store import connect
from borderlever.runs.economics import economics_figures_from_impact
from borderlever.runs.result import RunOutput
from borderlever.scenarios import ResolvedScenario, ScenarioSpec, load_spec, resolve
from borderlever.scenarios.convert import (
    driver_reactions,
    econ_params,
    reaction_share_notes,
    scenario_values,
    sim_policies,
)

Progress = Callable[[str, int, int], None]
#: Columns of the simulation's daily frame (an empty one where the border is not simulated).
DAILY_COLUMNS = [
    "replication",
    "port_code",
    "vehicle_class",
    "day",
    "baseline_arrivals",
    "arrivals",
    "served",
    "wait_vehicle_h",
    "queue_end",
    "deferred",
    "cancelled",
    "diverted_out",
]


def _noop(step: str, done: int, total: int) -> None:
    return None


def _table_names(store: str | Path | None) -> set[str]:
    con = connect(store)
    try:
        rows = con.execute("SELECT table_name FROM information_schema.tables").fetchall()
    finally:
        con.close()
    return {str(r[0]) for r in rows}


def read_view(
    name: str, store: str | Path | None, where: str = "", params: list[Any] | None = None
) -> pd.DataFrame | None:
    """A store view as a frame, or None where the store has no such view."""
    if name not in _table_names(store):
        return None
    con = connect(store)
    try:
        return con.execute(f'SELECT * FROM "{name}" {where}', params or []).df()
    finally:
        con.close()


def data_vintages(store: str | Path | None) -> dict[str, str]:
    """Dataset -> vintage (and origin: raw files or bundled tables) from the store's ``sources``."""
    frame = read_view("sources", store)
    if frame is None or frame.empty:
        return {}
    out: dict[str, str] = {}
    for (dataset, vintage, origin), _ in frame.groupby(
        ["dataset", "vintage", "origin"], dropna=False
    ):
        key = str(dataset)
        text = f"{vintage} ({origin})"
        out[key] = text if key not in out else f"{out[key]}; {text}"
    return out


def resolve_scenario(
    ref: str | Path | ScenarioSpec,
    *,
    store: str | Path | None = None,
    replications: int | None = None,
    seed: int | None = None,
    source: str | None = None,
) -> ResolvedScenario:
    """Load (by name or path), apply command-line overrides, validate and resolve a scenario.

    ``source`` names where a :class:`ScenarioSpec` came from (a file, "scenario given as a
    dict"), for messages and the manifest.
    """
    from borderlever.scenarios.loading import find_scenario, spec_from_document

    if isinstance(ref, ScenarioSpec):
        spec, source = ref, source or "scenario object"
    else:
        source = str(find_scenario(ref))
        spec = load_spec(ref)
    over = {k: v for k, v in (("replications", replications), ("seed", seed)) if v is not None}
    if over:
        spec = spec_from_document(
            {**spec.model_dump(mode="json"), **over}, source=f"{source} (command line)"
        )
    ports = read_view("ports", store)
    if ports is None:
        from borderlever.data.store import resolve_store
        from borderlever.errors import DataError

        raise DataError(
            "the store has no ports view",
            file=str(resolve_store(store)),
            expected="a store built by `borderlever data build`",
        )
    import dataclasses

    from borderlever.runs.preflight import check_against_store

    resolved = resolve(spec, ports, source=source)
    notes = (*resolved.notes, *check_against_store(resolved, store))  # before any simulation
    return dataclasses.replace(resolved, notes=notes)


def io_table(store: str | Path | None) -> tuple[Any, str]:
    """The USA/MEX/CAN/ROW input-output table: the store's ``io_*`` tables, else the raw CSVs.

    Returns the table (None where neither exists: production losses are then skipped, and noted)
    and where it came from.
    """
    from borderlever.economics.inputoutput import io_table_from_frames, read_wiod_na4

    z = read_view("io_z", store)
    y = read_view("io_final_demand", store)
    x = read_view("io_output", store)
    if z is not None and y is not None and x is not None and not z.empty:
        zw = z.pivot_table(index="supplier", columns="user", values="value_usd_m", aggfunc="sum")
        order = list(x.sort_values("idx")["region_sector"])
        zw = zw.reindex(index=order, columns=order).fillna(0.0)
        y = y.assign(col=y["demand_region"] + "_" + y["category"])
        cols = list(y.sort_values("column_idx").drop_duplicates("col")["col"])
        yw = y.pivot_table(index="supplier", columns="col", values="value_usd_m", aggfunc="sum")
        yw = yw.reindex(index=order, columns=cols).fillna(0.0)
        xs = x.rename(columns={"gross_output_usd_m": "gross_output"})[
            ["region_sector", "gross_output"]
        ]
        return io_table_from_frames(zw, yw, xs, year=2011, source="store io_* tables"), "store"
    from borderlever.data.paths import default_raw_dir

    raw = default_raw_dir()
    folder = raw / "io_tables" / "wiod2013" / "derived" if raw is not None else None
    if folder is not None and folder.is_dir():
        return read_wiod_na4(folder), str(folder)
    return None, "none"


def state_trade(store: str | Path | None, codes: list[str]) -> pd.DataFrame | None:
    """``port_code, state, value_usd``: freight trade by US state, latest year, for the weights.

    The store's ``state_port_trade`` view names the state ``us_state_name`` (``us_state`` holds
    the code); the economics reads ``state``.  Surface modes only (truck, rail).
    """
    marks = ", ".join("?" for _ in codes)
    frame = read_view("state_port_trade", store, f"WHERE port_code IN ({marks})", codes)
    if frame is None or frame.empty:
        return None
    if "state" not in frame:
        name = frame["us_state_name"] if "us_state_name" in frame else frame["us_state"]
        frame = frame.assign(state=name.fillna(frame.get("us_state", name)))
    if "mode" in frame:
        frame = frame[frame["mode"].isin(["truck", "rail"])]
    if "year" in frame and not frame.empty:
        frame = frame[frame["year"] == frame["year"].max()]
    return frame[["port_code", "state", "value_usd"]].reset_index(drop=True)


def economics_inputs(resolved: ResolvedScenario, store: str | Path | None) -> dict[str, Any]:
    """The store frames the economics of ``resolved`` reads: ``trade``, ``gdp``, ``states``,
    ``io`` (a sweep reads them once per worker and prices many points with them)."""
    codes = list(resolved.port_codes)
    marks = ", ".join("?" for _ in codes)
    trade = read_view("port_year_trade", store, f"WHERE port_code IN ({marks})", codes)
    gdp = read_view("gdp", store)
    if trade is None or gdp is None or trade.empty:
        return {"trade": trade, "gdp": gdp, "states": None, "io": None}
    states = state_trade(store, codes)
    neighbours = sorted({"MEX", "CAN"} & set(trade.get("country", pd.Series(dtype=str))))
    io, io_label, exposure = current_io_table(store, neighbours, resolved.spec.economics.trade_year)
    return {
        "trade": trade,
        "gdp": gdp,
        "states": states,
        "io": io,
        "io_label": io_label,
        "exposure": exposure,
        "sectors": read_view("io_sectors", store),
        "state_trade": (read_view("us_state_trade", store), read_view("mex_state_trade", store)),
    }


def run_economics(
    resolved: ResolvedScenario,
    sim_result: Any,
    store: str | Path | None,
    values: Mapping[str, float] | None = None,
    inputs: Mapping[str, Any] | None = None,
) -> tuple[Any, list[str]]:
    """Economics of a simulated run, or (None, reasons) where the store lacks trade or GDP.

    ``values``: the run's parameter values (:func:`~borderlever.scenarios.convert.scenario_values`;
    default: the scenario's own); ``inputs``: :func:`economics_inputs` already read.
    """
    inp = inputs if inputs is not None else economics_inputs(resolved, store)
    trade, gdp = inp["trade"], inp["gdp"]
    if trade is None or gdp is None or trade.empty:
        missing = [n for n, f in (("port_year_trade", trade), ("gdp", gdp)) if f is None or f.empty]
        return None, [
            f"economics skipped: the store has no {' or '.join(missing)} data for these ports"
        ]
    from borderlever.economics import impact_from_sim
    from borderlever.runs.economics import southbound_blocked, state_exposure_of

    spec = resolved.spec
    run_values = dict(values) if values is not None else scenario_values(spec)
    span = resolved.policy_window_min()
    days = (span[1] - span[0]) / 1440.0 if span else float(spec.horizon_days)
    south, notes = southbound_blocked(resolved)
    impact = impact_from_sim(
        sim_result.daily,
        trade,
        gdp,
        inp["io"],
        econ_params(spec.economics, run_values),
        # no baseline_daily: the economics reads the engine's baseline_* columns of the frame
        year=spec.economics.trade_year,
        policy_days=days,
        state_trade_df=inp["states"],
        southbound=south,
        model_values=run_values,
        defer_share=defer_share_of(run_values),
    )
    figures = economics_figures_from_impact(
        impact,
        resolved,
        trade,
        sim_result.daily,
        io_label=inp["io_label"],
        exposure=inp["exposure"],
        state_exposure=state_exposure_of(inp, gdp, run_values, spec.economics.trade_year),
        state_trade=inp.get("state_trade"),
    )
    sectors = inp["sectors"] if "sectors" in inp else read_view("io_sectors", store)
    return with_sector_names(figures, sectors), notes


def defer_share_of(values: Mapping[str, float]) -> float:
    """Share of held freight that waits rather than cancels, from the run's
    ``behaviour.defer_share`` and ``behaviour.cancel_share`` (the scenario's reactions unless a
    sweep point or ``parameters:`` overrides them).

    Examples
    --------
    >>> defer_share_of({"behaviour.defer_share": 0.7, "behaviour.cancel_share": 0.3})
    0.7
    """
    defer, cancel = values["behaviour.defer_share"], values["behaviour.cancel_share"]
    total = defer + cancel
    return float(defer / total) if total > 0 else 1.0


def current_io_table(
    store: str | Path | None, neighbours: list[str], year: int | None = None
) -> tuple[Any, str, pd.DataFrame | None]:
    """The IO table that prices a run, its label, and each side's exposed economy."""
    from borderlever.economics.leverage import exposed_economy

    io, source = io_table(store)
    if io is None:
        return None, "none (production losses not computed)", None
    label = f"WIOD 2013 release, {io.year} table, USA/MEX/CAN/ROW x 35 sectors ({source})"
    scaled = _scaled(io, store, year)
    if scaled is not None:
        io, text = scaled
        label = f"{label}, scaled to {text}"
    return io, label, exposed_economy(io, neighbours)


def _scaled(io: Any, store: str | Path | None, year: int | None) -> tuple[Any, str] | None:
    """The table brought to the trade year by GRAS (``economics.ras``), or None without the
    ``gdp`` and ``us_trade_totals`` views (the run then uses the table year, and says so)."""
    from borderlever.economics.ras import gdp_growth, goods_targets, scale_table
    from borderlever.economics.trade import latest_full_year
    from borderlever.errors import DataError

    gdp = read_view("gdp", store)
    totals = read_view("us_trade_totals", store)
    trade = read_view("port_year_trade", store)
    if gdp is None or totals is None or trade is None or trade.empty:
        return None
    try:
        target = int(year) if year is not None else latest_full_year(trade)
        growth, gdp_year = gdp_growth(gdp, io.year, target)
        goods = goods_targets(totals, target)
        st = scale_table(io, growth, goods, target)
    except DataError:
        return None
    gap = ", ".join(
        f"{r.region} {r.va_gap_share:+.1%}" for r in st.residual.itertuples(index=False)
    )
    text = (
        f"{target} by GRAS (region totals grown with nominal GDP {io.year}-{gdp_year}, US goods "
        f"trade with Mexico and Canada fixed at {target}; value added against GDP growth: {gap})"
    )
    return st.io, text


def with_sector_names(figures: Any, sectors: pd.DataFrame | None) -> Any:
    """``figures`` with a ``sector_name`` column in ``cost_by_sector`` (WIOD labels)."""
    from dataclasses import replace

    table = figures.cost_by_sector
    if sectors is None or sectors.empty or table.empty or "label" not in sectors:
        return figures
    labels = dict(zip(sectors["sector"].astype(str), sectors["label"].astype(str), strict=True))
    named = table.assign(sector_name=table["sector"].astype(str).map(labels))
    return replace(figures, cost_by_sector=named)


def scenario_schedule(
    resolved: ResolvedScenario,
    store: str | Path | None,
    values: Mapping[str, float] | None = None,
) -> Any:
    """The simulation schedule of ``resolved``'s ports over its horizon, from the store;
    ``values`` (default: the scenario's) gives the ``staffing.*`` parameters."""
    from borderlever.network import build_schedule, load_network
    from borderlever.network.staffing import StaffingParams

    spec = resolved.spec
    staffing = StaffingParams.from_values(
        dict(values) if values is not None else scenario_values(spec)
    )
    network = load_network(store, border=None, staffing=staffing)
    return build_schedule(
        network,
        spec.start.isoformat(),
        spec.horizon_days,
        ports=list(resolved.port_codes),
        staffing=staffing,
    )


def simulate_scenario(
    resolved: ResolvedScenario,
    schedule: Any,
    values: Mapping[str, float],
    engine: str = "fast",
    progress: Callable[[int, int], None] | None = None,
    observe: Callable[..., None] | None = None,
) -> Any:
    """Simulate ``resolved`` on ``schedule`` with the parameter ``values`` (a ``SimResult``);
    ``progress(done, total)`` over replications; ``observe`` sees each batch's raw policy
    output (:func:`borderlever.sim.simulate`)."""
    from borderlever.sim import simulate

    spec = resolved.spec
    return simulate(
        schedule,
        sim_policies(resolved, values),
        reactions=driver_reactions(spec.reactions, values),
        replications=spec.replications,
        seed=spec.seed,
        engine=engine,
        progress=progress,
        observe=observe,
    )


def run_scenario(
    resolved: ResolvedScenario,
    *,
    store: str | Path | None = None,
    engine: str = "fast",
    progress: Progress | None = None,
    parameters: Mapping[str, float] | None = None,
) -> RunOutput:
    """Simulate and price one resolved scenario.

    Parameters
    ----------
    resolved : ResolvedScenario
        From :func:`resolve_scenario`.
    store : path, optional
        DuckDB store (default ``$BORDERLEVER_STORE``; built from the bundled tables if missing).
    engine : {"fast", "reference"}
        Simulation engine (numba recursion or the SimPy reference).
    progress : callable, optional
        ``progress(step, done, total)``.
    parameters : mapping, optional
        Registry parameters laid over the scenario's (a sweep point); every value the run used is
        in ``RunOutput.extra["parameters"]``.
    """
    report = progress or _noop
    if not resolved.policies and resolved.spec.tariff_policies():
        return run_levers_only(
            resolved, store=store, engine=engine, progress=report, parameters=parameters
        )
    timings: dict[str, float] = {}
    spec = resolved.spec
    values = scenario_values(spec, parameters)
    t0 = time.perf_counter()
    report("network", 0, 1)
    schedule = scenario_schedule(resolved, store, values)
    timings["network_s"] = time.perf_counter() - t0
    report("network", 1, 1)
    t1 = time.perf_counter()
    report("simulate", 0, spec.replications)
    result = simulate_scenario(
        resolved,
        schedule,
        values,
        engine,
        progress=lambda done, total: report("simulate", done, total),
    )
    timings["simulate_s"] = time.perf_counter() - t1
    report("simulate", spec.replications, spec.replications)
    t2 = time.perf_counter()
    report("economics", 0, 1)
    econ, notes = run_economics(resolved, result, store, values)
    timings["economics_s"] = time.perf_counter() - t2
    report("economics", 1, 1)
    ports = read_view("ports", store)
    assert ports is not None
    extra = run_tariff_lever(resolved, store, values)
    output = RunOutput(
        resolved=resolved,
        daily=result.daily,
        hourly=getattr(result, "hourly", None),
        ports=ports[ports["port_code"].isin(resolved.port_codes)].reset_index(drop=True),
        engine=engine,
        economics=econ,
        data_vintages=data_vintages(store),
        sources=[
            *(f"warning: {n}" for n in resolved.notes),
            *notes,
            *_sim_notes(result),
            *wait_limit_notes(result, spec.reactions),
            *secondary_lot_notes(result),
            *reaction_share_notes(values),
        ],
        timings_s=timings,
        extra={
            "sim_ports": getattr(result, "ports", None),
            "sim_waits": getattr(result, "waits", None),
            "seeds": getattr(result, "seeds", None),
            "parameters": values,
            **extra,
        },
    )
    return with_standoff(output)


def wait_limit_notes(result: Any, reactions: Any) -> list[str]:
    """Explain, per port, truck or car waits above the scenario's wait limit (``max_wait_h``).

    Primary waits never exceed the limit (patience is truncated there, closed hours included); a
    longer individual wait is time in secondary inspection or an added stage (nobody leaves those
    lines).  p95/p99 are the headline figures.
    """
    w = getattr(result, "waits", None)
    if not isinstance(w, pd.DataFrame) or w.empty or "max_wait_min_window" not in w:
        return []
    out = []
    for group, limit in (
        ("trucks", reactions.max_wait_h),
        ("passenger", reactions.passenger_max_wait_h),
    ):
        rows = w[(w["vehicle_class"] == group) & (w["port_code"] != "ALL")]
        for port, g in rows.groupby("port_code"):
            mx = float(g["max_wait_min_window"].max()) / 60.0
            p99 = float(g["p99_wait_min_window"].mean()) / 60.0 if "p99_wait_min_window" in g else 0
            if np.isfinite(mx) and mx > limit:
                out.append(
                    f"{group} at {port}: the longest individual wait ({mx:.1f} h) exceeds the "
                    f"scenario's wait limit max_wait_h = {limit:g} h (p99 {p99:.1f} h). No one "
                    "waits longer than the limit for a primary booth (closed hours included); the "
                    "rest is the secondary inspection or an added inspection stage after it, "
                    "where nobody leaves the line. Quote p95/p99, not the maximum."
                )
    return out


def secondary_lot_notes(result: Any) -> list[str]:
    """Warn where a full secondary lot held more vehicles at primary than booths were open.

    A referred vehicle that finds the secondary lot full holds its primary booth, blocked for
    the vehicles behind it (``hourly.secondary_blocked_h``: the booth-hours held, booked to the
    hours they cover; docs/sim.md).  A held booth holds one vehicle, so a day's held
    booth-hours can exceed the booth-hours open that day at the port (``open_lanes +
    booths_opened``, over its classes) only where vehicles held booths the schedule had closed
    (a vehicle in a booth keeps it while the lanes close around it); this guard says where, as
    the engine once overstated reopening throughput this way.  Means over replications; one
    note for all such ports.

    Examples
    --------
    >>> import types
    >>> h = pd.DataFrame({"port_code": "2304", "vehicle_class": "truck_fast", "hour": [0, 1],
    ...     "open_lanes": [4.0, 4.0], "booths_opened": [0.0, 0.0],
    ...     "secondary_blocked_h": [1.0, 40.0]})
    >>> secondary_lot_notes(types.SimpleNamespace(hourly=h))[0][:44]
    'secondary lot full beyond the booths at 1 po'
    """
    h = getattr(result, "hourly", None)
    need = {"port_code", "hour", "open_lanes", "secondary_blocked_h"}
    if not isinstance(h, pd.DataFrame) or h.empty or not need <= set(h.columns):
        return []
    g = (
        h.assign(booth_h=h["open_lanes"] + h.get("booths_opened", 0.0), day=h["hour"] // 24)
        .groupby(["port_code", "day"])[["secondary_blocked_h", "booth_h"]]
        .sum()
    )
    over = g[g["secondary_blocked_h"] > g["booth_h"]]
    if over.empty:
        return []
    by_port = over.groupby(level="port_code")
    parts = [
        f"{port} ({len(rows)} d, {rows['secondary_blocked_h'].sum():,.0f} h held against "
        f"{rows['booth_h'].sum():,.0f} booth-h)"
        for port, rows in by_port
    ]
    return [
        f"secondary lot full beyond the booths at {len(parts)} ports: on some days referred "
        "vehicles held at primary by a full secondary lot add up to more booth-hours than the "
        "port had open (booths held while their lanes closed; docs/sim.md): " + "; ".join(parts)
    ]


def _sim_notes(result: Any) -> list[str]:
    notes = getattr(result, "notes", None)
    if notes is None:
        return []
    if isinstance(notes, pd.DataFrame):
        return [" ".join(str(v) for v in row) for row in notes.itertuples(index=False)]
    return [str(n) for n in notes]


def run_tariff_lever(
    resolved: ResolvedScenario,
    store: str | Path | None,
    values: Mapping[str, float] | None = None,
) -> dict[str, Any]:
    """``{"tariff": TariffFigures}`` where the scenario has ``kind: tariff`` policies, else {}."""
    spec = resolved.spec
    if not spec.tariff_policies():
        return {}
    from borderlever.parameters import get
    from borderlever.runs.tariff import price_tariffs

    year = spec.economics.trade_year or spec.start.year - 1
    trade = read_view("us_trade_by_hs2", store, "WHERE year = ?", [year])
    usmca = read_view("usmca_share_gtap", store)
    if trade is None or trade.empty or usmca is None:
        from borderlever.errors import DataError

        raise DataError(
            f"the store has no national trade by HS chapter for {year} (us_trade_by_hs2) "
            "or no USMCA shares (usmca_share_gtap)",
            expected="a store built by `borderlever data build` with the trade_totals and "
            "tariffs datasets; or set economics.trade_year to a year the store has",
        )
    values = dict(values) if values is not None else scenario_values(spec)
    names = [n for n in values if n.startswith("tariff.")]
    bounds = {n: (get(n).low, get(n).high) for n in names}
    io, _ = io_table(store)
    econ = econ_params(spec.economics, values)
    figures = price_tariffs(spec, trade, usmca, io, econ, values, bounds)
    gdp = read_view("gdp", store)
    gdp_usd: dict[str, float] = {}
    if gdp is not None and not gdp.empty:
        from borderlever.economics import latest_gdp

        present = [c for c in ("USA", "MEX", "CAN") if c in set(gdp["country_iso3"])]
        g = latest_gdp(gdp, present)
        gdp_usd = {str(c): float(v) for c, v in zip(g["country"], g["gdp_usd"], strict=True)}
    return {"tariff": replace(figures, trade_year=year, gdp_usd=gdp_usd)}


def run_levers_only(
    resolved: ResolvedScenario,
    *,
    store: str | Path | None = None,
    engine: str = "fast",
    progress: Progress | None = None,
    parameters: Mapping[str, float] | None = None,
) -> RunOutput:
    """A scenario whose only levers are tariffs: no border policy applies, so the border is not
    simulated (the port figures are empty and say so); the tariff is priced from trade flows."""
    report = progress or _noop
    t0 = time.perf_counter()
    report("economics", 0, 1)
    values = scenario_values(resolved.spec, parameters)
    extra = run_tariff_lever(resolved, store, values)
    report("economics", 1, 1)
    ports = read_view("ports", store)
    assert ports is not None
    output = RunOutput(
        resolved=resolved,
        daily=pd.DataFrame(columns=DAILY_COLUMNS),
        ports=ports[ports["port_code"].isin(resolved.port_codes)].reset_index(drop=True),
        engine="none (no border policy: border not simulated)",
        economics=None,
        data_vintages=data_vintages(store),
        sources=[
            "No border policy applies: the border simulation was skipped; the scenario's levers "
            "are priced from national trade flows."
        ],
        timings_s={"economics_s": time.perf_counter() - t0},
        extra={**extra, "parameters": values, "sim_skipped": True},
    )
    return with_standoff(output)


def with_standoff(output: RunOutput, deadline_days: float | None = None) -> RunOutput:
    """Add the standoff model's answer (``extra["standoff"]``) where the scenario declares a
    threat or a deadline is given; the output unchanged otherwise."""
    if output.resolved.spec.threat is None and deadline_days is None:
        return output
    from borderlever.runs.standoff import registry_inputs, run_standoff

    values, bounds = registry_inputs()
    values = {**values, **dict(output.extra.get("parameters") or {})}
    block = run_standoff(output, values, bounds, deadline_days)
    return replace(output, extra={**output.extra, "standoff": block})
