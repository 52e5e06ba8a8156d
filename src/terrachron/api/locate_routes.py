"""``/locate``: what held a point, or a batch of points, on a date, as ``terrachron locate`` says.

``GET`` answers one point with the row ``locate`` would write for it, plus its place's chain and
the answer under every view. ``POST`` answers a batch (JSON or CSV) with one row per point, in
order; a point with a bad coordinate or date is a row with a ``problem``, as in a file, so one
bad row never costs the batch. A batch is held in memory, so its size is bounded: larger ones
belong to ``terrachron locate`` (which streams a file of any size) or to the Dask API.
"""

# No ``from __future__ import annotations``: FastAPI reads the parameter annotations at run time,
# and the parameter types are local to the router's builder, where a string could not be resolved.
import io
import json
from typing import Annotated, Any, NotRequired

import pandas as pd
from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool
from typing_extensions import TypedDict

from terrachron.api.catalog import Catalogs, Params
from terrachron.api.common import refusals, with_example
from terrachron.api.handlers import error_body
from terrachron.errors import QueryError
from terrachron.geo.locate import COLUMNS, SNAPPED
from terrachron.geo.point import INPUT_COLUMNS, frame_records, locate_point, locate_rows
from terrachron.results import AnswerJSON, ChainLinkJSON, answer_dict, chain_dict, shape

__all__ = [
    "MAX_BODY_BYTES",
    "MAX_POINTS",
    "LocateJSON",
    "LocateRowJSON",
    "ViewAnswerJSON",
    "locate_router",
]

MAX_POINTS = 100_000
"""The most points one ``POST /api/locate`` answers."""

MAX_BODY_BYTES = 32 * 1024 * 1024
"""The largest batch body read (about 300 bytes a point, far more than a point needs)."""

_TOO_MANY = (
    "answers at most {limit:,} points per request; for larger batches run "
    "`terrachron locate FILE --lon … --lat … --date …` (it streams files of any size) or the "
    "Dask API (terrachron.dask.locate_dask)"
)


@shape()
class LocateRowJSON(TypedDict):
    """One point and the answer ``terrachron locate`` gives it (its columns, in order)."""

    lon: float | None
    lat: float | None
    date: str | None
    place: str | None
    controller: str | None
    title: str | None
    status: str | None
    disputed: bool | None
    uncertain: bool | None
    problem: str | None
    snapped_km: NotRequired[float | None]


@shape()
class ViewAnswerJSON(TypedDict):
    """A place's answer under one view."""

    controller: str | list[str] | None
    title: str | list[str] | None
    status: str
    disputed: bool


@shape()
class LocateJSON(LocateRowJSON):
    """One point's row, with its place's status chain and the answer under every view."""

    claimants: list[str]
    narrative: str | None
    horizon: str | None
    chain: list[ChainLinkJSON]
    answer: AnswerJSON | None
    views: dict[str, ViewAnswerJSON]


def _row_dict(row: Any) -> dict[str, Any]:
    out = {name: getattr(row, name) for name in (*INPUT_COLUMNS, *COLUMNS)}
    if row.snapped_km is not None:
        out[SNAPPED] = row.snapped_km
    return out


class _BatchError(QueryError):
    """A batch the endpoint cannot read (not a bad row: a bad body)."""


class _TooLargeError(QueryError):
    """A batch past :data:`MAX_POINTS` or :data:`MAX_BODY_BYTES`."""


def _point_list(body: bytes) -> tuple[list[Any], list[Any], list[Any], str | None]:
    """The lon, lat and date of each point of a JSON batch, and the view it names."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise _BatchError(f"the body is not JSON: {exc}", parameter="body") from exc
    if not isinstance(data, dict) or not isinstance(data.get("points"), list):
        raise _BatchError(
            'the body must be a JSON object {"points": [{"lon": …, "lat": …, "date": …}, …]}',
            parameter="body",
        )
    view = data.get("view")
    if view is not None and not isinstance(view, str):
        raise _BatchError("the body's view must be a view id (text)", parameter="view")
    points = data["points"]
    if len(points) > MAX_POINTS:
        raise _TooLargeError(f"{len(points):,} points: " + _TOO_MANY.format(limit=MAX_POINTS))
    lon: list[Any] = []
    lat: list[Any] = []
    date: list[Any] = []
    for p in points:
        # A point that is not an object, or lacks a key, is a row with a problem, not a refusal.
        get = p.get if isinstance(p, dict) else (lambda _k: None)
        lon.append(_number(get("lon")))
        lat.append(_number(get("lat")))
        d = get("date")
        date.append(None if d is None else d if isinstance(d, str) else json.dumps(d))
    return lon, lat, date, view


def _number(value: Any) -> Any:
    # JSON true/false would be read as 1/0 by pandas: a boolean is no coordinate.
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float | str):
        return value
    return None


def _csv_points(body: bytes) -> tuple[list[Any], list[Any], list[Any]]:
    """The lon, lat and date columns of a CSV batch (other columns are ignored)."""
    try:
        frame = pd.read_csv(
            io.BytesIO(body), dtype=str, keep_default_na=False, on_bad_lines="error"
        )
    except pd.errors.EmptyDataError as exc:
        raise _BatchError(
            "the CSV body is empty: send a header lon,lat,date", parameter="body"
        ) from exc
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as exc:
        raise _BatchError(f"the CSV body cannot be read: {exc}", parameter="body") from exc
    missing = [c for c in INPUT_COLUMNS if c not in frame.columns]
    if missing:
        raise _BatchError(
            f"the CSV body has no column {', '.join(missing)} (its header must name lon, lat "
            f"and date; it names {', '.join(map(str, frame.columns)) or 'nothing'})",
            parameter="body",
        )
    if len(frame) > MAX_POINTS:
        raise _TooLargeError(f"{len(frame):,} points: " + _TOO_MANY.format(limit=MAX_POINTS))
    date = [d if d != "" else None for d in frame["date"].tolist()]
    return frame["lon"].tolist(), frame["lat"].tolist(), date


async def _read_body(request: Request) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise _TooLargeError(
            f"the body is {int(declared):,} bytes, more than {MAX_BODY_BYTES:,}: "
            + _TOO_MANY.format(limit=MAX_POINTS)
        )
    chunks = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise _TooLargeError(
                f"the body is more than {MAX_BODY_BYTES:,} bytes: "
                + _TOO_MANY.format(limit=MAX_POINTS)
            )
        chunks.append(chunk)
    return b"".join(chunks)


_BATCH_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["points"],
                    "properties": {
                        "points": {
                            "type": "array",
                            "description": "Up to 100,000 points (more: 413), each an object "
                            "with lon and lat (WGS84 degrees) and date (EDTF text). A point "
                            "that is not so is answered as a row with a problem, as a file's "
                            "row would be, so any item is accepted.",
                            "items": {},
                        },
                        "view": {"type": "string"},
                    },
                },
                "example": {
                    "points": [
                        {"lon": 145.85, "lat": 43.85, "date": "1950-01-01"},
                        {"lon": 2.35, "lat": 48.85, "date": "1900-07-01"},
                    ],
                    "view": "japan",
                },
            },
            "text/csv": {
                "schema": {"type": "string"},
                "example": "lon,lat,date\n145.85,43.85,1950-01-01\n",
            },
        },
    }
}


_ROW_EXAMPLE: dict[str, Any] = {
    "lon": 145.8343,
    "lat": 44.0968,
    "date": "1950-01-01",
    "place": "kunashiri",
    "controller": "soviet-union",
    "title": "japan",
    "status": "disputed",
    "disputed": True,
    "uncertain": False,
    "problem": None,
}
_AT_SEA_EXAMPLE: dict[str, Any] = {
    **dict.fromkeys(_ROW_EXAMPLE),
    "lon": 150.0,
    "lat": 30.0,
    "date": "1950-01-01",
    "problem": "at-sea",
}
_POINT_EXAMPLE: dict[str, Any] = {
    **_ROW_EXAMPLE,
    "claimants": ["japan", "soviet-union"],
    "narrative": "On 1950-01-01, in the view 'japan', Kunashiri is controlled by Soviet Union; "
    "title is held by Japan; claimed by Japan and Soviet Union: disputed and occupied.",
    "horizon": None,
    "chain": [],
    "answer": {
        "controller": "soviet-union",
        "title": "japan",
        "claimants": ["japan", "soviet-union"],
        "status": "disputed",
        "disputed": True,
        "occupied": True,
        "pending": [],
    },
    "views": {
        "de-facto": {
            "controller": "soviet-union",
            "title": None,
            "status": "disputed",
            "disputed": True,
        },
        "japan": {
            "controller": "soviet-union",
            "title": "japan",
            "status": "disputed",
            "disputed": True,
        },
        "russia": {
            "controller": "soviet-union",
            "title": "soviet-union",
            "status": "disputed",
            "disputed": True,
        },
    },
}


def locate_router(cats: Catalogs, params: Params) -> APIRouter:
    """``GET /locate`` (one point) and ``POST /locate`` (a batch)."""
    ScenarioParam = Annotated[str | None, params.scenario]  # noqa: N806 (a type alias)
    DateParam = Annotated[str, params.date]  # noqa: N806
    ViewParam = Annotated[str, params.view]  # noqa: N806
    DistanceParam = Annotated[  # noqa: N806
        float | None,
        Query(
            ge=0,
            le=100,
            description="Give a point in no place the nearest place within this geodesic "
            "distance (0–100 km), as `terrachron locate --max-distance-km` does; the row then "
            "has `snapped_km`, how far the point was.",
        ),
    ]
    router = APIRouter()

    @router.get(
        "/locate",
        response_model=LocateJSON,
        summary="What held a point on a date, under this view and every other, and why",
        responses=with_example(refusals(400, 409, 422), _POINT_EXAMPLE),
        tags=["locate"],
    )
    def locate_one(
        lon: Annotated[float, Query(ge=-180, le=180, description="WGS84 longitude, degrees.")],
        lat: Annotated[float, Query(ge=-90, le=90, description="WGS84 latitude, degrees.")],
        date: DateParam,
        view: ViewParam = "de-facto",
        max_distance_km: DistanceParam = None,
        scenario: ScenarioParam = None,
    ) -> JSONResponse:
        """The row `terrachron locate` writes for this point (place, controller, title, status,
        disputed, uncertain, problem; `snapped_km` with `max_distance_km`), plus the place's
        claimants, status chain and narrative as `/api/places/{place}/status` gives them, and
        `views`: the answer under every view. A point in no place has a `problem` (`at-sea`,
        `outside-coverage`), an empty chain and no views."""
        led = cats.get(scenario).ledger
        try:
            got = locate_point(led, lon, lat, date, view=view, max_distance_km=max_distance_km)
        except QueryError as exc:
            if exc.parameter is None:
                raise QueryError(str(exc), parameter="date") from exc
            raise
        body: dict[str, Any] = _row_dict(got.row)
        st = got.status
        body.update(
            {
                "claimants": list(st.claimants) if st else [],
                "narrative": st.narrative if st else None,
                "horizon": st.horizon if st else None,
                "chain": [chain_dict(c) for c in st.chain] if st else [],
                "answer": answer_dict(st.answer) if st else None,
                "views": {
                    v: {k: answer_dict(a)[k] for k in ("controller", "title", "status", "disputed")}
                    for v, a in got.views.items()
                },
            }
        )
        return JSONResponse(body)

    @router.post(
        "/locate",
        response_model=list[LocateRowJSON],
        summary="What held each of a batch of points (JSON or CSV, up to 100,000)",
        responses={
            **refusals(400, 409, 422),
            200: {
                "description": "One row per point, in order: a JSON array, or CSV with "
                "`Accept: text/csv`.",
                "content": {
                    "application/json": {"example": [_ROW_EXAMPLE, _AT_SEA_EXAMPLE]},
                    "text/csv": {"schema": {"type": "string"}},
                },
            },
            413: {
                "description": "More than 100,000 points: use `terrachron locate` or the Dask API.",
                "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}
                },
            },
        },
        tags=["locate"],
        openapi_extra=_BATCH_BODY,
    )
    async def locate_batch(
        request: Request,
        view: Annotated[
            str | None,
            Query(
                max_length=80,
                description="The view, for a CSV body (a JSON body may name it as `view`, "
                "which then wins). Default de-facto.",
            ),
        ] = None,
        max_distance_km: DistanceParam = None,
        scenario: ScenarioParam = None,
    ) -> Response:
        """One row per point with the columns of `terrachron locate` (lon, lat, date, then place,
        controller, title, status, disputed, uncertain, problem; `snapped_km` with
        `max_distance_km`). The body is JSON `{"points": [{"lon", "lat", "date"}, …], "view"}`
        or CSV (`Content-Type: text/csv`, a header naming lon, lat and date). A point with a
        bad coordinate or date is a row with a `problem`, as in a file; only a body that cannot
        be read at all is refused. More than 100,000 points: 413."""
        try:
            body = await _read_body(request)
            kind = request.headers.get("content-type", "application/json").split(";")[0]
            if kind.strip().lower() == "text/csv":
                lon, lat, date = _csv_points(body)
                named = None
            else:
                lon, lat, date, named = _point_list(body)
        except _TooLargeError as exc:
            return JSONResponse(error_body(str(exc), "body"), status_code=413)
        except _BatchError as exc:
            return JSONResponse(error_body(str(exc), exc.parameter), status_code=400)
        led = cats.get(scenario).ledger
        which = named or view or "de-facto"
        as_csv = "text/csv" in request.headers.get("accept", "")

        def answer() -> Response:
            frame = locate_rows(led, lon, lat, date, view=which, max_distance_km=max_distance_km)
            if as_csv:
                return Response(frame.to_csv(index=False), media_type="text/csv; charset=utf-8")
            return JSONResponse(frame_records(frame))

        # Locating a large batch takes a while: off the event loop, as the plain handlers run.
        return await run_in_threadpool(answer)

    return router
