"""Perishable goods by HS chapter: shelf times and spoil shares per product group, from the registry.

A load held back at the border spoils once it has waited longer than its group's shelf time; the
share of its value lost then is the group's spoil share.  Groups (HS 2017 chapters):

========================  =========  =====================================================
group                     HS2        what dominates US-Mexico trade in the chapter
========================  =========  =====================================================
``fresh_produce``         07, 08     tomatoes, peppers, berries, avocados (fresh)
``chilled_meat_fish``     02, 03     chilled beef and pork, fresh fish and shrimp
``dairy``                 04         milk powder (does not spoil), cheese, fresh milk, eggs
``cut_flowers``           06         cut flowers and foliage, live plants
``frozen``                share of   frozen meat (0202, 0203), frozen fish and shrimp
                          02, 03,    (0303, 0304, 0306), frozen vegetables (0710) and
                          07, 08     fruit (0811): the chapter's ``frozen_share.hsNN``
========================  =========  =====================================================

A chapter's value splits into its fresh group (weight ``1 - frozen_share``) and the frozen group
(weight ``frozen_share``); each part spoils after its own shelf time.  Every number is a row
``economics.perishable.*`` of the parameter registry (unit, range, source); code reads them from one
run's resolved parameter mapping (:meth:`PerishableTable.from_parameters`), so scenarios and sweeps
can vary them.

References
----------
USDA ARS (2016), The Commercial Storage of Fruits, Vegetables, and Florist and Nursery Stocks,
Agriculture Handbook 66 (storage lives of produce and cut flowers).
USDA FSIS, "Freezing and Food Safety" and "Refrigeration and Food Safety" (storage times of chilled
and frozen meat).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

#: Fresh groups and their HS chapters.
GROUPS: dict[str, tuple[str, ...]] = {
    "fresh_produce": ("07", "08"),
    "chilled_meat_fish": ("02", "03"),
    "dairy": ("04",),
    "cut_flowers": ("06",),
}
#: Chapters part of whose value travels frozen (``economics.perishable.frozen_share.hsNN``).
FROZEN_CHAPTERS: tuple[str, ...] = ("02", "03", "07", "08")
PREFIX = "economics.perishable."


def _names() -> list[str]:
    names = [f"{PREFIX}{g}.{k}" for g in [*GROUPS, "frozen"] for k in ("shelf_days", "spoil_share")]
    return names + [f"{PREFIX}frozen_share.hs{h}" for h in FROZEN_CHAPTERS]


@dataclass(frozen=True)
class PerishableTable:
    """Shelf times [days], spoil shares [0-1] and frozen shares [0-1] of the perishable groups.

    Build it with :meth:`from_parameters` (one run's resolved registry values) or
    :meth:`defaults`.  :meth:`rows` gives, per HS chapter, each part's shelf time and the share of
    the chapter's value lost when that part is held past it.

    Examples
    --------
    >>> t = PerishableTable.defaults()
    >>> r = t.rows()
    >>> sorted(set(r["hs2"]))
    ['02', '03', '04', '06', '07', '08']
    >>> bool((r.groupby("hs2")["value_share"].sum().round(12) == 1.0).all())
    True
    """

    values: Mapping[str, float]

    @classmethod
    def from_parameters(cls, values: Mapping[str, float]) -> PerishableTable:
        """The table from a resolved parameter mapping (:func:`borderlever.parameters.resolve`).

        Raises
        ------
        ConfigError
            A ``economics.perishable.*`` value is missing or outside its physical range.
        """
        from borderlever.errors import ConfigError

        out: dict[str, float] = {}
        for name in _names():
            if name not in values:
                raise ConfigError(f"parameter {name} missing from the resolved parameters")
            v = float(values[name])
            if name.endswith("shelf_days"):
                ok, rng = v > 0.0, "> 0 days"
            else:
                ok, rng = 0.0 <= v <= 1.0, "between 0 and 1"
            if not ok:
                raise ConfigError(f"parameter {name} = {v}: must be {rng}")
            out[name] = v
        return cls(out)

    @classmethod
    def defaults(cls) -> PerishableTable:
        """The registry defaults."""
        from borderlever.parameters import resolve

        return cls.from_parameters(resolve())

    def rows(self) -> pd.DataFrame:
        """``hs2, group, shelf_days, value_share, spoil_share`` per chapter part.

        ``value_share`` is the part's share of the chapter's value (fresh ``1 - frozen_share``,
        frozen ``frozen_share``); ``spoil_share`` the share of that part's value lost past its
        shelf time.
        """
        v, rows = self.values, []
        for group, chapters in GROUPS.items():
            for hs2 in chapters:
                frozen = v[f"{PREFIX}frozen_share.hs{hs2}"] if hs2 in FROZEN_CHAPTERS else 0.0
                parts = [(group, 1.0 - frozen), ("frozen", frozen)]
                for g, share in parts:
                    if share <= 0.0:
                        continue
                    rows.append(
                        (
                            hs2,
                            g,
                            v[f"{PREFIX}{g}.shelf_days"],
                            share,
                            v[f"{PREFIX}{g}.spoil_share"],
                        )
                    )
        cols = ["hs2", "group", "shelf_days", "value_share", "spoil_share"]
        return pd.DataFrame(rows, columns=cols)

    @property
    def chapters(self) -> tuple[str, ...]:
        """HS chapters with a perishable part."""
        return tuple(sorted({h for c in GROUPS.values() for h in c}))


def spoilable_values(values: pd.DataFrame, table: PerishableTable) -> pd.DataFrame:
    """Value per vehicle that spoils past each shelf time, per port, mode, partner and direction.

    Parameters
    ----------
    values : DataFrame
        ``port_code, mode, country, direction, hs2, value_usd_per_vehicle``
        (:func:`borderlever.economics.costs.vehicle_values`).
    table : PerishableTable

    Returns
    -------
    DataFrame
        ``port_code, mode, country, direction, shelf_days, v_spoil_usd``: the value lost per
        vehicle held past ``shelf_days`` [USD/vehicle] (sum over chapters of value x value share x
        spoil share).

    Examples
    --------
    >>> v = pd.DataFrame({"port_code": "2604", "mode": "truck", "country": "MEX",
    ...     "direction": "import", "hs2": ["07", "87"], "value_usd_per_vehicle": [100.0, 900.0]})
    >>> s = spoilable_values(v, PerishableTable.defaults())
    >>> float(s["v_spoil_usd"].sum()) < 100.0
    True
    """
    rows = table.rows()
    m = values.merge(rows, on="hs2", how="inner")
    m["v_spoil_usd"] = m["value_usd_per_vehicle"] * m["value_share"] * m["spoil_share"]
    keys = ["port_code", "mode", "country", "direction", "shelf_days"]
    out: pd.DataFrame = m.groupby(keys, as_index=False)[["v_spoil_usd"]].sum()
    return out


__all__ = ["FROZEN_CHAPTERS", "GROUPS", "PerishableTable", "spoilable_values"]
