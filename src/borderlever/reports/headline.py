"""The answer first: one generated sentence with its intervals, and at most four key figures.

Everything here reads the run's summary (``summary.json``), its resolved scenario document and the
port names; nothing reads frames or the runner.  The sentence names the lever in words, the trade
at stake and each country's loss as a share of a year's GDP with its 95 % interval, and says what
the interval covers (replication noise only, unless the summary carries a parameter part from
``--uncertainty``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

#: Country names as a sentence uses them.
COUNTRY_NAMES = {"USA": "the US", "MEX": "Mexico", "CAN": "Canada"}
#: Vehicle classes and groups in words.
CLASS_WORDS = {
    "all": "all traffic",
    "commercial": "commercial traffic",
    "trucks": "trucks",
    "passenger": "passenger traffic",
    "truck_standard": "standard trucks",
    "truck_fast": "FAST trucks",
    "pov_standard": "cars",
    "pov_ready": "Ready Lane cars",
    "pov_sentri": "SENTRI cars",
    "pedestrian": "pedestrians",
    "bus": "buses",
    "rail": "trains",
}
BORDER_WORDS = {"US-Mexico Border": "US–Mexico", "US-Canada Border": "US–Canada"}


def money(x: float | None, digits: int = 2) -> str:
    """Dollars in words a reader quotes: ``$25 bn``, ``$310 m``, ``$4.2 k``.

    Examples
    --------
    >>> money(2.5e10), money(3.1e8), money(1.234e12), money(950.0)
    ('$25 bn', '$310 m', '$1.2 tn', '$950')
    """
    if x is None:
        return "n/a"
    for div, unit in ((1e12, "tn"), (1e9, "bn"), (1e6, "m"), (1e3, "k")):
        if abs(x) >= div:
            return f"${_sig(x / div, digits)} {unit}"
    return f"${x:,.0f}"


def _sig(x: float, digits: int = 2) -> str:
    """``x`` with ``digits`` significant digits, no exponent (``25``, ``0.71``, ``1,200``)."""
    if x == 0:
        return "0"
    text = f"{x:.{digits}g}"
    if "e" in text:  # 2.5e+01 -> 25, 1.2e+03 -> 1,200
        value = float(text)
        text = f"{value:,.0f}" if abs(value) >= 1 else f"{value:f}".rstrip("0").rstrip(".")
    return text


def percent(share: float | None, digits: int = 2) -> str:
    """A share of GDP as a percentage with ``digits`` significant digits.

    Examples
    --------
    >>> percent(0.0071), percent(0.00048), percent(0.0), percent(0.001386, 3)
    ('0.71 %', '0.048 %', '0 %', '0.139 %')
    """
    return "n/a" if share is None else f"{_sig(100.0 * share, digits)} %"


def number(x: float, digits: int = 2) -> str:
    """A plain number with ``digits`` significant digits (``13``, ``0.95``)."""
    return _sig(x, digits)


def hours(x: float, digits: int = 2) -> str:
    """Hours (``3.4 h``)."""
    return f"{_sig(x, digits)} h"


def covers(fig: Mapping[str, Any] | None) -> str:
    """What a summary interval covers, in words."""
    if fig is not None and fig.get("ci_parameters") is not None:
        return "replication noise and parameter uncertainty"
    return "replication noise only, assumptions at their defaults"


def with_interval(fig: Mapping[str, Any] | None, fmt: Any) -> str:
    """``mean (low–high)``: digits added until the bounds differ; a point where they are equal.

    ``fmt(value, digits)`` formats one value; the low bound drops a unit it shares with the high
    one.  A figure whose mean is not negative never shows a negative bound.

    Examples
    --------
    >>> with_interval({"mean": 0.001386, "ci_low": 0.001381, "ci_high": 0.001391}, percent)
    '0.1386 % (0.1381–0.1391 %)'
    >>> with_interval({"mean": 2.0, "ci_low": -0.5, "ci_high": 4.5}, number)
    '2 (0–4.5)'
    """
    if not fig or fig.get("mean") is None:
        return "n/a"
    mean, lo, hi = fig["mean"], fig.get("ci_low"), fig.get("ci_high")
    if lo is None or hi is None or lo == hi:
        return fmt(mean)
    lo = max(lo, 0.0) if mean >= 0 else lo
    for digits in (2, 3, 4):  # enough digits that the bounds, and the mean inside, read apart
        lo_text, hi_text, mid = fmt(lo, digits), fmt(hi, digits), fmt(mean, digits)
        inside = lo < mean < hi
        if lo_text != hi_text and (not inside or mid not in (lo_text, hi_text)):
            break
    else:
        return fmt(mean)
    unit = hi_text.split(" ")[-1] if " " in hi_text else ""
    if unit and lo_text.endswith(" " + unit):
        lo_text = lo_text[: -len(unit) - 1]
    high = hi_text.removeprefix("$") if lo_text.startswith("$") else hi_text
    return f"{fmt(mean, digits)} ({lo_text}–{high})"


def _names(codes: Sequence[str], names: Mapping[str, str]) -> str:
    items = [names.get(c, c) for c in codes]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def ports_phrase(
    policy: Mapping[str, Any],
    scenario: Mapping[str, Any],
    codes: Sequence[str],
    names: Mapping[str, str],
) -> str:
    """The ports a policy touches, in words (``all 28 US–Mexico land ports``, ``Laredo``)."""
    listed = policy.get("ports")
    if listed:
        return _names(listed, names) if len(listed) <= 3 else f"{len(listed)} ports"
    sel = scenario.get("ports") or {}
    border = sel.get("border")
    if border and not sel.get("codes") and not sel.get("states"):
        return f"all {len(codes)} {BORDER_WORDS.get(border, border)} land ports"
    if sel.get("all"):
        return f"all {len(codes)} land ports"
    return _names(codes, names) if len(codes) <= 3 else f"{len(codes)} ports"


def classes_phrase(classes: Sequence[str] | None) -> str:
    """Vehicle classes in words (``trucks``, ``all traffic``)."""
    words = [CLASS_WORDS.get(c, c) for c in (classes or ["all"])]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def directed(what: str, directions: Sequence[str] | None) -> str:
    """Vehicle classes with the one direction a policy acts in, if only one.

    >>> directed("all traffic", ["northbound"])
    'all northbound traffic'
    >>> directed("trucks", ["northbound", "southbound"])
    'trucks'
    """
    if not directions or len(set(directions)) != 1:
        return what
    word = str(directions[0])
    return f"all {word} traffic" if what == "all traffic" else f"{word} {what}"


def _days(days: float) -> str:
    whole = round(days)
    if abs(days - whole) < 1e-6:
        return f"{whole} day" + ("s" if whole != 1 else "")
    return f"{days:.1f} days"


def own_span_days(policy: Mapping[str, Any], scenario: Mapping[str, Any]) -> float | None:
    """Days a policy's own window spans, where it is one plain span; else None.

    A window on some weekdays or hours (or none: the whole horizon) gives None, and the caller
    uses the policy window of all measures.  The span is read as the resolver reads it
    (:func:`~borderlever.scenarios.resolve.window_span_min`).

    >>> own_span_days({"window": {"start": "2019-04-01T00:00:00", "end": "2019-09-22"}},
    ...               {"start": "2019-04-01", "horizon_days": 183})
    174.0
    >>> own_span_days({"window": {"start_day": 2, "end_day": None}},
    ...               {"start": "2019-04-01", "horizon_days": 30})
    28.0
    >>> own_span_days({"window": {"weekdays": ["saturday"]}}, {"horizon_days": 30}) is None
    True
    """
    from borderlever.scenarios.resolve import window_span_min
    from borderlever.scenarios.spec import Window

    win = policy.get("window")
    if not isinstance(win, Mapping):
        return None
    window = Window.model_validate(win)
    bounds = (window.start, window.end, window.start_day, window.end_day)
    if window.weekdays or window.hours or all(b is None for b in bounds):
        return None
    start = dt.date.fromisoformat(str(scenario["start"])[:10])
    first, last = window_span_min(window, start, float(scenario.get("horizon_days", 0)))
    return (last - first) / (24 * 60)


def lever_phrase(
    scenario: Mapping[str, Any], summary: Mapping[str, Any], names: Mapping[str, str]
) -> str:
    """The scenario's lever as the subject of a sentence (``Closing ... for 14 days``)."""
    codes = list(summary.get("ports", {}))
    policies = list(scenario.get("policies") or [])
    econ = summary.get("economics") or {}
    d0, d1 = summary.get("policy_window_days", [0, scenario.get("horizon_days", 0)])
    days = _days(float(econ.get("policy_days") or (d1 - d0)))
    if not policies:
        return f"With no border measure over {_days(float(scenario.get('horizon_days', 0)))}, the {len(codes)} simulated ports"
    first = policies[0]
    if first.get("kind") == "tariff":
        return tariff_phrase(policies, days)
    own = own_span_days(first, scenario) if len(policies) > 1 else None
    if own is not None:  # the first measure's own span, where the others reach further
        days = _days(own)
    where = ports_phrase(first, scenario, codes, names)
    what = classes_phrase(first.get("classes"))
    p = first.get("parameters") or {}
    kind = first.get("kind")
    if kind == "closure":
        text = f"Closing {where} to {directed(what, first.get('directions'))} for {days}"
    elif kind == "lane_cut":
        text = f"Closing {_sig(100 * p.get('lanes_removed_share', 0))} % of the lanes at {where} for {days}"
    elif kind == "hours_cut":
        lo, hi = p.get("open_hours", (0, 24))
        text = f"Opening {where} only from {int(lo)}:00 to {int(hi)}:00 for {days}"
    elif kind == "officer_reassignment":
        moved = (
            f"{p['officers_removed']} officers"
            if p.get("officers_removed")
            else f"{_sig(100 * p.get('officers_removed_share', 0))} % of the officers"
        )
        text = f"Moving {moved} away from {where} for {days}"
    elif kind == "enhanced_inspection":
        share = p.get("share_inspected", 1.0)
        who = (
            f"every {what[:-1] if what.endswith('s') else what}"
            if share >= 1
            else f"{_sig(100 * share)} % of {what}"
        )
        text = (
            f"Inspecting {who} at {where} for an extra {_sig(p.get('extra_inspection_min', 0))} "
            f"min for {days}"
        )
    else:
        text = f"Applying a {kind} policy at {where} for {days}"
    if len(policies) > 1:
        text += f" (with {len(policies) - 1} more measure{'s' if len(policies) > 2 else ''})"
    return text


def tariff_phrase(policies: Sequence[Mapping[str, Any]], days: str) -> str:
    """A tariff lever as a subject (``A tariff of up to 25 % on goods from MEX for 143 days``).

    Examples
    --------
    >>> tariff_phrase([{"kind": "tariff", "partner": "MEX", "schedule": [{"rate_pct": 5},
    ...     {"rate_pct": 25}]}], "143 days")
    'A tariff of up to 25 % on goods from MEX for 143 days'
    """
    tariffs = [p for p in policies if p.get("kind") == "tariff"]
    top = max(float(s.get("rate_pct", 0)) for p in tariffs for s in p.get("schedule") or [{}])
    partners = " and ".join(sorted({str(p.get("partner")) for p in tariffs}))
    text = f"A tariff of up to {_sig(top)} % on goods from {partners} for {days}"
    others = len(policies) - len(tariffs)
    if others:
        text += f" (with {others} border measure{'s' if others > 1 else ''})"
    return text


def neighbour(summary: Mapping[str, Any], borders: Mapping[str, str] | None = None) -> str | None:
    """The partner country of the run: MEX or CAN (None without economics).

    The border most of the simulated ports sit on decides (``borders``: port code -> border);
    without borders, the partner bearing the larger cost.

    Examples
    --------
    >>> s = {"ports": {"0901": {}}, "economics": {"cost_usd": {"MEX": {"mean": 0.0},
    ...      "CAN": {"mean": 0.0}, "USA": {"mean": 0.0}}}}
    >>> neighbour(s, {"0901": "US-Canada Border"}), neighbour(s)
    ('CAN', 'MEX')
    """
    econ = summary.get("economics") or {}
    costs = {
        k: (v or {}).get("mean") or 0.0
        for k, v in (econ.get("cost_usd") or {}).items()
        if k != "USA"
    }
    if not costs:
        return None
    sides = [
        {"US-Mexico Border": "MEX", "US-Canada Border": "CAN"}.get((borders or {}).get(c, ""))
        for c in summary.get("ports", {})
    ]
    counted = {k: sides.count(k) for k in costs if sides.count(k)}
    if counted:
        return max(sorted(counted), key=lambda k: (counted[k], k == "MEX"))
    return max(sorted(costs), key=lambda k: (costs[k], k == "MEX"))


def sentence(
    summary: Mapping[str, Any],
    scenario: Mapping[str, Any],
    names: Mapping[str, str] | None = None,
    borders: Mapping[str, str] | None = None,
) -> str:
    """The one sentence that answers the question, with its intervals.

    Parameters
    ----------
    summary : dict
        ``summary.json`` of the run.
    scenario : dict
        The resolved scenario document (``scenario.yaml``).
    names : dict, optional
        Port code -> name.
    borders : dict, optional
        Port code -> border (decides the partner country).

    Examples
    --------
    >>> s = {"ports": {"2304": {}}, "policy_window_days": [0, 14], "economics": {
    ...     "trade_at_stake_usd": 2.5e10, "policy_days": 14.0,
    ...     "cost_usd": {"MEX": {"mean": 1.2e10}, "USA": {"mean": 1.4e10}},
    ...     "cost_gdp_share": {"MEX": {"mean": 0.0071, "ci_low": 0.0068, "ci_high": 0.0074},
    ...                        "USA": {"mean": 0.00048, "ci_low": 0.00046, "ci_high": 0.0005}}}}
    >>> sc = {"ports": {"codes": ["2304"]}, "policies": [{"kind": "closure", "classes": ["trucks"]}]}
    >>> sentence(s, sc, {"2304": "Laredo"})  # doctest: +NORMALIZE_WHITESPACE
    "Closing Laredo to trucks for 14 days puts $25 bn of trade at stake; Mexico would lose about
    0.71 % (0.68–0.74 %) of a year's GDP, the US about 0.048 % (0.046–0.05 %)."
    """
    names = names or {}
    subject = lever_phrase(scenario, summary, names)
    econ = summary.get("economics")
    if not econ:
        ratio = (summary.get("totals") or {}).get("throughput_ratio")
        return (
            f"{subject} lets through {with_interval(ratio, percent)} of the trucks that would "
            "normally cross; the economics are not available for this run."
        )
    stake = money(econ.get("trade_at_stake_usd"))
    verb = "keep" if subject.startswith("With no border measure") else "puts"
    head = f"{subject} {verb} {stake} of trade at stake"
    blocked = (econ.get("trade_blocked_usd") or {}).get("mean")
    if blocked is not None and verb == "puts":
        head += f" ({money(blocked)} of it blocked)"
    shares = econ.get("cost_gdp_share") or {}
    other = neighbour(summary, borders)
    means = [(shares.get(k) or {}).get("mean") for k in (other, "USA")]
    if all(m == 0 for m in means):
        return head + "; the model finds no loss to either country."
    parts = []
    if other is not None and shares.get(other):
        parts.append(
            f"{COUNTRY_NAMES.get(other, other)} would lose about "
            f"{with_interval(shares[other], percent)} of a year's GDP"
        )
    if shares.get("USA"):
        us = with_interval(shares["USA"], percent)
        parts.append(
            f"the US about {us}" if parts else f"the US would lose about {us} of a year's GDP"
        )
    return head + ("; " + ", ".join(parts) if parts else "") + "."


def interval_note(summary: Mapping[str, Any]) -> str:
    """The sentence under the headline saying what its intervals cover."""
    econ = summary.get("economics") or {}
    if econ.get("tariff") and not summary.get("ports"):  # a tariff only: nothing simulated
        return (
            "Brackets are 2.5-97.5 percentiles over parameter draws of the tariff model "
            "(pass-through, elasticities); no border policy, so nothing was simulated. Trade at "
            "stake is the trade the tariff covers, not a loss; a country's loss is its net cost "
            "(docs/standoff.md), as a share of one year's GDP."
        )
    fig = (econ.get("cost_gdp_share") or {}).get("USA") or (summary.get("totals") or {}).get(
        "throughput_ratio"
    )
    reps = summary.get("replications", 0)
    unc = summary.get("uncertainty") or {}
    over = (
        "One replication: no interval (run more replications for one)"
        if reps == 1
        else f"Brackets are 95 % intervals over {reps} replications ({covers(fig)})"
    )
    if reps > 1 and fig is not None and fig.get("ci_parameters") is not None:
        over = (
            f"Brackets are 95 % intervals combining replication noise ({reps} replications) "
            f"and parameter uncertainty ({unc.get('points')} parameter sets over "
            f"{len(unc.get('parameters') or [])} assumptions' plausible ranges)"
        )
    return (
        f"{over}; never below zero for a figure that cannot be negative. Every figure compares "
        "with the same-seed run with no policy. Trade at stake is gross trade that would have "
        "crossed, not a loss; a "
        "country's loss is its direct costs plus production losses, as a share of one year's GDP."
    )


def key_figures(summary: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    """At most four key figures: (label, value with interval, what it is)."""
    totals = summary.get("totals") or {}
    econ = summary.get("economics") or {}
    rows: list[tuple[str, str, str]] = []
    if econ:
        rows.append(
            (
                "trade at stake",
                money(econ.get("trade_at_stake_usd")),
                f"{money(econ.get('trade_at_stake_usd_per_day'))} a day by truck and rail "
                "(gross, not a loss)",
            )
        )
    rows.append(
        (
            "trucks served vs normal",
            with_interval(totals.get("throughput_ratio"), percent),
            "trucks served in the policy window over the no-policy baseline",
        )
    )
    rows.append(
        (
            "mean truck wait",
            with_interval(totals.get("mean_wait_h"), hours),
            "per truck served, over the whole horizon",
        )
    )
    if econ and econ.get("leverage_ratio_note"):
        rows.append(("leverage ratio", "undefined", str(econ["leverage_ratio_note"])))
    elif econ and econ.get("leverage_ratio"):
        rows.append(
            (
                "leverage ratio",
                with_interval(econ["leverage_ratio"], number),
                "partner's loss share of GDP over the US's (above 1: the partner bears more; "
                "not who concedes)",
            )
        )
    return rows[:4]
