"""The new endpoints over the shipped world ledger: worldwide disputes, points and search."""

from __future__ import annotations

from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import terrachron
from terrachron.api import create_app

WORLD = Path(str(resources.files("terrachron") / "data")) / "world"


@pytest.fixture(scope="module")
def world() -> terrachron.Ledger:
    return terrachron.open_ledger(WORLD)


@pytest.fixture(scope="module")
def world_client(world: terrachron.Ledger) -> Iterator[TestClient]:
    with TestClient(create_app(world)) as test_client:
        yield test_client


def test_disputes_are_listed_worldwide_with_what_the_map_links_to(
    world_client: TestClient, world: terrachron.Ledger
) -> None:
    body = world_client.get("/api/disputes?date=2000-01-01").json()
    places = {d["place"] for d in body}
    assert places == {s.place for s in world.disputes("2000-01-01")}
    # The curated islands and imported places far from them.
    assert {"etorofu", "kunashiri"} <= places
    far = [d for d in body if d["label_point"] and d["label_point"][0] < 100]
    assert far, "no dispute west of 100°E"
    for d in body:
        assert len(d["claimants"]) >= 2
        assert d["name"]
        assert d["bbox"] is not None


def test_disputes_follow_the_view(world_client: TestClient) -> None:
    japan = {d["place"] for d in world_client.get("/api/disputes?date=1960&view=japan").json()}
    assert {"etorofu", "kunashiri", "shikotan", "habomai"} <= japan
    refused = world_client.get("/api/disputes?date=1960&view=mars")
    assert refused.status_code == 400
    assert refused.json()["parameter"] == "view"


def test_a_point_in_lviv_is_answered_under_every_view(world_client: TestClient) -> None:
    # Lviv in 1900 is decided by the import (Strasbourg, which this test used, is now curated).
    body = world_client.get("/api/locate?lon=24.03&lat=49.84&date=1900-07-01").json()
    assert body["controller"] == "austria-hungary"
    views = {v["id"] for v in world_client.get("/api/views").json()}
    assert set(body["views"]) == views
    assert {"de-facto", "japan", "russia", "france"} <= views
    assert {link["ledger"] for link in body["chain"]} == {"historical-basemaps"}


def test_a_search_finds_a_state_of_the_world_and_flies_to_it(world_client: TestClient) -> None:
    hits = world_client.get("/api/search?q=fran").json()["hits"]
    france = next(h for h in hits if h["kind"] == "polity" and h["id"] == "france")
    west, south, east, north = france["bbox"]
    assert west <= 2.35 <= east  # Paris
    assert south <= 48.85 <= north
    # Its Russian name is in the curated record; Cyrillic finds the curated Japan too.
    assert world_client.get("/api/search?q=Япон").json()["hits"][0]["id"] == "japan"
