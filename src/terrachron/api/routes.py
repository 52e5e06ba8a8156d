"""The API's endpoints, built for one ledger.

Each endpoint answers with the JSON forms of :mod:`terrachron.results` and the ledger records as
the CLI's ``--json`` prints them. The router is built per ledger so that the OpenAPI document can
list that ledger's own view ids and example places.

The handlers are plain functions, which FastAPI runs in its thread pool. Most answers take well
under a millisecond, and ``async`` handlers would save the thread hop (about 0.1 ms); but a few
valid EDTF dates (long sets such as ``{1850,1860,…}``) take the date library ~100 ms to parse,
and in the thread pool such a request shares the interpreter with the others instead of stopping
the event loop for everyone.
"""

# No ``from __future__ import annotations`` here: FastAPI reads the parameter annotations at run
# time, and the parameter types are local to build_router, where a string could not be resolved.
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from fastapi.responses import JSONResponse

import terrachron
from terrachron.api.geojson import PlaceShape, place_shapes
from terrachron.api.handlers import NotFoundError
from terrachron.api.models import (
    ErrorOut,
    ExplanationOut,
    HealthOut,
    InstrumentDetailOut,
    PlaceDetailOut,
    PlacesOut,
    SnapshotOut,
    StatusOut,
    TimelineOut,
)
from terrachron.dates import EdtfDate, parse_query_date
from terrachron.errors import DateError, QueryError
from terrachron.gazetteer import fold_name
from terrachron.model import Group, Instrument, Place, Polity, Source, View
from terrachron.query import Ledger
from terrachron.results import timeline_dict

__all__ = ["GeoJSONResponse", "build_router"]

MAX_NAME = 200
MAX_DATE = 64
MAX_VIEW = 80


class GeoJSONResponse(JSONResponse):
    """A JSON response declared as GeoJSON (RFC 7946)."""

    media_type = "application/geo+json"


def _refusals(*codes: int, geojson: bool = False) -> dict[int | str, dict[str, Any]]:
    """The documented refusals of an endpoint (and its 304), all ``ErrorOut`` as JSON."""
    what = {
        400: "A parameter has a value the ledger cannot answer for (malformed date, unknown "
        "view, a group where a place is asked for).",
        404: "The place or instrument is not in the ledger (with suggestions).",
        422: "A parameter breaks its declared type or limits.",
    }
    out: dict[int | str, dict[str, Any]] = {}
    for code in codes:
        if geojson:
            # A GeoJSON endpoint's refusals are still plain JSON; FastAPI would document them
            # with the endpoint's media type if given the model, so the content is spelled out.
            ref = {"$ref": "#/components/schemas/ErrorOut"}
            out[code] = {
                "description": what[code],
                "content": {"application/json": {"schema": ref}},
            }
        else:
            out[code] = {"model": ErrorOut, "description": what[code]}
    out[304] = {"description": "Not modified: the ETag in If-None-Match still holds."}
    return out


def _with_example(responses: dict[int | str, dict[str, Any]], example: Any) -> dict[int | str, Any]:
    """``responses`` plus an example of the 200 answer, taken from the ledger being served."""
    return {**responses, 200: {"content": {"application/json": {"example": example}}}}


def _parse_date(text: str) -> EdtfDate:
    """Read a query date, making sure every refusal names the ``date`` parameter."""
    try:
        return parse_query_date(text)
    except QueryError as exc:
        if exc.parameter is None:
            raise DateError(str(exc), parameter="date") from exc
        raise


def _dump(record: Instrument | Polity | Source | View) -> dict[str, Any]:
    return record.model_dump(mode="json", by_alias=True, exclude_none=True)


def _effect_id(instrument: Instrument, index: int, effect_id: str | None) -> str:
    # The same rule as the engine's effect ids (``<instrument>#<n>`` unless the ledger names it).
    if effect_id:
        return effect_id if "#" in effect_id else f"{instrument.id}#{effect_id}"
    return f"{instrument.id}#{index + 1}"


class _Catalog:
    """What the endpoints need of a ledger, with everything that never changes made once."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger
        self.shapes: dict[str, PlaceShape] = place_shapes(ledger.geometries)
        views = list(ledger.views)
        # de-facto first: it is the default, and the one a newcomer should see first.
        self.view_ids = sorted(views, key=lambda v: (v != "de-facto", views.index(v)))
        self.membership = self._membership()
        self.names = self._folded_names()

    def _membership(self) -> dict[str, dict[str, list[str]]]:
        """For each view, group id → its places as that view reads the group."""
        out: dict[str, dict[str, list[str]]] = {}
        for vid, view in self.ledger.views.items():
            out[vid] = {
                gid: list(view.groups.get(gid, group.members))
                for gid, group in self.ledger.groups.items()
            }
        return out

    def _folded_names(self) -> dict[str, set[str]]:
        names: dict[str, set[str]] = {}
        records: list[Place | Group] = [*self.ledger.places.values(), *self.ledger.groups.values()]
        for rec in records:
            every = [rec.id, *rec.names.values(), *(a for al in rec.aliases.values() for a in al)]
            names[rec.id] = {fold_name(n) for n in every} - {""}
        return names

    def search(self, q: str) -> set[str]:
        """Place and group ids with a name or alias containing ``q`` (folded), or equal to it."""
        key = fold_name(q)
        exact = set(self.ledger.find(q))
        if not key:
            return exact
        return exact | {rid for rid, names in self.names.items() if any(key in n for n in names)}

    def instrument(self, iid: str) -> Instrument:
        inst = self.ledger.instruments.get(iid)
        if inst is None:
            raise NotFoundError(
                f"unknown instrument {iid!r} (GET /api/instruments lists them)",
                parameter="instrument",
            )
        return inst


def build_router(ledger: Ledger) -> APIRouter:
    """The ``/api`` endpoints answering from ``ledger``.

    Parameters
    ----------
    ledger : Ledger
        The ledger to serve; it must not change while the router is in use.

    Returns
    -------
    APIRouter
    """
    cat = _Catalog(ledger)
    router = APIRouter(prefix="/api")
    # The example place: the bundled ledger's Kunashiri where there is one, else the first.
    first_place = (
        "kunashiri" if "kunashiri" in ledger.places else next(iter(sorted(ledger.places)), "")
    )
    first_name = ledger.places[first_place].names.get("ru") if first_place else None
    place_examples: dict[str, Any] = {
        "id": {"summary": "A place id", "value": first_place},
    }
    if first_name:
        place_examples["name"] = {"summary": "A name in another language", "value": first_name}

    PlaceParam = Annotated[  # noqa: N806 (a type alias, named as one)
        str,
        Path(
            min_length=1,
            max_length=MAX_NAME,
            description="A place id, or any of its names or aliases in any language.",
            openapi_examples=place_examples,
        ),
    ]
    DateParam = Annotated[  # noqa: N806
        str,
        Query(
            min_length=1,
            max_length=MAX_DATE,
            description="An EDTF date: a day (1950-01-01), a month (1946-02), a year (1950), an "
            "interval (1945-08-28/1945-09-05) or a qualified date (1945-09~). A date of "
            "reduced precision covers every day in it: if the answer changes inside, the "
            "status is uncertain and lists every possible answer.",
            openapi_examples={
                "day": {"summary": "A day", "value": "1950-01-01"},
                "year": {"summary": "A whole year", "value": "1946"},
                "interval": {"summary": "An interval", "value": "1945-08-28/1945-09-05"},
            },
        ),
    ]
    view_examples: dict[str, Any] = {
        v: {"summary": ledger.views[v].names.get("en", v), "value": v} for v in cat.view_ids
    }
    ViewParam = Annotated[  # noqa: N806
        str,
        Query(
            max_length=MAX_VIEW,
            description="The point of view: de-facto (control only) or a polity's view, "
            "which reads title as that polity does. One of: " + ", ".join(cat.view_ids) + ".",
            openapi_examples=view_examples,
            json_schema_extra={"enum": cat.view_ids},
        ),
    ]

    @router.get(
        "/health",
        response_model=HealthOut,
        summary="The server is up; which ledger it serves",
        responses=_refusals(),
        tags=["ledger"],
    )
    def health() -> JSONResponse:
        """The ledger's id, title and content hash (the ETags derive from the hash)."""
        return JSONResponse(
            {
                "status": "ok",
                "ledger": ledger.id,
                "title": ledger.title,
                "content_hash": ledger.content_hash,
                "version": terrachron.__version__,
                "places": len(ledger.places),
                "instruments": len(ledger.instruments),
                "views": cat.view_ids,
            }
        )

    @router.get(
        "/places",
        response_model=PlacesOut,
        summary="Places and groups, searched by any name or alias",
        responses=_refusals(422),
        tags=["places"],
    )
    def places(
        q: Annotated[
            str | None,
            Query(
                max_length=MAX_NAME,
                description="Keep the places and groups with a name or alias, in any language, "
                "that contains this text (case, accents and punctuation ignored).",
                openapi_examples={
                    "latin": {"summary": "A part of a name", "value": "kuna"},
                    "japanese": {"summary": "A Japanese name", "value": "国後島"},
                },
            ),
        ] = None,
    ) -> JSONResponse:
        """Every place and group (as ``terrachron places --json``), or those matching ``q``."""
        keep = cat.search(q) if q is not None else None
        return JSONResponse(
            {
                kind: [
                    rec.model_dump(exclude_none=True)
                    for rec in table.values()
                    if keep is None or rec.id in keep
                ]
                for kind, table in (("places", ledger.places), ("groups", ledger.groups))
            }
        )

    @router.get(
        "/places/{place}",
        response_model=PlaceDetailOut,
        summary="One place: record, groups under each view, geometry",
        responses=_refusals(400, 404, 422),
        tags=["places"],
    )
    def place_detail(place: PlaceParam) -> JSONResponse:
        """The place record, the groups that include it under each view, and its geometry."""
        pid = ledger.resolve_place(place)
        shape = cat.shapes.get(pid)
        groups = {
            vid: [gid for gid, members in table.items() if pid in members]
            for vid, table in cat.membership.items()
        }
        return JSONResponse(
            {
                "place": ledger.places[pid].model_dump(exclude_none=True),
                "groups": {v: groups[v] for v in cat.view_ids},
                "bbox": shape.bbox if shape else None,
                "label_point": shape.label_point if shape else None,
                "geometry": shape.geometry if shape else None,
            }
        )

    @router.get(
        "/places/{place}/status",
        response_model=StatusOut,
        summary="Who controlled, held and claimed a place on a date, and why",
        responses=_refusals(400, 404, 422),
        tags=["status"],
    )
    def status(place: PlaceParam, date: DateParam, view: ViewParam = "de-facto") -> JSONResponse:
        """The status of ``place`` on ``date`` under ``view`` (as ``terrachron status --json``)."""
        return JSONResponse(ledger.status(place, _parse_date(date), view).to_dict())

    @router.get(
        "/places/{place}/explain",
        response_model=ExplanationOut,
        summary="A status with the same day under every other view",
        responses=_refusals(400, 404, 422),
        tags=["status"],
    )
    def explain(place: PlaceParam, date: DateParam, view: ViewParam = "de-facto") -> JSONResponse:
        """The status, plus ``other_views``: how each other view sees the same place that day."""
        return JSONResponse(ledger.explain(place, _parse_date(date), view).to_dict())

    @router.get(
        "/places/{place}/timeline",
        response_model=TimelineOut,
        summary="Every period of a place under a view",
        responses=_refusals(400, 404, 422),
        tags=["status"],
    )
    def timeline(place: PlaceParam, view: ViewParam = "de-facto") -> JSONResponse:
        """The periods over which the answer stays the same (as ``terrachron timeline --json``)."""
        return JSONResponse(timeline_dict(ledger.timeline(place, view)))

    @router.get(
        "/snapshot",
        response_model=SnapshotOut,
        response_class=GeoJSONResponse,
        summary="Every place on a date under a view, as GeoJSON",
        responses=_refusals(400, 422, geojson=True),
        tags=["status"],
    )
    def snapshot(
        date: DateParam,
        view: ViewParam = "de-facto",
        geometry: Annotated[
            bool,
            Query(
                description="Include each place's geometry; false sends null geometries, for a "
                "client that already holds them and only needs the new statuses."
            ),
        ] = True,
    ) -> GeoJSONResponse:
        """A FeatureCollection: one Feature per place, its status as properties."""
        when = _parse_date(date)
        ledger.resolve_view(view)
        features = []
        for st in ledger.statuses(when, view):
            shape = cat.shapes.get(st.place)
            features.append(
                {
                    "type": "Feature",
                    "id": st.place,
                    "geometry": shape.geometry if shape and geometry else None,
                    "properties": {
                        **st.to_dict(),
                        "name": ledger.place_name(st.place),
                        "label_point": shape.label_point if shape else None,
                    },
                }
            )
        return GeoJSONResponse(
            {"type": "FeatureCollection", "date": when.text, "view": view, "features": features}
        )

    @router.get(
        "/disputes",
        response_model=list[StatusOut],
        summary="The places with two or more claimants on a date",
        responses=_refusals(400, 422),
        tags=["status"],
    )
    def disputes(date: DateParam) -> JSONResponse:
        """Disputed places, as seen de facto (as ``terrachron disputes --json``)."""
        return JSONResponse([s.to_dict() for s in ledger.disputes(_parse_date(date))])

    @router.get(
        "/instruments",
        response_model=list[Instrument],
        summary="Every instrument in date order",
        responses=_with_example(
            _refusals(), [_dump(i) for i in list(ledger.instruments.values())[:1]]
        ),
        tags=["ledger"],
    )
    def instruments() -> JSONResponse:
        """Treaties, declarations, occupations … (as ``terrachron instruments --json``)."""
        return JSONResponse([_dump(i) for i in ledger.instruments.values()])

    @router.get(
        "/instruments/{instrument}",
        response_model=InstrumentDetailOut,
        summary="One instrument: effects, parties, dates and sources",
        responses=_refusals(404, 422),
        tags=["ledger"],
    )
    def instrument_detail(
        instrument: Annotated[
            str,
            Path(
                min_length=1,
                max_length=MAX_NAME,
                description="An instrument id.",
                openapi_examples={
                    "first": {
                        "summary": "An instrument id",
                        "value": next(iter(ledger.instruments), "shimoda-treaty-1855"),
                    }
                },
            ),
        ],
    ) -> JSONResponse:
        """The record, with each effect's id, date and places under each view, and sources."""
        inst = cat.instrument(instrument)
        effects = []
        for index, effect in enumerate(inst.effects):
            eid = _effect_id(inst, index, effect.id)
            direct = list(effect.places or [])
            members: dict[str, list[str]] = {}
            for vid in cat.view_ids:
                extra = cat.membership[vid].get(effect.group, []) if effect.group else []
                members[vid] = sorted(set(direct) | set(extra))
            rejected = [
                vid
                for vid in cat.view_ids
                if inst.id in ledger.views[vid].rejects or eid in ledger.views[vid].rejects
            ]
            when = effect.date or inst.effective
            effects.append(
                {
                    "id": eid,
                    "op": effect.op,
                    "date": when.text if when else None,
                    "places": direct,
                    "group": effect.group,
                    "members": members,
                    "rejected_by": rejected,
                    "record": effect.model_dump(mode="json", by_alias=True, exclude_none=True),
                }
            )
        cited: list[str] = []
        for citation in inst.sources:
            if citation.source not in cited:
                cited.append(citation.source)
        effective = inst.effective
        return JSONResponse(
            {
                "instrument": _dump(inst),
                "effective": effective.text if effective else None,
                "effective_range": [effective.lo_iso, effective.hi_iso]
                if effective
                else [None, None],
                "parties": [{"id": p, "name": ledger.polity_name(p)} for p in inst.parties],
                "effects": effects,
                "sources": [_dump(ledger.sources[s]) for s in cited if s in ledger.sources],
            }
        )

    @router.get(
        "/views",
        response_model=list[View],
        summary="Every point of view",
        responses=_with_example(_refusals(), [_dump(ledger.views[v]) for v in cat.view_ids[:2]]),
        tags=["ledger"],
    )
    def views() -> JSONResponse:
        """What each view rejects and how it reads groups (as ``terrachron views --json``)."""
        return JSONResponse([_dump(ledger.views[v]) for v in cat.view_ids])

    @router.get(
        "/polities",
        response_model=list[Polity],
        summary="Every polity",
        responses=_with_example(
            _refusals(), [_dump(p) for p in list(ledger.polities.values())[:1]]
        ),
        tags=["ledger"],
    )
    def polities() -> JSONResponse:
        """States and other actors, with names, codes, lifespans and succession."""
        return JSONResponse([_dump(p) for p in ledger.polities.values()])

    @router.get(
        "/sources",
        response_model=list[Source],
        summary="Every source the ledger cites",
        responses=_with_example(_refusals(), [_dump(x) for x in list(ledger.sources.values())[:1]]),
        tags=["ledger"],
    )
    def sources() -> JSONResponse:
        """Articles and treaty texts, with bibliographic data and content hashes."""
        return JSONResponse([_dump(s) for s in ledger.sources.values()])

    return router
