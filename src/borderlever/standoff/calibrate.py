"""Calibrate the standoff priors on TIES base rates (in sample) and predict those rates back.

The fitted quantities are the medians of the two sides' value priors, their spread and the base
hazards; the threat-stage cost share, the audience cost and the mapping of TIES's cost
codes (minor, major, severe) to a share of GDP per year are assumptions from the registry.  The
typical deadline is TIES's median threat-stage length.  The fit minimises the squared gaps of four
shares the model can represent (threats carried out; the target's share of the cases someone gave
in at the threat stage, and after imposition; impositions someone ended) plus the log gap of the
median imposition length, over the mix of cost codes among US threat cases.  Run ``python -m borderlever.standoff.calibrate`` to refit; the results
go into ``parameters/registry.csv`` (``standoff.*`` rows, ``fitted_on`` TIES v4.1).

The US-Mexico episodes (2019, 2022, 2025) are not in TIES (it ends in 2005) and are never used
here: they are the out-of-sample test (docs/standoff.md).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from borderlever.standoff.model import Game, Side, outcome
from borderlever.standoff.ties import base_rates, conditional_rates, cost_mix, subset

FITTED = (
    "standoff.target_value_median",
    "standoff.sender_value_median",
    "standoff.target_base_hazard_per_day",
    "standoff.sender_base_hazard_per_day",
    "standoff.value_sigma",
)
MOMENTS = (
    "p_imposed",
    "target_share_threat_stage",
    "target_share_after_imposition",
    "p_imposition_ended",
)
#: Calibration grid: weekly steps over ten years (TIES impositions last years).
CAL_DT_DAYS = 7.0
CAL_HORIZON_DAYS = 3650.0


def code_cost_share_per_day(code: int, values: Mapping[str, float]) -> float:
    """Cost per day, share of GDP, of a TIES cost code (1 minor, 2 major, 3 severe) [1/day]."""
    name = {1: "minor", 2: "major", 3: "severe"}[int(code)]
    return float(values[f"standoff.ties_cost_{name}_share_per_year"]) / 365.0


def predicted_rates(
    values: Mapping[str, float],
    mix: pd.DataFrame,
    deadline_days: float,
    *,
    n_iter: int = 80,
    top: int = 3,
) -> dict[str, float]:
    """The model's TIES-style rates at parameter ``values``, averaged over the cost-code mix."""
    mix = mix.head(top).assign(weight=lambda m: m["weight"] / m["weight"].sum())
    keys = (
        "p_target_concedes_threat",
        "p_sender_backs_down_threat",
        "p_target_concedes_after_imposition",
        "p_sender_backs_down_after_imposition",
        "p_imposed",
        "median_imposition_days",
    )
    acc = {k: 0.0 for k in keys}
    rows = zip(
        mix["sender_code"].to_numpy(dtype=int),
        mix["target_code"].to_numpy(dtype=int),
        mix["weight"].to_numpy(dtype=float),
        strict=True,
    )
    for sender_code, target_code, w in rows:
        game = Game(
            sender=Side(
                np.full(1, code_cost_share_per_day(int(sender_code), values)),
                float(values["standoff.sender_value_median"]),
                float(values["standoff.value_sigma"]),
                float(values["standoff.sender_base_hazard_per_day"]),
                float(values["standoff.audience_cost"]),
            ),
            target=Side(
                np.full(1, code_cost_share_per_day(int(target_code), values)),
                float(values["standoff.target_value_median"]),
                float(values["standoff.value_sigma"]),
                float(values["standoff.target_base_hazard_per_day"]),
            ),
            deadline_days=deadline_days,
            threat_cost_share=float(values["standoff.threat_cost_share"]),
            horizon_days=CAL_HORIZON_DAYS,
            dt_days=CAL_DT_DAYS,
        )
        o = outcome(game, n_iter)
        acc["p_target_concedes_threat"] += w * o.p_concede_before_deadline
        acc["p_sender_backs_down_threat"] += w * o.p_sender_backs_down_before_deadline
        acc["p_target_concedes_after_imposition"] += w * o.p_target_concedes_after_imposition
        acc["p_sender_backs_down_after_imposition"] += w * o.p_sender_backs_down_after_imposition
        acc["p_imposed"] += w * o.p_threat_carried_out
        acc["median_imposition_days"] += w * o.median_imposition_days
    return {**acc, **conditional_rates(acc)}


def _loss(
    x: np.ndarray, values: dict[str, float], mix: pd.DataFrame, target: dict[str, float]
) -> float:
    v = {**values, **dict(zip(FITTED, np.exp(x), strict=True))}
    pred = predicted_rates(v, mix, target["median_threat_stage_days"], n_iter=60)
    gap = sum((pred[k] - target[k]) ** 2 for k in MOMENTS)
    dur = np.log(max(pred["median_imposition_days"], 1.0) / target["median_imposition_days"])
    return float(gap + 0.01 * dur**2)


def fit(
    cases: pd.DataFrame, values: dict[str, float], subset_name: str = "all_us"
) -> dict[str, float]:
    """Fit the ``FITTED`` parameters on the TIES subset; returns their values."""
    from scipy.optimize import minimize

    sub = subset(cases, subset_name)
    target = base_rates(sub)
    mix = cost_mix(sub)
    x0 = np.log([values[k] for k in FITTED])
    res = minimize(
        _loss,
        x0,
        args=(values, mix, target),
        method="Nelder-Mead",
        options={"maxfev": 220, "xatol": 0.02, "fatol": 1e-5},
    )
    return dict(zip(FITTED, np.exp(res.x), strict=True))


if __name__ == "__main__":  # pragma: no cover - an offline step, documented in docs/standoff.md
    from borderlever.data.paths import default_raw_dir
    from borderlever.data.readers.ties_sanctions import read_ties
    from borderlever.parameters import resolve

    raw = default_raw_dir()
    assert raw is not None, "no raw data directory (../shared/data/raw)"
    cases = read_ties(raw / "ties" / "TIESv4-1.xls")
    values = resolve(None)
    fitted = fit(cases, values)
    print(fitted)
    sub = subset(cases, "all_us")
    tr = base_rates(sub)
    print("TIES", tr)
    print(
        "model",
        predicted_rates({**values, **fitted}, cost_mix(sub), tr["median_threat_stage_days"]),
    )
