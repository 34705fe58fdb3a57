"""Summaries of per-replication figures: mean and Student-t interval of the mean.

References
----------
Law, A. M. (2015), Simulation Modeling and Analysis, 5th ed., McGraw-Hill, section 9.4
(confidence interval of a mean from independent replications).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from scipy import stats

if TYPE_CHECKING:
    from borderlever.economics.impact import ImpactResult


def interval(values: np.ndarray, level: float) -> tuple[float, float, float]:
    """Mean and two-sided Student-t confidence interval of the mean across replications.

    With one replication the interval is (NaN, NaN).

    Examples
    --------
    >>> [round(v, 3) for v in interval(np.array([1.0, 2.0, 3.0]), 0.95)]
    [2.0, -0.484, 4.484]
    """
    values = np.asarray(values, float)
    mean = float(values.mean()) if len(values) else float("nan")
    if len(values) < 2:
        return mean, float("nan"), float("nan")
    half = stats.t.ppf(0.5 + level / 2, len(values) - 1) * values.std(ddof=1) / np.sqrt(len(values))
    return mean, mean - float(half), mean + float(half)


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
