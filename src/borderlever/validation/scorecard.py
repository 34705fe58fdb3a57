"""The validation scorecard: every bundled replay against observed data the run did not use.

Figures per replay (``data/replays.csv``):

* per port (or pooled ports) and BTS measure (trucks, personal vehicles): the change over the
  episode months beyond normal growth, observed (:mod:`borderlever.validation.observed`) and
  simulated (vehicles served less the no-policy baseline over the days of those months, over the
  month's BTS count, per replication);
* published waits (``data/published_waits.csv``, each with its source address and what it
  measures): compared with the simulated figure of the same measure on the same date
  (:mod:`borderlever.validation.waits`: a CBP posted wait with the upstream delay plus the
  queueing wait to the booth, a reported time in line with the time from joining the line to
  release), the worst hour's mean of the vehicles joining the line on that local day, per
  replication; matched within a factor of 2 (single snapshots or anecdotal maxima of unreliable
  data: GAO-13-603).  The worst hour over the whole policy window, what the scorecard compared
  before, stays in column ``window_peak``.

Each row says whether it is in sample (the scenario or a parameter was fitted on that figure:
``replays.csv`` ``in_sample``) or out of sample, and whether the simulated mean lies inside the
observed band (``inside``).  With ``parameters`` (``borderlever validate --parameters N``) each
replay also runs N times with the simulation's registry parameters drawn over their ranges
(:func:`borderlever.validation.replay.parameter_points`, one replication each): ``param_low`` and
``param_high`` are the 2.5-97.5 % of the figure over those draws (parameters and replication
noise together), and ``inside_with_parameters`` says whether that interval overlaps the band, a
weaker claim than ``inside``.  Pure functions take frames; :func:`run_validation` is the edge
that runs the replays.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from io import StringIO
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from borderlever.errors import UnknownCodeError
from borderlever.validation.observed import (
    observed_change,
    observed_change_neighbours,
    port_series,
)
from borderlever.validation.waits import (
    MEASURES,
    WAIT_FACTOR,
    check_published_waits,
    published_point,
    wait_band,
)

if TYPE_CHECKING:
    from borderlever.validation.replay import ReplayRun

#: BTS measure -> the engine's classes counted by it.
MEASURE_CLASSES = {
    "Trucks": ("truck_standard", "truck_fast"),
    "Personal Vehicles": ("pov_standard", "pov_ready", "pov_sentri"),
}
SCORECARD_COLUMNS = (
    "episode",
    "port",
    "figure",
    "unit",
    "measure",
    "observed",
    "band_low",
    "band_high",
    "simulated",
    "sim_low",
    "sim_high",
    "window_peak",
    "sample",
    "inside",
    "param_low",
    "param_high",
    "inside_with_parameters",
    "source",
    "scenario_hash",
    "parameters_hash",
    "seed",
    "replications",
)
#: Numeric columns of the scorecard.
NUMERIC_COLUMNS = (
    "observed",
    "band_low",
    "band_high",
    "simulated",
    "sim_low",
    "sim_high",
    "window_peak",
    "param_low",
    "param_high",
)
#: ``measure`` of the BTS monthly-count rows.
BTS_MEASURE = "bts_monthly_count"
COMMAND = "borderlever validate --parameters 8 --csv src/borderlever/validation/data/scorecard.csv"


@dataclass(frozen=True)
class Replay:
    """One bundled replay and what it is scored on."""

    scenario: str
    months: tuple[str, ...]
    ports: tuple[str, ...]
    measures: tuple[str, ...]
    in_sample: frozenset[tuple[str, str]]
    skip_years: tuple[int, ...]
    method: str
    note: str


def _data(name: str) -> pd.DataFrame:
    text = resources.files("borderlever.validation").joinpath("data", name).read_text("utf-8")
    return pd.read_csv(StringIO(text), dtype=str, keep_default_na=False)


def read_replays() -> list[Replay]:
    """The replays in ``data/replays.csv``.

    Examples
    --------
    >>> [r.scenario for r in read_replays()][:1]
    ['2019-officer-reassignment']
    """
    out = []
    for row in _data("replays.csv").to_dict("records"):
        pairs = set()
        for part in filter(None, row["in_sample"].split(";")):
            measure, ports = part.split(":")
            pairs |= {(measure, p) for p in ports.split()}
        out.append(
            Replay(
                scenario=row["scenario"],
                months=tuple(row["months"].split()),
                ports=tuple(row["ports"].split()),
                measures=tuple(row["measures"].split(";")),
                in_sample=frozenset(pairs),
                skip_years=tuple(int(y) for y in row["skip_years"].split()),
                method=row["method"],
                note=row["note"],
            )
        )
    return out


def read_published_waits() -> pd.DataFrame:
    """Published waits (``data/published_waits.csv``): one row per figure and source, checked
    (:func:`borderlever.validation.waits.check_published_waits`)."""
    return check_published_waits(
        _data("published_waits.csv"),
        "src/borderlever/validation/data/published_waits.csv",
        [r.scenario for r in read_replays()],
    )


def simulated_change(
    daily: pd.DataFrame, start: str, ports: str, classes: tuple[str, ...], months: list[str]
) -> np.ndarray:
    """Per replication: vehicles served less the baseline over the days in ``months`` [vehicles].

    ``daily`` is the engine's daily frame (``day`` 0 = ``start``); ``ports`` one code or a
    pooled ``'2401+2402'``.

    Examples
    --------
    >>> d = pd.DataFrame({"replication": [0, 0], "port_code": ["2304", "2304"],
    ...     "vehicle_class": ["truck_standard"] * 2, "day": [0, 40], "served": [90.0, 100.0],
    ...     "baseline_served": [100.0, 100.0]})
    >>> simulated_change(d, "2019-04-01", "2304", ("truck_standard",), ["2019-04"]).tolist()
    [-10.0]
    """
    codes = ports.split("+")
    d = daily[daily["port_code"].isin(codes) & daily["vehicle_class"].isin(classes)]
    date = pd.Timestamp(start) + pd.to_timedelta(d["day"], unit="D")
    keep = date.dt.strftime("%Y-%m").isin(months)
    diff = (d["served"] - d["baseline_served"])[keep]
    reps = np.sort(daily["replication"].unique())
    return diff.groupby(d.loc[keep, "replication"]).sum().reindex(reps, fill_value=0.0).to_numpy()


def _interval(values: np.ndarray) -> tuple[float, float, float]:
    """Mean and the 2.5-97.5 % range of the replications (replication noise only)."""
    v = np.asarray(values, float)
    v = v[np.isfinite(v)]
    if v.size == 0:
        return float("nan"), float("nan"), float("nan")
    lo, hi = np.percentile(v, [2.5, 97.5]) if v.size > 1 else (v[0], v[0])
    return float(v.mean()), float(lo), float(hi)


def score_counts(
    replay: Replay,
    daily: pd.DataFrame,
    start: str,
    crossings: pd.DataFrame,
    months: list[str] | None = None,
) -> list[dict]:
    """Rows for the monthly-count figures of one replay run (see the module docstring)."""
    months = list(months or replay.months)
    rows = []
    for ports in replay.ports:
        for measure in replay.measures:
            series = port_series(crossings, ports, measure)
            if series.reindex(pd.to_datetime([f"{m}-01" for m in months])).fillna(0).sum() <= 0:
                continue  # the port has no such traffic (San Ysidro trucks)
            if replay.method == "neighbours" and len(months) == 1:
                obs = observed_change_neighbours(series, months[0], skip_years=replay.skip_years)
            else:
                obs = observed_change(series, months, skip_years=replay.skip_years)
            sim = simulated_change(daily, start, ports, MEASURE_CLASSES[measure], months)
            mean, lo, hi = _interval(sim / obs.episode_count)
            inside = bool(obs.band_low <= mean <= obs.band_high) if np.isfinite(obs.sd) else None
            sample = "in-sample" if (measure, ports) in replay.in_sample else "out-of-sample"
            base = {
                0: "neighbouring months x the month's usual ratio to them",
                1: "same months a year earlier",
            }.get(
                obs.gap_years,
                f"same months {obs.gap_years} years earlier (pandemic or episode years skipped)",
            )
            rows.append(
                {
                    "episode": replay.scenario,
                    "port": ports,
                    "figure": f"{measure.lower()} change beyond normal growth, {months[0]}"
                    + (f" to {months[-1]}" if len(months) > 1 else ""),
                    "unit": "share",
                    "measure": BTS_MEASURE,
                    "observed": obs.net,
                    "band_low": obs.band_low,
                    "band_high": obs.band_high,
                    "simulated": mean,
                    "sim_low": lo,
                    "sim_high": hi,
                    "sample": sample,
                    "inside": inside,
                    "source": f"BTS monthly counts against the {base}; band +-2 s.d. of "
                    f"{obs.n_ref} reference years",
                }
            )
    return rows


def simulated_waits_h(
    date_waits: pd.DataFrame, port: str, group: str, date: str, measure: str
) -> tuple[np.ndarray, np.ndarray]:
    """Per replication: the published wait's simulated counterpart on its date, and over the
    whole policy window [h] (:mod:`borderlever.validation.waits`; a port ``A+B`` takes the
    worse port).

    ``date_waits`` is :attr:`borderlever.validation.replay.ReplayRun.date_waits`.

    Examples
    --------
    >>> d = pd.DataFrame({"replication": [0, 0], "port_code": ["2401", "2402"],
    ...     "vehicle_group": ["trucks"] * 2, "date": ["2019-04-03"] * 2,
    ...     "wait_min": [60.0, 120.0], "in_line_min": [90.0, 150.0],
    ...     "window_wait_min": [60.0, 300.0], "window_in_line_min": [90.0, 330.0],
    ...     "upstream_delay_min": [30.0, 30.0]})
    >>> [v.tolist() for v in simulated_waits_h(d, "2401+2402", "trucks", "2019-04-03", "cbp_posted")]
    [[2.5], [5.5]]
    """
    col = {"cbp_posted": "wait_min", "reported_in_line": "in_line_min"}[measure]
    d = date_waits[
        date_waits["port_code"].isin(port.split("+"))
        & (date_waits["vehicle_group"] == group)
        & (date_waits["date"] == date)
    ]
    if d.empty:
        return np.array([]), np.array([])
    with np.errstate(all="ignore"):
        date_h = (d[col] + d["upstream_delay_min"]) / 60.0
        window_h = (d[f"window_{col}"] + d["upstream_delay_min"]) / 60.0
        by = d["replication"]
        return (
            date_h.groupby(by).max().to_numpy(float),
            window_h.groupby(by).max().to_numpy(float),
        )


def score_waits(replay: Replay, date_waits: pd.DataFrame, published: pd.DataFrame) -> list[dict]:
    """Rows comparing published waits with the simulated figure of the same measure and date."""
    rows = []
    pub = published[published["episode"] == replay.scenario]
    for r in pub.to_dict("records"):
        measure = str(r["measure"])
        sim, window = simulated_waits_h(
            date_waits, r["port_code"], r["vehicle_group"], r["date"], measure
        )
        mean, lo, hi = _interval(sim)
        p_low, p_high = float(r["low_h"]), float(r["high_h"])
        low, high = wait_band(p_low, p_high)
        bound = "lower bound; " if not np.isfinite(p_high) else ""
        rows.append(
            {
                "episode": replay.scenario,
                "port": r["port_code"],
                "figure": f"peak {r['vehicle_group']} wait ({r['date']}), {measure}: worst "
                "hour's mean " + ("over those days" if "/" in str(r["date"]) else "that day"),
                "unit": "h",
                "measure": measure,
                "observed": published_point(p_low, p_high),
                "band_low": low,
                "band_high": high,
                "simulated": mean,
                "sim_low": lo,
                "sim_high": hi,
                "window_peak": _interval(window)[0],
                "sample": "out-of-sample",
                "inside": bool(low <= mean <= high) if np.isfinite(mean) else None,
                "source": f"{r['source']} ({r['what']}); {bound}band: factor {WAIT_FACTOR:g} "
                f"around the published figure; simulated: {MEASURES[measure]}",
            }
        )
    return rows


def overlaps(band_low: float, band_high: float, low: float, high: float) -> bool | None:
    """Whether [low, high] and the band [band_low, band_high] overlap; None where undefined.

    Examples
    --------
    >>> overlaps(2.0, 10.0, 9.0, 12.0), overlaps(2.0, 10.0, 11.0, 12.0), overlaps(2.0, 10.0, float("nan"), 1.0)
    (True, False, None)
    """
    vals = np.array([band_low, band_high, low, high], float)
    if np.isnan(vals).any():
        return None
    return bool(low <= band_high and high >= band_low)


def add_parameter_interval(rows: list[dict], draws: list[list[dict]]) -> list[dict]:
    """``rows`` with ``param_low``/``param_high`` (2.5-97.5 % of each figure over the parameter
    draws: parameters and replication noise) and ``inside_with_parameters`` (overlap with the
    band).  ``draws`` holds each draw's rows, figure for figure in the order of ``rows``.

    Examples
    --------
    >>> rows = [{"episode": "x", "port": "1", "figure": "f", "band_low": 0.0, "band_high": 1.0}]
    >>> draws = [[{**rows[0], "simulated": v}] for v in (1.5, 2.0, 3.0)]
    >>> r = add_parameter_interval(rows, draws)[0]
    >>> round(r["param_low"], 3), round(r["param_high"], 2), r["inside_with_parameters"]
    (1.525, 2.95, False)
    """
    out = []
    for i, row in enumerate(rows):
        key = (row["episode"], row["port"], row["figure"])
        vals = []
        for d in draws:
            if (d[i]["episode"], d[i]["port"], d[i]["figure"]) != key:
                raise RuntimeError(f"parameter draw rows out of step with the scorecard at {key}")
            vals.append(d[i]["simulated"])
        v = np.asarray(vals, float)
        v = v[np.isfinite(v)]
        lo, hi = (
            (float(np.percentile(v, 2.5)), float(np.percentile(v, 97.5)))
            if v.size
            else (
                float("nan"),
                float("nan"),
            )
        )
        out.append(
            {
                **row,
                "param_low": lo,
                "param_high": hi,
                "inside_with_parameters": overlaps(row["band_low"], row["band_high"], lo, hi),
            }
        )
    return out


def scorecard_frame(rows: list[dict]) -> pd.DataFrame:
    """Rows as a frame in :data:`SCORECARD_COLUMNS` order."""
    return pd.DataFrame(rows, columns=list(SCORECARD_COLUMNS))


def _quick_months(replay: Replay, start: dt.date) -> tuple[list[str], int]:
    """Quick mode: the first month only, and a horizon to that month's end [days]."""
    first = replay.months[0]
    end = (pd.Timestamp(f"{first}-01") + pd.offsets.MonthBegin(1)).date()
    return [first], max(1, (end - start).days)


Progress = Callable[[str], None]


def _score_run(
    replay: Replay,
    run: ReplayRun,
    crossings: pd.DataFrame,
    months: list[str],
    published: pd.DataFrame,
) -> list[dict]:
    """The scorecard rows of one replay run (:class:`~borderlever.validation.replay.ReplayRun`)."""
    start = run.start.isoformat()
    rows = score_counts(replay, run.daily, start, crossings, months)
    return rows + score_waits(replay, run.date_waits, published)


def run_validation(
    episodes: list[str] | None = None,
    *,
    store: str | Path | None = None,
    quick: bool = False,
    parameters: int = 0,
    progress: Progress | None = None,
    timings: dict[str, float] | None = None,
) -> pd.DataFrame:
    """Run the replays (all, or ``episodes``) and score them (the edge: reads the store).

    ``quick``: one replication and only each replay's first month (for tests); the full
    scorecard uses the scenarios' own replications and months.  ``parameters``: also run each
    replay that many times with the simulation's registry parameters drawn over their ranges
    (one replication each) for ``param_low``/``param_high``/``inside_with_parameters``; 0: not
    (those columns empty).  ``timings`` receives the seconds each replay's runs took.
    """
    from borderlever.data.store import query
    from borderlever.errors import ConfigError
    from borderlever.runs.pipeline import resolve_scenario
    from borderlever.scenarios.convert import scenario_values
    from borderlever.scenarios.resolve import scenario_hash
    from borderlever.validation.replay import parameter_points, run_replay, with_horizon

    if int(parameters) != parameters or parameters < 0:
        raise ConfigError(f"--parameters {parameters}: give a whole number of draws >= 0 (0: none)")
    replays = read_replays()
    names = [r.scenario for r in replays]
    for e in episodes or []:
        if e not in names:
            raise UnknownCodeError("replay episode", e, names)
    chosen = [r for r in replays if not episodes or r.scenario in episodes]
    crossings = query(
        "SELECT port_code, month, measure, count FROM port_month_crossings "
        "WHERE measure IN ('Trucks', 'Personal Vehicles')",
        store=store,
    )
    published = read_published_waits()
    rows: list[dict] = []
    for replay in chosen:
        if progress:
            progress(replay.scenario)
        resolved = resolve_scenario(replay.scenario, store=store, replications=1 if quick else None)
        months = list(replay.months)
        if quick:
            months, days = _quick_months(replay, resolved.spec.start)
            resolved = with_horizon(resolved, days, store)
        pub = published[published["episode"] == replay.scenario]
        wanted = sorted(set(zip(pub["port_code"], pub["vehicle_group"], pub["date"], strict=True)))
        run = run_replay(resolved, store, wanted)
        mine = _score_run(replay, run, crossings, months, pub)
        seconds = run.seconds
        if parameters:
            if progress:
                progress(f"{replay.scenario}: {int(parameters)} parameter draws")
            draws = []
            for point in parameter_points(resolved, int(parameters)):
                d = run_replay(point, store, wanted)
                seconds += d.seconds
                draws.append(_score_run(replay, d, crossings, months, pub))
            mine = add_parameter_interval(mine, draws)
        ran = {  # what ran: the resolved scenario, every registry value, seed, replications
            "scenario_hash": resolved.hash,
            "parameters_hash": scenario_hash(scenario_values(resolved.spec)),
            "seed": int(resolved.spec.seed),
            "replications": int(resolved.spec.replications),
        }
        for r in mine:
            r.update(ran)
        if timings is not None:
            timings[replay.scenario] = seconds
        rows += mine
    return scorecard_frame(rows)


def episode_counts(frame: pd.DataFrame) -> pd.DataFrame:
    """Per episode and sample: figures scored, inside their band, and admitted by the parameter
    interval (NaN without a ``--parameters`` pass, or without its column).

    Examples
    --------
    >>> f = pd.DataFrame({"episode": ["x", "x", "x"], "sample": ["in-sample", "out-of-sample",
    ...     "out-of-sample"], "inside": [True, False, None],
    ...     "inside_with_parameters": [None, None, None]})
    >>> episode_counts(f)[["sample", "scored", "inside"]].values.tolist()
    [['in-sample', 1, 1], ['out-of-sample', 1, 0]]
    """
    rows = []
    for (episode, sample), g in frame.groupby(["episode", "sample"], sort=False):
        scored = g[g["inside"].map(lambda v: v in (True, False, "True", "False"))]
        withp = g.get("inside_with_parameters", pd.Series(np.nan, index=g.index)).map(
            lambda v: {True: 1.0, "True": 1.0, False: 0.0, "False": 0.0}.get(v, np.nan)
        )
        rows.append(
            {
                "episode": episode,
                "sample": sample,
                "scored": len(scored),
                "inside": int(scored["inside"].isin([True, "True"]).sum()),
                "param_scored": int(withp.notna().sum()),
                "inside_with_parameters": float(withp.sum()) if withp.notna().any() else np.nan,
            }
        )
    return pd.DataFrame(rows)


def _cell(x: object, unit: str) -> str:
    v = float(pd.to_numeric(pd.Series([x]), errors="coerce").iloc[0])
    if np.isinf(v):
        return "inf"
    if np.isnan(v):
        return "-"
    return f"{100 * v:+.1f} %" if unit == "share" else f"{v:.1f} h"


def _yes_no(v: object, bold_no: bool = True) -> str:
    no = "**no**" if bold_no else "no"
    table: dict[object, str] = {True: "yes", False: no, "True": "yes", "False": no}
    return table.get(v, "n/a")


def scorecard_markdown(frame: pd.DataFrame) -> str:
    """The scorecard as a Markdown table (docs/validation.md); the parameter interval's columns
    only where a ``--parameters`` pass filled them."""
    with_p = (
        "param_low" in frame and pd.to_numeric(frame["param_low"], errors="coerce").notna().any()
    )
    head = "| episode | port | figure | observed [band] | simulated [range] | window peak | sample | inside |"
    rule = "|---|---|---|---|---|---|---|---|"
    if with_p:
        head += " parameters [2.5-97.5 %] | admitted |"
        rule += "---|---|"
    lines = [head, rule]
    for r in frame.to_dict("records"):
        u = str(r["unit"])
        line = (
            f"| {r['episode']} | {r['port']} | {r['figure']} | {_cell(r['observed'], u)} "
            f"[{_cell(r['band_low'], u)}, {_cell(r['band_high'], u)}] | {_cell(r['simulated'], u)} "
            f"[{_cell(r['sim_low'], u)}, {_cell(r['sim_high'], u)}] | "
            f"{_cell(r.get('window_peak'), u) if u == 'h' else ''} | {r['sample']} | "
            f"{_yes_no(r['inside'])} |"
        )
        if with_p:
            line += (
                f" [{_cell(r['param_low'], u)}, {_cell(r['param_high'], u)}] | "
                f"{_yes_no(r['inside_with_parameters'], bold_no=False)} |"
            )
        lines.append(line)
    return "\n".join(lines) + "\n"


def committed_scorecard() -> pd.DataFrame | None:
    """The committed full scorecard (``data/scorecard.csv``, regenerated by :data:`COMMAND`)."""
    try:
        df = _data("scorecard.csv")
    except FileNotFoundError:
        return None
    for col in NUMERIC_COLUMNS:
        if col in df:
            df[col] = pd.to_numeric(df[col], errors="coerce")
    return df
