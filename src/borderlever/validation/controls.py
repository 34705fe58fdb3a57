"""A sensitivity of the scorecard's count rows: the same change at ports the episode did not touch.

The scorecard's observed change (:mod:`borderlever.validation.observed`) is a port's count
against its own normal growth: a shock that hit every port in the episode's months (the 2022
vaccine mandates for truckers and travellers, the timing of Holy Week) is read as the episode's.
Here each episode with control ports (``data/control_ports.csv``: ports the episode did not
touch, chosen by a stated rule) gets the same observed change at each control port, their median
(the common shock) and a difference-in-differences version of each count row:

* ``observed_did = (1 + observed) / (1 + control median) - 1``;
* its band: the row's own half-width (``k`` s.d. of ordinary years) widened, in quadrature, by
  ``k`` standard errors of the control median (``1.2533 x s.d. of the control ports / sqrt(n)``,
  the large-sample standard error of a median);
* ``inside_did``: the simulated mean inside that band.

It is reported beside the scorecard, never in place of its verdict: the control set and the
method were added after the replays had been scored (docs/validation.md, "Common shocks").

References
----------
Angrist, J. D. & Pischke, J.-S. (2009). Mostly Harmless Econometrics, ch. 5
(differences-in-differences).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from borderlever.validation.observed import (
    observed_change,
    observed_change_neighbours,
    port_series,
)

#: Columns of :func:`control_rows`.
CONTROL_COLUMNS = (
    "episode",
    "port",
    "figure",
    "observed",
    "control_median",
    "control_n",
    "observed_did",
    "band_low_did",
    "band_high_did",
    "simulated",
    "sample",
    "inside",
    "inside_did",
)
#: Large-sample standard error of a median in standard deviations / sqrt(n) (sqrt(pi / 2)).
MEDIAN_SE = float(np.sqrt(np.pi / 2.0))


@dataclass(frozen=True)
class CommonShock:
    """The control ports' observed changes (shares) for one measure and their median."""

    values: dict[str, float]

    @property
    def median(self) -> float:
        v = [x for x in self.values.values() if np.isfinite(x)]
        return float(np.median(v)) if v else float("nan")

    @property
    def se(self) -> float:
        v = [x for x in self.values.values() if np.isfinite(x)]
        return MEDIAN_SE * float(np.std(v, ddof=1)) / np.sqrt(len(v)) if len(v) > 1 else np.nan


def read_controls() -> pd.DataFrame:
    """``data/control_ports.csv``: episode, controls, excluded, rule, sources."""
    from borderlever.validation.scorecard import _data

    return _data("control_ports.csv")


def common_shock(
    crossings: pd.DataFrame,
    controls: list[str],
    measure: str,
    months: list[str],
    method: str,
    skip_years: tuple[int, ...] = (),
) -> CommonShock:
    """Each control port's observed change over ``months`` by the replay's own ``method``.

    Examples
    --------
    >>> idx = pd.date_range("2010-01-01", "2022-12-01", freq="MS")
    >>> df = pd.DataFrame({"port_code": "9", "month": idx, "measure": "Trucks", "count": 100.0})
    >>> df.loc[df["month"] == "2022-02-01", "count"] = 90.0
    >>> round(common_shock(df, ["9"], "Trucks", ["2022-02"], "neighbours").median, 3)
    -0.1
    """
    out = {}
    for port in controls:
        s = port_series(crossings, port, measure)
        if method == "neighbours" and len(months) == 1:
            c = observed_change_neighbours(s, months[0], skip_years=skip_years)
        else:
            c = observed_change(s, months, skip_years=skip_years)
        out[port] = c.net
    return CommonShock(out)


def control_rows(
    frame: pd.DataFrame, crossings: pd.DataFrame, *, quick: bool = False, k: float = 2.0
) -> pd.DataFrame:
    """The difference-in-differences sensitivity of ``frame``'s count rows (a scorecard from
    :func:`borderlever.validation.scorecard.run_validation`, ``quick`` as it was run: each
    replay's first month only) for every episode with controls."""
    from borderlever.validation.scorecard import read_replays

    controls = {
        r["episode"]: str(r["controls"]).split() for r in read_controls().to_dict("records")
    }
    rows = []
    for replay in read_replays():
        if replay.scenario not in controls:
            continue
        ctrl = controls[replay.scenario]
        mine = frame[(frame["episode"] == replay.scenario) & (frame["unit"] == "share")]
        months = list(replay.months[:1] if quick else replay.months)
        for measure in replay.measures:
            shock = common_shock(crossings, ctrl, measure, months, replay.method, replay.skip_years)
            for r in mine[mine["figure"].str.startswith(measure.lower())].to_dict("records"):
                rows.append(_row(r, shock, k))
    return pd.DataFrame(rows, columns=list(CONTROL_COLUMNS))


def _row(r: dict, shock: CommonShock, k: float) -> dict:
    med, se = shock.median, shock.se
    obs = float(r["observed"])
    did = (1.0 + obs) / (1.0 + med) - 1.0
    half = (float(r["band_high"]) - float(r["band_low"])) / 2.0
    half = float(np.hypot(half, k * se)) if np.isfinite(se) else half
    sim = float(r["simulated"])
    return {
        "episode": r["episode"],
        "port": r["port"],
        "figure": r["figure"],
        "observed": obs,
        "control_median": med,
        "control_n": int(sum(np.isfinite(v) for v in shock.values.values())),
        "observed_did": did,
        "band_low_did": did - half,
        "band_high_did": did + half,
        "simulated": sim,
        "sample": r["sample"],
        "inside": r["inside"],
        "inside_did": bool(did - half <= sim <= did + half) if np.isfinite(sim) else None,
    }
