"""What one run produces, before it is written anywhere: frames plus provenance.

The frames follow the layer contracts (HELPERS.md): ``daily`` is the simulation's daily frame, one
row per replication x port_code x vehicle_class x day; ``hourly`` (optional) has the same keys with
``hour`` (0 = first hour of the scenario) instead of ``day``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from borderlever.network.classes import CLASS_GROUPS
from borderlever.scenarios import ResolvedScenario

TRUCK_CLASSES: tuple[str, ...] = CLASS_GROUPS["trucks"]


@dataclass(frozen=True)
class EconomicsFigures:
    """The economics of a run, in the shape the summary and report need.

    Attributes
    ----------
    trade_at_stake_usd : float
        Gross trade that would have crossed the affected ports by the affected modes during the
        policy window [USD].  Not a loss.
    policy_days : float
        Length of the policy window [days].
    cost_by_country : DataFrame
        ``replication, country_iso3, cost_usd`` [USD].
    gdp_usd : dict
        Annual GDP by ISO3 country [USD].
    leverage_by_day : DataFrame
        ``replication, day, leverage_ratio`` [-]: cumulative cost-share asymmetry by day.
    leverage_ratio : list of float
        One per replication [-].
    cost_by_sector : DataFrame
        ``country_iso3, sector, cost_usd`` (mean over replications) [USD]: production losses
        (value added) by WIOD 2013 industry, ``sector`` its name (``Transport Equipment``).
    cost_by_state : DataFrame
        ``state, cost_usd[, basis]`` (mean over replications) [USD]: with the store's state
        trade table (``basis`` = ``headline``) the US headline cost by state: direct costs by each
        port's state trade shares plus the rest of the US cost split by each state's share of
        US-Mexico trade (:func:`borderlever.runs.economics.headline_cost_by_state`; sums to the
        US cost); without it US **direct** costs only (the chart says so).
    notes : list of str
        Assumptions and sources to print in the report.
    cost_breakdown : DataFrame
        ``replication, country_iso3, direct_usd, production_usd, northbound_usd, southbound_usd``
        [USD]: the headline cost's parts (production: the dynamic model's value-added loss over
        the policy and the recovery; each direction's part includes its direct costs).
    static_bounds : DataFrame
        ``replication, country_iso3, demand_side_usd, supply_side_usd`` [USD]: static Leontief and
        Ghosh figures, for comparison only.
    cost_by_day : DataFrame
        ``replication, day, country_iso3, cost_usd`` [USD]: the headline cost by day (direct
        costs on the simulated days, production losses through the recovery).
    io_table : str
        Which input-output table (and year) priced the run.
    exposure : DataFrame
        ``country_iso3, exposed_va_usd_per_day, basis`` [USD/day]: the exposed economy each
        side's daily loss is set against.
    state_exposure : DataFrame
        ``country_iso3, exposed_gdp_usd_per_day, exposed_gdp_low_usd_per_day,
        exposed_gdp_high_usd_per_day, exposed_gdp_share_of_national, exposed_trade_share,
        states, trade_year, threshold, basis`` (:func:`borderlever.economics.exposure.state_exposure`):
        the GDP of the states that carry the bilateral trade [USD/day].
    concession_value_usd : dict
        ISO3 -> value of the concession to that side [USD] (scenario input), where given.
    trade_outcomes : DataFrame
        Per replication: ``baseline_usd, delivered_usd, blocked_usd, delayed_usd,
        delay_value_usd_h`` (:func:`borderlever.economics.outcomes.trade_outcomes`, summed over
        modes, directions and partners) [USD; USD h]; empty where not computed.
    """

    trade_at_stake_usd: float
    policy_days: float
    cost_by_country: pd.DataFrame
    gdp_usd: dict[str, float]
    leverage_by_day: pd.DataFrame
    leverage_ratio: list[float]
    cost_by_sector: pd.DataFrame = field(default_factory=pd.DataFrame)
    cost_by_state: pd.DataFrame = field(default_factory=pd.DataFrame)
    notes: list[str] = field(default_factory=list)
    cost_breakdown: pd.DataFrame = field(default_factory=pd.DataFrame)
    static_bounds: pd.DataFrame = field(default_factory=pd.DataFrame)
    cost_by_day: pd.DataFrame = field(default_factory=pd.DataFrame)
    io_table: str = ""
    exposure: pd.DataFrame = field(default_factory=pd.DataFrame)
    state_exposure: pd.DataFrame = field(default_factory=pd.DataFrame)
    concession_value_usd: dict[str, float] = field(default_factory=dict)
    trade_outcomes: pd.DataFrame = field(default_factory=pd.DataFrame)


@dataclass(frozen=True)
class RunOutput:
    """Everything a run produced: the resolved scenario, the frames and their provenance."""

    resolved: ResolvedScenario
    daily: pd.DataFrame
    ports: pd.DataFrame
    engine: str
    hourly: pd.DataFrame | None = None
    economics: EconomicsFigures | None = None
    data_vintages: dict[str, str] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)
    timings_s: dict[str, float] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
