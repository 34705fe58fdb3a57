"""Counterfactual models for monthly event studies: fit the pre-period, project what would have
happened without the event, with prediction intervals.

Two families, picked by name from :data:`MODELS`:

- ``ols_log`` (default) / ``ols_level``: ordinary least squares of ``log(y)`` (or ``y``) on an
  intercept, a linear trend in months and eleven calendar-month dummies.  Intervals are the exact
  Student-t prediction intervals of a new observation (parameter plus residual uncertainty),
  assuming independent, homoscedastic normal errors.  The log model makes seasonality and the
  effect multiplicative (a percent change) and keeps the counterfactual positive; its point
  counterfactual is the back-transformed median ``exp(mean log y)``.
- ``ucm_log`` / ``ucm_level``: a structural time-series model, statsmodels
  ``UnobservedComponents`` with a local linear trend and a stochastic 12-month seasonal, fitted by
  maximum likelihood from several starting points (the best likelihood is kept, convergence is
  recorded).  Intervals come from the Kalman filter's forecast-error variance, so they widen with
  the horizon and allow for a drifting level; use it for smoothed series (12-month-ending deaths)
  whose errors are far from independent.
- ``ar1_log`` / ``ar1_level``: the OLS regression (intercept, trend, eleven month dummies) with
  AR(1) errors, statsmodels ``SARIMAX(order=(1, 0, 0))`` with the regressors as exogenous
  variables.  The regression coefficients are kept in the state vector (``mle_regression=False``)
  so the Kalman forecast variance includes their uncertainty as well as the AR(1) error
  propagation: intervals widen with the horizon towards the stationary error variance.  Use it
  where residuals are autocorrelated (months above trend followed by months above trend) [4]_.

All models are deterministic (no sampling): the same input gives the same numbers bit for bit.

References
----------
.. [1] Brodersen, K. H. et al. (2015). Inferring causal impact using Bayesian structural
       time-series models. Annals of Applied Statistics 9(1), 247-274.
.. [2] Harvey, A. C. (1989). Forecasting, Structural Time Series Models and the Kalman Filter.
       Cambridge University Press.
.. [3] statsmodels ``OLS.get_prediction``, ``UnobservedComponents`` and ``SARIMAX``
       documentation, https://www.statsmodels.org/stable/
.. [4] Box, G. E. P., Jenkins, G. M., Reinsel, G. C., Ljung, G. M. (2015). Time Series Analysis:
       Forecasting and Control, 5th ed., ch. 5 (forecast error variance of ARMA models).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from borderlever.errors import DataError


@dataclass(frozen=True)
class Forecast:
    """A fitted counterfactual on the level scale of the series.

    Attributes
    ----------
    fitted : pandas.Series
        In-sample fit over the pre-period months [series unit].
    mean, lower, upper : pandas.Series
        Projected counterfactual and its prediction interval over the post-period months
        [series unit]; ``mean`` is the median on the level scale for log models.
    diagnostics : dict
        Model name, residual scale, convergence flags and log-likelihood where the model has one.
    """

    fitted: pd.Series
    mean: pd.Series
    lower: pd.Series
    upper: pd.Series
    diagnostics: dict[str, Any] = field(default_factory=dict)


def design_matrix(months: pd.DatetimeIndex, origin: pd.Timestamp) -> np.ndarray:
    """Intercept, trend [months since ``origin``] and 11 calendar-month dummies (January = base).

    Examples
    --------
    >>> idx = pd.date_range("2020-01-01", periods=3, freq="MS")
    >>> design_matrix(idx, idx[0])[:, :4].tolist()
    [[1.0, 0.0, 0.0, 0.0], [1.0, 1.0, 1.0, 0.0], [1.0, 2.0, 0.0, 1.0]]
    """
    trend = (months.year - origin.year) * 12 + (months.month - origin.month)
    dummies = (np.asarray(months.month)[:, None] == np.arange(2, 13)[None, :]).astype(float)
    return np.column_stack([np.ones(len(months)), np.asarray(trend, dtype=float), dummies])


def _check_positive(pre: pd.Series, model: str) -> None:
    if (pre.dropna() <= 0).any():
        bad = pre[pre <= 0].index[0]
        raise DataError(
            f"model {model} takes logs but the series is {pre[bad]} in {bad:%Y-%m}",
            column=str(pre.name),
            expected="positive values (or use model ols_level / ucm_level)",
        )


def _ols(pre: pd.Series, post_months: pd.DatetimeIndex, alpha: float, log: bool) -> Forecast:
    """OLS fit and Student-t prediction interval of a new observation (numpy; this runs once per
    placebo date, so it avoids the statsmodels result objects; same formulas as
    ``OLS.get_prediction(...).summary_frame()['obs_ci_*']``)."""
    from scipy import stats

    name = "ols_log" if log else "ols_level"
    if log:
        _check_positive(pre, name)
    obs = pre.dropna()
    y = np.log(obs.to_numpy(float)) if log else obs.to_numpy(float)
    origin = pre.index[0]
    x = design_matrix(pd.DatetimeIndex(obs.index), origin)
    beta, _, rank, _ = np.linalg.lstsq(x, y, rcond=None)
    df = len(y) - rank
    resid = y - x @ beta
    scale = float(resid @ resid / df)
    x0 = design_matrix(post_months, origin)
    xtx_inv = np.linalg.pinv(x.T @ x)
    mean = x0 @ beta
    se = np.sqrt(scale * (1.0 + np.einsum("ij,jk,ik->i", x0, xtx_inv, x0)))
    q = float(stats.t.ppf(1 - alpha / 2, df))
    back = np.exp if log else (lambda v: v)
    fitted = pd.Series(back(x @ beta), index=obs.index)
    out = {
        k: pd.Series(back(v), index=post_months)
        for k, v in (("mean", mean), ("lower", mean - q * se), ("upper", mean + q * se))
    }
    diag = {
        "model": name,
        "n_obs": len(y),
        "df_resid": float(df),
        "resid_sd": float(np.sqrt(scale)),
        "converged": True,
    }
    return Forecast(fitted=fitted, diagnostics=diag, **out)


def _ucm_fit(y: pd.Series) -> tuple[Any, dict[str, Any]]:
    """Fit the local-linear-trend + seasonal model from several starts; keep the best likelihood."""
    from statsmodels.tsa.statespace.structural import UnobservedComponents

    mod = UnobservedComponents(y, level="local linear trend", seasonal=12, stochastic_seasonal=True)
    base = np.asarray(mod.start_params, dtype=float)
    best, tried, converged = None, 0, []
    for scale in (1.0, 0.1, 10.0):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                res = mod.fit(start_params=base * scale, disp=False, maxiter=500)
            except (np.linalg.LinAlgError, ValueError):
                continue
        tried += 1
        ok = bool(res.mle_retvals.get("converged", False))
        converged.append(ok)
        if best is None or res.llf > best.llf:
            best = res
    if best is None:
        raise DataError(
            "the structural model could not be fitted from any starting point",
            column=str(y.name),
            expected="a longer or less irregular pre-period",
        )
    diag = {
        "llf": float(best.llf),
        "starts": tried,
        "converged": bool(best.mle_retvals.get("converged", False)),
        "any_start_converged": any(converged),
    }
    return best, diag


def _ucm(pre: pd.Series, post_months: pd.DatetimeIndex, alpha: float, log: bool) -> Forecast:
    name = "ucm_log" if log else "ucm_level"
    if log:
        _check_positive(pre, name)
    y = (np.log(pre) if log else pre).astype(float).asfreq("MS")
    res, diag = _ucm_fit(y)
    steps = len(post_months)
    frame = res.get_forecast(steps).summary_frame(alpha=alpha)
    back = np.exp if log else (lambda v: v)
    fitted = pd.Series(back(np.asarray(res.fittedvalues)), index=y.index).iloc[12:]
    out = {
        k: pd.Series(back(frame[c].to_numpy()), index=post_months)
        for k, c in (("mean", "mean"), ("lower", "mean_ci_lower"), ("upper", "mean_ci_upper"))
    }
    diag.update({"model": name, "n_obs": int(y.notna().sum())})
    return Forecast(fitted=fitted, diagnostics=diag, **out)


def _ar1(pre: pd.Series, post_months: pd.DatetimeIndex, alpha: float, log: bool) -> Forecast:
    from statsmodels.tsa.statespace.sarimax import SARIMAX

    name = "ar1_log" if log else "ar1_level"
    if log:
        _check_positive(pre, name)
    y = (np.log(pre) if log else pre).astype(float).asfreq("MS")
    origin = y.index[0]
    exog = design_matrix(pd.DatetimeIndex(y.index), origin)
    mod = SARIMAX(y, exog=exog, order=(1, 0, 0), mle_regression=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            res = mod.fit(disp=False, method="nm", maxiter=2000)  # 2 parameters: robust, fast
        except (np.linalg.LinAlgError, ValueError) as exc:
            raise DataError(
                f"the AR(1) regression could not be fitted: {exc}",
                column=str(pre.name),
                expected="a longer or less irregular pre-period",
            ) from exc
    frame = res.get_forecast(len(post_months), exog=design_matrix(post_months, origin))
    summary = frame.summary_frame(alpha=alpha)
    back = np.exp if log else (lambda v: v)
    # the first 13 months are spent learning the regression coefficients (diffuse states)
    fitted = pd.Series(back(np.asarray(res.fittedvalues)), index=y.index).iloc[13:]
    out = {
        k: pd.Series(back(summary[c].to_numpy()), index=post_months)
        for k, c in (("mean", "mean"), ("lower", "mean_ci_lower"), ("upper", "mean_ci_upper"))
    }
    diag = {
        "model": name,
        "n_obs": int(y.notna().sum()),
        "ar1": float(res.params["ar.L1"]),
        "resid_sd": float(np.sqrt(res.params["sigma2"])),
        "llf": float(res.llf),
        "converged": bool(res.mle_retvals.get("converged", False)),
    }
    return Forecast(fitted=fitted, diagnostics=diag, **out)


ModelFn = Callable[[pd.Series, pd.DatetimeIndex, float], Forecast]

#: Counterfactual models by name; each takes (pre-period series, post months, alpha).
MODELS: dict[str, ModelFn] = {
    "ols_log": lambda pre, post, alpha: _ols(pre, post, alpha, log=True),
    "ols_level": lambda pre, post, alpha: _ols(pre, post, alpha, log=False),
    "ucm_log": lambda pre, post, alpha: _ucm(pre, post, alpha, log=True),
    "ucm_level": lambda pre, post, alpha: _ucm(pre, post, alpha, log=False),
    "ar1_log": lambda pre, post, alpha: _ar1(pre, post, alpha, log=True),
    "ar1_level": lambda pre, post, alpha: _ar1(pre, post, alpha, log=False),
}


def counterfactual(
    pre: pd.Series, post_months: pd.DatetimeIndex, *, model: str = "ols_log", alpha: float = 0.05
) -> Forecast:
    """Fit ``model`` to the pre-period and project the post-period months.

    Parameters
    ----------
    pre : pandas.Series
        Monthly values [series unit] on a month-start DatetimeIndex; NaN months are left out of OLS
        fits and treated as missing by the structural model.
    post_months : pandas.DatetimeIndex
        Months to project (month starts).
    model : str
        A key of :data:`MODELS`.
    alpha : float
        1 - coverage of the prediction interval (0.05 gives 95 %).

    Examples
    --------
    >>> idx = pd.date_range("2015-01-01", periods=48, freq="MS")
    >>> pre = pd.Series(100.0 * 1.01 ** np.arange(48), index=idx)
    >>> post = pd.date_range("2019-01-01", periods=1, freq="MS")
    >>> round(float(counterfactual(pre, post).mean.iloc[0]), 3)
    161.223
    """
    from borderlever.errors import UnknownCodeError

    if model not in MODELS:
        raise UnknownCodeError("model", model, sorted(MODELS))
    return MODELS[model](pre, post_months, alpha)
