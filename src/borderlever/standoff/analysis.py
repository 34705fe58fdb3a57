"""The standoff answer of a scenario: outputs with intervals, and their sensitivity to each input.

Inputs are the levers' cost per day to the sender and the target (from the run's economics, as a
share of each side's GDP), the deadline and the ``standoff.*`` registry rows.  Intervals are the
5-95 percentiles over draws of the standoff parameters (uniform or log-uniform over their
registry ranges) and of the costs (a replication, or a tariff parameter draw, picked at random):
they cover parameter and cost uncertainty, not sampling noise of TIES.  Sensitivity is one input
at a time at its low and high value, the others at their defaults.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from borderlever.standoff.model import Game, Outcome, Side, outcome, survival_at

#: Standoff parameters drawn for the intervals and swung for the sensitivity.
DRAWN = (
    "standoff.target_value_median",
    "standoff.sender_value_median",
    "standoff.target_base_hazard_per_day",
    "standoff.sender_base_hazard_per_day",
    "standoff.value_sigma",
    "standoff.audience_cost",
    "standoff.threat_cost_share",
    "standoff.imposition_hazard_ratio",
    "standoff.settlement_hazard_per_day",
    "standoff.cost_adaptation_days",
    "standoff.adapted_cost_share",
)
N_DRAWS = 40
#: The game runs five years past the deadline: TIES's median imposition is about 2.7 years.
HORIZON_AFTER_DEADLINE_DAYS = 1826.0
#: Daily steps for the first half year of an imposition, weekly after (speed; docs/standoff.md).
FINE_DAYS_AFTER_DEADLINE = 182.0
COARSE_DT_DAYS = 7.0
N_ITER = 100


@dataclass(frozen=True)
class Costs:
    """The levers' cost to each side per day since the imposition began [USD/day].

    ``*_draws`` are multipliers of the central path, one per replication or parameter draw
    (their spread is the cost uncertainty); ``gdp_*`` annual GDP [USD].
    """

    sender_usd_per_day: np.ndarray
    target_usd_per_day: np.ndarray
    gdp_sender_usd: float
    gdp_target_usd: float
    sender_draws: np.ndarray = field(default_factory=lambda: np.ones(1))
    target_draws: np.ndarray = field(default_factory=lambda: np.ones(1))
    notes: tuple[str, ...] = ()


#: Registry rows of the imposition stage -> :class:`Game` fields.
IMPOSITION_FIELDS = {
    "standoff.adapted_cost_share": "adapted_cost_share",
    "standoff.cost_adaptation_days": "cost_adaptation_days",
    "standoff.imposition_hazard_ratio": "imposition_hazard_ratio",
    "standoff.settlement_hazard_per_day": "settlement_hazard_per_day",
}


def imposition_terms(values: Mapping[str, float]) -> dict[str, float]:
    """The imposition stage's :class:`Game` fields from parameter values (registry names).

    Examples
    --------
    >>> imposition_terms({"standoff.adapted_cost_share": 0.3, "standoff.cost_adaptation_days": 200,
    ...     "standoff.imposition_hazard_ratio": 0.1, "standoff.settlement_hazard_per_day": 2e-4})
    {'adapted_cost_share': 0.3, 'cost_adaptation_days': 200.0, 'imposition_hazard_ratio': 0.1, 'settlement_hazard_per_day': 0.0002}
    """
    return {field: float(values[name]) for name, field in IMPOSITION_FIELDS.items()}


def build_game(
    costs: Costs,
    values: Mapping[str, float],
    deadline_days: float,
    sender_scale: float = 1.0,
    target_scale: float = 1.0,
) -> Game:
    """A :class:`Game` from costs and parameter values."""
    sigma = float(values["standoff.value_sigma"])
    return Game(
        sender=Side(
            sender_scale * np.asarray(costs.sender_usd_per_day) / costs.gdp_sender_usd,
            float(values["standoff.sender_value_median"]),
            sigma,
            float(values["standoff.sender_base_hazard_per_day"]),
            float(values["standoff.audience_cost"]),
        ),
        target=Side(
            target_scale * np.asarray(costs.target_usd_per_day) / costs.gdp_target_usd,
            float(values["standoff.target_value_median"]),
            sigma,
            float(values["standoff.target_base_hazard_per_day"]),
        ),
        deadline_days=float(deadline_days),
        threat_cost_share=float(values["standoff.threat_cost_share"]),
        horizon_days=float(deadline_days) + HORIZON_AFTER_DEADLINE_DAYS,
        fine_days_after_deadline=FINE_DAYS_AFTER_DEADLINE,
        coarse_dt_days=COARSE_DT_DAYS,
        **imposition_terms(values),
    )


def headline(o: Outcome) -> dict[str, float]:
    """The figures reported for one solve."""
    return {
        "p_concede_before_deadline": o.p_concede_before_deadline,
        "p_threat_carried_out": o.p_threat_carried_out,
        "expected_imposition_days": o.expected_imposition_days,
        "median_imposition_days": o.median_imposition_days,
        "p_imposition_beyond_horizon": o.p_imposition_beyond_horizon,
        "p_imposed_after_1y": survival_at(o, 365.0),
        "p_sender_backs_down_before_deadline": o.p_sender_backs_down_before_deadline,
        "p_target_concedes_after_imposition": o.p_target_concedes_after_imposition,
        "p_sender_backs_down_after_imposition": o.p_sender_backs_down_after_imposition,
        "p_settled_after_imposition": o.p_settled_after_imposition,
        "concession_day_median": o.concession_day["median"],
        "concession_day_p10": o.concession_day["p10"],
        "concession_day_p90": o.concession_day["p90"],
    }


def _draw(
    values: Mapping[str, float],
    bounds: Mapping[str, tuple[float, float, str]],
    rng: np.random.Generator,
) -> dict[str, float]:
    out = dict(values)
    for name in DRAWN:
        lo, hi, dist = bounds[name]
        if dist == "loguniform" and lo > 0:
            out[name] = float(np.exp(rng.uniform(np.log(lo), np.log(hi))))
        else:
            out[name] = float(rng.uniform(lo, hi))
    return out


def _iv(values: list[float]) -> dict[str, float | None]:
    arr = np.asarray(values, dtype=float)
    arr = arr[np.isfinite(arr)]
    if arr.size == 0:
        return {"mean": None, "ci_low": None, "ci_high": None}
    lo, hi = np.percentile(arr, [5, 95])
    return {"mean": float(arr.mean()), "ci_low": float(lo), "ci_high": float(hi)}


def _iv_beyond(values: list[float], horizon: float) -> dict[str, float | None]:
    """Spread over the draws of a median that may lie beyond the horizon (``nan``): its median
    and 5-95 percentiles over the draws, counting those draws as beyond it (``None`` where a
    percentile is), and the share of draws beyond.  No mean: it is undefined with any draw
    beyond the horizon, and a mean of medians reads too easily as the mean length.

    Examples
    --------
    >>> iv = _iv_beyond([100.0, 200.0, float("nan")], 1826.0)
    >>> iv["median_over_draws"], iv["ci_high"] is None
    (200.0, True)
    """
    arr = np.asarray(values, dtype=float)
    beyond = ~np.isfinite(arr)
    full = np.where(beyond, np.inf, arr)
    lo, mid, hi = np.percentile(full, [5, 50, 95], method="inverted_cdf")
    return {
        "median_over_draws": float(mid) if np.isfinite(mid) else None,
        "ci_low": float(lo) if np.isfinite(lo) else None,
        "ci_high": float(hi) if np.isfinite(hi) else None,
        "share_beyond_horizon": float(beyond.mean()),
    }


def analyse(
    costs: Costs,
    values: Mapping[str, float],
    bounds: Mapping[str, tuple[float, float, str]],
    deadline_days: float,
    *,
    seed: int = 0,
    n_draws: int = N_DRAWS,
    sensitivity: bool = True,
) -> dict[str, Any]:
    """Central answer, intervals over draws, and one-at-a-time sensitivity.

    Returns
    -------
    dict
        ``central`` (figures at the defaults), ``intervals`` (figure -> mean, ci_low, ci_high),
        ``sensitivity`` (rows: input, low, high, and each headline figure at low and high),
        ``deadline_days``, ``n_draws``.
    """
    rng = np.random.default_rng([seed, 1994])
    central = headline(outcome(build_game(costs, values, deadline_days), N_ITER))
    draws = []
    for _ in range(n_draws):
        v = _draw(values, bounds, rng)
        ss = float(rng.choice(costs.sender_draws))
        ts = float(rng.choice(costs.target_draws))
        draws.append(headline(outcome(build_game(costs, v, deadline_days, ss, ts), N_ITER)))
    intervals = {k: _iv([d[k] for d in draws]) for k in central}
    intervals["median_imposition_days"] = _iv_beyond(
        [d["median_imposition_days"] for d in draws], HORIZON_AFTER_DEADLINE_DAYS
    )
    rows = sensitivity_rows(costs, values, bounds, deadline_days) if sensitivity else []
    return {
        "central": central,
        "intervals": intervals,
        "sensitivity": rows,
        "deadline_days": float(deadline_days),
        "n_draws": n_draws,
    }


def sensitivity_rows(
    costs: Costs,
    values: Mapping[str, float],
    bounds: Mapping[str, tuple[float, float, str]],
    deadline_days: float,
) -> list[dict[str, Any]]:
    """Each input at its low and high value, the others at their defaults, sorted by the swing of
    the probability of a concession before the deadline."""
    inputs: list[tuple[str, float, float, dict[str, Any]]] = []
    for name in DRAWN:
        lo, hi, _ = bounds[name]
        inputs.append((name, lo, hi, {}))
    for side, draws in (("target", costs.target_draws), ("sender", costs.sender_draws)):
        lo = min(float(np.min(draws)), 0.5)
        hi = max(float(np.max(draws)), 2.0)
        inputs.append((f"cost to the {side} (multiplier)", lo, hi, {"side": side}))
    rows = []
    for name, lo, hi, extra in inputs:
        res = []
        for x in (lo, hi):
            if "side" in extra:
                scale = {"sender_scale": x} if extra["side"] == "sender" else {"target_scale": x}
                game = build_game(costs, values, deadline_days, **scale)
            else:
                game = build_game(costs, {**values, name: x}, deadline_days)
            res.append(headline(outcome(game, N_ITER)))
        row: dict[str, Any] = {"input": name, "low": lo, "high": hi}
        for k in ("p_concede_before_deadline", "p_threat_carried_out", "expected_imposition_days"):
            row[f"{k}_at_low"], row[f"{k}_at_high"] = res[0][k], res[1][k]
        row["concession_day_median_at_low"] = res[0]["concession_day_median"]
        row["concession_day_median_at_high"] = res[1]["concession_day_median"]
        rows.append(row)
    rows.sort(
        key=lambda r: (
            -abs(r["p_concede_before_deadline_at_high"] - r["p_concede_before_deadline_at_low"])
        )
    )
    return rows


def imposition_block(result: Mapping[str, Any]) -> dict[str, Any]:
    """How long an imposition lasts, given the threat is carried out, each figure named so that
    it cannot be misquoted (``what``)."""
    iv, c = result["intervals"], result["central"]
    horizon = HORIZON_AFTER_DEADLINE_DAYS
    return {
        "horizon_days": horizon,
        "restricted_mean_days": iv["expected_imposition_days"],
        "median_days": iv["median_imposition_days"],
        "median_days_central": c["median_imposition_days"],
        "p_still_imposed_after_1y": iv["p_imposed_after_1y"],
        "p_still_imposed_at_horizon": iv["p_imposition_beyond_horizon"],
        "p_target_concedes": iv["p_target_concedes_after_imposition"],
        "p_sender_backs_down": iv["p_sender_backs_down_after_imposition"],
        "p_settled": iv["p_settled_after_imposition"],
        "what": (
            "Given the threat is carried out: restricted_mean_days is the mean length of the "
            f"imposition counting any imposition still in force after {horizon / 365.25:.0f} "
            f"years as {horizon:.0f} days (the plain mean is undefined while some never end); "
            "median_days_central is the length half of impositions outlast at the default "
            "parameters (null where more than half outlast the horizon) and median_days its "
            "spread over the parameter draws; p_still_imposed_* are the shares still in force "
            "after 1 year and at the horizon; "
            "p_target_concedes, p_sender_backs_down and p_settled split how impositions end "
            "within the horizon."
        ),
    }


def summary_block(result: Mapping[str, Any], demand: str, target: str) -> dict[str, Any]:
    """The ``standoff`` block of summary.json (docs/summary-schema.json)."""
    iv = result["intervals"]
    return {
        "p_concede_before_deadline": iv["p_concede_before_deadline"],
        "concession_day": {
            "median": result["central"]["concession_day_median"],
            "p10": result["central"]["concession_day_p10"],
            "p90": result["central"]["concession_day_p90"],
            "median_interval": iv["concession_day_median"],
        },
        "p_threat_carried_out": iv["p_threat_carried_out"],
        "expected_imposition_days": iv["expected_imposition_days"],
        "imposition": imposition_block(result),
        "p_sender_backs_down_before_deadline": iv["p_sender_backs_down_before_deadline"],
        "central": result["central"],
        "deadline_days": result["deadline_days"],
        "demand": demand,
        "target": target,
        "interval": f"5-95 percentiles over {result['n_draws']} draws of the standoff parameters "
        "and the levers' costs (not TIES sampling noise)",
        "sensitivity": result["sensitivity"],
    }
