"""The one interval helper: support respected, 1 and 2 replications, equal values, callers agree."""

from __future__ import annotations

import math

import numpy as np
import pytest

from borderlever.intervals import ANY_SIGN, interval, mean_interval


def test_one_replication_gives_no_bounds_everywhere() -> None:
    """One draw cannot measure replication noise: every helper says so (no collapse to the mean)."""
    from borderlever.economics.summary import interval as econ_interval
    from borderlever.runs.stats import interval as summary_interval
    from borderlever.sim.result import t_interval

    assert interval([3.0]) == (None, None)
    assert summary_interval([3.0]) == {"mean": 3.0, "ci_low": None, "ci_high": None}
    m, lo, hi = t_interval(np.array([3.0]))
    assert m == 3.0 and math.isnan(lo) and math.isnan(hi)
    m, lo, hi = econ_interval(np.array([3.0]), 0.95)
    assert m == 3.0 and math.isnan(lo) and math.isnan(hi)


def test_callers_agree_with_the_helper() -> None:
    """runs.stats, sim.result and economics.summary give the same bounds for the same values."""
    from borderlever.economics.summary import interval as econ_interval
    from borderlever.runs.stats import interval as summary_interval
    from borderlever.sim.result import t_interval

    values = np.array([0.5, 4.0, 0.1, 9.0])
    low, high = interval(values)
    assert t_interval(values)[1:] == (low, high)
    assert econ_interval(values, 0.95)[1:] == (low, high)
    s = summary_interval(values)
    assert s["ci_low"] == pytest.approx(low, rel=1e-5)
    assert s["ci_high"] == pytest.approx(high, rel=1e-5)


@pytest.mark.parametrize("n", [2, 3, 5, 30])
def test_never_below_zero_for_non_negative_figures(n: int) -> None:
    """Skewed non-negative samples (most zeros, one large) would give a negative t bound."""
    rng = np.random.default_rng(n)
    for _ in range(200):
        values = rng.exponential(1.0, n) * (rng.random(n) < 0.3)
        low, high = interval(values)
        assert low is not None and high is not None
        assert 0.0 <= low <= high
    low, _ = interval(np.r_[np.zeros(n - 1), 100.0])
    assert low == 0.0


def test_two_replications_and_all_equal_values() -> None:
    low, high = interval([1.0, 3.0])
    # mean 2, sd sqrt(2), t(0.975, 1) = 12.706: the raw t interval is [-10.7, 14.7]
    assert low == 0.0 and high == pytest.approx(2.0 + 12.7062 * 1.0, rel=1e-4)
    assert interval([0.0, 0.0]) == (0.0, 0.0)
    assert interval([2.5] * 7) == (2.5, 2.5)
    assert mean_interval([0.0, 0.0, 0.0]) == (0.0, 0.0, 0.0)


def test_support_upper_bound_and_any_sign() -> None:
    low, high = interval([0.9, 1.0, 0.99], support=(0.0, 1.0))
    assert high == 1.0 and 0.0 < low < 1.0
    low, _ = interval([-1.0, 1.0, 0.5], support=ANY_SIGN)
    assert low is not None and low < 0.0


def test_bad_arguments_raise_clear_errors() -> None:
    with pytest.raises(ValueError, match="level"):
        interval([1.0, 2.0], level=1.5)
    with pytest.raises(ValueError, match="support"):
        interval([1.0, 2.0], support=(1.0, 0.0))
    assert interval([float("nan"), 1.0]) == (None, None)
    assert mean_interval([]) == (None, None, None)
