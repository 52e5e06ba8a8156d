"""``/api/search``: the answer's shape and its refusals (the matching is tested in test_search)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from pydantic import TypeAdapter

from terrachron.api.search_routes import SearchJSON

from .test_api import refused


def test_a_search_answers_hits_with_names_and_a_box(client: TestClient) -> None:
    r = client.get("/api/search", params={"q": "Итур"})
    assert r.status_code == 200, r.text
    body = TypeAdapter(SearchJSON).validate_python(r.json())
    assert body["q"] == "Итур"
    [hit] = body["hits"]
    assert (hit["kind"], hit["id"], hit["name"], hit["language"]) == (
        "place",
        "etorofu",
        "Итуруп",
        "ru",
    )
    assert hit["names"] == {"en": "Etorofu", "ja": "択捉島", "ru": "Итуруп"}
    west, south, east, north = client.get("/api/places/etorofu").json()["bbox"]
    assert hit["bbox"] == (west, south, east, north)


def test_places_polities_and_groups_are_searched_together(client: TestClient) -> None:
    hits = client.get("/api/search", params={"q": "s", "limit": 100}).json()["hits"]
    assert {h["kind"] for h in hits} == {"place", "group", "polity"}
    kinds = [h["kind"] for h in hits]
    assert len(hits) == len({(h["kind"], h["id"]) for h in hits})
    assert kinds  # ranked: see test_search


def test_the_limit_cuts_the_hits(client: TestClient) -> None:
    assert len(client.get("/api/search?q=s&limit=2").json()["hits"]) == 2


@pytest.mark.parametrize(
    ("query", "status", "parameter"),
    [
        ("", 422, "q"),
        ("q=", 422, "q"),
        ("q=%20-%20", 400, "q"),
        ("q=kuna&limit=0", 422, "limit"),
        ("q=kuna&limit=101", 422, "limit"),
        ("q=kuna&scenario=nowhere", 400, "scenario"),
    ],
)
def test_a_bad_search_is_refused_naming_the_parameter(
    client: TestClient, query: str, status: int, parameter: str
) -> None:
    refused(client.get(f"/api/search?{query}"), status, parameter)
