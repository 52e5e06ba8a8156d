"""The endpoints over every place on a date: the snapshot (GeoJSON or a file) and the disputes."""

# No ``from __future__ import annotations``: FastAPI reads the parameter annotations at run time,
# and the parameter types are local to the router's builder, where a string could not be resolved.
import re
import tempfile
from pathlib import Path as FilePath
from typing import TYPE_CHECKING, Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse, Response

from terrachron.api.catalog import Catalog, Catalogs, Params
from terrachron.api.common import GeoJSONResponse, parse_date, refusals
from terrachron.api.shapes import DisputeJSON, SnapshotFileJSON
from terrachron.dates import EdtfDate
from terrachron.query import Ledger
from terrachron.results import FeatureJSON, SnapshotJSON

if TYPE_CHECKING:
    import geopandas

__all__ = ["EXPORTS", "snapshot_answer", "snapshot_router"]

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


def _format_query() -> Any:
    """The ``format`` parameter: which file to download instead of GeoJSON."""
    return Query(
        alias="format",
        description="Download a file instead, as `terrachron snapshot --format` writes "
        "it: geojson (application/geo+json), geoparquet (application/vnd.apache.parquet), "
        "gpkg (application/geopackage+sqlite3) or csv (text/csv, geometry as WKT).",
        openapi_examples={
            "csv": {"summary": "CSV with WKT geometry", "value": "csv"},
            "gpkg": {"summary": "A GeoPackage", "value": "gpkg"},
        },
        json_schema_extra=_enum_schema(list(EXPORTS)),
    )


def _snapshot_responses() -> dict[int | str, Any]:
    """The snapshot's documented answers: GeoJSON, or one of the file downloads."""
    content: dict[str, Any] = {
        media: {"schema": {"type": "string", "format": "binary"}}
        for name, (media, _) in EXPORTS.items()
        if name != "geojson"
    }
    content["text/csv"] = {"schema": {"type": "string"}}
    del content["text/csv; charset=utf-8"]
    return {
        **refusals(400, 409, 422, geojson=True),
        200: {
            "description": "Without `format`: a FeatureCollection with each place's status "
            "as properties (SnapshotJSON). With `format`: a file to download "
            "(Content-Disposition: attachment), one row per place with flat columns "
            "(SnapshotFileJSON for geojson).",
            "content": content,
            "headers": {
                "Content-Disposition": {
                    "description": "With `format`: `attachment; filename=…`.",
                    "schema": {"type": "string"},
                }
            },
        },
    }


def snapshot_answer(c: Catalog, when: EdtfDate, view: str, *, geometry: bool) -> SnapshotJSON:
    """Every place of the catalog's ledger on ``when`` under ``view``, as GeoJSON Features."""
    led = c.ledger
    features: list[FeatureJSON] = []
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
    return {"type": "FeatureCollection", "date": when.text, "view": view, "features": features}


def snapshot_router(cats: Catalogs, params: Params) -> APIRouter:
    """``/snapshot`` (GeoJSON, or a file with ``format``) and ``/disputes``."""
    ledger = cats.base.ledger
    ScenarioParam = Annotated[str | None, params.scenario]  # noqa: N806 (a type alias)
    DateParam = Annotated[str, params.date]  # noqa: N806
    ViewParam = Annotated[str, params.view]  # noqa: N806
    router = APIRouter()

    @router.get(
        "/snapshot",
        response_model=SnapshotJSON | SnapshotFileJSON,
        response_class=GeoJSONResponse,
        summary="Every place on a date under a view, as GeoJSON or a file to download",
        responses=_snapshot_responses(),
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
        file_format: Annotated[ExportName | None, _format_query()] = None,
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
        return GeoJSONResponse(snapshot_answer(c, when, view, geometry=geometry))

    @router.get(
        "/disputes",
        response_model=list[DisputeJSON],
        summary="The places with two or more claimants on a date, under a view",
        responses=refusals(400, 409, 422),
        tags=["status"],
    )
    def disputes(
        date: DateParam, view: ViewParam = "de-facto", scenario: ScenarioParam = None
    ) -> JSONResponse:
        """Disputed places under `view` (de-facto by default, as `terrachron disputes --json`),
        each with its claimants, controller and chain, plus its English `name`, `bbox` and
        `label_point`, so that a list can link to the map."""
        c = cats.get(scenario)
        led = c.ledger
        out: list[DisputeJSON] = []
        for st in led.disputes(parse_date(date), view):
            shape = c.shapes.get(st.place)
            out.append(
                DisputeJSON(
                    **st.to_dict(),
                    name=led.place_name(st.place),
                    bbox=shape.bbox if shape else None,
                    label_point=shape.label_point if shape else None,
                )
            )
        return JSONResponse(out)

    return router
