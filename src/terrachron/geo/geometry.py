"""Geodesic areas on the WGS84 ellipsoid: of places, and of what a polity holds on a date.

The one place in the package that measures area: the geographic queries and the scenarios
(splits, maritime zones, comparisons) call :func:`geodesic_area_km2`; the ledger's overlap check
calls :func:`lonlat_area_km2`, which measures the region a point-in-polygon test sees.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import shapely
from pyproj import Geod
from shapely.geometry.base import BaseGeometry

__all__ = ["WGS84", "geodesic_area_km2", "holdings_area_km2", "lonlat_area_km2"]

WGS84 = Geod(ellps="WGS84")
"""The ellipsoid every area and distance is measured on."""

_POLYGON = 3


def geodesic_area_km2(geom: BaseGeometry | None) -> float:
    """Area on the WGS84 ellipsoid in km² (0 for no geometry).

    Each polygon is measured on its own (pyproj takes the orientation of the rings into
    account; the absolute value makes it independent of it), then summed. Lines and points have
    no area: in a collection (an intersection, say) only the polygonal parts count.
    """
    if geom is None or geom.is_empty:
        return 0.0
    total = 0.0
    parts = shapely.get_parts(geom)
    for part in parts[shapely.get_type_id(parts) == _POLYGON]:
        total += abs(WGS84.geometry_area_perimeter(part)[0])
    return total / 1e6


AUTHALIC_RADIUS_M = 6_371_007.181
"""Radius of the sphere with the WGS84 ellipsoid's surface area."""


def lonlat_area_km2(geom: BaseGeometry | None) -> float:
    """Area in km² of the region whose edges run straight in longitude and latitude.

    That region is what shapely, and so ``locate``, tests points against. :func:`geodesic_area_km2`
    reads every edge as a geodesic instead, which for a large polygon hardly matters but gives a
    sliver of no planar width (three nearly collinear vertices along one long border, as GEOS
    leaves where a node computed on one place's edge lands a rounding error inside another) up
    to tens of km²: the lens between one long geodesic and two shorter ones. Here the area is
    the integral of cos(latitude) over the planar region on the authalic sphere, exact for
    straight lon/lat edges (Green's theorem: ∮ −sin φ dλ per ring); a sliver of no width
    measures none. The sphere differs from the ellipsoid's measure by well under 1 %.
    """
    if geom is None or geom.is_empty:
        return 0.0
    parts = shapely.get_parts(geom)
    polygons = parts[shapely.get_type_id(parts) == _POLYGON]
    total = 0.0
    for polygon in polygons:
        rings = [shapely.get_exterior_ring(polygon)]
        rings += [shapely.get_interior_ring(polygon, i) for i in range(len(polygon.interiors))]
        signed = [_ring_integral(np.radians(shapely.get_coordinates(r))) for r in rings]
        # Holes are subtracted whatever the orientation the file gave the rings.
        total += abs(signed[0]) - sum(abs(h) for h in signed[1:])
    return total * AUTHALIC_RADIUS_M**2 / 1e6


def _ring_integral(xy: np.ndarray) -> float:
    lam, phi = xy[:, 0], xy[:, 1]
    d_lam, d_phi = np.diff(lam), np.diff(phi)
    mid = (phi[:-1] + phi[1:]) / 2
    # ∫ −sin φ dλ along a straight edge = −Δλ · (cos φ1 − cos φ2) / Δφ, written with the
    # midpoint so that it stays exact as Δφ → 0 (np.sinc(x) = sin(πx) / (πx)).
    return float(-np.sum(d_lam * np.sin(mid) * np.sinc(d_phi / (2 * np.pi))))


def holdings_area_km2(
    holders: Mapping[str, tuple[str, ...] | None], areas: Mapping[str, float]
) -> dict[str, float]:
    """Sum place areas per holder: ``holders`` maps place → the polities holding it.

    A place held jointly counts in full for each joint holder (a condominium is all of each
    party's territory), so the totals can add up to more than the world.
    """
    out: dict[str, float] = {}
    for place, ids in holders.items():
        for pid in ids or ():
            out[pid] = out.get(pid, 0.0) + areas.get(place, 0.0)
    return dict(sorted(out.items()))
