"""Place geometries as the API serves them: GeoJSON dicts, bounds and label points, made once.

The ledger does not change while the server runs, so each place's GeoJSON is built once when
the app is created instead of on every snapshot request.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from terrachron.geo.bounds import wrapped_bounds

__all__ = ["PlaceShape", "place_shapes"]


@dataclass(frozen=True, slots=True)
class PlaceShape:
    """What a map needs of one place's geometry.

    Attributes
    ----------
    geometry : dict
        The GeoJSON geometry (lists, not tuples, so that it compares equal to parsed JSON).
    bbox : list of float
        ``[west, south, east, north]``.
    label_point : list of float
        ``[lon, lat]`` of a point guaranteed inside the largest part.
    """

    geometry: dict[str, Any]
    bbox: list[float]
    label_point: list[float]


def _lists(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return [_lists(v) for v in value]
    return value


def _largest_part(geom: BaseGeometry) -> BaseGeometry:
    parts = getattr(geom, "geoms", None)
    if parts is None:
        return geom
    return max(parts, key=lambda p: p.area)


def place_shapes(geometries: Mapping[str, BaseGeometry]) -> dict[str, PlaceShape]:
    """The :class:`PlaceShape` of every place that has a geometry.

    Parameters
    ----------
    geometries : Mapping of str to shapely geometry
        Place id to geometry in WGS84 lon/lat (``Ledger.geometries``).
    """
    shapes: dict[str, PlaceShape] = {}
    for pid, geom in geometries.items():
        # On the largest part, so that a chain of islands is labelled on its main island
        # rather than on whichever islet the whole's representative point happens to fall.
        point = _largest_part(geom).representative_point()
        shapes[pid] = PlaceShape(
            geometry=_lists(mapping(geom)),
            # Across 180° when that is smaller (Fiji): west > east, as RFC 7946 writes it.
            bbox=[round(b, 5) for b in (wrapped_bounds([geom]) or geom.bounds)],
            label_point=[round(point.x, 5), round(point.y, 5)],
        )
    return shapes
