"""Price a scenario's ``kind: tariff`` policies from the store's trade flows (an edge module).

Reads national goods trade with the partner by HS chapter (``us_trade_by_hs2``: BTS TransBorder,
every mode, the year before the scenario start unless ``economics.trade_year`` says otherwise),
the USMCA claim shares by GTAP sector (Budget Lab tariff-rate tracker, MIT) and the input-output
table, then hands frames to :mod:`borderlever.economics.tariff`.  Parameter uncertainty (pass-
through, elasticities) is propagated by drawing the ``tariff.*`` registry rows over their ranges
and each chapter's Caliendo-Parro elasticity within its standard error; intervals are the 2.5 and
97.5 percentiles over the draws (parameter uncertainty only: a tariff has no replication noise).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from borderlever.economics.tariff import (
    TariffParams,
    covered_share,
    flows_effects,
    load_tariff_table,
    net_cost_by_country,
)
from borderlever.scenarios.levers import TariffPolicy
from borderlever.scenarios.spec import ScenarioSpec

COUNTRIES = ("USA", "MEX", "CAN")
#: Draws of the parameters behind the tariff intervals.
N_DRAWS = 64


@dataclass(frozen=True)
class TariffFigures:
    """The tariff lever of a run.  Money in current USD of the trade year.

    Attributes
    ----------
    daily_cost : DataFrame
        ``day, country, cost_usd`` (mean over parameter draws) [USD/day]: net cost each day.
    draws : DataFrame
        Per ``draw``: ``duty_usd`` (whole horizon, both directions), ``burden_usd``,
        ``lost_sales_usd`` [USD] and ``cost_usd_per_day_<ISO3>`` (mean over the days a tariff
        applies) [USD/day].
    tariff_days : int
        Days on which a US or retaliatory rate is above zero [days].
    trade_year : int
        Year of the trade values.
    notes : list of str
        Sources and assumptions, for the report.
    """

    daily_cost: pd.DataFrame
    draws: pd.DataFrame
    tariff_days: int
    trade_year: int
    notes: list[str] = field(default_factory=list)
    gdp_usd: dict[str, float] = field(default_factory=dict)
    covered_usd: float = 0.0


def tariff_params(values: dict[str, float]) -> TariffParams:
    """:class:`TariffParams` from resolved registry values (``tariff.*`` names)."""
    return TariffParams(
        pass_through=float(values["tariff.pass_through"]),
        retaliation_pass_through=float(values["tariff.retaliation_pass_through"]),
        elasticity_ratio=float(values["tariff.elasticity_ratio"]),
    )


def _usmca_by_hs2(usmca_gtap: pd.DataFrame, partner: str, table: pd.DataFrame) -> pd.Series:
    shares = usmca_gtap[usmca_gtap["country"] == partner].set_index("gtap_code")["usmca_share"]
    return table.set_index("hs2")["gtap_sector"].map(shares).fillna(0.0)


def _flows(
    trade: pd.DataFrame,
    policy: TariffPolicy,
    usmca: pd.Series | None,
    exporter: str,
    chapters: list[str] | None,
    excluded: list[str],
) -> pd.DataFrame:
    """Covered value per day of the trade flow ``exporter`` -> the other side [USD/day]."""
    direction = "import" if exporter != "USA" else "export"
    rows = trade[(trade["country"] == policy.partner) & (trade["direction"] == direction)]
    by = rows.groupby("hs2", as_index=False)["value_usd"].sum()
    share = covered_share(by["hs2"], chapters, excluded, usmca)
    return pd.DataFrame(
        {
            "exporter": exporter,
            "importer": policy.partner if exporter == "USA" else "USA",
            "hs2": by["hs2"].astype(str),
            "value_usd_per_day": by["value_usd"].to_numpy(dtype=float) * share / 365.0,
        }
    )


def _va_loss(effects: pd.DataFrame, io: Any, econ: Any) -> pd.DataFrame:
    """Value added lost (Leontief, demand channel) per country and rate level [USD/day]."""
    from borderlever.economics.production import load_concordance, production_losses, to_sectors

    out = []
    if io is None or effects.empty:
        return pd.DataFrame(columns=["rate_key", "country", "va_loss_usd"])
    conc = load_concordance()
    for key, eff in effects.groupby("rate_key"):
        lost = eff[eff["exporter"].isin(io.regions) & eff["importer"].isin(io.regions)]
        lost = lost.rename(columns={"lost_sales_usd": "value_usd"})
        lost = to_sectors(lost[["exporter", "importer", "hs2", "value_usd"]], conc)
        missing = lost.iloc[:0]
        losses, _ = production_losses(io, lost, missing, 1.0, econ)
        va = losses.groupby("region")["va_loss_demand_usd"].sum()
        out += [(key, str(r), float(v)) for r, v in va.items()]
    return pd.DataFrame(out, columns=["rate_key", "country", "va_loss_usd"])


def _one_draw(
    flows: list[tuple[pd.DataFrame, np.ndarray, float]],
    elasticity: dict[str, float],
    io: Any,
    econ: Any,
    days: int,
) -> tuple[np.ndarray, dict[str, float]]:
    """Daily net cost by country (days x countries) and horizon totals, for one draw."""
    daily = np.zeros((days, len(COUNTRIES)))
    totals = {"duty_usd": 0.0, "burden_usd": 0.0, "lost_sales_usd": 0.0}
    for i, (fl, rates, phi) in enumerate(flows):
        eps = fl["hs2"].map(elasticity).to_numpy(dtype=float)
        eff = flows_effects(fl, rates, phi, eps)
        if eff.empty:
            continue
        eff["rate_key"] = [f"{i}:{r}" for r in eff["rate"]]
        va = _va_loss(eff, io, econ)
        for key, part in eff.groupby("rate_key"):
            n = int(part["n_days"].iloc[0])
            cost = net_cost_by_country(part, va[va["rate_key"] == key])
            per_day = np.array([float(cost.get(c, 0.0)) for c in COUNTRIES])
            rate = float(part["rate"].iloc[0])
            daily[np.isclose(rates, rate)] += per_day
            for k in totals:
                totals[k] += float(part[k].sum()) * n
    return daily, totals


def _draw_values(
    values: dict[str, float], bounds: dict[str, tuple[float, float]], rng: np.random.Generator
) -> dict[str, float]:
    out = dict(values)
    for name, (lo, hi) in bounds.items():
        out[name] = float(rng.uniform(lo, hi))
    return out


def price_tariffs(
    spec: ScenarioSpec,
    trade: pd.DataFrame,
    usmca_gtap: pd.DataFrame,
    io: Any,
    econ: Any,
    values: dict[str, float],
    bounds: dict[str, tuple[float, float]],
    *,
    n_draws: int = N_DRAWS,
) -> TariffFigures:
    """Price every ``kind: tariff`` policy of ``spec`` over its horizon.

    Parameters
    ----------
    spec : ScenarioSpec
        The scenario (its tariff policies, start, horizon and seed).
    trade : DataFrame
        ``us_trade_by_hs2`` rows of one year: ``country, direction, hs2, value_usd`` [USD/yr].
    usmca_gtap : DataFrame
        ``usmca_share_gtap``: ``gtap_code, country, usmca_share``.
    io, econ
        Input-output table (None skips value added) and economics parameters.
    values : dict
        Resolved registry values (``tariff.*``); ``bounds`` their (low, high) for the draws.
    """
    table = load_tariff_table()
    days = spec.horizon_days
    rng = np.random.default_rng([spec.seed, 14])
    flows, notes = [], []
    for pol in spec.tariff_policies():
        usmca = _usmca_by_hs2(usmca_gtap, pol.partner, table) if pol.usmca != "none" else None
        us_rates = pol.rate_by_day(days, spec.start)
        flows.append(
            (
                _flows(trade, pol, usmca, pol.partner, pol.hs_chapters, pol.exclude_hs_chapters),
                us_rates,
                "tariff.pass_through",
            )
        )
        if pol.retaliation is not None:
            ret = pol.retaliation
            flows.append(
                (
                    _flows(trade, pol, None, "USA", ret.hs_chapters, []),
                    pol.retaliation_by_day(days, spec.start),
                    "tariff.retaliation_pass_through",
                )
            )
    any_rate = np.zeros(days, dtype=bool)
    for _, rates, _ in flows:
        any_rate |= rates > 0
    tariff_days = int(any_rate.sum())
    daily_sum = np.zeros((days, len(COUNTRIES)))
    rows = []
    theta = table.set_index("hs2")
    for d in range(n_draws):
        v = _draw_values(values, bounds, rng) if d > 0 else dict(values)
        p = tariff_params(v)
        z = rng.standard_normal(len(theta)) if d > 0 else np.zeros(len(theta))
        th = np.maximum(theta["theta"].to_numpy() + z * theta["theta_se"].to_numpy(), 0.1)
        elast = dict(zip(theta.index, p.elasticity_ratio * th, strict=True))
        phis = {
            "tariff.pass_through": p.pass_through,
            "tariff.retaliation_pass_through": p.retaliation_pass_through,
        }
        fl = [(f, r, phis[k]) for f, r, k in flows]
        daily, totals = _one_draw(fl, elast, io, econ, days)
        daily_sum += daily
        per_day = daily[any_rate].mean(axis=0) if tariff_days else np.zeros(len(COUNTRIES))
        rows.append(
            {
                "draw": d,
                **totals,
                **{
                    f"cost_usd_per_day_{c}": float(x)
                    for c, x in zip(COUNTRIES, per_day, strict=True)
                },
            }
        )
    mean = daily_sum / n_draws
    daily_cost = pd.DataFrame(
        [(t, c, float(mean[t, j])) for t in range(days) for j, c in enumerate(COUNTRIES)],
        columns=["day", "country", "cost_usd"],
    )
    notes.append(
        "Tariff lever: national goods trade by HS chapter (BTS TransBorder, all modes), "
        "constant-elasticity import demand with pass-through (Amiti, Redding & Weinstein 2019; "
        "Fajgelbaum et al. 2020; Cavallo et al. 2021), Caliendo & Parro (2015) sector "
        "elasticities scaled to the short run (Boehm et al. 2023); lost sales through the "
        "input-output table; intervals over "
        f"{n_draws} parameter draws (docs/standoff.md)."
    )
    if io is None:
        notes.append("Tariff lever: no input-output table: value added lost is not counted.")
    covered = sum(float(f["value_usd_per_day"].sum()) * int((r > 0).sum()) for f, r, _ in flows)
    return TariffFigures(daily_cost, pd.DataFrame(rows), tariff_days, 0, notes, {}, covered)
