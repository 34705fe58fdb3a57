"""Experimental designs over registry parameters, and the sensitivity indices they support.

A design is drawn in the unit hypercube by SALib (Latin hypercube, Sobol'/Saltelli, Morris) or
NumPy, then mapped onto each parameter's registry distribution by its inverse CDF, so that every
design samples the same distributions and the indices computed in unit space are those of the
parameters themselves (Sobol' indices are invariant under a strictly monotone transform of one
input; Morris elementary effects are then per plausible range).  A grid is laid in parameter units.

References
----------
Saltelli, A. et al. (2010). Variance based sensitivity analysis of model output. Computer Physics
Communications 181, 259-270.
Campolongo, F., Cariboni, J., Saltelli, A. (2007). An effective screening design for sensitivity
analysis of large models. Environmental Modelling & Software 22, 1509-1518.
Plischke, E. (2010). An effective algorithm for computing global sensitivity indices (EASI).
Reliability Engineering & System Safety 95, 354-360 (the given-data first-order estimate used for
Latin hypercube and random samples, SALib's ``rbd_fast``).
Herman, J., Usher, W. (2017). SALib: an open-source Python library for sensitivity analysis.
Journal of Open Source Software 2(9), 97.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from borderlever.errors import ConfigError

#: Design methods a sweep may name.
METHODS: tuple[str, ...] = ("grid", "lhs", "random", "sobol", "morris")


@dataclass(frozen=True)
class Factor:
    """One varied parameter: its registry name, range, distribution and centre [its unit]."""

    name: str
    low: float
    high: float
    distribution: str = "uniform"
    mode: float | None = None
    acts_on: str = "economics"

    def ppf(self, u: np.ndarray) -> np.ndarray:
        """Values at unit quantiles ``u`` (inverse CDF of the factor's distribution).

        Examples
        --------
        >>> Factor("x", 1.0, 3.0).ppf(np.array([0.0, 0.5, 1.0])).tolist()
        [1.0, 2.0, 3.0]
        >>> Factor("x", 1.0, 100.0, "loguniform").ppf(np.array([0.5])).round(6).tolist()
        [10.0]
        """
        u = np.clip(np.asarray(u, dtype=float), 0.0, 1.0)
        lo, hi = self.low, self.high
        if self.distribution == "fixed" or hi <= lo:
            return np.full(u.shape, self.mode if self.mode is not None else lo)
        if self.distribution == "uniform":
            return lo + u * (hi - lo)
        if self.distribution == "loguniform":
            return np.exp(np.log(lo) + u * (np.log(hi) - np.log(lo)))
        if self.distribution == "triangular":
            mode = self.mode if self.mode is not None else 0.5 * (lo + hi)
            c = min(max((mode - lo) / (hi - lo), 0.0), 1.0)
            return np.asarray(stats.triang(c, loc=lo, scale=hi - lo).ppf(u), dtype=float)
        raise ConfigError(f"parameter {self.name}: unknown distribution {self.distribution!r}")


def registry_factors(
    names: Iterable[str] | None = None,
    *,
    acts_on: Sequence[str] = ("sim", "economics"),
    centre: Mapping[str, float] | None = None,
    ranges: Mapping[str, Mapping[str, float | str]] | None = None,
) -> list[Factor]:
    """Factors for registry parameters: the named ones, or every non-fixed one acting on ``acts_on``.

    ``centre`` moves a triangular distribution's mode (a scenario's own value); ``ranges`` replaces
    ``low``, ``high`` or ``distribution`` of a parameter (a sweep file's choice).

    Examples
    --------
    >>> [f.name for f in registry_factors(["economics.truck_cost_usd_per_h"])]
    ['economics.truck_cost_usd_per_h']
    """
    from borderlever.parameters import get, registry

    if names is None:
        chosen = [p for p in registry().values() if p.acts_on in acts_on]
        chosen = [p for p in chosen if p.distribution != "fixed"]
    else:
        chosen = [get(n) for n in names]
    out = []
    for p in chosen:
        over = dict((ranges or {}).get(p.name, {}))
        low = float(over.get("low", p.low))
        high = float(over.get("high", p.high))
        dist = str(over.get("distribution", p.distribution))
        mode = float((centre or {}).get(p.name, p.default))
        if not low <= high:
            raise ConfigError(f"parameter {p.name}: low {low:g} is above high {high:g}")
        if dist == "loguniform" and low <= 0:
            raise ConfigError(f"parameter {p.name}: a loguniform range needs low > 0 (got {low:g})")
        out.append(Factor(p.name, low, high, dist, min(max(mode, low), high), p.acts_on))
    return out


def _problem(d: int) -> dict[str, object]:
    return {"num_vars": d, "names": [f"u{i}" for i in range(d)], "bounds": [[0.0, 1.0]] * d}


def unit_design(method: str, d: int, n: int, seed: int, levels: int = 4) -> np.ndarray:
    """A design in the unit hypercube [0, 1]^d, one row per point.

    ``n`` is the number of points for ``lhs`` and ``random``, the base sample size for ``sobol``
    (``n * (d + 2)`` rows, first and total order; ``n`` a power of 2) and the number of
    trajectories for ``morris`` (``n * (d + 1)`` rows on ``levels`` levels).

    Examples
    --------
    >>> unit_design("sobol", 3, 8, seed=1).shape, unit_design("morris", 3, 2, seed=1).shape
    ((40, 3), (8, 3))
    """
    if d < 1 or n < 1:
        raise ConfigError(f"a design needs at least one parameter and one point (got {d}, {n})")
    if method == "lhs":
        from SALib.sample import latin

        return np.asarray(latin.sample(_problem(d), n, seed=seed), dtype=float)
    if method == "random":
        return np.random.default_rng(seed).random((n, d))
    if method == "sobol":
        from SALib.sample import sobol

        if n & (n - 1):
            raise ConfigError(f"design.points for sobol must be a power of 2 (got {n})")
        return np.asarray(
            sobol.sample(_problem(d), n, calc_second_order=False, seed=seed), dtype=float
        )
    if method == "morris":
        from SALib.sample import morris

        return np.asarray(morris.sample(_problem(d), n, num_levels=levels, seed=seed), dtype=float)
    raise ConfigError(f"design.method {method!r} is not one of {METHODS}")


def grid_design(
    factors: Sequence[Factor], levels: int | Mapping[str, Sequence[float]]
) -> np.ndarray:
    """Every combination of evenly spaced values in [low, high] (or the given values) [units].

    Examples
    --------
    >>> grid_design([Factor("a", 0, 1), Factor("b", 10, 20)], 2).tolist()
    [[0.0, 10.0], [0.0, 20.0], [1.0, 10.0], [1.0, 20.0]]
    """
    axes = []
    for f in factors:
        if isinstance(levels, Mapping) and f.name in levels:
            axes.append(np.asarray(levels[f.name], dtype=float))
        else:
            k = int(levels) if not isinstance(levels, Mapping) else 3
            axes.append(np.linspace(f.low, f.high, k) if k > 1 else np.array([f.mode or f.low]))
    mesh = np.meshgrid(*axes, indexing="ij")
    return np.stack([m.ravel() for m in mesh], axis=1)


def to_values(unit: np.ndarray, factors: Sequence[Factor]) -> np.ndarray:
    """Map a unit design onto the factors' distributions [each factor's unit]."""
    return np.column_stack([f.ppf(unit[:, j]) for j, f in enumerate(factors)])


def nested_unit_design(factors: Sequence[Factor], n: int, sim_points: int, seed: int) -> np.ndarray:
    """A Latin hypercube of ``n`` points whose simulation parameters take ``sim_points`` values.

    The simulation factors get their own Latin hypercube of ``sim_points`` rows, each repeated for
    ``n / sim_points`` consecutive points; the economics-only factors a Latin hypercube of ``n``
    rows.  Every factor keeps its marginal distribution, and the economics of a point reuses the
    simulation of its group (a two-stage Monte Carlo design).

    Examples
    --------
    >>> fs = [Factor("s", 0, 1, acts_on="sim"), Factor("e", 0, 1)]
    >>> u = nested_unit_design(fs, 8, 2, seed=3)
    >>> u.shape, len(set(u[:, 0])), len(set(u[:, 1]))
    ((8, 2), 2, 8)
    """
    sim = [j for j, f in enumerate(factors) if f.acts_on == "sim"]
    other = [j for j, f in enumerate(factors) if f.acts_on != "sim"]
    sim_points = max(1, min(sim_points, n))
    unit = np.empty((n, len(factors)))
    rng = np.random.SeedSequence(seed).spawn(2)
    if sim:
        s = unit_design("lhs", len(sim), sim_points, seed=int(rng[0].generate_state(1)[0]))
        unit[:, sim] = s[np.arange(n) * sim_points // n]
    if other:
        e = unit_design("lhs", len(other), n, seed=int(rng[1].generate_state(1)[0]))
        unit[:, other] = e
    return unit


def sensitivity(
    method: str, factors: Sequence[Factor], unit: np.ndarray, y: np.ndarray, seed: int = 0
) -> pd.DataFrame:
    """Sensitivity indices of output ``y`` (one value per design row) to each factor.

    ``sobol``: first-order ``S1`` and total ``ST`` (Saltelli/Jansen estimators); ``morris``:
    ``mu_star`` (mean absolute elementary effect over the plausible range, in the output's unit)
    and ``sigma``; any other design: the given-data first-order ``S1`` (RBD-FAST / EASI).
    Returns a long frame ``parameter, index, value, conf`` (conf: half-width of SALib's bootstrap
    95 % interval; NaN where the design supports no estimate).
    """
    names = [f.name for f in factors]
    y = np.asarray(y, dtype=float)
    rows: list[tuple[str, str, float, float]] = []
    if np.nanstd(y) == 0 or not np.isfinite(y).all():
        return pd.DataFrame(rows, columns=["parameter", "index", "value", "conf"])
    problem = _problem(len(factors))
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        # SALib warns on degenerate columns (a factor without effect); its NaN is kept
        warnings.simplefilter("ignore", RuntimeWarning)
        res, keys = _analyze(method, problem, unit, y, seed)
    for key, conf in keys:
        for j, name in enumerate(names):
            c = float(res[conf][j]) if conf else float("nan")
            rows.append((name, key, float(res[key][j]), c))
    return pd.DataFrame(rows, columns=["parameter", "index", "value", "conf"])


def _analyze(
    method: str, problem: dict[str, object], unit: np.ndarray, y: np.ndarray, seed: int
) -> tuple[Any, tuple[tuple[str, str], ...]]:
    keys: tuple[tuple[str, str], ...]
    if method == "sobol":
        from SALib.analyze import sobol

        res = sobol.analyze(problem, y, calc_second_order=False, seed=seed)
        keys = (("S1", "S1_conf"), ("ST", "ST_conf"))
    elif method == "morris":
        from SALib.analyze import morris

        res = morris.analyze(problem, unit, y, seed=seed)
        keys = (("mu_star", "mu_star_conf"), ("sigma", ""))
    else:
        from SALib.analyze import rbd_fast

        # few harmonics: less noise at 50-100 points; the bootstrap halves the sample, so keep
        # 2M well below n/2
        m = max(1, min(4, len(y) // 8))
        if len(y) < 8:
            raise ConfigError(f"{len(y)} points are too few for a sensitivity estimate (8 or more)")
        res = rbd_fast.analyze(problem, unit, y, M=m, seed=seed)
        keys = (("S1", "S1_conf"),)
    return res, keys
