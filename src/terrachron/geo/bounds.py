"""Bounding boxes that know the antimeridian.

Russia, Fiji, Kiribati and the United States (Alaska's Aleutians) have land on both sides of
180°; the plain bounds of such a shape run from -180 to 180 and a map asked to fit them shows
the whole world. :func:`wrapped_bounds` finds the widest stretch of longitude that holds no
land and puts the box's edges on either side of it: when that stretch is not the one around
180°, the box crosses it and, as RFC 7946 (section 5.2) writes such a box, its west is greater
than its east (Fiji: ``[177.0, -21.0, -178.0, -12.0]``).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

from shapely.geometry.base import BaseGeometry

__all__ = ["wrapped_bounds"]


def _spans(geom: BaseGeometry) -> list[tuple[float, float]]:
    parts = getattr(geom, "geoms", None)
    if parts is None:
        return [] if geom.is_empty else [(geom.bounds[0], geom.bounds[2])]
    return [s for p in parts for s in _spans(p)]


def wrapped_bounds(
    geoms: Iterable[BaseGeometry],
) -> tuple[float, float, float, float] | None:
    """``(west, south, east, north)`` of ``geoms`` in degrees, across 180° when that is smaller.

    Parameters
    ----------
    geoms : iterable of shapely geometry
        WGS84 lon/lat shapes; each part (polygon of a multipolygon) is placed on its own.

    Returns
    -------
    tuple of float or None
        The box, ``west > east`` when it crosses the antimeridian; None when every shape is
        empty.
    """
    shapes = [g for g in geoms if not g.is_empty]
    if not shapes:
        return None
    south = min(g.bounds[1] for g in shapes)
    north = max(g.bounds[3] for g in shapes)
    spans = sorted(s for g in shapes for s in _spans(g))
    # Merge overlapping spans, then find the widest gap between them, the gap around 180°
    # (from the last span's east to the first's west, plus 360°) included.
    merged: list[list[float]] = []
    for lo, hi in spans:
        if merged and lo <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    west, east = merged[0][0], merged[-1][1]
    widest = merged[0][0] + 360.0 - merged[-1][1]
    for before, after in itertools.pairwise(merged):
        gap = after[0] - before[1]
        if gap > widest:
            widest, west, east = gap, after[0], before[1]
    return (west, south, east, north)
