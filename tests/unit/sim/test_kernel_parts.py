"""Exactness of the kernel's shortcuts: in-place selection, patience bounds, lane fast path."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from borderlever.sim.finalize import _select
from borderlever.sim.primary import PAT_BINS, patience_lower_bounds
from borderlever.sim.rng import norm_ppf


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.floats(0.0, 1e4, allow_nan=False), min_size=1, max_size=200),
    st.data(),
)
def test_select_is_the_kth_order_statistic(values: list[float], data: st.DataObject) -> None:
    a = np.array(values)
    k = data.draw(st.integers(0, len(a) - 1))
    b = a.copy()
    got = _select(b, 0, len(b), k)
    assert got == np.sort(a)[k]
    assert np.all(b[:k] <= got) and np.all(b[k + 1 :] >= got)
    assert sorted(b.tolist()) == sorted(a.tolist())  # a permutation: nothing lost


def test_select_on_large_arrays_with_ties() -> None:
    """Above 600 elements the sampling step runs; waits can tie (zeros are filtered, but equal
    positive waits occur when lanes open on the hour)."""
    rng = np.random.default_rng(5)
    for n in (601, 1000, 5000, 20000):
        for a in (rng.exponential(10, n), np.round(rng.exponential(10, n)), np.full(n, 3.0)):
            for k in (0, n // 2, int(0.95 * n), n - 1):
                b = a.copy()
                assert _select(b, 0, n, k) == np.sort(a)[k]
                assert np.all(b[:k] <= b[k]) and np.all(b[k + 1 :] >= b[k])


def test_patience_lower_bounds_never_exceed_the_patience() -> None:
    """The shortcut skips the patience only when the wait is at or below the bin's bound, so the
    bound must not exceed any patience drawn from that bin (else results would change)."""
    mu = np.log(np.array([60.0, 180.0, 720.0, 1.0])) - 0.1
    sig = np.array([0.47, 0.47, 0.2, 1.5])
    lo = patience_lower_bounds(mu, sig)
    u = np.random.default_rng(1).random(200_000)
    u = np.concatenate([u, np.arange(1, PAT_BINS) / PAT_BINS])  # the bin edges themselves
    ppf = np.array([norm_ppf(x) for x in u])
    for q in range(len(mu)):
        pat = np.exp(mu[q] + sig[q] * ppf)
        assert np.all(lo[q, (u * PAT_BINS).astype(int)] <= pat)
    assert np.all(lo[:, 0] == 0.0)
