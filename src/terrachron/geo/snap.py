"""The nearest place within a geodesic distance, for points just off a coast.

A harbour, a ship at anchor or a coastal town digitised a little off its island's polygon lies in
no place; with ``max_distance_km`` ``locate`` gives it the nearest place within that distance and
says how far it was. Only the rows that miss every place come here.

Method: each point's candidate places are those whose box meets a window of ``max_distance_km``
around it; each candidate is clipped to that window and drawn in a local equirectangular plane
centred on the point with the WGS84 radii of curvature at its latitude (exact at the centre, and
within a fraction of a percent over 100 km); the nearest candidate in that plane wins (ties: the
place whose id sorts first), and the distance reported, and compared with the limit, is the
geodesic (WGS84) distance from the point to the nearest point found.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import shapely
from pyproj import Geod
from shapely.geometry.base import BaseGeometry

from terrachron.errors import QueryError

__all__ = ["MAX_SNAP_KM", "check_distance", "nearest_within"]

MAX_SNAP_KM = 100.0
"""The largest distance accepted: beyond it the local plane drifts from the geodesic, and a
point that far from every place is not "just off a coast"."""

_A = 6378.137  # WGS84 semi-major axis, km
_E2 = 6.69437999014e-3  # WGS84 first eccentricity squared
_GEOD = Geod(ellps="WGS84")
# The plane may under-state a distance by a fraction of a percent: keep candidates that far
# over the limit, then let the geodesic distance decide.
_SLACK = 1.01


def check_distance(km: float | None) -> float | None:
    """``max_distance_km`` as given, checked: None, or a number in [0, :data:`MAX_SNAP_KM`]."""
    if km is None:
        return None
    if isinstance(km, bool) or not isinstance(km, int | float) or not 0 <= km <= MAX_SNAP_KM:
        raise QueryError(
            f"max_distance_km must be a number from 0 to {MAX_SNAP_KM:g} (km), not {km!r}",
            parameter="max_distance_km",
        )
    return float(km)


def _radii(lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Km per radian along the meridian and along the parallel at ``lat`` (degrees)."""
    s = np.sin(np.radians(lat))
    w = np.sqrt(1.0 - _E2 * s * s)
    meridian = _A * (1.0 - _E2) / w**3
    parallel = _A / w * np.cos(np.radians(lat))
    return meridian, parallel


def nearest_within(
    lon: np.ndarray,
    lat: np.ndarray,
    geometries: Sequence[BaseGeometry],
    tree: shapely.STRtree,
    max_km: float,
) -> tuple[np.ndarray, np.ndarray]:
    """For each point, the rank of the nearest geometry within ``max_km`` and the distance.

    Parameters
    ----------
    lon, lat : numpy.ndarray of float
        The points (finite, in range).
    geometries : sequence of shapely geometries
        The places, by rank; ``tree`` is their STRtree.
    max_km : float
        The limit, geodesic km.

    Returns
    -------
    rank : numpy.ndarray of int64
        -1 where no place is that close.
    km : numpy.ndarray of float64
        The geodesic distance to the place; NaN where none.
    """
    n = len(lon)
    rank = np.full(n, -1, dtype=np.int64)
    km = np.full(n, np.nan)
    if n == 0 or max_km <= 0 or not len(geometries):
        return rank, km
    meridian, parallel = _radii(lat)
    reach = max_km * _SLACK
    dlat = np.degrees(reach / meridian)
    with np.errstate(divide="ignore"):
        dlon = np.degrees(reach / np.maximum(parallel, 1e-9))
    dlon = np.minimum(dlon, 360.0)
    y0 = np.maximum(lat - dlat, -90.0)
    y1 = np.minimum(lat + dlat, 90.0)
    # The window, and its parts that wrap past ±180° (a point near the antimeridian has
    # neighbours on the other side of it).
    owner = [np.arange(n)]
    boxes = [shapely.box(np.maximum(lon - dlon, -180.0), y0, np.minimum(lon + dlon, 180.0), y1)]
    west = np.flatnonzero(lon - dlon < -180.0)
    if len(west):
        owner.append(west)
        boxes.append(shapely.box(lon[west] - dlon[west] + 360.0, y0[west], 180.0, y1[west]))
    east = np.flatnonzero(lon + dlon > 180.0)
    if len(east):
        owner.append(east)
        boxes.append(shapely.box(-180.0, y0[east], lon[east] + dlon[east] - 360.0, y1[east]))
    box_owner = np.concatenate(owner)
    all_boxes = np.concatenate(boxes)
    bi, gi = tree.query(all_boxes)
    if not len(bi):
        return rank, km
    point = box_owner[bi]
    geoms = np.asarray(geometries, dtype=object)[gi]
    clipped = shapely.intersection(geoms, all_boxes[bi])
    keep = ~shapely.is_empty(clipped)
    point, gi, clipped = point[keep], gi[keep], clipped[keep]
    if not len(point):
        return rank, km
    _, which = shapely.get_coordinates(clipped, return_index=True)
    owner_of_coord = point[which]
    px, py = lon[owner_of_coord], lat[owner_of_coord]
    mx, my = parallel[owner_of_coord], meridian[owner_of_coord]

    def to_plane(xy: np.ndarray) -> np.ndarray:
        dx = (xy[:, 0] - px + 180.0) % 360.0 - 180.0
        return np.column_stack([np.radians(dx) * mx, np.radians(xy[:, 1] - py) * my])

    local = shapely.transform(clipped, to_plane)
    origin = shapely.points(np.zeros(len(local)), np.zeros(len(local)))
    plane_km = shapely.distance(origin, local)
    ok = plane_km <= reach
    point, gi, local, plane_km = point[ok], gi[ok], local[ok], plane_km[ok]
    if not len(point):
        return rank, km
    # Per point, the nearest candidate in the plane; ties to the smallest rank.
    order = np.lexsort((gi, plane_km, point))
    first = np.r_[True, point[order][1:] != point[order][:-1]]
    best = order[first]
    rows = point[best]
    ends = shapely.get_coordinates(shapely.shortest_line(origin[best], local[best]))[1::2]
    # Back from the plane to degrees, then the geodesic distance on the ellipsoid.
    to_lon = lon[rows] + np.degrees(ends[:, 0] / parallel[rows])
    to_lat = lat[rows] + np.degrees(ends[:, 1] / meridian[rows])
    to_lon = (to_lon + 180.0) % 360.0 - 180.0
    _, _, metres = _GEOD.inv(lon[rows], lat[rows], to_lon, np.clip(to_lat, -90.0, 90.0))
    geodesic = np.asarray(metres, dtype=np.float64) / 1000.0
    within = geodesic <= max_km
    rank[rows[within]] = gi[best][within]
    km[rows[within]] = geodesic[within]
    return rank, km
