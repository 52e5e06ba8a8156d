"""The approximate maritime split against a brute-force geodesic nearest-land search."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from numpy.typing import NDArray

import terrachron
from terrachron.geo.geometry import WGS84, geodesic_area_km2
from terrachron.scenarios import MaritimeSplit, compare, maritime_split
from terrachron.scenarios.maritime import LIMIT_M, context_holder

POINTS = 10_000
DENSIFY_DEG = 0.02
"""The test's own densification of every coastline (about 1.5–2 km), independent of the module's."""


@pytest.fixture(scope="module")
def sea(bundled: terrachron.Ledger) -> MaritimeSplit:
    return maritime_split(bundled)


def _coast(
    split: MaritimeSplit, ledger: terrachron.Ledger
) -> tuple[NDArray[np.float64], list[str]]:
    """Every coastline vertex, densified, with the land it belongs to (lon/lat)."""
    lands = {**dict(ledger.geometries), **{c.id: c.geometry for c in split.context}}
    xy, owner = [], []
    for name, geom in lands.items():
        coords = shapely.get_coordinates(shapely.segmentize(geom.boundary, DENSIFY_DEG))
        xy.append(coords)
        owner.extend([name] * len(coords))
    return np.concatenate(xy), owner


def _unit(lon: NDArray[np.float64], lat: NDArray[np.float64]) -> NDArray[np.float64]:
    lo, la = np.radians(lon), np.radians(lat)
    return np.stack([np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)], axis=1)


def _nearest(
    points: NDArray[np.float64], coast: NDArray[np.float64]
) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
    """Index of, and geodesic distance (m) to, the nearest coast vertex of each point.

    Brute force over every vertex: the great-circle distance picks candidates (every vertex
    within 1 % + 2 km of the nearest on the sphere, a margin wider than the sphere's error
    against the ellipsoid), then the geodesic distance on WGS84 decides among them.
    """
    c = _unit(coast[:, 0], coast[:, 1])
    best = np.empty(len(points), dtype=np.int64)
    dist = np.empty(len(points))
    for start in range(0, len(points), 200):
        chunk = points[start : start + 200]
        angle = np.arccos(np.clip(_unit(chunk[:, 0], chunk[:, 1]) @ c.T, -1.0, 1.0))
        limit = angle.min(axis=1, keepdims=True) * 1.01 + 2.0 / 6371.0
        rows, cols = np.nonzero(angle <= limit)
        _, _, d = WGS84.inv(chunk[rows, 0], chunk[rows, 1], coast[cols, 0], coast[cols, 1])
        order = np.lexsort((d, rows))
        first = np.r_[True, rows[order][1:] != rows[order][:-1]]
        best[start + rows[order][first]] = cols[order][first]
        dist[start + rows[order][first]] = np.asarray(d)[order][first]
    return best, dist


def _sample(split: MaritimeSplit, rng: np.random.Generator, inside: bool) -> NDArray[np.float64]:
    """Random points in the region (in the sea studied, or anywhere in its bounding box)."""
    sea_ll = split.plane.to_lonlat(split.sea)
    shapely.prepare(sea_ll)
    minx, miny, maxx, maxy = sea_ll.bounds
    found: list[NDArray[np.float64]] = []
    count = 0
    while count < POINTS:
        lon, lat = rng.uniform(minx, maxx, POINTS), rng.uniform(miny, maxy, POINTS)
        keep = shapely.contains_xy(sea_ll, lon, lat) if inside else np.ones(POINTS, bool)
        found.append(np.column_stack([lon[keep], lat[keep]]))
        count += int(keep.sum())
    return np.concatenate(found)[:POINTS]


def test_zones_agree_with_a_brute_force_nearest_land_search(
    bundled: terrachron.Ledger, sea: MaritimeSplit
) -> None:
    points = _sample(sea, np.random.default_rng(20300101), inside=True)
    coast, owner = _coast(sea, bundled)
    nearest, _ = _nearest(points, coast)
    brute = [owner[i] for i in nearest]
    computed = sea.locate_owner(points[:, 0], points[:, 1])
    # Who holds each land on 2030-01-01 in fact, in the four-island scenario and as recorded.
    for ledger in (bundled, bundled.with_scenario("four-islands")):
        holders = {s.place: "+".join(s.controller) for s in ledger.statuses("2030-01-01")}
        holders |= {c.id: context_holder(ledger, c.polity, 741078) for c in sea.context}
        pairs = zip(brute, computed, strict=True)
        agree = np.mean([holders.get(b) == holders.get(c) for b, c in pairs])
        assert agree >= 0.999, agree
    # Even land by land (not only party by party) the zones agree almost everywhere.
    assert np.mean([b == c for b, c in zip(brute, computed, strict=True)]) >= 0.998


def test_the_sea_studied_is_the_sea_within_200_nm(
    bundled: terrachron.Ledger, sea: MaritimeSplit
) -> None:
    points = _sample(sea, np.random.default_rng(7), inside=False)
    coast, owner = _coast(sea, bundled)
    own = np.array([o in bundled.geometries for o in owner])
    _, dist = _nearest(points, coast[own])
    land = shapely.union_all([*bundled.geometries.values(), *(c.geometry for c in sea.context)])
    on_land = shapely.contains_xy(land, points[:, 0], points[:, 1])
    expected = (dist <= LIMIT_M) & ~on_land
    sea_ll = sea.plane.to_lonlat(sea.sea)
    got = shapely.contains_xy(sea_ll, points[:, 0], points[:, 1])
    assert np.mean(expected == got) >= 0.999


def test_zones_partition_the_sea(sea: MaritimeSplit) -> None:
    # One sea, not pieces split by cracks: a lost cell or a hairline gap would cut it apart.
    parts = sorted((p.area for p in shapely.get_parts(sea.sea)), reverse=True)
    assert parts[0] >= 0.999 * sum(parts)
    total = sum(sea.owner_km2(o) for o in sea.owners)
    assert total == pytest.approx(sea.sea_km2, rel=1e-5)
    zones = [sea.zone(o) for o in sea.owners if sea.owner_km2(o) > 0]
    overlap = sum(
        geodesic_area_km2(a.intersection(b)) for i, a in enumerate(zones) for b in zones[i + 1 :]
    )
    assert overlap < 1.0


def test_maritime_figures_in_a_comparison(bundled: terrachron.Ledger) -> None:
    result = compare(bundled, ["two-islands", "four-islands", "area-split"], views=["de-facto"])
    sea_km2 = {c.name: c.views["de-facto"].sea_km2 for c in result.columns}
    for name, by_holder in sea_km2.items():
        assert sum(by_holder.values()) == pytest.approx(result.baseline.sea_km2, rel=1e-5), name
    japan = {name: v["japan"] for name, v in sea_km2.items()}
    assert japan["baseline"] < japan["two-islands"] < japan["area-split"] < japan["four-islands"]
    # The split reuses the ledger's partition: only Etorofu's zone is shared out.
    split = maritime_split(bundled.with_scenario("area-split"))
    parts = split.owner_km2("etorofu-southwest") + split.owner_km2("etorofu-northeast")
    assert parts == pytest.approx(maritime_split(bundled).owner_km2("etorofu"), rel=1e-6)
    assert result.to_dict()["maritime"]["caveats"][0].startswith("Approximate maritime split")
