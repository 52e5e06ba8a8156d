"""The endpoints about the ledger itself: health, instruments, views, polities, sources."""

# No ``from __future__ import annotations``: FastAPI reads the parameter annotations at run time,
# and the parameter types are local to the router's builder, where a string could not be resolved.
from typing import Annotated, Any

from fastapi import APIRouter, Path
from fastapi.responses import JSONResponse

import terrachron
from terrachron.api.catalog import Catalog, Catalogs, Params, dump, effect_id
from terrachron.api.common import MAX_NAME, refusals, with_example
from terrachron.api.shapes import EffectJSON, HealthJSON, InstrumentDetailJSON
from terrachron.model import Effect, Instrument, Polity, Source, View
from terrachron.query import Ledger

__all__ = ["health_answer", "health_router", "instrument_detail_answer", "ledger_router"]


def health_answer(cats: Catalogs, scenario: str | None) -> HealthJSON:
    """Which ledger is served (its id and title) and the counts and hash of the branch asked."""
    led = cats.get(scenario).ledger
    return {
        "status": "ok",
        "ledger": cats.base.ledger.id,
        "title": cats.base.ledger.title,
        "content_hash": led.content_hash,
        "version": terrachron.__version__,
        "places": len(led.places),
        "instruments": len(led.instruments),
        "views": cats.base.view_ids,
        "scenario": scenario,
    }


def _effect_answer(c: Catalog, inst: Instrument, index: int, effect: Effect) -> EffectJSON:
    """One effect of ``inst`` with its id, date, and the places it touches under each view."""
    eid = effect_id(inst, index, effect.id)
    direct = list(effect.places or [])
    members: dict[str, list[str]] = {}
    for vid in c.view_ids:
        extra = c.membership[vid].get(effect.group, []) if effect.group else []
        members[vid] = sorted(set(direct) | set(extra))
    views = c.ledger.views
    rejected = [v for v in c.view_ids if inst.id in views[v].rejects or eid in views[v].rejects]
    when = effect.date or inst.effective
    return {
        "id": eid,
        "op": effect.op,
        "date": when.text if when else None,
        "places": direct,
        "group": effect.group,
        "members": members,
        "rejected_by": rejected,
        "record": effect.model_dump(mode="json", by_alias=True, exclude_none=True),
    }


def instrument_detail_answer(c: Catalog, instrument: str) -> InstrumentDetailJSON:
    """An instrument with its effects resolved, its parties named and its sources attached."""
    led = c.ledger
    inst = c.instrument(instrument)
    cited: list[str] = []
    for citation in inst.sources:
        if citation.source not in cited:
            cited.append(citation.source)
    effective = inst.effective
    return {
        "instrument": dump(inst),
        "effective": effective.text if effective else None,
        "effective_range": [effective.lo_iso, effective.hi_iso] if effective else [None, None],
        "parties": [{"id": p, "name": led.polity_name(p)} for p in inst.parties],
        "effects": [_effect_answer(c, inst, i, e) for i, e in enumerate(inst.effects)],
        "sources": [dump(led.sources[s]) for s in cited if s in led.sources],
    }


def _instrument_path(ledger: Ledger) -> Any:
    """The ``instrument`` path parameter, with the ledger's first instrument as its example."""
    return Path(
        min_length=1,
        max_length=MAX_NAME,
        description="An instrument id (a scenario's hypothetical ones with `scenario`).",
        openapi_examples={
            "first": {
                "summary": "An instrument id",
                "value": next(iter(ledger.instruments), "shimoda-treaty-1855"),
            }
        },
    )


def ledger_router(cats: Catalogs, params: Params) -> APIRouter:
    """``/instruments`` (and one instrument), ``/views``, ``/polities``, ``/sources``."""
    ledger = cats.base.ledger
    cat = cats.base
    ScenarioParam = Annotated[str | None, params.scenario]  # noqa: N806 (a type alias)
    router = APIRouter()

    @router.get(
        "/instruments",
        response_model=list[Instrument],
        summary="Every instrument in date order",
        responses=with_example(
            refusals(400, 409, 422), [dump(i) for i in list(ledger.instruments.values())[:1]]
        ),
        tags=["ledger"],
    )
    def instruments(scenario: ScenarioParam = None) -> JSONResponse:
        """Treaties, declarations, occupations … (as `terrachron instruments --json`); in a
        scenario, with its hypothetical instruments (`"hypothetical": true`)."""
        led = cats.get(scenario).ledger
        return JSONResponse([dump(i) for i in led.instruments.values()])

    @router.get(
        "/instruments/{instrument}",
        response_model=InstrumentDetailJSON,
        summary="One instrument: effects, parties, dates and sources",
        responses=refusals(400, 404, 409, 422),
        tags=["ledger"],
    )
    def instrument_detail(
        instrument: Annotated[str, _instrument_path(ledger)],
        scenario: ScenarioParam = None,
    ) -> JSONResponse:
        """The record, with each effect's id, date and places under each view, and sources."""
        return JSONResponse(instrument_detail_answer(cats.get(scenario), instrument))

    @router.get(
        "/views",
        response_model=list[View],
        summary="Every point of view",
        responses=with_example(
            refusals(400, 409, 422), [dump(ledger.views[v]) for v in cat.view_ids[:2]]
        ),
        tags=["ledger"],
    )
    def views(scenario: ScenarioParam = None) -> JSONResponse:
        """What each view rejects and how it reads groups (as `terrachron views --json`)."""
        c = cats.get(scenario)
        return JSONResponse([dump(c.ledger.views[v]) for v in c.view_ids])

    @router.get(
        "/polities",
        response_model=list[Polity],
        summary="Every polity",
        responses=with_example(
            refusals(400, 409, 422), [dump(p) for p in list(ledger.polities.values())[:1]]
        ),
        tags=["ledger"],
    )
    def polities(scenario: ScenarioParam = None) -> JSONResponse:
        """States and other actors, with names, codes, lifespans and succession."""
        led = cats.get(scenario).ledger
        return JSONResponse([dump(p) for p in led.polities.values()])

    @router.get(
        "/sources",
        response_model=list[Source],
        summary="Every source the ledger cites",
        responses=with_example(
            refusals(400, 409, 422), [dump(x) for x in list(ledger.sources.values())[:1]]
        ),
        tags=["ledger"],
    )
    def sources(scenario: ScenarioParam = None) -> JSONResponse:
        """Articles and treaty texts, with bibliographic data and content hashes; in a scenario,
        with the sources its folder adds."""
        led = cats.get(scenario).ledger
        return JSONResponse([dump(x) for x in led.sources.values()])

    return router


def health_router(cats: Catalogs, params: Params) -> APIRouter:
    """``/health``: the server is up, and which ledger (or branch) it serves."""
    ScenarioParam = Annotated[str | None, params.scenario]  # noqa: N806 (a type alias)
    router = APIRouter()

    @router.get(
        "/health",
        response_model=HealthJSON,
        summary="The server is up; which ledger it serves",
        responses=refusals(400, 409, 422),
        tags=["ledger"],
    )
    def health(scenario: ScenarioParam = None) -> JSONResponse:
        """The ledger's id, title and content hash (the ETags derive from the hash); with
        `scenario`, the branch's counts and hash."""
        return JSONResponse(health_answer(cats, scenario))

    return router
