"""``locate`` on the shipped world ledger gives exactly GEOS's answer, boundaries included.

The reference is the boundary rule read literally, with shapely: the place of a point is the
smallest id among the places whose polygon covers it (interior or boundary), else none. The
points are seeded: uniform over the world's places, clustered on their vertices, on their edges
(interpolated, so mostly within rounding of the edge, and midpoints) and on the index's cell
lines, where the compiled kernel must hand the point to GEOS or decide it exactly itself.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import shapely

import terrachron

WORLD = Path(terrachron.__file__).parent / "data" / "world"

pytestmark = pytest.mark.skipif(
    not (WORLD / "ledger.yaml").is_file(), reason="the world ledger is not in this checkout"
)


@pytest.fixture(scope="module")
def world() -> terrachron.Ledger:
    return terrachron.open_ledger(WORLD)


def _points(ledger: terrachron.Ledger, n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    ids = sorted(ledger.geometries)
    coords = shapely.get_coordinates(np.asarray([ledger.geometries[i] for i in ids], object))
    pick = coords[rng.integers(0, len(coords) - 1, n)]
    after = coords[np.minimum(rng.integers(0, len(coords) - 1, n) + 1, len(coords) - 1)]
    near = np.clip(pick + rng.normal(0.0, 0.05, (n, 2)), [-180, -90], [180, 90])
    t = rng.uniform(0.0, 1.0, (n, 1))
    uniform = np.column_stack([rng.uniform(-180, 180, n), rng.uniform(-60, 80, n)])
    parts = [uniform, pick, near, pick + t * (after - pick), (pick + after) / 2]
    both = np.concatenate(parts)
    # On the top grid's and the first levels' cell lines (multiples of 1/8 degree).
    snapped = np.round(both[: 2 * n] * 8) / 8
    xy = np.concatenate([both, snapped])
    return xy[:, 0], xy[:, 1]


def _reference(ledger: terrachron.Ledger, lon: np.ndarray, lat: np.ndarray) -> list[str | None]:
    ids = sorted(ledger.geometries)
    tree = shapely.STRtree([ledger.geometries[i] for i in ids])
    point, place = tree.query(shapely.points(lon, lat), predicate="covered_by")
    best = np.full(len(lon), len(ids), dtype=np.int64)
    np.minimum.at(best, point, place)
    return [ids[b] if b < len(ids) else None for b in best.tolist()]


def test_world_answers_equal_geos_on_edges_vertices_and_cell_lines(
    world: terrachron.Ledger,
) -> None:
    lon, lat = _points(world, 4000, seed=10)
    got = world.locator("de-facto").locate(lon, lat, np.full(len(lon), "1950-07-01"))
    places = [None if isinstance(p, float) else str(p) for p in got["place"].astype(object)]
    want = _reference(world, lon, lat)
    wrong = [(x, y, g, w) for x, y, g, w in zip(lon, lat, places, want, strict=True) if g != w]
    assert not wrong, f"{len(wrong)} of {len(lon)} differ from GEOS, e.g. {wrong[:5]}"
    # The sample does reach the rows floating point cannot settle, and the ones it can.
    assert got.attrs["terrachron.locate"]["exact_tests"] > 0
    assert sum(p is not None for p in places) > len(lon) // 2


def test_the_index_of_the_world_keeps_its_layout_after_a_round_trip(
    world: terrachron.Ledger, tmp_path: Path
) -> None:
    from terrachron.geo.index import SpatialIndex, check_layout

    index = world.locator("de-facto").index
    check_layout(index)
    index.save(tmp_path / "world.npz")
    again = SpatialIndex.load(tmp_path / "world.npz", index.key)
    assert again.checksum() == index.checksum()
    assert again.n_mixed == index.n_mixed > 10_000
