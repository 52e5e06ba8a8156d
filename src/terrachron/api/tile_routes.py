"""The endpoints a world-sized map draws from: geometry by tile, colours by date, view languages.

``/tiles/{z}/{x}/{y}.mvt`` serves each place's shape simplified for the zoom and clipped to the
tile as a Mapbox Vector Tile, what the page draws from; ``/tiles/{z}/{x}/{y}.geojson`` the same
places whole, as GeoJSON, for clients without a vector-tile decoder
(:class:`terrachron.geo.tiles.ShapeTiles`); ``/paint`` says how to colour every place on a date
(:func:`terrachron.geo.tiles.paint`); ``/view-languages`` says which language each view names
places in. The page fetches geometry once per tile and only the small ``/paint`` answer when the
date or the view changes.
"""

# No ``from __future__ import annotations``: FastAPI reads the parameter annotations at run time.
from typing import Annotated

from babel.languages import get_official_languages
from fastapi import APIRouter, Query
from fastapi import Path as PathParam
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict

from terrachron.api.catalog import Catalogs, Params
from terrachron.api.common import GeoJSONResponse, parse_date, refusals, with_example
from terrachron.gazetteer import fold_name
from terrachron.geo.tiles import (
    MAX_TILE_ZOOM,
    MVT_BUFFER,
    MVT_EXTENT,
    MVT_LAYER,
    paint,
    shape_tiles,
)
from terrachron.query import Ledger

__all__ = [
    "HorizonOut",
    "LabelOut",
    "NameOut",
    "PaintOut",
    "place_labels",
    "tile_router",
    "view_languages",
]


class HorizonOut(BaseModel):
    """Where the date stands against the record: before it, within it, or after it."""

    model_config = ConfigDict(extra="forbid")
    first: str | None
    last: str | None
    position: str


class LabelOut(BaseModel):
    """Where a holder's name is drawn: the label point of the largest place it holds."""

    model_config = ConfigDict(extra="forbid")
    holder: str
    point: tuple[float, float]
    km2: float


class PaintOut(BaseModel):
    """Every place's fill, flags (1 disputed, 2 occupied, 4 uncertain) and claimants."""

    model_config = ConfigDict(extra="forbid")
    date: str
    view: str
    places: list[str]
    fills: list[str]
    fill: list[int]
    flags: list[int]
    claimant_sets: list[list[str]]
    claimants: list[int]
    labels: list[LabelOut]
    horizon: HorizonOut


class NameOut(BaseModel):
    """A place's name in one language, with its Latin form for readers of neither script."""

    model_config = ConfigDict(extra="forbid")
    name: str
    latin: str | None


def place_labels(ledger: Ledger, lang: str) -> dict[str, NameOut]:
    """Every place the ledger names in ``lang``: the name, and the English name or alias that
    romanises it (``Итуруп`` → ``Iturup``, an alias of Etorofu), else the English name.

    The romanisation is chosen among the ledger's own English names by comparing each with the
    name transliterated (unidecode): a transliteration is never shown itself, since it is wrong
    for Japanese kanji, which it reads as Chinese.
    """
    from unidecode import unidecode

    out: dict[str, NameOut] = {}
    for pid, place in ledger.places.items():
        name = place.names.get(lang)
        if not name:
            continue
        english = [place.names.get("en"), *place.aliases.get("en", [])]
        candidates = [e for e in english if e]
        key = fold_name(unidecode(name))
        latin = next((e for e in candidates if fold_name(e) == key), None)
        if latin is None and candidates:
            latin = candidates[0]
        out[pid] = NameOut(name=name, latin=None if latin == name else latin)
    return out


def view_languages(ledger: Ledger) -> dict[str, str | None]:
    """Each view's language: the first official language of its polity's country (ISO 3166,
    by the CLDR data Babel ships) in which the ledger names a place; None for a view of no
    polity (de facto, neutral) or of a polity without a country code."""
    present = {lang for p in ledger.places.values() for lang in p.names}
    out: dict[str, str | None] = {}
    for vid, view in ledger.views.items():
        polity = ledger.polities.get(view.polity) if view.polity else None
        code = str(polity.codes["iso3166"]) if polity and "iso3166" in polity.codes else None
        langs = get_official_languages(code) if code else ()
        out[vid] = next((lang for lang in langs if lang in present), None)
    return out


_TILE_EXAMPLE = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "geometry": {
                "type": "Polygon",
                "coordinates": [[[145.4, 43.6], [146.6, 44.5], [145.9, 44.6], [145.4, 43.6]]],
            },
            "properties": {"pid": "kunashiri", "name": "Kunashiri"},
        }
    ],
}
_TILE_SCHEMA = {
    "type": "object",
    "required": ["type", "features"],
    "properties": {
        "type": {"type": "string", "enum": ["FeatureCollection"]},
        "features": {"type": "array", "items": {"type": "object"}},
    },
}
MVT_MEDIA_TYPE = "application/vnd.mapbox-vector-tile"
"""The media type vector tiles are served as (IANA's registration for MVT)."""

_PAINT_EXAMPLE = {
    "date": "1950-01-01",
    "view": "japan",
    "places": ["hokkaido", "kunashiri"],
    "fills": ["japan"],
    "fill": [0, 0],
    "flags": [0, 3],
    "claimant_sets": [["japan"], ["japan", "soviet-union"]],
    "claimants": [0, 1],
    "labels": [{"holder": "japan", "point": [143.34, 43.46], "km2": 78794.6}],
    "horizon": {"first": "1766-01-01", "last": "2025-01-24", "position": "within"},
}


def tile_router(cats: Catalogs, params: Params) -> APIRouter:
    """``/tiles/{z}/{x}/{y}.mvt``, ``/tiles/{z}/{x}/{y}.geojson``, ``/paint``,
    ``/view-languages`` and ``/labels``."""
    ledger = cats.base.ledger
    DateParam = Annotated[str, params.date]  # noqa: N806 (a type alias)
    ViewParam = Annotated[str, params.view]  # noqa: N806
    ScenarioParam = Annotated[str | None, params.scenario]  # noqa: N806
    router = APIRouter()
    languages = view_languages(ledger)
    top = (1 << MAX_TILE_ZOOM) - 1

    @router.get(
        "/tiles/{z}/{x}/{y}.mvt",
        summary="The places meeting a Web-Mercator tile, as a Mapbox Vector Tile",
        description=(
            f"A Mapbox Vector Tile (version 2) with one layer, `{MVT_LAYER}`: every place whose "
            "shape, simplified for the zoom as for the GeoJSON tile, meets the tile, clipped to "
            f"it with a margin of {MVT_BUFFER} of its {MVT_EXTENT} units. Each feature's id is a "
            "stable integer (the place's rank among the sorted place ids) and its one property "
            "is `pid`, the place id `/api/paint` colours by. Past zoom "
            f"{MAX_TILE_ZOOM} a client draws from the tiles of zoom {MAX_TILE_ZOOM} (overzoom). "
            "With `scenario`, the scenario's places (a split place as its parts)."
        ),
        response_class=Response,
        responses={
            **refusals(400, 409, 422, geojson=True),
            200: {
                "description": "The places meeting the tile, clipped to it (protobuf).",
                "content": {MVT_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}}},
            },
        },
        tags=["map"],
    )
    def tile_mvt(
        z: Annotated[int, PathParam(ge=0, le=MAX_TILE_ZOOM, description="Tile zoom.")],
        x: Annotated[int, PathParam(ge=0, le=top, description="Tile column (0 at 180° W).")],
        y: Annotated[int, PathParam(ge=0, le=top, description="Tile row (0 at the north).")],
        scenario: ScenarioParam = None,
    ) -> Response:
        # The description is the decorator's: it names the constants it depends on.
        body = shape_tiles(cats.get(scenario).ledger).mvt(z, x, y)
        return Response(body, media_type=MVT_MEDIA_TYPE)

    @router.get(
        "/tiles/{z}/{x}/{y}.geojson",
        summary="The places meeting a Web-Mercator tile, simplified for its zoom",
        response_class=GeoJSONResponse,
        responses={
            **refusals(400, 409, 422, geojson=True),
            200: {
                "description": "The places meeting the tile.",
                "content": {
                    "application/geo+json": {"schema": _TILE_SCHEMA, "example": _TILE_EXAMPLE}
                },
            },
        },
        tags=["map"],
    )
    def tile(
        z: Annotated[int, PathParam(ge=0, le=MAX_TILE_ZOOM, description="Tile zoom.")],
        x: Annotated[int, PathParam(ge=0, le=top, description="Tile column (0 at 180° W).")],
        y: Annotated[int, PathParam(ge=0, le=top, description="Tile row (0 at the north).")],
        scenario: ScenarioParam = None,
    ) -> Response:
        """A FeatureCollection: every place whose simplified shape meets the tile, whole (a
        client merging tiles keeps one feature per `pid`), with `pid` and `name`. Zooms 0–1
        are simplified to 0.25°, 2–3 to 0.06°, 4–5 to 0.015°; from 6 the shapes are as
        recorded. With `scenario`, the scenario's places (a split place as its parts)."""
        body = shape_tiles(cats.get(scenario).ledger).tile_json(z, x, y)
        return Response(body, media_type=GeoJSONResponse.media_type)

    @router.get(
        "/paint",
        response_model=PaintOut,
        summary="How to colour every place on a date under a view",
        responses=with_example(refusals(400, 409, 422), _PAINT_EXAMPLE),
        tags=["map"],
    )
    def paint_route(
        date: DateParam, view: ViewParam = "de-facto", scenario: ScenarioParam = None
    ) -> JSONResponse:
        """Parallel arrays over the places: fill (holder under de-facto, title holder under a
        polity's view), flags, claimants; a label point per holder; and the ledger's horizon
        (`position` before / within / after the record) for the date; with `scenario`, as the
        scenario would have it."""
        p = paint(cats.get(scenario).ledger, parse_date(date), view)
        body = PaintOut(
            date=p.date,
            view=p.view,
            places=p.places,
            fills=p.fills,
            fill=p.fill,
            flags=p.flags,
            claimant_sets=p.claimant_sets,
            claimants=p.claimants,
            labels=[LabelOut(holder=lb.holder, point=lb.point, km2=lb.km2) for lb in p.labels],
            horizon=HorizonOut(
                first=p.horizon.first, last=p.horizon.last, position=p.horizon.position
            ),
        )
        return JSONResponse(body.model_dump(mode="json"))

    @router.get(
        "/view-languages",
        response_model=dict[str, str | None],
        summary="The language each view names places in",
        responses=with_example(refusals(), {"de-facto": None, "japan": "ja", "russia": "ru"}),
        tags=["map"],
    )
    def view_languages_route() -> JSONResponse:
        """View id → language code (`ru` for Russia's view), or null for a view of no country,
        which names places in English."""
        return JSONResponse(languages)

    @router.get(
        "/labels",
        response_model=dict[str, NameOut],
        summary="Every place's name in one language, with a Latin form",
        responses=with_example(refusals(422), {"etorofu": {"name": "Итуруп", "latin": "Iturup"}}),
        tags=["map"],
    )
    def labels_route(
        lang: Annotated[
            str,
            Query(
                min_length=2,
                max_length=8,
                pattern="^[a-z]{2,3}(-[A-Za-z0-9]{2,4})?$",
                description="A language code as the ledger's names use it: en, ja, ru, ...",
                openapi_examples={"ru": {"summary": "Russian", "value": "ru"}},
            ),
        ],
    ) -> JSONResponse:
        """Place id → `{name, latin}` for each place named in `lang` (a language the ledger
        does not use answers `{}`); `latin` is the English name or alias that romanises it."""
        labels = place_labels(ledger, lang)
        return JSONResponse({pid: v.model_dump() for pid, v in labels.items()})

    return router
