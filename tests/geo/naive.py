"""The reference the fast path is checked against: shapely per point, per place, in id order.

It implements the documented boundary rule literally: the answer is the first place, in sorted
id order, whose polygon covers the point (``shapely.covers``: interior or boundary).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import shapely
from shapely.geometry.base import BaseGeometry


def naive_places(
    geometries: Mapping[str, BaseGeometry], lon: Sequence[float], lat: Sequence[float]
) -> list[str | None]:
    """For every point, the first place (sorted ids) whose polygon covers it, else None."""
    ids = sorted(geometries)
    out: list[str | None] = []
    for x, y in zip(lon, lat, strict=True):
        point = shapely.Point(x, y)
        hit = None
        for pid in ids:
            if shapely.covers(geometries[pid], point):
                hit = pid
                break
        out.append(hit)
    return out
