"""The JSON shapes of the answers only the API makes: refusals, health, places, instruments.

The query answers (statuses, timelines, snapshots) are declared beside their records in
:mod:`terrachron.results`, and the scenario answers in :mod:`terrachron.scenarios`; these are
the ones the routes assemble themselves. Ledger records inside them (places, groups,
instruments, sources) are declared as the domain models of :mod:`terrachron.model`, since the
API serves them as the ledger files hold them.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field
from typing_extensions import TypedDict

from terrachron import examples
from terrachron.model import Group, Instrument, Place, Source
from terrachron.results import GeometryJSON, LonLat, StatusJSON, StatusValue, as_shape, shape

__all__ = [
    "DisputeJSON",
    "EffectJSON",
    "ErrorJSON",
    "HealthJSON",
    "InstrumentDetailJSON",
    "PlaceDetailJSON",
    "PlacesJSON",
    "PolityRefJSON",
    "SnapshotFileJSON",
]

# Records dumped with ``model_dump()`` are plain dicts to mypy; they are declared as the models.
PlaceRecord = Annotated[dict[str, Any], as_shape(Place)]
GroupRecord = Annotated[dict[str, Any], as_shape(Group)]
InstrumentRecord = Annotated[dict[str, Any], as_shape(Instrument)]
SourceRecord = Annotated[dict[str, Any], as_shape(Source)]
BBox = Annotated[
    list[float], Field(min_length=4, max_length=4, description="[west, south, east, north]")
]


@shape(examples.ERROR)
class ErrorJSON(TypedDict):
    """Why a request was refused, and which parameter was at fault."""

    detail: Annotated[str, Field(description="What is wrong and what to do about it.")]
    parameter: Annotated[
        str | None,
        Field(description="The request parameter at fault (null when no single one is)."),
    ]


@shape(examples.HEALTH)
class HealthJSON(TypedDict):
    """The server is up, and which ledger it serves."""

    status: Literal["ok"]
    ledger: Annotated[str, Field(description="The ledger's id.")]
    title: Annotated[str, Field(description="The ledger's title.")]
    content_hash: Annotated[str, Field(description="SHA-256 over every record file of the ledger.")]
    version: Annotated[str, Field(description="The terrachron version serving it.")]
    places: Annotated[int, Field(ge=0, description="How many places the ledger holds.")]
    instruments: Annotated[int, Field(ge=0, description="How many instruments the ledger holds.")]
    views: Annotated[list[str], Field(description="The view ids, de-facto first.")]
    scenario: Annotated[
        str | None,
        Field(
            description="The scenario answered (null for the ledger as recorded); the counts and "
            "the content hash are then the branch's."
        ),
    ]


@shape(examples.PLACES)
class PlacesJSON(TypedDict):
    """Places and groups, as ``terrachron places --json`` prints them."""

    places: list[PlaceRecord]
    groups: list[GroupRecord]


@shape(examples.PLACE_DETAIL)
class PlaceDetailJSON(TypedDict):
    """One place: its record, the groups it belongs to under each view, and its geometry."""

    place: Annotated[PlaceRecord, Field(description="The place record as the ledger holds it.")]
    groups: Annotated[
        dict[str, list[str]],
        Field(
            description="For each view, the groups that include this place as that view reads them."
        ),
    ]
    bbox: Annotated[BBox | None, Field(description="The geometry's bounds; null when it has none.")]
    label_point: Annotated[
        LonLat | None,
        Field(description="A point inside the place (on its largest part), where a label can go."),
    ]
    geometry: Annotated[
        GeometryJSON | None, Field(description="The place's area; null when it has none.")
    ]


@shape()
class PolityRefJSON(TypedDict):
    """A polity id with its English name."""

    id: str
    name: str


@shape()
class EffectJSON(TypedDict):
    """One effect of an instrument, with its id, date and the places it touches."""

    id: Annotated[str, Field(description="The effect id (``<instrument>#<n>``).")]
    op: str
    date: Annotated[str | None, Field(description="EDTF date it takes hold (null when undated).")]
    places: Annotated[list[str], Field(description="Places named directly.")]
    group: Annotated[str | None, Field(description="The group it touches, if any.")]
    members: Annotated[
        dict[str, list[str]],
        Field(
            description="For each view, every place the effect touches as that view reads the "
            "group."
        ),
    ]
    rejected_by: Annotated[list[str], Field(description="The views that do not recognize it.")]
    record: Annotated[dict[str, Any], Field(description="The effect as the ledger holds it.")]


@shape(examples.INSTRUMENT_DETAIL)
class InstrumentDetailJSON(TypedDict):
    """An instrument with its effects resolved, its parties named and its sources attached."""

    instrument: Annotated[
        InstrumentRecord, Field(description="The record as ``instruments --json`` prints it.")
    ]
    effective: Annotated[
        str | None, Field(description="The date effects take hold by default (EDTF).")
    ]
    effective_range: Annotated[
        list[str | None],
        Field(
            min_length=2,
            max_length=2,
            description="First and last possible day of ``effective`` (ISO; null when open).",
        ),
    ]
    parties: list[PolityRefJSON]
    effects: list[EffectJSON]
    sources: Annotated[list[SourceRecord], Field(description="Every source the instrument cites.")]


@shape()
class SnapshotFilePropertiesJSON(TypedDict):
    """One place of a snapshot file, flat: holders and effect ids are joined by ``|``."""

    place: str
    date: str
    view: str
    controller: Annotated[str | None, Field(description="Controller id(s), joined by `|`.")]
    title: Annotated[str | None, Field(description="Title holder id(s), joined by `|`.")]
    claimants: Annotated[str | None, Field(description="Claimant ids, joined by `|`.")]
    status: StatusValue
    disputed: bool
    occupied: bool
    uncertain: bool
    pending: Annotated[str | None, Field(description="Pending promise effect ids, joined by `|`.")]
    chain: Annotated[str | None, Field(description="The effect ids of the chain, joined by `|`.")]
    name: Annotated[str, Field(description="The place's English name.")]
    area_km2: Annotated[float, Field(description="Geodesic area, km².")]


@shape()
class SnapshotFileFeatureJSON(TypedDict):
    """One place of a snapshot file."""

    type: Literal["Feature"]
    properties: SnapshotFilePropertiesJSON
    geometry: GeometryJSON | None


@shape(examples.SNAPSHOT_FILE)
class SnapshotFileJSON(TypedDict):
    """A snapshot as the file exports write it (``format=geojson``): flat columns per place."""

    type: Literal["FeatureCollection"]
    features: list[SnapshotFileFeatureJSON]


@shape(
    {
        **examples.STATUS,
        "name": "Kunashiri",
        "bbox": [145.40992, 43.65266, 146.57211, 44.51138],
        "label_point": [145.8343, 44.0968],
    }
)
class DisputeJSON(StatusJSON):
    """A disputed place's status, with what a list needs to link to it on the map."""

    name: Annotated[str, Field(description="The place's name (English, else its id).")]
    bbox: Annotated[BBox | None, Field(description="null: the place has no geometry.")]
    label_point: Annotated[LonLat | None, Field(description="[lon, lat] inside the place.")]
