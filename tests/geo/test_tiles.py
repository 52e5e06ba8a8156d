"""The map's tiles and paint: the same answers as the ledger, the whole world covered by tiles."""

from __future__ import annotations

import math
from typing import Any

import mapbox_vector_tile
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

import terrachron
from terrachron.dates import parse_query_date
from terrachron.errors import QueryError
from terrachron.geo.tiles import (
    LEVELS,
    MAX_TILE_ZOOM,
    MVT_BUFFER,
    MVT_EXTENT,
    MVT_LAYER,
    ShapeTiles,
    horizon_of,
    paint,
    shape_tiles,
    tile_bounds,
)


@given(st.integers(0, MAX_TILE_ZOOM), st.data())
def test_tiles_tile_the_world_without_gaps(z: int, data: st.DataObject) -> None:
    n = 1 << z
    x = data.draw(st.integers(0, n - 1))
    y = data.draw(st.integers(0, n - 1))
    w, s, e, north = tile_bounds(z, x, y)
    assert -180 <= w < e <= 180
    assert -90 <= s < north <= 90
    if x + 1 < n:
        assert tile_bounds(z, x + 1, y)[0] == pytest.approx(e)
    if y + 1 < n:
        assert tile_bounds(z, x, y + 1)[3] == pytest.approx(s)


@pytest.mark.parametrize(
    ("z", "x", "y"), [(-1, 0, 0), (MAX_TILE_ZOOM + 1, 0, 0), (1, 2, 0), (2, 0, 4)]
)
def test_a_tile_off_the_grid_is_refused(z: int, x: int, y: int) -> None:
    with pytest.raises(QueryError):
        tile_bounds(z, x, y)


def test_zoom_zero_holds_every_place_once_and_deeper_levels_keep_more(
    bundled: terrachron.Ledger,
) -> None:
    tiles = shape_tiles(bundled)
    pids = [f["properties"]["pid"] for f in tiles.tile(0, 0, 0)]
    assert sorted(pids) == sorted(bundled.geometries)
    counts = [tiles.vertices(i) for i in range(len(LEVELS))]
    assert counts == sorted(counts)
    assert counts[-1] == int(shapely.get_num_coordinates(list(bundled.geometries.values())).sum())


@settings(deadline=None)  # the first example simplifies the shapes of a level
@given(st.integers(0, 4), st.data())
def test_an_encoded_tile_is_the_tile_as_json(z: int, data: st.DataObject) -> None:
    import json

    from terrachron.query import open_ledger

    tiles = shape_tiles(open_ledger())
    n = 1 << z
    x = data.draw(st.integers(0, n - 1))
    y = data.draw(st.integers(0, n - 1))
    decoded = json.loads(tiles.tile_json(z, x, y))
    # Through JSON both ways: shapely's mapping gives tuples where JSON has arrays.
    expected = json.loads(
        json.dumps({"type": "FeatureCollection", "features": tiles.tile(z, x, y)})
    )
    assert decoded == expected


def _decode(body: bytes) -> list[dict[str, Any]]:
    tile = mapbox_vector_tile.decode(body, default_options={"y_coord_down": True})
    features: list[dict[str, Any]] = tile.get(MVT_LAYER, {}).get("features", [])
    return features


@given(
    st.integers(0, MAX_TILE_ZOOM),
    st.floats(-179.9, 179.9),
    st.floats(-84.9, 84.9),
)
@settings(deadline=None, max_examples=40)
def test_a_vector_tile_draws_a_point_where_web_mercator_puts_it(
    z: int, lon: float, lat: float
) -> None:
    # One place, a square around the point (a quarter of the tile wide, so that no level drops
    # it): the tile holding the point by its bounds in degrees draws the square over the point's
    # own Web-Mercator position in the tile's grid.
    n = 1 << z
    x = next(i for i in range(n) if tile_bounds(z, i, 0)[0] <= lon < tile_bounds(z, i, 0)[2])
    y = next(j for j in range(n) if tile_bounds(z, 0, j)[1] <= lat < tile_bounds(z, 0, j)[3])
    west, _, east, _ = tile_bounds(z, x, y)
    r = (east - west) / 4
    square = shapely.box(lon - r, max(-89.0, lat - r), lon + r, min(89.0, lat + r))
    tiles = ShapeTiles({"p": square}, {"p": "P"})
    features = _decode(tiles.mvt(z, x, y))
    assert [f["id"] for f in features] == [0]
    px = ((lon + 180.0) / 360.0 * n - x) * MVT_EXTENT
    merc = math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
    py = ((1.0 - merc / math.pi) / 2.0 * n - y) * MVT_EXTENT
    assert -1 <= px <= MVT_EXTENT + 1
    assert -1 <= py <= MVT_EXTENT + 1
    drawn = shapely.geometry.shape(features[0]["geometry"])
    assert drawn.buffer(2).contains(shapely.Point(px, py))
    bx0, by0, bx1, by1 = drawn.bounds
    assert min(bx0, by0) >= -MVT_BUFFER
    assert max(bx1, by1) <= MVT_EXTENT + MVT_BUFFER


def test_a_vector_tile_clips_snaps_and_drops_what_it_cannot_draw() -> None:
    geoms = {
        # A square with a hole, across the antimeridian-free middle of tile 1/1/0's west edge.
        "holed": shapely.Polygon(
            [(-10, 10), (10, 10), (10, 30), (-10, 30)],
            [[(-2, 18), (2, 18), (2, 22), (-2, 22)]],
        ),
        # Thinner than a grid unit of a zoom-0 tile (360° / 4096 ≈ 0.09°): nothing to draw.
        "sliver": shapely.box(50.0, 0.0, 50.0001, 20.0),
    }
    tiles = ShapeTiles(geoms, {k: k for k in geoms})
    assert tiles.feature_id("holed") == 0
    assert tiles.feature_id("sliver") == 1
    whole = {f["properties"]["pid"]: f for f in _decode(tiles.mvt(0, 0, 0))}
    assert set(whole) == {"holed"}
    east = _decode(tiles.mvt(1, 1, 0))
    assert [f["id"] for f in east] == [0]
    piece = shapely.geometry.shape(east[0]["geometry"])
    assert piece.is_valid
    # Cut at the tile's west edge less the buffer: lon 0 is x 0 of the eastern tiles.
    assert piece.bounds[0] == -MVT_BUFFER
    assert len(piece.interiors) == 1
    # The same bytes on a second request: the tile is encoded once.
    assert tiles.mvt(1, 1, 0) is tiles.mvt(1, 1, 0)


@pytest.mark.parametrize("date", ["1850", "1945-09-01", "1950-01-01", "1956-10-19", "2020-06-01"])
@pytest.mark.parametrize("view", ["de-facto", "japan", "russia"])
def test_paint_agrees_with_every_status(bundled: terrachron.Ledger, date: str, view: str) -> None:
    p = paint(bundled, parse_query_date(date), view)
    titled = bundled.views[view].kind != "de-facto"
    for i, pid in enumerate(p.places):
        s = bundled.status(pid, date, view)
        holders = s.title if titled else s.controller
        key = p.fills[p.fill[i]]
        if s.status == "unrecorded":
            assert key == "unrecorded"
        elif not holders:
            assert key in ("undetermined", "nobody")
        else:
            assert key == "+".join(sorted(holders))
        assert bool(p.flags[i] & 1) == s.disputed
        assert bool(p.flags[i] & 2) == s.occupied
        assert bool(p.flags[i] & 4) == s.uncertain
        claimed = p.claimant_sets[p.claimants[i]] if p.claimants[i] >= 0 else []
        assert sorted(claimed) == sorted(s.claimants)


def test_the_horizon_places_a_date_before_within_or_after_the_record(
    bundled: terrachron.Ledger,
) -> None:
    assert bundled.horizon is not None
    after = horizon_of(bundled, parse_query_date("2099-01-01"))
    assert (after.position, after.last) == ("after", bundled.horizon)
    assert horizon_of(bundled, parse_query_date("1950")).position == "within"
    before = horizon_of(bundled, parse_query_date("1700"))
    assert before.position == "before"
    assert before.first is not None
    assert before.first > "1700"
