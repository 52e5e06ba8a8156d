"""``/search``: places, groups and polities by the start of any name, in any language."""

# No ``from __future__ import annotations``: FastAPI reads the parameter annotations at run time,
# and the parameter types are local to the router's builder, where a string could not be resolved.
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse
from typing_extensions import TypedDict

from terrachron.api.catalog import Catalogs, Params
from terrachron.api.common import MAX_NAME, refusals, with_example
from terrachron.results import shape
from terrachron.search import MAX_LIMIT, search_index

__all__ = ["SearchHitJSON", "SearchJSON", "search_router"]


@shape()
class SearchHitJSON(TypedDict):
    """One record found: what it is, the name that matched, its names and where to fly."""

    kind: Literal["place", "group", "polity"]
    id: str
    name: str
    language: str | None
    names: dict[str, str]
    bbox: tuple[float, float, float, float] | None
    exact: bool


@shape()
class SearchJSON(TypedDict):
    """The hits of a search, best first."""

    q: str
    hits: list[SearchHitJSON]


_EXAMPLE = {
    "q": "Итур",
    "hits": [
        {
            "kind": "place",
            "id": "etorofu",
            "name": "Итуруп",
            "language": "ru",
            "names": {"en": "Etorofu", "ja": "択捉島", "ru": "Итуруп"},
            "bbox": [146.85832, 44.42105, 148.85621, 45.5279],
            "exact": False,
        }
    ],
}


def search_router(cats: Catalogs, params: Params) -> APIRouter:
    """``GET /search``."""
    ScenarioParam = Annotated[str | None, params.scenario]  # noqa: N806 (a type alias)
    router = APIRouter()

    @router.get(
        "/search",
        response_model=SearchJSON,
        summary="Places, groups and polities whose names begin with the query, any language",
        responses=with_example(refusals(400, 409, 422), _EXAMPLE),
        tags=["places"],
    )
    def search(
        q: Annotated[
            str,
            Query(
                min_length=1,
                max_length=MAX_NAME,
                description="The start of a name or alias, in any language or script (case, "
                "accents and punctuation ignored; Cyrillic also matches its Latin "
                "transliteration, and the other way round). It may begin any word of the name.",
                openapi_examples={
                    "latin": {"summary": "A romanisation", "value": "etor"},
                    "cyrillic": {"summary": "Cyrillic", "value": "Итуруп"},
                    "japanese": {"summary": "Japanese", "value": "択捉"},
                },
            ),
        ],
        limit: Annotated[
            int, Query(ge=1, le=MAX_LIMIT, description="The most hits to return.")
        ] = 20,
        scenario: ScenarioParam = None,
    ) -> JSONResponse:
        """Each hit: `kind` (place, group or polity), `id`, the `name` that matched and its
        `language` (null when the id matched), every name per language, `bbox` (west, south,
        east, north) to fly to, and `exact` (the query is the whole name). A polity's box is
        the largest place it controlled on the last day it controlled anything. Best first:
        exact names, then the start of a name, then the start of a later word; polities before
        groups before places (a state's name also names many imported faces)."""
        index = search_index(cats.get(scenario).ledger)
        hits = index.search(q, limit)
        return JSONResponse(
            {
                "q": q,
                "hits": [
                    {
                        "kind": h.kind,
                        "id": h.id,
                        "name": h.name,
                        "language": h.language,
                        "names": h.names,
                        "bbox": list(h.bbox) if h.bbox else None,
                        "exact": h.exact,
                    }
                    for h in hits
                ],
            }
        )

    return router
