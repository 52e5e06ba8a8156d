"""The endpoints about places: the list, one place, and its status, explanation and timeline."""

# No ``from __future__ import annotations``: FastAPI reads the parameter annotations at run time,
# and the parameter types are local to the router's builder, where a string could not be resolved.
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from terrachron.api.catalog import Catalog, Catalogs, Params
from terrachron.api.common import MAX_NAME, parse_date, refusals
from terrachron.api.shapes import PlaceDetailJSON, PlacesJSON
from terrachron.results import ExplainJSON, StatusJSON, TimelineJSON, timeline_dict

__all__ = ["place_detail_answer", "place_router", "places_answer"]


def places_answer(c: Catalog, q: str | None) -> PlacesJSON:
    """Every place and group of the catalog's ledger, or those with a name containing ``q``."""
    keep = c.search(q) if q is not None else None
    return {
        "places": [
            rec.model_dump(exclude_none=True)
            for rec in c.ledger.places.values()
            if keep is None or rec.id in keep
        ],
        "groups": [
            rec.model_dump(exclude_none=True)
            for rec in c.ledger.groups.values()
            if keep is None or rec.id in keep
        ],
    }


def place_detail_answer(c: Catalog, place: str) -> PlaceDetailJSON:
    """One place's record, its groups under each view, and its geometry."""
    pid = c.ledger.resolve_place(place)
    shape = c.shapes.get(pid)
    groups = {
        vid: [gid for gid, members in table.items() if pid in members]
        for vid, table in c.membership.items()
    }
    return {
        "place": c.ledger.places[pid].model_dump(exclude_none=True),
        "groups": {v: groups[v] for v in c.view_ids},
        "bbox": shape.bbox if shape else None,
        "label_point": shape.label_point if shape else None,
        "geometry": shape.geometry if shape else None,
    }


def _search_query() -> Any:
    """The ``q`` parameter of ``/places``: a part of any name or alias."""
    return Query(
        max_length=MAX_NAME,
        description="Keep the places and groups with a name or alias, in any language, "
        "that contains this text (case, accents and punctuation ignored).",
        openapi_examples={
            "latin": {"summary": "A part of a name", "value": "kuna"},
            "japanese": {"summary": "A Japanese name", "value": "国後島"},
        },
    )


def place_router(cats: Catalogs, params: Params) -> APIRouter:
    """``/places``, ``/places/{place}`` and its ``status``, ``explain`` and ``timeline``."""
    ScenarioParam = Annotated[str | None, params.scenario]  # noqa: N806 (a type alias)
    PlaceParam = Annotated[str, params.place]  # noqa: N806
    DateParam = Annotated[str, params.date]  # noqa: N806
    ViewParam = Annotated[str, params.view]  # noqa: N806
    router = APIRouter()

    @router.get(
        "/places",
        response_model=PlacesJSON,
        summary="Places and groups, searched by any name or alias",
        responses=refusals(400, 409, 422),
        tags=["places"],
    )
    def places(
        q: Annotated[str | None, _search_query()] = None,
        scenario: ScenarioParam = None,
    ) -> JSONResponse:
        """Every place and group (as `terrachron places --json`), or those matching `q`. In a
        scenario, a split place is a group of its two parts."""
        return JSONResponse(places_answer(cats.get(scenario), q))

    @router.get(
        "/places/{place}",
        response_model=PlaceDetailJSON,
        summary="One place: record, groups under each view, geometry",
        responses=refusals(400, 404, 409, 422),
        tags=["places"],
    )
    def place_detail(place: PlaceParam, scenario: ScenarioParam = None) -> JSONResponse:
        """The place record, the groups that include it under each view, and its geometry."""
        return JSONResponse(place_detail_answer(cats.get(scenario), place))

    @router.get(
        "/places/{place}/status",
        response_model=StatusJSON,
        summary="Who controlled, held and claimed a place on a date, and why",
        responses=refusals(400, 404, 409, 422),
        tags=["status"],
    )
    def status(
        place: PlaceParam,
        date: DateParam,
        view: ViewParam = "de-facto",
        scenario: ScenarioParam = None,
    ) -> JSONResponse:
        """The status of `place` on `date` under `view` (as `terrachron status --json`). In a
        scenario, the chain marks hypothetical steps `"hypothetical": true`."""
        led = cats.get(scenario).ledger
        return JSONResponse(led.status(place, parse_date(date), view).to_dict())

    @router.get(
        "/places/{place}/explain",
        response_model=ExplainJSON,
        summary="A status with the same day under every other view",
        responses=refusals(400, 404, 409, 422),
        tags=["status"],
    )
    def explain(
        place: PlaceParam,
        date: DateParam,
        view: ViewParam = "de-facto",
        scenario: ScenarioParam = None,
    ) -> JSONResponse:
        """The status, plus `other_views`: how each other view sees the same place that day."""
        led = cats.get(scenario).ledger
        return JSONResponse(led.explain(place, parse_date(date), view).to_dict())

    @router.get(
        "/places/{place}/timeline",
        response_model=TimelineJSON,
        summary="Every period of a place under a view",
        responses=refusals(400, 404, 409, 422),
        tags=["status"],
    )
    def timeline(
        place: PlaceParam, view: ViewParam = "de-facto", scenario: ScenarioParam = None
    ) -> JSONResponse:
        """The periods over which the answer stays the same (as `terrachron timeline --json`)."""
        led = cats.get(scenario).ledger
        return JSONResponse(timeline_dict(led.timeline(place, view)))

    return router
