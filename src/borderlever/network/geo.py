"""Distances and travel times between ports, from their coordinates.

Road distance is the great-circle (haversine) distance times a road circuity factor; travel time is
road distance over a mean road speed.  Both constants are stated here and in ``docs/sim.md``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

EARTH_RADIUS_KM = 6371.0088
#: Road distance / great-circle distance.  Ballou, Rahardja & Sakai (2002), "Selected country
#: circuity factors for road travel distance estimation", Transportation Research A 36(9): the US
#: factor is about 1.20; we use 1.3 because border detours run along the river / fence line.
ROAD_FACTOR = 1.3
#: Mean door-to-door road speed for a diverting vehicle [km/h] (assumption, confidence L).
ROAD_SPEED_KMH = 60.0


def haversine_km(
    lat1: ArrayLike, lon1: ArrayLike, lat2: ArrayLike, lon2: ArrayLike
) -> NDArray[np.float64]:
    """Great-circle distance [km] between points given in degrees (broadcasts).

    References
    ----------
    Sinnott, R. W. (1984). Virtues of the haversine. Sky and Telescope 68(2), 159.

    Examples
    --------
    >>> round(float(haversine_km(27.50, -99.50, 26.16, -98.19)), 1)  # Laredo -> Hidalgo
    197.7
    """
    p1, p2 = np.radians(np.asarray(lat1, float)), np.radians(np.asarray(lat2, float))
    dp = p2 - p1
    dl = np.radians(np.asarray(lon2, float) - np.asarray(lon1, float))
    h = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))


def road_distance_matrix_km(
    lat: ArrayLike, lon: ArrayLike, road_factor: float = ROAD_FACTOR
) -> NDArray[np.float64]:
    """Road distance [km] between every pair of points: haversine × ``road_factor``.

    Examples
    --------
    >>> m = road_distance_matrix_km([32.54, 32.55], [-117.03, -116.94])
    >>> m.shape, float(m[0, 0]), round(float(m[0, 1]), 1)
    ((2, 2), 0.0, 11.1)
    """
    lat_a, lon_a = np.asarray(lat, float), np.asarray(lon, float)
    d = haversine_km(lat_a[:, None], lon_a[:, None], lat_a[None, :], lon_a[None, :])
    return d * road_factor


def travel_time_min(road_km: ArrayLike, speed_kmh: float = ROAD_SPEED_KMH) -> NDArray[np.float64]:
    """Travel time [min] for a road distance [km] at ``speed_kmh``.

    Examples
    --------
    >>> float(travel_time_min(30.0))
    30.0
    """
    return np.asarray(road_km, float) / speed_kmh * 60.0
