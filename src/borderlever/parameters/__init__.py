"""The parameter registry: every model assumption as data, with unit, range, source and confidence.

One table, ``registry.csv`` beside this module, lists each assumption of the model: its dotted
``name`` (``economics.truck_cost_usd_per_h``, ``behaviour.truck_defer_share`` ...), the ``group`` it
belongs to, whether it ``acts_on`` the simulation or only on the economics (an economics-only
parameter can be varied without re-simulating), its ``unit``, ``default``, plausible ``low`` and
``high``, the ``distribution`` a parameter sample draws it from, a ``confidence`` (H, M, L), what it
was ``fitted_on`` (data and years, or ``not fitted``) and its ``source``.

Code reads defaults from here (:func:`default`) rather than repeating numbers; ``borderlever params``
lists the table; scenarios override entries by name, with a did-you-mean for unknown names.

Examples
--------
>>> p = get("economics.truck_cost_usd_per_h")
>>> p.default, p.unit
(91.27, 'USD (2023) per truck-hour')
>>> p.low <= p.default <= p.high
True
"""

from __future__ import annotations

import csv
import difflib
import functools
import io
from dataclasses import dataclass
from importlib import resources

from borderlever.errors import ConfigError, DataError

#: Columns of ``registry.csv``, in order.
COLUMNS: tuple[str, ...] = (
    "name",
    "group",
    "acts_on",
    "unit",
    "default",
    "low",
    "high",
    "distribution",
    "confidence",
    "fitted_on",
    "source",
    "description",
)
#: Distributions a parameter sample may draw from (``fixed``: never varied).
DISTRIBUTIONS: tuple[str, ...] = ("uniform", "triangular", "loguniform", "fixed")
ACTS_ON: tuple[str, ...] = ("sim", "economics", "standoff")
CONFIDENCE: tuple[str, ...] = ("H", "M", "L")


@dataclass(frozen=True)
class Parameter:
    """One model assumption (a row of ``registry.csv``); see the module docstring for the fields."""

    name: str
    group: str
    acts_on: str
    unit: str
    default: float
    low: float
    high: float
    distribution: str
    confidence: str
    fitted_on: str
    source: str
    description: str


def _parse_row(row: dict[str, str], line: int, path: str) -> Parameter:
    def num(col: str) -> float:
        try:
            return float(row[col])
        except ValueError:
            raise DataError(
                f"{row[col]!r} is not a number", file=path, row=line, column=col
            ) from None

    p = Parameter(
        **{c: row[c].strip() for c in COLUMNS if c not in ("default", "low", "high")},
        default=num("default"),
        low=num("low"),
        high=num("high"),
    )
    checks = [
        (p.distribution in DISTRIBUTIONS, "distribution", f"one of {DISTRIBUTIONS}"),
        (p.acts_on in ACTS_ON, "acts_on", f"one of {ACTS_ON}"),
        (p.confidence in CONFIDENCE, "confidence", f"one of {CONFIDENCE}"),
        (p.low <= p.default <= p.high, "default", f"low <= default <= high for {p.name}"),
        (bool(p.source), "source", "a source for every parameter"),
        (bool(p.unit), "unit", "a unit for every parameter"),
    ]
    for ok, col, expected in checks:
        if not ok:
            raise DataError(
                f"bad value for {p.name}", file=path, row=line, column=col, expected=expected
            )
    return p


@functools.cache
def registry() -> dict[str, Parameter]:
    """All parameters by name, read once from ``registry.csv`` and checked row by row.

    Raises
    ------
    DataError
        For a missing column, a duplicate name or a row that breaks a rule (default outside
        [low, high], unknown distribution, missing source or unit), naming the row and column.
    """
    path = resources.files(__package__).joinpath("registry.csv")
    out: dict[str, Parameter] = {}
    with path.open("r", encoding="utf-8") as fh:
        reader = csv.DictReader(io.StringIO(fh.read(), newline=""))
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise DataError("wrong columns", file=str(path), expected=", ".join(COLUMNS))
        for line, row in enumerate(reader, start=1):
            p = _parse_row(row, line, str(path))
            if p.name in out:
                raise DataError(f"duplicate parameter {p.name}", file=str(path), row=line)
            out[p.name] = p
    return out


def get(name: str) -> Parameter:
    """The parameter called ``name``; an unknown name raises with a did-you-mean.

    Raises
    ------
    ConfigError
        ``name`` is not in the registry.
    """
    reg = registry()
    if name not in reg:
        close = difflib.get_close_matches(name, list(reg), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise ConfigError(
            f"{name!r} is not a parameter in the registry{hint}; see `borderlever params`"
        )
    return reg[name]


def default(name: str) -> float:
    """Default value of the parameter ``name`` [its registry unit]."""
    return get(name).default


def resolve(overrides: dict[str, float] | None = None) -> dict[str, float]:
    """Every parameter's value for one run: the registry defaults with ``overrides`` laid on top.

    Model code takes its values from such a mapping (passed down by the run pipeline), so that a
    scenario's overrides and a sweep's sample points reach it; an unknown name raises with a
    did-you-mean, a value outside the parameter's plausible [low, high] is accepted (a user may
    explore beyond it) but must be a finite number.

    Examples
    --------
    >>> resolve({"economics.holding_rate_per_year": 0.2})["economics.holding_rate_per_year"]
    0.2
    """
    values = {name: p.default for name, p in registry().items()}
    for name, value in (overrides or {}).items():
        get(name)
        if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
            raise ConfigError(f"parameter {name}: {value!r} is not a number")
        values[name] = float(value)
    return values


__all__ = ["COLUMNS", "Parameter", "default", "get", "registry", "resolve"]
