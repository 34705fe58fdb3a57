"""Tariff pricing: identities of the partial-equilibrium effects, scope, and the no-change case."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from borderlever.economics.tariff import (
    covered_share,
    elasticities,
    flows_effects,
    load_tariff_table,
    net_cost_by_country,
    tariff_effects,
)

V = np.array([100.0, 50.0])
EPS = np.array([1.0, 3.0])


def test_zero_rate_changes_nothing():
    eff = tariff_effects(V, 0.0, 1.0, EPS)
    for values in eff.values():
        assert np.all(values == 0.0)


def test_complete_pass_through_burden_equals_duty_and_exporter_price_unchanged():
    eff = tariff_effects(V, 0.25, 1.0, EPS)
    np.testing.assert_allclose(eff["burden_usd"], eff["duty_usd"])
    assert np.all(eff["price_loss_usd"] == 0.0)


def test_no_pass_through_exporter_absorbs_and_volume_unchanged():
    eff = tariff_effects(V, 0.25, 0.0, EPS)
    assert np.all(eff["lost_sales_usd"] == 0.0)
    assert np.all(eff["burden_usd"] == 0.0)
    # the duties are paid entirely out of the exporter's price cut: tau * V * Q == V * (1 - Q)
    np.testing.assert_allclose(eff["duty_usd"], eff["price_loss_usd"])


@given(
    r1=st.floats(0.0, 1.0), r2=st.floats(0.0, 1.0), phi=st.floats(0.0, 1.0), eps=st.floats(0.1, 20)
)
def test_higher_rate_never_lowers_lost_sales_or_importer_loss(r1, r2, phi, eps):
    """Lost sales and the importer's gross loss (burden + deadweight) rise with the rate; the
    burden alone may fall (fewer goods bought), as duty revenue does past its peak."""
    lo, hi = sorted((r1, r2))
    a = tariff_effects(np.array([1.0]), lo, phi, np.array([eps]))
    b = tariff_effects(np.array([1.0]), hi, phi, np.array([eps]))
    assert b["lost_sales_usd"][0] >= a["lost_sales_usd"][0] - 1e-12
    loss_a = a["burden_usd"][0] + a["deadweight_usd"][0]
    assert b["burden_usd"][0] + b["deadweight_usd"][0] >= loss_a - 1e-12
    for values in b.values():
        assert values[0] >= 0.0


def test_scope_and_usmca_share():
    hs2 = pd.Series(["01", "27", "87"])
    share = covered_share(hs2, None, ["27"], pd.Series({"87": 0.8, "01": 0.0}))
    assert share.tolist() == pytest.approx([1.0, 0.0, 0.2])


def test_every_trade_chapter_has_an_elasticity():
    table = load_tariff_table()
    assert table["hs2"].is_unique and len(table) == 98
    assert (table["theta"] > 0).all() and (table["theta_se"] >= 0).all()
    assert elasticities(pd.Series(["87"]), 1.0, table).tolist() == [1.01]


def test_flows_effects_groups_days_by_rate_and_skips_zero():
    flows = pd.DataFrame(
        {"exporter": ["MEX"], "importer": ["USA"], "hs2": ["87"], "value_usd_per_day": [10.0]}
    )
    eff = flows_effects(flows, np.array([0, 0, 0.05, 0.05, 0.1]), 1.0, np.array([1.0]))
    assert eff["rate"].tolist() == [0.05, 0.1]
    assert eff["n_days"].tolist() == [2, 1]


def test_net_cost_nets_duties_within_the_importer():
    eff = pd.DataFrame(
        {
            "exporter": ["MEX", "USA"],
            "importer": ["USA", "MEX"],
            "duty_usd": [10.0, 2.0],
            "burden_usd": [10.0, 1.5],
            "deadweight_usd": [1.0, 0.2],
            "price_loss_usd": [0.0, 0.3],
        }
    )
    cost = net_cost_by_country(eff, pd.DataFrame({"country": ["MEX"], "va_loss_usd": [4.0]}))
    assert cost["USA"] == pytest.approx(1.0 + 0.3)
    assert cost["MEX"] == pytest.approx(4.0 + 1.5 + 0.2 - 2.0)
