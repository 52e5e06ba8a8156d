"""Reading dated snapshots of the world (one vector file a year) and checking them first.

Nothing is imported from a file that breaks a rule: a file that is not vector data, a missing
field, a feature without a polygon or without a name for its holder stops the import with the file,
the feature and a hint, before anything is written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry

from terrachron.importers.errors import ImportDataError

__all__ = ["Feature", "Snapshot", "read_snapshots", "read_vector"]

_YEAR = re.compile(r"(\d{4})(?!.*\d{4})")


def read_vector(path: Path, *, required: Sequence[str]) -> Any:
    """A GeoDataFrame of ``path`` in lon/lat, after checking it is vector data with ``required``."""
    import pyogrio  # type: ignore[import-untyped]

    path = Path(path)
    if not path.is_file():
        raise ImportDataError(path, "no such file", hint="give the path of a GeoJSON file")
    try:
        frame = pyogrio.read_dataframe(path)
    except Exception as exc:  # pyogrio raises several unrelated types for unreadable input
        raise ImportDataError(
            path, f"not readable as vector data: {exc}", hint="give a GeoJSON or GeoPackage file"
        ) from None
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise ImportDataError(
            path,
            f"missing field(s) {', '.join(missing)}",
            hint=f"every feature needs {', '.join(required)}",
        )
    if frame.crs is not None and not frame.crs.equals("EPSG:4326"):
        frame = frame.to_crs("EPSG:4326")
    return frame


@dataclass(frozen=True)
class Feature:
    """One polygon of one snapshot: who held it (``SUBJECTO``, else its own ``NAME``)."""

    snapshot: int
    index: int
    name: str
    holder_name: str | None
    alpha2: str | None
    precision: int | None
    geometry: BaseGeometry


@dataclass(frozen=True)
class Snapshot:
    """One file: its year, the date it is read as, and its features."""

    path: Path
    year: int
    features: tuple[Feature, ...]

    @property
    def date(self) -> str:
        """The day a snapshot is read as: the middle of its year (see the import docs)."""
        return f"{self.year:04d}-07-01"


def _text(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _read_one(path: Path, number: int) -> Snapshot:
    match = _YEAR.search(path.stem)
    if match is None:
        raise ImportDataError(
            path, "no year in the file name", hint="name it like world_1914.geojson"
        )
    frame = read_vector(path, required=("NAME", "SUBJECTO", "BORDERPRECISION"))
    features = []
    codes = frame["ALPHA2"] if "ALPHA2" in frame.columns else None
    for i, row in enumerate(frame.itertuples(index=False)):
        geom = row.geometry
        if geom is None or geom.is_empty:
            raise ImportDataError(path, "the feature has no geometry", feature=i)
        if geom.geom_type not in ("Polygon", "MultiPolygon"):
            raise ImportDataError(
                path, f"a {geom.geom_type} is not a territory", feature=i, hint="polygons only"
            )
        if not shapely.is_valid(geom):
            repaired = shapely.make_valid(geom)
            if repaired.is_empty or shapely.area(repaired) <= 0:
                raise ImportDataError(
                    path, "the polygon is invalid and cannot be repaired", feature=i
                )
        name = _text(row.NAME)
        holder = _text(row.SUBJECTO) or name
        precision = row.BORDERPRECISION
        alpha2 = _text(codes.iloc[i]) if codes is not None else None
        features.append(
            Feature(
                snapshot=number,
                index=i,
                name=name or "(unnamed)",
                holder_name=holder,
                alpha2=alpha2 if alpha2 and (name == holder) else None,
                precision=int(precision)
                if precision == precision and precision is not None
                else None,
                geometry=geom,
            )
        )
    return Snapshot(path, int(match.group(1)), tuple(features))


def read_snapshots(paths: Sequence[Path]) -> tuple[list[Snapshot], list[Path]]:
    """Every snapshot in ``paths`` (files or folders), one per year, in date order.

    When two files give the same year, the one listed last wins; the others are returned as
    skipped, so the import report can say so.
    """
    files: list[Path] = []
    for p in map(Path, paths):
        files.extend(sorted(p.glob("*.geojson")) if p.is_dir() else [p])
    if not files:
        raise ImportDataError(Path(*paths[:1]) if paths else Path("."), "no snapshot files")
    by_year: dict[int, Path] = {}
    skipped: list[Path] = []
    for f in files:
        match = _YEAR.search(f.stem)
        if match is None:
            raise ImportDataError(
                f, "no year in the file name", hint="name it like world_1914.geojson"
            )
        year = int(match.group(1))
        if year in by_year:
            skipped.append(by_year[year])
        by_year[year] = f
    snapshots = [_read_one(by_year[y], n) for n, y in enumerate(sorted(by_year))]
    return snapshots, skipped
