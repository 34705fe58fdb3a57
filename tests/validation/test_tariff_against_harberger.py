"""The tariff's deadweight loss against the Harberger triangle (closed form, small tariffs)."""

from __future__ import annotations

import numpy as np
import pytest

from borderlever.economics.tariff import tariff_effects


@pytest.mark.parametrize("eps", [0.5, 1.0, 2.53, 5.0])
def test_deadweight_loss_against_harberger_triangle(eps):
    """Harberger (1964) / Amiti, Redding & Weinstein (2019, eq. 3 with complete pass-through):
    deadweight loss ~ 0.5 * eps * tau**2 * V for a small tariff tau on imports V.  Our loss is
    the exact triangle under constant-elasticity demand, so it agrees to second order: at
    tau = 1 % the relative gap is O(eps * tau), below 3 % for eps <= 5."""
    tau, value = 0.01, 1e9
    dwl = tariff_effects(np.array([value]), tau, 1.0, np.array([eps]))["deadweight_usd"][0]
    assert dwl == pytest.approx(0.5 * eps * tau**2 * value, rel=0.03)


def test_duty_revenue_against_laffer_peak():
    """Closed form: with complete pass-through and constant elasticity eps, duty revenue
    tau * V * (1 + tau) ** -eps peaks at tau* = 1 / (eps - 1).  Exact up to the grid step."""
    eps = 3.0
    taus = np.linspace(0.01, 2.0, 2000)
    rev = [tariff_effects(np.array([1.0]), t, 1.0, np.array([eps]))["duty_usd"][0] for t in taus]
    assert taus[int(np.argmax(rev))] == pytest.approx(1.0 / (eps - 1.0), abs=2e-3)
