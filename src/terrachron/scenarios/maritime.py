"""An approximate maritime split: the sea within 200 nautical miles of land, to the nearest land.

**This is not a delimitation.** Each point of the sea within 200 nm of the ledger's land goes to
whichever land is nearest (equidistance), measured from the coastlines drawn in the ledger. It
ignores baselines (straight and archipelagic baselines, low-tide elevations): distances run from
the drawn coast, not from legal baselines; the legal status of rocks (under Article 121(3) of the
UN Convention on the Law of the Sea a rock that cannot sustain human habitation or economic life
of its own has no exclusive economic zone or continental shelf; here every islet counts);
islets too small for the 1:10m coastlines; agreed, provisional or claimed lines; the continental
shelf beyond 200 nm; and any equitable adjustment (proportionality, relevant circumstances) a
court or a treaty would make.

How it is computed:

1. The coastline of every place (and of the ledger's *context land*, below) is densified to a
   vertex every :data:`COAST_SPACING_M` metres in an azimuthal equidistant plane (AEQD) centred on
   the region; each vertex belongs to its place.
2. A Voronoi partition of those vertices (``shapely.voronoi_polygons``) gives each vertex the
   sea closer to it than to any other vertex; a place's cells, merged, are its zone.
3. The 200 nm limit is geodesic: each Voronoi cell of the ledger's own coast vertices is clipped
   to the geodesic circle of 200 nm around its vertex (the nearest vertex is the one that
   decides the distance), and the union of the clipped cells is the sea studied.
4. Land (the ledger's and the context land) is removed; zones are merged by holder; areas are
   geodesic (km² on WGS84).

The partition is planar, so near a boundary between two zones far from the plane's centre the
AEQD's scale error (about 0.4 % at 1,000 km) can give a point to the wrong side by a few hundred
metres; the tests check, against a brute-force geodesic search, that at least 99.9 % of random
sea points land in the right zone.

*Context land*: a ledger records only the places whose history it follows (here Hokkaido, the
Kurils and Sakhalin); the coasts around them that it does not record (northern Honshu, the Asian
mainland, Kamchatka) would otherwise leave their sea to the nearest recorded island. A ledger
may ship ``context/land.geojson``: polygons with a ``polity`` property, their present-day holder.
For an earlier date the holder is traced back along the ledger's succession of polities (Russia
→ Soviet Union → Russian Empire); a country the ledger does not know keeps its own label.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely
from numpy.typing import NDArray
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from terrachron.geo.geometry import WGS84, geodesic_area_km2
from terrachron.scenarios.geodesy import LocalPlane

if TYPE_CHECKING:
    from terrachron.query import Ledger

__all__ = [
    "CAVEATS",
    "COAST_SPACING_M",
    "LIMIT_M",
    "ContextLand",
    "MaritimeSplit",
    "context_holder",
    "maritime_split",
]

LIMIT_M = 370_400.0
"""200 nautical miles in metres."""
COAST_SPACING_M = 2_000.0
"""Largest gap between two coast vertices after densifying."""
CIRCLE_POINTS = 90
"""Vertices of each geodesic 200 nm circle."""
CLOSING_M = 10.0
"""Cracks narrower than twice this (metres) left by the union of the clipped cells are sealed."""
CONTEXT_FILE = Path("context") / "land.geojson"

CAVEATS = (
    "Approximate maritime split, not a delimitation: sea within 200 nm of the ledger's land, "
    "given to the nearest land (equidistance from the drawn coastlines).",
    "It ignores baselines (distances run from the 1:10m coastline), the legal status of rocks "
    "(UNCLOS Art. 121(3): every islet counts here), islets missing at 1:10m, agreed or claimed "
    "lines, and any equitable adjustment.",
    "Land outside the ledger (context land) counts for its present-day holder; zones are planar "
    "Voronoi cells in an azimuthal equidistant projection (boundary error up to ~1 km far from "
    "its centre).",
)
"""What the approximation ignores, said with every figure it produces."""


@dataclass(frozen=True)
class ContextLand:
    """Land near the ledger's places that the ledger does not record, with its present holder."""

    id: str
    name: str
    polity: str
    geometry: BaseGeometry


def _polygonal(geom: BaseGeometry) -> BaseGeometry:
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def load_context(root: Path) -> tuple[ContextLand, ...]:
    """The context land shipped with the ledger at ``root`` (none when it ships none)."""
    path = Path(root) / CONTEXT_FILE
    if not path.is_file():
        return ()
    data = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for feature in data.get("features", []):
        props = feature.get("properties") or {}
        out.append(
            ContextLand(
                id=str(props["id"]),
                name=str(props.get("name", props["id"])),
                polity=str(props["polity"]),
                geometry=shapely.make_valid(shape(feature["geometry"])),
            )
        )
    return tuple(out)


def context_holder(ledger: Ledger, polity: str, day: int) -> str:
    """The holder of context land on ``day``: ``polity``, or the predecessor that then existed."""
    seen: set[str] = set()
    current = polity
    while current in ledger.polities and current not in seen:
        seen.add(current)
        record = ledger.polities[current]
        before = record.continues or record.succeeds
        if day >= record.lifespan.lo or before is None:
            return current
        current = before
    return current


@dataclass
class _Coast:
    """Densified coast vertices in the plane, each with the index of the land it belongs to."""

    xy: NDArray[np.float64]
    owner: NDArray[np.int64]


def _coast(plane: LocalPlane, lands: Sequence[BaseGeometry], keep: BaseGeometry | None) -> _Coast:
    chunks: list[NDArray[np.float64]] = []
    owners: list[NDArray[np.int64]] = []
    for index, land in enumerate(lands):
        boundary = shapely.segmentize(land.boundary, COAST_SPACING_M)
        xy = shapely.get_coordinates(boundary)
        chunks.append(xy)
        owners.append(np.full(len(xy), index, dtype=np.int64))
    xy = np.concatenate(chunks) if chunks else np.empty((0, 2))
    owner = np.concatenate(owners) if owners else np.empty(0, dtype=np.int64)
    # Rings repeat their first vertex and neighbours share border vertices: keep each once
    # (the first land listed wins), since Voronoi needs distinct generators.
    _, first = np.unique(np.round(xy, 3), axis=0, return_index=True)
    first.sort()
    xy, owner = xy[first], owner[first]
    if keep is not None:
        inside = shapely.contains_xy(keep, xy[:, 0], xy[:, 1])
        xy, owner = xy[inside], owner[inside]
    return _Coast(xy=xy, owner=owner)


def _circles(plane: LocalPlane, xy: NDArray[np.float64]) -> NDArray[Any]:
    """Geodesic circles of 200 nm around each point, as planar polygons."""
    lon, lat = plane.lonlat(xy[:, 0], xy[:, 1])
    azimuths = np.linspace(0.0, 360.0, CIRCLE_POINTS, endpoint=False)
    n = len(lon)
    elon, elat, _ = WGS84.fwd(
        np.repeat(lon, CIRCLE_POINTS),
        np.repeat(lat, CIRCLE_POINTS),
        np.tile(azimuths, n),
        np.full(n * CIRCLE_POINTS, LIMIT_M),
    )
    ex, ey = plane.xy(np.asarray(elon), np.asarray(elat))
    rings = np.stack([ex, ey], axis=1).reshape(n, CIRCLE_POINTS, 2)
    return np.asarray(shapely.polygons(rings))


@dataclass
class MaritimeSplit:
    """The sea within 200 nm of a ledger's land, partitioned by nearest land.

    Build one with :func:`maritime_split`. ``owners`` are the ledger's places plus the context
    land ids; ``zone(owner)`` is the sea nearest to that land (lon/lat) and ``owner_km2`` its
    geodesic area. :meth:`by_holder` adds the zones up per holder.

    Attributes
    ----------
    plane : LocalPlane
        The AEQD plane the partition was computed in.
    owners : tuple of str
        Place ids, then context land ids.
    context : tuple of ContextLand
        The context land used.
    sea_km2 : float
        Geodesic area of the sea studied (within 200 nm of the ledger's land, land removed).
    """

    plane: LocalPlane
    owners: tuple[str, ...]
    context: tuple[ContextLand, ...]
    coast_xy: NDArray[np.float64]
    coast_owner: NDArray[np.int64]
    cells: NDArray[Any]
    sea: BaseGeometry
    sea_km2: float
    _zones: dict[str, BaseGeometry] = field(default_factory=dict)
    _km2: dict[str, float] = field(default_factory=dict)
    _planar: dict[str, BaseGeometry] = field(default_factory=dict)

    @property
    def coast_lonlat(self) -> NDArray[np.float64]:
        """The coast vertices (the Voronoi generators) in lon/lat, one row per vertex."""
        lon, lat = self.plane.lonlat(self.coast_xy[:, 0], self.coast_xy[:, 1])
        return np.column_stack([lon, lat])

    def coast_owners(self) -> list[str]:
        """The owner (place or context land id) of each coast vertex."""
        return [self.owners[i] for i in self.coast_owner]

    def _planar_zone(self, owner: str) -> BaseGeometry:
        cached = self._planar.get(owner)
        if cached is not None:
            return cached
        index = self.owners.index(owner)
        cells = self.cells[self.coast_owner == index]
        if len(cells) == 0:
            zone: BaseGeometry = shapely.Polygon()
        else:
            # Voronoi cells are a clean coverage: merging them is much faster than a union.
            zone = _polygonal(shapely.intersection(shapely.coverage_union_all(cells), self.sea))
        self._planar[owner] = zone
        return zone

    def zone(self, owner: str) -> BaseGeometry:
        """The sea nearest to the land ``owner`` (lon/lat)."""
        cached = self._zones.get(owner)
        if cached is None:
            cached = self.plane.to_lonlat(self._planar_zone(owner))
            if not cached.is_valid:
                # Densified edges bent back to lon/lat can cross where a zone is a sliver a few
                # metres wide; repairing changes its area by far less than a square kilometre.
                cached = _polygonal(shapely.make_valid(cached))
            self._zones[owner] = cached
        return cached

    def owner_km2(self, owner: str) -> float:
        """Geodesic area of ``owner``'s zone, km²."""
        cached = self._km2.get(owner)
        if cached is None:
            cached = geodesic_area_km2(self.zone(owner))
            self._km2[owner] = cached
        return cached

    def by_holder(self, holders: Mapping[str, str]) -> dict[str, float]:
        """km² of sea per holder, given each owner's holder (owners not listed are skipped)."""
        out: dict[str, float] = {}
        for owner in self.owners:
            holder = holders.get(owner)
            km2 = self.owner_km2(owner)
            # Land too far away to be nearest to any of the sea studied has no zone: leave it out.
            if holder is not None and km2 > 0:
                out[holder] = out.get(holder, 0.0) + km2
        return dict(sorted(out.items()))

    def holder_zones(self, holders: Mapping[str, str]) -> dict[str, BaseGeometry]:
        """Each holder's zone (lon/lat), for drawing."""
        grouped: dict[str, list[int]] = {}
        for index, owner in enumerate(self.owners):
            holder = holders.get(owner)
            if holder is not None and self.owner_km2(owner) > 0:
                grouped.setdefault(holder, []).append(index)
        # Merged from the Voronoi cells themselves, which share their edges exactly, then cut to
        # the sea once: merging zones already cut would leave hairline cracks between them.
        out: dict[str, BaseGeometry] = {}
        for holder, indices in sorted(grouped.items()):
            cells = self.cells[np.isin(self.coast_owner, indices)]
            planar = _polygonal(shapely.intersection(shapely.coverage_union_all(cells), self.sea))
            zone = self.plane.to_lonlat(planar)
            out[holder] = zone if zone.is_valid else _polygonal(shapely.make_valid(zone))
        return out

    def locate_owner(self, lon: NDArray[np.float64], lat: NDArray[np.float64]) -> list[str | None]:
        """The owner whose zone holds each point (None outside the sea studied)."""
        x, y = self.plane.xy(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
        points = shapely.points(x, y)
        owners: list[str | None] = [None] * len(points)
        planar = [self._planar_zone(o) for o in self.owners]
        tree = shapely.STRtree(planar)
        hit_point, hit_zone = tree.query(points, predicate="intersects")
        for p, z in zip(hit_point.tolist(), hit_zone.tolist(), strict=True):
            if owners[p] is None:
                owners[p] = self.owners[z]
        return owners

    def with_parts(self, place: str, parts: Mapping[str, BaseGeometry]) -> MaritimeSplit:
        """The same partition with ``place`` split into ``parts`` (its coast shared among them).

        A split cuts a place with a line across land: it adds no coast, so the Voronoi cells stay
        the same and only their owner changes, to the part each coast vertex lies on.
        """
        index = self.owners.index(place)
        owners = tuple(o for o in self.owners if o != place) + tuple(parts)
        remap = np.array(
            [owners.index(o) if o != place else -1 for o in self.owners], dtype=np.int64
        )
        coast_owner = remap[self.coast_owner]
        mine = np.nonzero(self.coast_owner == index)[0]
        if len(mine):
            points = shapely.points(self.coast_xy[mine])
            planar_parts = [self.plane.to_plane(g) for g in parts.values()]
            distances = np.stack([shapely.distance(p, points) for p in planar_parts])
            nearest = np.argmin(distances, axis=0)
            part_index = np.array([owners.index(p) for p in parts], dtype=np.int64)
            coast_owner[mine] = part_index[nearest]
        keep = {o: self._km2[o] for o in owners if o in self._km2}
        zones = {o: self._zones[o] for o in owners if o in self._zones}
        planar = {o: self._planar[o] for o in owners if o in self._planar}
        return MaritimeSplit(
            plane=self.plane,
            owners=owners,
            context=self.context,
            coast_xy=self.coast_xy,
            coast_owner=coast_owner,
            cells=self.cells,
            sea=self.sea,
            sea_km2=self.sea_km2,
            _zones=zones,
            _km2=keep,
            _planar=planar,
        )


def _build(places: Mapping[str, BaseGeometry], context: Sequence[ContextLand]) -> MaritimeSplit:
    ledger_land_ll = shapely.union_all(list(places.values()))
    plane = LocalPlane.around(ledger_land_ll)
    owners = (*places, *(c.id for c in context))
    lands = [plane.to_plane(g) for g in places.values()] + [
        plane.to_plane(c.geometry) for c in context
    ]
    ledger_land = shapely.union_all(lands[: len(places)])
    all_land = shapely.union_all(lands)
    # Land farther than twice the limit from the ledger's land is never the nearest land to a
    # point of the sea studied: its vertices would only slow the partition down.
    reach = ledger_land.buffer(2 * LIMIT_M + 20 * COAST_SPACING_M, quad_segs=16)
    shapely.prepare(reach)
    coast = _coast(plane, lands, reach)
    frame = shapely.box(*reach.bounds).buffer(LIMIT_M)
    cells = np.asarray(
        shapely.get_parts(
            shapely.voronoi_polygons(shapely.multipoints(coast.xy), extend_to=frame, ordered=True)
        )
    )
    # The sea studied: for the ledger's own coast, the nearest vertex decides the distance, so
    # each of its Voronoi cells (among the ledger's vertices only) is cut to the geodesic circle
    # of 200 nm around that vertex.
    own = coast.owner < len(places)
    own_xy = coast.xy[own]
    own_cells = np.asarray(
        shapely.get_parts(
            shapely.voronoi_polygons(shapely.multipoints(own_xy), extend_to=frame, ordered=True)
        )
    )
    clipped = shapely.intersection(own_cells, _circles(plane, own_xy))
    # A fixed-precision union (1 cm): the plain cascaded union of thousands of sliver-thin cells
    # was seen to drop whole cells, leaving 2 km cracks in the sea. Long thin cells cut by their
    # circles still leave hairline cracks (millimetres) along their shared edges, which a
    # closing of 10 m seals without moving the outer limit.
    within = shapely.union_all(clipped, grid_size=0.01)
    within = within.buffer(CLOSING_M, quad_segs=2).buffer(-CLOSING_M, quad_segs=2)
    sea = shapely.difference(within, all_land)
    return MaritimeSplit(
        plane=plane,
        owners=owners,
        context=tuple(context),
        coast_xy=coast.xy,
        coast_owner=coast.owner,
        cells=cells,
        sea=sea,
        sea_km2=plane.km2(sea),
    )


def maritime_split(ledger: Ledger) -> MaritimeSplit:
    """The maritime partition of ``ledger``'s land (built once per ledger, kept with it).

    A scenario branch reuses its base ledger's partition: its splits add no coast, so only the
    owners of the split place's coast vertices change.
    """
    return ledger.derived(__name__, lambda: _partition(ledger))


def _partition(ledger: Ledger) -> MaritimeSplit:
    scenario = ledger.scenario
    if scenario is not None:
        result = maritime_split(ledger.base)
        for split in scenario.splits:
            result = result.with_parts(split.place, {p: ledger.geometries[p] for p in split.parts})
        return result
    return _build(dict(sorted(ledger.geometries.items())), load_context(ledger.root))
