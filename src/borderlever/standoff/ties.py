"""Base rates of coercion from TIES v4.1: what the standoff model's priors are calibrated on.

Among threat episodes with a coded outcome (TIES ``finaloutcome``): the share carried out
(``imposition``), the share where the target gave in at the threat stage (codes 1, 2) or the
sender backed down (3), and, among imposed ones, the shares where the target gave in (6, 7) or
the sender capitulated (8); the median threat-stage length (case start to imposition start) and
imposition length (imposition start to case end, ended cases only: ongoing ones are left out, so
the median understates long sanctions).  Subsets: the United States among the senders; targets
in the Americas (COW codes 20-165) as a proxy for trade dependence on the United States (TIES has
no trade-dependence variable; say so wherever the subset is quoted).

References
----------
Morgan, T. C., Bapat, N. and Kobayashi, Y. (2014). Threat and imposition of economic sanctions
1945-2005: Updating the TIES dataset. Conflict Management and Peace Science 31(5): 541-558.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: Correlates of War codes of states in the Americas (North, Central, South America, Caribbean).
AMERICAS_COW = (20, 165)


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
        "median_imposition_days": float(imposed_days[imposed_days >= 0].median()),
    }
    return {**rates, **conditional_rates(rates)}


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
