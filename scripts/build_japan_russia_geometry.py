"""Build the place geometries of the bundled Japan–Russia ledger from Natural Earth 1:10m.

Inputs (public domain, read-only): the unrounded plain-GeoJSON files ``ne_10m_land.json`` and
``ne_10m_minor_islands.json`` of Natural Earth 1:10m, by default in
``../shared/data/natural-earth`` relative to the repository root (``--source`` overrides).
The quantized TopoJSON ``countries-10m.json`` is not used: it holds no Kuril or Hokkaido polygon
that the two files above lack, and its quantization (~300 m) is coarser.

Output: ``src/terrachron/data/japan-russia/geometry/<place-id>.geojson`` (``--out`` overrides),
one FeatureCollection per place with a single Feature whose properties are ``id`` and
``source`` and whose geometry is a Polygon or MultiPolygon in WGS84 lon/lat, snapped to a
1e-5° grid (5 decimals) so that it stays valid, with exterior rings counter-clockwise.

Rules:

* Every input polygon that touches the study window (139–157.5°E, 41.3–55°N) is matched to a
  named landmark of the gazetteer below: the landmark whose approximate centre lies inside the
  polygon, else the nearest landmark within 8 km (geodesic). A polygon that matches nothing, or
  that could belong to two places, stops the build, so no Kuril island can be silently dropped
  or counted twice. Landmarks with no place (Honshu, the Asian mainland with Kamchatka) are
  excluded on purpose.
* Polygons present in both input files (three Habomai islets) are taken once, from
  ``ne_10m_land.json``.
* Sakhalin with its islands (Moneron) is cut at exactly 50°N: ``south-sakhalin`` is the part
  south of it, ``north-sakhalin`` the part north of it; the two share only that line.
* No simplification by default: Natural Earth 1:10m is already generalised and the whole
  output is well under 100 KB. ``--simplify TOLERANCE`` (degrees, e.g. 0.0005) simplifies each
  input polygon with topology preserved before the cut; the tolerance is then recorded in the
  ``source`` property.
* Checks that stop the build: validity, no overlap between any two places (intersection area
  exactly 0), every place inside a hand-written lon/lat envelope, and broad area ranges.
  Narrower expected area ranges only print warnings, because Natural Earth's generalised
  coastlines miss some reference areas by a few percent (Etorofu, Kunashiri).

Rebuild from the repository root with::

    .venv/bin/python scripts/build_japan_russia_geometry.py
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import shapely
from pyproj import Geod
from shapely.geometry import MultiPolygon, Point, Polygon, box, mapping, shape
from shapely.geometry.polygon import orient
from shapely.ops import nearest_points, unary_union
from shapely.strtree import STRtree

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = Path("../shared/data/natural-earth")
DEFAULT_OUT = Path("src/terrachron/data/japan-russia/geometry")

LAND_FILE = "ne_10m_land.json"
MINOR_FILE = "ne_10m_minor_islands.json"
SOURCE_LABEL = "Natural Earth 1:10m (public domain)"

GRID = 1e-5
DECIMALS = 5
# Wide enough for every input polygon near Hokkaido, Sakhalin and the Kurils to be examined,
# so that the gazetteer has to account for each of them.
STUDY_WINDOW = (139.0, 41.3, 157.5, 55.0)
MAX_SNAP_KM = 8.0
# Sakhalin is cut here; the Japanese Karafuto of 1905–1945 was the part south of this line.
SAKHALIN_CUT_LAT = 50.0
# Everything strictly between Hokkaido and Kamchatka; excluded polygons must stay out of it.
KURIL_ARC = (145.84, 43.2, 156.55, 50.95)

GEOD = Geod(ellps="WGS84")

PLACE_IDS: tuple[str, ...] = (
    "hokkaido",
    "habomai",
    "shikotan",
    "kunashiri",
    "etorofu",
    "uruppu",
    "central-kurils",
    "paramushiro",
    "shumshu",
    "south-sakhalin",
    "north-sakhalin",
)
# Matched first as a whole, then cut at SAKHALIN_CUT_LAT into the two Sakhalin places.
SAKHALIN = "sakhalin"


@dataclass(frozen=True)
class Landmark:
    """A named island (or excluded land mass) with the approximate centre used to match it."""

    name: str
    place: str | None
    lon: float
    lat: float


# Approximate centres (lon, lat) from standard gazetteers, to ~0.05°; the big islands' centres
# lie inside their polygons, the small ones are matched by distance. Entries that Natural
# Earth lacks are kept so that the build can report them as missing.
GAZETTEER: tuple[Landmark, ...] = (
    # Hokkaido and the islands administered with it.
    Landmark("Hokkaido", "hokkaido", 142.80, 43.50),
    Landmark("Rishiri", "hokkaido", 141.23, 45.18),
    Landmark("Rebun", "hokkaido", 141.03, 45.37),
    Landmark("Teuri", "hokkaido", 141.31, 44.42),
    Landmark("Yagishiri", "hokkaido", 141.41, 44.43),
    Landmark("Okushiri", "hokkaido", 139.47, 42.15),
    Landmark("Oshima (Matsumae)", "hokkaido", 139.36, 41.51),
    Landmark("Kojima (Matsumae)", "hokkaido", 139.80, 41.36),
    # Natural Earth draws these coastal features as separate polygons next to Hokkaido.
    Landmark("Notsuke spit", "hokkaido", 145.30, 43.57),
    Landmark("Saroma lagoon barrier", "hokkaido", 143.90, 44.16),
    Landmark("coastal sliver near Lake Tofutsu (Abashiri)", "hokkaido", 144.45, 43.94),
    # Habomai islets, off Cape Nosappu (145.82°E, 43.38°N).
    Landmark("Suisho (Tanfilyeva)", "habomai", 145.91, 43.44),
    Landmark("Yuri (Yuriy)", "habomai", 146.07, 43.42),
    Landmark("Akiyuri (Anuchina)", "habomai", 146.00, 43.37),
    Landmark("Shibotsu (Zelyony)", "habomai", 146.15, 43.50),
    Landmark("Taraku (Polonskogo)", "habomai", 146.32, 43.63),
    Landmark("Kaigara (Signalny)", "habomai", 145.86, 43.39),
    # Southern Kurils.
    Landmark("Shikotan", "shikotan", 146.73, 43.80),
    Landmark("Kunashiri (Kunashir)", "kunashiri", 145.85, 44.10),
    Landmark("Etorofu (Iturup)", "etorofu", 147.85, 45.00),
    Landmark("Uruppu (Urup)", "uruppu", 149.99, 45.90),
    # Central Kurils, south to north.
    Landmark("Brat Chirpoev", "central-kurils", 150.82, 46.47),
    Landmark("Chirpoi", "central-kurils", 150.87, 46.52),
    Landmark("Simushir", "central-kurils", 152.02, 46.97),
    Landmark("Ketoi", "central-kurils", 152.48, 47.35),
    Landmark("Ushishir", "central-kurils", 152.82, 47.52),
    Landmark("Rasshua", "central-kurils", 153.02, 47.75),
    Landmark("Matua", "central-kurils", 153.22, 48.08),
    Landmark("Raikoke", "central-kurils", 153.25, 48.29),
    Landmark("Shiashkotan", "central-kurils", 154.10, 48.83),
    Landmark("Ekarma", "central-kurils", 153.95, 48.95),
    Landmark("Chirinkotan", "central-kurils", 153.48, 48.98),
    Landmark("Kharimkotan", "central-kurils", 154.53, 49.12),
    Landmark("Onekotan", "central-kurils", 154.75, 49.45),
    Landmark("Makanrushi", "central-kurils", 154.43, 49.77),
    # Northern Kurils.
    Landmark("Paramushiro (Paramushir)", "paramushiro", 155.83, 50.39),
    Landmark("Araito (Atlasov)", "paramushiro", 155.56, 50.86),
    Landmark("Shirinki", "paramushiro", 154.98, 50.20),
    Landmark("Shumshu (Shimushu)", "shumshu", 156.34, 50.75),
    # Sakhalin, cut at 50°N afterwards.
    Landmark("Sakhalin", SAKHALIN, 142.90, 50.20),
    Landmark("Moneron", SAKHALIN, 141.23, 46.25),
    Landmark("islet by the Schmidt Peninsula (north coast)", SAKHALIN, 142.58, 54.31),
    # Not part of the ledger.
    Landmark("Honshu", None, 141.00, 40.50),
    Landmark("Asian mainland with Kamchatka", None, 158.00, 53.50),
    Landmark("islet off the mainland coast of the Sakhalin Gulf", None, 139.26, 54.60),
)

# Hard envelopes (min lon, min lat, max lon, max lat): a place reaching outside has taken a
# neighbour's land. Hokkaido stops short of Suisho; north-sakhalin west of 141.55°E would be
# the mainland across the Tatar Strait; shumshu north of 51°N would be Kamchatka.
ENVELOPES: dict[str, tuple[float, float, float, float]] = {
    "hokkaido": (139.3, 41.3, 145.84, 45.6),
    "habomai": (145.5, 43.2, 146.5, 43.7),
    "shikotan": (146.5, 43.6, 147.0, 44.0),
    "kunashiri": (145.3, 43.6, 146.7, 44.6),
    "etorofu": (146.5, 44.3, 149.0, 45.7),
    "uruppu": (149.3, 45.5, 150.7, 46.3),
    "central-kurils": (150.7, 46.3, 155.0, 50.0),
    "paramushiro": (154.6, 49.9, 156.3, 51.0),
    "shumshu": (156.0, 50.5, 156.6, 51.0),
    "south-sakhalin": (141.0, 45.8, 145.0, SAKHALIN_CUT_LAT),
    "north-sakhalin": (141.55, SAKHALIN_CUT_LAT, 145.0, 54.5),
}


@dataclass(frozen=True)
class AreaRange:
    """Expected area (warning outside) and plausible area (failure outside), in km²."""

    expected: tuple[float, float]
    plausible: tuple[float, float]


# Expected ranges are reference areas; plausible ranges allow for Natural Earth's generalised
# coastlines and dropped islets but still catch a wrong or missing main island. The Sakhalin
# halves follow Karafuto Prefecture's official 36,090 km² and Sakhalin's ~76,400 km² total.
AREA_RANGES: dict[str, AreaRange] = {
    "hokkaido": AreaRange((77_000, 80_000), (75_000, 82_000)),
    "habomai": AreaRange((80, 110), (50, 130)),
    "shikotan": AreaRange((220, 270), (200, 300)),
    "kunashiri": AreaRange((1_400, 1_550), (1_300, 1_700)),
    "etorofu": AreaRange((3_100, 3_300), (2_900, 3_500)),
    "uruppu": AreaRange((1_400, 1_500), (1_300, 1_600)),
    "central-kurils": AreaRange((1_150, 1_450), (1_000, 1_600)),
    "paramushiro": AreaRange((2_050, 2_400), (1_900, 2_600)),
    "shumshu": AreaRange((360, 450), (300, 500)),
    "south-sakhalin": AreaRange((34_000, 38_000), (32_000, 40_000)),
    "north-sakhalin": AreaRange((38_000, 42_500), (35_000, 45_000)),
}
SAKHALIN_TOTAL = AreaRange((72_000, 78_000), (72_000, 78_000))


class BuildError(Exception):
    """The inputs do not yield a consistent set of places."""


@dataclass
class SourcePolygon:
    """One input polygon with the file it came from and the landmark it was matched to."""

    polygon: Polygon
    source: str
    landmark: Landmark | None = None
    # 0 when the landmark's centre lies inside the polygon.
    match_km: float = 0.0


@dataclass
class PlaceShape:
    """The finished geometry of one place."""

    place_id: str
    geometry: Polygon | MultiPolygon
    sources: set[str] = field(default_factory=set)


def area_km2(geometry: Polygon | MultiPolygon) -> float:
    """Geodesic area on WGS84, independent of ring orientation."""
    polygons = geometry.geoms if isinstance(geometry, MultiPolygon) else [geometry]
    return sum(abs(GEOD.geometry_area_perimeter(p)[0]) for p in polygons) / 1e6


def distance_km(polygon: Polygon, lon: float, lat: float) -> float:
    """Geodesic distance from a point to the nearest point of a polygon."""
    nearest = nearest_points(polygon, Point(lon, lat))[0]
    return float(GEOD.inv(nearest.x, nearest.y, lon, lat)[2]) / 1000.0


def iter_polygons(geometry: Any) -> Iterator[Polygon]:
    if isinstance(geometry, Polygon):
        yield geometry
    elif isinstance(geometry, MultiPolygon):
        yield from geometry.geoms
    elif not geometry.is_empty:
        raise BuildError(f"unexpected geometry type {geometry.geom_type}")


def load_window(path: Path) -> list[Polygon]:
    """All polygons of a GeoJSON FeatureCollection that touch the study window."""
    if not path.is_file():
        raise BuildError(f"input not found: {path}")
    collection = json.loads(path.read_text(encoding="utf-8"))
    window = box(*STUDY_WINDOW)
    found: list[Polygon] = []
    for feature in collection["features"]:
        if feature.get("geometry") is None:
            continue
        for polygon in iter_polygons(shape(feature["geometry"])):
            if polygon.intersects(window):
                if not polygon.is_valid:
                    raise BuildError(f"invalid input polygon in {path.name} at {polygon.bounds}")
                found.append(polygon)
    return found


def load_inputs(source_dir: Path) -> tuple[list[SourcePolygon], int]:
    """Land polygons plus the minor islands that are not already land polygons."""
    land = [SourcePolygon(p, LAND_FILE) for p in load_window(source_dir / LAND_FILE)]
    tree = STRtree([sp.polygon for sp in land])
    minor: list[SourcePolygon] = []
    duplicates = 0
    for polygon in load_window(source_dir / MINOR_FILE):
        overlap = sum(
            polygon.intersection(land[i].polygon).area
            for i in tree.query(polygon, predicate="intersects")
        )
        if overlap == 0:
            minor.append(SourcePolygon(polygon, MINOR_FILE))
        elif overlap > 0.99 * polygon.area:
            # Same islet in both files, with rings starting at different vertices.
            duplicates += 1
        else:
            raise BuildError(f"{MINOR_FILE} polygon at {polygon.bounds} partly overlaps land")
    return land + minor, duplicates


def match_landmark(polygon: Polygon) -> tuple[Landmark, float]:
    """The landmark a polygon belongs to: containing its centre, else nearest within range."""
    inside = [lm for lm in GAZETTEER if polygon.covers(Point(lm.lon, lm.lat))]
    if inside:
        if len({lm.place for lm in inside}) > 1:
            names = ", ".join(lm.name for lm in inside)
            raise BuildError(
                f"polygon at {polygon.bounds} contains landmarks of several places: {names}"
            )
        return inside[0], 0.0
    distances = [(distance_km(polygon, lm.lon, lm.lat), lm) for lm in GAZETTEER]
    near = sorted(
        ((d, lm) for d, lm in distances if d <= MAX_SNAP_KM),
        key=lambda pair: (pair[0], pair[1].name),
    )
    if not near:
        rp = polygon.representative_point()
        raise BuildError(
            f"unplaced polygon near ({rp.x:.3f}°E, {rp.y:.3f}°N), bounds {polygon.bounds}, "
            f"area {area_km2(polygon):.2f} km²: add it to the gazetteer"
        )
    if len({lm.place for _, lm in near}) > 1:
        names = ", ".join(f"{lm.name} ({d:.1f} km)" for d, lm in near)
        raise BuildError(
            f"polygon at {polygon.bounds} is near landmarks of several places: {names}"
        )
    return near[0][1], near[0][0]


def snap(geometry: Any) -> Polygon | MultiPolygon:
    """Round to the output grid while keeping the geometry valid, then normalise its form."""
    snapped = shapely.set_precision(geometry, GRID)
    return normalise(snapped)


def normalise(geometry: Any) -> Polygon | MultiPolygon:
    """Counter-clockwise shells, polygons largest first, single polygons unwrapped."""
    polygons = [orient(p, sign=1.0) for p in iter_polygons(geometry) if not p.is_empty]
    if not polygons:
        raise BuildError("geometry vanished when snapped to the output grid")
    polygons.sort(key=lambda p: (-round(area_km2(p), 6), p.bounds))
    return polygons[0] if len(polygons) == 1 else MultiPolygon(polygons)


def build_places(
    polygons: Sequence[SourcePolygon], simplify: float
) -> tuple[dict[str, PlaceShape], list[Polygon]]:
    """Group matched polygons into places; Sakhalin is cut at SAKHALIN_CUT_LAT."""
    grouped: dict[str, list[SourcePolygon]] = {}
    excluded: list[Polygon] = []
    for sp in polygons:
        sp.landmark, sp.match_km = match_landmark(sp.polygon)
        if sp.landmark.place is None:
            excluded.append(sp.polygon)
        else:
            grouped.setdefault(sp.landmark.place, []).append(sp)

    def merged(members: list[SourcePolygon]) -> Any:
        parts = [sp.polygon for sp in members]
        if simplify > 0:
            parts = [p.simplify(simplify, preserve_topology=True) for p in parts]
        return unary_union(parts)

    places: dict[str, PlaceShape] = {}
    for place_id, members in grouped.items():
        sources = {sp.source for sp in members}
        if place_id == SAKHALIN:
            # Cutting one snapped whole with grid-aware overlay gives both halves the very same
            # vertices on the cut line, so they cannot overlap after rounding.
            whole = shapely.set_precision(merged(members), GRID)
            south = shapely.intersection(
                whole, box(-180.0, -90.0, 180.0, SAKHALIN_CUT_LAT), grid_size=GRID
            )
            north = shapely.intersection(
                whole, box(-180.0, SAKHALIN_CUT_LAT, 180.0, 90.0), grid_size=GRID
            )
            for half_id, half in (("south-sakhalin", south), ("north-sakhalin", north)):
                half_sources = {
                    sp.source for sp in members if sp.polygon.intersects(half.buffer(GRID))
                }
                places[half_id] = PlaceShape(half_id, normalise(half), half_sources)
        else:
            places[place_id] = PlaceShape(place_id, snap(merged(members)), sources)

    missing = [p for p in PLACE_IDS if p not in places]
    if missing:
        raise BuildError(f"no polygon found for: {', '.join(missing)}")
    return places, excluded


def round_coords(coords: Any) -> Any:
    if isinstance(coords, (list, tuple)) and coords and isinstance(coords[0], float | int):
        return [round(float(c), DECIMALS) for c in coords]
    return [round_coords(c) for c in coords]


def feature_collection(place: PlaceShape, simplify: float) -> dict[str, Any]:
    files = " + ".join(sorted(place.sources))
    source = f"{SOURCE_LABEL}: {files}"
    if simplify > 0:
        source += f"; simplified with tolerance {simplify}° (topology preserved)"
    geometry = mapping(place.geometry)
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"id": place.place_id, "source": source},
                "geometry": {
                    "type": geometry["type"],
                    "coordinates": round_coords(geometry["coordinates"]),
                },
            }
        ],
    }


def serialise(collection: dict[str, Any]) -> str:
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n"


def check(texts: dict[str, str], excluded: Sequence[Polygon]) -> tuple[list[str], list[str]]:
    """Validate what is about to be written, parsed back from its own text."""
    errors: list[str] = []
    warnings: list[str] = []
    shapes: dict[str, Any] = {}
    for place_id, text in texts.items():
        geometry = shape(json.loads(text)["features"][0]["geometry"])
        shapes[place_id] = geometry
        if geometry.geom_type not in ("Polygon", "MultiPolygon") or geometry.is_empty:
            errors.append(f"{place_id}: geometry is {geometry.geom_type}")
        if not geometry.is_valid:
            errors.append(f"{place_id}: invalid ({shapely.is_valid_reason(geometry)})")
        if not box(*ENVELOPES[place_id]).covers(geometry):
            errors.append(f"{place_id}: bounds {geometry.bounds} leave {ENVELOPES[place_id]}")

    ids = sorted(shapes)
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            overlap = shapes[a].intersection(shapes[b]).area
            if overlap != 0:
                errors.append(f"{a} and {b} overlap by {overlap:.3g} square degrees")

    arc = box(*KURIL_ARC)
    for polygon in excluded:
        if polygon.intersects(arc):
            errors.append(f"an excluded land mass reaches into the Kuril arc {KURIL_ARC}")

    def judge(label: str, value: float, ranges: AreaRange) -> None:
        lo, hi = ranges.plausible
        if not lo <= value <= hi:
            errors.append(f"{label}: area {value:,.1f} km² outside plausible {lo:,}–{hi:,}")
            return
        lo, hi = ranges.expected
        if not lo <= value <= hi:
            warnings.append(f"{label}: area {value:,.1f} km² outside expected {lo:,}–{hi:,}")

    for place_id in ids:
        judge(place_id, area_km2(shapes[place_id]), AREA_RANGES[place_id])
    sakhalin = area_km2(shapes["south-sakhalin"]) + area_km2(shapes["north-sakhalin"])
    judge("sakhalin (total)", sakhalin, SAKHALIN_TOTAL)
    return errors, warnings


def print_report(texts: dict[str, str], polygons: Sequence[SourcePolygon], duplicates: int) -> None:
    print(f"{'place':<16} {'polygons':>8} {'area km²':>11}  bounds (lon/lat)")
    for place_id in PLACE_IDS:
        geometry = shape(json.loads(texts[place_id])["features"][0]["geometry"])
        count = len(list(iter_polygons(geometry)))
        bounds = " ".join(f"{b:.3f}" for b in geometry.bounds)
        print(f"{place_id:<16} {count:>8} {area_km2(geometry):>11,.1f}  {bounds}")
    total = sum(len(t.encode("utf-8")) for t in texts.values())
    print(f"total size {total / 1024:.1f} KiB in {len(texts)} files")

    print(f"\ninput polygons matched ({duplicates} duplicate minor islands skipped):")
    matched: set[str] = set()
    for sp in sorted(polygons, key=lambda s: (s.landmark.lat if s.landmark else 0, s.source)):
        assert sp.landmark is not None
        matched.add(sp.landmark.name)
        rp = sp.polygon.representative_point()
        where = sp.landmark.place or "excluded"
        how = "centre inside" if sp.match_km == 0 else f"centre {sp.match_km:.1f} km off"
        print(
            f"  {sp.landmark.name:<50} -> {where:<16} {area_km2(sp.polygon):>12,.3f} km²"
            f"  ({rp.x:.2f}°E {rp.y:.2f}°N, {sp.source}, {how})"
        )
    absent = [lm for lm in GAZETTEER if lm.name not in matched]
    if absent:
        print("\nnamed islands with no polygon in the inputs (too small for Natural Earth):")
        for lm in absent:
            print(f"  {lm.name:<50} ({lm.lon:.2f}°E {lm.lat:.2f}°N) would be {lm.place}")


def write(out_dir: Path, texts: dict[str, str]) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    for place_id, text in texts.items():
        (out_dir / f"{place_id}.geojson").write_text(text, encoding="utf-8")
    stale = sorted(p.name for p in out_dir.glob("*.geojson") if p.stem not in texts)
    if stale:
        print(f"warning: files not produced by this build remain in {out_dir}: {stale}")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--source",
        type=Path,
        default=None,
        help=f"folder with {LAND_FILE} and {MINOR_FILE} "
        f"(default: {DEFAULT_SOURCE} relative to the repository root)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help=f"output folder (default: {DEFAULT_OUT} relative to the repository root)",
    )
    parser.add_argument(
        "--simplify",
        type=float,
        default=0.0,
        help="topology-preserving simplification tolerance in degrees (default: 0, none)",
    )
    parser.add_argument("--check", action="store_true", help="build and check, but write nothing")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    source_dir: Path = args.source if args.source is not None else REPO_ROOT / DEFAULT_SOURCE
    out_dir: Path = args.out if args.out is not None else REPO_ROOT / DEFAULT_OUT
    if args.simplify < 0:
        print("error: --simplify must not be negative", file=sys.stderr)
        return 2
    try:
        polygons, duplicates = load_inputs(source_dir)
        places, excluded = build_places(polygons, args.simplify)
        texts = {
            place_id: serialise(feature_collection(places[place_id], args.simplify))
            for place_id in PLACE_IDS
        }
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1

    print_report(texts, polygons, duplicates)
    errors, warnings = check(texts, excluded)
    for message in warnings:
        print(f"warning: {message}")
    if errors:
        for message in errors:
            print(f"error: {message}", file=sys.stderr)
        return 1
    if not args.check:
        write(out_dir, texts)
        print(f"wrote {len(texts)} files to {out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
