"""The map's geometry per zoom, and what colours it on a date, for ledgers the size of the world.

A browser cannot take one GeoJSON of every face of the world (5,092 faces, 400,000 vertices)
and redraw it on every date. This module gives it two things instead:

* :class:`ShapeTiles`: each place's geometry simplified for a *level* of detail (the coverage is
  simplified as a whole, so neighbours keep a common border), its parts smaller than a pixel
  dropped and its vertices snapped to a grid, served by Web-Mercator tile ``z/x/y``: every place
  whose simplified shape meets the tile, whole (not clipped), so that a client merging tiles
  keeps one feature per place. Built once per ledger content hash and level.
* :meth:`ShapeTiles.mvt`: the same shapes as a Mapbox Vector Tile (protobuf), each place's
  shape *clipped* to the tile (with a small buffer) and snapped to the tile's integer grid, its
  feature id a stable integer (the place's rank among the ledger's sorted ids) and its only
  property its ``pid``. A browser decodes such tiles one by one in its workers, where a GeoJSON
  of the world has to be indexed whole before anything is drawn. Encoded once per ledger
  content hash and tile, kept in memory (bounded), the low zooms built at warm-up.
* :func:`paint`: for a date and view, every place's fill (its holder or holders), its flags and
  its claimants, read from the per-view timetable that ``locate`` searches (not by deriving
  5,000 statuses with their chains), plus a label point per holder: what the map needs to
  recolour itself when the date changes, in a few compact arrays.
"""

from __future__ import annotations

import json
import math
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import mapbox_vector_tile  # type: ignore[import-untyped]  # ships no type information
import numpy as np
import shapely
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from terrachron.dates import EdtfDate, day_to_iso
from terrachron.errors import QueryError

if TYPE_CHECKING:
    from terrachron.query import Ledger

__all__ = [
    "LEVELS",
    "MAX_TILE_ZOOM",
    "MVT_BUFFER",
    "MVT_EXTENT",
    "MVT_LAYER",
    "MVT_WARM_ZOOM",
    "Horizon",
    "Level",
    "Paint",
    "ShapeTiles",
    "horizon_of",
    "level_for",
    "paint",
    "shape_tiles",
    "tile_bounds",
    "warm_up",
]

MAX_TILE_ZOOM = 8
"""The deepest tile zoom served; deeper map zooms reuse its tiles (full detail from level 3)."""


MVT_LAYER = "places"
"""The one layer of a vector tile: every place meeting it."""
MVT_EXTENT = 4096
"""A vector tile's integer grid: 4096 units a side, 8 per pixel of a 512-pixel tile."""
MVT_BUFFER = 64
"""How far past its edge, in grid units, a tile's shapes reach (1/64 of the tile): a line drawn
along a clipped edge then falls outside the tile, where the renderer does not draw it."""
MVT_WARM_ZOOM = 2
""":func:`warm_up` encodes every vector tile up to this zoom (1 + 4 + 16 tiles): the world's
first paint asks for zoom 0–2 tiles."""
MVT_CACHE_BYTES = 256 << 20
"""The bytes of encoded vector tiles one ledger keeps in memory, at most (least recently used
go first)."""

# Web Mercator stops at the latitude where the projected world is a square.
_MERCATOR_LAT = math.degrees(math.atan(math.sinh(math.pi)))


@dataclass(frozen=True, slots=True)
class Level:
    """One level of detail.

    Attributes
    ----------
    min_zoom : int
        The first tile zoom served at this level.
    tolerance : float
        ``shapely.coverage_simplify`` tolerance in degrees (0: the geometry as recorded).
    grid : float
        Vertices are snapped to this grid, in degrees (0: not snapped).
    min_part : float
        Parts (islands) smaller than this, in square degrees, are dropped: less than a pixel.
    """

    min_zoom: int
    tolerance: float
    grid: float
    min_part: float


LEVELS: tuple[Level, ...] = (
    # A pixel is ~1.4° at tile zoom 0 and ~0.35° at zoom 2 (256-px tiles): the tolerance stays
    # under a pixel of the zooms a level serves.
    Level(min_zoom=0, tolerance=0.25, grid=0.02, min_part=0.02),
    Level(min_zoom=2, tolerance=0.06, grid=0.005, min_part=0.002),
    Level(min_zoom=4, tolerance=0.015, grid=0.001, min_part=0.0001),
    Level(min_zoom=6, tolerance=0.0, grid=0.0, min_part=0.0),
)


def level_for(z: int) -> int:
    """The index in :data:`LEVELS` of the level that serves tile zoom ``z``."""
    found = 0
    for i, lv in enumerate(LEVELS):
        if z >= lv.min_zoom:
            found = i
    return found


def tile_bounds(z: int, x: int, y: int) -> tuple[float, float, float, float]:
    """``(west, south, east, north)`` in degrees of Web-Mercator tile ``z/x/y``.

    Raises
    ------
    QueryError
        For a zoom outside 0–:data:`MAX_TILE_ZOOM` or a tile index outside the zoom's grid.
    """
    if not 0 <= z <= MAX_TILE_ZOOM:
        raise QueryError(f"tile zoom {z} is outside 0–{MAX_TILE_ZOOM}", parameter="z")
    n = 1 << z
    for name, value in (("x", x), ("y", y)):
        if not 0 <= value < n:
            raise QueryError(
                f"tile {name}={value} is outside 0–{n - 1} at zoom {z}", parameter=name
            )

    def lat(row: int) -> float:
        return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * row / n))))

    west = x / n * 360.0 - 180.0
    east = (x + 1) / n * 360.0 - 180.0
    # The outermost rows reach the poles: Mercator stops at ±85.05°, the ledger's land does not.
    north = 90.0 if y == 0 else lat(y)
    south = -90.0 if y == n - 1 else lat(y + 1)
    return west, south, east, north


def _drop_small_parts(geom: BaseGeometry, min_part: float) -> BaseGeometry:
    parts = getattr(geom, "geoms", None)
    if parts is None or min_part <= 0:
        return geom
    kept = [p for p in parts if p.area >= min_part]
    if not kept:
        # Keep the largest part: a small island stays visible as something, not nothing.
        kept = [max(parts, key=lambda p: p.area)]
    return kept[0] if len(kept) == 1 else shapely.MultiPolygon(kept)


def _simplified(geoms: np.ndarray, level: Level) -> np.ndarray:
    if level.tolerance <= 0:
        return geoms
    try:
        out = shapely.coverage_simplify(geoms, level.tolerance)
    except shapely.errors.GEOSException:
        # A coverage with overlaps cannot be simplified as one: each place on its own then.
        out = shapely.simplify(geoms, level.tolerance, preserve_topology=True)
    out = np.array([_drop_small_parts(g, level.min_part) for g in out], dtype=object)
    if level.grid > 0:
        out = np.asarray(shapely.set_precision(out, level.grid), dtype=object)
    # A face thinner than the grid collapses; the recorded one is drawn rather than nothing.
    empty = shapely.is_empty(out) | shapely.is_missing(out)
    out[empty] = geoms[empty]
    kept: np.ndarray = out
    return kept


class ShapeTiles:
    """Every place's geometry per level of detail, served by tile.

    Parameters
    ----------
    geometries : Mapping of str to shapely geometry
        Place id to WGS84 geometry (``Ledger.geometries``).
    names : Mapping of str to str
        Place id to the name drawn (English), sent with each feature.
    """

    def __init__(self, geometries: Mapping[str, BaseGeometry], names: Mapping[str, str]) -> None:
        self.ids = sorted(geometries)
        self._geoms = np.array([geometries[i] for i in self.ids], dtype=object)
        self._names = dict(names)
        self._rank = {pid: i for i, pid in enumerate(self.ids)}
        self._levels: dict[int, _LevelData] = {}
        self._projected: dict[int, _Projected] = {}
        self._lock = threading.Lock()
        self._mvt: OrderedDict[tuple[int, int, int], bytes] = OrderedDict()
        self._mvt_bytes = 0
        self._mvt_lock = threading.Lock()

    def feature_id(self, pid: str) -> int:
        """The integer id of place ``pid`` in vector tiles: its rank among the sorted place ids,
        the same in every tile of this ledger.

        Raises
        ------
        KeyError
            For a place the ledger does not draw.
        """
        return self._rank[pid]

    def _level(self, index: int) -> _LevelData:
        with self._lock:
            found = self._levels.get(index)
            if found is None:
                shapes = _simplified(self._geoms, LEVELS[index])
                features = [
                    {
                        "type": "Feature",
                        "geometry": mapping(g),
                        "properties": {"pid": pid, "name": self._names.get(pid, pid)},
                    }
                    for pid, g in zip(self.ids, shapes, strict=True)
                ]
                # Each feature is encoded once: a tile is then a join of bytes. Encoding the
                # world's tile of zoom 0 afresh (5,000 features) took over a second a request.
                encoded = [_encode(f) for f in features]
                found = _LevelData(shapes, shapely.STRtree(shapes), features, encoded)
                self._levels[index] = found
            return found

    def vertices(self, level: int) -> int:
        """How many vertices the level's shapes hold in all (for the benchmark)."""
        return int(shapely.get_num_coordinates(self._level(level).shapes).sum())

    def tile(self, z: int, x: int, y: int) -> list[dict[str, Any]]:
        """The GeoJSON Features of every place meeting tile ``z/x/y``, at the zoom's level.

        Raises
        ------
        QueryError
            For a tile outside the grid (see :func:`tile_bounds`).
        """
        data = self._level(level_for(z))
        return [data.features[i] for i in self._hits(data, z, x, y)]

    def tile_json(self, z: int, x: int, y: int) -> bytes:
        """The tile as an encoded GeoJSON FeatureCollection (UTF-8 JSON): the same features as
        :meth:`tile`, joined from their encodings made once per level.

        Raises
        ------
        QueryError
            For a tile outside the grid (see :func:`tile_bounds`).
        """
        data = self._level(level_for(z))
        body = b",".join(data.encoded[i] for i in self._hits(data, z, x, y))
        return b'{"type":"FeatureCollection","features":[' + body + b"]}"

    def mvt(self, z: int, x: int, y: int) -> bytes:
        """Tile ``z/x/y`` as a Mapbox Vector Tile (version 2): one layer, :data:`MVT_LAYER`, of
        every place meeting the tile, clipped to it with a :data:`MVT_BUFFER` margin, in the
        tile's :data:`MVT_EXTENT` grid (y down), with id :meth:`feature_id` and property ``pid``.

        Encoded on first request and kept (see :data:`MVT_CACHE_BYTES`).

        Raises
        ------
        QueryError
            For a tile outside the grid (see :func:`tile_bounds`).
        """
        tile_bounds(z, x, y)  # refuses a tile outside the grid before anything is built
        key = (z, x, y)
        with self._mvt_lock:
            found = self._mvt.get(key)
            if found is not None:
                self._mvt.move_to_end(key)
                return found
        # Encoded outside the lock: two requests for one new tile may both encode it (the same
        # bytes), but a slow tile never holds up the cached ones.
        body = self._encode_mvt(z, x, y)
        with self._mvt_lock:
            if key not in self._mvt:
                self._mvt[key] = body
                self._mvt_bytes += len(body)
                while self._mvt_bytes > MVT_CACHE_BYTES and len(self._mvt) > 1:
                    _, dropped = self._mvt.popitem(last=False)
                    self._mvt_bytes -= len(dropped)
        return body

    def _projected_level(self, index: int) -> _Projected:
        data = self._level(index)
        with self._lock:
            found = self._projected.get(index)
            if found is None:
                shapes = _to_mercator(data.shapes)
                found = self._projected[index] = _Projected(shapes, shapely.STRtree(shapes))
            return found

    def _encode_mvt(self, z: int, x: int, y: int) -> bytes:
        proj = self._projected_level(level_for(z))
        n = 1 << z
        # In world units (the projected world is the unit square, y down), the tile and its margin.
        margin = MVT_BUFFER / MVT_EXTENT / n
        x0, y0 = x / n, y / n
        box = (x0 - margin, y0 - margin, (x + 1) / n + margin, (y + 1) / n + margin)
        hits = np.sort(proj.tree.query(shapely.box(*box), predicate="intersects"))
        clipped = shapely.clip_by_rect(proj.shapes[hits], *box)
        scale = n * MVT_EXTENT
        in_tile = shapely.transform(clipped, lambda c: (c - (x0, y0)) * scale)
        snapped = _snap_to_grid(in_tile)
        features = [
            {"geometry": g, "properties": {"pid": self.ids[i]}, "id": int(i)}
            for i, g in zip(hits, snapped, strict=True)
            if g is not None and g.geom_type in {"Polygon", "MultiPolygon"} and g.area > 0
        ]
        layer = {"name": MVT_LAYER, "features": features}
        options = {"extents": MVT_EXTENT, "y_coord_down": True}
        body: bytes = mapbox_vector_tile.encode(layer, default_options=options)
        return body

    @staticmethod
    def _hits(data: _LevelData, z: int, x: int, y: int) -> list[int]:
        west, south, east, north = tile_bounds(z, x, y)
        hits = data.tree.query(shapely.box(west, south, east, north), predicate="intersects")
        return sorted(int(h) for h in hits)


@dataclass(frozen=True, slots=True)
class _LevelData:
    """One level's shapes, their index, their GeoJSON features and those features encoded."""

    shapes: np.ndarray
    tree: shapely.STRtree
    features: list[dict[str, Any]]
    encoded: list[bytes]


@dataclass(frozen=True, slots=True)
class _Projected:
    """One level's shapes in Web Mercator world units (the unit square, y down), indexed."""

    shapes: np.ndarray
    tree: shapely.STRtree


def _snap_to_grid(shapes: np.ndarray) -> np.ndarray:
    """Shapes snapped to the tile's integer grid, valid as the tile stores them: a sliver thinner
    than a grid unit (1/8 pixel) is dropped here, not left to the encoder to mangle."""
    try:
        snapped: np.ndarray = np.asarray(shapely.set_precision(shapes, 1.0), dtype=object)
        return snapped
    except shapely.errors.GEOSException:
        # One shape's snapped rings can defeat GEOS's noder ("unable to assign free hole"):
        # shape by shape then, those snapped vertex by vertex and repaired.
        return np.array([_snap_one(g) for g in shapes], dtype=object)


def _snap_one(geom: BaseGeometry) -> BaseGeometry:
    try:
        out: BaseGeometry = shapely.set_precision(geom, 1.0)
        return out
    except shapely.errors.GEOSException:
        fixed = shapely.make_valid(shapely.set_precision(geom, 1.0, mode="pointwise"))
        # Repair may leave lines or points where a ring collapsed: only areas are drawn.
        polygons = [
            p
            for p in getattr(fixed, "geoms", [fixed])
            if p.geom_type in {"Polygon", "MultiPolygon"}
        ]
        merged: BaseGeometry = shapely.union_all(polygons) if polygons else shapely.Polygon()
        return merged


def _to_mercator(shapes: np.ndarray) -> np.ndarray:
    """Shapes in WGS84 degrees to Web Mercator world units: x 0–1 from 180° W, y 0–1 from the
    north; land past Mercator's ±85.05° is cut off (it has no place on the square)."""
    cut = shapely.clip_by_rect(shapes, -180.0, -_MERCATOR_LAT, 180.0, _MERCATOR_LAT)

    def project(c: np.ndarray) -> np.ndarray:
        lon = c[:, 0]
        lat = np.radians(np.clip(c[:, 1], -_MERCATOR_LAT, _MERCATOR_LAT))
        wx = (lon + 180.0) / 360.0
        wy = (1.0 - np.log(np.tan(np.pi / 4 + lat / 2)) / np.pi) / 2.0
        out: np.ndarray = np.column_stack([wx, wy])
        return out

    projected: np.ndarray = np.asarray(shapely.transform(cut, project), dtype=object)
    return projected


def _encode(feature: dict[str, Any]) -> bytes:
    # As Starlette's JSONResponse writes JSON: UTF-8, no spaces.
    return json.dumps(feature, ensure_ascii=False, separators=(",", ":")).encode()


_TILES: dict[str, ShapeTiles] = {}
_TILES_LOCK = threading.Lock()


def shape_tiles(ledger: Ledger) -> ShapeTiles:
    """The :class:`ShapeTiles` of ``ledger``, made once per content hash in this process."""
    key = ledger.content_hash
    with _TILES_LOCK:
        found = _TILES.get(key)
        if found is None:
            names = {pid: ledger.place_name(pid) for pid in ledger.geometries}
            found = _TILES[key] = ShapeTiles(ledger.geometries, names)
        return found


@dataclass(frozen=True, slots=True)
class Horizon:
    """Where a date stands against the ledger's record.

    Attributes
    ----------
    first, last : str or None
        The first day any place's record changes, and the day the record ends
        (``Ledger.horizon``).
    position : str
        ``before`` (the whole date precedes ``first``: "not yet recorded"), ``after`` (it
        follows ``last``: "nothing recorded after"), or ``within``.
    """

    first: str | None
    last: str | None
    position: str


def _first_day(ledger: Ledger) -> int | None:
    # A place's first period is the open start before anything is recorded; the earliest
    # second period of any place is where the record begins.
    tt = ledger.locator("de-facto").timetable
    off = tt.place_off
    has_second = (off[1:] - off[:-1]) > 1
    if not has_second.any():
        return None
    return int(tt.starts[off[:-1][has_second] + 1].min())


def horizon_of(ledger: Ledger, when: EdtfDate) -> Horizon:
    """Where ``when`` stands against the record of ``ledger`` (see :class:`Horizon`)."""
    first = _first_day(ledger)
    last = ledger.horizon
    last_day = _iso_day(last) if last else None
    position = "within"
    if first is not None and when.hi < first:
        position = "before"
    elif last_day is not None and when.lo > last_day:
        position = "after"
    return Horizon(
        first=day_to_iso(first) if first is not None else None, last=last, position=position
    )


def _iso_day(text: str) -> int:
    from terrachron.dates import parse_edtf

    return parse_edtf(text).hi


@dataclass(frozen=True, slots=True)
class Label:
    """Where a holder's name goes: on the label point of the largest place it holds."""

    holder: str
    point: tuple[float, float]
    km2: float


@dataclass(frozen=True, slots=True)
class Paint:
    """What colours the map on one date under one view, as parallel arrays.

    Attributes
    ----------
    date, view : str
    places : list of str
        Place ids, sorted.
    fills : list of str
        The distinct fill keys: a holder id, holders joined by ``+`` (sorted) for a joint
        holding, or ``unrecorded`` / ``undetermined`` / ``nobody``.
    fill : list of int
        Per place, an index into ``fills``.
    flags : list of int
        Per place, bit 1 disputed, 2 occupied, 4 uncertain (the answer changes inside the
        date's span, or depends on when an uncertain step happened).
    claimant_sets : list of list of str
        The distinct sets of claimants.
    claimants : list of int
        Per place, an index into ``claimant_sets`` (-1: nobody claims it).
    labels : list of Label
        One per polity fill, the largest first.
    horizon : Horizon
    """

    date: str
    view: str
    places: list[str]
    fills: list[str]
    fill: list[int]
    flags: list[int]
    claimant_sets: list[list[str]]
    claimants: list[int]
    labels: list[Label]
    horizon: Horizon


_SPECIAL = {"unrecorded", "undetermined", "nobody"}


def paint(ledger: Ledger, when: EdtfDate, view: str) -> Paint:
    """Every place's fill, flags and claimants on ``when`` under ``view``; see :class:`Paint`.

    The answers are those of ``Ledger.locate`` (the same timetable), so the colour of a place
    and the answer of a point in it cannot disagree.
    """
    ledger.resolve_view(view)
    titled = ledger.views[view].kind != "de-facto"
    tt = ledger.locator(view).timetable
    n = len(tt.places)
    off = tt.place_off
    # One search over every place's periods at once: (rank, day) pairs sorted as one key.
    span = np.int64(1 << 32)
    ranks = np.repeat(np.arange(n, dtype=np.int64), off[1:] - off[:-1])
    keys = ranks * span + (tt.starts - np.int64(tt.starts.min() if len(tt.starts) else 0))
    base = np.int64(tt.starts.min() if len(tt.starts) else 0)

    def period_at(day: int) -> np.ndarray:
        d = np.clip(np.int64(day) - base, 0, span - 1)
        idx = np.searchsorted(keys, np.arange(n, dtype=np.int64) * span + d, side="right") - 1
        # A day before a place's first start still falls in its first (open) period.
        at: np.ndarray = np.maximum(idx, off[:-1])
        return at

    lo = period_at(when.lo)
    hi = period_at(when.hi)
    unrecorded = tt.statuses.index("unrecorded")
    holder_col = tt.title if titled else tt.controller
    # Fill codes: -2 unrecorded, -1 nobody (or no title holder), else the holder's code.
    codes = np.where(tt.status[lo] == unrecorded, -2, holder_col[lo])
    uniq, fill_idx = np.unique(codes, return_inverse=True)
    nobody = "undetermined" if titled else "nobody"
    fills = [
        "unrecorded"
        if c == -2
        else nobody
        if c == -1
        else "+".join(sorted(tt.holders[c].split("|")))
        for c in (int(u) for u in uniq)
    ]
    uncertain = tt.uncertain[lo] | (lo != hi)
    flags = (
        tt.disputed[lo].astype(np.int64)
        | tt.occupied[lo].astype(np.int64) << 1
        | uncertain.astype(np.int64) << 2
    )
    claim_codes = tt.claimants[lo]
    cuniq, claim_idx = np.unique(claim_codes, return_inverse=True)
    kept = [int(c) for c in cuniq if c >= 0]
    # -1 (nobody claims it) sorts first when present: shift the indices past it.
    shift = 1 if len(cuniq) and cuniq[0] < 0 else 0
    claims = np.where(claim_codes < 0, -1, claim_idx - shift)
    fill = [int(i) for i in fill_idx]
    labels = _labels(ledger, list(tt.places), fills, fill)
    return Paint(
        date=when.text,
        view=view,
        places=list(tt.places),
        fills=fills,
        fill=fill,
        flags=[int(f) for f in flags],
        claimant_sets=[tt.holders[c].split("|") for c in kept],
        claimants=[int(c) for c in claims],
        labels=labels,
        horizon=horizon_of(ledger, when),
    )


def _labels(ledger: Ledger, places: list[str], fills: list[str], fill: list[int]) -> list[Label]:
    areas = ledger.place_areas
    points = _label_points(ledger)
    best: dict[int, tuple[float, str]] = {}
    for pid, f in zip(places, fill, strict=True):
        km2 = float(areas.get(pid, 0.0))
        if pid in points and (f not in best or km2 > best[f][0]):
            best[f] = (km2, pid)
    out = [
        Label(holder=fills[f], point=points[pid], km2=round(km2, 1))
        for f, (km2, pid) in best.items()
        if fills[f] not in _SPECIAL and "+" not in fills[f]
    ]
    return sorted(out, key=lambda lb: -lb.km2)


_POINTS: dict[str, dict[str, tuple[float, float]]] = {}


def _label_points(ledger: Ledger) -> dict[str, tuple[float, float]]:
    key = ledger.content_hash
    found = _POINTS.get(key)
    if found is None:
        found = {}
        for pid, geom in ledger.geometries.items():
            parts = getattr(geom, "geoms", None)
            largest = max(parts, key=lambda p: p.area) if parts is not None else geom
            pt = largest.representative_point()
            found[pid] = (round(pt.x, 4), round(pt.y, 4))
        _POINTS[key] = found
    return found


WARM_SHAPES_FROM = 500
"""From this many places, :func:`warm_up` also simplifies the shapes of every level and encodes
the vector tiles of the first zooms."""


def warm_up(ledger: Ledger) -> None:
    """Build what a server's first requests would otherwise wait for: each view's locator (and
    the compiled ``locate`` kernel, by locating one point), and for a large ledger the
    simplified shapes of every level and the vector tiles up to :data:`MVT_WARM_ZOOM`. Tens of
    seconds for the world; ``serve`` runs it in a background thread as it starts."""
    for view in ledger.views:
        ledger.locate([0.0], [0.0], ["2000-01-01"], view=view, threads=1)
    if len(ledger.places) >= WARM_SHAPES_FROM:
        tiles = shape_tiles(ledger)
        for level in range(len(LEVELS)):
            tiles.vertices(level)
        for z in range(MVT_WARM_ZOOM + 1):
            for x in range(1 << z):
                for y in range(1 << z):
                    tiles.mvt(z, x, y)
