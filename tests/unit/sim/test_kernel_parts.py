"""Exactness of the kernel's shortcuts: in-place selection, patience bounds, lane fast path."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from borderlever.sim.finalize import HIST_BINS, _select, _select_pair
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


def _pair(a: np.ndarray, r1: int, r2: int) -> tuple[float, float]:
    cnt = np.empty(HIST_BINS, dtype=np.int64)
    tmp = np.full(2 * len(a) + 2, np.nan)
    b = a.copy()
    got = _select_pair(b, len(b), r1, r2, float(b.max()), cnt, tmp)
    assert np.array_equal(b, a)  # the input is only read
    return got


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.floats(1e-9, 1e4, allow_nan=False), min_size=1, max_size=400),
    st.data(),
)
def test_select_pair_gives_both_order_statistics(values: list[float], data: st.DataObject) -> None:
    """The counting selection (hourly p50 and p95 from 64 positive waits on) against a sort."""
    a = np.array(values)
    r1 = data.draw(st.integers(0, len(a) - 1))
    r2 = data.draw(st.integers(r1, len(a) - 1))
    assert _pair(a, r1, r2) == (np.sort(a)[r1], np.sort(a)[r2])


def test_select_pair_on_skewed_tied_and_large_arrays() -> None:
    """Shapes where one bin holds most values, so the narrowing rounds and their end cases run:
    a long tail (a few secondary inspections in an hour of short waits), heavy ties, values in
    a range far narrower than their size, one huge outlier, sizes up to 50,000."""
    rng = np.random.default_rng(7)
    shapes = []
    for n in (64, 100, 1000, 50_000):
        tail = rng.exponential(2.0, n) + 1e-6
        tail[rng.random(n) < 0.03] += 120.0
        shapes += [
            tail,
            np.round(rng.exponential(3.0, n)) + 1.0,
            np.full(n, 7.5),
            1000.0 + rng.random(n) * 1e-9,
            np.concatenate([rng.random(n - 1) + 0.5, [1e12]]),
        ]
    for a in shapes:
        n = len(a)
        srt = np.sort(a)
        for r1, r2 in ((0, n - 1), (n // 2, int(0.95 * n)), (n // 3, n // 3), (n - 1, n - 1)):
            assert _pair(a, r1, r2) == (srt[r1], srt[r2])


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


def test_the_integer_bin_of_a_hashed_uniform_is_the_float_one() -> None:
    """``u64_uniform_bin`` replaces ``int(u64_uniform(z) * 2**bits)`` in the patience test: equal
    on random words and on every word next to a bin edge, where ``m + 0.5`` rounds (``m >=
    2**52``) and the top edge, where the uniform rounds to 1.0."""
    from numba import njit

    from borderlever.sim.rng import u64_uniform, u64_uniform_bin

    @njit
    def both(z, bits):
        f = np.empty(z.shape[0], np.int64)
        i = np.empty(z.shape[0], np.int64)
        for k in range(z.shape[0]):
            f[k] = int(u64_uniform(z[k]) * (1 << bits))
            i[k] = u64_uniform_bin(z[k], bits)
        return f, i

    rng = np.random.default_rng(11)
    words = [rng.integers(0, 2**64, size=200_000, dtype=np.uint64, endpoint=False)]
    for bits in (1, 6, 10):
        step = 2 ** (53 - bits)
        m = np.array(
            [
                k * step + d
                for k in range(2**bits + 1)
                for d in range(-3, 4)
                if 0 <= k * step + d < 2**53
            ],
            dtype=np.uint64,
        )
        words.append(
            np.concatenate([(m << np.uint64(11)) | np.uint64(low) for low in (0, 1, 2047)])
        )
    z = np.concatenate(words)
    for bits in (1, 6, 10):
        f, i = both(z, bits)
        np.testing.assert_array_equal(i, f)
    assert both(np.array([2**64 - 1], dtype=np.uint64), 6)[1][0] == 64  # u rounds to 1.0


def _earliest_by_scan(t, free, servers, H):
    """Reference: each lane starts at the first time >= max(free, t) in an hour it is open."""
    best, lane = np.inf, -1
    for j, f in enumerate(free):
        s = max(f, t)
        h = int(s * (1.0 / 60.0))
        while h < H and servers[h] <= j:
            h += 1
            s = h * 60.0
        if h < H and s < best:
            best, lane = s, j
    return best, lane


@settings(max_examples=500, deadline=None)
@given(st.data())
def test_earliest_lane_is_the_first_free_and_open_one(data: st.DataObject) -> None:
    """``_earliest`` (fast path, busy path, full scan) against a plain scan of every lane, with
    lanes closing from the top, times on hour boundaries and lanes free before ``t``."""
    from borderlever.sim.lanes import _earliest, next_open_table

    H = data.draw(st.integers(1, 6))
    L = data.draw(st.integers(1, 6))
    servers = np.array(data.draw(st.lists(st.integers(0, L), min_size=H, max_size=H)))
    when = st.one_of(
        st.floats(0.0, H * 60.0 + 30.0, allow_nan=False),
        st.sampled_from([60.0 * k for k in range(H + 1)]),
    )
    free = np.array(data.draw(st.lists(when, min_size=L, max_size=L)))
    t = data.draw(when.filter(lambda x: x < H * 60.0))
    table = next_open_table(servers[None, :], np.array([0, L * H]), np.array([L]), H)
    got = _earliest(t, free, 0, L, servers[None, None, :], 0, 0, table, 0, H)
    assert got == _earliest_by_scan(t, free, servers, H)
