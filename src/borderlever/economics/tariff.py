"""Tariffs as a lever: duties, importer and consumer burden, the exporter's lost sales, per day.

Partial equilibrium per HS chapter and direction, with constant-elasticity import demand in the
tariff-inclusive price (the form the 2018-19 tariff studies estimate).  A tariff ``tau`` on the
customs value of goods from one exporter, with pass-through ``phi`` to the importer's price:

- importer price factor ``P = (1 + tau) ** phi``; exporter (pre-duty) price factor
  ``Q = (1 + tau) ** -(1 - phi)``, so that ``P / Q = 1 + tau``;
- quantity factor ``X = P ** -eps`` (``eps``: import-demand elasticity of the chapter);
- duties collected ``tau * V * X * Q`` (customs value is the exporter's price);
- importer and consumer burden on what is still bought ``V * X * (P - 1)``, plus the deadweight
  triangle on what is no longer bought ``(P - 1) * V * (1 - X) / 2``;
- the exporter's price (terms-of-trade) loss ``V * X * (1 - Q)`` and its lost sales
  ``V * (1 - X)`` at pre-tariff prices; lost sales enter the input-output table as a fall in final
  demand for the exporter's sector (the same Leontief channel as closures' cancelled trade).

Net cost to a country (what ``levers.tariff.cost_usd_per_day`` reports): as importer, burden plus
deadweight loss less the duties its government collects (a transfer within the country); as
exporter, the price loss plus the value added lost through the input-output table.  Gross burden
and duties are reported apart, because that is what the 2018-19 studies quote.

With ``phi = 1`` (complete pass-through) the burden equals the duties, the exporter's price is
unchanged, and the importer's net cost is the deadweight loss alone.

References
----------
Amiti, M., Redding, S. J. and Weinstein, D. E. (2019), "The impact of the 2018 tariffs on prices
and welfare", Journal of Economic Perspectives 33(4): 187-210 (complete pass-through; burden and
deadweight loss).
Fajgelbaum, P. D., Goldberg, P. K., Kennedy, P. J. and Khandelwal, A. K. (2020), "The return to
protectionism", Quarterly Journal of Economics 135(1): 1-55 (complete pass-through; import
demand elasticity 2.53 across varieties).
Cavallo, A., Gopinath, G., Neiman, B. and Tang, J. (2021), "Tariff pass-through at the border and
at the store", AER: Insights 3(1): 19-34 (near-complete pass-through at the border; US exporters
absorbed part of the retaliatory tariffs).
Caliendo, L. and Parro, F. (2015), "Estimates of the trade and welfare effects of NAFTA", Review of
Economic Studies 82(1): 1-44, Table 1 (sector trade elasticities).
Boehm, C. E., Levchenko, A. A. and Pandalai-Nayar, N. (2023), "The long and short (run) of trade
elasticities", American Economic Review 113(4): 861-905 (short-run elasticities well below
long-run ones).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

import numpy as np
import pandas as pd

TARIFF_TABLE = "tariff_hs2.csv"
FLOW_COLUMNS = ("exporter", "importer", "hs2", "value_usd_per_day")
EFFECT_COLUMNS = (
    "duty_usd",
    "burden_usd",
    "deadweight_usd",
    "price_loss_usd",
    "lost_sales_usd",
)


@dataclass(frozen=True)
class TariffParams:
    """Parameters of the tariff pricing (registry rows ``tariff.*``).

    Attributes
    ----------
    pass_through : float
        Share of a US tariff passed into US import prices [0-1].
    retaliation_pass_through : float
        Share of a partner's retaliatory tariff passed into its import prices [0-1].
    elasticity_ratio : float
        Short-run import-demand elasticity as a share of the long-run sector trade elasticity
        (Caliendo & Parro 2015) [-].
    """

    pass_through: float = 1.0
    retaliation_pass_through: float = 0.9
    elasticity_ratio: float = 0.38


def load_tariff_table() -> pd.DataFrame:
    """Per HS chapter: section, Caliendo-Parro sector and ``theta`` (s.e.), GTAP sector.

    Examples
    --------
    >>> t = load_tariff_table()
    >>> row = t.set_index("hs2").loc["87"]
    >>> str(row["cp_sector"]), float(row["theta"])
    ('Auto', 1.01)
    """
    text = resources.files("borderlever.economics").joinpath("data", TARIFF_TABLE)
    with text.open("r", encoding="utf-8") as fh:
        return pd.read_csv(fh, dtype={"hs2": str, "hs_section": str})


def tariff_effects(
    value_usd: np.ndarray,
    rate: float,
    pass_through: float,
    elasticity: np.ndarray,
) -> dict[str, np.ndarray]:
    """Duties, burden, deadweight loss, exporter price loss and lost sales of one tariff [USD].

    Parameters
    ----------
    value_usd : ndarray
        Pre-tariff value of the covered imports, per chapter [USD] (any period).
    rate : float
        Ad valorem rate [fraction of customs value].
    pass_through : float
        Share of the tariff in the importer's price, ``phi`` in [0, 1].
    elasticity : ndarray
        Import-demand elasticity per chapter [-], positive.

    Returns
    -------
    dict of ndarray
        ``duty_usd, burden_usd, deadweight_usd, price_loss_usd, lost_sales_usd``, all >= 0.

    References
    ----------
    Amiti, Redding & Weinstein (2019), JEP 33(4), section III (burden and deadweight loss).

    Examples
    --------
    >>> e = tariff_effects(np.array([100.0]), 0.25, 1.0, np.array([2.0]))
    >>> round(float(e["duty_usd"][0]), 2), round(float(e["lost_sales_usd"][0]), 2)
    (16.0, 36.0)
    >>> bool(np.isclose(e["burden_usd"][0], e["duty_usd"][0]))
    True
    """
    v = np.asarray(value_usd, dtype=float)
    p = (1.0 + rate) ** pass_through
    q = (1.0 + rate) ** -(1.0 - pass_through)
    x = p ** -np.asarray(elasticity, dtype=float)
    return {
        "duty_usd": rate * v * x * q,
        "burden_usd": v * x * (p - 1.0),
        "deadweight_usd": 0.5 * (p - 1.0) * v * (1.0 - x),
        "price_loss_usd": v * x * (1.0 - q),
        "lost_sales_usd": v * (1.0 - x),
    }


def covered_share(
    hs2: pd.Series,
    chapters: list[str] | None,
    excluded: list[str],
    usmca_share: pd.Series | None,
) -> np.ndarray:
    """Share of each chapter's value the tariff covers [0-1]: scope times (1 - USMCA share).

    Examples
    --------
    >>> covered_share(pd.Series(["01", "87"]), ["87"], [], pd.Series({"87": 0.75})).tolist()
    [0.0, 0.25]
    """
    codes = hs2.astype(str)
    inside = codes.isin(chapters) if chapters is not None else pd.Series(True, index=codes.index)
    inside &= ~codes.isin(excluded)
    share = np.where(inside, 1.0, 0.0)
    if usmca_share is not None:
        share = share * (1.0 - codes.map(usmca_share).fillna(0.0).to_numpy(dtype=float))
    return np.asarray(share, dtype=float)


def elasticities(hs2: pd.Series, ratio: float, table: pd.DataFrame | None = None) -> np.ndarray:
    """Short-run import-demand elasticity per chapter: ``ratio * theta`` (Caliendo & Parro) [-].

    Examples
    --------
    >>> elasticities(pd.Series(["87"]), 0.5).tolist()
    [0.505]
    """
    t = (table if table is not None else load_tariff_table()).set_index("hs2")["theta"]
    theta = hs2.astype(str).map(t)
    return np.asarray(ratio * theta.fillna(float(t.median())).to_numpy(dtype=float))


def flows_effects(
    flows: pd.DataFrame, rates: np.ndarray, pass_through: float, elasticity: np.ndarray
) -> pd.DataFrame:
    """Per distinct rate: the effects of ``flows`` (covered value per day) at that rate.

    Parameters
    ----------
    flows : DataFrame
        ``exporter, importer, hs2, value_usd_per_day`` (covered value only) [USD/day].
    rates : ndarray
        Rate in force each day [fraction].
    pass_through, elasticity
        As in :func:`tariff_effects` (``elasticity`` aligned with ``flows``).

    Returns
    -------
    DataFrame
        ``rate, n_days, exporter, importer, hs2`` and the effect columns, per day at that rate
        [USD/day].
    """
    frames = []
    levels, counts = np.unique(np.asarray(rates, dtype=float), return_counts=True)
    for rate, n in zip(levels, counts, strict=True):
        if rate <= 0:
            continue
        eff = tariff_effects(flows["value_usd_per_day"].to_numpy(), rate, pass_through, elasticity)
        frames.append(
            flows[["exporter", "importer", "hs2"]].assign(rate=rate, n_days=int(n), **eff)
        )
    if not frames:
        cols = ["rate", "n_days", "exporter", "importer", "hs2", *EFFECT_COLUMNS]
        return pd.DataFrame(columns=cols)
    return pd.concat(frames, ignore_index=True)


def net_cost_by_country(effects: pd.DataFrame, va_loss: pd.DataFrame) -> pd.Series:
    """Net cost per country over the period [USD]: importer burden + deadweight - duties,
    exporter price loss, plus value added lost (``va_loss``: ``country, va_loss_usd``).

    Examples
    --------
    >>> eff = pd.DataFrame({"exporter": ["MEX"], "importer": ["USA"], "duty_usd": [10.0],
    ...     "burden_usd": [10.0], "deadweight_usd": [1.0], "price_loss_usd": [0.0]})
    >>> net_cost_by_country(eff, pd.DataFrame({"country": ["MEX"], "va_loss_usd": [4.0]})).to_dict()
    {'MEX': 4.0, 'USA': 1.0}
    """
    imp = effects.groupby("importer")[["burden_usd", "deadweight_usd", "duty_usd"]].sum()
    importer = imp["burden_usd"] + imp["deadweight_usd"] - imp["duty_usd"]
    exporter = effects.groupby("exporter")["price_loss_usd"].sum()
    va = va_loss.groupby("country")["va_loss_usd"].sum()
    total = importer.add(exporter, fill_value=0.0).add(va, fill_value=0.0)
    return total.sort_index()  # may be negative: an importer's terms-of-trade gain when phi < 1
