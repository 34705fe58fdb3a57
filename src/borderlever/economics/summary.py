"""Summaries of per-replication figures: mean and interval of the mean (replication noise only).

References
----------
Law, A. M. (2015), Simulation Modeling and Analysis, 5th ed., McGraw-Hill, section 9.4
(confidence interval of a mean from independent replications).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from borderlever.intervals import mean_interval

if TYPE_CHECKING:
    from borderlever.economics.impact import ImpactResult


def interval(values: np.ndarray, level: float) -> tuple[float, float, float]:
    """Mean and interval of the mean across replications (:func:`borderlever.intervals.interval`).

    Every economics figure summarised here is non-negative: the interval is truncated at 0.  With
    one replication the bounds are NaN (replication noise cannot be estimated).

    Examples
    --------
    >>> [round(v, 3) for v in interval(np.array([1.0, 2.0, 3.0]), 0.95)]
    [2.0, 0.0, 4.484]
    """
    m, lo, hi = mean_interval(values, level=level)
    nan = float("nan")
    return (nan if m is None else m, nan if lo is None else lo, nan if hi is None else hi)


def summarize(
    frame: pd.DataFrame, keys: list[str], figures: list[str], level: float, prefix: str = ""
) -> pd.DataFrame:
    """Long summary ``figure, key, mean, ci_low, ci_high, n_replications`` of per-replication columns."""
    rows = []
    groups = frame.groupby(keys) if keys else [((), frame)]
    for key, grp in groups:
        label = "/".join(str(k) for k in (key if isinstance(key, tuple) else (key,)))
        per_rep = grp.groupby("replication")[figures].sum()
        for fig in figures:
            mean, lo, hi = interval(per_rep[fig].to_numpy(), level)
            rows.append((prefix + fig, label, mean, lo, hi, len(per_rep)))
    return pd.DataFrame(
        rows, columns=["figure", "key", "mean", "ci_low", "ci_high", "n_replications"]
    )


def summarize_result(result: ImpactResult, final_usd: pd.Series | None = None) -> pd.DataFrame:
    """The summary table of an :class:`ImpactResult` (every headline figure with its interval)."""
    level = result.params.interval_level
    trade_figs = [
        "baseline_usd",
        "served_usd",
        "deferred_usd",
        "diverted_usd",
        "lost_usd",
        "spoiled_usd",
        "delay_value_usd_h",
    ]
    parts = [
        summarize(result.trade, ["direction"], trade_figs, level, "trade."),
        summarize(result.costs, ["country", "component"], ["cost_usd"], level, "cost."),
        summarize(
            result.countries,
            ["country"],
            [
                "direct_cost_usd",
                "production_loss_usd",
                "total_cost_usd",
                "share_of_gdp",
                "cost_usd_per_day",
                "share_of_gdp_per_day",
            ],
            level,
            "country.",
        ),
    ]
    if not result.leverage.empty:
        parts.append(
            summarize(
                result.leverage,
                ["neighbour"],
                ["leverage_ratio", "neighbour_share_of_gdp", "us_share_of_gdp"],
                level,
                "leverage.",
            )
        )
    if final_usd is not None and len(final_usd):
        fd = pd.DataFrame(
            {"replication": final_usd.index, "final_demand_loss_usd": final_usd.values}
        )
        parts.append(summarize(fd, [], ["final_demand_loss_usd"], level, "consumption."))
    return pd.concat(parts, ignore_index=True)
