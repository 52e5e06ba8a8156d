"""How the API refuses a request: one JSON shape, ``{"detail": ..., "parameter": ...}``.

* A :class:`~terrachron.errors.QueryError` raised by the ledger (a malformed date, an unknown
  view or scenario, a name that is a group) answers 400; an unknown place or instrument, a
  real place the ledger does not cover (naming ``GET /api/places``), or a path naming an
  unknown scenario, answers 404. The ledger's own message is kept: it already
  says what to do (known views, "did you mean").
* A :class:`~terrachron.scenarios.ScenarioError` (a scenario of the ledger that breaks a rule)
  answers 409 naming the ``scenario`` parameter, with every problem as ``file:line:column``:
  the request is fine, but the scenario it names cannot be applied until its folder is fixed.
* A request that breaks the declared parameter types or limits (FastAPI's validation) answers
  422, naming the first parameter at fault.
* An unknown path or method answers 404 or 405 in the same shape.
* Anything else is a bug: it answers 500 with no traceback and is logged with one. Inputs are
  validated before they reach the ledger, so this handler is a last line, not the way bad input
  is refused.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from terrachron.errors import NotCoveredError, QueryError, UnknownPlaceError
from terrachron.scenarios.model import ScenarioError

__all__ = ["NotFoundError", "error_body", "install_handlers"]

log = logging.getLogger("terrachron.api")


class NotFoundError(QueryError):
    """A path names a record that the ledger does not hold (an instrument id, ...)."""


def error_body(detail: str, parameter: str | None) -> dict[str, Any]:
    """The JSON body of every refusal."""
    return {"detail": detail, "parameter": parameter}


def _validation_message(exc: RequestValidationError) -> tuple[str, str | None]:
    errors = exc.errors()
    if not errors:
        return "the request is not valid", None
    first = errors[0]
    loc = [str(part) for part in first.get("loc", ()) if part not in ("query", "path", "body")]
    parameter = loc[0] if loc else None
    message = str(first.get("msg", "invalid value"))
    received = first.get("input")
    shown = ""
    if isinstance(received, str):
        # Echo a short prefix only: the value may be huge or hold control characters.
        shown = f" (got {received[:40]!r}{'…' if len(received) > 40 else ''})"
    more = f"; and {len(errors) - 1} more problem(s)" if len(errors) > 1 else ""
    where = f"parameter {parameter!r}: " if parameter else ""
    return f"{where}{message}{shown}{more}", parameter


async def _query_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, QueryError)
    if isinstance(exc, NotCoveredError):
        # The ledger's message points at the command line; here the endpoint lists the ids.
        return JSONResponse(
            error_body(exc.message("GET /api/places"), exc.parameter), status_code=404
        )
    if isinstance(exc, UnknownPlaceError):
        # Likewise: an API client lists places with the endpoint, not with a command.
        return JSONResponse(
            error_body(exc.message("GET /api/places, or GET /api/search?q="), exc.parameter),
            status_code=404,
        )
    status = 404 if isinstance(exc, NotFoundError) else 400
    return JSONResponse(error_body(str(exc), exc.parameter), status_code=status)


MAX_PROBLEMS_SHOWN = 20


def scenario_error_message(exc: ScenarioError) -> str:
    """The refusal's text: the scenario, how many rules it breaks, and each problem located.

    Written here rather than taken from the error, whose text points at a command line.
    """
    errors = exc.errors
    shown = "; ".join(str(p) for p in errors[:MAX_PROBLEMS_SHOWN])
    more = (
        f"; and {len(errors) - MAX_PROBLEMS_SHOWN} more" if len(errors) > MAX_PROBLEMS_SHOWN else ""
    )
    return (
        f"the scenario {exc.scenario!r} cannot be applied: it breaks {len(errors)} rule(s) "
        f"(fix its folder, then restart the server): {shown}{more}"
    )


async def _scenario_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ScenarioError)
    return JSONResponse(error_body(scenario_error_message(exc), "scenario"), status_code=409)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    detail, parameter = _validation_message(exc)
    return JSONResponse(error_body(detail, parameter), status_code=422)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    detail = exc.detail if isinstance(exc.detail, str) else "the request cannot be answered"
    if exc.status_code == 404 and detail == "Not Found":
        path = request.url.path
        detail = (
            f"no such endpoint: {path} (see /api/openapi.json)"
            if path.startswith("/api/")
            else f"not found: {path} (the map is at /, the API under /api)"
        )
    headers = exc.headers
    if exc.status_code == 405:
        headers = {**(headers or {}), **_allow(request)}
    return JSONResponse(error_body(detail, None), status_code=exc.status_code, headers=headers)


def _allow(request: Request) -> dict[str, str]:
    """The ``Allow`` header of a 405: every method the OpenAPI document gives the path.

    Starlette names the methods of the first route matching the path only; a path served by
    two routes (``GET`` and ``POST /api/locate``) would then be said to refuse the other.
    """
    path = request.url.path
    methods: set[str] = set()
    for template, operations in request.app.openapi().get("paths", {}).items():
        pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template))
        if re.fullmatch(pattern, path):
            methods |= {m.upper() for m in operations}
    if not methods:
        return {}
    if "GET" in methods:
        methods.add("HEAD")
    return {"Allow": ", ".join(sorted(methods))}


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error answering %s", request.url.path, exc_info=exc)
    return JSONResponse(
        error_body("internal error: the server could not answer this request", None),
        status_code=500,
    )


def install_handlers(app: FastAPI) -> None:
    """Register the exception handlers on ``app``."""
    app.add_exception_handler(QueryError, _query_error)
    app.add_exception_handler(ScenarioError, _scenario_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
