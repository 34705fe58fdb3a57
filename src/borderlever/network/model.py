"""The port network: ports, their crossing classes, capacities, service times and monthly demand.

:func:`build_network` is pure: it takes the store's ``ports`` and ``port_month_crossings`` frames
and the two parameter tables and returns a frozen :class:`PortNetwork` of NumPy arrays indexed
``[port, class]`` (ports in the order of ``port_codes``, classes in :data:`VEHICLE_CLASSES`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from borderlever.errors import ConfigError, UnknownCodeError
from borderlever.network.classes import BORDERS, CLASS_MEASURE, VEHICLE_CLASSES
from borderlever.network.demand import CLASS_PROFILE, peak_hour_rate
from borderlever.network.geo import road_distance_matrix_km
from borderlever.network.parameters import (
    HOUR_COLUMNS,
    check_class_defaults,
    check_port_parameters,
    read_class_defaults,
    read_port_parameters,
)
from borderlever.network.staffing import StaffingParams, port_officer_force

#: Target utilisation of secondary bays where their count is not published.
SECONDARY_TARGET_UTILISATION = 0.7
_STANDARD_OF = {
    "truck_fast": "truck_standard",
    "pov_ready": "pov_standard",
    "pov_sentri": "pov_standard",
}


@dataclass(frozen=True, eq=False)
class PortNetwork:
    """Ports and their crossing classes (arrays indexed ``[port, class]``).

    Attributes
    ----------
    port_codes, port_names, borders : tuple of str
        Port identity (BTS 4-character code), in array order.
    lat, lon : array (P,)  [degrees]
    classes : tuple of str
        Always :data:`VEHICLE_CLASSES`.
    months : array (M,) of datetime64[M]
        Months with demand data.
    monthly_volume : array (M, P, C)  [vehicles/month]
        BTS inbound count of the class's measure times the class share.
    lanes : int array (P, C)
        Primary lanes (booths) when open; 0 = class not offered at the port.
    secondary_bays : int array (P, C)
        Secondary inspection bays (per class).
    hours : int array (P, C, 3, 2)
        Normal (open, close) hour [0-24] for weekday, Saturday, Sunday; open == close: closed.
    primary_mean_min, primary_cv, secondary_share, secondary_mean_min, secondary_cv : array (P, C)
        Lognormal service-time mean [min] and coefficient of variation; share in [0, 1].
    road_km : array (P, P)  [km]
        Haversine distance x road factor (:mod:`borderlever.network.geo`).
    lane_origin : array (P, C) of str
        'published' (port_parameters.csv, every booth staffed), 'staffed' (published booths, fewer
        staffed: see ``booths``), 'sized' (to target utilisation) or 'none'.
    target_utilisation : array (P, C)
        Load of the staffed primary booths in each normal hour (trucks and passengers: the
        ``staffing.*_peak_utilisation`` registry rows; bus and rail: ``class_defaults.csv``).
        Schedules staff ``ceil(lambda_h * s / rho)`` booths in hour ``h``
        (:func:`borderlever.network.schedule.build_schedule`).
    staffed_lanes : array (P, C)
        Booths staffed in the busiest normal hour of the sizing months (fractional:
        ``lambda_peak * s / rho``, at most the published booths); ``lanes`` is its ceiling.
    booths : int array (P, C)
        Physical primary booths: the published count where port_parameters.csv has one, else
        the staffed booths x ``booth_headroom`` (rounded up; not published: an assumption with a
        range in the parameter registry).  ``lanes`` (staffed booths) never exceeds it.
    officer_force : array (P,)  [officers]
        CBP officers (headcount) of each port (:mod:`borderlever.network.staffing`): the
        published field-office count shared by staffed booth-hours, else estimated.
    officer_force_origin : array (P,) of str
        ``'field office'`` or ``'estimated'``.
    bays_published : bool array (P, C)
        Secondary bays from port_parameters.csv (kept every month); otherwise schedules re-size
        them each month to that month's traffic (:meth:`secondary_for`).
    """

    port_codes: tuple[str, ...]
    port_names: tuple[str, ...]
    borders: tuple[str, ...]
    lat: NDArray[np.float64]
    lon: NDArray[np.float64]
    classes: tuple[str, ...]
    months: NDArray[np.datetime64]
    monthly_volume: NDArray[np.float64]
    lanes: NDArray[np.int64]
    secondary_bays: NDArray[np.int64]
    hours: NDArray[np.int64]
    primary_mean_min: NDArray[np.float64]
    primary_cv: NDArray[np.float64]
    secondary_share: NDArray[np.float64]
    secondary_mean_min: NDArray[np.float64]
    secondary_cv: NDArray[np.float64]
    road_km: NDArray[np.float64]
    lane_origin: NDArray[np.str_]
    target_utilisation: NDArray[np.float64]
    booths: NDArray[np.int64]
    staffed_lanes: NDArray[np.float64]
    officer_force: NDArray[np.float64] | None = None
    officer_force_origin: NDArray[np.str_] | None = None
    bays_published: NDArray[np.bool_] | None = None

    def port_index(self, code: str) -> int:
        """Array index of ``code``; UnknownCodeError (with did-you-mean) if absent."""
        try:
            return self.port_codes.index(str(code))
        except ValueError:
            raise UnknownCodeError("port code", str(code), self.port_codes) from None

    def staffed_for(
        self, volume: NDArray[np.float64], ports: NDArray[np.int64] | None = None
    ) -> NDArray[np.float64]:
        """Mean staffed primary booths (P, C) for a month's volume (P, C) [vehicles/month].

        CBP staffs to demand: the busiest normal hour of that month runs at
        ``target_utilisation`` (lambda_peak * s / rho, at least 1), never more than the port's
        published booths; 0 where the class has no lanes.  ``ports`` selects rows of the network
        (``volume`` then has one row per selected port).
        """
        idx = np.arange(len(self.port_codes)) if ports is None else np.asarray(ports)
        out = np.zeros((len(idx), len(self.classes)))
        for i, p in enumerate(idx):
            for c, cls in enumerate(self.classes):
                if self.lanes[p, c] == 0:
                    continue
                peak = peak_hour_rate(volume[i, c], self.hours[p, c], CLASS_PROFILE[cls])
                x = _staffed_lanes(peak, self.primary_mean_min[p, c], self.target_utilisation[p, c])
                if self.lane_origin[p, c] in ("published", "staffed") or x <= 0:
                    x = float(self.booths[p, c]) if x <= 0 else min(x, float(self.booths[p, c]))
                out[i, c] = x
        return out

    def secondary_for(
        self, volume: NDArray[np.float64], ports: NDArray[np.int64] | None = None
    ) -> NDArray[np.int64]:
        """Secondary bays (P, C) for a month's volume (P, C) [vehicles/month].

        Published bays are kept; otherwise ``ceil(lambda_peak * share * s2 / 0.7)`` for that
        month (the busiest normal hour's referrals at 70 % bay utilisation), at least one bay
        where the class is referred at all: bays follow the traffic month by month, so a month
        of heavier traffic (or the pre-2020 El Paso counts that include Ysleta) does not meet
        bays sized on other months.
        """
        idx = np.arange(len(self.port_codes)) if ports is None else np.asarray(ports)
        out = np.zeros((len(idx), len(self.classes)), dtype=np.int64)
        for i, p in enumerate(idx):
            for c, cls in enumerate(self.classes):
                if self.bays_published is not None and self.bays_published[p, c]:
                    out[i, c] = self.secondary_bays[p, c]
                    continue
                peak = peak_hour_rate(volume[i, c], self.hours[p, c], CLASS_PROFILE[cls])
                if peak <= 0 or self.secondary_share[p, c] <= 0:
                    out[i, c] = self.secondary_bays[p, c] if peak <= 0 else 0
                    continue
                out[i, c] = _sized_lanes(
                    peak * self.secondary_share[p, c],
                    self.secondary_mean_min[p, c],
                    SECONDARY_TARGET_UTILISATION,
                )
        return out

    def parameters_frame(self) -> pd.DataFrame:
        """One row per port x class with the parameters in force (for review and reports)."""
        pg, cg = np.meshgrid(
            np.arange(len(self.port_codes)), np.arange(len(self.classes)), indexing="ij"
        )
        p, c = pg.ravel(), cg.ravel()
        return pd.DataFrame(
            {
                "port_code": np.asarray(self.port_codes)[p],
                "vehicle_class": np.asarray(self.classes)[c],
                "lanes": self.lanes[p, c],
                "lane_origin": self.lane_origin[p, c],
                "booths": self.booths[p, c],
                "staffed_lanes": self.staffed_lanes[p, c],
                "secondary_bays": self.secondary_bays[p, c],
                "primary_mean_min": self.primary_mean_min[p, c],
                "secondary_share": self.secondary_share[p, c],
                "secondary_mean_min": self.secondary_mean_min[p, c],
                "mean_monthly_volume": self.monthly_volume.mean(axis=0)[p, c]
                if len(self.months)
                else 0.0,
            }
        )


#: BTS reports Ysleta (2401) inside El Paso (2402) before this month.
YSLETA_SPLIT_MONTH = np.datetime64("2020-03", "M")


def split_merged_ysleta(crossings: pd.DataFrame, ysleta: pd.DataFrame | None) -> pd.DataFrame:
    """Split El Paso (2402) counts that include Ysleta (2401) before 2020-03.

    BTS starts reporting Ysleta separately in March 2020; before, its traffic is in 2402 (El Paso
    trucks 792k in 2019 against 90k in 2023).  ``ysleta`` (month, measure, count) holds the CBP
    northbound counts of the Ysleta bridge (store view ``bridge_month_crossings``, port 2401): for
    each earlier month and measure they move from 2402 to 2401 (2402 keeps the rest, never below
    zero).  Months without bridge counts stay merged (2401 then has no data for them and a 2402
    schedule carries both ports' traffic: documented in docs/sim.md).

    Examples
    --------
    >>> cross = pd.DataFrame({"port_code": ["2402"], "month": ["2019-04-01"], "measure": ["Trucks"],
    ...                       "count": [57442]})
    >>> ysl = pd.DataFrame({"month": ["2019-04-01"], "measure": ["Trucks"], "count": [38449]})
    >>> split_merged_ysleta(cross, ysl).sort_values("port_code")["count"].tolist()
    [38449.0, 18993.0]
    """
    if ysleta is None or ysleta.empty or crossings.empty:
        return crossings
    df = crossings.copy()
    df["port_code"] = df["port_code"].astype(str).str.zfill(4)
    month = pd.to_datetime(df["month"]).to_numpy().astype("datetime64[M]")
    y = ysleta.assign(month=pd.to_datetime(ysleta["month"]).to_numpy().astype("datetime64[M]"))
    y = y[y["month"] < YSLETA_SPLIT_MONTH]
    has_2401 = set(
        zip(
            month[df["port_code"] == "2401"],
            df.loc[df["port_code"] == "2401", "measure"],
            strict=True,
        )
    )
    moved = {
        (m, str(meas)): float(c)
        for m, meas, c in y[["month", "measure", "count"]].itertuples(index=False)
        if (m, str(meas)) not in has_2401 and pd.notna(c)
    }
    is_ep = (df["port_code"] == "2402").to_numpy()
    key = list(zip(month, df["measure"].astype(str), strict=True))
    take = np.array([moved.get(k, 0.0) if e else 0.0 for k, e in zip(key, is_ep, strict=True)])
    take = np.minimum(take, df["count"].to_numpy(float))
    df["count"] = df["count"].astype(float) - take
    new = df[is_ep & (take > 0)].assign(port_code="2401", count=take[is_ep & (take > 0)])
    return pd.concat([df, new], ignore_index=True)


def _class_volume(
    crossings: pd.DataFrame, codes: list[str], defaults: pd.DataFrame, borders: list[str]
):
    """Monthly volume (M, P, C) after splitting each measure by the class shares."""
    df = crossings.copy()
    df["port_code"] = df["port_code"].astype(str).str.zfill(4)
    df["month"] = pd.to_datetime(df["month"]).dt.to_period("M").dt.to_timestamp()
    df = df[df["port_code"].isin(codes) & df["measure"].isin(set(CLASS_MEASURE.values()))]
    months = np.sort(df["month"].unique()).astype("datetime64[M]")
    wide = df.groupby(["month", "port_code", "measure"])["count"].sum()
    vol = np.zeros((len(months), len(codes), len(VEHICLE_CLASSES)))
    month_pos = {m: i for i, m in enumerate(months)}
    port_pos = {p: i for i, p in enumerate(codes)}
    meas = np.zeros((len(months), len(codes), len(CLASS_MEASURE)))
    measure_names = sorted(set(CLASS_MEASURE.values()))
    for month, port, measure, count in wide.reset_index().itertuples(index=False):
        m_pos = month_pos[pd.Timestamp(month).to_datetime64().astype("datetime64[M]")]
        meas[m_pos, port_pos[str(port)], measure_names.index(str(measure))] = float(count)
    share_of: dict[tuple[str, str], float] = {}
    min_of: dict[tuple[str, str], float] = {}
    for b, k, sh, mn in defaults[
        ["border", "vehicle_class", "share_of_measure", "min_monthly_volume"]
    ].itertuples(index=False):
        share_of[(str(b), str(k))], min_of[(str(b), str(k))] = float(sh), float(mn)
    for p, border in enumerate(borders):
        for c, cls in enumerate(VEHICLE_CLASSES):
            m_i = measure_names.index(CLASS_MEASURE[cls])
            series = meas[:, p, m_i]
            s = share_of[(border, cls)]
            if cls in _STANDARD_OF and series.mean() < min_of[(border, cls)]:
                s = 0.0
            vol[:, p, c] = series * s
        # shares taken from dedicated classes that the port does not have go to the standard class
        for cls, std in _STANDARD_OF.items():
            c, cs = VEHICLE_CLASSES.index(cls), VEHICLE_CLASSES.index(std)
            total_share = sum(
                share_of[(border, k)]
                for k in VEHICLE_CLASSES
                if CLASS_MEASURE[k] == CLASS_MEASURE[cls]
            )
            if vol[:, p, c].sum() == 0:
                vol[:, p, cs] += (
                    meas[:, p, measure_names.index(CLASS_MEASURE[cls])]
                    * share_of[(border, cls)]
                    / max(total_share, 1e-12)
                )
        for std in ("truck_standard", "pov_standard"):
            cs = VEHICLE_CLASSES.index(std)
            m_i = measure_names.index(CLASS_MEASURE[std])
            members = [
                VEHICLE_CLASSES.index(k)
                for k in VEHICLE_CLASSES
                if CLASS_MEASURE[k] == CLASS_MEASURE[std]
            ]
            total = vol[:, p, members].sum(axis=1)
            # renormalise so the classes of one measure add up to the measure exactly
            scale = np.divide(meas[:, p, m_i], total, out=np.ones_like(total), where=total > 0)
            vol[:, p, members] *= scale[:, None]
    return months, vol


def _hours_for(port_row: pd.Series | None, default_row: pd.Series) -> NDArray[np.int64]:
    out = np.zeros((3, 2), dtype=np.int64)
    for k, col in enumerate(HOUR_COLUMNS):
        val = default_row[col]
        if port_row is not None and not pd.isna(port_row[col]):
            val = port_row[col]
        out[k // 2, k % 2] = int(val)
    return out


def _sized_lanes(peak_rate_per_h: float, mean_min: float, utilisation: float) -> int:
    """Servers so the busiest normal hour runs at ``utilisation``: ceil(lambda * s / rho), >= 1."""
    return math.ceil(_staffed_lanes(peak_rate_per_h, mean_min, utilisation) - 1e-9)


def _staffed_lanes(peak_rate_per_h: float, mean_min: float, utilisation: float) -> float:
    """Mean staffed servers so the busiest normal hour runs at ``utilisation``: lambda s / rho, >= 1."""
    if peak_rate_per_h <= 0:
        return 0.0
    return max(1.0, peak_rate_per_h * mean_min / 60.0 / utilisation)


def build_network(
    ports_df: pd.DataFrame,
    crossings_df: pd.DataFrame,
    params_df: pd.DataFrame | None = None,
    class_defaults_df: pd.DataFrame | None = None,
    *,
    border: str | None = None,
    sizing_months: int = 12,
    staffing: StaffingParams | None = None,
) -> PortNetwork:
    """Build the port network from store frames and parameter tables (pure).

    Parameters
    ----------
    ports_df : DataFrame
        The store view ``ports`` (port_code, port_name, state, border, lat, lon).
    crossings_df : DataFrame
        The store view ``port_month_crossings`` (port_code, month, measure, count).
    params_df, class_defaults_df : DataFrame, optional
        Replacements for the bundled ``port_parameters.csv`` / ``class_defaults.csv``.
    border : str, optional
        Keep only ports on this border ('US-Mexico Border' or 'US-Canada Border').
    sizing_months : int
        ``lanes`` and ``staffed_lanes`` describe the mean of the last ``sizing_months`` months:
        staffed booths = lambda_peak * s / rho (the busiest normal hour at the class's
        ``target_utilisation``, ``class_defaults.csv``), at most the published booths.  Schedules
        re-staff each month to that month's volume (:meth:`PortNetwork.staffed_for`).

    staffing : StaffingParams, optional
        The run's staffing parameters (default: the registry's): peak-hour utilisation of the
        truck and passenger booths, and ``booth_headroom``, the physical booths per staffed
        booth of the busiest hour where port_parameters.csv publishes no count (the most the
        elastic rule and a post-closure surge can staff).

    Returns
    -------
    PortNetwork

    Examples
    --------
    >>> ports = pd.DataFrame({"port_code": ["2304"], "port_name": ["Laredo"], "state": ["TX"],
    ...     "border": ["US-Mexico Border"], "lat": [27.5], "lon": [-99.5]})
    >>> cross = pd.DataFrame({"port_code": ["2304"], "month": ["2024-03-01"], "measure": ["Trucks"],
    ...     "count": [250_000]})
    >>> net = build_network(ports, cross)
    >>> int(net.booths[0, 0]), int(net.lanes[0, 0]), str(net.lane_origin[0, 0])
    (18, 18, 'published')
    >>> int(net.booths[0, 1]), int(net.lanes[0, 1]), str(net.lane_origin[0, 1])  # 4 FAST booths
    (4, 1, 'staffed')
    """
    staffing = staffing if staffing is not None else StaffingParams.from_values()
    defaults = check_class_defaults(
        class_defaults_df if class_defaults_df is not None else read_class_defaults()
    )
    params = check_port_parameters(params_df if params_df is not None else read_port_parameters())
    ports = ports_df.copy()
    ports["port_code"] = ports["port_code"].astype(str).str.zfill(4)
    if border is not None:
        if border not in BORDERS:
            raise UnknownCodeError("border", border, BORDERS)
        ports = ports[ports["border"] == border]
    ports = ports.drop_duplicates("port_code").sort_values("port_code").reset_index(drop=True)
    if ports.empty:
        raise ConfigError("ports_df: no ports left (check the border filter)")
    codes, borders = ports["port_code"].tolist(), ports["border"].tolist()
    months, volume = _class_volume(crossings_df, codes, defaults, borders)
    recent = (
        volume[-sizing_months:].mean(axis=0)
        if len(months)
        else np.zeros((len(codes), len(VEHICLE_CLASSES)))
    )
    shape = (len(codes), len(VEHICLE_CLASSES))
    arrays = {k: np.zeros(shape) for k in ("pm", "pcv", "ss", "sm", "scv", "tu")}
    lanes = np.zeros(shape, dtype=np.int64)
    bays = np.zeros(shape, dtype=np.int64)
    booths = np.zeros(shape, dtype=np.int64)
    bays_pub = np.zeros(shape, dtype=bool)
    staffed_f = np.zeros(shape)
    hours = np.zeros((*shape, 3, 2), dtype=np.int64)
    origin = np.full(shape, "none", dtype="<U9")
    dflt = defaults.set_index(["border", "vehicle_class"])
    prm = params.set_index(["port_code", "vehicle_class"])
    for p, (code, brd) in enumerate(zip(codes, borders, strict=True)):
        for c, cls in enumerate(VEHICLE_CLASSES):
            d = dflt.loc[(brd, cls)]
            prow = prm.loc[(code, cls)] if (code, cls) in prm.index else None
            hours[p, c] = _hours_for(prow, d)
            for key, col in (
                ("pm", "primary_mean_min"),
                ("pcv", "primary_cv"),
                ("ss", "secondary_share"),
                ("sm", "secondary_mean_min"),
                ("scv", "secondary_cv"),
                ("tu", "target_utilisation"),
            ):
                arrays[key][p, c] = float(d[col])
            rho = staffing.peak_utilisation(cls)
            if rho is not None:
                arrays["tu"][p, c] = rho
            elif not arrays["tu"][p, c] > 0:
                raise ConfigError(
                    f"class_defaults.target_utilisation: {brd} / {cls} needs a value (only truck "
                    "and passenger classes take theirs from the staffing.* registry rows)"
                )
            peak = peak_hour_rate(recent[p, c], hours[p, c], CLASS_PROFILE[cls])
            staffed = _staffed_lanes(peak, arrays["pm"][p, c], arrays["tu"][p, c])
            origin[p, c] = "sized" if staffed > 0 else "none"
            if prow is not None and not pd.isna(prow["lanes"]):
                # published booths are a cap: CBP staffs the booths demand needs, not all of them
                booths[p, c] = int(prow["lanes"])
                staffed = min(staffed, booths[p, c]) if staffed > 0 else booths[p, c]
                origin[p, c] = "published" if staffed >= booths[p, c] else "staffed"
            staffed_f[p, c] = staffed
            lanes[p, c] = math.ceil(staffed - 1e-9)
            if origin[p, c] != "published" and origin[p, c] != "staffed":
                booths[p, c] = (
                    math.ceil(staffed * staffing.booth_headroom - 1e-9) if staffed > 0 else 0
                )
            if prow is not None and not pd.isna(prow["secondary_bays"]):
                bays[p, c] = int(prow["secondary_bays"])
                bays_pub[p, c] = True
            else:
                bays[p, c] = _sized_lanes(
                    peak * arrays["ss"][p, c], arrays["sm"][p, c], SECONDARY_TARGET_UTILISATION
                )
    force, force_origin = port_officer_force(codes, _weekly_booth_hours(staffed_f, hours))
    return PortNetwork(
        port_codes=tuple(codes),
        port_names=tuple(ports["port_name"].astype(str)),
        borders=tuple(borders),
        lat=ports["lat"].to_numpy(float),
        lon=ports["lon"].to_numpy(float),
        classes=VEHICLE_CLASSES,
        months=months,
        monthly_volume=volume,
        lanes=lanes,
        secondary_bays=bays,
        hours=hours,
        primary_mean_min=arrays["pm"],
        primary_cv=arrays["pcv"],
        secondary_share=arrays["ss"],
        secondary_mean_min=arrays["sm"],
        secondary_cv=arrays["scv"],
        road_km=road_distance_matrix_km(ports["lat"].to_numpy(float), ports["lon"].to_numpy(float)),
        lane_origin=origin,
        target_utilisation=arrays["tu"],
        booths=booths,
        staffed_lanes=staffed_f,
        officer_force=force,
        officer_force_origin=force_origin,
        bays_published=bays_pub,
    )


def _weekly_booth_hours(
    staffed: NDArray[np.float64], hours: NDArray[np.int64]
) -> NDArray[np.float64]:
    """Staffed primary booth-hours per normal week of each port (P,), all classes."""
    span = np.clip(hours[..., 1] - hours[..., 0], 0, 24).astype(float)  # (P, C, 3)
    per_week = 5 * span[..., 0] + span[..., 1] + span[..., 2]
    return (staffed * per_week).sum(axis=1)
