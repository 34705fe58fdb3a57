"""The validation scorecard: every bundled replay against observed data the run did not use.

Figures per replay (``data/replays.csv``):

* per port (or pooled ports) and BTS measure (trucks, personal vehicles): the change over the
  episode months beyond normal growth, observed (:mod:`borderlever.validation.observed`) and
  simulated (vehicles served less the no-policy baseline over the days of those months, over the
  month's BTS count, per replication);
* published peak waits (``data/published_waits.csv``, each with its source address): compared
  with the simulated worst hour's mean wait (``SimResult.waits`` ``peak_hour_wait_min_window``)
  plus the fixed upstream delay (``upstream_delay_min``: the approach the posted wait includes),
  within a factor of 2 (CBP posted waits are single snapshots and unreliable: GAO-13-603).

Each row says whether it is in sample (the scenario or a parameter was fitted on that figure:
``replays.csv`` ``in_sample``) or out of sample, and whether the simulated mean lies inside the
observed band.  Pure functions take frames; :func:`run_validation` is the edge that runs the
replays.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from io import StringIO
from pathlib import Path

import numpy as np
import pandas as pd

from borderlever.errors import UnknownCodeError
from borderlever.validation.observed import (
    observed_change,
    observed_change_neighbours,
    port_series,
)

#: BTS measure -> the engine's classes counted by it.
MEASURE_CLASSES = {
    "Trucks": ("truck_standard", "truck_fast"),
    "Personal Vehicles": ("pov_standard", "pov_ready", "pov_sentri"),
}
#: Simulated peak waits count as matching a published one within this factor.
WAIT_FACTOR = 2.0
SCORECARD_COLUMNS = (
    "episode",
    "port",
    "figure",
    "unit",
    "observed",
    "band_low",
    "band_high",
    "simulated",
    "sim_low",
    "sim_high",
    "sample",
    "inside",
    "source",
)
COMMAND = "borderlever validate --csv src/borderlever/validation/data/scorecard.csv"


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
    """Published peak waits (``data/published_waits.csv``): one row per figure and source."""
    df = _data("published_waits.csv")
    return df.assign(low_h=df["low_h"].astype(float), high_h=df["high_h"].astype(float))


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


def score_waits(replay: Replay, waits: pd.DataFrame, published: pd.DataFrame) -> list[dict]:
    """Rows comparing published peak waits with the simulated worst hour's mean wait."""
    rows = []
    pub = published[published["episode"] == replay.scenario]
    for r in pub.to_dict("records"):
        w = waits[
            (waits["port_code"] == r["port_code"]) & (waits["vehicle_class"] == r["vehicle_group"])
        ]
        sim = w["peak_hour_wait_min_window"].to_numpy(float) / 60.0 if len(w) else np.array([])
        if len(w) and "upstream_delay_min" in w:  # posted waits include the approach
            sim = sim + w["upstream_delay_min"].to_numpy(float) / 60.0
        mean, lo, hi = _interval(sim)
        p_low, p_high = float(r["low_h"]), float(r["high_h"])
        low, high = p_low / WAIT_FACTOR, p_high * WAIT_FACTOR
        rows.append(
            {
                "episode": replay.scenario,
                "port": r["port_code"],
                "figure": f"peak {r['vehicle_group']} wait ({r['date']}): worst hour's mean",
                "unit": "h",
                "observed": (p_low + p_high) / 2.0,
                "band_low": low,
                "band_high": high,
                "simulated": mean,
                "sim_low": lo,
                "sim_high": hi,
                "sample": "out-of-sample",
                "inside": bool(low <= mean <= high) if np.isfinite(mean) else None,
                "source": f"{r['source']} ({r['what']}); band: factor {WAIT_FACTOR:g} around the "
                "published figure",
            }
        )
    return rows


def scorecard_frame(rows: list[dict]) -> pd.DataFrame:
    """Rows as a frame in :data:`SCORECARD_COLUMNS` order."""
    return pd.DataFrame(rows, columns=list(SCORECARD_COLUMNS))


def _quick_months(replay: Replay, start: dt.date) -> tuple[list[str], int]:
    """Quick mode: the first month only, and a horizon to that month's end [days]."""
    first = replay.months[0]
    end = (pd.Timestamp(f"{first}-01") + pd.offsets.MonthBegin(1)).date()
    return [first], max(1, (end - start).days)


Progress = Callable[[str], None]


def run_validation(
    episodes: list[str] | None = None,
    *,
    store: str | Path | None = None,
    quick: bool = False,
    progress: Progress | None = None,
) -> pd.DataFrame:
    """Run the replays (all, or ``episodes``) and score them (the edge: reads the store).

    ``quick``: one replication and only each replay's first month (for tests); the full
    scorecard uses the scenarios' own replications and months.
    """
    from borderlever.data.store import query
    from borderlever.runs.pipeline import resolve_scenario, run_scenario
    from borderlever.scenarios.loading import spec_from_document

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
            spec = resolved.spec
            months, days = _quick_months(replay, spec.start)
            if days < spec.horizon_days:
                doc = {**spec.model_dump(mode="json"), "horizon_days": days}
                resolved = resolve_scenario(spec_from_document(doc, source="quick"), store=store)
        out = run_scenario(resolved, store=store)
        start = resolved.spec.start.isoformat()
        rows += score_counts(replay, out.daily, start, crossings, months)
        waits = out.extra.get("sim_waits")
        if isinstance(waits, pd.DataFrame):
            rows += score_waits(replay, waits, published)
    return scorecard_frame(rows)


def scorecard_markdown(frame: pd.DataFrame) -> str:
    """The scorecard as a Markdown table (docs/validation.md)."""

    def val(x: object, unit: str) -> str:
        v = float(x) if x is not None else float("nan")  # type: ignore[arg-type]
        if not np.isfinite(v):
            return "-"
        return f"{100 * v:+.1f} %" if unit == "share" else f"{v:.1f} h"

    lines = [
        "| episode | port | figure | observed [band] | simulated [range] | sample | inside |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in frame.to_dict("records"):
        u = str(r["unit"])
        inside = {True: "yes", False: "**no**", "True": "yes", "False": "**no**"}.get(
            r["inside"], "n/a"
        )
        lines.append(
            f"| {r['episode']} | {r['port']} | {r['figure']} | {val(r['observed'], u)} "
            f"[{val(r['band_low'], u)}, {val(r['band_high'], u)}] | {val(r['simulated'], u)} "
            f"[{val(r['sim_low'], u)}, {val(r['sim_high'], u)}] | {r['sample']} | {inside} |"
        )
    return "\n".join(lines) + "\n"


def committed_scorecard() -> pd.DataFrame | None:
    """The committed full scorecard (``data/scorecard.csv``, regenerated by :data:`COMMAND`)."""
    try:
        df = _data("scorecard.csv")
    except FileNotFoundError:
        return None
    for col in ("observed", "band_low", "band_high", "simulated", "sim_low", "sim_high"):
        df[col] = pd.to_numeric(df[col], errors="coerce")
    return df
