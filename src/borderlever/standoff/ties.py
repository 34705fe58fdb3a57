"""Base rates of coercion from TIES v4.1: what the standoff model's priors are calibrated on.

Among threat episodes with a coded outcome (TIES ``finaloutcome``): the share carried out
(``imposition``), the share where the target gave in at the threat stage (codes 1, 2) or the
sender backed down (3), and, among imposed ones, the shares where the target gave in (6, 7) or
the sender capitulated (8), or it ended otherwise (9 with an end date, 10: a stalemate lifted
or a negotiated settlement); the median threat-stage length (case start to imposition start).
How long impositions last is a survival curve (:func:`imposition_survival`): Kaplan-Meier with
the cases still in force censored, never a mean or median of the ended cases alone (38 % of
imposed US threat cases were coded a stalemate or a settlement, and 13 % had not ended when
the data were coded; leaving them out halves the median).  Subsets: the United States among the senders; targets
in the Americas (COW codes 20-165) as a proxy for trade dependence on the United States (TIES has
no trade-dependence variable; say so wherever the subset is quoted).

References
----------
Kaplan, E. L. and Meier, P. (1958). Nonparametric estimation from incomplete observations. JASA
53(282): 457-481.
Morgan, T. C., Bapat, N. and Kobayashi, Y. (2014). Threat and imposition of economic sanctions
1945-2005: Updating the TIES dataset. Conflict Management and Peace Science 31(5): 541-558.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

#: Correlates of War codes of states in the Americas (North, Central, South America, Caribbean).
AMERICAS_COW = (20, 165)
#: TIES covers cases begun up to 2005: a case without an end date or an "ongoing as of" year is
#: censored at the end of that year (known to be in force at least until then).
DATA_END_YEAR = 2005
#: Imposition lengths at which the survival curve is checked [days].
CHECK_DAYS = (90, 365, 1825)


def _date(frame: pd.DataFrame, prefix: str) -> pd.Series:
    y = frame[f"{prefix}_year"]
    m = frame[f"{prefix}_month"].fillna(7) if f"{prefix}_month" in frame else 7
    d = frame[f"{prefix}_day"].fillna(15) if f"{prefix}_day" in frame else 15
    parts = pd.DataFrame({"year": y, "month": m, "day": d}).astype("Float64")
    ok = parts.notna().all(axis=1)
    out = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
    if ok.any():
        p = parts[ok].astype(int).clip(lower=1)
        p["day"] = p["day"].clip(upper=28)
        p["month"] = p["month"].clip(upper=12)
        out[ok] = pd.to_datetime(p)
    return out


def subset(cases: pd.DataFrame, name: str) -> pd.DataFrame:
    """``all_us`` (US among senders) or ``americas_us`` (and a target in the Americas)."""
    us = cases[cases["us_sender"].astype(bool)]
    if name == "all_us":
        return us
    if name == "americas_us":
        lo, hi = AMERICAS_COW
        return us[us["target_cow"].between(lo, hi)]
    raise ValueError(f"unknown TIES subset {name!r}; use all_us or americas_us")


def base_rates(cases: pd.DataFrame) -> dict[str, float]:
    """The base rates the standoff priors are calibrated on (module docstring) [shares, days].

    Examples
    --------
    >>> c = pd.DataFrame({"threat": [True] * 4, "imposition": [False, False, True, True],
    ...     "final_outcome": [2, 3, 7, 9], "start_year": [1990] * 4, "start_month": [1] * 4,
    ...     "start_day": [1] * 4, "end_year": [1990, 1990, 1991, None], "end_month": [2] * 4,
    ...     "end_day": [1] * 4, "imposition_start_year": [None, None, 1990, 1990],
    ...     "imposition_start_month": [None, None, 3, 3], "imposition_start_day": [None, None, 1, 1]})
    >>> r = base_rates(c)
    >>> r["p_imposed"], r["p_target_concedes_threat"], r["p_target_concedes_after_imposition"]
    (0.5, 0.25, 0.5)
    """
    t = cases[cases["threat"].astype(bool) & cases["final_outcome"].notna()]
    imp = t[t["imposition"].astype(bool)]
    code = t["final_outcome"].astype(float)
    icode = imp["final_outcome"].astype(float)
    start, end = _date(t, "start"), _date(t, "end")
    istart = _date(t, "imposition_start")
    threat_days = (istart - start).dt.days
    imposed_days = (end - istart).dt.days
    rates = {
        "n_threats": float(len(t)),
        "n_imposed": float(len(imp)),
        "p_imposed": float(t["imposition"].astype(bool).mean()) if len(t) else np.nan,
        "p_target_concedes_threat": float(code.isin([1, 2]).mean()) if len(t) else np.nan,
        "p_sender_backs_down_threat": float((code == 3).mean()) if len(t) else np.nan,
        "p_target_concedes_after_imposition": float(icode.isin([6, 7]).mean())
        if len(imp)
        else np.nan,
        "p_sender_backs_down_after_imposition": float((icode == 8).mean()) if len(imp) else np.nan,
        "median_threat_stage_days": float(threat_days[threat_days >= 0].median()),
        "median_imposition_days_ended_only": float(imposed_days[imposed_days >= 0].median()),
    }
    km = imposition_survival(imp)
    return {**rates, **conditional_rates(rates), **km}


def durations(imposed: pd.DataFrame) -> pd.DataFrame:
    """Imposition lengths [days] with an ``ended`` flag (censored where still in force) and how
    the case ended, one row per imposed case with a usable imposition start.

    A case without an end date is censored at the "ongoing as of" year (mid-year: 15 July, as
    for missing months) or, without one, at the end of :data:`DATA_END_YEAR`.
    """
    start, end = _date(imposed, "imposition_start"), _date(imposed, "end")
    missing = pd.Series(pd.NA, index=imposed.index, dtype="Float64")
    ongoing = imposed.get("ongoing_as_of_year", missing).astype("Float64")
    cens = pd.to_datetime(
        {"year": ongoing.fillna(DATA_END_YEAR).astype(int), "month": 7, "day": 15}
    ).where(ongoing.notna(), pd.Timestamp(f"{DATA_END_YEAR}-12-31"))
    ended = end.notna()
    days = (end.where(ended, cens) - start).dt.days.astype("Float64")
    out = pd.DataFrame(
        {"days": days, "ended": ended, "code": imposed["final_outcome"].astype("Float64")}
    )
    return out[start.notna() & days.notna() & (days >= 0)].astype({"days": float, "code": float})


def imposition_survival(imposed: pd.DataFrame) -> dict[str, float]:
    """Kaplan-Meier survival of impositions (share still in force ``L`` days after imposition),
    with Greenwood standard errors, and how the ended ones ended [days], [-].

    Keys: ``km_median_imposition_days`` and its 95 % interval (``_lo``, ``_hi``; Brookmeyer-
    Crowley as statsmodels computes it), ``km_survival_<L>d`` and ``km_survival_<L>d_se`` for
    ``L`` in :data:`CHECK_DAYS`, ``n_durations``, ``n_censored``, and among the ended
    impositions the share that ended with neither side giving in (codes 9, 10:
    ``settled_share_of_ended``).

    Examples
    --------
    >>> c = pd.DataFrame({"final_outcome": [7, 8, 10, 9], "ongoing_as_of_year": [None] * 4,
    ...     "imposition_start_year": [1990] * 4, "imposition_start_month": [1] * 4,
    ...     "imposition_start_day": [1] * 4, "end_year": [1990, 1991, 1995, None],
    ...     "end_month": [7, 1, 1, None], "end_day": [1, 1, 1, None]})
    >>> r = imposition_survival(c)
    >>> round(r["km_survival_365d"], 3), r["n_censored"], round(r["settled_share_of_ended"], 3)
    (0.5, 1.0, 0.333)
    """
    from statsmodels.duration.survfunc import SurvfuncRight

    d = durations(imposed)
    sf = SurvfuncRight(d["days"].to_numpy(), d["ended"].to_numpy(dtype=int))
    out: dict[str, float] = {
        "n_durations": float(len(d)),
        "n_censored": float((~d["ended"]).sum()),
        "km_median_imposition_days": _km_quantile(sf),
    }
    lo, hi = _km_quantile_ci(sf)
    out["km_median_imposition_days_lo"], out["km_median_imposition_days_hi"] = lo, hi
    for days in CHECK_DAYS:
        idx = int(np.searchsorted(sf.surv_times, days, side="right")) - 1
        out[f"km_survival_{days}d"] = 1.0 if idx < 0 else float(sf.surv_prob[idx])
        out[f"km_survival_{days}d_se"] = 0.0 if idx < 0 else float(sf.surv_prob_se[idx])
    ended = d[d["ended"]]
    out["settled_share_of_ended"] = (
        float(ended["code"].isin([9, 10]).mean()) if len(ended) else float("nan")
    )
    return out


def _km_quantile(sf: Any) -> float:
    q = sf.quantile(0.5)
    return float(q) if q is not None and np.isfinite(q) else float("nan")


def _km_quantile_ci(sf: Any) -> tuple[float, float]:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        lo, hi = sf.quantile_ci(0.5)
    return (
        float(lo) if lo is not None else float("nan"),
        float(hi) if hi is not None else float("inf"),
    )


def conditional_rates(r: dict[str, float]) -> dict[str, float]:
    """The shares the standoff model can represent: who gave in, among cases where someone did
    (at the threat stage; after imposition), and the share of impositions that someone ended.
    TIES's stalemates and negotiated settlements at the threat stage (codes 4, 5) have no
    counterpart in the model (there, nobody giving in before the deadline means imposition).

    Examples
    --------
    >>> conditional_rates({"p_target_concedes_threat": 0.25, "p_sender_backs_down_threat": 0.25,
    ...     "p_target_concedes_after_imposition": 0.2, "p_sender_backs_down_after_imposition": 0.2})
    {'target_share_threat_stage': 0.5, 'target_share_after_imposition': 0.5, 'p_imposition_ended': 0.4}
    """
    a, b = r["p_target_concedes_threat"], r["p_sender_backs_down_threat"]
    c, d = r["p_target_concedes_after_imposition"], r["p_sender_backs_down_after_imposition"]
    return {
        "target_share_threat_stage": a / (a + b) if a + b > 0 else float("nan"),
        "target_share_after_imposition": c / (c + d) if c + d > 0 else float("nan"),
        "p_imposition_ended": c + d,
    }


def cost_mix(cases: pd.DataFrame) -> pd.DataFrame:
    """Shares of (target, sender) cost codes among threat cases (1 minor, 2 major, 3 severe).

    Actual costs where coded, else anticipated costs, else minor (the commonest code).
    """
    t = cases[cases["threat"].astype(bool) & cases["final_outcome"].notna()]
    tc = t["target_costs"].fillna(t["anticipated_target_costs"]).fillna(1).astype(int)
    sc = t["sender_costs"].fillna(t["anticipated_sender_costs"]).fillna(1).astype(int)
    mix = pd.DataFrame({"target_code": tc.clip(1, 3), "sender_code": sc.clip(1, 3)})
    out = mix.value_counts(normalize=True).rename("weight").reset_index()
    return out.sort_values("weight", ascending=False).reset_index(drop=True)
