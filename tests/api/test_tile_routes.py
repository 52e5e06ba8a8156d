"""The map endpoints: tiles, paint and the views' languages, with their refusals."""

from __future__ import annotations

import math
from typing import Any

import mapbox_vector_tile
import pytest
import shapely
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import terrachron
from terrachron.geo.tiles import MAX_TILE_ZOOM, MVT_BUFFER, MVT_EXTENT, MVT_LAYER, shape_tiles


def decoded(client: TestClient, path: str) -> list[dict[str, Any]]:
    """The features of a vector tile's one layer, in tile units with y down (as encoded)."""
    r = client.get(path)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/vnd.mapbox-vector-tile"
    tile = mapbox_vector_tile.decode(r.content, default_options={"y_coord_down": True})
    assert set(tile) <= {MVT_LAYER}
    if not tile:
        return []
    assert tile[MVT_LAYER]["extent"] == MVT_EXTENT
    features: list[dict[str, Any]] = tile[MVT_LAYER]["features"]
    return features


def tile_of(lon: float, lat: float, z: int) -> tuple[int, int]:
    """The Web-Mercator tile ``(x, y)`` of zoom ``z`` holding a point."""
    n = 1 << z
    rad = math.radians(lat)
    x = int((lon + 180.0) / 360.0 * n)
    y = int((1.0 - math.log(math.tan(rad) + 1.0 / math.cos(rad)) / math.pi) / 2.0 * n)
    return x, y


def test_a_vector_tile_holds_each_place_once_with_its_stable_id(
    client: TestClient, bundled: terrachron.Ledger
) -> None:
    features = decoded(client, "/api/tiles/0/0/0.mvt")
    by_pid = {f["properties"]["pid"]: f for f in features}
    assert len(by_pid) == len(features)
    assert sorted(by_pid) == sorted(bundled.geometries)
    # The id is the place's rank among the sorted ids: the same in every tile, so MapLibre's
    # feature state (and the page's colours) follow the place from tile to tile.
    ranked = sorted(bundled.geometries)
    assert by_pid["kunashiri"]["id"] == ranked.index("kunashiri")
    assert shape_tiles(bundled).feature_id("kunashiri") == ranked.index("kunashiri")
    assert set(by_pid["kunashiri"]["properties"]) == {"pid"}
    # Tile 1/0/0 is the north-west quarter: the Kurils lie in the north-east one.
    assert decoded(client, "/api/tiles/1/0/0.mvt") == []
    assert {f["id"] for f in decoded(client, "/api/tiles/1/1/0.mvt")} == {f["id"] for f in features}


def test_a_vector_tile_clips_a_place_to_the_tile(
    client: TestClient, bundled: terrachron.Ledger
) -> None:
    # Hokkaido at zoom 8 spans several tiles: the one holding Sapporo has a piece of it, cut at
    # the tile's edges (plus the buffer), not the whole island.
    z = MAX_TILE_ZOOM
    x, y = tile_of(141.35, 43.06, z)
    hokkaido = next(
        f
        for f in decoded(client, f"/api/tiles/{z}/{x}/{y}.mvt")
        if f["properties"]["pid"] == "hokkaido"
    )
    shape = shapely.geometry.shape(hokkaido["geometry"])
    lo, hi = -MVT_BUFFER, MVT_EXTENT + MVT_BUFFER
    # Sapporo is inland: the piece covers the whole tile, cut at the edge of its buffer.
    assert shape.bounds == (lo, lo, hi, hi)
    # Its neighbour to the east holds another piece of the same place, under the same id.
    east = decoded(client, f"/api/tiles/{z}/{x + 1}/{y}.mvt")
    assert hokkaido["id"] in {f["id"] for f in east}


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_every_vector_tile_stays_inside_its_buffer(client: TestClient, data: st.DataObject) -> None:
    z = data.draw(st.integers(0, MAX_TILE_ZOOM))
    # Around the Kurils, where the bundled ledger has land, and anywhere else.
    x0, y0 = tile_of(146.0, 44.5, z)
    n = 1 << z
    x = data.draw(
        st.sampled_from(sorted({x0, min(n - 1, x0 + 1), data.draw(st.integers(0, n - 1))}))
    )
    y = data.draw(
        st.sampled_from(sorted({y0, min(n - 1, y0 + 1), data.draw(st.integers(0, n - 1))}))
    )
    for f in decoded(client, f"/api/tiles/{z}/{x}/{y}.mvt"):
        shape = shapely.geometry.shape(f["geometry"])
        assert shape.geom_type in {"Polygon", "MultiPolygon"}
        assert shape.area > 0
        minx, miny, maxx, maxy = shape.bounds
        assert min(minx, miny) >= -MVT_BUFFER
        assert max(maxx, maxy) <= MVT_EXTENT + MVT_BUFFER


def test_a_vector_tile_under_a_scenario_draws_the_scenario_places(client: TestClient) -> None:
    split = {
        f["properties"]["pid"] for f in decoded(client, "/api/tiles/0/0/0.mvt?scenario=area-split")
    }
    assert "etorofu" not in split
    assert {"etorofu-southwest", "etorofu-northeast"} <= split
    paint = client.get("/api/paint?date=2031-01-01&view=japan&scenario=area-split").json()
    assert set(paint["places"]) == split


def test_a_vector_tile_is_revalidated_by_its_etag(client: TestClient) -> None:
    first = client.get("/api/tiles/2/3/1.mvt")
    etag = first.headers["etag"]
    again = client.get("/api/tiles/2/3/1.mvt", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    # Another tile, or the same under a scenario, is another answer.
    assert client.get("/api/tiles/2/3/2.mvt").headers["etag"] != etag
    assert client.get("/api/tiles/2/3/1.mvt?scenario=area-split").headers["etag"] != etag
    assert client.get("/api/tiles/2/3/1.mvt").content == first.content


def test_a_tile_is_geojson_with_one_feature_per_place(
    client: TestClient, bundled: terrachron.Ledger
) -> None:
    r = client.get("/api/tiles/0/0/0.geojson")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/geo+json")
    pids = [f["properties"]["pid"] for f in r.json()["features"]]
    assert sorted(pids) == sorted(bundled.geometries)
    # Tile 1/0/0 is the north-west quarter: the Kurils lie in the north-east one.
    assert client.get("/api/tiles/1/0/0.geojson").json()["features"] == []
    assert client.get("/api/tiles/1/1/0.geojson").json()["features"]


def test_a_tile_under_a_scenario_draws_the_scenario_places(client: TestClient) -> None:
    recorded = {
        f["properties"]["pid"] for f in client.get("/api/tiles/0/0/0.geojson").json()["features"]
    }
    r = client.get("/api/tiles/0/0/0.geojson?scenario=area-split")
    assert r.status_code == 200
    split = {f["properties"]["pid"] for f in r.json()["features"]}
    assert "etorofu" in recorded
    assert "etorofu" not in split
    assert {"etorofu-southwest", "etorofu-northeast"} <= split
    # And the paint of the same scenario colours exactly the places its tiles draw.
    paint = client.get("/api/paint?date=2031-01-01&view=japan&scenario=area-split").json()
    assert set(paint["places"]) == split


@pytest.mark.parametrize(
    ("path", "code", "parameter"),
    [
        ("/api/tiles/0/0/0.geojson?scenario=nowhere", 400, "scenario"),
        ("/api/tiles/1/2/0.geojson", 400, "x"),
        ("/api/tiles/3/0/8.geojson", 400, "y"),
        ("/api/tiles/9/0/0.geojson", 422, "z"),
        ("/api/tiles/a/0/0.geojson", 422, "z"),
        ("/api/tiles/0/0/0.mvt?scenario=nowhere", 400, "scenario"),
        ("/api/tiles/1/2/0.mvt", 400, "x"),
        ("/api/tiles/3/0/8.mvt", 400, "y"),
        ("/api/tiles/9/0/0.mvt", 422, "z"),
        ("/api/tiles/-1/0/0.mvt", 422, "z"),
        ("/api/tiles/2/0/a.mvt", 422, "y"),
        ("/api/paint?date=1950-13&view=japan", 400, "date"),
        ("/api/paint?date=1950&view=mars", 400, "view"),
        ("/api/paint", 422, "date"),
    ],
)
def test_bad_map_requests_are_refused_with_the_parameter(
    client: TestClient, path: str, code: int, parameter: str
) -> None:
    r = client.get(path)
    assert r.status_code == code
    assert r.json()["parameter"] == parameter
    assert r.json()["detail"]


def test_a_tile_of_another_format_is_not_found(client: TestClient) -> None:
    r = client.get("/api/tiles/0/0/0.pbf")
    assert r.status_code == 404
    assert r.json()["detail"]


def test_paint_colours_kunashiri_as_each_view_reads_it(client: TestClient) -> None:
    for view, holder in (
        ("japan", "japan"),
        ("russia", "soviet-union"),
        ("de-facto", "soviet-union"),
    ):
        body = client.get(f"/api/paint?date=1950-01-01&view={view}").json()
        i = body["places"].index("kunashiri")
        assert body["fills"][body["fill"][i]] == holder
        assert body["flags"][i] & 1  # disputed
        assert sorted(body["claimant_sets"][body["claimants"][i]]) == ["japan", "soviet-union"]
        assert body["horizon"]["position"] == "within"
    labels = client.get("/api/paint?date=1950-01-01&view=japan").json()["labels"]
    assert labels[0]["holder"] == "japan"


def test_paint_says_where_the_record_ends(client: TestClient, bundled: terrachron.Ledger) -> None:
    after = client.get("/api/paint?date=2090-01-01").json()["horizon"]
    assert after == {"first": after["first"], "last": bundled.horizon, "position": "after"}
    assert client.get("/api/paint?date=1700").json()["horizon"]["position"] == "before"


def test_each_polity_view_names_places_in_its_language(client: TestClient) -> None:
    assert client.get("/api/view-languages").json() == {
        "de-facto": None,
        "japan": "ja",
        "russia": "ru",
    }
