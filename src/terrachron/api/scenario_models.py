"""Response models of the scenario endpoints: listings, details, comparisons and maps.

They mirror, key for key, the JSON forms of :mod:`terrachron.scenarios` (``ScenarioInfo.to_dict``,
``Scenario.to_dict``, ``Comparison.to_dict`` and ``map_features``), which are also what
``terrachron scenario … --json`` prints. Like the other response models they forbid extra keys,
so the OpenAPI document cannot fall behind the objects the API returns.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field

from terrachron.api.models import CitationOut, Geometry, _Out

__all__ = [
    "ColumnOut",
    "ComparisonOut",
    "DisputedAreaOut",
    "DisputesOut",
    "HolderChangeOut",
    "LandFeatureOut",
    "LandPropertiesOut",
    "LineStringOut",
    "MapPropertiesOut",
    "MaritimeOut",
    "PromiseOut",
    "ScenarioInfoOut",
    "ScenarioMapOut",
    "ScenarioOut",
    "SeaFeatureOut",
    "SeaPropertiesOut",
    "SplitLineFeatureOut",
    "SplitLinePropertiesOut",
    "SplitOut",
    "ViewMetricsOut",
]

Km2 = Annotated[float, Field(description="Geodesic area in km² (WGS84), rounded to 0.001.")]
Holder = Annotated[
    str,
    Field(
        description="A polity id; joint holders as one holder `a+b`; `undetermined` (no title "
        "holder), `nobody` (no controller) or `unrecorded` (nothing recorded yet)."
    ),
]

_CAVEATS: list[Any] = [
    "Approximate maritime split, not a delimitation: sea within 200 nm of the ledger's land, "
    "given to the nearest land (equidistance from the drawn coastlines).",
]
_LINE: dict[str, Any] = {
    "type": "LineString",
    "coordinates": [[147.159397, 44.890045], [147.431094, 44.636858]],
}
_SPLIT: dict[str, Any] = {
    "place": "etorofu",
    "parts": ["etorofu-southwest", "etorofu-northeast"],
    "method": "bisect",
    "part_km2": [548.774, 2484.841],
    "target_km2": 548.779,
    "error_km2": -0.005,
    "iterations": 16,
    "line": _LINE,
}
_SCENARIO: dict[str, Any] = {
    "name": "area-split",
    "title": "Area split: the four islands divided into equal halves",
    "description": "The disputed area divided into two halves of equal area …",
    "path": "scenarios/area-split",
    "sources": [
        {
            "source": "aso-area-split-remark-2006",
            "note": "The proposal to divide the combined area of the four islands equally.",
        }
    ],
    "instruments": ["peace-treaty-area-split-2030"],
    "branch_date": "2030-01-01",
    "last_date": "2030-01-01",
    "splits": [_SPLIT],
}
_METRICS: dict[str, Any] = {
    "view": "japan",
    "layer": "title",
    "holders": {"etorofu-northeast": "russia", "etorofu-southwest": "japan"},
    "land_km2": {"japan": 81279.412, "russia": 44226.398, "undetermined": 39273.041},
    "disputed_km2": {"japan": 2484.828, "russia": 2484.841},
    "disputed_share": {"japan": 0.499999, "russia": 0.500001},
    "changes": [
        {
            "place": "etorofu-northeast",
            "origin": "etorofu",
            "before": "japan",
            "after": "russia",
            "km2": 2484.841,
        }
    ],
    "promises_pending": [],
    "promises_fulfilled": [
        {
            "effect": "japan-soviet-joint-declaration-1956#1",
            "instrument": "japan-soviet-joint-declaration-1956",
            "to": "japan",
            "places": ["habomai", "shikotan"],
        }
    ],
    "sea_km2": {"japan": 608026.943, "russia": 851669.738, "undetermined": 829141.594},
}
_COLUMN: dict[str, Any] = {
    "name": "area-split",
    "title": _SCENARIO["title"],
    "date": "2030-01-01",
    "scenario": _SCENARIO,
    "instruments": ["peace-treaty-area-split-2030"],
    "total_land_km2": 164778.851,
    "disputes": {
        "disputed": [],
        "ended": ["etorofu", "habomai", "kunashiri", "shikotan"],
        "remaining": [],
        "new": [],
    },
    "sea_km2": 2288838.275,
    "views": {"japan": _METRICS},
}


class ScenarioInfoOut(_Out):
    """A scenario as its folder describes it, read without applying it to the ledger."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "name": "two-islands",
                    "path": "scenarios/two-islands",
                    "title": "Two islands: Habomai and Shikotan handed over under a peace treaty",
                    "description": "The settlement the 1956 Joint Declaration pointed to. …",
                    "sources": [
                        {
                            "source": "text-japan-soviet-joint-declaration-1956",
                            "locator": "Point 9",
                        }
                    ],
                    "instruments": ["peace-treaty-two-islands-2030"],
                    "first_date": "2030-01-01",
                    "splits": [],
                    "problems": [],
                }
            ]
        }
    )

    name: str = Field(description="The name to ask for it by (`scenario=` on every endpoint).")
    path: str = Field(description="Its folder, relative to the ledger's root.")
    title: str
    description: str = Field(description="What the proposal is and where it was discussed.")
    sources: list[CitationOut] = Field(description="The proposals and documents it is drawn from.")
    instruments: list[str] = Field(description="Ids of its hypothetical instruments.")
    first_date: str | None = Field(description="The earliest date among its instruments (EDTF).")
    splits: list[str] = Field(description="The places it splits in two.")
    problems: list[str] = Field(
        description="Problems found reading the folder on its own, as `file:line:column: rule: "
        "message`; a scenario with problems cannot be applied (its endpoints answer 409)."
    )


class LineStringOut(_Out):
    """A GeoJSON LineString in WGS84 lon/lat."""

    type: Literal["LineString"]
    coordinates: list[Annotated[list[float], Field(min_length=2, max_length=3)]]


class SplitOut(_Out):
    """A place of the ledger cut in two by a scenario."""

    model_config = ConfigDict(json_schema_extra={"examples": [_SPLIT]})

    place: str = Field(
        description="The split place; in the scenario its id names the group of its two parts."
    )
    parts: Annotated[list[str], Field(min_length=2, max_length=2)] = Field(
        description="The two new places, first part first."
    )
    method: Literal["line", "bisect"] = Field(
        description="`line`: cut along a line the scenario gives; `bisect`: a straight cut placed "
        "by bisection so that the first part has the target area."
    )
    part_km2: Annotated[list[float], Field(min_length=2, max_length=2)] = Field(
        description="Geodesic area of each part, km²."
    )
    target_km2: float | None = Field(description="The first part's target area (bisect only).")
    error_km2: float | None = Field(description="First part's area minus its target (bisect only).")
    iterations: int = Field(ge=0, description="Bisection steps taken.")
    line: LineStringOut = Field(description="The cut across the place, for drawing.")


class ScenarioOut(_Out):
    """A scenario applied to the ledger: where its branch starts and what it splits."""

    model_config = ConfigDict(json_schema_extra={"examples": [_SCENARIO]})

    name: str
    title: str
    description: str
    path: str = Field(description="Its folder, relative to the ledger's root.")
    sources: list[CitationOut]
    instruments: list[str] = Field(description="Its hypothetical instruments, in date order.")
    branch_date: str = Field(
        description="The first day a hypothetical effect may take hold (ISO): every answer for an "
        "earlier day is the ledger's own."
    )
    last_date: str = Field(description="The day by which every hypothetical effect has taken hold.")
    splits: list[SplitOut]


class HolderChangeOut(_Out):
    """A place whose holder under a view differs from the baseline's."""

    place: str
    origin: str = Field(description="The ledger place it comes from (a split part's whole).")
    before: Holder
    after: Holder
    km2: Km2


class PromiseOut(_Out):
    """A promise of transfer (one effect) and the places it concerns."""

    effect: str = Field(description="The promising effect's id (`<instrument>#<n>`).")
    instrument: str
    to: str = Field(description="The polity promised the places.")
    places: list[str]


class ViewMetricsOut(_Out):
    """One column's figures under one view."""

    model_config = ConfigDict(json_schema_extra={"examples": [_METRICS]})

    view: str
    layer: Literal["title", "control"] = Field(
        description="What `holder` means: title under a polity or neutral view, control under "
        "de-facto."
    )
    holders: dict[str, Holder] = Field(description="Each place's holder.")
    land_km2: dict[str, float] = Field(
        description="Land area per holder, km²; adds up to the column's total land area."
    )
    disputed_km2: dict[str, float] = Field(
        description="Area per holder of the baseline's disputed area, km²."
    )
    disputed_share: dict[str, float] = Field(
        description="Share per holder (0–1) of the baseline's disputed area."
    )
    changes: list[HolderChangeOut] = Field(
        description="Places whose holder differs from the baseline."
    )
    promises_pending: list[PromiseOut] = Field(description="Promises still pending on the date.")
    promises_fulfilled: list[PromiseOut] = Field(
        description="Promises pending in the baseline and kept in this column."
    )
    sea_km2: dict[str, float] = Field(
        description="Approximate maritime zone per holder, km² (empty when not computed)."
    )


class DisputesOut(_Out):
    """The disputes of one column, against the baseline's."""

    disputed: list[str] = Field(description="Places disputed on the date.")
    ended: list[str] = Field(description="Baseline disputes settled (the ledger's place ids).")
    remaining: list[str] = Field(description="Places still disputed that were in the baseline.")
    new: list[str] = Field(description="Places newly disputed.")


class ColumnOut(_Out):
    """The baseline or one scenario on the comparison's date."""

    model_config = ConfigDict(json_schema_extra={"examples": [_COLUMN]})

    name: str = Field(description="`baseline` or the scenario's name.")
    title: str
    date: str
    scenario: ScenarioOut | None = Field(description="Null for the baseline.")
    instruments: list[str] = Field(
        description="The scenario's hypothetical instruments in effect by the date."
    )
    total_land_km2: Km2
    disputes: DisputesOut
    sea_km2: float | None = Field(
        description="The sea studied (within 200 nm of the ledger's land), km²; null when the "
        "maritime split was not computed."
    )
    views: dict[str, ViewMetricsOut] = Field(description="The figures under each view asked for.")


class DisputedAreaOut(_Out):
    """The places disputed in the baseline on the date: what the shares are shares of."""

    places: list[str]
    km2: Km2


class MaritimeOut(_Out):
    """How the sea figures were computed, and what they ignore: show the caveats with them."""

    computed: bool
    limit_nm: int = Field(description="The limit of the sea studied, nautical miles.")
    limit_m: float = Field(description="The same limit in metres.")
    method: str
    caveats: list[str] = Field(
        description="What the approximation ignores; it is not a delimitation."
    )


class ComparisonOut(_Out):
    """The ledger as recorded and each scenario on one date, side by side."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "ledger": "japan-russia",
                    "date": "2030-01-01",
                    "views": ["japan"],
                    "disputed_area": {
                        "places": ["etorofu", "habomai", "kunashiri", "shikotan"],
                        "km2": 4969.666,
                    },
                    "columns": [_COLUMN],
                    "maritime": {
                        "computed": True,
                        "limit_nm": 200,
                        "limit_m": 370400.0,
                        "method": "equidistance (nearest land) from densified coastlines; …",
                        "caveats": _CAVEATS,
                    },
                }
            ]
        }
    )

    ledger: str = Field(description="The ledger's id.")
    date: str = Field(description="The date compared (EDTF, as asked or the default).")
    views: list[str]
    disputed_area: DisputedAreaOut
    columns: list[ColumnOut] = Field(
        description="The baseline first (`name` `baseline`, `scenario` null), then each scenario "
        "in the order asked."
    )
    maritime: MaritimeOut


class LandPropertiesOut(_Out):
    """A place of the column, with its holder."""

    layer: Literal["land"]
    place: str
    origin: str = Field(description="The ledger place it comes from (a split part's whole).")
    holder: Holder | None
    km2: Km2
    changed: bool = Field(description="Its holder differs from the baseline's.")


class SeaPropertiesOut(_Out):
    """One holder's approximate maritime zone."""

    layer: Literal["sea"]
    holder: Holder
    km2: Km2


class SplitLinePropertiesOut(_Out):
    """A split's cut line."""

    layer: Literal["split-line"]
    place: str
    parts: Annotated[list[str], Field(min_length=2, max_length=2)]


class LandFeatureOut(_Out):
    """A place, coloured by its holder."""

    type: Literal["Feature"]
    properties: LandPropertiesOut
    geometry: Geometry


class SeaFeatureOut(_Out):
    """A holder's maritime zone (may be empty)."""

    type: Literal["Feature"]
    properties: SeaPropertiesOut
    geometry: Geometry


class SplitLineFeatureOut(_Out):
    """A split's cut line."""

    type: Literal["Feature"]
    properties: SplitLinePropertiesOut
    geometry: LineStringOut


class MapPropertiesOut(_Out):
    """What the map shows: which column, on which date, under which view."""

    scenario: str = Field(description="The scenario's name, or `baseline`.")
    date: str
    view: str
    caveats: list[str] = Field(description="The maritime caveats (empty without the sea layer).")


class ScenarioMapOut(_Out):
    """One column under one view, as GeoJSON: land by holder, maritime zones and split lines."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "type": "FeatureCollection",
                    "features": [
                        {
                            "type": "Feature",
                            "properties": {
                                "layer": "land",
                                "place": "etorofu-southwest",
                                "origin": "etorofu",
                                "holder": "japan",
                                "km2": 548.774,
                                "changed": False,
                            },
                            "geometry": {
                                "type": "Polygon",
                                "coordinates": [[[147.0, 44.5], [147.4, 44.6], [147.2, 44.9]]],
                            },
                        },
                        {
                            "type": "Feature",
                            "properties": {
                                "layer": "split-line",
                                "place": "etorofu",
                                "parts": ["etorofu-southwest", "etorofu-northeast"],
                            },
                            "geometry": _LINE,
                        },
                    ],
                    "properties": {
                        "scenario": "area-split",
                        "date": "2030-01-01",
                        "view": "japan",
                        "caveats": _CAVEATS,
                    },
                }
            ]
        }
    )

    type: Literal["FeatureCollection"]
    features: list[LandFeatureOut | SeaFeatureOut | SplitLineFeatureOut] = Field(
        description="`land` features (one per place), then `sea` (one per holder), then "
        "`split-line` (one per split)."
    )
    properties: MapPropertiesOut
