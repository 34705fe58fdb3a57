"""The compiled hourly metrics and their running means against the NumPy expressions they
replace (element by element, exactly), on random raw output with empty hours and closed lanes."""

from __future__ import annotations

import numpy as np

from borderlever.sim import hourly as H
from borderlever.sim import layout as L


def _raw(rng: np.random.Generator, b: int = 3, q: int = 4, n_h: int = 50) -> np.ndarray:
    raw = rng.normal(0.0, 5.0, (b, q, n_h, L.N_K))
    raw[..., L.K_OPENED] = np.where(
        rng.random((b, q, n_h)) < 0.8, 0.0, rng.integers(1, 3, (b, q, n_h))
    )
    raw[..., L.K_WN] = np.where(
        rng.random((b, q, n_h)) < 0.3, 0.0, rng.integers(1, 50, (b, q, n_h))
    )
    return raw


def _numpy_metrics(raw: np.ndarray, open_lanes: np.ndarray) -> dict[str, np.ndarray]:
    cum = np.cumsum
    ol = np.broadcast_to(open_lanes, raw.shape[:-1])
    busy = raw[..., L.K_BUSY] + 60.0 * cum(raw[..., L.K_BUSYFULL], axis=-1)
    lanes = ol + raw[..., L.K_OPENED]  # booths the elastic rule opened count as open
    nan = np.where(raw[..., L.K_WN] > 0, 1.0, np.nan)
    return {
        "open_lanes": ol,
        **{k: raw[..., s] for k, s in H.PLAIN.items()},
        "wait_mean_min": raw[..., L.K_WMEAN] * nan,
        "wait_p50_min": raw[..., L.K_WP50] * nan,
        "wait_p95_min": raw[..., L.K_WP95] * nan,
        "wait_max_min": raw[..., L.K_WMAX] * nan,
        "queue_mean": (raw[..., L.K_QAREA] + 60.0 * cum(raw[..., L.K_QFULL], axis=-1)) / 60.0,
        "queue_end": cum(raw[..., L.K_QCOVER], axis=-1),
        "backlog": cum(raw[..., L.K_SYSCOVER], axis=-1),
        "lane_utilisation": np.divide(
            busy, lanes * 60.0, out=np.full_like(busy, np.nan), where=lanes > 0
        ),
    }


def test_derive_equals_the_numpy_expressions() -> None:
    rng = np.random.default_rng(3)
    raw = _raw(rng)
    open_lanes = rng.integers(0, 3, raw.shape[1:3]).astype(float)
    comp = H.derive(raw, open_lanes)
    ref = _numpy_metrics(raw, open_lanes)
    assert tuple(ref) == H.METRICS
    for j, k in enumerate(H.COMPUTED):
        np.testing.assert_array_equal(comp[j], ref[k], err_msg=k)  # NaN where NaN, else exact
    assert np.isnan(comp[0][raw[..., L.K_WN] == 0]).all()


def test_accumulate_equals_adding_replications_one_by_one() -> None:
    """Two batches of different sizes added to the running sums give exactly the sums of the
    replications added in order with NumPy (NaN skipped and not counted); only the computed
    metrics can be NaN, so only they keep a count per cell."""
    rng = np.random.default_rng(4)
    open_lanes = rng.integers(0, 3, (4, 50)).astype(float)
    shape = (len(H.METRICS), 4, 50)
    first = len(H.METRICS) - len(H.COMPUTED)
    sums, counts = np.zeros(shape), np.zeros((len(H.COMPUTED), 4, 50), dtype=np.int64)
    ref_sum, ref_n = np.zeros(shape), np.zeros(shape, dtype=np.int64)
    for b in (3, 2):
        raw = _raw(rng, b=b)
        H.accumulate(raw, open_lanes, H.derive(raw, open_lanes), sums, counts)
        ref = _numpy_metrics(raw, open_lanes)
        for r in range(b):
            for i, k in enumerate(H.METRICS):
                v = ref[k][r]
                ok = np.isfinite(v)
                ref_sum[i] = ref_sum[i] + np.where(ok, v, 0.0)
                ref_n[i] = ref_n[i] + ok
    np.testing.assert_array_equal(sums, ref_sum)
    np.testing.assert_array_equal(counts, ref_n[first:])
    assert (ref_n[:first] == 5).all()  # the plain metrics count every replication
    assert counts[H.COMPUTED.index("wait_mean_min")].max() <= 5
    assert counts[H.COMPUTED.index("wait_mean_min")].min() < 5


def test_daily_sums_are_the_hours_of_each_day() -> None:
    """Daily sums against NumPy's per-day sums (within rounding: NumPy adds pairwise, the
    compiled pass hour by hour; exact for the counts), a short last day included, and the
    queue and backlog at each day's last hour."""
    rng = np.random.default_rng(6)
    raw = _raw(rng, n_h=50)  # 24 + 24 + 2 hours
    for s in H._DAILY_SLOTS[:-1]:  # counts: whole numbers, as the kernel writes them
        raw[..., s] = rng.integers(0, 40, raw.shape[:-1])
    comp = H.derive(raw, np.ones(raw.shape[1:3]))
    got = H.daily(raw, comp, 24)
    starts = np.array([0, 24, 48])
    for i, k in enumerate(H.DAILY_SUMS):
        ref = np.add.reduceat(raw[..., H.PLAIN[k]], starts, axis=-1)
        if k == "wait_min_sum":
            np.testing.assert_allclose(got[i], ref, rtol=1e-13, atol=1e-12, err_msg=k)
        else:
            np.testing.assert_array_equal(got[i], ref, err_msg=k)
    n_s = len(H.DAILY_SUMS)
    ends = [23, 47, 49]
    np.testing.assert_array_equal(got[n_s], comp[H.COMPUTED.index("queue_end")][..., ends])
    np.testing.assert_array_equal(got[n_s + 1], comp[H.COMPUTED.index("backlog")][..., ends])
