"""The standoff answer of a run: the levers' costs per day from its economics, then the model.

Border levers cost what the run's economics says per policy day (mean over replications; the
replications' spread is the cost uncertainty); a tariff costs its daily net cost from the first
day a rate applies (the parameter draws' spread is the cost uncertainty).  Levers combined in one
scenario add up day by day.  After the scenario's own window the levers are assumed to stay in
force at their last daily cost until the standoff ends (a standoff has no end date of its own);
the standoff model multiplies the imposition's path by its cost-adaptation share.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from borderlever.errors import ConfigError
from borderlever.runs.result import RunOutput
from borderlever.runs.tariff import TariffFigures
from borderlever.standoff.analysis import Costs, analyse, summary_block


def _border_costs(out: RunOutput, country: str) -> tuple[float, np.ndarray]:
    """Mean border-lever cost per policy day [USD/day] and per-replication multipliers."""
    econ = out.economics
    if econ is None or not out.resolved.policies:
        return 0.0, np.ones(1)
    frame = econ.cost_by_country[econ.cost_by_country["country_iso3"] == country]
    if frame.empty:
        return 0.0, np.ones(1)
    per_day = frame["cost_usd"].to_numpy(dtype=float) / max(econ.policy_days, 1e-9)
    mean = float(per_day.mean())
    return mean, per_day / mean if mean > 0 else np.ones(1)


def _tariff_costs(t: TariffFigures | None, country: str) -> tuple[np.ndarray, np.ndarray]:
    """Daily tariff cost from the first tariff day [USD/day] and per-draw multipliers."""
    if t is None or t.tariff_days == 0:
        return np.zeros(1), np.ones(1)
    daily = t.daily_cost[t.daily_cost["country"] == country].sort_values("day")
    values = daily["cost_usd"].to_numpy(dtype=float)
    first = int(np.flatnonzero(values != 0)[0]) if np.any(values != 0) else 0
    draws = t.draws[f"cost_usd_per_day_{country}"].to_numpy(dtype=float)
    mean = float(draws.mean())
    mult = draws / mean if mean > 0 else np.ones(1)
    return values[first:], mult


def standoff_costs(out: RunOutput, sender: str, target: str) -> Costs:
    """The :class:`Costs` of a run's levers for the two sides."""
    t = out.extra.get("tariff")
    tariff = t if isinstance(t, TariffFigures) else None
    gdp = dict(tariff.gdp_usd) if tariff is not None else {}
    if out.economics is not None:
        gdp.update(out.economics.gdp_usd)
    missing = [c for c in (sender, target) if c not in gdp]
    if missing:
        raise ConfigError(
            f"the standoff needs each side's GDP and the run has none for {missing}: build the "
            "store with the World Bank GDP files (`borderlever data build`)"
        )
    paths, mults = {}, {}
    for side in (sender, target):
        b, bm = _border_costs(out, side)
        tp, tm = _tariff_costs(tariff, side)
        n = max(tp.size, 1)
        path = np.full(n, b) + (tp if tp.size == n else np.resize(tp, n))
        paths[side] = path
        mults[side] = bm if b >= float(np.mean(tp)) else tm
    if not np.any(paths[target] > 0) and not np.any(paths[sender] > 0):
        raise ConfigError(
            f"scenario {out.resolved.name}: its levers cost neither side anything (no policy or "
            "no economics): nothing for the standoff model to weigh"
        )
    return Costs(
        sender_usd_per_day=paths[sender],
        target_usd_per_day=paths[target],
        gdp_sender_usd=float(gdp[sender]),
        gdp_target_usd=float(gdp[target]),
        sender_draws=mults[sender],
        target_draws=mults[target],
    )


def run_standoff(
    out: RunOutput,
    values: dict[str, float],
    bounds: dict[str, tuple[float, float, str]],
    deadline_days: float | None = None,
    *,
    sensitivity: bool = True,
) -> dict[str, Any]:
    """The ``standoff`` block for a run (the scenario's threat, else the registry's deadline)."""
    spec = out.resolved.spec
    threat = spec.threat
    sender = threat.sender if threat is not None else "USA"
    target = threat.target if threat is not None else _neighbour(out)
    if deadline_days is None:
        deadline_days = (
            threat.deadline_days if threat is not None else values["standoff.deadline_days"]
        )
    costs = standoff_costs(out, sender, target)
    result = analyse(
        costs, values, bounds, float(deadline_days), seed=spec.seed, sensitivity=sensitivity
    )
    demand = threat.demand if threat is not None else "(none declared: a generic demand)"
    return clean(summary_block(result, demand, target))


def clean(doc: Any) -> Any:
    """Floats rounded to 6 significant digits and NaN as None (summary.json is byte-stable).

    Examples
    --------
    >>> clean({"a": [1.23456789, float("nan")]})
    {'a': [1.23457, None]}
    """
    from borderlever.runs.stats import round_sig

    if isinstance(doc, dict):
        return {k: clean(v) for k, v in doc.items()}
    if isinstance(doc, list | tuple):
        return [clean(v) for v in doc]
    if isinstance(doc, float | np.floating):
        return None if not np.isfinite(doc) else round_sig(float(doc))
    return doc


def _neighbour(out: RunOutput) -> str:
    """The neighbour the scenario's levers hit hardest (MEX where unclear)."""
    econ = out.economics
    if econ is not None and not econ.cost_by_country.empty:
        mean = econ.cost_by_country.groupby("country_iso3")["cost_usd"].mean()
        mean = mean[[c for c in mean.index if c in ("MEX", "CAN")]]
        if not mean.empty:
            return str(mean.idxmax())
    return "MEX"


def registry_inputs() -> tuple[dict[str, float], dict[str, tuple[float, float, str]]]:
    """Registry values and (low, high, distribution) of the ``standoff.*`` rows."""
    from borderlever.parameters import registry, resolve

    values = resolve(None)
    bounds = {
        name: (p.low, p.high, p.distribution)
        for name, p in registry().items()
        if name.startswith("standoff.")
    }
    return values, bounds
