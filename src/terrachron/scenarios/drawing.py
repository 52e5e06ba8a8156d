"""Drawing a comparison: one column under one view as GeoJSON (land by holder, sea, split lines).

What ``terrachron scenario map`` prints and ``/api/scenarios/{scenario}/map`` answers; the
figures themselves come from :mod:`terrachron.scenarios.metrics`.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field
from shapely.geometry import mapping
from typing_extensions import TypedDict

from terrachron.dates import parse_query_date
from terrachron.examples import SCENARIO_MAP
from terrachron.results import GeometryJSON, LineStringJSON, as_shape, shape
from terrachron.scenarios.maritime import maritime_split
from terrachron.scenarios.metrics import (
    Column,
    Comparison,
    Holder,
    Km2,
    context_holders,
    origin_of,
)
from terrachron.scenarios.model import Pair

__all__ = [
    "MapFeaturesJSON",
    "ScenarioMapJSON",
    "map_features",
    "scenario_map",
]


@shape()
class LandPropertiesJSON(TypedDict):
    """A place of the column, with its holder."""

    layer: Literal["land"]
    place: str
    origin: Annotated[
        str, Field(description="The ledger place it comes from (a split part's whole).")
    ]
    holder: Holder | None
    km2: Km2
    changed: Annotated[bool, Field(description="Its holder differs from the baseline's.")]


@shape()
class SeaPropertiesJSON(TypedDict):
    """One holder's approximate maritime zone."""

    layer: Literal["sea"]
    holder: Holder
    km2: Km2


@shape()
class SplitLinePropertiesJSON(TypedDict):
    """A split's cut line."""

    layer: Literal["split-line"]
    place: str
    parts: Pair


@shape()
class LandFeatureJSON(TypedDict):
    """A place, coloured by its holder."""

    type: Literal["Feature"]
    properties: LandPropertiesJSON
    geometry: GeometryJSON


@shape()
class SeaFeatureJSON(TypedDict):
    """A holder's maritime zone (may be empty)."""

    type: Literal["Feature"]
    properties: SeaPropertiesJSON
    geometry: GeometryJSON


@shape()
class SplitLineFeatureJSON(TypedDict):
    """A split's cut line."""

    type: Literal["Feature"]
    properties: SplitLinePropertiesJSON
    geometry: Annotated[dict[str, Any], as_shape(LineStringJSON)]


@shape()
class MapPropertiesJSON(TypedDict):
    """What the map shows: which column, on which date, under which view."""

    scenario: Annotated[str, Field(description="The scenario's name, or `baseline`.")]
    date: str
    view: str
    caveats: Annotated[
        list[str], Field(description="The maritime caveats (empty without the sea layer).")
    ]


@shape()
class MapFeaturesJSON(TypedDict):
    """One column under one view as GeoJSON features: land by holder, sea, split lines."""

    type: Literal["FeatureCollection"]
    features: Annotated[
        list[LandFeatureJSON | SeaFeatureJSON | SplitLineFeatureJSON],
        Field(
            description="`land` features (one per place), then `sea` (one per holder), then "
            "`split-line` (one per split)."
        ),
    ]


@shape(SCENARIO_MAP)
class ScenarioMapJSON(MapFeaturesJSON):
    """One column under one view, as GeoJSON: land by holder, maritime zones and split lines."""

    properties: MapPropertiesJSON


def map_features(column: Column, view: str, *, sea: bool = True) -> MapFeaturesJSON:
    """A GeoJSON FeatureCollection for drawing one column under one view.

    Features carry ``layer``: ``land`` (one per place: ``place``, ``origin``, ``holder``,
    ``km2``, ``changed``), ``sea`` (one per holder's maritime zone: ``holder``, ``km2``) and
    ``split-line`` (``place``, ``parts``). Coordinates are lon/lat (WGS84).
    """
    ledger = column.ledger
    metrics = column.views[view]
    areas = ledger.place_areas
    changed = {c.place for c in metrics.changes}
    features: list[LandFeatureJSON | SeaFeatureJSON | SplitLineFeatureJSON] = []
    for pid, geom in sorted(ledger.geometries.items()):
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "layer": "land",
                    "place": pid,
                    "origin": origin_of(ledger, pid),
                    "holder": metrics.holders.get(pid),
                    "km2": round(areas.get(pid, 0.0), 3),
                    "changed": pid in changed,
                },
                "geometry": mapping(geom),
            }
        )
    if sea:
        split = maritime_split(ledger)
        day = parse_query_date(column.date).lo
        holders = {**metrics.holders, **context_holders(ledger, day, True)}
        for holder, zone in split.holder_zones(holders).items():
            features.append(
                {
                    "type": "Feature",
                    "properties": {
                        "layer": "sea",
                        "holder": holder,
                        "km2": round(metrics.sea_km2.get(holder, 0.0), 3),
                    },
                    "geometry": mapping(zone),
                }
            )
    if column.scenario is not None:
        for s in column.scenario.splits:
            features.append(
                {
                    "type": "Feature",
                    "properties": {"layer": "split-line", "place": s.place, "parts": list(s.parts)},
                    "geometry": mapping(s.line),
                }
            )
    return {"type": "FeatureCollection", "features": features}


def scenario_map(comparison: Comparison, view: str, *, sea: bool = True) -> ScenarioMapJSON:
    """The last column of ``comparison`` under ``view`` as GeoJSON, saying what it shows.

    :func:`map_features` of the column, with ``properties`` naming the column, the date and the
    view, and carrying the maritime caveats (empty without the sea layer): what
    ``terrachron scenario map`` prints and ``/api/scenarios/{scenario}/map`` answers.
    """
    column = comparison.columns[-1]
    return {
        **map_features(column, view, sea=sea),
        "properties": {
            "scenario": column.name,
            "date": comparison.date,
            "view": view,
            "caveats": list(comparison.caveats) if comparison.maritime else [],
        },
    }
