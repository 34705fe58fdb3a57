"""From simulated border flows to the dynamic model's value-added losses, by country, sector, day
and direction; the static Leontief and Ghosh figures beside them.

The simulated ports carry a share ``θ`` of each bilateral flow of the table (their baseline trade,
mapped from HS chapters to WIOD sectors, over the table's flow).  Each day the ports carry ``κ``
of it: served over the no-policy baseline (common random numbers), per direction, neighbour and
sector.  What they could not carry is kept by the buyer with probability ``ρ = δ + (1 - δ) r_p``:
``δ`` the freight the simulation deferred (it physically comes back), ``r_p`` the sector's recovery
share of the freight it cancelled (orders placed again later: durables partly, perishables not).

Each direction's part of a country's loss is its Shapley share over the two directions (both run
together, each alone): the parts add up to the joint loss, and a round trip (US parts in a Mexican
export) is never counted twice.

References
----------
Shapley, L. S. (1953), "A value for n-person games", Contributions to the Theory of Games II:
307-317 (the two-player split used for directions).  Model: :mod:`borderlever.economics.ario`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from borderlever.economics.ario import ArioModel, ArioParams, ArioResult, LinkShock, simulate
from borderlever.economics.production import to_sectors

#: Money in the table is USD million.
TABLE_USD = 1e6
DIRECTIONS = {"import": "northbound", "export": "southbound"}


def sector_daily(flows: pd.DataFrame, values: pd.DataFrame, conc: pd.DataFrame) -> pd.DataFrame:
    """Per replication, day, link and sector: baseline, served and cancelled value [USD/day].

    Parameters
    ----------
    flows : DataFrame
        ``replication, port_code, mode, day, served, cancelled, baseline_arrivals`` and, where the
        simulator gives them, ``baseline_served`` (the no-policy run: the baseline used here).
    values : DataFrame
        :func:`~borderlever.economics.costs.vehicle_values` rows of one direction.
    conc : DataFrame
        :func:`~borderlever.economics.production.load_concordance`.

    Returns
    -------
    DataFrame
        ``replication, day, direction, exporter, importer, sector, base_usd, served_usd,
        cancelled_usd``.
    """
    f = flows.copy()
    base = f["baseline_arrivals"].astype(float)
    if "baseline_served" in f and f["baseline_served"].notna().all():
        base = f["baseline_served"].astype(float)
    f["base"] = base
    m = f.merge(values, on=["port_code", "mode"])
    if m.empty:
        cols = ["replication", "day", "direction", "exporter", "importer", "sector"]
        return pd.DataFrame(columns=[*cols, "base_usd", "served_usd", "cancelled_usd"])
    v = m["value_usd_per_vehicle"]
    is_imp = m["direction"] == "import"
    m["exporter"] = np.where(is_imp, m["country"], "USA")
    m["importer"] = np.where(is_imp, "USA", m["country"])
    keys = ["replication", "day", "direction", "exporter", "importer"]
    usd = {"base_usd": "base", "served_usd": "served", "cancelled_usd": "cancelled"}
    for col, src in usd.items():
        m[col] = m[src] * v
    # the three value columns go through the concordance together (to_sectors, column-wise)
    by_hs2 = m.groupby([*keys, "hs2"], as_index=False)[list(usd)].sum()
    _check_chapters(by_hs2, conc)
    merged = by_hs2.merge(conc[["hs2", "wiod_sector", "share"]], on="hs2")
    for col in usd:
        merged[col] = merged[col] * merged["share"]
    merged = merged.rename(columns={"wiod_sector": "sector"})
    out = merged.groupby([*keys, "sector"], as_index=False)[list(usd)].sum()
    return out.fillna(0.0)


def _check_chapters(by_hs2: pd.DataFrame, conc: pd.DataFrame) -> None:
    """The error of :func:`~borderlever.economics.production.to_sectors` for unknown chapters."""
    probe = by_hs2[["hs2"]].drop_duplicates().assign(exporter="", importer="", value_usd=0.0)
    to_sectors(probe, conc)


#: Registry groups of WIOD sectors (buffer days and recovery shares are set per group).
BUFFER_GROUPS: dict[str, tuple[str, ...]] = {
    "agri_food": ("c1", "c3"),
    "mining_energy": ("c2", "c8"),
    "materials": ("c4", "c5", "c6", "c7", "c9", "c10", "c11", "c12"),
    "machinery_electronics": ("c13", "c14"),
    "vehicles": ("c15",),
    "other_manufacturing": ("c16",),
}
RECOVERY_GROUPS: dict[str, tuple[str, ...]] = {
    "perishables": ("c1", "c3"),
    "mining_energy": ("c2", "c8"),
    "materials": BUFFER_GROUPS["materials"],
    "durables": ("c13", "c14", "c15", "c16"),
    "services": tuple(f"c{i}" for i in range(17, 36)),
}


def recovery_shares(values: Mapping[str, float]) -> dict[str, float]:
    """Sector -> recovery share from ``economics.recovery_share.<group>`` values [0-1]."""
    return {
        s: float(values[f"economics.recovery_share.{g}"])
        for g, sectors in RECOVERY_GROUPS.items()
        for s in sectors
    }


def ario_params(values: Mapping[str, float]) -> ArioParams:
    """The dynamic model's parameters from one run's registry values
    (:func:`borderlever.parameters.resolve`).

    Examples
    --------
    >>> from borderlever.parameters import resolve
    >>> p = ario_params(resolve())
    >>> p.buffer_days["c15"], p.recovery_share["c3"]
    (3.0, 0.0)
    """
    return ArioParams(
        buffer_days={
            s: float(values[f"economics.buffer_days.{g}"])
            for g, sectors in BUFFER_GROUPS.items()
            for s in sectors
        },
        restoration_days=float(values["economics.inventory_restoration_days"]),
        psi=float(values["economics.stock_heterogeneity_psi"]),
        overproduction_max=float(values["economics.overproduction_max"]),
        overproduction_days=float(values["economics.overproduction_days"]),
        headroom=float(values["economics.border_catchup_headroom"]),
        recovery_share=recovery_shares(values),
    )


def table_flows(model: ArioModel) -> np.ndarray:
    """(R, R, P) the table's daily flow of product p from region a to region b [USD/day]."""
    R, P = len(model.regions), len(model.products)
    out = np.zeros((R, R, P))
    for b in range(R):
        users = model.reg == b
        for a in range(R):
            rows = model.reg == a
            flow = model.Z[np.ix_(rows, users)].sum(axis=1) + model.F[rows, b]
            out[a, b, model.prod[rows]] += flow
    return out * TABLE_USD


@dataclass(frozen=True)
class Links:
    """The simulated ports as links of the table: ``theta`` (R, R, P), and per replication the
    daily capacity and retention arrays (T, R, R, P) for each direction; notes on the stretch."""

    theta: np.ndarray
    capacity: dict[tuple[int, str], np.ndarray]
    retain: dict[tuple[int, str], np.ndarray]
    days: int
    notes: list[tuple[str, str, str]]


def build_links(
    model: ArioModel, daily: pd.DataFrame, recovery: Mapping[str, float], horizon_days: int
) -> Links:
    """Links of the simulated ports from :func:`sector_daily` rows of both directions.

    ``θ = mean daily baseline value through the ports / table flow`` (capped at 1, noted);
    ``κ_t = served / baseline`` (1 where the baseline is 0); ``ρ = δ + (1 - δ) r_p`` with ``δ`` the
    share of the unserved value that was not cancelled, per replication, direction and link.
    """
    R, P = len(model.regions), len(model.products)
    flows = table_flows(model)
    ri = {r: i for i, r in enumerate(model.regions)}
    pi = {p: i for i, p in enumerate(model.products)}
    d = daily[daily["exporter"].isin(ri) & daily["importer"].isin(ri)]
    d = d[d["sector"].isin(pi)]
    a = d["exporter"].map(ri).to_numpy(int)
    b = d["importer"].map(ri).to_numpy(int)
    p = d["sector"].map(pi).to_numpy(int)
    n_days = max(horizon_days, int(d["day"].max()) + 1 if len(d) else 0)
    reps = sorted(set(d["replication"])) or [0]
    base_sum = np.zeros((R, R, P))
    np.add.at(base_sum, (a, b, p), d["base_usd"].to_numpy(float))
    base_day = base_sum / (len(reps) * max(n_days, 1))
    theta = np.where(flows > 0, base_day / np.where(flows > 0, flows, 1.0), 0.0)
    notes = [
        (
            "io_scaling",
            f"{model.regions[i]}->{model.regions[j]} {model.products[k]}",
            f"simulated ports carry {theta[i, j, k]:.2f} of the table's flow: capped at 1",
        )
        for i, j, k in zip(*np.nonzero(theta > 1.0), strict=True)
    ]
    theta = np.clip(theta, 0.0, 1.0)
    r_p = np.array([recovery.get(s, 0.0) for s in model.products])
    capacity, retain = {}, {}
    for key, g in d.groupby(["replication", "direction"]):
        rep, direction = int(key[0]), str(key[1])  # type: ignore[call-overload]
        idx = (
            g["day"].to_numpy(int),
            g["exporter"].map(ri).to_numpy(int),
            g["importer"].map(ri).to_numpy(int),
            g["sector"].map(pi).to_numpy(int),
        )
        base = np.zeros((n_days, R, R, P))
        served = np.zeros_like(base)
        np.add.at(base, idx, g["base_usd"].to_numpy(float))
        np.add.at(served, idx, g["served_usd"].to_numpy(float))
        kap = np.where(base > 0, served / np.where(base > 0, base, 1.0), 1.0)
        short = np.clip(base - served, 0.0, None).sum(axis=(0, 3))
        cancelled = np.zeros((R, R))
        np.add.at(cancelled, idx[1:3], g["cancelled_usd"].to_numpy(float))
        delta = np.where(
            short > 0, 1.0 - np.minimum(1.0, cancelled / np.where(short > 0, short, 1)), 1.0
        )
        rho = delta[:, :, None] + (1.0 - delta[:, :, None]) * r_p[None, None, :]
        capacity[(rep, direction)] = kap
        retain[(rep, direction)] = np.broadcast_to(rho, base.shape)
    return Links(theta, capacity, retain, n_days, notes)


def _shock(links: Links, rep: int, directions: tuple[str, ...]) -> LinkShock:
    shape = (links.days, *links.theta.shape)
    cap, ret = np.ones(shape), np.ones(shape)
    for direction in directions:
        if (rep, direction) in links.capacity:
            mask = links.capacity[(rep, direction)] != 1.0
            cap = np.where(mask, links.capacity[(rep, direction)], cap)
            ret = np.where(mask, links.retain[(rep, direction)], ret)
    return LinkShock(cap, ret, links.theta)


def _same(a: LinkShock, b: LinkShock) -> bool:
    return np.array_equal(a.capacity, b.capacity) and np.array_equal(a.retain, b.retain)


def _direction_runs(
    model: ArioModel, links: Links, params: ArioParams, rep: int
) -> dict[tuple[str, ...], ArioResult]:
    """The model run on both directions' shock and on each alone; a shock equal to one already
    run (a one-way policy: both directions' shock is the one direction's) reuses its result."""
    runs: dict[tuple[str, ...], ArioResult] = {}
    done: list[tuple[LinkShock, ArioResult]] = []
    for key in (("import",), ("export",), ("import", "export")):
        shock = _shock(links, rep, key)
        hit = next((res for old, res in done if _same(old, shock)), None)
        runs[key] = hit if hit is not None else simulate(model, shock, params)
        done.append((shock, runs[key]))
    return runs


@dataclass(frozen=True)
class DynamicLosses:
    """Per replication: ``by_sector`` (region, sector, va_loss_usd, output_loss_usd), ``by_day``
    (day, region, va_loss_usd), ``by_direction`` (region, northbound_usd, southbound_usd) [USD]."""

    by_sector: pd.DataFrame
    by_day: pd.DataFrame
    by_direction: pd.DataFrame


def dynamic_losses(
    model: ArioModel, links: Links, params: ArioParams, replications: list[int]
) -> DynamicLosses:
    """Run the dynamic model per replication: both directions, and each alone for the split."""
    sec, day, dirs = [], [], []
    regions = np.array(model.regions)[model.reg]
    for rep in replications:
        runs = _direction_runs(model, links, params, rep)
        both = runs[("import", "export")]
        va = both.va_loss * TABLE_USD
        sec.append(
            pd.DataFrame(
                {
                    "replication": rep,
                    "region": regions,
                    "sector": model.io.sectors,
                    "va_loss_usd": va.sum(axis=0),
                    "output_loss_usd": both.output_loss.sum(axis=0) * TABLE_USD,
                }
            )
        )
        by_region = pd.DataFrame(va.T, index=regions).groupby(level=0).sum().T
        long = pd.Series(by_region.stack(), name="va_loss_usd").reset_index()
        day.append(
            long.rename(columns={"level_0": "day", "level_1": "region"}).assign(replication=rep)
        )
        total = {
            k: pd.Series(r.va_loss.sum(axis=0) * TABLE_USD, index=regions).groupby(level=0).sum()
            for k, r in runs.items()
        }
        north = 0.5 * (total[("import",)] + total[("import", "export")] - total[("export",)])
        south = total[("import", "export")] - north
        dirs.append(
            pd.DataFrame(
                {
                    "replication": rep,
                    "region": north.index,
                    "northbound_usd": north.to_numpy(),
                    "southbound_usd": south.to_numpy(),
                }
            )
        )
    return DynamicLosses(
        pd.concat(sec, ignore_index=True),
        pd.concat(day, ignore_index=True)[["replication", "day", "region", "va_loss_usd"]],
        pd.concat(dirs, ignore_index=True),
    )
