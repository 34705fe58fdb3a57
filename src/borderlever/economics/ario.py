"""A daily supply-constrained multi-regional input-output model with inventories and rationing.

The adaptive regional input-output (ARIO) family (Hallegatte 2008, 2014; the multi-regional form of
Guan et al. 2020), written here from the published equations for the border problem: the shock is
not destroyed capital but a cross-border **link** that carries less than it is asked to.

State, per day ``t`` (all money flows in table units per day, e.g. USD million/day):

- ``S[i, j]``: stock of input ``i`` (a region's product) held by user ``j``; target ``S*[i, j] =
  n_p Z̄[i, j]`` with ``n_p`` buffer days of product ``p`` (``inf`` for non-critical inputs: services
  are not stocked and never stop production).  Stocks are kept by origin: in the days of a
  closure a Mexican part is not replaced by a US one;
- order books: ``B[i, j]`` unfilled orders of user ``j`` at supplier ``i``; ``Bl[i, j]`` orders
  the border could not carry, kept by the buyer; the same for final demand (``Bf``, ``Blf``);
- ``α_i``: production capacity relative to the baseline (overproduction, ``1 <= α <= α_max``).

One day:

1. Orders.  ``O[i, j] = max(0, A[i, j] x_j(t-1) + (S*[i, j] - S[i, j] - b[i, j]) / τ)`` where
   ``b`` are the orders still open (the inventory position, so a gap is not ordered twice); for
   non-critical products ``max(0, A[i, j] x_j(t-1) - b[i, j])``; final demand orders are the
   baseline ``F̄``.
2. The border.  A share ``θ`` of each cross-border flow goes through the simulated ports, whose
   carrying capacity that day is ``κ_t θ Z̄`` (``κ`` from the simulated daily flows: served over the
   no-policy baseline, or the southbound policy; at least ``1 + h`` once it is not binding, so a
   backlog clears at the ports' headroom).  Orders beyond it are kept with probability ``ρ`` (the
   freight deferred, plus the recovery share of the freight cancelled) and dropped otherwise.
3. Production.  ``x_j = x_j^opt · min(1, min_p Σ_{i∈p} w_ij min(1, S[i, j] / (ψ n_p A[i, j]
   x_j^opt)))`` with ``x^opt = min(D, α x̄)`` and ``w_ij = Z̄_ij / Σ_{i'∈p} Z̄_i'j``: the least of
   demand, capacity and what the critical stocks allow.  ψ is the heterogeneity of stocks across
   plants (Hallegatte 2014); within a product, origins count by their shares (the plants that
   rely on the missing origin stop, the others do not); across products the scarcest decides.
4. Rationing.  A short supplier serves its business buyers first, each in proportion to its
   orders, then final demand with what is left (mixed rationing, Pichler et al. 2022: with
   proportional rationing across all buyers stock-constrained producers can lock each other in a
   low-output state).  Unserved business orders stay in the books; unserved final demand stays
   with the product's recovery share ``r_p`` (a car is bought later, a meal is not).
5. Stocks move with deliveries and use: ``S += delivered - A x``.
6. Overproduction: ``α += (α_max - α) / τ_α`` where demand exceeds capacity, else
   ``α += (1 - α) / τ_α``.

The model runs over the shock and a recovery period until output, order books and stocks settle.
At the baseline nothing moves: orders equal the table's flows, production equals ``x̄``.

The day loop runs compiled (:mod:`borderlever.economics.ario_kernel`, numba, cached on disk);
:mod:`borderlever.economics.ario_reference` is the same loop in numpy, the reference the tests
check the kernel against.

References
----------
Hallegatte, S. (2008), "An adaptive regional input-output model and its application to the
assessment of the economic cost of Katrina", Risk Analysis 28(3): 779-799.
Hallegatte, S. (2014), "Modeling the role of inventories and heterogeneity in the assessment of the
economic costs of natural disasters", Risk Analysis 34(1): 152-167.
Pichler, A., Pangallo, M., del Rio-Chanona, R. M., Lafond, F. and Farmer, J. D. (2022),
"Forecasting the propagation of pandemic shocks with a dynamic input-output model", Journal of
Economic Dynamics and Control 144: 104527 (rationing schemes).
Guan, D. et al. (2020), "Global supply-chain effects of COVID-19 control measures", Nature Human
Behaviour 4: 577-587 (multi-regional ARIO with stocks by product).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from borderlever.economics.inputoutput import IOTable
from borderlever.errors import ConfigError

#: Shortest stock a critical input can have: one day, the model's time step (a "zero" buffer is
#: the day's deliveries in the pipe) [days].
MIN_BUFFER_DAYS = 1.0
#: WIOD goods sectors (agriculture, mining, manufacturing): stocked inputs, stock-constrained users.
GOODS_SECTORS: tuple[str, ...] = tuple(f"c{i}" for i in range(1, 17))
#: Relative tolerance at which the recovery is taken as settled (output and books) [-].
SETTLE_TOL = 1e-7


@dataclass(frozen=True)
class ArioParams:
    """Parameters of the dynamic model (defaults and ranges: the ``economics.*`` registry rows).

    Parameters
    ----------
    buffer_days : dict of str to float
        Target stock of each input product (WIOD sector code), in days of its use [days];
        missing sectors and ``inf`` are non-critical (never constrain production).
    restoration_days : float
        Time to bring stocks back to target, ``τ`` [days].
    psi : float
        Stock heterogeneity ``ψ`` in (0, 1]: production falls once a stock is below ``ψ`` of the
        target for the current output [-].
    overproduction_max : float
        Largest production capacity relative to the baseline, ``α_max >= 1`` [-].
    overproduction_days : float
        Adjustment time of the overproduction ``τ_α`` [days].
    headroom : float
        Capacity of the simulated ports above their baseline flow once a closure is over, ``h``
        [share of baseline].
    max_recovery_days : int
        Longest recovery simulated after the shock [days].
    recovery_share : dict of str to float
        Share of final demand left unserved that buyers still want later, by product (WIOD
        sector code) [0-1]: durables are partly made up, perishables and services not (missing
        products: 0).
    critical_users : tuple of str
        Sectors whose output a missing critical input can stop (default the goods sectors
        c1-c16); for the others (services) every input is non-critical in the short run.
    va_scale : dict of str to float
        Region -> factor on the value added of a unit of output lost (missing regions: 1): the
        domestic value added a finer source measures over the table's
        (:func:`borderlever.economics.maquila.va_scale` for Mexico) [-].
    """

    buffer_days: dict[str, float]
    restoration_days: float = 10.0
    psi: float = 0.8
    overproduction_max: float = 1.1
    overproduction_days: float = 14.0
    headroom: float = 0.15
    max_recovery_days: int = 365
    recovery_share: dict[str, float] = field(default_factory=dict)
    critical_users: tuple[str, ...] = GOODS_SECTORS
    va_scale: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        checks = [
            (self.restoration_days > 0, "restoration_days", "> 0 days"),
            (0 < self.psi <= 1, "psi", "in (0, 1]"),
            (self.overproduction_max >= 1, "overproduction_max", ">= 1"),
            (self.overproduction_days > 0, "overproduction_days", "> 0 days"),
            (self.headroom >= 0, "headroom", ">= 0"),
            (self.max_recovery_days >= 1, "max_recovery_days", ">= 1 day"),
            (all(v >= 0 for v in self.buffer_days.values()), "buffer_days", ">= 0 days"),
            (all(0 <= v <= 1 for v in self.recovery_share.values()), "recovery_share", "in [0, 1]"),
            (all(0 <= v <= 1 for v in self.va_scale.values()), "va_scale", "in [0, 1]"),
        ]
        for ok, name, expected in checks:
            if not ok:
                raise ConfigError(f"economics dynamic model: {name} must be {expected}")


@dataclass(frozen=True)
class LinkShock:
    """What the simulated ports carry, relative to normal, per day.

    Parameters
    ----------
    capacity : ndarray (T, R, R, P)
        ``κ``: carrying capacity of the simulated ports for product p from region a to region b
        on day t, relative to the baseline flow [-] (1 = normal; values above 1 allowed).
    retain : ndarray (T, R, R, P)
        ``ρ``: share of orders the ports could not carry that the buyer keeps [0-1].
    theta : ndarray (R, R, P)
        ``θ``: share of the table's flow of p from a to b that goes through the simulated ports [0-1].
    """

    capacity: np.ndarray
    retain: np.ndarray
    theta: np.ndarray

    @property
    def days(self) -> int:
        return int(self.capacity.shape[0])

    def is_null(self) -> bool:
        """True when the ports never carry less than normal (no shock at all)."""
        touched = self.theta[None, ...] > 0
        return bool(np.all((self.capacity >= 1.0) | ~touched))


@dataclass(frozen=True)
class ArioModel:
    """The daily baseline of an :class:`IOTable`, ready for :func:`simulate`.

    ``x̄ = Z̄ 1 + F̄ 1`` (final demand by destination region, negative inventory changes set to 0,
    so the daily table balances exactly); table values divided by 365.
    """

    io: IOTable

    @cached_property
    def regions(self) -> list[str]:
        return list(dict.fromkeys(self.io.regions))

    @cached_property
    def products(self) -> list[str]:
        return list(dict.fromkeys(self.io.sectors))

    @cached_property
    def reg(self) -> np.ndarray:
        return np.array([self.regions.index(r) for r in self.io.regions])

    @cached_property
    def prod(self) -> np.ndarray:
        return np.array([self.products.index(s) for s in self.io.sectors])

    @cached_property
    def Z(self) -> np.ndarray:
        return np.clip(self.io.Z, 0.0, None) / 365.0

    @cached_property
    def F(self) -> np.ndarray:
        """Final demand by destination region (n, R) [per day]."""
        out = np.zeros((len(self.io.labels), len(self.regions)))
        y_reg = np.array([lab.split("_", 1)[0] for lab in self.io.y_labels])
        for r, name in enumerate(self.regions):
            out[:, r] = self.io.Y[:, y_reg == name].sum(axis=1)
        return np.clip(out, 0.0, None) / 365.0

    @cached_property
    def x(self) -> np.ndarray:
        return self.Z.sum(axis=1) + self.F.sum(axis=1)

    @cached_property
    def agg(self) -> np.ndarray:
        """(P, n) 0/1: product of each row."""
        out = np.zeros((len(self.products), len(self.io.labels)))
        out[self.prod, np.arange(len(self.io.labels))] = 1.0
        return out

    @cached_property
    def A(self) -> np.ndarray:
        """(P, n) input of product p per unit of j's output [-]."""
        inv = np.where(self.x > 0, 1.0 / np.where(self.x > 0, self.x, 1.0), 0.0)
        return self.by_product(self.Z) * inv[None, :]

    @cached_property
    def W(self) -> np.ndarray:
        """(n, n) supplier shares within each product, per user [-]."""
        tot = self.by_product(self.Z)[self.prod, :]
        return np.where(tot > 0, self.Z / np.where(tot > 0, tot, 1.0), 0.0)

    @cached_property
    def va(self) -> np.ndarray:
        """Value added per unit of output of the daily table [-]."""
        inv = np.where(self.x > 0, 1.0 / np.where(self.x > 0, self.x, 1.0), 0.0)
        out = 1.0 - self.Z.sum(axis=0) * inv
        out[self.x <= 0] = 0.0
        return out

    @cached_property
    def _regular(self) -> bool:
        """Rows are region-major with the same product order in every region."""
        R, P = len(self.regions), len(self.products)
        return len(self.io.labels) == R * P and bool(
            np.array_equal(self.prod, np.tile(np.arange(P), R))
        )

    def by_product(self, M: np.ndarray) -> np.ndarray:
        """(P, m): rows of ``M`` (n, m) summed by product (no BLAS: tiny, called every day)."""
        if self._regular:
            return M.reshape(len(self.regions), len(self.products), -1).sum(axis=0)
        out = np.zeros((len(self.products), M.shape[1]))
        np.add.at(out, self.prod, M)
        return out

    def pair_index(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(supplier region, user region, product) of each Z cell, broadcastable to (n, n)."""
        return self.reg[:, None], self.reg[None, :], self.prod[:, None]


@dataclass(frozen=True)
class ArioResult:
    """Daily output of a run.

    Attributes
    ----------
    output : ndarray (T, n)
        Production per day [table units/day].
    baseline : ndarray (n,)
        Baseline production per day.
    va_coef : ndarray (n,)
        Value added per unit of output [-].
    dropped : ndarray (T, n)
        Orders at each supplier dropped because the ports could not carry them [per day].
    """

    output: np.ndarray
    baseline: np.ndarray
    va_coef: np.ndarray
    dropped: np.ndarray

    @property
    def va_loss(self) -> np.ndarray:
        """(T, n) value-added loss per day, positive = loss [table units/day]."""
        return (self.baseline[None, :] - self.output) * self.va_coef[None, :]

    @property
    def output_loss(self) -> np.ndarray:
        """(T, n) gross output loss per day [table units/day]."""
        return self.baseline[None, :] - self.output


def _critical(model: ArioModel, params: ArioParams) -> tuple[np.ndarray, np.ndarray]:
    """Buffer days per product (at least the model's one-day step) and which are critical."""
    days = np.array([params.buffer_days.get(p, np.inf) for p in model.products], float)
    return np.maximum(days, MIN_BUFFER_DAYS), np.isfinite(days)


def simulate(model: ArioModel, shock: LinkShock, params: ArioParams) -> ArioResult:
    """Run the dynamic model over ``shock`` and a recovery period until it settles.

    Parameters
    ----------
    model : ArioModel
        Daily baseline.
    shock : LinkShock
        Carrying capacity and retention of the simulated ports, per day.
    params : ArioParams
        Buffers, restoration, heterogeneity, overproduction, headroom.

    Returns
    -------
    ArioResult
        Zero loss, exactly, when the shock never binds.

    References
    ----------
    Hallegatte (2008, 2014); Guan et al. (2020): see the module docstring.

    Examples
    --------
    Two regions, one sector each; region B sells half its output to A's plant, the other half at
    home.  Closing the
    B->A link for 3 days with nothing kept loses B's sales for good.

    >>> io = IOTable(np.array([[0., 0.], [365., 0.]]), np.array([[365.], [365.]]),
    ...     np.array([365., 730.]), ("A_s", "B_s"), ("B_f",))
    >>> m = ArioModel(io)
    >>> cap = np.ones((3, 2, 2, 1)); cap[:, 1, 0, 0] = 0.0
    >>> shock = LinkShock(cap, np.zeros_like(cap), np.array([[[0.], [0.]], [[1.], [0.]]]))
    >>> r = simulate(m, shock, ArioParams(buffer_days={}))
    >>> round(float(r.output_loss.sum(axis=0)[1]), 6)
    3.0
    """
    n = len(model.io.labels)
    if shock.is_null():
        empty = np.zeros((shock.days, n))
        return ArioResult(np.tile(model.x, (shock.days, 1)), model.x, va_coef(model, params), empty)
    return _run(model, shock, params)


def _kernel_args(model: ArioModel, shock: LinkShock, params: ArioParams) -> tuple:
    """The fixed arrays of :func:`borderlever.economics.ario_kernel.run_days` (see its ``fx``)."""
    xb = model.x
    inv_x = np.where(xb > 0, 1.0 / np.where(xb > 0, xb, 1.0), 0.0)
    Az = model.Z * inv_x[None, :]  # (n, n) input of row i per unit of j's output
    days_p, crit_p = _critical(model, params)
    users = np.isin(model.io.sectors, list(params.critical_users))
    crit = crit_p[model.prod][:, None] & users[None, :]  # (n, n) stocked, production-critical
    days_i = np.where(crit_p[model.prod], days_p[model.prod], 0.0)
    target = np.where(crit, days_i[:, None] * model.Z, 0.0)
    ra, rb, pp = model.pair_index()
    rg = np.arange(len(model.regions))[None, :]
    theta_f = shock.theta[model.reg[:, None], rg, model.prod[:, None]]
    keep_fd = np.array([params.recovery_share.get(p, 0.0) for p in model.products])[model.prod]
    arrays = (model.Z, model.F, xb, Az, model.W)
    more = (days_i, target, shock.theta[ra, rb, pp], theta_f, keep_fd)
    f8 = tuple(np.ascontiguousarray(a, dtype=np.float64) for a in (*arrays, *more))
    i8 = tuple(np.ascontiguousarray(a, dtype=np.int64) for a in (model.reg, model.prod))
    return (*f8[:5], np.ascontiguousarray(crit, dtype=np.bool_), *f8[5:], *i8)


def va_coef(model: ArioModel, params: ArioParams) -> np.ndarray:
    """Value added per unit of output, times each region's ``params.va_scale`` [-]."""
    if not params.va_scale:
        return model.va
    regions = np.array(model.regions)[model.reg]
    scale = np.array([params.va_scale.get(str(r), 1.0) for r in regions], float)
    return model.va * scale


def _run(model: ArioModel, shock: LinkShock, params: ArioParams) -> ArioResult:
    """The day loop, compiled (:func:`borderlever.economics.ario_kernel.run_days`)."""
    from borderlever.economics.ario_kernel import run_days

    link = tuple(np.ascontiguousarray(a, dtype=np.float64) for a in (shock.capacity, shock.retain))
    par = (
        float(params.headroom),
        float(params.restoration_days),
        float(params.psi),
        float(params.overproduction_max),
        1.0 / float(params.overproduction_days),
    )
    scale = max(float(model.x.sum()), 1e-300)
    limit = shock.days + int(params.max_recovery_days)
    output, dropped = run_days(
        _kernel_args(model, shock, params), link, par, len(model.products), limit, scale, SETTLE_TOL
    )
    return ArioResult(output, model.x, va_coef(model, params), dropped)
