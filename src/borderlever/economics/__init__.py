"""Economics: trade at stake, delay and loss costs, production losses, GDP shares and leverage.

Public API (stable; see ``docs/economics.md``):

- :class:`EconParams`, :data:`DEFAULT_PARAMS`, :func:`with_overrides` (scenario ``economics:``);
- :func:`trade_at_stake`, :func:`trade_by_day`, :func:`annual_trade`, :func:`mode_split`, :func:`value_per_truck`,
  :func:`monthly_shape`;
- :func:`impact_from_sim` -> :class:`ImpactResult`;
- :class:`IOTable`, :func:`read_wiod_na4`, :func:`leontief_shock`, :func:`ghosh_shock`,
  :func:`production_losses`, :func:`load_concordance`;
- :func:`latest_gdp`, :func:`leverage_ratios`.

Pure functions over DataFrames; no store access (loaders live at the edges).
"""

from borderlever.economics.impact import ImpactResult, impact_from_sim
from borderlever.economics.inputoutput import (
    IOTable,
    ghosh_shock,
    io_table_from_frames,
    leontief_shock,
    read_wiod_na4,
)
from borderlever.economics.leverage import latest_gdp, leverage_ratios
from borderlever.economics.params import DEFAULT_PARAMS, EconParams, with_overrides
from borderlever.economics.production import load_concordance, production_losses
from borderlever.economics.summary import summarize_result
from borderlever.economics.trade import (
    annual_trade,
    mode_split,
    monthly_shape,
    trade_at_stake,
    trade_by_day,
    value_per_truck,
)

__all__ = [
    "DEFAULT_PARAMS",
    "EconParams",
    "IOTable",
    "ImpactResult",
    "annual_trade",
    "ghosh_shock",
    "impact_from_sim",
    "io_table_from_frames",
    "latest_gdp",
    "leontief_shock",
    "leverage_ratios",
    "load_concordance",
    "mode_split",
    "monthly_shape",
    "production_losses",
    "read_wiod_na4",
    "summarize_result",
    "trade_at_stake",
    "trade_by_day",
    "value_per_truck",
    "with_overrides",
]
