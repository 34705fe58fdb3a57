"""The headline figures of a run, one value per replication, named by their place in summary.json.

A sweep keeps these per point and replication; the uncertainty analysis splits each one's interval
into replication noise and parameter uncertainty and writes the parts back under the same summary
path (``economics.cost_usd.MEX`` -> ``summary["economics"]["cost_usd"]["MEX"]``).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from borderlever.runs.result import RunOutput
from borderlever.runs.summary import totals_by_replication as summary_totals_by_replication

#: Figures that can never be negative (an interval on them is clipped at zero).
NON_NEGATIVE_PREFIXES: tuple[str, ...] = (
    "totals.",
    "economics.cost_gdp_share.",
    "economics.leverage_ratio",
)


#: The ``totals`` figures that carry an uncertainty split (the headline's counts and waits).
HEADLINE_TOTALS: tuple[str, ...] = (
    "trucks_served",
    "throughput_ratio",
    "mean_wait_h",
    "truck_wait_total_h",
    "diverted",
    "deferred",
    "cancelled",
)


def totals_by_replication(out: RunOutput) -> dict[str, np.ndarray]:
    """``totals.*`` figures per replication, read from the summary's own definitions."""
    values = summary_totals_by_replication(out)
    return {f"totals.{name}": values[name] for name in HEADLINE_TOTALS}


def economics_by_replication(out: RunOutput) -> dict[str, np.ndarray]:
    """``economics.*`` figures per replication: cost and cost share of GDP by country, leverage."""
    econ = out.economics
    if econ is None:
        return {}
    reps = np.arange(out.resolved.spec.replications)
    figures: dict[str, np.ndarray] = {}
    for iso3, frame in econ.cost_by_country.groupby("country_iso3"):
        values = frame.set_index("replication")["cost_usd"].reindex(reps, fill_value=0.0)
        cost = values.to_numpy(dtype=float)
        figures[f"economics.cost_usd.{iso3}"] = cost
        gdp = econ.gdp_usd.get(str(iso3))
        if gdp:
            figures[f"economics.cost_gdp_share.{iso3}"] = cost / gdp
    lev = np.full(reps.size, np.nan)
    ratios = np.asarray(econ.leverage_ratio, dtype=float)
    lev[: min(ratios.size, reps.size)] = ratios[: reps.size]
    figures["economics.leverage_ratio"] = lev
    return figures


def headline_by_replication(out: RunOutput) -> dict[str, np.ndarray]:
    """Every headline figure of ``out``: summary path -> one value per replication."""
    return {**totals_by_replication(out), **economics_by_replication(out)}


def non_negative(path: str) -> bool:
    """Whether the figure at ``path`` can never be negative (costs, counts, shares, ratios).

    Examples
    --------
    >>> non_negative("economics.cost_usd.MEX"), non_negative("totals.trucks_served")
    (True, True)
    """
    return path.startswith(NON_NEGATIVE_PREFIXES) or path.startswith("economics.cost_usd.")


#: What each part of an interval covers, as the summary and the report state it.
INTERVAL_NOTE = (
    "mean: the scenario as written; ci_replication: 95 % t-interval of that mean over its "
    "replications (simulation noise); ci_parameters: central 95 % of the figure's mean over a "
    "sample of parameter sets drawn from the registry's plausible ranges (assumption "
    "uncertainty, the noise of each sampled mean removed); ci_low/ci_high: both combined in "
    "quadrature on each side of the mean."
)
REPLICATION_ONLY_NOTE = (
    "Intervals are replication noise only (95 % t-intervals over the run's replications): they "
    "do not include the uncertainty of the model's assumptions. Run with --uncertainty to add it."
)


def _node(summary: dict[str, Any], path: str) -> tuple[dict[str, Any], str] | None:
    parts = path.split(".")
    node: Any = summary
    for p in parts[:-1]:
        if not isinstance(node, dict) or p not in node:
            return None
        node = node[p]
    return (node, parts[-1]) if isinstance(node, dict) and parts[-1] in node else None


def attach(summary: dict[str, Any], unc: Any | None) -> dict[str, Any]:
    """Write the interval parts of ``unc`` (an :class:`~borderlever.uncertainty.analysis.Uncertainty`:
    ``figures`` by summary path, ``meta``) into ``summary`` (in place) and say what its intervals
    cover."""
    if unc is None:
        summary["uncertainty"] = {"intervals": "replication", "note": REPLICATION_ONLY_NOTE}
        return summary
    for path, fig in unc.figures.items():
        found = _node(summary, path)
        if found is not None and isinstance(found[0][found[1]], dict):
            found[0][found[1]] = fig
    summary["uncertainty"] = {
        "intervals": "replication and parameters",
        "note": INTERVAL_NOTE,
        **{k: v for k, v in unc.meta.items() if k not in ("folder", "wall_s", "workers")},
    }
    return summary
