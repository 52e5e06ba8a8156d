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
import re
import tempfile
import threading
from pathlib import Path as FilePath
from typing import TYPE_CHECKING, Annotated, Any, Literal

from fastapi import APIRouter, Path, Query
from fastapi.responses import JSONResponse, Response

import terrachron
from terrachron.api.common import (
    MAX_DATE,
    MAX_NAME,
    MAX_VIEW,
    GeoJSONResponse,
    parse_date,
    refusals,
    with_example,
)
from terrachron.api.geojson import PlaceShape, place_shapes
from terrachron.api.handlers import NotFoundError
from terrachron.api.models import (
    ExplanationOut,
    HealthOut,
    InstrumentDetailOut,
    PlaceDetailOut,
    PlacesOut,
    SnapshotFileOut,
    SnapshotOut,
    StatusOut,
    TimelineOut,
)
from terrachron.api.scenario_routes import add_scenario_routes, branch_of, scenario_param
from terrachron.gazetteer import fold_name
from terrachron.model import Group, Instrument, Place, Polity, Source, View
from terrachron.query import Ledger
from terrachron.results import timeline_dict

if TYPE_CHECKING:
    import geopandas

__all__ = ["EXPORTS", "GeoJSONResponse", "build_router"]

ExportName = Literal["geojson", "geoparquet", "gpkg", "csv"]
EXPORTS: dict[str, tuple[str, str]] = {
    "geojson": ("application/geo+json", "geojson"),
    "geoparquet": ("application/vnd.apache.parquet", "parquet"),
    "gpkg": ("application/geopackage+sqlite3", "gpkg"),
    "csv": ("text/csv; charset=utf-8", "csv"),
}
"""The snapshot downloads (:mod:`terrachron.io.export`'s formats): media type and file suffix.
The formats are spelled out rather than imported so that serving does not load geopandas until
someone asks for a file."""


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
            every = [rec.id, *rec.all_names()]
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
            # A hypothetical instrument is only found in its scenario: say which one.
            owners = [] if self.ledger.scenario else self._scenarios_holding(iid)
            hint = f"; it is hypothetical: ask with scenario={owners[0]}" if owners else ""
            raise NotFoundError(
                f"unknown instrument {iid!r} (GET /api/instruments lists them){hint}",
                parameter="instrument",
            )
        return inst

    def _scenarios_holding(self, iid: str) -> list[str]:
        return [n for n, info in self.ledger.scenarios.items() if iid in info.instruments]


class _Catalogs:
    """The catalog of the ledger as recorded, and of each scenario's branch once asked for."""

    def __init__(self, ledger: Ledger) -> None:
        self.base = _Catalog(ledger)
        self._branches: dict[str, _Catalog] = {}
        # Two first requests for one scenario would both build its branch; the lock makes the
        # second wait for the first instead.
        self._lock = threading.Lock()

    def get(self, scenario: str | None) -> _Catalog:
        """The catalog answering for ``scenario`` (None: the ledger as recorded).

        Raises
        ------
        QueryError
            An unknown scenario (400, ``parameter="scenario"``).
        ScenarioError
            A scenario that breaks a rule (409).
        """
        if scenario is None:
            return self.base
        found = self._branches.get(scenario)
        if found is None:
            with self._lock:
                found = self._branches.get(scenario)
                if found is None:
                    found = _Catalog(branch_of(self.base.ledger, scenario))
                    self._branches[scenario] = found
        return found


def _enum_schema(values: list[str]) -> Any:
    def fix(schema: dict[str, Any]) -> None:
        # An optional query parameter has no null to send: document the string and its values.
        schema.pop("anyOf", None)
        schema.update({"type": "string", "enum": values})

    return fix


def _file_name(ledger: Ledger, scenario: str | None, date: str, view: str, suffix: str) -> str:
    """A download's file name; an EDTF date's ``/``, ``..``, ``?`` … become ``_``."""
    stem = "-".join([ledger.id, scenario or "recorded", date, view])
    return re.sub(r"[^A-Za-z0-9_-]+", "_", stem).strip("_") + "." + suffix


def _snapshot_file(frame: "geopandas.GeoDataFrame", fmt: str) -> bytes:
    """A snapshot GeoDataFrame written as a file in ``fmt``, as bytes."""
    from terrachron.io.export import write_snapshot

    text = write_snapshot(frame, None, fmt) if fmt in ("geojson", "csv") else None
    if text is not None:
        return text.encode("utf-8")
    # The binary formats are written by GDAL/pyarrow to a file: a private temporary one.
    with tempfile.TemporaryDirectory(prefix="terrachron-") as tmp:
        path = FilePath(tmp) / f"snapshot.{EXPORTS[fmt][1]}"
        write_snapshot(frame, path, fmt)
        return path.read_bytes()


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
    cats = _Catalogs(ledger)
    cat = cats.base
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
    ScenarioParam = Annotated[str | None, scenario_param(ledger)]  # noqa: N806

    @router.get(
        "/health",
        response_model=HealthOut,
        summary="The server is up; which ledger it serves",
        responses=refusals(400, 409, 422),
        tags=["ledger"],
    )
    def health(scenario: ScenarioParam = None) -> JSONResponse:
        """The ledger's id, title and content hash (the ETags derive from the hash); with
        `scenario`, the branch's counts and hash."""
        led = cats.get(scenario).ledger
        return JSONResponse(
            {
                "status": "ok",
                "ledger": ledger.id,
                "title": ledger.title,
                "content_hash": led.content_hash,
                "version": terrachron.__version__,
                "places": len(led.places),
                "instruments": len(led.instruments),
                "views": cat.view_ids,
                "scenario": scenario,
            }
        )

    @router.get(
        "/places",
        response_model=PlacesOut,
        summary="Places and groups, searched by any name or alias",
        responses=refusals(400, 409, 422),
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
        scenario: ScenarioParam = None,
    ) -> JSONResponse:
        """Every place and group (as `terrachron places --json`), or those matching `q`. In a
        scenario, a split place is a group of its two parts."""
        c = cats.get(scenario)
        keep = c.search(q) if q is not None else None
        return JSONResponse(
            {
                kind: [
                    rec.model_dump(exclude_none=True)
                    for rec in table.values()
                    if keep is None or rec.id in keep
                ]
                for kind, table in (("places", c.ledger.places), ("groups", c.ledger.groups))
            }
        )

    @router.get(
        "/places/{place}",
        response_model=PlaceDetailOut,
        summary="One place: record, groups under each view, geometry",
        responses=refusals(400, 404, 409, 422),
        tags=["places"],
    )
    def place_detail(place: PlaceParam, scenario: ScenarioParam = None) -> JSONResponse:
        """The place record, the groups that include it under each view, and its geometry."""
        c = cats.get(scenario)
        pid = c.ledger.resolve_place(place)
        shape = c.shapes.get(pid)
        groups = {
            vid: [gid for gid, members in table.items() if pid in members]
            for vid, table in c.membership.items()
        }
        return JSONResponse(
            {
                "place": c.ledger.places[pid].model_dump(exclude_none=True),
                "groups": {v: groups[v] for v in c.view_ids},
                "bbox": shape.bbox if shape else None,
                "label_point": shape.label_point if shape else None,
                "geometry": shape.geometry if shape else None,
            }
        )

    @router.get(
        "/places/{place}/status",
        response_model=StatusOut,
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
        response_model=ExplanationOut,
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
        response_model=TimelineOut,
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

    snapshot_content: dict[str, Any] = {
        media: {"schema": {"type": "string", "format": "binary"}}
        for name, (media, _) in EXPORTS.items()
        if name != "geojson"
    }
    snapshot_content["text/csv"] = {"schema": {"type": "string"}}
    del snapshot_content["text/csv; charset=utf-8"]

    @router.get(
        "/snapshot",
        response_model=SnapshotOut | SnapshotFileOut,
        response_class=GeoJSONResponse,
        summary="Every place on a date under a view, as GeoJSON or a file to download",
        responses={
            **refusals(400, 409, 422, geojson=True),
            200: {
                "description": "Without `format`: a FeatureCollection with each place's status "
                "as properties (SnapshotOut). With `format`: a file to download "
                "(Content-Disposition: attachment), one row per place with flat columns "
                "(SnapshotFileOut for geojson).",
                "content": snapshot_content,
                "headers": {
                    "Content-Disposition": {
                        "description": "With `format`: `attachment; filename=…`.",
                        "schema": {"type": "string"},
                    }
                },
            },
        },
        tags=["status"],
    )
    def snapshot(
        date: DateParam,
        view: ViewParam = "de-facto",
        geometry: Annotated[
            bool,
            Query(
                description="Include each place's geometry; false sends null geometries, for a "
                "client that already holds them and only needs the new statuses. Files always "
                "hold the geometry."
            ),
        ] = True,
        scenario: ScenarioParam = None,
        file_format: Annotated[
            ExportName | None,
            Query(
                alias="format",
                description="Download a file instead, as `terrachron snapshot --format` writes "
                "it: geojson (application/geo+json), geoparquet (application/vnd.apache.parquet), "
                "gpkg (application/geopackage+sqlite3) or csv (text/csv, geometry as WKT).",
                openapi_examples={
                    "csv": {"summary": "CSV with WKT geometry", "value": "csv"},
                    "gpkg": {"summary": "A GeoPackage", "value": "gpkg"},
                },
                json_schema_extra=_enum_schema(list(EXPORTS)),
            ),
        ] = None,
    ) -> Response:
        """One Feature per place with its status as properties; or, with `format`, the same
        snapshot as a file."""
        when = parse_date(date)
        c = cats.get(scenario)
        led = c.ledger
        led.resolve_view(view)
        if file_format is not None:
            media, suffix = EXPORTS[file_format]
            name = _file_name(ledger, scenario, when.text, view, suffix)
            return Response(
                _snapshot_file(led.snapshot(when, view), file_format),
                media_type=media,
                headers={"Content-Disposition": f'attachment; filename="{name}"'},
            )
        features = []
        for st in led.statuses(when, view):
            shape = c.shapes.get(st.place)
            features.append(
                {
                    "type": "Feature",
                    "id": st.place,
                    "geometry": shape.geometry if shape and geometry else None,
                    "properties": {
                        **st.to_dict(),
                        "name": led.place_name(st.place),
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
        responses=refusals(400, 409, 422),
        tags=["status"],
    )
    def disputes(date: DateParam, scenario: ScenarioParam = None) -> JSONResponse:
        """Disputed places, as seen de facto (as `terrachron disputes --json`)."""
        led = cats.get(scenario).ledger
        return JSONResponse([s.to_dict() for s in led.disputes(parse_date(date))])

    @router.get(
        "/instruments",
        response_model=list[Instrument],
        summary="Every instrument in date order",
        responses=with_example(
            refusals(400, 409, 422), [_dump(i) for i in list(ledger.instruments.values())[:1]]
        ),
        tags=["ledger"],
    )
    def instruments(scenario: ScenarioParam = None) -> JSONResponse:
        """Treaties, declarations, occupations … (as `terrachron instruments --json`); in a
        scenario, with its hypothetical instruments (`"hypothetical": true`)."""
        led = cats.get(scenario).ledger
        return JSONResponse([_dump(i) for i in led.instruments.values()])

    @router.get(
        "/instruments/{instrument}",
        response_model=InstrumentDetailOut,
        summary="One instrument: effects, parties, dates and sources",
        responses=refusals(400, 404, 409, 422),
        tags=["ledger"],
    )
    def instrument_detail(
        instrument: Annotated[
            str,
            Path(
                min_length=1,
                max_length=MAX_NAME,
                description="An instrument id (a scenario's hypothetical ones with `scenario`).",
                openapi_examples={
                    "first": {
                        "summary": "An instrument id",
                        "value": next(iter(ledger.instruments), "shimoda-treaty-1855"),
                    }
                },
            ),
        ],
        scenario: ScenarioParam = None,
    ) -> JSONResponse:
        """The record, with each effect's id, date and places under each view, and sources."""
        c = cats.get(scenario)
        led = c.ledger
        inst = c.instrument(instrument)
        effects = []
        for index, effect in enumerate(inst.effects):
            eid = _effect_id(inst, index, effect.id)
            direct = list(effect.places or [])
            members: dict[str, list[str]] = {}
            for vid in c.view_ids:
                extra = c.membership[vid].get(effect.group, []) if effect.group else []
                members[vid] = sorted(set(direct) | set(extra))
            rejected = [
                vid
                for vid in c.view_ids
                if inst.id in led.views[vid].rejects or eid in led.views[vid].rejects
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
                "parties": [{"id": p, "name": led.polity_name(p)} for p in inst.parties],
                "effects": effects,
                "sources": [_dump(led.sources[s]) for s in cited if s in led.sources],
            }
        )

    @router.get(
        "/views",
        response_model=list[View],
        summary="Every point of view",
        responses=with_example(
            refusals(400, 409, 422), [_dump(ledger.views[v]) for v in cat.view_ids[:2]]
        ),
        tags=["ledger"],
    )
    def views(scenario: ScenarioParam = None) -> JSONResponse:
        """What each view rejects and how it reads groups (as `terrachron views --json`)."""
        c = cats.get(scenario)
        return JSONResponse([_dump(c.ledger.views[v]) for v in c.view_ids])

    @router.get(
        "/polities",
        response_model=list[Polity],
        summary="Every polity",
        responses=with_example(
            refusals(400, 409, 422), [_dump(p) for p in list(ledger.polities.values())[:1]]
        ),
        tags=["ledger"],
    )
    def polities(scenario: ScenarioParam = None) -> JSONResponse:
        """States and other actors, with names, codes, lifespans and succession."""
        led = cats.get(scenario).ledger
        return JSONResponse([_dump(p) for p in led.polities.values()])

    @router.get(
        "/sources",
        response_model=list[Source],
        summary="Every source the ledger cites",
        responses=with_example(
            refusals(400, 409, 422), [_dump(x) for x in list(ledger.sources.values())[:1]]
        ),
        tags=["ledger"],
    )
    def sources(scenario: ScenarioParam = None) -> JSONResponse:
        """Articles and treaty texts, with bibliographic data and content hashes; in a scenario,
        with the sources its folder adds."""
        led = cats.get(scenario).ledger
        return JSONResponse([_dump(x) for x in led.sources.values()])

    add_scenario_routes(router, ledger, cat.view_ids)
    return router
