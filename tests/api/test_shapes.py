"""Every endpoint answers in the JSON shape it declares, and the declared shapes refuse drift.

The shapes (``StatusJSON``, ``TimelineJSON`` …) are what the OpenAPI document describes; the
routes return ready-made responses, which FastAPI does not check against them, so these tests
do: one real request per route, its body validated against the route's ``response_model``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from pydantic import TypeAdapter, ValidationError

import terrachron
from terrachron import examples
from terrachron.api import shapes
from terrachron.api.routes import build_router
from terrachron.results import (
    AlternativeJSON,
    AnswerJSON,
    ChainLinkJSON,
    ExplainJSON,
    FeaturePropertiesJSON,
    PeriodJSON,
    SnapshotJSON,
    StatusJSON,
    TimelineJSON,
)
from terrachron.scenarios import drawing, metrics
from terrachron.scenarios import model as scenario_model

# One request for each route that declares a response model, keyed by the route's path. A new
# route must add its own here: the first test fails until it does.
SAMPLES: dict[str, str] = {
    "/api/health": "/api/health?scenario=area-split",
    "/api/places": "/api/places?q=kuna",
    "/api/places/{place}": "/api/places/kunashiri",
    "/api/places/{place}/status": "/api/places/etorofu/status?date=1945-09-01",
    "/api/places/{place}/explain": "/api/places/kunashiri/explain?date=1956&view=russia",
    "/api/places/{place}/timeline": "/api/places/shikotan/timeline?view=japan",
    "/api/snapshot": "/api/snapshot?date=1950-01-01&view=japan",
    "/api/disputes": "/api/disputes?date=2000-01-01",
    "/api/instruments": "/api/instruments",
    "/api/instruments/{instrument}": "/api/instruments/japan-soviet-joint-declaration-1956",
    "/api/views": "/api/views",
    "/api/polities": "/api/polities",
    "/api/sources": "/api/sources",
    "/api/scenarios": "/api/scenarios",
    "/api/scenarios/compare": "/api/scenarios/compare?names=area-split&view=japan",
    "/api/scenarios/{scenario}": "/api/scenarios/area-split",
    "/api/scenarios/{scenario}/map": "/api/scenarios/area-split/map?view=japan&sea=false",
    "/api/locate": "/api/locate?lon=148.0&lat=45.0&date=1950-01-01",
    "/api/search": "/api/search?q=etor",
    "/api/paint": "/api/paint?date=1950-01-01&view=japan",
    "/api/view-languages": "/api/view-languages",
    "/api/labels": "/api/labels?lang=ja",
}

# Routes whose method is not GET: the sample's JSON body, keyed "METHOD path".
POSTED: dict[str, tuple[str, dict[str, Any]]] = {
    "POST /api/locate": (
        "/api/locate",
        {"points": [{"lon": 148.0, "lat": 45.0, "date": "1950-01-01"}], "view": "japan"},
    ),
}

# A tile is GeoJSON or a vector tile, documented by the schema in its responses (as a snapshot
# file is).
UNDECLARED = {"/api/tiles/{z}/{x}/{y}.geojson", "/api/tiles/{z}/{x}/{y}.mvt"}

# Every shape that carries an example for the OpenAPI document.
EXAMPLED: list[Any] = [
    AnswerJSON,
    AlternativeJSON,
    ChainLinkJSON,
    PeriodJSON,
    StatusJSON,
    ExplainJSON,
    TimelineJSON,
    FeaturePropertiesJSON,
    SnapshotJSON,
    shapes.ErrorJSON,
    shapes.HealthJSON,
    shapes.PlacesJSON,
    shapes.PlaceDetailJSON,
    shapes.InstrumentDetailJSON,
    shapes.SnapshotFileJSON,
    scenario_model.SplitJSON,
    scenario_model.ScenarioInfoJSON,
    scenario_model.ScenarioJSON,
    metrics.ViewMetricsJSON,
    metrics.ColumnJSON,
    metrics.ComparisonJSON,
    drawing.ScenarioMapJSON,
]


def _routes(router: Any) -> Iterator[APIRoute]:
    """Every APIRoute under ``router``, through the routers it includes."""
    for route in router.routes:
        if isinstance(route, APIRoute):
            yield route
        # FastAPI >= 0.16x keeps an included router whole rather than copying its routes.
        inner = getattr(route, "original_router", None)
        if inner is not None:
            yield from _routes(inner)


def _declared(bundled: terrachron.Ledger) -> dict[str, Any]:
    """Each ``/api`` route's full path and its declared response model."""
    declared = {}
    for route in _routes(build_router(bundled)):
        if route.response_model is not None:
            path = route.path if route.path.startswith("/api/") else "/api" + route.path
            for method in route.methods - {"HEAD"}:
                declared[path if method == "GET" else f"{method} {path}"] = route.response_model
    return declared


def test_every_route_declaring_a_shape_has_a_sample_request(
    bundled: terrachron.Ledger, client: TestClient
) -> None:
    assert set(_declared(bundled)) == set(SAMPLES) | set(POSTED)
    assert set(client.get("/api/openapi.json").json()["paths"]) == set(SAMPLES) | UNDECLARED


@pytest.mark.parametrize("path", list(SAMPLES))
def test_every_route_answers_in_its_declared_shape(
    bundled: terrachron.Ledger, client: TestClient, path: str
) -> None:
    response = client.get(SAMPLES[path])
    assert response.status_code == 200, response.text
    # Extra keys are refused by every shape, so a key the declaration lacks fails here too.
    TypeAdapter(_declared(bundled)[path]).validate_python(response.json())


@pytest.mark.parametrize("route", list(POSTED))
def test_every_posted_route_answers_in_its_declared_shape(
    bundled: terrachron.Ledger, client: TestClient, route: str
) -> None:
    url, body = POSTED[route]
    response = client.post(url, json=body)
    assert response.status_code == 200, response.text
    TypeAdapter(_declared(bundled)[route]).validate_python(response.json())


def test_a_snapshot_file_answers_in_its_declared_shape(
    bundled: terrachron.Ledger, client: TestClient
) -> None:
    response = client.get("/api/snapshot?date=1950-01-01&format=geojson")
    assert response.status_code == 200, response.text
    TypeAdapter(shapes.SnapshotFileJSON).validate_python(response.json())
    TypeAdapter(_declared(bundled)["/api/snapshot"]).validate_python(response.json())


def test_a_shape_refuses_a_key_it_does_not_declare_and_one_missing(client: TestClient) -> None:
    body = client.get("/api/places/kunashiri/status?date=1950-01-01&view=japan").json()
    adapter = TypeAdapter(StatusJSON)
    adapter.validate_python(body)
    with pytest.raises(ValidationError, match="extra"):
        adapter.validate_python({**body, "surprise": 1})
    with pytest.raises(ValidationError, match="narrative"):
        adapter.validate_python({k: v for k, v in body.items() if k != "narrative"})
    link = body["chain"][0]
    with pytest.raises(ValidationError, match="role"):
        adapter.validate_python({**body, "chain": [{**link, "role": "rumour"}]})


@pytest.mark.parametrize("shape", EXAMPLED, ids=lambda s: s.__name__)
def test_the_documented_examples_are_in_their_shapes(shape: Any) -> None:
    found = shape.__pydantic_config__["json_schema_extra"]["examples"]
    assert found
    for example in found:
        TypeAdapter(shape).validate_python(json.loads(json.dumps(example)))


def test_the_examples_module_is_all_used() -> None:
    used = {id(s.__pydantic_config__["json_schema_extra"]["examples"][0]) for s in EXAMPLED}
    listed = {id(getattr(examples, name)) for name in examples.__all__}
    parts = {id(examples.LINE), id(examples.CAVEATS)}
    assert listed - parts <= used


def test_every_declared_shape_is_described_in_the_openapi_document(client: TestClient) -> None:
    schemas = client.get("/api/openapi.json").json()["components"]["schemas"]
    for name, schema in schemas.items():
        if name.endswith("JSON"):
            assert schema.get("description"), name
            assert schema.get("additionalProperties") is False, name
