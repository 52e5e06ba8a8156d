"""Common refinement of polygons (LOCAL FALLBACK until the lead's module lands on main).

Cuts a set of possibly overlapping polygons into faces that never overlap, and records which input
polygons cover each face. Coordinates are snapped to ``grid`` first so that borders digitised twice
coincide; faces thinner than ``sliver_width`` merge into the neighbour sharing the longest border.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import shapely
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

__all__ = ["RefineResult", "refine"]


@dataclass
class RefineResult:
    """Faces of the refinement and, for each, the indices of the input polygons covering it."""

    faces: list[Polygon | MultiPolygon] = field(default_factory=list)
    cover: list[list[int]] = field(default_factory=list)
    sliver_area: float = 0.0


def _polygonal(geom: BaseGeometry) -> Polygon | MultiPolygon | None:
    parts = [g for g in getattr(geom, "geoms", [geom]) if isinstance(g, Polygon) and not g.is_empty]
    multi = [p for g in parts for p in ([g] if isinstance(g, Polygon) else list(g.geoms))]
    if not multi:
        return None
    return multi[0] if len(multi) == 1 else MultiPolygon(multi)


def refine(polygons: Sequence[BaseGeometry], *, grid: float, sliver_width: float) -> RefineResult:
    """Cut ``polygons`` into non-overlapping faces, each covered by a fixed set of inputs."""
    faces: list[tuple[BaseGeometry, frozenset[int]]] = []
    for i, raw in enumerate(polygons):
        poly = shapely.set_precision(raw, grid)
        rest = poly
        next_faces: list[tuple[BaseGeometry, frozenset[int]]] = []
        for geom, cover in faces:
            if not geom.intersects(poly):
                next_faces.append((geom, cover))
                continue
            inside = shapely.set_precision(geom.intersection(poly), grid)
            outside = shapely.set_precision(geom.difference(poly), grid)
            if not inside.is_empty and inside.area > 0:
                next_faces.append((inside, cover | {i}))
            if not outside.is_empty and outside.area > 0:
                next_faces.append((outside, cover))
            rest = rest.difference(geom)
        rest = shapely.set_precision(rest, grid)
        if not rest.is_empty and rest.area > 0:
            next_faces.append((rest, frozenset({i})))
        faces = next_faces
    kept: list[tuple[BaseGeometry, frozenset[int]]] = []
    slivers: list[BaseGeometry] = []
    for geom, cover in faces:
        if geom.buffer(-sliver_width / 2).is_empty:
            slivers.append(geom)
        else:
            kept.append((geom, cover))
    sliver_area = 0.0
    for sliver in slivers:
        best, shared = -1, 0.0
        for j, (geom, _) in enumerate(kept):
            length = sliver.buffer(grid * 2).intersection(geom.boundary).length
            if length > shared:
                best, shared = j, length
        sliver_area += sliver.area
        if best >= 0:
            geom, cover = kept[best]
            kept[best] = (shapely.set_precision(geom.union(sliver), grid), cover)
    result = RefineResult(sliver_area=sliver_area)
    for geom, cover in kept:
        poly = _polygonal(geom)
        if poly is not None:
            result.faces.append(poly)
            result.cover.append(sorted(cover))
    return result
