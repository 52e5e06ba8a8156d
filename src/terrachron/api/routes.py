"""The API's endpoints, built for one ledger: one router per resource, gathered under ``/api``.

Each endpoint answers with the JSON forms of :mod:`terrachron.results` and the ledger records as
the CLI's ``--json`` prints them. The routers are built per ledger so that the OpenAPI document
can list that ledger's own view ids and example places.

The handlers are plain functions, which FastAPI runs in its thread pool. Most answers take well
under a millisecond, and ``async`` handlers would save the thread hop (about 0.1 ms); but a few
valid EDTF dates (long sets such as ``{1850,1860,…}``) take the date library ~100 ms to parse,
and in the thread pool such a request shares the interpreter with the others instead of stopping
the event loop for everyone.
"""

from __future__ import annotations

from fastapi import APIRouter

from terrachron.api.catalog import Catalogs, params_for
from terrachron.api.common import GeoJSONResponse
from terrachron.api.ledger_routes import health_router, ledger_router
from terrachron.api.locate_routes import locate_router
from terrachron.api.place_routes import place_router
from terrachron.api.scenario_routes import scenario_router
from terrachron.api.search_routes import search_router
from terrachron.api.snapshot_routes import EXPORTS, snapshot_router
from terrachron.api.tile_routes import tile_router
from terrachron.query import Ledger

__all__ = ["EXPORTS", "GeoJSONResponse", "build_router"]


def build_router(ledger: Ledger) -> APIRouter:
    """The ``/api`` endpoints answering from ``ledger``.

    Parameters
    ----------
    ledger : Ledger
        The ledger to serve; it must not change while the router is in use.

    Returns
    -------
    APIRouter
        Every resource's router, in the order the OpenAPI document lists them.
    """
    cats = Catalogs(ledger)
    params = params_for(ledger, cats.base.view_ids)
    router = APIRouter(prefix="/api")
    parts = (health_router, place_router, search_router, snapshot_router, locate_router)
    for part in (*parts, tile_router, ledger_router):
        router.include_router(part(cats, params))
    router.include_router(scenario_router(ledger, cats.base.view_ids))
    return router
