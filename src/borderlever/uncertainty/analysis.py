"""A run's whole uncertainty: a parameter sample around its scenario, and each headline figure's
interval split into replication noise and parameter uncertainty, with the parameters that drive it.

:func:`parameter_uncertainty` plans a nested Latin-hypercube sweep over every registry parameter
acting on the simulation or the economics (each drawn from its registry distribution, a
triangular one centred on the run's own value), runs it (serially or on Dask, resumable, into
``folder``) and returns an :class:`Uncertainty`; :func:`attach` writes it into a summary.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from borderlever.uncertainty.design import Factor, registry_factors, sensitivity
from borderlever.uncertainty.split import split_interval
from borderlever.uncertainty.sweep import Sweep, load_results, plan_sweep, run_sweep

#: Drivers listed per figure (largest first-order index first).
TOP_DRIVERS = 5
#: Economics draws per simulation in the default nested design (simulations = points / this).
ECON_PER_SIM = 4


@dataclass(frozen=True)
class Uncertainty:
    """Interval parts and drivers of every headline figure of one run.

    ``figures`` maps a summary path (``economics.cost_usd.MEX``) to the interval dict with
    ``ci_replication``, ``ci_parameters`` and ``drivers``; ``meta`` describes the sample.
    """

    figures: dict[str, dict[str, Any]]
    meta: dict[str, Any]
    sweep: Sweep | None = field(default=None, compare=False)


def _point_matrix(results: pd.DataFrame, name: str, n_points: int) -> np.ndarray:
    rows = results[results["output"] == name]
    table = rows.pivot_table(index="point_id", columns="replication", values="value")
    return table.reindex(range(n_points)).to_numpy(dtype=float)


def tornado(
    factors: list[Factor], values: np.ndarray, y: np.ndarray, mean: float
) -> tuple[dict[str, tuple[float, float]], float]:
    """Each factor's swing of ``y`` from its low to its high value, others at their centre.

    A least-squares line through the sample's point means in ``factors`` together (a regression
    tornado; called with the few drivers, the other sampled parameters act as noise, which the
    Latin hypercube leaves uncorrelated with them); returns ``{name: (at_low, at_high)}`` around
    ``mean`` and the fit's R^2 (how much of the variation a straight line per listed parameter
    explains: below ~0.7 read the bars as indicative only).

    Examples
    --------
    >>> f = [Factor("a", 0.0, 1.0), Factor("b", 0.0, 2.0)]
    >>> x = np.random.default_rng(0).uniform(0.0, 1.0, (40, 2)) * [1.0, 2.0]
    >>> swings, r2 = tornado(f, x, 3.0 * x[:, 0] + x[:, 1], 5.0)
    >>> [round(v, 6) for v in swings["a"]], round(r2, 6)
    ([3.5, 6.5], 1.0)
    """
    ok = np.isfinite(y)
    x, y = values[ok], y[ok]
    if y.size <= len(factors) + 1 or np.ptp(y) == 0:
        return {}, float("nan")
    design = np.column_stack([np.ones(y.size), x])
    coef, *_ = np.linalg.lstsq(design, y, rcond=None)
    fitted = design @ coef
    r2 = 1.0 - float(np.sum((y - fitted) ** 2) / np.sum((y - y.mean()) ** 2))
    swings = {}
    for j, f in enumerate(factors):
        centre = f.mode if f.mode is not None else 0.5 * (f.low + f.high)
        b = float(coef[j + 1])
        swings[f.name] = (mean + b * (f.low - centre), mean + b * (f.high - centre))
    return swings, r2


def min_points_for_drivers() -> int:
    """Fewest sample points for which drivers are estimated.

    The given-data S1 estimate (RBD-FAST) ranks each parameter on its own, so the number of
    sampled parameters does not bound it; it is biased upward below about 16 points.  The
    tornado's line runs through the listed drivers only (at most :data:`TOP_DRIVERS`), which needs
    more points than drivers: twice plus two.

    Examples
    --------
    >>> min_points_for_drivers()
    16
    """
    return max(16, 2 * TOP_DRIVERS + 2)


def correlation_s1(values: np.ndarray, y: np.ndarray, names: list[str]) -> pd.DataFrame:
    """First-order indices of a given-data sample as squared correlations, with their evidence.

    For independent parameters (a Latin hypercube) and an effect close to linear, the first-order
    Sobol' index of parameter j is ``corr(x_j, y)^2`` (the squared standardised regression
    coefficient: Saltelli et al. 2008, 1.2.5; Helton et al. 2006); how linear the effect is shows
    in the tornado's R^2.  Unlike an RBD-FAST estimate, whose noise at 64 points is about +-0.3 on every index,
    its noise is ~1/N, so it can rank 57 parameters from 64 points.  Returns ``parameter, index,
    value, conf, p``: ``conf`` the half-width of the Fisher-z 95 % interval of the index, ``p``
    the two-sided p-value of a zero correlation.

    Examples
    --------
    >>> x = np.random.default_rng(1).uniform(size=(200, 2))
    >>> t = correlation_s1(x, 3 * x[:, 0] + x[:, 1], ["a", "b"])
    >>> t["value"].round(1).tolist(), bool(t["p"].iloc[0] < 1e-6)
    ([0.9, 0.1], True)
    """
    from scipy import stats

    n = len(y)
    xc, yc = values - values.mean(axis=0), y - y.mean()
    denom = np.sqrt((xc**2).sum(axis=0) * (yc**2).sum())
    r = np.clip(np.where(denom > 0, xc.T @ yc / np.where(denom > 0, denom, 1.0), 0.0), -1, 1)
    t = r * np.sqrt(max(n - 2, 1) / np.maximum(1.0 - r**2, 1e-300))
    p = 2.0 * stats.t.sf(np.abs(t), df=max(n - 2, 1))
    half = 1.96 / np.sqrt(max(n - 3, 1))
    z = np.arctanh(np.clip(r, -0.999999, 0.999999))
    ends = np.tanh(np.stack([z - half, z + half])) ** 2
    lo = np.where(np.sign(z - half) != np.sign(z + half), 0.0, ends.min(axis=0))
    conf = 0.5 * (ends.max(axis=0) - lo)
    return pd.DataFrame({"parameter": names, "index": "S1", "value": r**2, "conf": conf, "p": p})


def _claimed(table: pd.DataFrame, fdr: float = 0.05) -> pd.DataFrame:
    """Rows whose correlation is not zero at false-discovery rate ``fdr`` (Benjamini-Hochberg):
    among many sampled parameters a few are bound to correlate with the figure by chance."""
    order = table.sort_values("p")
    k = np.arange(1, len(order) + 1)
    passed = order["p"].to_numpy() <= fdr * k / len(order)
    last = int(np.nonzero(passed)[0].max()) + 1 if passed.any() else 0
    return order.iloc[:last]


def _ranked(sweep: Sweep, y: np.ndarray) -> pd.DataFrame:
    """The parameters claimed as drivers of ``y``, largest index first (at most TOP_DRIVERS)."""
    factors = list(sweep.factors)
    if sweep.method in ("sobol", "morris"):
        idx = sensitivity(sweep.method, factors, sweep.unit, y, seed=1)
        if idx.empty:
            return idx
        main = "mu_star" if sweep.method == "morris" else "S1"
        ranked = idx[(idx["index"] == main) & np.isfinite(idx["value"])]
        ranked = ranked[~(ranked["value"] <= ranked["conf"])]  # within its half-width of 0
    else:
        ok = np.isfinite(y)
        values = sweep.points[[f.name for f in factors]].to_numpy(dtype=float)[ok]
        ranked = _claimed(correlation_s1(values, y[ok], [f.name for f in factors]))
    return ranked.sort_values("value", ascending=False).head(TOP_DRIVERS)


def _drivers(
    sweep: Sweep, y: np.ndarray, mean: float, non_negative: bool
) -> tuple[list[dict[str, Any]], float]:
    from borderlever.runs.stats import round_sig

    ok = np.isfinite(y)
    if ok.sum() < min_points_for_drivers() or np.ptp(y[ok]) == 0:
        return [], float("nan")
    ranked = _ranked(sweep, y)
    if ranked.empty:
        return [], float("nan")
    listed = [f for name in ranked["parameter"] for f in sweep.factors if f.name == name]
    values = sweep.points[[f.name for f in listed]].to_numpy(dtype=float)
    swings, r2 = tornado(listed, values, y, mean)
    out = []
    for name, index, value, conf in zip(
        ranked["parameter"], ranked["index"], ranked["value"], ranked["conf"], strict=True
    ):
        lo, hi = swings.get(str(name), (mean, mean))
        if non_negative:
            lo, hi = max(lo, 0.0), max(hi, 0.0)
        out.append(
            {
                "parameter": str(name),
                "index": str(index),
                "value": round_sig(float(value)),
                "conf": round_sig(float(conf)) if np.isfinite(conf) else None,
                "at_low": round_sig(lo),
                "at_high": round_sig(hi),
            }
        )
    return out, r2


def parameter_uncertainty(
    out: Any,
    folder: str | Path,
    *,
    points: int = 64,
    sim_points: int | None = None,
    replications: int = 4,
    workers: int | None = None,
    scheduler: str | None = None,
    store: str | Path | None = None,
    engine: str = "fast",
    progress: Callable[[int, int], None] | None = None,
    parameters: list[str] | None = None,
) -> Uncertainty:
    """Run a parameter sample around the run ``out`` (a ``RunOutput``) and split its intervals.

    Parameters
    ----------
    out : RunOutput
        The run as written (its replications give ``ci_replication``).
    folder : path
        Where the sample's sweep is written (rerunning resumes it).
    points : int
        Parameter sets in the sample.
    sim_points : int, optional
        Distinct simulation-parameter sets (default ``points / 4``: each simulation is re-priced
        for 4 economics draws).
    replications : int
        Replications per point.
    workers, scheduler
        Where to run (:func:`borderlever.uncertainty.cluster.runner`).
    parameters : list of str, optional
        The registry parameters to vary (default: :func:`sample_parameters`).
    """
    from borderlever.runs.headline import headline_by_replication, non_negative

    base = headline_by_replication(out)
    values = out.extra.get("parameters") or {}
    factors = registry_factors(
        parameters if parameters is not None else sample_parameters(), centre=values
    )
    sims = sim_points if sim_points is not None else max(2, points // ECON_PER_SIM)
    sweep = plan_sweep(
        out.resolved,
        factors,
        name=f"{out.resolved.name}-uncertainty",
        method="lhs",
        points=points,
        sim_points=sims,
        seed=int(out.resolved.spec.seed),
        replications=replications,
        store=store,
        engine=engine,
    )
    run = run_sweep(sweep, folder, workers=workers, scheduler=scheduler, progress=progress)
    results = load_results(folder)
    figures: dict[str, dict[str, Any]] = {}
    r2s: dict[str, float | None] = {}
    for name, reps in sorted(base.items()):
        matrix = _point_matrix(results, name, len(sweep.points))
        nn = non_negative(name)
        fig = split_interval(reps, matrix, nn)
        if fig["mean"] is not None:
            fig["drivers"], r2 = _drivers(sweep, np.nanmean(matrix, axis=1), fig["mean"], nn)
            r2s[name] = None if not np.isfinite(r2) else round(r2, 3)
        figures[name] = fig
    meta = {
        "points": len(sweep.points),
        "simulations": int(sweep.points["sim_group"].nunique()),
        "replications_per_point": int(sweep.resolved.spec.replications),
        "design": "nested Latin hypercube (SALib latin), seed = scenario seed",
        "sensitivity": "first-order Sobol index S1 as the squared correlation of the parameter "
        "with the figure's point means (the index of a linear effect; conf: half-width of its "
        "Fisher-z 95 % interval); drivers: correlations not zero at a 5 % false-discovery rate "
        "(Benjamini-Hochberg), largest first; at_low/at_high: swing of the figure from the "
        "parameter's low to its high value, others at the run's values, from one least-squares "
        "line through the listed drivers",
        "tornado_r2": dict(sorted(r2s.items())),
        "drivers_min_points": min_points_for_drivers(),
        "parameters": [f.name for f in factors],
        "folder": str(folder),
        "wall_s": round(run.wall_s, 1),
        "workers": run.workers,
    }
    return Uncertainty(figures=figures, meta=meta, sweep=sweep)


def sample_parameters() -> list[str]:
    """The parameters a run's uncertainty sample varies: every registry parameter the pipeline
    passes to the simulation or the economics
    (:func:`~borderlever.scenarios.convert.wired_parameters`) whose distribution is not fixed."""
    from borderlever.parameters import registry
    from borderlever.scenarios.convert import wired_parameters

    reg = registry()
    return [
        n
        for n in wired_parameters()
        if n in reg and reg[n].distribution != "fixed" and reg[n].acts_on in ("sim", "economics")
    ]


def default_sample_dir(resolved: Any, points: int, replications: int) -> Path:
    """The user-cache folder of a run's parameter sample (one per scenario hash and size)."""
    from platformdirs import user_cache_dir

    name = f"{resolved.name}-{resolved.hash[:12]}-n{points}-r{replications}"
    return Path(user_cache_dir("borderlever")) / "uncertainty" / name
