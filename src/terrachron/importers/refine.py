"""The common refinement of many polygon layers: atomic faces that never overlap.

Snapshots of the world re-draw the same borders again and again, each time a little differently.
Their common refinement (every region bounded by some snapshot's border) is the set of places an
imported ledger needs: inside one face, every snapshot says the same thing. Three steps keep it
small and honest:

1. **Snap**: every input is made valid and snapped to a grid of ``grid`` degrees, so that borders
   drawn from the same source share their vertices exactly (identical polygons across snapshots are
   computed once).
2. **Node and polygonize**: the union of every boundary, cut at each crossing, polygonized into
   faces; each face learns which inputs cover it from one interior point (a face lies wholly inside
   or outside every snapped input, by construction).
3. **Merge slivers**: a face thinner than ``sliver_width`` (mean width ``2·area/perimeter``, in
   degrees) is a re-digitisation artefact, not a territory: it joins the neighbour with which it
   shares the longest border and takes that neighbour's cover. A thin face with no neighbour (a
   small island) stays.

:func:`dissolve` then unions the faces that share a key (for example the same history of holders)
into one place each.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Hashable, Sequence
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

__all__ = ["RefineResult", "dissolve", "refine"]


@dataclass(frozen=True)
class RefineResult:
    """The faces of a common refinement and, for each, the inputs that cover it.

    Attributes
    ----------
    faces : list of BaseGeometry
        Polygons or multipolygons that never overlap (lon/lat degrees).
    cover : list of tuple of int
        For each face, the indices of the input polygons that cover it, ascending.
    grid : float
        The snapping grid, in degrees.
    sliver_width : float
        The mean-width threshold below which a face was merged, in degrees.
    faces_before_merge : int
        Faces covered by some input before slivers were merged.
    slivers_merged : int
        Faces merged into a neighbour.
    sliver_area : float
        Their total area, in square degrees.
    """

    faces: list[BaseGeometry]
    cover: list[tuple[int, ...]]
    grid: float
    sliver_width: float
    faces_before_merge: int
    slivers_merged: int
    sliver_area: float


def _polygonal(geom: BaseGeometry) -> BaseGeometry:
    """Only the polygonal parts of a geometry (make_valid may add lines and points)."""
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon")]
    if not parts:
        return shapely.Polygon()
    return shapely.union_all(parts) if len(parts) > 1 else parts[0]


def _snap(polygons: Sequence[BaseGeometry], grid: float) -> tuple[np.ndarray, np.ndarray]:
    """Unique snapped inputs and, for each input, the index of its unique snapped geometry."""
    arr = np.asarray(polygons, dtype=object)
    keys = shapely.to_wkb(shapely.normalize(arr))
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    unique = arr[first]
    valid = shapely.make_valid(unique)
    valid = np.array([_polygonal(g) for g in valid], dtype=object)
    snapped = shapely.set_precision(valid, grid)
    return snapped, inverse.reshape(-1)


def refine(
    polygons: Sequence[BaseGeometry],
    *,
    grid: float = 0.001,
    sliver_width: float = 0.02,
    protect: Collection[int] = (),
) -> RefineResult:
    """Cut a set of possibly overlapping polygons into faces that never overlap.

    Parameters
    ----------
    polygons : sequence of BaseGeometry
        Polygons or multipolygons in lon/lat degrees (from any number of layers).
    grid : float, default 0.001
        Snapping grid in degrees (about 100 m at the equator).
    sliver_width : float, default 0.02
        Faces of a mean width below this (degrees, about 2 km) merge into a neighbour.
    protect : collection of int
        Inputs whose area is a territory however small (a disputed islet): a face they cover
        is never merged away, and no face merges into one they cover unless it shares them.

    Returns
    -------
    RefineResult
        Faces covered by at least one input, with their covers.
    """
    snapped, inverse = _snap(polygons, grid)
    covers_of_unique: dict[int, list[int]] = defaultdict(list)
    for i, u in enumerate(inverse):
        covers_of_unique[int(u)].append(i)
    lines = shapely.get_parts(shapely.boundary(snapped[~shapely.is_empty(snapped)]))
    noded = shapely.union_all(lines, grid_size=grid)
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(noded)))
    points = shapely.point_on_surface(faces)
    tree = shapely.STRtree(snapped)
    point_idx, unique_idx = tree.query(points, predicate="within")
    cover: dict[int, set[int]] = defaultdict(set)
    for f, u in zip(point_idx.tolist(), unique_idx.tolist(), strict=True):
        cover[f].update(covers_of_unique[u])
    kept = sorted(cover)
    faces = faces[kept]
    covers = [tuple(sorted(cover[f])) for f in kept]
    guarded = frozenset(protect)
    keys = [frozenset(c) & guarded for c in covers]
    merged, n_slivers, sliver_area = _merge_slivers(faces, covers, sliver_width, keys)
    return RefineResult(
        faces=[g for g, _ in merged],
        cover=[c for _, c in merged],
        grid=grid,
        sliver_width=sliver_width,
        faces_before_merge=len(kept),
        slivers_merged=n_slivers,
        sliver_area=sliver_area,
    )


def _merge_slivers(
    faces: np.ndarray,
    covers: list[tuple[int, ...]],
    sliver_width: float,
    guards: list[frozenset[int]],
) -> tuple[list[tuple[BaseGeometry, tuple[int, ...]]], int, float]:
    area = shapely.area(faces)
    width = 2 * area / np.maximum(shapely.length(faces), 1e-12)
    is_sliver = (width < sliver_width) & np.array([not g for g in guards], dtype=bool)
    tree = shapely.STRtree(faces)
    target = np.arange(len(faces))
    boundaries = shapely.boundary(faces)
    for s in np.flatnonzero(is_sliver):
        near = tree.query(faces[s], predicate="intersects")
        near = np.array([n for n in near if n != s and guards[n] == guards[s]], dtype=np.int64)
        if len(near) == 0:
            continue  # an island: thin, but a territory of its own
        shared = shapely.length(shapely.intersection(boundaries[s], boundaries[near]))
        best = int(np.argmax(shared))
        if shared[best] <= 0:
            continue
        target[s] = near[best]
    root = np.array([_root(i, target, area) for i in range(len(faces))])
    groups: dict[int, list[int]] = defaultdict(list)
    for i, r in enumerate(root.tolist()):
        groups[r].append(i)
    out: list[tuple[BaseGeometry, tuple[int, ...]]] = []
    merged = 0
    merged_area = 0.0
    for r in sorted(groups):
        members = groups[r]
        if len(members) == 1:
            out.append((faces[r], covers[r]))
            continue
        merged += len(members) - 1
        merged_area += float(sum(area[m] for m in members if m != r))
        geom = shapely.coverage_union_all(faces[members])
        out.append((geom, covers[r]))
    return out, merged, merged_area


def _root(i: int, target: np.ndarray, area: np.ndarray) -> int:
    """Follow merge pointers to a face that stays; in a cycle, the largest face of it stays."""
    seen: list[int] = []
    while int(target[i]) != i and i not in seen:
        seen.append(i)
        i = int(target[i])
    if int(target[i]) == i:
        return i
    cycle = seen[seen.index(i) :]
    return max(cycle, key=lambda k: (area[k], -k))


def dissolve(
    faces: Sequence[BaseGeometry], keys: Sequence[Hashable]
) -> list[tuple[Hashable, BaseGeometry, list[int]]]:
    """Union the faces that share a key: one (key, geometry, member indices) per key.

    The faces of one key need not touch: a place may be several islands with one history.
    Output order follows each key's first face.
    """
    groups: dict[Hashable, list[int]] = {}
    for i, key in enumerate(keys):
        groups.setdefault(key, []).append(i)
    arr = np.asarray(faces, dtype=object)
    out = []
    for key, members in groups.items():
        geom = arr[members[0]] if len(members) == 1 else shapely.coverage_union_all(arr[members])
        out.append((key, geom, members))
    return out
