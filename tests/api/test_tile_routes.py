"""The map endpoints: tiles, paint and the views' languages, with their refusals."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

import terrachron


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
