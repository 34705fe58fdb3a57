"""Published waits and the simulated figure each is compared with (pure).

A published wait (``data/published_waits.csv``) says what it measures (column ``measure``):

* ``cbp_posted``: CBP Border Wait Times, CBP's estimate of the time from the end of the line it
  observes to the primary booth, posted for the current hour (GAO-13-603 found CBP's commercial
  wait data unreliable: officers estimate the line's end by eye, and it is often out of their
  sight in Mexico).  Compared with the fixed upstream delay (``upstream_delay_min``: the bridge
  approach the posted wait includes, fitted on normal posted waits) plus the engine's recorded
  queueing wait of the vehicles joining the line in an hour.  The engine records one queueing
  wait per vehicle, summed over its stages (primary, and secondary or an added stage for the
  vehicles referred there; service times excluded), so for the few referred vehicles it runs
  past the booth: an upper bound of the wait to the booth, close to it where few are referred.
* ``reported_in_line``: what drivers or their industry report as time in line, from joining it
  (often in Mexico) to clearing every inspection.  Compared with the upstream delay plus the
  same queueing wait plus the expected service along the way (primary, and the share referred
  to secondary or to an added stage such as the 2022 Texas DPS inspection times that stage's
  mean service time), i.e. the time from joining the line to release.

Both are date-matched: the simulated figure is the worst hour's mean over the vehicles joining
the line in the port's local hours of the published date (or of each date of a published span
``YYYY-MM-DD/YYYY-MM-DD``, for a figure reported for several days), computed per replication so
that the interval is over replications.  Hourly means are pooled over the group's classes
weighted by their vehicles, as ``SimResult.waits`` ``peak_hour_wait_min`` pools them; a port
``A+B`` (a figure for several bridges, "up to X hours at the El Paso bridges") takes the worse
port in each replication.

Band rule, the same for every row: a figure from ``low_h`` to ``high_h`` (a single figure, "up to
X hours", has ``low_h = high_h``) is matched by anything from ``low_h / 2`` to ``2 x high_h``; a
lower bound ("in line since Friday") has ``high_h = inf`` and is matched by anything from
``low_h / 2`` up.  Factor 2 because the figures are single snapshots or anecdotal maxima of
unreliable data, not means.

References
----------
U.S. Government Accountability Office (2013). Border Infrastructure: Strategy and Data Needed
to Improve Wait Times. GAO-13-603, https://www.gao.gov/products/gao-13-603.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from borderlever.errors import DataError, raise_at_first_bad

#: What a published wait measures -> the simulated figure it is compared with.
MEASURES: dict[str, str] = {
    "cbp_posted": "upstream delay + queueing wait to the CBP booth (worst hour that day)",
    "reported_in_line": "upstream delay + queueing waits + service of every stage, i.e. joining "
    "the line to release (worst hour that day)",
}
#: Simulated peaks count as matching a published figure within this factor.
WAIT_FACTOR = 2.0
#: Vehicle groups a published wait may name (``SimResult.waits`` pooled groups).
VEHICLE_GROUPS = ("trucks", "passenger")
PUBLISHED_COLUMNS = (
    "episode",
    "port_code",
    "vehicle_group",
    "figure",
    "low_h",
    "high_h",
    "date",
    "measure",
    "source",
    "what",
)
_DATE = r"\d{4}-\d{2}-\d{2}"
_SPAN = re.compile(rf"^({_DATE})(?:/({_DATE}))?$")


def parse_span(text: str) -> tuple[dt.date, dt.date] | None:
    """First and last day of a published date or span (``2022-04-07/2022-04-10``); None if bad.

    Examples
    --------
    >>> parse_span("2022-04-07/2022-04-10")
    (datetime.date(2022, 4, 7), datetime.date(2022, 4, 10))
    >>> parse_span("2022-04-13")[0] == parse_span("2022-04-13")[1], parse_span("13/04/2022")
    (True, None)
    """
    m = _SPAN.match(str(text).strip())
    if not m:
        return None
    try:
        lo = dt.date.fromisoformat(m.group(1))
        hi = dt.date.fromisoformat(m.group(2) or m.group(1))
    except ValueError:
        return None
    return (lo, hi) if lo <= hi else None


def span_hours(span: str, start: dt.date, n_hours: int) -> tuple[int, int] | None:
    """Hours [lo, hi) since the scenario start (local midnight of ``start``) covering the local
    days of ``span``, clipped to the horizon ``n_hours``; None where no hour of it is simulated.

    Examples
    --------
    >>> span_hours("2019-04-03", dt.date(2019, 4, 1), 24 * 30)
    (48, 72)
    >>> span_hours("2019-03-30/2019-04-01", dt.date(2019, 4, 1), 48), span_hours("2019-05-01", dt.date(2019, 4, 1), 48)
    ((0, 24), None)
    """
    days = parse_span(span)
    if days is None:
        return None
    lo = (days[0] - start).days * 24
    hi = ((days[1] - start).days + 1) * 24
    lo, hi = max(lo, 0), min(hi, int(n_hours))
    return (lo, hi) if hi > lo else None


def wait_band(low_h: float, high_h: float, factor: float = WAIT_FACTOR) -> tuple[float, float]:
    """The band matching a published figure from ``low_h`` to ``high_h`` [h] (module docstring).

    Examples
    --------
    >>> wait_band(4.0, 5.0), wait_band(48.0, float("inf"))
    ((2.0, 10.0), (24.0, inf))
    """
    return low_h / factor, high_h * factor


def published_point(low_h: float, high_h: float) -> float:
    """The figure quoted as 'observed' [h]: the middle of the range, or a lower bound itself.

    Examples
    --------
    >>> published_point(4.0, 5.0), published_point(48.0, float("inf"))
    (4.5, 48.0)
    """
    return low_h if not np.isfinite(high_h) else (low_h + high_h) / 2.0


def check_published_waits(
    df: pd.DataFrame, file: str, episodes: list[str] | None = None
) -> pd.DataFrame:
    """Check the rows of ``published_waits.csv`` (all columns text) and type ``low_h``/``high_h``.

    Raises :class:`~borderlever.errors.DataError` naming the file, the first bad row and field.
    """
    missing = [c for c in PUBLISHED_COLUMNS if c not in df.columns]
    if missing:
        raise DataError(
            f"columns {missing} are missing", file=file, expected=", ".join(PUBLISHED_COLUMNS)
        )
    checks = [
        ("episode", df["episode"].str.strip() == "", "empty episode", "a replay name"),
        (
            "port_code",
            ~df["port_code"].str.fullmatch(r"\d{4}(\+\d{4})*"),
            "port code {value!r}",
            "a 4-digit BTS port code, or several joined by '+' (the worse port counts)",
        ),
        (
            "vehicle_group",
            ~df["vehicle_group"].isin(VEHICLE_GROUPS),
            "vehicle group {value!r}",
            " or ".join(VEHICLE_GROUPS),
        ),
        (
            "measure",
            ~df["measure"].isin(list(MEASURES)),
            "measure {value!r}",
            " or ".join(MEASURES),
        ),
        (
            "date",
            df["date"].map(lambda s: parse_span(s) is None),
            "date {value!r}",
            "YYYY-MM-DD, or a span YYYY-MM-DD/YYYY-MM-DD with the first day not after the last",
        ),
        (
            "source",
            ~df["source"].str.match(r"https?://\S+$"),
            "source {value!r}",
            "the address of the publication (http:// or https://)",
        ),
        ("what", df["what"].str.strip() == "", "empty description", "what the source says"),
    ]
    if episodes is not None:
        checks.insert(
            1,
            (
                "episode",
                ~df["episode"].isin(episodes),
                "episode {value!r} is not a bundled replay",
                ", ".join(episodes),
            ),
        )
    for column, bad, message, expected in checks:
        raise_at_first_bad(bad, df[column], message, file=file, column=column, expected=expected)
    low = pd.to_numeric(df["low_h"], errors="coerce")
    high = pd.to_numeric(df["high_h"], errors="coerce")
    raise_at_first_bad(
        ~(np.isfinite(low) & (low > 0)),
        df["low_h"],
        "low_h {value!r}",
        file=file,
        column="low_h",
        expected="a positive number of hours",
    )
    raise_at_first_bad(
        ~(high >= low),
        df["high_h"],
        "high_h {value!r}",
        file=file,
        column="high_h",
        expected="a number of hours not below low_h, or inf for a lower bound",
    )
    return df.assign(low_h=low.astype(float), high_h=high.astype(float))


def read_published_waits_file(path: str | Path, episodes: list[str] | None = None) -> pd.DataFrame:
    """Read and check a published-waits CSV (see :func:`check_published_waits`)."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    return check_published_waits(df, str(path), episodes)


def service_min(
    stage_share: NDArray[np.float64],
    service_mean_min: NDArray[np.float64],
    queue_port: NDArray[np.int64],
    queue_class: NDArray[np.int64],
    n_h: int,
) -> NDArray[np.float64]:
    """Expected service time along the stages of a vehicle joining each queue in each hour
    [min], (Q, n_h): primary's mean plus, per later stage, the share referred there x its mean.

    ``stage_share`` (P, C, 3, H) and ``service_mean_min`` (P, C, 3) are the schedule's (policies
    applied: an added inspection stage is stage 2).

    Examples
    --------
    >>> share = np.ones((1, 1, 3, 2)) * np.array([1.0, 0.1, 0.0])[:, None]
    >>> service_min(share, np.array([[[1.5, 30.0, 52.5]]]), np.array([0]), np.array([0]), 2).tolist()
    [[4.5, 4.5]]
    """
    share = np.asarray(stage_share, float)[queue_port, queue_class][..., :n_h]  # (Q, 3, H)
    mean = np.asarray(service_mean_min, float)[queue_port, queue_class]  # (Q, 3)
    out = np.einsum("qsh,qs->qh", share, mean)
    if out.shape[1] < n_h:  # a schedule shorter than the run: hold the last hour
        out = np.concatenate([out, np.repeat(out[:, -1:], n_h - out.shape[1], axis=1)], axis=1)
    return out


def pooled_hourly(
    n: NDArray[np.float64],
    wmean: NDArray[np.float64],
    member: NDArray[np.bool_],
    extra: NDArray[np.float64] | None = None,
) -> NDArray[np.float64]:
    """Hourly mean over a group's queues, weighted by the vehicles joining in each hour [min].

    ``n`` and ``wmean`` are (R, Q, H) (the kernel's ``K_WN`` and ``K_WMEAN`` slots: vehicles
    joining in the hour that did not give up, and their mean queueing wait); ``member`` (G, Q)
    says which queues each group pools; ``extra`` (Q, H) is added to every vehicle's wait
    (:func:`service_min`).  Returns (R, G, H), 0 in hours without vehicles, the same weighting
    as ``SimResult.waits`` ``peak_hour_wait_min``.

    Examples
    --------
    >>> n = np.array([[[1.0, 0.0], [3.0, 0.0]]])
    >>> w = np.array([[[10.0, 0.0], [20.0, 0.0]]])
    >>> pooled_hourly(n, w, np.array([[True, True]])).tolist()
    [[[17.5, 0.0]]]
    """
    wm = np.where(n > 0, wmean, 0.0)
    if extra is not None:
        wm = np.where(n > 0, wm + extra[None], 0.0)
    m = np.asarray(member, float)
    cnt = np.einsum("gq,rqh->rgh", m, n)
    tot = np.einsum("gq,rqh->rgh", m, n * wm)
    return np.divide(tot, cnt, out=np.zeros_like(tot), where=cnt > 0)


def peak_in(
    hourly: NDArray[np.float64], seen: NDArray[np.bool_], hours: tuple[int, int] | None
) -> NDArray[np.float64]:
    """Worst hour over ``hours`` [lo, hi) of ``hourly`` (R, G, H); NaN where no vehicle joined
    (``seen`` (R, G, H)) or ``hours`` is None.  (R, G).

    Examples
    --------
    >>> h = np.array([[[1.0, 5.0, 2.0]]])
    >>> peak_in(h, h > 0, (0, 1)).tolist(), peak_in(h, h > 0, (0, 3)).tolist()
    ([[1.0]], [[5.0]])
    """
    R, G = hourly.shape[:2]
    if hours is None:
        return np.full((R, G), np.nan)
    lo, hi = hours
    part = hourly[:, :, lo:hi]
    any_seen = seen[:, :, lo:hi].any(axis=2)
    return np.where(any_seen, part.max(axis=2, initial=0.0), np.nan)
