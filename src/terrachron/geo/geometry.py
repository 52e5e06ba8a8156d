"""Geodesic areas on the WGS84 ellipsoid: of places, and of what a polity holds on a date.

The one place in the package that measures area: the ledger's checks, the geographic queries and
the scenarios (splits, maritime zones, comparisons) all call :func:`geodesic_area_km2`.
"""

from __future__ import annotations

from collections.abc import Mapping

import shapely
from pyproj import Geod
from shapely.geometry.base import BaseGeometry

__all__ = ["WGS84", "geodesic_area_km2", "holdings_area_km2"]

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
