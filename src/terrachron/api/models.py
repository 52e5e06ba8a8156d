"""Response models of the HTTP API: the OpenAPI description of what each endpoint returns.

The bodies themselves are the JSON forms of :mod:`terrachron.results` (``Status.to_dict()``,
``Explanation.to_dict()``, ``timeline_dict()``) and the ledger records dumped as the CLI's
``--json`` dumps them, so the CLI and the API answer with the same objects. These models mirror
those forms key for key (``extra="forbid"``); the API tests validate every response against them,
and the schemathesis run checks every response against the OpenAPI document built from them.

Ledger records (places, groups, instruments, views, polities, sources) are described by the
domain models of :mod:`terrachron.model` themselves: the API serves them as the ledger files
hold them.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from terrachron.model import Group, Instrument, Place, Source

__all__ = [
    "AlternativeOut",
    "AnswerOut",
    "ChainLinkOut",
    "CitationOut",
    "EffectOut",
    "ErrorOut",
    "ExplanationOut",
    "FeatureOut",
    "FeatureProperties",
    "HealthOut",
    "InstrumentDetailOut",
    "MultiPolygonOut",
    "PendingOut",
    "PeriodOut",
    "PlaceDetailOut",
    "PlacesOut",
    "PolityRef",
    "PolygonOut",
    "SnapshotFileOut",
    "SnapshotOut",
    "StatusOut",
    "TimelineOut",
]

StatusValue = Literal["unrecorded", "undetermined", "disputed", "occupied", "undisputed"]
Role = Literal["title", "control", "claim", "promise", "affirm", "succession"]
Holders = Annotated[
    str | list[str] | None,
    Field(
        description="One polity id; a list of ids when held jointly; null for nobody (and for "
        "the title under a view with no title layer, such as de-facto)."
    ),
]

_KUNASHIRI_ANSWER: dict[str, Any] = {
    "controller": "soviet-union",
    "title": "japan",
    "claimants": ["japan", "soviet-union"],
    "status": "disputed",
    "disputed": True,
    "occupied": True,
    "pending": [],
}
_CITATION: dict[str, Any] = {
    "source": "fushita-2019",
    "paragraph": 9,
    "chars": [2888, 3092],
    "note": "The article dates the occupation of the four islands to 28 August – 5 September.",
}
_LINK: dict[str, Any] = {
    "effect": "soviet-occupation-four-islands-1945#kunashiri",
    "instrument": "soviet-occupation-four-islands-1945",
    "instrument_title": "Soviet occupation of Etorofu, Kunashiri, Shikotan and the Habomai islets",
    "op": "occupy",
    "role": "control",
    "date": "1945-09-01",
    "polities": ["soviet-union"],
    "recognized": True,
    "reason": None,
    "pending": False,
    "hypothetical": False,
    "note": "Landing on Kunashiri.",
    "ledger": "japan-russia",
    "citations": [_CITATION],
}
_STATUS: dict[str, Any] = {
    "place": "kunashiri",
    "date": "1950-01-01",
    "view": "japan",
    **_KUNASHIRI_ANSWER,
    "uncertain": False,
    "alternatives": [],
    "chain": [_LINK],
    "horizon": None,
    "narrative": "On 1945-09-01, Soviet occupation of Etorofu, Kunashiri, "
    "Shikotan and the Habomai islets brought it under Soviet Union's military control. On "
    "1950-01-01, in the view 'japan', Kunashiri is controlled by Soviet Union; title is held by "
    "Japan; claimed by Japan and Soviet Union: disputed and occupied.",
}


class _Out(BaseModel):
    # Extra keys are an error: a key added to results.to_dict() must be added here too, so the
    # OpenAPI document never falls behind the objects the API actually returns.
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class ErrorOut(_Out):
    """Why a request was refused, and which parameter was at fault."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "detail": "unknown place 'kunashir1'; did you mean 'kunashiri'?",
                    "parameter": "place",
                }
            ]
        }
    )

    detail: str = Field(description="What is wrong and what to do about it.")
    parameter: str | None = Field(
        description="The request parameter at fault (null when no single one is)."
    )


class HealthOut(_Out):
    """The server is up, and which ledger it serves."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "status": "ok",
                    "ledger": "japan-russia",
                    "title": "Japan and Russia: Hokkaido, the Kuril Islands and Sakhalin",
                    "content_hash": "3f1c…",
                    "version": "0.1.0",
                    "places": 11,
                    "instruments": 21,
                    "views": ["de-facto", "japan", "russia"],
                    "scenario": None,
                }
            ]
        }
    )

    status: Literal["ok"]
    ledger: str = Field(description="The ledger's id.")
    title: str = Field(description="The ledger's title.")
    content_hash: str = Field(description="SHA-256 over every record file of the ledger.")
    version: str = Field(description="The terrachron version serving it.")
    places: int = Field(ge=0, description="How many places the ledger holds.")
    instruments: int = Field(ge=0, description="How many instruments the ledger holds.")
    views: list[str] = Field(description="The view ids, de-facto first.")
    scenario: str | None = Field(
        description="The scenario answered (null for the ledger as recorded); the counts and the "
        "content hash are then the branch's."
    )


class PlacesOut(_Out):
    """Places and groups, as ``terrachron places --json`` prints them."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "places": [
                        {
                            "id": "kunashiri",
                            "names": {"en": "Kunashiri", "ja": "国後島", "ru": "Кунашир"},
                            "aliases": {"en": ["Kunashir"]},
                            "geometry": "../geometry/kunashiri.geojson",
                        }
                    ],
                    "groups": [],
                }
            ]
        }
    )

    places: list[Place]
    groups: list[Group]


class PolygonOut(_Out):
    """A GeoJSON Polygon in WGS84 lon/lat."""

    type: Literal["Polygon"]
    coordinates: list[list[Annotated[list[float], Field(min_length=2, max_length=3)]]]


class MultiPolygonOut(_Out):
    """A GeoJSON MultiPolygon in WGS84 lon/lat."""

    type: Literal["MultiPolygon"]
    coordinates: list[list[list[Annotated[list[float], Field(min_length=2, max_length=3)]]]]


Geometry = Annotated[PolygonOut | MultiPolygonOut, Field(discriminator="type")]
LonLat = Annotated[list[float], Field(min_length=2, max_length=2, description="[lon, lat]")]
BBox = Annotated[
    list[float], Field(min_length=4, max_length=4, description="[west, south, east, north]")
]


class PlaceDetailOut(_Out):
    """One place: its record, the groups it belongs to under each view, and its geometry."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "place": {
                        "id": "kunashiri",
                        "names": {"en": "Kunashiri", "ja": "国後島", "ru": "Кунашир"},
                        "aliases": {"en": ["Kunashir"]},
                        "geometry": "../geometry/kunashiri.geojson",
                    },
                    "groups": {
                        "de-facto": ["kuril-islands", "northern-territories"],
                        "japan": ["northern-territories"],
                        "russia": ["kuril-islands", "northern-territories"],
                    },
                    "bbox": [145.43, 43.58, 146.65, 44.51],
                    "label_point": [145.97, 44.07],
                    "geometry": {
                        "type": "Polygon",
                        "coordinates": [[[145.4, 43.6], [146.6, 44.5]]],
                    },
                }
            ]
        }
    )

    place: Place = Field(description="The place record as the ledger holds it.")
    groups: dict[str, list[str]] = Field(
        description="For each view, the groups that include this place as that view reads them."
    )
    bbox: BBox | None = Field(description="The geometry's bounds; null when it has none.")
    label_point: LonLat | None = Field(
        description="A point inside the place (on its largest part), where a label can go."
    )
    geometry: Geometry | None = Field(description="The place's area; null when it has none.")


class PendingOut(_Out):
    """A promise of transfer the view recognizes and that has not been kept."""

    effect: str = Field(description="The promising effect's id (``<instrument>#<n>``).")
    instrument: str
    to: str = Field(description="The polity promised the place.")
    from_: str | None = Field(alias="from", description="The polity that promised it.")
    condition: str = Field(description="What must happen first.")
    since: str = Field(description="EDTF date of the promise.")
    amended_by: str | None = Field(
        description="The effect that last amended the condition, as the view reads it; null "
        "when the condition is the promise's own."
    )


class CitationOut(_Out):
    """A pointer into a source: by paragraph, character offsets or a locator."""

    source: str = Field(description="The source id (see /api/sources).")
    paragraph: int | None = Field(None, description="1-based paragraph.")
    chars: Annotated[list[int], Field(min_length=2, max_length=2)] | None = Field(
        None, description="[start, end) character offsets."
    )
    locator: str | None = Field(None, description="Article, section or page.")
    note: str | None = Field(None, description="What the citation supports.")


class ChainLinkOut(_Out):
    """One step in the explanation of a status, with its citations."""

    model_config = ConfigDict(json_schema_extra={"examples": [_LINK]})

    effect: str = Field(description="Effect id, or ``succession:<old>><new>``.")
    instrument: str | None
    instrument_title: str | None
    op: str = Field(description="The operation: transfer, occupy, renounce, promise_transfer, …")
    role: Role
    date: str = Field(description="EDTF date the step takes hold.")
    polities: list[str]
    recognized: bool = Field(description="Whether the view gives the step legal effect here.")
    reason: str | None = Field(description="Why not, when not recognized.")
    pending: bool = Field(description="The step's date range contains the query day.")
    hypothetical: bool
    note: str | None
    ledger: str | None = Field(
        description="Id of the ledger the step came from: which one decided, in a merged ledger."
    )
    precision: str | None = Field(None, description="The source's border precision, if stated.")
    citations: list[CitationOut]


class AnswerOut(_Out):
    """The facts of one place under one view on one day."""

    model_config = ConfigDict(json_schema_extra={"examples": [_KUNASHIRI_ANSWER]})

    controller: Holders
    title: Holders
    claimants: list[str]
    status: StatusValue = Field(
        description="The first that applies: unrecorded (no instrument touches the place yet), "
        "undetermined (no title holder under the view), disputed (two or more claimants), "
        "occupied (controller is not the title holder), undisputed."
    )
    disputed: bool
    occupied: bool
    pending: list[PendingOut]


class AlternativeOut(AnswerOut):
    """One possible answer on an uncertain date, with the pending effects it assumes."""

    assumes: list[str] = Field(description="Effect ids assumed to have happened.")


class StatusOut(AnswerOut):
    """Who controlled, held and claimed a place on a date under a view, and why."""

    model_config = ConfigDict(json_schema_extra={"examples": [_STATUS]})

    place: str = Field(description="The place id.")
    date: str = Field(description="The EDTF date as asked.")
    view: str = Field(description="The view id.")
    uncertain: bool = Field(description="The answer depends on when an uncertain step happened.")
    alternatives: list[AlternativeOut] = Field(description="Every possible answer when uncertain.")
    chain: list[ChainLinkOut] = Field(description="The steps concerning the place, in order.")
    narrative: str = Field(description="A paragraph generated from the chain.")
    horizon: str | None = Field(
        description="Set when the date asked goes past the end of the record: the last date "
        "the ledger records. The answer is then the last recorded state, and the narrative "
        "says 'nothing is recorded after' that date."
    )


class ExplanationOut(StatusOut):
    """A status, with the same place and date under every other view."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    **_STATUS,
                    "other_views": {
                        "de-facto": {**_KUNASHIRI_ANSWER, "title": None, "occupied": False},
                        "russia": {
                            **_KUNASHIRI_ANSWER,
                            "title": "soviet-union",
                            "occupied": False,
                        },
                    },
                }
            ]
        }
    )

    other_views: dict[str, AnswerOut] = Field(description="The answer under each other view.")


class PeriodOut(AnswerOut):
    """A span of days over which the answer stays the same."""

    start: str | None = Field(description="First day (ISO), null when open.")
    end: str | None = Field(description="Last day (ISO), null when open.")
    uncertain: bool
    alternatives: list[AlternativeOut]
    caused_by: list[str] = Field(description="The effect ids that open the period.")


class TimelineOut(_Out):
    """Every period of a place under a view, covering all time."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "place": "kunashiri",
                    "view": "japan",
                    "periods": [
                        {
                            **_KUNASHIRI_ANSWER,
                            "start": "1946-02-02",
                            "end": "1991-12-25",
                            "uncertain": False,
                            "alternatives": [],
                            "caused_by": ["soviet-incorporation-decree-1946#2"],
                        }
                    ],
                }
            ]
        }
    )

    place: str
    view: str
    periods: list[PeriodOut]


class FeatureProperties(StatusOut):
    """A place's status on the snapshot's date, with what a map needs to draw and label it."""

    name: str = Field(description="The place's English name.")
    label_point: LonLat | None = Field(description="Where a label can go.")


class FeatureOut(_Out):
    """One place of a snapshot."""

    type: Literal["Feature"]
    id: str = Field(description="The place id.")
    geometry: Geometry | None = Field(description="Null when asked with geometry=false.")
    properties: FeatureProperties


class SnapshotOut(_Out):
    """Every place on one date under one view, as a GeoJSON FeatureCollection."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "type": "FeatureCollection",
                    "date": "1950-01-01",
                    "view": "japan",
                    "features": [
                        {
                            "type": "Feature",
                            "id": "kunashiri",
                            "geometry": None,
                            "properties": {
                                **_STATUS,
                                "name": "Kunashiri",
                                "label_point": [145.97, 44.07],
                            },
                        }
                    ],
                }
            ]
        }
    )

    type: Literal["FeatureCollection"]
    date: str = Field(description="The EDTF date as asked.")
    view: str = Field(description="The view id.")
    features: list[FeatureOut]


class PolityRef(_Out):
    """A polity id with its English name."""

    id: str
    name: str


class EffectOut(_Out):
    """One effect of an instrument, with its id, date and the places it touches."""

    id: str = Field(description="The effect id (``<instrument>#<n>``).")
    op: str
    date: str | None = Field(description="EDTF date it takes hold (null when undated).")
    places: list[str] = Field(description="Places named directly.")
    group: str | None = Field(description="The group it touches, if any.")
    members: dict[str, list[str]] = Field(
        description="For each view, every place the effect touches as that view reads the group."
    )
    rejected_by: list[str] = Field(description="The views that do not recognize it.")
    record: dict[str, Any] = Field(description="The effect as the ledger holds it.")


class InstrumentDetailOut(_Out):
    """An instrument with its effects resolved, its parties named and its sources attached."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "instrument": {
                        "id": "japan-soviet-joint-declaration-1956",
                        "kind": "joint-declaration",
                        "title": "Joint Declaration by Japan and the USSR",
                        "parties": ["japan", "soviet-union"],
                        "signed": "1956-10-19",
                        "in_force": "1956-12-12",
                        "summary": "Ended the state of war; promised Habomai and Shikotan.",
                    },
                    "effective": "1956-12-12",
                    "effective_range": ["1956-12-12", "1956-12-12"],
                    "parties": [{"id": "japan", "name": "Japan"}],
                    "effects": [],
                    "sources": [],
                }
            ]
        }
    )

    instrument: Instrument = Field(description="The record as ``instruments --json`` prints it.")
    effective: str | None = Field(description="The date effects take hold by default (EDTF).")
    effective_range: Annotated[list[str | None], Field(min_length=2, max_length=2)] = Field(
        description="First and last possible day of ``effective`` (ISO; null when open)."
    )
    parties: list[PolityRef]
    effects: list[EffectOut]
    sources: list[Source] = Field(description="Every source the instrument cites.")


class SnapshotFileProperties(_Out):
    """One place of a snapshot file, flat: holders and effect ids are joined by ``|``."""

    place: str
    date: str
    view: str
    controller: str | None = Field(description="Controller id(s), joined by `|`.")
    title: str | None = Field(description="Title holder id(s), joined by `|`.")
    claimants: str | None = Field(description="Claimant ids, joined by `|`.")
    status: StatusValue
    disputed: bool
    occupied: bool
    uncertain: bool
    pending: str | None = Field(description="Pending promise effect ids, joined by `|`.")
    chain: str | None = Field(description="The effect ids of the chain, joined by `|`.")
    name: str = Field(description="The place's English name.")
    area_km2: float = Field(description="Geodesic area, km².")


class SnapshotFileFeature(_Out):
    """One place of a snapshot file."""

    type: Literal["Feature"]
    properties: SnapshotFileProperties
    geometry: Geometry | None


class SnapshotFileOut(_Out):
    """A snapshot as the file exports write it (``format=geojson``): flat columns per place."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "type": "FeatureCollection",
                    "features": [
                        {
                            "type": "Feature",
                            "properties": {
                                "place": "kunashiri",
                                "date": "1950-01-01",
                                "view": "japan",
                                "controller": "soviet-union",
                                "title": "japan",
                                "claimants": "japan|soviet-union",
                                "status": "disputed",
                                "disputed": True,
                                "occupied": True,
                                "uncertain": False,
                                "pending": None,
                                "chain": "shimoda-treaty-1855#1|yalta-agreement-1945#2",
                                "name": "Kunashiri",
                                "area_km2": 1566.169,
                            },
                            "geometry": None,
                        }
                    ],
                }
            ]
        }
    )

    type: Literal["FeatureCollection"]
    features: list[SnapshotFileFeature]
