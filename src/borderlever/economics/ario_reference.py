"""The dynamic model's day loop in plain numpy: the reference the compiled kernel is checked against.

:func:`run_reference` is the loop of :mod:`borderlever.economics.ario` written with whole-array
numpy operations, one line per equation of the module docstring there; :func:`borderlever.economics
.ario.simulate` runs the compiled :func:`borderlever.economics.ario_kernel.run_days` instead (about
20 times faster on the whole-border table) and the test suite checks that both give the same
numbers (``tests/validation/test_ario_kernel_against_numpy_reference.py``).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from borderlever.economics.ario import (
    SETTLE_TOL,
    ArioModel,
    ArioParams,
    ArioResult,
    LinkShock,
    _critical,
    va_coef,
)


def run_reference(model: ArioModel, shock: LinkShock, params: ArioParams) -> ArioResult:
    """The day loop of :func:`borderlever.economics.ario.simulate` in numpy (no null-shock shortcut)."""
    n = len(model.io.labels)
    Zb, Fb, xb, W = model.Z, model.F, model.x, model.W
    inv_x = np.where(xb > 0, 1.0 / np.where(xb > 0, xb, 1.0), 0.0)
    Az = Zb * inv_x[None, :]  # (n, n) input of row i per unit of j's output
    days_p, crit_p = _critical(model, params)
    users = np.isin(model.io.sectors, list(params.critical_users))
    crit = crit_p[model.prod][:, None] & users[None, :]  # (n, n) stocked, production-critical
    days_i = np.where(crit_p[model.prod], days_p[model.prod], 0.0)
    target = np.where(crit, days_i[:, None] * Zb, 0.0)
    ra, rb, pp = model.pair_index()
    theta_z = shock.theta[ra, rb, pp]
    rg = np.arange(len(model.regions))[None, :]
    fidx = (model.reg[:, None], rg, model.prod[:, None])
    theta_f = shock.theta[fidx]
    S = target.copy()
    B, Bl = np.zeros_like(Zb), np.zeros_like(Zb)
    Bf, Blf = np.zeros_like(Fb), np.zeros_like(Fb)
    alpha = np.ones(n)
    keep_fd = np.array([params.recovery_share.get(p, 0.0) for p in model.products])[model.prod]
    x_prev = xb.copy()
    scale = max(float(xb.sum()), 1e-300)
    step = 1.0 / params.overproduction_days
    out, dropped = [], []
    t, limit = 0, shock.days + params.max_recovery_days
    while t < limit:
        kap, ret = _day_link(shock, t, params.headroom)
        on_order = B + Bl
        restore = np.where(crit, (target - S - on_order) / params.restoration_days, -on_order)
        orders = np.clip(Az * x_prev[None, :] + restore, 0.0, None)
        _, pass_z, keep_z, drop_z = _border(
            orders, Bl, theta_z, kap[ra, rb, pp] * theta_z * Zb, ret[ra, rb, pp]
        )
        _, pass_f, keep_f, drop_f = _border(Fb, Blf, theta_f, kap[fidx] * theta_f * Fb, ret[fidx])
        dom_z = (1.0 - theta_z) * orders + B
        dom_f = (1.0 - theta_f) * Fb + Bf
        d_int = (dom_z + pass_z).sum(axis=1)
        D = d_int + (dom_f + pass_f).sum(axis=1)
        x = _produce(D, alpha * xb, S, Az, W, days_i, crit, model.by_product, params.psi)
        r_int, r_fin = _ration(x, d_int, D)
        short, short_f = (1.0 - r_int)[:, None], (1.0 - r_fin)[:, None]
        delivered = r_int[:, None] * (dom_z + pass_z)
        B, Bf = short * dom_z, short_f * dom_f * keep_fd[:, None]
        Bl, Blf = keep_z + short * pass_z, keep_f + short_f * pass_f
        S = np.where(crit, np.clip(S + delivered - Az * x[None, :], 0.0, None), 0.0)
        alpha = np.where(
            alpha * xb * (1 + 1e-12) < D,
            alpha + (params.overproduction_max - alpha) * step,
            alpha + (1.0 - alpha) * step,
        )
        out.append(x)
        dropped.append(drop_z.sum(axis=1) + drop_f.sum(axis=1))
        x_prev = x
        t += 1
        if t >= shock.days and _settled(x, xb, B, Bl, Bf, Blf, S, target, scale):
            break
    return ArioResult(np.array(out), xb, va_coef(model, params), np.array(dropped))


def _day_link(shock: LinkShock, t: int, headroom: float) -> tuple[np.ndarray, np.ndarray]:
    """Capacity and retention on day t; beyond the shock, normal with headroom, all kept."""
    if t < shock.days:
        kap = shock.capacity[t]
        open_ = kap >= 1.0  # not binding: what waits for headroom is queued, not cancelled
        return np.where(open_, np.maximum(kap, 1.0 + headroom), kap), np.where(
            open_, 1.0, shock.retain[t]
        )
    full = np.full(shock.theta.shape, 1.0 + headroom)
    return full, np.ones(shock.theta.shape)


def _ration(x: np.ndarray, d_int: np.ndarray, D: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Share of intermediate and of final orders served: firms first, in proportion to their
    orders, then final demand with what is left (mixed rationing, Pichler et al. 2022)."""
    r_int = np.where(d_int > 0, np.minimum(1.0, x / np.where(d_int > 0, d_int, 1.0)), 1.0)
    d_fin = D - d_int
    left = np.clip(x - d_int, 0.0, None)
    r_fin = np.where(d_fin > 0, np.minimum(1.0, left / np.where(d_fin > 0, d_fin, 1.0)), 1.0)
    return r_int, r_fin


def _border(
    orders: np.ndarray, backlog: np.ndarray, theta: np.ndarray, cap: np.ndarray, keep: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Orders routed through the simulated ports: what passes, is kept, is dropped.

    Orders already waiting go first; the buyer decides once, on a new order the ports cannot
    carry, whether to keep it (``keep``) or drop it; an order kept waits until it passes.
    """
    new = theta * orders
    passed_old = np.minimum(backlog, cap)
    passed_new = np.minimum(new, cap - passed_old)
    left_new = new - passed_new
    kept = backlog - passed_old + keep * left_new
    return new + backlog, passed_old + passed_new, kept, (1.0 - keep) * left_new


def _produce(
    D: np.ndarray,
    cap: np.ndarray,
    S: np.ndarray,
    Az: np.ndarray,
    W: np.ndarray,
    days_i: np.ndarray,
    crit: np.ndarray,
    by_product: Any,
    psi: float,
) -> np.ndarray:
    """The least of demand, capacity and what the critical stocks allow.

    Each critical input row i of user j allows ``min(1, S_ij / (ψ n_i A_ij x_opt_j))`` of the
    planned output; within a product the origins count by their baseline shares ``W`` (plants
    that rely on the missing origin stop, the others do not), across products the scarcest
    decides.
    """
    x_opt = np.minimum(D, cap)
    need = psi * days_i[:, None] * Az * x_opt[None, :]
    binding = crit & (need > 0)
    avail = np.where(binding, np.minimum(1.0, S / np.where(binding, need, 1.0)), 1.0)
    crit_rows = crit & (Az > 0)
    by_p = by_product(np.where(crit_rows, W * avail, 0.0))
    weight = by_product(np.where(crit_rows, W, 0.0))
    frac = np.where(weight > 0, by_p / np.where(weight > 0, weight, 1.0), 1.0)
    return x_opt * np.minimum(1.0, frac.min(axis=0))


def _settled(x: np.ndarray, xb: np.ndarray, *books: Any) -> bool:
    *orders, S, target, scale = books
    gap = float(np.abs(x - xb).sum()) / scale
    open_books = sum(float(b.sum()) for b in orders) / scale
    stock_gap = float(np.abs(S - target).sum()) / scale
    return gap < SETTLE_TOL and open_books < SETTLE_TOL and stock_gap < SETTLE_TOL * 100
