"""Place geometries derived from shared map data by a written recipe, reproducibly.

A curated ledger keeps, next to its ``geometry/`` files, a ``geometry/recipes.yaml`` that says how
each place's polygon is made from data anyone can fetch: a historical-basemaps snapshot's feature,
a Natural Earth country, land or disputed area, a box, another place of the same file, and the
set operations between them. :func:`derive` evaluates a recipe file against a data folder and gives
the polygons; :func:`render` turns one into the GeoJSON text that is committed, byte for byte the
same on every run, so a reviewer can re-derive every curated outline and diff it.

Recipe file::

    places:
      saar:
        note: The Saar Basin territory as the 1930 snapshot draws it, cut to the coast.
        shape:
          difference:
            - snapshot: {year: 1930, name: Saar}
            - place: some-other-place

Shape nodes (a mapping with exactly one key):

``snapshot: {year, name[, subjecto][, series: yearly]}``
    The union of the features called ``name`` (and held by ``subjecto`` when given) in
    historical-basemaps ``world_<year>.geojson`` (``series: yearly``: the yearly 1988–2022 set).
``country: NAME``
    Natural Earth 1:10m admin-0 country of that name (``countries-10m.json``).
``disputed: NAME`` or ``{name, brk_a3}``
    The union of Natural Earth's disputed areas of that ``NAME`` (and ``BRK_A3``).
``land: [west, south, east, north]``
    Natural Earth 1:10m land and minor islands inside the box.
``bbox: [west, south, east, north]``
    The box itself.
``outline: [[lon, lat], ...]``
    A ring drawn by hand, for a line no data set has (say why in the place's ``note``).
``place: ID``
    Another place of the same file, as derived.
``union: [...]``, ``intersection: [...]``, ``difference: [first, minus, ...]``
    Set operations on nodes.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from pyproj import Geod
from shapely.geometry import MultiPolygon, Polygon, box, shape
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient

from terrachron.errors import TerrachronError
from terrachron.ledger.yamlpos import LocatedYaml, Path_, load_yaml

__all__ = [
    "GRID",
    "DerivedPlace",
    "MapData",
    "RecipeError",
    "derive",
    "geodesic_km2",
    "render",
]

GRID = 1e-5
"""Output coordinates are snapped to this grid (degrees, about 1 m), keeping polygons valid."""

_GEOD = Geod(ellps="WGS84")
_OPS = ("union", "intersection", "difference")
_LEAVES = ("snapshot", "country", "disputed", "land", "bbox", "outline", "place")


class RecipeError(TerrachronError):
    """A recipe file breaks a rule; nothing was written.

    Attributes
    ----------
    path : Path
        The recipe file.
    line, column : int
        1-based position of the offending value.
    rule : str
        Short name of the rule broken.
    hint : str
        What to do about it.
    """

    def __init__(
        self, path: Path, line: int, column: int, rule: str, message: str, hint: str
    ) -> None:
        self.path = path
        self.line = line
        self.column = column
        self.rule = rule
        self.hint = hint
        super().__init__(f"{path}:{line}:{column}: error[{rule}] {message} (hint: {hint})")


@dataclass(frozen=True)
class DerivedPlace:
    """One place's polygon as its recipe makes it, with what it was made from."""

    id: str
    geometry: BaseGeometry
    inputs: tuple[str, ...]
    note: str | None


@dataclass
class MapData:
    """The shared map data a recipe reads, each file read once.

    Parameters
    ----------
    root : Path
        A folder with ``historical-basemaps/`` and ``natural-earth/`` as in ``../shared/data``.
    """

    root: Path
    _snapshots: dict[tuple[str, int], list[tuple[str, str | None, BaseGeometry]]] = field(
        default_factory=dict
    )
    _countries: dict[str, BaseGeometry] | None = None
    _disputed: list[tuple[str, str, BaseGeometry]] | None = None
    _land: list[BaseGeometry] | None = None

    def snapshot(self, series: str, year: int) -> list[tuple[str, str | None, BaseGeometry]]:
        """``(NAME, SUBJECTO, polygon)`` of every feature of one snapshot."""
        key = (series, year)
        if key not in self._snapshots:
            folder = self.root / "historical-basemaps"
            if series == "yearly":
                folder = folder / "yearly-1988-2022"
            path = folder / f"world_{year}.geojson"
            if not path.is_file():
                raise FileNotFoundError(path)
            rows = []
            for feature in _features(path):
                props = feature.get("properties") or {}
                geom = feature.get("geometry")
                if geom is None:
                    continue
                rows.append(
                    (
                        str(props.get("NAME") or ""),
                        props.get("SUBJECTO"),
                        shapely.make_valid(shape(geom)),
                    )
                )
            self._snapshots[key] = rows
        return self._snapshots[key]

    def countries(self) -> dict[str, BaseGeometry]:
        """Natural Earth 1:10m admin-0 countries by name, decoded from TopoJSON and repaired."""
        if self._countries is None:
            path = self.root / "natural-earth" / "countries-10m.json"
            self._countries = _decode_topojson(json.loads(path.read_text("utf-8")), "countries")
        return self._countries

    def disputed(self) -> list[tuple[str, str, BaseGeometry]]:
        """``(NAME, BRK_A3, polygon)`` of Natural Earth's disputed areas."""
        if self._disputed is None:
            path = self.root / "natural-earth" / "ne_10m_admin_0_disputed_areas.json"
            self._disputed = [
                (
                    str(f["properties"].get("NAME") or ""),
                    str(f["properties"].get("BRK_A3") or ""),
                    shapely.make_valid(shape(f["geometry"])),
                )
                for f in _features(path)
                if f.get("geometry") is not None
            ]
        return self._disputed

    def land(self) -> list[BaseGeometry]:
        """Natural Earth 1:10m land and minor island polygons (one entry a polygon)."""
        if self._land is None:
            parts: list[BaseGeometry] = []
            for name in ("ne_10m_land.json", "ne_10m_minor_islands.json"):
                for f in _features(self.root / "natural-earth" / name):
                    if f.get("geometry") is not None:
                        parts.extend(_polygons(shapely.make_valid(shape(f["geometry"]))))
            self._land = parts
        return self._land


def _features(path: Path) -> list[dict[str, Any]]:
    data = json.loads(path.read_text("utf-8"))
    return list(data.get("features") or [])


def _decode_topojson(topo: dict[str, Any], obj: str) -> dict[str, BaseGeometry]:
    # TopoJSON arcs are delta-encoded integers: a running sum, then the transform's scale/shift.
    scale = np.asarray(topo["transform"]["scale"], dtype=np.float64)
    shift = np.asarray(topo["transform"]["translate"], dtype=np.float64)
    arcs = [
        np.cumsum(np.asarray(a, dtype=np.float64), axis=0) * scale + shift for a in topo["arcs"]
    ]

    def ring(indices: Sequence[int]) -> list[tuple[float, float]]:
        points: list[tuple[float, float]] = []
        for i in indices:
            coords = arcs[i] if i >= 0 else arcs[~i][::-1]
            part = [(float(x), float(y)) for x, y in coords]
            points.extend(part if not points else part[1:])  # neighbours share an end point
        return points

    out: dict[str, BaseGeometry] = {}
    for g in topo["objects"][obj]["geometries"]:
        name = str((g.get("properties") or {}).get("name") or "")
        if g.get("type") == "Polygon":
            polys = [g["arcs"]]
        elif g.get("type") == "MultiPolygon":
            polys = g["arcs"]
        else:
            continue
        made = []
        for rings in polys:
            shell = ring(rings[0])
            if len(shell) < 4:
                continue
            made.append(Polygon(shell, [ring(r) for r in rings[1:] if len(ring(r)) >= 4]))
        geom = shapely.make_valid(MultiPolygon(made)) if made else Polygon()
        out[name] = shapely.union(out[name], geom) if name in out else geom
    return out


def _polygons(geom: BaseGeometry) -> list[Polygon]:
    if isinstance(geom, Polygon):
        return [] if geom.is_empty else [geom]
    return [p for g in getattr(geom, "geoms", []) for p in _polygons(g)]


def _areal(geom: BaseGeometry) -> BaseGeometry:
    """Only the polygonal part: set operations may leave lines and points along shared edges."""
    polys = _polygons(geom)
    if not polys:
        return Polygon()
    return polys[0] if len(polys) == 1 else MultiPolygon(polys)


def geodesic_km2(geom: BaseGeometry) -> float:
    """Area on the WGS84 ellipsoid in km²."""
    return abs(_GEOD.geometry_area_perimeter(geom)[0]) / 1e6


class _Evaluator:
    def __init__(self, path: Path, located: LocatedYaml, data: MapData) -> None:
        self.path = path
        self.located = located
        self.data = data
        self.places: Mapping[str, Any] = {}
        self.done: dict[str, DerivedPlace] = {}
        self.busy: list[str] = []

    def fail(self, where: Path_, rule: str, message: str, hint: str) -> RecipeError:
        line, col = self.located.position(where)
        return RecipeError(self.path, line, col, rule, message, hint)

    def bbox(self, value: Any, where: Path_) -> tuple[float, float, float, float]:
        ok = (
            isinstance(value, list)
            and len(value) == 4
            and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
        )
        if not ok or not (value[0] < value[2] and value[1] < value[3]):
            raise self.fail(
                where,
                "recipe-bbox",
                f"a box must be [west, south, east, north] in degrees, not {value!r}",
                "write e.g. [6.3, 49.1, 7.4, 49.7] with west < east and south < north",
            )
        west, south, east, north = value
        if west < -180 or east > 180 or south < -90 or north > 90:
            raise self.fail(
                where, "recipe-bbox", f"box {value!r} leaves lon/lat", "keep to ±180°, ±90°"
            )
        return (float(value[0]), float(value[1]), float(value[2]), float(value[3]))

    def place(self, pid: str) -> DerivedPlace:
        if pid in self.done:
            return self.done[pid]
        where: Path_ = ("places", pid)
        if pid in self.busy:
            chain = " → ".join([*self.busy[self.busy.index(pid) :], pid])
            raise self.fail(
                where, "recipe-cycle", f"places refer to each other in a loop: {chain}",
                "break the loop: one of them must be made without the other",
            )  # fmt: skip
        entry = self.places[pid]
        if not isinstance(entry, Mapping) or "shape" not in entry:
            raise self.fail(
                where, "recipe-place", f"place {pid!r} needs a `shape:`",
                "write `shape:` with one node under it, and optionally `note:`",
            )  # fmt: skip
        unknown = sorted(set(entry) - {"shape", "note"})
        if unknown:
            raise self.fail(
                (*where, unknown[0]), "recipe-key", f"unknown key {unknown[0]!r} in place {pid!r}",
                "a place has `shape:` and optionally `note:`",
            )  # fmt: skip
        note = entry.get("note")
        if note is not None and not isinstance(note, str):
            raise self.fail((*where, "note"), "recipe-note", "`note:` must be text", "quote it")
        self.busy.append(pid)
        inputs: set[str] = set()
        geom = self.node(entry["shape"], (*where, "shape"), inputs)
        self.busy.pop()
        geom = _finish(geom)
        if geom.is_empty:
            raise self.fail(
                (*where, "shape"), "recipe-empty", f"place {pid!r} comes out empty",
                "check the names and the order of a difference",
            )  # fmt: skip
        made = DerivedPlace(pid, geom, tuple(sorted(inputs)), note)
        self.done[pid] = made
        return made

    def node(self, node: Any, where: Path_, inputs: set[str]) -> BaseGeometry:
        if not isinstance(node, Mapping) or len(node) != 1:
            raise self.fail(
                where, "recipe-node", "a shape node is a mapping with exactly one key",
                f"use one of {', '.join(_LEAVES + _OPS)}",
            )  # fmt: skip
        ((key, value),) = node.items()
        here: Path_ = (*where, key)
        if key in _OPS:
            if not isinstance(value, list) or len(value) < 2:
                raise self.fail(
                    here, "recipe-operands", f"`{key}:` needs a list of at least two nodes",
                    "list the shapes to combine, one per line",
                )  # fmt: skip
            parts = [self.node(v, (*here, i), inputs) for i, v in enumerate(value)]
            if key == "union":
                return _areal(shapely.union_all(parts))
            if key == "intersection":
                return _areal(shapely.intersection_all(parts))
            return _areal(shapely.difference(parts[0], shapely.union_all(parts[1:])))
        if key == "snapshot":
            return self.snapshot(value, here, inputs)
        if key == "country":
            countries = self.data.countries()
            if not isinstance(value, str) or value not in countries:
                raise self.fail(
                    here, "recipe-unknown-name",
                    f"Natural Earth has no country called {value!r}",
                    _near(str(value), countries, "countries-10m.json"),
                )  # fmt: skip
            inputs.add("Natural Earth 1:10m countries (public domain)")
            return countries[value]
        if key == "disputed":
            name, brk = (value, None) if isinstance(value, str) else (None, None)
            if isinstance(value, Mapping):
                name, brk = value.get("name"), value.get("brk_a3")
            hits = [
                g for n, b, g in self.data.disputed() if n == name and (brk is None or b == brk)
            ]
            if not hits:
                raise self.fail(
                    here, "recipe-unknown-name",
                    f"Natural Earth has no disputed area {value!r}",
                    _near(str(name), [n for n, _, _ in self.data.disputed()], "disputed areas"),
                )  # fmt: skip
            inputs.add("Natural Earth 1:10m disputed areas (public domain)")
            return _areal(shapely.union_all(hits))
        if key == "land":
            frame = box(*self.bbox(value, here))
            parts = [
                shapely.intersection(p, frame) for p in self.data.land() if p.intersects(frame)
            ]
            inputs.add("Natural Earth 1:10m land and minor islands (public domain)")
            return _areal(shapely.union_all(parts)) if parts else Polygon()
        if key == "bbox":
            return box(*self.bbox(value, here))
        if key == "outline":
            return self.outline(value, here, inputs)
        if key == "place":
            if not isinstance(value, str) or value not in self.places:
                raise self.fail(
                    here, "recipe-unknown-place", f"no place {value!r} in this recipe file",
                    _near(str(value), self.places, "places here"),
                )  # fmt: skip
            made = self.place(value)
            inputs.update(made.inputs)
            return made.geometry
        raise self.fail(
            where, "recipe-node", f"unknown shape node {key!r}",
            f"use one of {', '.join(_LEAVES + _OPS)}",
        )  # fmt: skip

    def snapshot(self, value: Any, here: Path_, inputs: set[str]) -> BaseGeometry:
        if not isinstance(value, Mapping) or not {"year", "name"} <= set(value):
            raise self.fail(
                here, "recipe-snapshot", "`snapshot:` needs `year:` and `name:`",
                "write e.g. {year: 1930, name: Saar}",
            )  # fmt: skip
        unknown = sorted(set(value) - {"year", "name", "subjecto", "series"})
        if unknown:
            raise self.fail(
                (*here, unknown[0]), "recipe-key", f"unknown key {unknown[0]!r} in `snapshot:`",
                "a snapshot takes year, name, and optionally subjecto and series: yearly",
            )  # fmt: skip
        series = str(value.get("series", "main"))
        year = value["year"]
        if series not in ("main", "yearly") or not isinstance(year, int):
            raise self.fail(
                here, "recipe-snapshot", f"no snapshot series {series!r} of year {year!r}",
                "year is a number; series is `main` (default) or `yearly` (1988–2022)",
            )  # fmt: skip
        try:
            rows = self.data.snapshot(series, year)
        except FileNotFoundError as exc:
            raise self.fail(
                (*here, "year"), "recipe-no-snapshot", f"no snapshot file {exc.args[0]}",
                "main snapshots: 1783 1800 1815 1880 1900 1914 1920 1930 1938 1945 1960 1994 "
                "2000 2010; yearly: 1988–2022 without 2005 and 2016",
            ) from None  # fmt: skip
        name, subjecto = value["name"], value.get("subjecto")
        hits = [g for n, s, g in rows if n == name and (subjecto is None or s == subjecto)]
        if not hits:
            raise self.fail(
                (*here, "name"), "recipe-unknown-name",
                f"historical-basemaps {series} {year} has no feature {name!r}"
                + (f" held by {subjecto!r}" if subjecto else ""),
                _near(str(name), [n for n, _, _ in rows], f"world_{year}"),
            )  # fmt: skip
        label = "yearly " if series == "yearly" else ""
        inputs.add(f"historical-basemaps {label}{year} (GPL-3.0)")
        return _areal(shapely.union_all(hits))

    def outline(self, value: Any, here: Path_, inputs: set[str]) -> BaseGeometry:
        ok = isinstance(value, list) and len(value) >= 3
        ok = ok and all(
            isinstance(p, list)
            and len(p) == 2
            and all(isinstance(c, int | float) and not isinstance(c, bool) for c in p)
            for p in value
        )
        poly = Polygon([(float(x), float(y)) for x, y in value]) if ok else None
        if poly is None or not poly.is_valid or poly.area == 0:
            raise self.fail(
                here, "recipe-outline", "an outline is a list of at least 3 [lon, lat] points "
                "forming a simple ring", "draw the ring without crossing itself",
            )  # fmt: skip
        inputs.add("hand-drawn outline (see note)")
        return poly


def _near(name: str, names: Any, where: str) -> str:
    close = difflib.get_close_matches(name, sorted({str(n) for n in names}), n=3, cutoff=0.5)
    if close:
        return f"did you mean {', '.join(repr(c) for c in close)}? (names in {where})"
    return f"look the exact name up in {where}"


def _finish(geom: BaseGeometry) -> BaseGeometry:
    """Snapped to :data:`GRID`, valid, counter-clockwise shells, largest polygon first."""
    snapped = _areal(shapely.make_valid(shapely.set_precision(_areal(geom), GRID)))
    polys = [orient(p, 1.0) for p in _polygons(snapped) if p.area > 0]
    if not polys:
        return Polygon()
    polys.sort(key=lambda p: (-round(p.area, 12), p.bounds))
    return polys[0] if len(polys) == 1 else MultiPolygon(polys)


def derive(recipe_file: Path, data: MapData) -> list[DerivedPlace]:
    """Every place of a recipe file, derived, in the file's order.

    Raises
    ------
    RecipeError
        The file breaks a rule (unreadable YAML, an unknown name, a loop, an empty result): the
        error names the file, line and rule.
    """
    recipe_file = Path(recipe_file)
    located = load_yaml(recipe_file.read_text("utf-8"))
    if located.issues:
        issue = located.issues[0]
        raise RecipeError(
            recipe_file, issue.line, issue.column, issue.rule, issue.message, issue.hint
        )
    top = located.data
    if not isinstance(top, Mapping) or not isinstance(top.get("places"), Mapping):
        raise RecipeError(
            recipe_file, 1, 1, "recipe-places", "a recipe file needs a `places:` mapping",
            "write `places:` and one entry per place id under it",
        )  # fmt: skip
    ev = _Evaluator(recipe_file, located, data)
    ev.places = top["places"]
    return [ev.place(str(pid)) for pid in ev.places]


def render(place: DerivedPlace) -> str:
    """The committed GeoJSON text of one place (a one-feature FeatureCollection), newline-ended."""
    props: dict[str, Any] = {"id": place.id, "source": "; ".join(place.inputs)}
    props["recipe"] = "geometry/recipes.yaml"
    # Snapping put every vertex on the grid; rounding only drops float noise (49.12345000000001).
    geom = shapely.transform(place.geometry, lambda xy: np.round(xy, 5))
    feature = {"type": "Feature", "properties": props, "geometry": shapely.geometry.mapping(geom)}
    text = json.dumps(
        {"type": "FeatureCollection", "features": [feature]},
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return text + "\n"
