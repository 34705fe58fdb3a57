"""SimResult: the documented frames a simulation returns, and Monte Carlo summaries.

Frames
------
``daily`` (economics contract; one row per replication x port_code x vehicle_class x day):
    replication, port_code, vehicle_class, day (0 = scenario start), baseline_arrivals (native
    demand that day), arrivals (all arrivals incl. diverted-in and returning deferred), served
    (finished every stage that day), wait_vehicle_h (sum of queueing waits of the vehicles served
    that day [h]), deferred, cancelled, diverted_out (gave up that day and left for another port),
    diverted_in, returned (deferred vehicles coming back), queue_end (vehicles waiting, not in
    service, at day end), backlog_end (vehicles in the system at day end), baseline_served,
    baseline_wait_vehicle_h, baseline_deferred, baseline_cancelled, baseline_diverted_out,
    baseline_diverted_in, baseline_returned and baseline_backlog_end (the no-policy run with the
    same seeds; NaN without a baseline; the economics prices policy minus baseline).
``hourly`` (mean over replications; port_code x vehicle_class x hour):
    hour (0 = first scenario hour), time (local), open_lanes (primary), baseline_arrivals,
    arrivals, diverted_in, served, deferred, cancelled, diverted_out, wait_mean_min, wait_p50_min,
    wait_p95_min, wait_max_min (queueing waits [min] of vehicles *arriving* that hour that did not
    give up, mean over replications of each replication's statistic; NaN where no vehicle),
    queue_mean (time-averaged vehicles waiting), queue_end, backlog (vehicles in system at hour
    end), lane_utilisation (busy lane-minutes / open lane-minutes, primary; may pass 1 in an hour
    when lanes close with vehicles still in service).
``ports`` (one row per replication x port_code):
    served, baseline_served, throughput_ratio (served / baseline_served), arrivals, diverted_out,
    diverted_in, deferred, cancelled, in_system_end (vehicles still in the system at the horizon:
    built-in monitoring), hours_to_clear (hours after the last policy window touching the port
    ends, or the last window of all for a port no policy names, until its backlog, summed over
    classes, is back within 10 % + 5 vehicles of the baseline's; NaN if not within the horizon or
    without policies; 0 if never above it).
``waits`` (one row per replication x port_code x vehicle_class; also per port with vehicle_class
'all', 'trucks' (truck_standard + truck_fast) or 'passenger' (pov_*, pedestrian, bus) for those
classes pooled, and port_code 'ALL' with the same groups for the whole network):
    window_start_h, window_end_h (the policy window [h since scenario start, end exclusive]: from
    the earliest policy start to the latest policy end, rounded to the hour and clipped to the
    horizon; the whole horizon without policies), then over the whole horizon served (vehicles
    finishing service), mean_wait_min (sum of their queueing waits / served [min], the same
    accounting as ``daily``), p95_wait_min (95th percentile of the waits of vehicles arriving in
    the span [min], from the mixture of exact hourly order statistics; see
    :mod:`borderlever.sim.waits`), max_wait_min (largest wait of a vehicle arriving in the span
    [min], exact), and the same four over the policy window with the suffix ``_window``.  NaN
    where no vehicle.  Waits in minutes; divide by 60 for hours.
``seeds``: replication, entropy, spawn_key, seed_u64 (the seed each replication ran with).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from borderlever.intervals import NON_NEGATIVE, mean_interval


def t_interval(
    values: np.ndarray, level: float = 0.95, support: tuple[float, float] = NON_NEGATIVE
) -> tuple[float, float, float]:
    """Mean and interval over replications (:func:`borderlever.intervals.interval`), NaN for none.

    Every figure of :class:`SimResult` is a count, an hour or a ratio of them: the interval is
    truncated at 0.  NaN bounds with one replication.

    Examples
    --------
    >>> m, lo, hi = t_interval(np.array([1.0, 2.0, 3.0]))
    >>> m, round(lo, 3), round(hi, 3)
    (2.0, 0.0, 4.484)
    """
    m, lo, hi = mean_interval(values, level=level, support=support)
    nan = float("nan")
    return (
        nan if m is None else m,
        nan if lo is None else lo,
        nan if hi is None else hi,
    )


@dataclass(frozen=True, eq=False)
class SimResult:
    """What :func:`borderlever.sim.simulate` returns (frames documented in the module docstring)."""

    daily: pd.DataFrame
    hourly: pd.DataFrame
    ports: pd.DataFrame
    seeds: pd.DataFrame
    engine: str
    replications: int
    policies: tuple[str, ...] = ()
    hourly_baseline: pd.DataFrame | None = None
    meta: dict = field(default_factory=dict)
    waits: pd.DataFrame = field(default_factory=pd.DataFrame)
    notes: tuple[str, ...] = ()  # what policies could not do as asked (Schedule.notes)

    def summary(self, level: float = 0.95) -> pd.DataFrame:
        """Monte Carlo mean and interval (replication noise) over replications, per port and for all ports together.

        Returns a long frame: port_code ('ALL' for the total), metric, mean, ci_low, ci_high, n,
        vehicle_class ('all' for port-level metrics).  Metrics: every numeric column of
        :attr:`ports`, plus mean_wait_min (served vehicles), plus the wait statistics of
        :attr:`waits` (served, mean_wait_min, p95_wait_min, max_wait_min and the ``_window``
        versions over the policy window [min]) named ``waits.<column>``, per port (classes pooled,
        vehicle_class 'all') and per port x class (vehicle_class the class).
        """
        df = self.ports.copy()
        num = [c for c in df.columns if c not in ("replication", "port_code")]
        tot = df.groupby("replication")[num].sum(min_count=1).reset_index()
        tot["throughput_ratio"] = tot["served"] / tot["baseline_served"]
        tot["hours_to_clear"] = df.groupby("replication")["hours_to_clear"].max().to_numpy()
        tot["mean_wait_min"] = tot["wait_min_sum"] / tot["served"]
        tot["port_code"] = "ALL"
        df["mean_wait_min"] = df["wait_min_sum"] / df["served"]
        rows = []
        for code, grp in pd.concat([df, tot], ignore_index=True).groupby("port_code", sort=False):
            for metric in [*num, "mean_wait_min"]:
                m, lo, hi = t_interval(grp[metric].to_numpy(float), level)
                rows.append(
                    {
                        "port_code": code,
                        "metric": metric,
                        "mean": m,
                        "ci_low": lo,
                        "ci_high": hi,
                        "n": int(np.isfinite(grp[metric].to_numpy(float)).sum()),
                        "vehicle_class": "all",
                    }
                )
        return pd.concat([pd.DataFrame(rows), self._waits_summary(level)], ignore_index=True)

    def _waits_summary(self, level: float) -> pd.DataFrame:
        """t-intervals over replications of every :attr:`waits` statistic (metric ``waits.<col>``)."""
        if self.waits.empty:
            return pd.DataFrame()
        stats_cols = [
            c
            for c in self.waits.columns
            if c
            not in ("replication", "port_code", "vehicle_class", "window_start_h", "window_end_h")
        ]
        rows = []
        for (code, cls), grp in self.waits.groupby(["port_code", "vehicle_class"], sort=False):
            for col in stats_cols:
                v = grp[col].to_numpy(float)
                m, lo, hi = t_interval(v, level)
                rows.append(
                    {
                        "port_code": code,
                        "metric": f"waits.{col}",
                        "mean": m,
                        "ci_low": lo,
                        "ci_high": hi,
                        "n": int(np.isfinite(v).sum()),
                        "vehicle_class": cls,
                    }
                )
        return pd.DataFrame(rows)
