"""The dynamic model's day loop, compiled with numba.

:func:`run_days` is the loop of :mod:`borderlever.economics.ario` (orders, the border, production,
rationing, stocks, overproduction: steps 1-6 of that module's docstring) written cell by cell, so
that one day is three passes over the (n, n) table with no temporary arrays.  It gives the numbers
of the numpy reference :func:`borderlever.economics.ario_reference.run_reference` to rounding
(sums are taken in another order); ``tests/validation/test_ario_kernel_against_numpy_reference.py``
checks it.  Compiled with ``cache=True``: a process (a Dask worker) loads the machine code from
numba's on-disk cache beside this file, compiling it only where none exists.

References
----------
Hallegatte, S. (2014), "Modeling the role of inventories and heterogeneity in the assessment of the
economic costs of natural disasters", Risk Analysis 34(1): 152-167.
Pichler, A. et al. (2022), "Forecasting the propagation of pandemic shocks with a dynamic
input-output model", Journal of Economic Dynamics and Control 144: 104527.
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True)
def _link(cap, ret, t, a, b, p, headroom):
    """Capacity and retention of link (a, b, p) on day t (after the shock: headroom, all kept)."""
    if t < cap.shape[0]:
        k = cap[t, a, b, p]
        if k >= 1.0:  # not binding: what waits for headroom is queued, not cancelled
            return max(k, 1.0 + headroom), 1.0
        return k, ret[t, a, b, p]
    return 1.0 + headroom, 1.0


@njit(cache=True)
def _border(order, backlog, theta, cap, keep):
    """(passed, kept, dropped) of one cell: orders waiting go first; the buyer keeps a share
    ``keep`` of the new orders the ports cannot carry and drops the rest."""
    new = theta * order
    passed_old = min(backlog, cap)
    passed_new = min(new, cap - passed_old)
    left_new = new - passed_new
    return passed_old + passed_new, backlog - passed_old + keep * left_new, (1.0 - keep) * left_new


@njit(cache=True)
def _demand(t, x_prev, st, fx, shock, par, scratch):
    """Steps 1-2: orders and the border; fills the scratch arrays, returns total demand D."""
    Zb, Fb, xb, Az, W, crit, days_i, target, theta_z, theta_f, keep_fd, reg, prod = fx
    S, B, Bl, Bf, Blf, alpha = st
    cap, ret = shock
    headroom, tau, psi, alpha_max, step = par
    dom_z, pass_z, dom_f, pass_f, d_int, D, drop = scratch
    n, R = Fb.shape
    for i in range(n):
        a, p = reg[i], prod[i]
        tot, drop_z = 0.0, 0.0
        for j in range(n):
            kap, keep = _link(cap, ret, t, a, reg[j], p, headroom)
            on_order = B[i, j] + Bl[i, j]
            restore = (target[i, j] - S[i, j] - on_order) / tau if crit[i, j] else -on_order
            order = max(Az[i, j] * x_prev[j] + restore, 0.0)
            th = theta_z[i, j]
            passed, kept, dropped = _border(order, Bl[i, j], th, kap * th * Zb[i, j], keep)
            dom = (1.0 - th) * order + B[i, j]
            dom_z[i, j], pass_z[i, j], Bl[i, j] = dom, passed, kept
            tot += dom + passed
            drop_z += dropped
        d_int[i] = tot
        fin, drop_f = 0.0, 0.0
        for r in range(R):
            kap, keep = _link(cap, ret, t, a, r, p, headroom)
            th = theta_f[i, r]
            passed, kept, dropped = _border(Fb[i, r], Blf[i, r], th, kap * th * Fb[i, r], keep)
            dom = (1.0 - th) * Fb[i, r] + Bf[i, r]
            dom_f[i, r], pass_f[i, r], Blf[i, r] = dom, passed, kept
            fin += dom + passed
            drop_f += dropped
        D[i] = tot + fin
        drop[i] = drop_z + drop_f


@njit(cache=True)
def _produce(x, st, fx, psi, n_products, D, byp, wt):
    """Step 3: the least of demand, capacity and what the critical stocks allow, into ``x``."""
    Zb, Fb, xb, Az, W, crit, days_i, target, theta_z, theta_f, keep_fd, reg, prod = fx
    S, B, Bl, Bf, Blf, alpha = st
    n = xb.shape[0]
    x_opt = np.minimum(D, alpha * xb)
    byp[:, :] = 0.0
    wt[:, :] = 0.0
    for i in range(n):
        p = prod[i]
        lead = psi * days_i[i]
        for j in range(n):
            if crit[i, j] and Az[i, j] > 0:
                need = lead * Az[i, j] * x_opt[j]
                avail = min(1.0, S[i, j] / need) if need > 0 else 1.0
                byp[p, j] += W[i, j] * avail
                wt[p, j] += W[i, j]
    for j in range(n):
        m = 1.0
        for q in range(n_products):
            if wt[q, j] > 0:
                m = min(m, byp[q, j] / wt[q, j])
        x[j] = x_opt[j] * m


@njit(cache=True)
def _settle(x, st, fx, scratch, D, par):
    """Steps 4-6: rationing, order books, stocks and overproduction after production ``x``."""
    Zb, Fb, xb, Az, W, crit, days_i, target, theta_z, theta_f, keep_fd, reg, prod = fx
    S, B, Bl, Bf, Blf, alpha = st
    dom_z, pass_z, dom_f, pass_f, d_int, _, _ = scratch
    headroom, tau, psi, alpha_max, step = par
    n, R = Fb.shape
    for i in range(n):
        r_int = min(1.0, x[i] / d_int[i]) if d_int[i] > 0 else 1.0
        d_fin = D[i] - d_int[i]
        left = max(x[i] - d_int[i], 0.0)
        r_fin = min(1.0, left / d_fin) if d_fin > 0 else 1.0
        short, short_f = 1.0 - r_int, 1.0 - r_fin
        for j in range(n):
            delivered = r_int * (dom_z[i, j] + pass_z[i, j])
            B[i, j] = short * dom_z[i, j]
            Bl[i, j] = Bl[i, j] + short * pass_z[i, j]
            S[i, j] = max(S[i, j] + delivered - Az[i, j] * x[j], 0.0) if crit[i, j] else 0.0
        for r in range(R):
            Bf[i, r] = short_f * dom_f[i, r] * keep_fd[i]
            Blf[i, r] = Blf[i, r] + short_f * pass_f[i, r]
    for j in range(n):
        if alpha[j] * xb[j] * (1 + 1e-12) < D[j]:
            alpha[j] = alpha[j] + (alpha_max - alpha[j]) * step
        else:
            alpha[j] = alpha[j] + (1.0 - alpha[j]) * step


@njit(cache=True)
def _settled(x, xb, st, target, scale, tol):
    """Output back at baseline, order books empty, stocks at target (relative to ``scale``)."""
    S, B, Bl, Bf, Blf, alpha = st
    gap = np.abs(x - xb).sum() / scale
    books = (B.sum() + Bl.sum() + Bf.sum() + Blf.sum()) / scale
    stock_gap = np.abs(S - target).sum() / scale
    return gap < tol and books < tol and stock_gap < tol * 100


@njit(cache=True)
def run_days(fx, shock, par, n_products, limit, scale, tol):
    """Run the day loop until ``limit`` days or, after the shock, until it settles.

    Parameters
    ----------
    fx : tuple
        Fixed arrays: ``Zb, Fb, xb, Az, W, crit, days_i, target, theta_z, theta_f, keep_fd, reg,
        prod`` (see :func:`borderlever.economics.ario._kernel_args`) [table units/day, -].
    shock : tuple
        ``(capacity, retention)``, each (T, R, R, P) [-].
    par : tuple
        ``(headroom, restoration_days, psi, overproduction_max, 1 / overproduction_days)``.
    n_products, limit : int
        Products ``P``; the longest run [days].
    scale, tol : float
        Total baseline output [table units/day]; the relative settling tolerance [-].

    Returns
    -------
    (output, dropped) : ndarray (days, n) each
        Production and orders dropped at the border, per day [table units/day].
    """
    Fb, xb = fx[1], fx[2]
    target = fx[7]
    n, R = Fb.shape
    zn, zr = np.zeros((n, n)), np.zeros((n, R))
    st = (target.copy(), zn, zn.copy(), zr, zr.copy(), np.ones(n))
    en, er, e1 = np.empty((n, n)), np.empty((n, R)), np.empty(n)
    scratch = (en, en.copy(), er, er.copy(), e1, e1.copy(), e1.copy())
    D = scratch[5]
    byp, wt = np.empty((n_products, n)), np.empty((n_products, n))
    out, dropped = np.empty((limit, n)), np.empty((limit, n))
    x_prev = xb.copy()
    days = shock[0].shape[0]
    t = 0
    while t < limit:
        _demand(t, x_prev, st, fx, shock, par, scratch)
        x = out[t]
        _produce(x, st, fx, par[2], n_products, D, byp, wt)
        _settle(x, st, fx, scratch, D, par)
        dropped[t, :] = scratch[6]
        x_prev = x
        t += 1
        if t >= days and _settled(x, xb, st, target, scale, tol):
            break
    return out[:t].copy(), dropped[:t].copy()
