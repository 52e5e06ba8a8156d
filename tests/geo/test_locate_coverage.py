"""Points in no place: at sea or outside coverage, and snapped to a place just off a coast."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyproj import Geod

import terrachron
from terrachron.errors import QueryError
from terrachron.geo.land import land_files, load_land, read_land
from terrachron.geo.locate import COLUMNS, SNAPPED, Locator, summary_of

from ..conftest import DATA

HARBOUR = (145.9, 44.0)  # Yuzhno-Kurilsk's harbour, off Kunashiri's polygon at 1:10m
DAY = "2000-01-01"


def _locate(
    ledger: terrachron.Ledger, lon: list[float], lat: list[float], **kw: object
) -> pd.DataFrame:
    return ledger.locate(np.asarray(lon), np.asarray(lat), np.array([DAY] * len(lon)), **kw)  # type: ignore[arg-type]


def _text(column: pd.Series) -> list[str | None]:
    return [None if pd.isna(v) else str(v) for v in column.astype(object)]


def _brute_km(geom: shapely.Geometry, x: float, y: float) -> float:
    """The geodesic distance from (x, y) to a densely sampled boundary of ``geom``."""
    ring = shapely.segmentize(shapely.boundary(geom), 0.0002)
    coords = shapely.get_coordinates(ring)
    _, _, metres = Geod(ellps="WGS84").inv(
        np.full(len(coords), x), np.full(len(coords), y), coords[:, 0], coords[:, 1]
    )
    return float(np.min(metres)) / 1000.0


def test_points_in_no_place_say_where_they_are(bundled: terrachron.Ledger) -> None:
    lon = [HARBOUR[0], 2.35, -30.0, 141.0, 142.8, float("nan")]
    lat = [HARBOUR[1], 48.85, 30.0, 40.5, 43.5, 1.0]
    got = _locate(bundled, lon, lat)
    assert list(got.columns) == list(COLUMNS)
    assert _text(got["problem"]) == [
        "at-sea",  # the harbour: ~3 km off Kunashiri's coast
        "outside-coverage",  # Paris: land the ledger does not record
        "at-sea",  # mid-Atlantic
        "outside-coverage",  # northern Honshu, from the ledger's context land
        None,  # Hokkaido
        "coordinates-missing",
    ]
    summary = summary_of(got)
    assert (summary.located, summary.outside, summary.at_sea, summary.problems) == (1, 4, 2, 1)
    assert summary.outside_coverage == 2
    assert summary.snapped == 0


def test_the_harbour_snaps_to_kunashiri_within_5_km(bundled: terrachron.Ledger) -> None:
    got = _locate(bundled, [HARBOUR[0], 2.35], [HARBOUR[1], 48.85], max_distance_km=5)
    assert list(got.columns) == [*COLUMNS, SNAPPED]
    assert _text(got["place"]) == ["kunashiri", None]
    assert _text(got["controller"])[0] == "russia"
    assert pd.isna(got["problem"].iloc[0])
    assert _text(got["problem"])[1] == "outside-coverage"
    km = float(got[SNAPPED].iloc[0])
    assert pd.isna(got[SNAPPED].iloc[1])
    brute = _brute_km(bundled.geometries["kunashiri"], *HARBOUR)
    assert 2.5 < km < 3.5
    assert km == pytest.approx(brute, rel=0.005)
    summary = summary_of(got)
    assert (summary.located, summary.snapped, summary.outside, summary.at_sea) == (1, 1, 1, 0)
    # Under its distance, no snap.
    closer = _locate(bundled, [HARBOUR[0]], [HARBOUR[1]], max_distance_km=km * 0.99)
    assert _text(closer["problem"]) == ["at-sea"]


@pytest.mark.parametrize("bad", [-1.0, 100.5, float("nan"), float("inf"), True])
def test_a_bad_distance_is_refused(bundled: terrachron.Ledger, bad: float) -> None:
    with pytest.raises(QueryError, match="max_distance_km must be a number from 0 to 100"):
        _locate(bundled, [0.0], [0.0], max_distance_km=bad)


def test_without_land_every_miss_is_outside_coverage(bundled: terrachron.Ledger) -> None:
    full = bundled.locator()
    bare = Locator(full.index, full.timetable, full.geometries)
    lon, lat = np.array([HARBOUR[0], -30.0, 142.8]), np.array([HARBOUR[1], 30.0, 43.5])
    got = bare.locate(lon, lat, np.array([DAY] * 3))
    assert _text(got["problem"]) == ["outside-coverage"] * 2 + [None]


def test_land_and_sea_agree_with_geos(bundled: terrachron.Ledger) -> None:
    """Random points, coast vertices and points along coasts: the index says what GEOS says."""
    land = load_land(land_files(bundled.root))
    layers = [read_land(p) for p in land.files]
    rng = np.random.default_rng(7)
    context = layers[0]
    coords = shapely.get_coordinates(context)
    pick = coords[rng.integers(0, len(coords) - 1, 3000)]
    nxt = coords[rng.integers(0, len(coords) - 1, 3000) + 1]
    along = pick + rng.uniform(0, 1, (3000, 1)) * (nxt - pick)
    box = np.column_stack([rng.uniform(125, 172, 20000), rng.uniform(33, 63, 20000)])
    world = np.column_stack([rng.uniform(-180, 180, 20000), rng.uniform(-90, 90, 20000)])
    pts = np.concatenate([pick, along, box, world])
    got = bundled.locate(pts[:, 0], pts[:, 1], np.array([DAY] * len(pts)))
    missed = got["place"].isna().to_numpy()
    on_land = np.zeros(len(pts), dtype=bool)
    for layer in layers:
        on_land |= shapely.intersects_xy(layer, pts[:, 0], pts[:, 1])
    expected = np.where(on_land, "outside-coverage", "at-sea")
    assert got["problem"].astype(object).to_numpy()[missed].tolist() == expected[missed].tolist()
    assert missed.sum() > 20000  # most points miss eleven islands


coordinate = st.tuples(
    st.floats(139.0, 157.0, allow_nan=False), st.floats(41.0, 55.0, allow_nan=False)
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    points=st.lists(coordinate, min_size=1, max_size=40),
    d1=st.floats(0.0, 100.0),
    d2=st.floats(0.0, 100.0),
)
def test_snapping_invariants(
    bundled: terrachron.Ledger, points: list[tuple[float, float]], d1: float, d2: float
) -> None:
    lon = [p[0] for p in points]
    lat = [p[1] for p in points]
    plain = _locate(bundled, lon, lat)
    # With a distance of 0 nothing changes: a point at 0 km from a place lies in it.
    zero = _locate(bundled, lon, lat, max_distance_km=0.0)
    pd.testing.assert_frame_equal(zero[list(COLUMNS)], plain)
    assert zero[SNAPPED].isna().all()
    lo, hi = sorted((d1, d2))
    near = _locate(bundled, lon, lat, max_distance_km=lo)
    far = _locate(bundled, lon, lat, max_distance_km=hi)
    inside = plain["place"].notna().to_numpy()
    for got, limit in ((near, lo), (far, hi)):
        # Rows that lie in a place are untouched; a snapped row is within the limit.
        pd.testing.assert_frame_equal(
            got[list(COLUMNS)][inside].astype(object), plain[inside].astype(object)
        )
        snapped = got[SNAPPED].notna().to_numpy()
        assert not (snapped & inside).any()
        assert (got[SNAPPED][snapped] <= limit).all()
        assert got["place"].notna().to_numpy()[snapped].all()
        assert got["problem"].isna().to_numpy()[snapped].all()
        assert summary_of(got).snapped == int(snapped.sum())
    # A farther limit snaps every row a nearer one does, to the same place.
    snapped_near = near[SNAPPED].notna().to_numpy()
    assert far[SNAPPED].notna().to_numpy()[snapped_near].all()
    assert (
        far["place"].astype(object)[snapped_near].tolist()
        == near["place"].astype(object)[snapped_near].tolist()
    )


def test_snapping_across_the_antimeridian() -> None:
    """A point just east of 180° finds a place just west of it."""
    ledger = terrachron.open_ledger(DATA / "ledgers" / "antimeridian")
    got = _locate(ledger, [-179.99, -179.5], [0.0, 0.0], max_distance_km=10)
    assert _text(got["place"]) == ["west", None]
    km = float(got[SNAPPED].iloc[0])
    assert km == pytest.approx(
        Geod(ellps="WGS84").inv(-179.99, 0.0, 179.99, 0.0)[2] / 1000, rel=1e-3
    )


def test_a_land_cache_of_another_format_is_rebuilt(
    caplog: pytest.LogCaptureFixture,
) -> None:
    from terrachron.geo.index import SpatialIndex, cache_dir

    files = land_files(DATA / "japan-russia")[:1]
    first = load_land(files)
    # Its own file, by content: other tests leave other land layers' files in the same folder.
    [cached] = [
        p
        for p in cache_dir().glob("land-*.npz")
        if SpatialIndex.load(p).checksum() == first.index.checksum()
    ]
    np.savez(cached, something=np.zeros(3))  # a file of an older layout: no key, no checksum
    with caplog.at_level("WARNING"):
        again = load_land(files)
    assert again.index.places == first.index.places
    assert "rebuilding the cached land index" in caplog.text
