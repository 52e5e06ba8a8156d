"""Writing snapshots: GeoJSON, GeoParquet, GeoPackage, and CSV with the geometry as WKT."""

from __future__ import annotations

import io
from enum import StrEnum
from pathlib import Path
from typing import TextIO

import geopandas as gpd
import pandas as pd
import shapely

from terrachron.errors import QueryError

__all__ = ["ExportFormat", "format_for_path", "snapshot_csv", "write_snapshot"]


class ExportFormat(StrEnum):
    """The file formats a snapshot can be written in."""

    geojson = "geojson"
    geoparquet = "geoparquet"
    gpkg = "gpkg"
    csv = "csv"


_SUFFIXES = {
    ".geojson": ExportFormat.geojson,
    ".json": ExportFormat.geojson,
    ".parquet": ExportFormat.geoparquet,
    ".geoparquet": ExportFormat.geoparquet,
    ".gpkg": ExportFormat.gpkg,
    ".csv": ExportFormat.csv,
}
STDOUT_FORMATS = frozenset({ExportFormat.geojson, ExportFormat.csv})
"""Text formats that can be written to standard output; the others need a file."""


def format_for_path(path: Path) -> ExportFormat:
    """The format a file name asks for, by its suffix."""
    try:
        return _SUFFIXES[path.suffix.lower()]
    except KeyError:
        known = ", ".join(sorted(_SUFFIXES))
        raise QueryError(
            f"cannot tell the format of {path.name!r} from its suffix (known: {known}); "
            "pass --format",
            parameter="format",
        ) from None


def snapshot_csv(frame: gpd.GeoDataFrame, out: TextIO) -> None:
    """Write a snapshot as CSV, its geometry as WKT in the last column ``geometry``."""
    plain = pd.DataFrame(frame.drop(columns=frame.geometry.name))
    geoms = frame.geometry.array
    wkt = shapely.to_wkt(geoms, rounding_precision=-1)  # full precision: reads back exactly
    plain["geometry"] = wkt
    plain.to_csv(out, index=False, lineterminator="\n")


def write_snapshot(
    frame: gpd.GeoDataFrame,
    path: Path | None,
    fmt: ExportFormat | str | None = None,
    *,
    layer: str = "snapshot",
) -> str | None:
    """Write a snapshot GeoDataFrame to ``path`` in ``fmt``, or return it as text.

    Parameters
    ----------
    frame : geopandas.GeoDataFrame
        As made by :meth:`terrachron.Ledger.snapshot`.
    path : Path or None
        The file to write; None returns the text instead (GeoJSON and CSV only).
    fmt : ExportFormat or str, optional
        Default: from the file's suffix.
    layer : str
        The layer name inside a GeoPackage.

    Returns
    -------
    str or None
        The text when ``path`` is None.
    """
    if fmt is None:
        if path is None:
            raise QueryError("give a format or a file name", parameter="format")
        fmt = format_for_path(path)
    fmt = ExportFormat(fmt)
    if path is None:
        if fmt not in STDOUT_FORMATS:
            raise QueryError(f"{fmt.value} is a binary format: write it to a file (-o FILE)")
        if fmt is ExportFormat.geojson:
            return str(frame.to_json(drop_id=True, ensure_ascii=False))
        buffer = io.StringIO()
        snapshot_csv(frame, buffer)
        return buffer.getvalue()
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt in (ExportFormat.gpkg, ExportFormat.geojson):
        # GDAL would add a layer to an existing GeoPackage (or refuse a GeoJSON): replace it.
        path.unlink(missing_ok=True)
    if fmt is ExportFormat.geoparquet:
        frame.to_parquet(path, index=False)
    elif fmt is ExportFormat.gpkg:
        frame.to_file(path, driver="GPKG", layer=layer, engine="pyogrio")
    elif fmt is ExportFormat.geojson:
        frame.to_file(path, driver="GeoJSON", engine="pyogrio")
    else:
        with path.open("w", encoding="utf-8", newline="") as fh:
            snapshot_csv(frame, fh)
    return None
