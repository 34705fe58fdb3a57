"""Production losses: trade shocks propagated through the USA/MEX/CAN/ROW input-output table.

Two channels, reported side by side (never silently summed into one "true" number):

- **Demand side (Leontief), the exporter's loss.**  Exports that never cross (``lost_usd``, the
  cancelled trade) are a fall in final demand for the exporting sector:
  ``Δf[exporter, s] = -lost``, ``Δx = L Δf`` in every region (a Mexican export lost also cuts the
  US inputs it embodied).
- **Supply side (Ghosh with inventory buffers), the importer's loss.**  Imports that do not arrive
  during the disruption (lost plus deferred trade) are missing inputs of the importing sectors.
  The missing delivery of exporter sector i is split over the importer's using sectors j in
  proportion to the table's flows ``Z[exporter_i, importer_j]`` (the part bought by the importer's
  final demand is a consumption loss, not a production loss, and is reported apart).  Each using
  sector holds ``buffer_days`` of inputs, so only the share ``max(0, 1 - buffer_days /
  disruption_days)`` of its missing inputs stops production (a simple inoperability buffer).
  Missing inputs enter as a cut in the using sector's primary inputs (imports are primary inputs
  in the supply-driven view) and ``Δx' = Δv' G`` spreads the loss forward to its customers.

Scaling: the table's coefficients (A, B, L, G) are unit-free, so shocks are given in current USD
from TransBorder values (2023) and applied to the 2011 structure; the results are current USD.
:func:`bilateral_flows` reports the table's 2011 bilateral flows beside current trade so the
reader sees how far the structure is stretched.

Limits: 2011 structure; fixed coefficients (no substitution of suppliers or inputs, no price
effects); output losses are not recovered later; the two channels may overlap.

References
----------
Miller, R. E. and Blair, P. D. (2009), Input-Output Analysis, 2nd ed., ch. 2 and 12.
Santos, J. R. and Haimes, Y. Y. (2004), "Modeling the demand reduction input-output (I-O)
inoperability due to terrorism of interconnected infrastructures", Risk Analysis 24(6); Barker,
K. and Santos, J. R. (2010), "Measuring the efficacy of inventory with a dynamic input-output
model", Int. J. Production Economics 126(1) (inventory buffers in inoperability models).
"""

from __future__ import annotations

from importlib import resources

import numpy as np
import pandas as pd

from borderlever.economics.inputoutput import IOTable, ghosh_shock, leontief_shock
from borderlever.economics.params import EconParams
from borderlever.errors import DataError

CONCORDANCE_FILE = "hs2_wiod2013.csv"


def load_concordance(hs84_to_c14_share: float | None = None) -> pd.DataFrame:
    """HS chapter -> WIOD 2013 sector concordance (``economics/data/hs2_wiod2013.csv``).

    Parameters
    ----------
    hs84_to_c14_share : float, optional
        Share of chapter 84 that is computers and their parts (HS 8471/8473, ISIC 30 = WIOD c14)
        [0-1]; default the file's (the registry default ``economics.hs84_to_c14_share``).

    Returns
    -------
    DataFrame
        ``hs2, hs2_label, wiod_sector, share, basis``; shares sum to 1 per chapter.

    Examples
    --------
    >>> c = load_concordance()
    >>> c.loc[c["hs2"] == "87", "wiod_sector"].tolist()
    ['c15']
    >>> load_concordance(0.4).query("hs2 == '84'")[["wiod_sector", "share"]].to_numpy().tolist()
    [['c13', 0.6], ['c14', 0.4]]
    """
    text = resources.files("borderlever.economics").joinpath("data", CONCORDANCE_FILE)
    with text.open("r", encoding="utf-8") as fh:
        out = pd.read_csv(fh, dtype={"hs2": str, "wiod_sector": str})
    if hs84_to_c14_share is not None:
        ch84 = out["hs2"] == "84"
        out.loc[ch84 & (out["wiod_sector"] == "c14"), "share"] = float(hs84_to_c14_share)
        out.loc[ch84 & (out["wiod_sector"] == "c13"), "share"] = 1.0 - float(hs84_to_c14_share)
    total = out.groupby("hs2")["share"].sum()
    if not np.allclose(total.to_numpy(), 1.0):
        bad = total[~np.isclose(total, 1.0)].index.tolist()
        raise DataError(
            "concordance shares do not sum to 1",
            file=CONCORDANCE_FILE,
            row=None,
            column="share",
            expected=f"1.0 for chapters {bad}",
        )
    return out


def to_sectors(trade_by_hs2: pd.DataFrame, concordance: pd.DataFrame) -> pd.DataFrame:
    """Map ``value_usd`` by HS2 to WIOD sectors with the concordance shares.

    Parameters
    ----------
    trade_by_hs2 : DataFrame
        ``exporter, importer, hs2, value_usd`` (any extra key columns are kept).

    Returns
    -------
    DataFrame
        Same keys with ``sector`` instead of ``hs2``.

    Raises
    ------
    DataError
        An HS2 chapter missing from the concordance.
    """
    unknown = sorted(set(trade_by_hs2["hs2"]) - set(concordance["hs2"]))
    if unknown:
        raise DataError(
            f"HS chapters {unknown} not in the concordance",
            file=CONCORDANCE_FILE,
            expected="hs2 codes 01-99",
        )
    merged = trade_by_hs2.merge(concordance[["hs2", "wiod_sector", "share"]], on="hs2")
    merged["value_usd"] = merged["value_usd"] * merged["share"]
    keys = [c for c in trade_by_hs2.columns if c not in ("hs2", "value_usd")]
    out = merged.rename(columns={"wiod_sector": "sector"})
    return out.groupby([*keys, "sector"], as_index=False)[["value_usd"]].sum()


def demand_shock_vector(io: IOTable, lost: pd.DataFrame) -> np.ndarray:
    """``Δf``: lost exports as negative final demand of ``exporter_sector`` [USD]."""
    delta_f = np.zeros(len(io.labels))
    for exporter, sector, value in lost[["exporter", "sector", "value_usd"]].itertuples(
        index=False
    ):
        delta_f[io.index(exporter, sector)] -= value
    return delta_f


def supply_shock_vector(
    io: IOTable, missing: pd.DataFrame, disruption_days: float, params: EconParams
) -> tuple[np.ndarray, float]:
    """``Δv``: missing imported inputs as cuts in the using sectors' primary inputs [USD].

    Returns
    -------
    delta_v : ndarray
        Negative entries at the importer's using sectors, after inventory buffers.
    final_demand_usd : float
        The part of the missing imports bought by the importer's final demand [USD].
    """
    delta_v = np.zeros(len(io.labels))
    regions = io.regions
    final_usd = 0.0
    rows = missing[["exporter", "importer", "sector", "value_usd"]].itertuples(index=False)
    for exporter, importer, sector, value in rows:
        if value == 0:
            continue
        i = io.index(exporter, sector)
        users = regions == importer
        z = io.Z[i, users]
        y = io.Y[i, io.y_region_columns(importer)].sum() if len(io.y_labels) else 0.0
        total = z.sum() + max(y, 0.0)
        if total <= 0:
            continue
        final_usd += value * max(y, 0.0) / total
        pass_through = np.array(
            [_pass_through(params.buffer_days(s), disruption_days) for s in io.sectors[users]]
        )
        delta_v[users] -= value * z / total * pass_through
    return delta_v, final_usd


def _pass_through(buffer_days: float, disruption_days: float) -> float:
    if disruption_days <= 0:
        return 0.0
    return max(0.0, 1.0 - buffer_days / disruption_days)


def production_losses(
    io: IOTable,
    lost: pd.DataFrame,
    missing: pd.DataFrame,
    disruption_days: float,
    params: EconParams,
) -> tuple[pd.DataFrame, float]:
    """Output and value-added losses by region and sector, both channels [USD, positive = loss].

    Parameters
    ----------
    io : IOTable
        USA/MEX/CAN/ROW table.
    lost : DataFrame
        ``exporter, importer, sector, value_usd``: exports that never cross (demand side).
    missing : DataFrame
        Same columns: imports that do not arrive during the disruption (supply side).
    disruption_days : float
        Days with trade deferred, cancelled or diverted [days].
    params : EconParams
        Inventory buffers.

    Returns
    -------
    losses : DataFrame
        ``region, sector, output_loss_demand_usd, output_loss_supply_usd, va_loss_demand_usd,
        va_loss_supply_usd``.
    final_demand_usd : float
        Missing imports that were bound for final demand (a consumption loss) [USD].
    """
    dx_d = leontief_shock(io, demand_shock_vector(io, lost))
    delta_v, final_usd = supply_shock_vector(io, missing, disruption_days, params)
    dx_s = ghosh_shock(io, delta_v)
    va = io.va_coefficients
    out = pd.DataFrame(
        {
            "region": io.regions,
            "sector": io.sectors,
            "output_loss_demand_usd": -dx_d,
            "output_loss_supply_usd": -dx_s,
            "va_loss_demand_usd": -dx_d * va,
            "va_loss_supply_usd": -dx_s * va,
        }
    )
    return out, final_usd


def bilateral_flows(io: IOTable, exporter: str, importer: str) -> float:
    """Table flow from ``exporter`` to ``importer``: intermediate + final [table units]."""
    rows = io.regions == exporter
    z = io.Z[np.ix_(rows, io.regions == importer)].sum()
    y = io.Y[np.ix_(rows, io.y_region_columns(importer))].sum() if len(io.y_labels) else 0.0
    return float(z + y)
