"""The merge's geometry: its shortcuts decide as the measures they stand in for, and its places tile
what the merged ledgers cover, without overlaps."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import Polygon, box
from shapely.geometry.base import BaseGeometry

import terrachron
from terrachron.geo.geometry import lonlat_area_km2
from terrachron.ledger.load import LedgerFiles, LedgerMeta, read_ledger
from terrachron.ledger.merge import DROP_BELOW_KM2, _km2, _sliver, _trim_pieces
from terrachron.ledger.validate import OVERLAP_GRID, OVERLAP_TOLERANCE_KM2, load_geometries


@settings(max_examples=300, deadline=None)
@given(
    lon=st.floats(-180, 179),
    lat=st.floats(-90, 89.9),
    width=st.floats(1e-6, 60),
    height=st.floats(1e-6, 20),
)
def test_the_sliver_shortcut_agrees_with_the_geodesic_measure(
    lon: float, lat: float, width: float, height: float
) -> None:
    cell = box(lon, lat, min(lon + width, 180.0), min(lat + height, 90.0))
    assert _sliver(cell) == (_km2(cell) < DROP_BELOW_KM2)


def test_a_sliver_near_the_threshold_is_measured_not_guessed() -> None:
    # 0.01 km² is ~1e-6 square degrees at the equator: the planar bound cannot decide it.
    side = (DROP_BELOW_KM2 / 12_300) ** 0.5
    for scale, want in ((0.9, True), (1.1, False)):
        cell = box(10.0, 0.0, 10.0 + side * scale, side * scale)
        assert _sliver(cell) is want


def test_trimming_gives_up_the_overlap_with_every_neighbour() -> None:
    # Two pieces over the same two faces (not over each other): each loses exactly what it
    # shares with them, whether the union of the faces is computed or reused.
    faces = {"a": box(0, 0, 2, 2), "b": box(2, 0, 4, 2)}
    pieces = {"p1": box(1, 1, 3, 3), "p2": box(1, -1, 3, 0.5)}
    geoms = {**faces, **pieces}

    merged = LedgerFiles(root=Path("."), meta=LedgerMeta("t", "t"))
    _trim_pieces(merged, geoms, {"p1": "w", "p2": "w"})
    for pid, piece in pieces.items():
        want = piece.difference(shapely.union_all(list(faces.values())))
        assert geoms[pid].equals(want), pid
        assert not shapely.relate_pattern(geoms[pid], faces["a"], "2********")
        assert merged.given_geometries[pid] is geoms[pid]


OVERLAP = Path(__file__).parent.parent / "data" / "ledgers" / "overlap"
"""A face of an import, a whole-history curated place and a windowed place over both, ranked
either way (curated-first, windowed-first); phantom: two places cut from the merged world."""


def _merged_geometries(root: Path) -> dict[str, BaseGeometry]:
    files = read_ledger(root)
    return load_geometries(files)


def _overlaps(geoms: dict[str, BaseGeometry]) -> list[tuple[str, str, float]]:
    """Every pair whose exact overlap (snap-rounded at the validator's grid) has an area."""
    ids = sorted(geoms)
    out = []
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            shared = shapely.intersection(geoms[a], geoms[b], grid_size=OVERLAP_GRID)
            km2 = lonlat_area_km2(shared)
            if km2 > OVERLAP_TOLERANCE_KM2:
                out.append((a, b, km2))
    return out


def _lost_km2(inputs: list[BaseGeometry], geoms: dict[str, BaseGeometry]) -> float:
    """Area in the inputs' union and not the merged places' (or the other way round)."""
    before = shapely.union_all(inputs, grid_size=OVERLAP_GRID)
    after = shapely.union_all(list(geoms.values()), grid_size=OVERLAP_GRID)
    return lonlat_area_km2(shapely.symmetric_difference(before, after, grid_size=OVERLAP_GRID))


def _inputs(root: Path) -> list[BaseGeometry]:
    return [
        shapely.from_geojson(path.read_text()) for path in sorted(root.glob("geometry/*.geojson"))
    ]


@pytest.mark.parametrize("order", ["curated-first", "windowed-first"])
def test_a_curated_and_a_windowed_place_over_one_face_tile_it(order: str) -> None:
    # Before the overlap check measured the exact planar overlap, the windowed place's part
    # over nothing overlapped the curated place by 1.68 km² in both orders: a sliver of no
    # width along the curated place's long border, measured as if its edges were geodesics.
    _, problems = terrachron.check_ledger(OVERLAP / order)
    assert [(p.location, p.rule, p.message) for p in problems] == []
    geoms = _merged_geometries(OVERLAP / order)
    assert {"face", "core", "face--zone", "zone--rest"} <= set(geoms)
    assert _overlaps(geoms) == []
    inputs = [g for p in ("imported", "curated", "windowed") for g in _inputs(OVERLAP / p)]
    assert _lost_km2(inputs, geoms) < OVERLAP_TOLERANCE_KM2


def test_the_overlap_check_does_not_trust_a_failed_floating_overlay() -> None:
    # GEOS's floating overlay returns a part of the piece as its intersection with the remnant
    # (2.6 km², 13 km² in the world); snap-rounded, the overlap is nil, as the points say.
    _, problems = terrachron.check_ledger(OVERLAP / "phantom")
    assert [p.rule for p in problems] == []
    geoms = _merged_geometries(OVERLAP / "phantom")
    exact = shapely.intersection(geoms["remnant"], geoms["piece"], grid_size=OVERLAP_GRID)
    assert lonlat_area_km2(exact) == 0.0
    floating = geoms["remnant"].intersection(geoms["piece"])
    for part in shapely.get_parts(floating):
        if part.area > 0:
            inside = part.representative_point()
            assert not (geoms["remnant"].contains(inside) and geoms["piece"].contains(inside))


def _polygon(cx: float, cy: float, radius: float, radii: list[float]) -> BaseGeometry:
    # A star-shaped ring on the curated outlines' 1e-5° grid, with long edges: the borders
    # where a node lands a rounding error off its line.
    n = len(radii)
    ring = [
        (
            round(cx + radius * r * math.cos(2 * math.pi * k / n), 5),
            round(cy + radius * r * math.sin(2 * math.pi * k / n), 5),
        )
        for k, r in enumerate(radii)
    ]
    return shapely.make_valid(Polygon(ring))


def _write(root: Path, lid: str, places: dict[str, BaseGeometry], window: str = "") -> None:
    (root / "places").mkdir(parents=True)
    (root / "geometry").mkdir()
    (root / "ledger.yaml").write_text(f"id: {lid}\ntitle: {lid}\n")
    for pid, geom in places.items():
        overrides = f'overrides: "{window}"\n' if window else ""
        (root / "places" / f"{pid}.yaml").write_text(
            f"id: {pid}\nnames: {{en: {pid}}}\ngeometry: ../geometry/{pid}.geojson\n{overrides}"
        )
        (root / "geometry" / f"{pid}.geojson").write_text(shapely.to_geojson(geom))


RADII = st.lists(st.floats(0.6, 1.0), min_size=5, max_size=9)


@settings(max_examples=25, deadline=None)
@given(
    face=RADII,
    core=RADII,
    zone=RADII,
    offsets=st.lists(st.floats(-3.0, 3.0), min_size=4, max_size=4),
    windowed_first=st.booleans(),
)
def test_merged_places_never_overlap_and_cover_what_the_inputs_cover(
    tmp_path_factory: pytest.TempPathFactory,
    face: list[float],
    core: list[float],
    zone: list[float],
    offsets: list[float],
    windowed_first: bool,
) -> None:
    root = tmp_path_factory.mktemp("merge")
    split = _polygon(20.0, 45.0, 8.0, face)
    # Two faces of the import, as a snapshot's common refinement makes them.
    faces = {
        "west": split.intersection(box(0, 30, 20.3, 60)),
        "east": split.difference(box(0, 30, 20.3, 60)),
    }
    cut = _polygon(20.0 + offsets[0], 45.0 + offsets[1], 5.0, core)
    win = _polygon(20.0 + offsets[2], 45.0 + offsets[3], 5.0, zone)
    _write(root / "imported", "imported", {k: g for k, g in faces.items() if not g.is_empty})
    _write(root / "curated", "curated", {"core": cut})
    _write(root / "windowed", "windowed", {"zone": win}, window="1940/1945")
    order = ["windowed", "curated"] if windowed_first else ["curated", "windowed"]
    (root / "top").mkdir()
    includes = ", ".join(f"../{p}" for p in [*order, "imported"])
    (root / "top" / "ledger.yaml").write_text(f"id: top\ntitle: top\nincludes: [{includes}]\n")

    geoms = _merged_geometries(root / "top")
    assert _overlaps(geoms) == []
    # Pieces below DROP_BELOW_KM2 may go: a few of them at most.
    assert _lost_km2([*faces.values(), cut, win], geoms) < 5 * DROP_BELOW_KM2
