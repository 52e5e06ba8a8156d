"""The map's tiles and paint: the same answers as the ledger, the whole world covered by tiles."""

from __future__ import annotations

import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

import terrachron
from terrachron.dates import parse_query_date
from terrachron.errors import QueryError
from terrachron.geo.tiles import LEVELS, MAX_TILE_ZOOM, horizon_of, paint, shape_tiles, tile_bounds


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
