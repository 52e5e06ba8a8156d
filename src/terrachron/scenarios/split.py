"""Splitting a place in two: along a given line, or along a line placed by bisection on its area.

Both cuts work the same way: a half-plane is built in a local azimuthal equidistant plane centred
on the place, brought back to lon/lat with its edges densified (so the cut follows a straight line
of the plane, which is close to a geodesic at this scale), and the place is intersected with it
(the first part) and with its complement (the second). The two parts are computed from the same
half-plane, so they share their cut edge exactly and together make up the place.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import shapely
from shapely.geometry import LineString, Point, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.ops import split as split_by_line

from terrachron.errors import TerrachronError
from terrachron.geo.geometry import geodesic_area_km2
from terrachron.scenarios.geodesy import LocalPlane

__all__ = ["Cut", "CutError", "bisect_place", "cut_along"]

MIN_PART_KM2 = 0.01
"""A part smaller than this is no part: the line only grazes the place (the ledger's overlap
tolerance, for the same reason)."""
_CUT_DENSIFY_M = 500.0


class CutError(TerrachronError):
    """A place cannot be cut as asked (the line misses it, the target cannot be met, ...)."""


@dataclass(frozen=True)
class Cut:
    """A place cut in two.

    Attributes
    ----------
    first, second : BaseGeometry
        The two parts (lon/lat (multi)polygons): left of the line / behind the bisection line
        first.
    line : BaseGeometry
        The cut line across the place (lon/lat LineString), for drawing.
    first_km2, second_km2 : float
        Geodesic areas of the parts.
    iterations : int
        Bisection steps taken (0 for a given line).
    """

    first: BaseGeometry
    second: BaseGeometry
    line: BaseGeometry
    first_km2: float
    second_km2: float
    iterations: int = 0


def _polygonal(geom: BaseGeometry) -> BaseGeometry:
    """Only the polygons of an overlay result (a cut can leave stray points or lines)."""
    parts = [p for p in shapely.get_parts(geom) if p.geom_type == "Polygon" and not p.is_empty]
    if not parts:
        return Polygon()
    return parts[0] if len(parts) == 1 else shapely.MultiPolygon(parts)


def _cut(
    place: BaseGeometry, plane: LocalPlane, first_side: BaseGeometry, line: BaseGeometry
) -> Cut:
    side = plane.to_lonlat(shapely.segmentize(first_side, _CUT_DENSIFY_M), densify=False)
    first = _polygonal(place.intersection(side))
    second = _polygonal(place.difference(side))
    planar_place = plane.to_plane(place)
    hull = planar_place.convex_hull.buffer(2_000.0)
    drawn = plane.to_lonlat(line.intersection(hull))
    return Cut(first, second, drawn, geodesic_area_km2(first), geodesic_area_km2(second))


def cut_along(place: BaseGeometry, line: Sequence[tuple[float, float]]) -> Cut:
    """Cut ``place`` along a line of [lon, lat] points.

    The first part is what lies left of the line walked from its first point to its last; the
    line is extended straight beyond both ends, so it need not reach across the whole place, but
    it must cross it.

    Raises
    ------
    CutError
        The line does not cross the place, crosses itself, or leaves the whole place on one side.
    """
    drawn = LineString(line)
    if not drawn.is_simple:
        raise CutError("the split line crosses itself")
    if not shapely.relate_pattern(drawn, place, "T********"):
        raise CutError("the split line does not cross the place")
    plane = LocalPlane.around(place, step=0.01)
    coords = shapely.get_coordinates(plane.to_plane(drawn))
    planar_place = plane.to_plane(place)
    minx, miny, maxx, maxy = shapely.union(planar_place.envelope, LineString(coords)).bounds
    reach = 4.0 * max(maxx - minx, maxy - miny, 1.0)

    def unit(ax: float, ay: float, bx: float, by: float) -> tuple[float, float]:
        length = math.hypot(bx - ax, by - ay)
        if length == 0:
            raise CutError("the split line repeats a point")
        return (bx - ax) / length, (by - ay) / length

    sx, sy = unit(*coords[1], *coords[0])
    ex, ey = unit(*coords[-2], *coords[-1])
    # The extension must leave the frame below (half-size 2 * reach) from any point of the line.
    far = 8.0 * reach
    extended = LineString(
        [
            (coords[0][0] + far * sx, coords[0][1] + far * sy),
            *map(tuple, coords),
            (coords[-1][0] + far * ex, coords[-1][1] + far * ey),
        ]
    )
    if not extended.is_simple:
        raise CutError("the split line, extended straight beyond its ends, crosses itself")
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    frame = shapely.box(cx - 2 * reach, cy - 2 * reach, cx + 2 * reach, cy + 2 * reach)
    pieces = list(split_by_line(frame, extended).geoms)
    if len(pieces) != 2:
        raise CutError("the split line must divide the plane in two")
    # A point just left of the first segment tells which piece is the left one.
    dx, dy = unit(*coords[0], *coords[1])
    mid = (coords[0] + coords[1]) / 2
    probe = Point(mid[0] - dy * 1.0, mid[1] + dx * 1.0)
    left = pieces[0] if pieces[0].contains(probe) else pieces[1]
    cut = _cut(place, plane, left, extended)
    if cut.first_km2 < MIN_PART_KM2 or cut.second_km2 < MIN_PART_KM2:
        raise CutError("the split line leaves the whole place on one side")
    return cut


def bisect_place(
    place: BaseGeometry, azimuth: float, target_km2: float, tolerance_km2: float = 0.01
) -> Cut:
    """Cut ``place`` with a straight line perpendicular to ``azimuth``, placed by bisection.

    The first part lies behind the line (``azimuth`` points from it to the second part) and its
    geodesic area is ``target_km2`` within ``tolerance_km2``. The area behind a line moving along
    ``azimuth`` grows continuously from 0 to the whole place, so bisection on the line's position
    always meets the target.

    Raises
    ------
    CutError
        When the target is not strictly between 0 and the place's area.
    """
    total = geodesic_area_km2(place)
    if not 0 < target_km2 < total:
        raise CutError(
            f"the first part must have {target_km2:,.2f} km², but the place has {total:,.2f} km²"
        )
    plane = LocalPlane.around(place, step=0.01)
    planar = plane.to_plane(place)
    ux, uy = math.sin(math.radians(azimuth)), math.cos(math.radians(azimuth))
    vx, vy = uy, -ux  # perpendicular to the azimuth
    xy = shapely.get_coordinates(planar)
    along = xy[:, 0] * ux + xy[:, 1] * uy
    across = xy[:, 0] * vx + xy[:, 1] * vy
    margin = 10_000.0
    w_lo, w_hi = float(across.min()) - margin, float(across.max()) + margin
    s_start = float(along.min()) - margin

    def behind(s: float) -> Polygon:
        corners = [(s_start, w_lo), (s, w_lo), (s, w_hi), (s_start, w_hi)]
        return Polygon([(a * ux + w * vx, a * uy + w * vy) for a, w in corners])

    def cut_at(s: float) -> Cut:
        line = LineString([(s * ux + w * vx, s * uy + w * vy) for w in (w_lo, w_hi)])
        return _cut(place, plane, behind(s), line)

    lo, hi = float(along.min()), float(along.max())
    best: Cut | None = None
    for iteration in range(1, 200):
        mid = (lo + hi) / 2
        cut = cut_at(mid)
        best = Cut(
            cut.first, cut.second, cut.line, cut.first_km2, cut.second_km2, iterations=iteration
        )
        error = cut.first_km2 - target_km2
        if abs(error) <= tolerance_km2 or hi - lo < 1e-3:
            break
        if error < 0:
            lo = mid
        else:
            hi = mid
    assert best is not None  # the loop runs at least once
    return best
