"""Calibrate the standoff priors on TIES base rates (in sample) and predict those rates back.

Fitted (``FITTED``): the medians of the two sides' value priors and their spread, the threat
stage's base hazards, and the imposition stage's terms (the base hazards' ratio after the
deadline, the settlement hazard and the cost-adaptation time).  Assumptions from the registry:
the threat-stage cost share, the audience cost, the adapted cost share and the mapping of TIES's
cost codes (minor, major, severe) to a share of GDP per year.  The deadline is TIES's median
threat-stage length.  Matched moments, eight for eight parameters: the share of threats carried
out; the target's share of the cases someone gave in at the threat stage and after imposition;
the share of ended impositions that ended with neither giving in; and the imposition survival
curve (Kaplan-Meier: median, share still imposed at 90 days, 1 and 5 years).  The fit is a
minimum-distance estimator: it minimises the squared gaps in units of TIES's own standard
errors (binomial, Greenwood, the median's interval), over the mix of cost codes among US threat
cases.  Run ``python -m borderlever.standoff.calibrate`` to refit (about a minute) and copy the
result into ``parameters/registry.csv`` (``standoff.*`` rows, ``fitted_on`` TIES v4.1).

TIES does not separate cost adaptation from the size of the values: a refit without adaptation
matches as closely with value medians about four times larger (docs/standoff.md); adaptation is
kept because the sanctions literature documents it and it keeps the values within reason.

The US-Mexico episodes (2019, 2022, 2025) are not in TIES (it ends in 2005) and are never used
here: they are the out-of-sample test (docs/standoff.md).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from borderlever.standoff.analysis import imposition_terms
from borderlever.standoff.model import Game, Outcome, Side, median_survival, outcome, survival_at
from borderlever.standoff.ties import CHECK_DAYS, base_rates, conditional_rates, cost_mix, subset

FITTED = (
    "standoff.target_value_median",
    "standoff.sender_value_median",
    "standoff.target_base_hazard_per_day",
    "standoff.sender_base_hazard_per_day",
    "standoff.value_sigma",
    "standoff.imposition_hazard_ratio",
    "standoff.settlement_hazard_per_day",
    "standoff.cost_adaptation_days",
)
#: Shares matched, each with its binomial standard error from TIES's counts.
SHARES = (
    ("p_imposed", "n_threats"),
    ("target_share_threat_stage", "n_gave_in_threat_stage"),
    ("target_share_after_imposition", "n_gave_in_after_imposition"),
    ("settled_share_of_ended", "n_ended"),
)
#: Calibration grid: weekly steps over ten years (TIES impositions last years).
CAL_DT_DAYS = 7.0
CAL_HORIZON_DAYS = 3650.0


def code_cost_share_per_day(code: int, values: Mapping[str, float]) -> float:
    """Cost per day, share of GDP, of a TIES cost code (1 minor, 2 major, 3 severe) [1/day]."""
    name = {1: "minor", 2: "major", 3: "severe"}[int(code)]
    return float(values[f"standoff.ties_cost_{name}_share_per_year"]) / 365.0


def ties_game(
    values: Mapping[str, float], sender_code: int, target_code: int, deadline_days: float
) -> Game:
    """The standoff of a TIES case with these cost codes, at parameter ``values``."""
    return Game(
        sender=Side(
            np.full(1, code_cost_share_per_day(sender_code, values)),
            float(values["standoff.sender_value_median"]),
            float(values["standoff.value_sigma"]),
            float(values["standoff.sender_base_hazard_per_day"]),
            float(values["standoff.audience_cost"]),
        ),
        target=Side(
            np.full(1, code_cost_share_per_day(target_code, values)),
            float(values["standoff.target_value_median"]),
            float(values["standoff.value_sigma"]),
            float(values["standoff.target_base_hazard_per_day"]),
        ),
        deadline_days=deadline_days,
        threat_cost_share=float(values["standoff.threat_cost_share"]),
        horizon_days=deadline_days + CAL_HORIZON_DAYS,
        dt_days=CAL_DT_DAYS,
        **imposition_terms(values),
    )


def predicted_rates(
    values: Mapping[str, float],
    mix: pd.DataFrame,
    deadline_days: float,
    *,
    n_iter: int = 80,
    top: int = 3,
) -> dict[str, float]:
    """The model's TIES-style rates at parameter ``values``, over the cost-code mix.

    Threat-stage shares are averaged with the mix's weights; what happens after imposition
    (who ends it, the survival curve) with the weights times each game's chance of imposition,
    as in TIES, where only imposed cases have an imposition.  Survival keys as in
    :func:`borderlever.standoff.ties.imposition_survival`.
    """
    mix = mix.head(top).assign(weight=lambda m: m["weight"] / m["weight"].sum())
    games: list[tuple[float, Outcome]] = [
        (float(w), outcome(ties_game(values, int(sc), int(tc), deadline_days), n_iter))
        for sc, tc, w in zip(
            mix["sender_code"], mix["target_code"], mix["weight"].to_numpy(float), strict=True
        )
    ]
    acc = {
        "p_target_concedes_threat": sum(w * o.p_concede_before_deadline for w, o in games),
        "p_sender_backs_down_threat": sum(
            w * o.p_sender_backs_down_before_deadline for w, o in games
        ),
        "p_imposed": sum(w * o.p_threat_carried_out for w, o in games),
    }
    wi = np.array([w * o.p_threat_carried_out for w, o in games])
    wi = wi / wi.sum() if wi.sum() > 0 else np.full(len(games), 1.0 / len(games))
    for key, attr in (
        ("p_target_concedes_after_imposition", "p_target_concedes_after_imposition"),
        ("p_sender_backs_down_after_imposition", "p_sender_backs_down_after_imposition"),
        ("p_settled_after_imposition", "p_settled_after_imposition"),
    ):
        acc[key] = float(sum(x * getattr(o, attr) for x, (_, o) in zip(wi, games, strict=True)))
    surv = sum(x * o.imposition_survival for x, (_, o) in zip(wi, games, strict=True))
    lengths = games[0][1].imposition_days
    ended = 1.0 - float(surv[-1])
    acc["km_median_imposition_days"] = median_survival(lengths, np.asarray(surv))
    for days in CHECK_DAYS:
        acc[f"km_survival_{days}d"] = float(
            sum(x * survival_at(o, days) for x, (_, o) in zip(wi, games, strict=True))
        )
    acc["settled_share_of_ended"] = acc["p_settled_after_imposition"] / ended if ended else 0.0
    return {**acc, **conditional_rates(acc)}


def standard_errors(target: Mapping[str, float]) -> dict[str, float]:
    """TIES sampling standard errors of the matched moments (binomial for shares, Greenwood for
    the survival curve, the median's 95 % interval on the log scale) [-].

    Examples
    --------
    >>> se = standard_errors({"p_imposed": 0.5, "n_threats": 100, "km_median_imposition_days_lo":
    ...     500, "km_median_imposition_days_hi": 2000, "km_survival_365d_se": 0.03})
    >>> round(se["p_imposed"], 3), round(se["log_km_median_imposition_days"], 3)
    (0.05, 0.354)
    """
    out = {}
    for key, n_key in SHARES:
        if key in target and n_key in target:
            p = target[key]
            out[key] = float(np.sqrt(max(p * (1 - p), 1e-4) / max(target[n_key], 1.0)))
    lo = target.get("km_median_imposition_days_lo", np.nan)
    hi = target.get("km_median_imposition_days_hi", np.nan)
    out["log_km_median_imposition_days"] = float(np.log(hi / lo) / (2 * 1.96))
    for days in CHECK_DAYS:
        if f"km_survival_{days}d_se" in target:
            out[f"km_survival_{days}d"] = max(float(target[f"km_survival_{days}d_se"]), 0.01)
    return out


def standardised_gaps(pred: Mapping[str, float], target: Mapping[str, float]) -> dict[str, float]:
    """``(model - TIES) / TIES standard error`` for each matched moment [-]."""
    se = standard_errors(target)
    gaps = {}
    for key, err in se.items():
        if key == "log_km_median_imposition_days":
            m = pred["km_median_imposition_days"]
            m = m if np.isfinite(m) else CAL_HORIZON_DAYS
            gaps[key] = float(np.log(max(m, 1.0) / target["km_median_imposition_days"]) / err)
        else:
            gaps[key] = float((pred[key] - target[key]) / err)
    return gaps


def _loss(
    x: np.ndarray, values: dict[str, float], mix: pd.DataFrame, target: dict[str, float]
) -> float:
    v = {**values, **dict(zip(FITTED, np.exp(x), strict=True))}
    pred = predicted_rates(v, mix, target["median_threat_stage_days"], n_iter=60)
    return float(sum(g**2 for g in standardised_gaps(pred, target).values()))


def ties_target(cases: pd.DataFrame, subset_name: str = "all_us") -> dict[str, float]:
    """TIES base rates of a subset with the counts the standard errors need."""
    rates = base_rates(subset(cases, subset_name))
    n_t, n_i = rates["n_threats"], rates["n_imposed"]
    rates["n_gave_in_threat_stage"] = n_t * (
        rates["p_target_concedes_threat"] + rates["p_sender_backs_down_threat"]
    )
    rates["n_gave_in_after_imposition"] = n_i * rates["p_imposition_ended"]
    rates["n_ended"] = rates["n_durations"] - rates["n_censored"]
    return rates


def fit(
    cases: pd.DataFrame, values: dict[str, float], subset_name: str = "all_us", maxfev: int = 1500
) -> dict[str, float]:
    """Fit the ``FITTED`` parameters on the TIES subset (minimum distance: squared gaps in units
    of TIES's standard errors); returns their values."""
    from scipy.optimize import minimize

    target = ties_target(cases, subset_name)
    mix = cost_mix(subset(cases, subset_name))
    x0 = np.log([values[k] for k in FITTED])
    res = minimize(
        _loss,
        x0,
        args=(values, mix, target),
        method="Nelder-Mead",
        options={"maxfev": maxfev, "xatol": 0.02, "fatol": 1e-3},
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
    print({k: float(f"{v:.3g}") for k, v in fitted.items()})
    tr = ties_target(cases)
    mix = cost_mix(subset(cases, "all_us"))
    pred = predicted_rates({**values, **fitted}, mix, tr["median_threat_stage_days"])
    print("TIES", tr)
    print("model", pred)
    print("gaps (TIES standard errors)", standardised_gaps(pred, tr))
