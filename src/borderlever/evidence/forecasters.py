"""Candidate counterfactuals for the placebo-skill engine, all on the log scale, with or without
control series.

Each candidate takes a :class:`Window` (the log values of the pre-period, and the log values of
any control series over the pre-period and the months projected) and returns a
:class:`LogForecast`: the projected log level and the model's own prediction interval.  The
candidates, by family:

``baseline`` (always computed; simple enough to check by hand)
    ``snaive_log``: seasonal naive, last level times last year's seasonal ratio,
    ``log y[T+h] = log y[T] + (log y[T+h-12] - log y[T-12])``; its own interval is the spread of
    the same rule's h-step errors inside the window (empirical quantiles).
    ``llevel_log``: local-level model with fixed monthly seasonality (statsmodels
    ``UnobservedComponents(level="local level", seasonal=12, stochastic_seasonal=False)``).
``univariate`` (the first wave's models)
    ``ols_log``, ``ar1_log``, ``ucm_log`` (see :mod:`borderlever.evidence.counterfactual`).
``controls`` (need series the lever did not act on, observed after the event too)
    ``ctrl_ucm_log``: CausalImpact-style structural model [1]_: local level, fixed monthly
    seasonality and a regression on the log control series, the coefficients kept in the state
    vector (``mle_regression=False``, so their uncertainty enters the forecast variance).
    ``synth_log``: synthetic control [2]_ on seasonally adjusted logs: each series minus its own
    calendar-month means in the window, then weights ``w >= 0, sum w = 1`` minimising the squared
    pre-period gap (constrained least squares, :func:`synth_weights`); the projection is the
    treated series' month means plus the weighted controls' adjusted values.  Its own interval
    is the pre-fit residual standard deviation times the normal quantile (no weight uncertainty;
    the reported interval is the placebo-calibrated one).

State-space candidates accept ``params`` (from an earlier fit) and then only re-run the Kalman
filter: the placebo engine re-estimates them every 12 pseudo-events, on data before each.

References
----------
.. [1] Brodersen, K. H. et al. (2015). Inferring causal impact using Bayesian structural
       time-series models. Annals of Applied Statistics 9(1), 247-274.
.. [2] Abadie, A., Diamond, A., Hainmueller, J. (2010). Synthetic control methods for comparative
       case studies. JASA 105(490), 493-505; Doudchenko, N., Imbens, G. (2016). Balancing,
       regression, difference-in-differences and synthetic control methods: a synthesis.
       NBER WP 22791 (demeaned synthetic control).
.. [3] Hyndman, R. J., Athanasopoulos, G. (2021). Forecasting: Principles and Practice, 3rd ed.,
       ch. 5.2 (seasonal naive) and 8 (exponential smoothing / local level). OTexts.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import optimize, stats

from borderlever.errors import DataError

Family = Literal["baseline", "univariate", "controls"]


@dataclass(frozen=True)
class Window:
    """The data one forecast sees.

    Attributes
    ----------
    y : numpy.ndarray
        log of the series over the pre-period months (no missing values) [log of series unit].
    months : pandas.DatetimeIndex
        The pre-period months (month starts), same length as ``y``.
    post_months : pandas.DatetimeIndex
        Months to project.
    x, x_post : numpy.ndarray or None
        log of the control series over ``months`` and ``post_months``, one column per control.
    """

    y: np.ndarray
    months: pd.DatetimeIndex
    post_months: pd.DatetimeIndex
    x: np.ndarray | None = None
    x_post: np.ndarray | None = None

    @property
    def t0(self) -> int:
        """Month ordinal of the first pre-period month (months since 1970-01)."""
        return _ordinal(self.months[0])

    def calendar(self) -> tuple[np.ndarray, np.ndarray]:
        """Calendar month (0 = January) of each pre-period and each projected month."""
        n, steps = len(self.y), len(self.post_months)
        allm = (self.t0 + np.arange(n + steps)) % 12
        return allm[:n], allm[n:]


def _ordinal(month: pd.Timestamp) -> int:
    return (month.year - 1970) * 12 + month.month - 1


def trend_design(n: int, steps: int, t0: int) -> tuple[np.ndarray, np.ndarray]:
    """Intercept, trend [months] and 11 month dummies (January = base) for ``n`` pre-period and
    ``steps`` projected months starting at month ordinal ``t0`` (same columns as
    :func:`borderlever.evidence.counterfactual.design_matrix`).

    Examples
    --------
    >>> pre, post = trend_design(3, 1, 0)  # January 1970 onwards
    >>> pre[:, :4].tolist(), post[0, :2].tolist()
    ([[1.0, 0.0, 0.0, 0.0], [1.0, 1.0, 1.0, 0.0], [1.0, 2.0, 0.0, 1.0]], [1.0, 3.0])
    """
    t = np.arange(n + steps, dtype=float)
    moy = (t0 + np.arange(n + steps)) % 12
    dummies = (moy[:, None] == np.arange(1, 12)[None, :]).astype(float)
    x = np.column_stack([np.ones(n + steps), t, dummies])
    return x[:n], x[n:]


@dataclass(frozen=True)
class LogForecast:
    """Projected log level and the model's own interval over ``post_months`` [log unit]."""

    mean: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    params: Any = None
    info: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Candidate:
    """A candidate model: name, family, whether it needs controls or is a state-space model."""

    name: str
    family: Family
    title: str
    fn: Callable[[Window, float, Any, Any], LogForecast]
    needs_controls: bool = False
    state_space: bool = False


def seasonal_naive(y: np.ndarray, steps: int) -> np.ndarray:
    """Seasonal-naive projection on the log scale: last level times last year's seasonal ratio.

    ``log y[T+h] = log y[T] + log y[T+h-12] - log y[T-12]`` for ``h = 1 .. steps`` (``steps <= 12``,
    ``len(y) >= 13``).

    Examples
    --------
    >>> y = np.log([100.0, 80, 90, 110, 120, 100, 90, 95, 100, 105, 110, 120, 150])
    >>> np.round(np.exp(seasonal_naive(y, 2)), 3).tolist()  # 150 * 80/100, 150 * 90/100
    [120.0, 135.0]
    """
    n = len(y)
    if n < 13 or not 1 <= steps <= 12:
        raise DataError(
            f"seasonal naive needs at least 13 months and at most 12 steps (got {n}, {steps})"
        )
    h = np.arange(1, steps + 1)
    return y[-1] + y[n - 13 + h] - y[n - 13]


@lru_cache(maxsize=256)
def _t_quantile(q: float, df: float) -> float:
    return float(stats.t.ppf(q, df))


@lru_cache(maxsize=64)
def _z(q: float) -> float:
    return float(stats.norm.ppf(q))


def _quantiles(err: np.ndarray, lo: float, hi: float) -> tuple[float, float]:
    """Linear-interpolation sample quantiles (``numpy.quantile``'s default), without its overhead."""
    srt = np.sort(err)
    out = []
    for a in (lo, hi):
        pos = a * (len(srt) - 1)
        i = int(pos)
        j = min(i + 1, len(srt) - 1)
        out.append(float(srt[i] + (pos - i) * (srt[j] - srt[i])))
    return out[0], out[1]


def _snaive(win: Window, alpha: float, params: Any = None, start: Any = None) -> LogForecast:
    y, steps = win.y, len(win.post_months)
    mean = seasonal_naive(y, steps)
    lo, hi = np.empty(steps), np.empty(steps)
    for i, h in enumerate(range(1, steps + 1)):
        t = np.arange(12, len(y) - h)
        err = y[t + h] - (y[t] + y[t + h - 12] - y[t - 12])
        if len(err) >= 8:
            qlo, qhi = _quantiles(err, alpha / 2, 1 - alpha / 2)
        else:
            sd = float(np.std(err, ddof=1)) if len(err) > 1 else np.inf
            qlo, qhi = -_z(1 - alpha / 2) * sd, _z(1 - alpha / 2) * sd
        lo[i], hi[i] = mean[i] + qlo, mean[i] + qhi
    return LogForecast(mean, lo, hi, info={"model": "snaive_log"})


def _ols(win: Window, alpha: float, params: Any = None, start: Any = None) -> LogForecast:
    x, x0 = trend_design(len(win.y), len(win.post_months), win.t0)
    beta, _, rank, _ = np.linalg.lstsq(x, win.y, rcond=None)
    df = len(win.y) - rank
    resid = win.y - x @ beta
    scale = float(resid @ resid / df)
    se = np.sqrt(scale * (1.0 + np.einsum("ij,jk,ik->i", x0, np.linalg.pinv(x.T @ x), x0)))
    q = _t_quantile(1 - alpha / 2, float(df))
    mean = x0 @ beta
    return LogForecast(mean, mean - q * se, mean + q * se, info={"model": "ols_log"})


def _month_means(v: np.ndarray, m: np.ndarray) -> np.ndarray:
    """(12, ...) calendar-month means of ``v`` by calendar month ``m`` (row 0 = January)."""
    out = np.full((12, *v.shape[1:]), np.nan)
    for k in range(12):
        sel = m == k
        if sel.any():
            out[k] = v[sel].mean(axis=0)
    return out


def synth_weights(y: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Weights ``w >= 0`` with ``sum(w) = 1`` minimising ``||y - x w||^2`` (constrained least squares).

    Solved as non-negative least squares with the sum constraint appended as a heavily weighted
    row (exact to about 1e-9 after renormalising); ``scipy.optimize.nnls``.

    Examples
    --------
    >>> x = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    >>> np.round(synth_weights(x @ np.array([0.25, 0.75]), x), 6).tolist()
    [0.25, 0.75]
    """
    lam = 1e4 * max(1.0, float(np.abs(x).max()), float(np.abs(y).max()))
    a = np.vstack([x, np.full((1, x.shape[1]), lam)])
    b = np.append(y, lam)
    w, _ = optimize.nnls(a, b, maxiter=50 * x.shape[1] + 100)
    total = w.sum()
    return w / total if total > 0 else np.full(x.shape[1], 1.0 / x.shape[1])


def _synth(win: Window, alpha: float, params: Any = None, start: Any = None) -> LogForecast:
    assert win.x is not None and win.x_post is not None
    mi, pi = win.calendar()
    my, mx = _month_means(win.y, mi), _month_means(win.x, mi)
    if np.isnan(my[pi]).any():
        raise DataError("synthetic control: a projected calendar month is absent from the window")
    ya, xa = win.y - my[mi], win.x - mx[mi]
    w = synth_weights(ya, xa)
    resid = ya - xa @ w
    sd = float(np.sqrt(resid @ resid / max(1, len(resid) - 12)))
    mean = my[pi] + (win.x_post - mx[pi]) @ w
    z = _z(1 - alpha / 2)
    return LogForecast(
        mean, mean - z * sd, mean + z * sd, info={"model": "synth_log", "weights": w.tolist()}
    )


def _ucm_model(win: Window, kind: str) -> Any:
    from statsmodels.tsa.statespace.structural import UnobservedComponents

    if kind == "ucm":
        return UnobservedComponents(
            win.y, level="local linear trend", seasonal=12, stochastic_seasonal=True
        )
    exog = win.x if kind == "ctrl" else None
    return UnobservedComponents(
        win.y,
        level="local level",
        seasonal=12,
        stochastic_seasonal=False,
        exog=exog,
        mle_regression=False,
    )


def _ar1_model(win: Window) -> Any:
    from statsmodels.tsa.statespace.sarimax import SARIMAX

    exog = trend_design(len(win.y), len(win.post_months), win.t0)[0]
    return SARIMAX(win.y, exog=exog, order=(1, 0, 0), mle_regression=False)


def _mle(mod: Any, starts: tuple[float, ...], method: str = "lbfgs", base: Any = None) -> Any:
    """Best-likelihood fit over multiplicative scalings of ``base`` (default: the model's start)."""
    if base is None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            base = mod.start_params
    base = np.asarray(base, dtype=float)
    best = None
    for scale in starts:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                res = mod.fit(start_params=base * scale, disp=False, maxiter=500, method=method)
            except (np.linalg.LinAlgError, ValueError):
                continue
        if np.isfinite(res.llf) and (best is None or res.llf > best.llf):
            best = res
    if best is None:
        raise DataError("the state-space model could not be fitted from any starting point")
    return best


def _state_space(kind: str) -> Callable[[Window, float, Any, Any], LogForecast]:
    def run(win: Window, alpha: float, params: Any = None, start: Any = None) -> LogForecast:
        mod = _ar1_model(win) if kind == "ar1" else _ucm_model(win, kind)
        if params is None:
            several = start is None and kind not in ("ar1", "llevel")
            starts = (1.0, 0.1, 10.0) if several else (1.0,)
            res = _mle(mod, starts, method="nm" if kind == "ar1" else "lbfgs", base=start)
            params = np.asarray(res.params)
        else:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                res = mod.filter(params)
        kw: dict[str, Any] = {}
        if kind == "ar1":
            kw["exog"] = trend_design(len(win.y), len(win.post_months), win.t0)[1]
        elif kind == "ctrl":
            kw["exog"] = win.x_post
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fc = res.get_forecast(len(win.post_months), **kw)
            mean = np.asarray(fc.predicted_mean, dtype=float)
            ci = np.asarray(fc.conf_int(alpha=alpha), dtype=float)
        return LogForecast(mean, ci[:, 0], ci[:, 1], params=params, info={"llf": float(res.llf)})

    return run


#: Candidates by name, in the order a tie is broken (simplest first).
CANDIDATES: dict[str, Candidate] = {
    c.name: c
    for c in (
        Candidate(
            "snaive_log", "baseline", "seasonal naive (last level x last year's ratio)", _snaive
        ),
        Candidate(
            "llevel_log",
            "baseline",
            "local level + fixed monthly seasonality",
            _state_space("llevel"),
            state_space=True,
        ),
        Candidate("ols_log", "univariate", "log-linear trend + month dummies (OLS)", _ols),
        Candidate(
            "ar1_log",
            "univariate",
            "trend + month dummies, AR(1) errors",
            _state_space("ar1"),
            state_space=True,
        ),
        Candidate(
            "ucm_log",
            "univariate",
            "local linear trend + stochastic seasonal",
            _state_space("ucm"),
            state_space=True,
        ),
        Candidate(
            "ctrl_ucm_log",
            "controls",
            "local level + seasonality + regression on control series (CausalImpact style)",
            _state_space("ctrl"),
            needs_controls=True,
            state_space=True,
        ),
        Candidate(
            "synth_log",
            "controls",
            "synthetic control on seasonally adjusted logs (w >= 0, sum 1)",
            _synth,
            needs_controls=True,
        ),
    )
}
BASELINES: tuple[str, ...] = tuple(n for n, c in CANDIDATES.items() if c.family == "baseline")


def forecast(
    name: str, win: Window, alpha: float = 0.05, params: Any = None, start: Any = None
) -> LogForecast:
    """Run candidate ``name`` on ``win``; a candidate that needs controls and has none is an error.

    ``params`` (state-space candidates) skips estimation and only filters; ``start`` estimates
    from that starting point alone (a warm start) instead of several default starts.

    Examples
    --------
    >>> idx = pd.date_range("2015-01-01", periods=36, freq="MS")
    >>> post = pd.date_range("2018-01-01", periods=2, freq="MS")
    >>> y = np.log(100.0) + 0.01 * np.arange(36)
    >>> np.round(np.exp(forecast("ols_log", Window(y, idx, post)).mean), 2).tolist()  # 100 e^(0.36)
    [143.33, 144.77]
    """
    from borderlever.errors import UnknownCodeError

    if name not in CANDIDATES:
        raise UnknownCodeError("model", name, list(CANDIDATES))
    cand = CANDIDATES[name]
    if cand.needs_controls and (win.x is None or win.x.shape[1] == 0):
        raise DataError(f"model {name} needs control series and none are available")
    return cand.fn(win, alpha, params, start)
