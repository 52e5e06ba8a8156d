"""What every group of endpoints shares: limits, the GeoJSON response, documented refusals."""

from __future__ import annotations

from typing import Any

from fastapi.responses import JSONResponse

from terrachron.api.shapes import ErrorJSON
from terrachron.dates import EdtfDate, parse_query_date
from terrachron.errors import DateError, QueryError

__all__ = [
    "MAX_DATE",
    "MAX_NAME",
    "MAX_VIEW",
    "GeoJSONResponse",
    "parse_date",
    "refusals",
    "with_example",
]

MAX_NAME = 200
MAX_DATE = 64
MAX_VIEW = 80

_WHAT = {
    400: "A parameter has a value the ledger cannot answer for (malformed date, unknown view, "
    "unknown scenario, a group where a place is asked for).",
    404: "The place, instrument or scenario is not in the ledger (with suggestions).",
    409: "The scenario named is in the ledger but breaks a rule, so it cannot be applied; the "
    "message lists every problem as file:line:column.",
    422: "A parameter breaks its declared type or limits.",
}


class GeoJSONResponse(JSONResponse):
    """A JSON response declared as GeoJSON (RFC 7946)."""

    media_type = "application/geo+json"


def refusals(*codes: int, geojson: bool = False) -> dict[int | str, dict[str, Any]]:
    """The documented refusals of an endpoint (and its 304), all ``ErrorJSON`` as JSON."""
    out: dict[int | str, dict[str, Any]] = {}
    for code in codes:
        if geojson:
            # A GeoJSON endpoint's refusals are still plain JSON; FastAPI would document them
            # with the endpoint's media type if given the model, so the content is spelled out.
            ref = {"$ref": "#/components/schemas/ErrorJSON"}
            out[code] = {
                "description": _WHAT[code],
                "content": {"application/json": {"schema": ref}},
            }
        else:
            out[code] = {"model": ErrorJSON, "description": _WHAT[code]}
    out[304] = {"description": "Not modified: the ETag in If-None-Match still holds."}
    return out


def with_example(responses: dict[int | str, dict[str, Any]], example: Any) -> dict[int | str, Any]:
    """``responses`` plus an example of the 200 answer, taken from the ledger being served."""
    return {**responses, 200: {"content": {"application/json": {"example": example}}}}


def parse_date(text: str) -> EdtfDate:
    """Read a query date, making sure every refusal names the ``date`` parameter."""
    try:
        return parse_query_date(text)
    except QueryError as exc:
        if exc.parameter is None:
            raise DateError(str(exc), parameter="date") from exc
        raise
