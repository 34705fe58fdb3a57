"""The cost of passenger trips that did not happen: cross-border shoppers and commuting workers.

Closing a port to passenger traffic stops Mexican shoppers from spending in US border counties and
Mexican residents from reaching their jobs in the US.  Per replication and day, for the simulated
US-Mexico ports (Schedule D districts 23-26), this module counts the person-trips the same-seed
no-policy run made and the policy run did not (``(baseline_served - served) x persons per unit``,
summed over ports and passenger classes, so a traveller diverted to another simulated port is not
lost; trips deferred and made later within the horizon are not lost either), and prices them:

- **shopping** (USA, border-county retailers): lost trips x (1 - commuter share) x spending per
  crossing x share of that spending not made up later x retail value added per dollar of sales;
- **commuter wages** (MEX, workers' households): lost trips x commuter share x daily wage.

Trips that travellers forgo because the posted wait is long (the engine's ``forgone`` column,
``behaviour.forgo_cost_elasticity``) are discretionary trips (shopping, visits): a commuter does
not skip a day's work over the posted wait.  Up to the day's lost trips, the forgone ones are
priced as shopping trips only (no commuter share, no wage); the rest at the blend above.

A policy that leaves passengers alone (a commercial-only closure) or changes nothing costs exactly 0
here.  US-Canada passenger trips are not priced: no sourced spending figure for Canadian visitors is
in the registry (said in the run's notes).  US employers' lost output from absent commuters is not
counted (a lower bound).

Every number is a registry row ``economics.passenger.*``; :meth:`PassengerParams.from_parameters`
reads them from one run's resolved mapping.

References
----------
Coronado, R. A. and Phillips, K. R. (2012), "Dollar-Sensitive Mexican Shoppers Boost Texas Border
Retail Activity", Federal Reserve Bank of Dallas, Southwest Economy, Q4 2012 (more than $4.5 bn a
year; 70 million crossings into Texas in 2011).
Charney, A. H. and Pavlakovich-Kochi, V. (2002), The Economic Impacts of Mexican Visitors to
Arizona: 2001, University of Arizona (work the main reason of 14 % of visitor parties).
BTS Border Crossing Entry Data (persons per personal vehicle and per bus).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

#: Passenger classes of the simulator and the registry row giving persons per unit.
PERSONS_PER_UNIT: dict[str, str | None] = {
    "pov_standard": "persons_per_vehicle",
    "pov_ready": "persons_per_vehicle",
    "pov_sentri": "persons_per_vehicle",
    "pedestrian": None,  # one person
    "bus": "persons_per_bus",
}
#: Schedule D districts on the US-Mexico border (Laredo, El Paso, San Diego, Nogales).
MEXICO_DISTRICTS: tuple[str, ...] = ("23", "24", "25", "26")
PREFIX = "economics.passenger."
FIELDS = (
    "persons_per_vehicle",
    "persons_per_bus",
    "spending_usd_per_crossing_2011",
    "price_level_2011_to_trade_year",
    "spending_lost_share",
    "retail_value_added_share",
    "commuter_share",
    "commuter_wage_usd_per_day",
)
COST_COLUMNS = [
    "replication",
    "port_code",
    "mode",
    "day",
    "direction",
    "component",
    "role",
    "country",
    "cost_usd",
]


@dataclass(frozen=True)
class PassengerParams:
    """The ``economics.passenger.*`` registry values of one run (units in the registry).

    Examples
    --------
    >>> p = PassengerParams.defaults()
    >>> round(p.shopping_usd_per_trip(), 2) > 0, p.wage_usd_per_trip() > 0
    (True, True)
    """

    persons_per_vehicle: float
    persons_per_bus: float
    spending_usd_per_crossing_2011: float
    price_level_2011_to_trade_year: float
    spending_lost_share: float
    retail_value_added_share: float
    commuter_share: float
    commuter_wage_usd_per_day: float

    @classmethod
    def from_parameters(cls, values: Mapping[str, float]) -> PassengerParams:
        """From a resolved parameter mapping (:func:`borderlever.parameters.resolve`).

        Raises
        ------
        ConfigError
            A value is missing, negative, or a share lies outside [0, 1].
        """
        from borderlever.errors import ConfigError

        out = {}
        for name in FIELDS:
            key = PREFIX + name
            if key not in values:
                raise ConfigError(f"parameter {key} missing from the resolved parameters")
            v = float(values[key])
            if v < 0 or (name.endswith("_share") and v > 1):
                raise ConfigError(f"parameter {key} = {v}: outside its physical range")
            out[name] = v
        return cls(**out)

    @classmethod
    def defaults(cls) -> PassengerParams:
        """The registry defaults."""
        from borderlever.parameters import resolve

        return cls.from_parameters(resolve())

    def shopping_usd_per_trip(self) -> float:
        """US value added lost per person-trip not made [USD, trade-year prices]."""
        return (1.0 - self.commuter_share) * self.shopping_usd_per_shopping_trip()

    def shopping_usd_per_shopping_trip(self) -> float:
        """US value added lost per discretionary (shopping) trip not made [USD]: a trip
        forgone over the posted wait, which no commuter makes."""
        spend = self.spending_usd_per_crossing_2011 * self.price_level_2011_to_trade_year
        return spend * self.spending_lost_share * self.retail_value_added_share

    def wage_usd_per_trip(self) -> float:
        """Commuters' wages lost per person-trip not made [USD]."""
        return self.commuter_share * self.commuter_wage_usd_per_day


def lost_person_trips(daily_df: pd.DataFrame, params: PassengerParams) -> pd.DataFrame:
    """Person-trips into the US not made because of the policy, per replication and day.

    Over the US-Mexico ports and passenger classes of ``daily_df``: the running gap
    ``sum(baseline_served - served) x persons per unit`` clipped at 0; a day's lost trips are the
    increase of that clipped gap (so trips made up later reduce it, and the total is the gap at the
    horizon).  Zero where ``daily_df`` lacks the simulator's ``baseline_served``.

    ``forgone_trips``: of a day's lost trips (when positive), those travellers forwent because
    of the posted wait (the engine's ``forgone`` x persons per unit, at most ``lost_trips``); 0
    where ``daily_df`` has no ``forgone`` column.

    Returns
    -------
    DataFrame
        ``replication, day, lost_trips, forgone_trips`` [persons].

    Examples
    --------
    >>> d = pd.DataFrame({"replication": 0, "port_code": "2304", "vehicle_class": "pedestrian",
    ...     "day": [0, 1, 2], "served": [0.0, 50.0, 150.0], "baseline_served": 100.0})
    >>> lost_person_trips(d, PassengerParams.defaults())["lost_trips"].tolist()
    [100.0, 50.0, -50.0]
    """
    cols = ["replication", "day", "lost_trips", "forgone_trips"]
    if "baseline_served" not in daily_df.columns or daily_df.empty:
        return pd.DataFrame(columns=cols)
    d = daily_df[daily_df["vehicle_class"].isin(list(PERSONS_PER_UNIT))]
    d = d[d["port_code"].astype(str).str.zfill(4).str[:2].isin(MEXICO_DISTRICTS)]
    if d.empty:
        return pd.DataFrame(columns=cols)
    per = d["vehicle_class"].map(
        {k: (getattr(params, v) if v else 1.0) for k, v in PERSONS_PER_UNIT.items()}
    )
    base = d["baseline_served"].to_numpy(dtype=float)
    gap = np.where(np.isfinite(base), base - d["served"].to_numpy(dtype=float), 0.0) * per
    forgone = (
        d["forgone"].to_numpy(dtype=float).clip(min=0.0) * per
        if "forgone" in d.columns
        else np.zeros(len(d))
    )
    g = (
        d.assign(gap=gap, forgone=forgone)
        .groupby(["replication", "day"], as_index=False)[["gap", "forgone"]]
        .sum()
    )
    g = g.sort_values(by=["replication", "day"])
    running = g.groupby("replication")["gap"].cumsum().clip(lower=0.0)
    g["lost_trips"] = running.groupby(g["replication"]).diff().fillna(running)
    g["forgone_trips"] = np.minimum(g["forgone"], g["lost_trips"].clip(lower=0.0))
    return g[cols].reset_index(drop=True)


def passenger_costs(daily_df: pd.DataFrame, params: PassengerParams) -> pd.DataFrame:
    """Costs of lost person-trips, in the long shape of the freight costs frame [USD].

    Rows per replication and day: component ``shopping`` (USA, role ``retailer``) and
    ``commuter_wages`` (MEX, role ``worker``); ``port_code`` ``'MX'`` (all US-Mexico ports),
    ``mode`` ``'passenger'``, ``direction`` ``'import'`` (northbound).  A day on which deferred
    travellers make up trips has a negative cost (spending recovered); each replication's total is
    >= 0.

    Examples
    --------
    >>> d = pd.DataFrame({"replication": 0, "port_code": "2304", "vehicle_class": "pedestrian",
    ...     "day": [0, 1], "served": [0.0, 100.0], "baseline_served": 100.0})
    >>> c = passenger_costs(d, PassengerParams.defaults())
    >>> sorted(set(c["country"])), bool(c["cost_usd"].sum() > 0)
    (['MEX', 'USA'], True)
    """
    lost = lost_person_trips(daily_df, params)
    if lost.empty:
        return pd.DataFrame(columns=COST_COLUMNS)
    parts = []
    forgone = lost["forgone_trips"].to_numpy(dtype=float)
    blended = lost["lost_trips"].to_numpy(dtype=float) - forgone
    for component, role, country, cost in (
        (
            "shopping",
            "retailer",
            "USA",
            blended * params.shopping_usd_per_trip()
            + forgone * params.shopping_usd_per_shopping_trip(),
        ),
        ("commuter_wages", "worker", "MEX", blended * params.wage_usd_per_trip()),
    ):
        parts.append(
            lost.assign(
                port_code="MX",
                mode="passenger",
                direction="import",
                component=component,
                role=role,
                country=country,
                cost_usd=cost,
            )
        )
    return pd.concat(parts, ignore_index=True)[COST_COLUMNS]


def with_passenger_costs(
    costs: pd.DataFrame, daily_df: pd.DataFrame, params: object, notes: list
) -> pd.DataFrame:
    """``costs`` (the freight costs frame) with the passenger costs of ``daily_df`` appended.

    ``params`` is the run's :class:`~borderlever.economics.params.EconParams`; its
    ``passengers`` (registry defaults where absent) price the trips.  Adds a note to ``notes``
    where US-Canada passenger trips were simulated (not priced).
    """
    pp = getattr(params, "passengers", None) or PassengerParams.defaults()
    extra = passenger_costs(daily_df, pp)
    codes = daily_df.loc[daily_df["vehicle_class"].isin(list(PERSONS_PER_UNIT)), "port_code"]
    if (~codes.astype(str).str.zfill(4).str[:2].isin(MEXICO_DISTRICTS)).any():
        notes.append(
            (
                "assumption",
                "passengers",
                "passenger trips lost at US-Canada ports are not priced (no sourced spending "
                "figure for Canadian visitors in the parameter registry)",
            )
        )
    if extra.empty:
        return costs
    return pd.concat([costs, extra.astype({"cost_usd": float})], ignore_index=True)


__all__ = [
    "MEXICO_DISTRICTS",
    "PERSONS_PER_UNIT",
    "PassengerParams",
    "lost_person_trips",
    "passenger_costs",
    "with_passenger_costs",
]
