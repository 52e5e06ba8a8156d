"""The records queries return (statuses, explanations, timelines) and their declared JSON shapes.

Each answer's JSON form is declared once, as a ``TypedDict`` beside the record (``StatusJSON``
beside :class:`Status`): ``to_dict`` is annotated to return it, so mypy checks that the
serialiser and the declaration agree key for key; the API uses the same declaration as its
``response_model`` (and so its OpenAPI document), and the CLI's ``--json`` prints ``to_dict()``.
Every shape forbids extra keys, so a key added to a serialiser but not to its shape fails the
API tests that validate real answers against the declared shapes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, TypeVar, cast

from pydantic import ConfigDict, Field, GetPydanticSchema, with_config
from pydantic.config import JsonDict
from typing_extensions import TypedDict

from terrachron import examples
from terrachron.engine.answer import Answer, Pending
from terrachron.engine.explain import ChainLink
from terrachron.engine.timeline import Alternative, Timeline
from terrachron.model import Citation

__all__ = [
    "Alternative",
    "AlternativeJSON",
    "Answer",
    "AnswerJSON",
    "ChainLink",
    "ChainLinkJSON",
    "CitationJSON",
    "DisputesJSON",
    "ExplainJSON",
    "Explanation",
    "FeatureJSON",
    "FeaturePropertiesJSON",
    "GeometryJSON",
    "LineStringJSON",
    "LonLat",
    "MultiPolygonJSON",
    "Pending",
    "PendingJSON",
    "PeriodJSON",
    "PolygonJSON",
    "SnapshotJSON",
    "Status",
    "StatusJSON",
    "StatusValue",
    "TimelineJSON",
    "as_shape",
    "shape",
    "timeline_dict",
]

_T = TypeVar("_T", bound=type)


def shape(example: dict[str, Any] | None = None) -> Callable[[_T], _T]:
    """Declare a ``TypedDict`` as a JSON shape: extra keys refused, ``example`` shown in the docs.

    Parameters
    ----------
    example : dict, optional
        An answer of this shape, for the OpenAPI document.
    """
    extra: JsonDict | None = {"examples": [example]} if example is not None else None
    return with_config(ConfigDict(extra="forbid", json_schema_extra=extra))


def as_shape(declared: Any) -> GetPydanticSchema:
    """Validate and document a field as ``declared`` while its Python type stays a plain dict.

    For the parts of an answer made by ``model_dump()`` or shapely's ``mapping()``, which are
    untyped dicts to mypy: ``Annotated[dict[str, Any], as_shape(Place)]`` is checked against
    ``Place`` (and documented as it) at run time.
    """
    return GetPydanticSchema(lambda _source, handler: handler(declared))


StatusValue = Literal["unrecorded", "undetermined", "disputed", "occupied", "undisputed"]
Role = Literal["title", "control", "claim", "promise", "affirm", "succession", "window"]
Holders = Annotated[
    str | list[str] | None,
    Field(
        description="One polity id; a list of ids when held jointly; null for nobody (and for "
        "the title under a view with no title layer, such as de-facto)."
    ),
]
Position = Annotated[list[float], Field(min_length=2, max_length=3)]
LonLat = Annotated[list[float], Field(min_length=2, max_length=2, description="[lon, lat]")]


@shape()
class PolygonJSON(TypedDict):
    """A GeoJSON Polygon in WGS84 lon/lat."""

    type: Literal["Polygon"]
    coordinates: list[list[Position]]


@shape()
class MultiPolygonJSON(TypedDict):
    """A GeoJSON MultiPolygon in WGS84 lon/lat."""

    type: Literal["MultiPolygon"]
    coordinates: list[list[list[Position]]]


@shape()
class LineStringJSON(TypedDict):
    """A GeoJSON LineString in WGS84 lon/lat."""

    type: Literal["LineString"]
    coordinates: list[Position]


# Geometries come from shapely's mapping() (a plain dict to mypy), so they are typed as dicts
# and declared, for validation and the docs, as the GeoJSON shapes above.
GeometryJSON = Annotated[
    dict[str, Any],
    as_shape(Annotated[PolygonJSON | MultiPolygonJSON, Field(discriminator="type")]),
]
CitationJSON = Annotated[dict[str, Any], as_shape(Citation)]
"""A citation as the ledger holds it (``Citation.model_dump(exclude_none=True)``)."""

# ``from`` is a keyword, hence the functional form of this TypedDict.
PendingJSON = TypedDict(
    "PendingJSON",
    {
        "effect": Annotated[
            str, Field(description="The promising effect's id (``<instrument>#<n>``).")
        ],
        "instrument": str,
        "to": Annotated[str, Field(description="The polity promised the place.")],
        "from": Annotated[str | None, Field(description="The polity that promised it.")],
        "condition": Annotated[str, Field(description="What must happen first.")],
        "since": Annotated[str, Field(description="EDTF date of the promise.")],
        "amended_by": Annotated[
            str | None,
            Field(
                description="The effect that last amended the condition, as the view reads "
                "it; null when the condition is the promise's own."
            ),
        ],
    },
)
PendingJSON.__doc__ = "A promise of transfer the view recognizes and that has not been kept."
shape()(PendingJSON)


@shape(examples.ANSWER)
class AnswerJSON(TypedDict):
    """The facts of one place under one view on one day."""

    controller: Holders
    title: Holders
    claimants: list[str]
    status: Annotated[
        StatusValue,
        Field(
            description="The first that applies: unrecorded (no instrument touches the place "
            "yet), undetermined (no title holder under the view), disputed (two or more "
            "claimants), occupied (controller is not the title holder), undisputed."
        ),
    ]
    disputed: bool
    occupied: bool
    pending: list[PendingJSON]


@shape(examples.ALTERNATIVE)
class AlternativeJSON(AnswerJSON):
    """One possible answer on an uncertain date, with the pending effects it assumes."""

    assumes: Annotated[list[str], Field(description="Effect ids assumed to have happened.")]


@shape(examples.CHAIN_LINK)
class ChainLinkJSON(TypedDict):
    """One step in the explanation of a status, with its citations."""

    effect: Annotated[str, Field(description="Effect id, or ``succession:<old>><new>``.")]
    instrument: str | None
    instrument_title: str | None
    op: Annotated[
        str, Field(description="The operation: transfer, occupy, renounce, promise_transfer, …")
    ]
    role: Role
    date: Annotated[str, Field(description="EDTF date the step takes hold.")]
    polities: list[str]
    recognized: Annotated[
        bool, Field(description="Whether the view gives the step legal effect here.")
    ]
    reason: Annotated[str | None, Field(description="Why not, when not recognized.")]
    pending: Annotated[bool, Field(description="The step's date range contains the query day.")]
    hypothetical: bool
    note: str | None
    ledger: Annotated[
        str | None,
        Field(
            description="Id of the ledger the step came from: which one decided, in a merged "
            "ledger."
        ),
    ]
    precision: Annotated[
        str | None,
        Field(description="The source's border precision, when it states one (imported steps)."),
    ]
    citations: list[CitationJSON]


@shape(examples.STATUS)
class StatusJSON(AnswerJSON):
    """Who controlled, held and claimed a place on a date under a view, and why."""

    place: Annotated[str, Field(description="The place id.")]
    date: Annotated[str, Field(description="The EDTF date as asked.")]
    view: Annotated[str, Field(description="The view id.")]
    uncertain: Annotated[
        bool, Field(description="The answer depends on when an uncertain step happened.")
    ]
    alternatives: Annotated[
        list[AlternativeJSON], Field(description="Every possible answer when uncertain.")
    ]
    chain: Annotated[
        list[ChainLinkJSON], Field(description="The steps concerning the place, in order.")
    ]
    narrative: Annotated[str, Field(description="A paragraph generated from the chain.")]
    horizon: Annotated[
        str | None,
        Field(
            description="Set when the date asked goes past the end of the record: the last "
            "date the ledger records. The answer is then the last recorded state, and the "
            "narrative says 'nothing is recorded after' that date."
        ),
    ]


@shape(examples.EXPLAIN)
class ExplainJSON(StatusJSON):
    """A status, with the same place and date under every other view."""

    other_views: Annotated[
        dict[str, AnswerJSON], Field(description="The answer under each other view.")
    ]


DisputesJSON = list[StatusJSON]
"""The places with two or more claimants on a date, each as its status."""


@shape(examples.PERIOD)
class PeriodJSON(AnswerJSON):
    """A span of days over which the answer stays the same."""

    start: Annotated[str | None, Field(description="First day (ISO), null when open.")]
    end: Annotated[str | None, Field(description="Last day (ISO), null when open.")]
    uncertain: bool
    alternatives: list[AlternativeJSON]
    caused_by: Annotated[list[str], Field(description="The effect ids that open the period.")]


@shape(examples.TIMELINE)
class TimelineJSON(TypedDict):
    """Every period of a place under a view, covering all time."""

    place: str
    view: str
    periods: list[PeriodJSON]


@shape(examples.FEATURE_PROPERTIES)
class FeaturePropertiesJSON(StatusJSON):
    """A place's status on the snapshot's date, with what a map needs to draw and label it."""

    name: Annotated[str, Field(description="The place's English name.")]
    label_point: Annotated[LonLat | None, Field(description="Where a label can go.")]


@shape()
class FeatureJSON(TypedDict):
    """One place of a snapshot."""

    type: Literal["Feature"]
    id: Annotated[str, Field(description="The place id.")]
    geometry: Annotated[
        GeometryJSON | None, Field(description="Null when asked with geometry=false.")
    ]
    properties: FeaturePropertiesJSON


@shape(examples.SNAPSHOT)
class SnapshotJSON(TypedDict):
    """Every place on one date under one view, as a GeoJSON FeatureCollection."""

    type: Literal["FeatureCollection"]
    date: Annotated[str, Field(description="The EDTF date as asked.")]
    view: Annotated[str, Field(description="The view id.")]
    features: list[FeatureJSON]


def _holders(ids: tuple[str, ...] | None) -> str | list[str] | None:
    """One id as a string, joint holders as a list, nobody as None (the documented JSON form)."""
    if not ids:
        return None
    return ids[0] if len(ids) == 1 else list(ids)


def answer_dict(answer: Answer) -> AnswerJSON:
    """The JSON form of an :class:`Answer`."""
    return {
        "controller": _holders(answer.controller),
        "title": _holders(answer.title),
        "claimants": list(answer.claimants),
        "status": cast(StatusValue, answer.status),
        "disputed": answer.disputed,
        "occupied": answer.occupied,
        "pending": [pending_dict(p) for p in answer.pending],
    }


def pending_dict(p: Pending) -> PendingJSON:
    """The JSON form of a pending promise."""
    return {
        "effect": p.effect,
        "instrument": p.instrument,
        "to": p.to,
        "from": p.from_,
        "condition": p.condition,
        "since": p.since,
        "amended_by": p.amended_by,
    }


def alternative_dict(alt: Alternative) -> AlternativeJSON:
    """The JSON form of one possible answer on an uncertain date."""
    return {**answer_dict(alt.answer), "assumes": list(alt.assumes)}


def chain_dict(link: ChainLink) -> ChainLinkJSON:
    """The JSON form of a chain link."""
    return {
        "effect": link.effect,
        "instrument": link.instrument,
        "instrument_title": link.instrument_title,
        "op": link.op,
        "role": cast(Role, link.role),
        "date": link.date,
        "polities": list(link.polities),
        "recognized": link.recognized,
        "reason": link.reason,
        "pending": link.pending,
        "hypothetical": link.hypothetical,
        "note": link.note,
        "ledger": link.ledger,
        "precision": link.precision,
        "citations": [c.model_dump(exclude_none=True) for c in link.citations],
    }


@dataclass(frozen=True)
class Status:
    """Who controlled, held and claimed a place on a date under a view, and why.

    Attributes
    ----------
    place, date, view : str
        What was asked (the place id, the EDTF date as given, the view id).
    answer : Answer
        Controller, title (None under ``de-facto``; empty when undetermined), claimants, status,
        the ``disputed`` and ``occupied`` flags, and pending promises.
    uncertain : bool
        The date falls inside an uncertain interval and the answer depends on it.
    alternatives : tuple of Alternative
        Every possible answer when uncertain, each with the pending effects it assumes.
    chain : tuple of ChainLink
        The effects concerning the place up to the date, in order, with citations.
    narrative : str
        A paragraph generated from the chain.
    horizon : str or None
        The last day the ledger records (ISO), set only when the date asked goes past it: the
        answer is then the last recorded state, and the narrative says so.
    """

    place: str
    date: str
    view: str
    answer: Answer
    uncertain: bool
    alternatives: tuple[Alternative, ...]
    chain: tuple[ChainLink, ...]
    narrative: str
    horizon: str | None = None

    @property
    def controller(self) -> tuple[str, ...]:
        """The polities in control (several when control is joint)."""
        return self.answer.controller

    @property
    def title(self) -> tuple[str, ...] | None:
        """The title holders under the view; None for a view with no title layer."""
        return self.answer.title

    @property
    def claimants(self) -> tuple[str, ...]:
        """Every polity claiming the place."""
        return self.answer.claimants

    @property
    def status(self) -> str:
        """``unrecorded``, ``undetermined``, ``disputed``, ``occupied`` or ``undisputed``."""
        return self.answer.status

    @property
    def disputed(self) -> bool:
        """Two or more claimants."""
        return self.answer.disputed

    @property
    def occupied(self) -> bool:
        """Controlled by a polity that does not hold title under the view."""
        return self.answer.occupied

    @property
    def pending(self) -> tuple[Pending, ...]:
        """Promises of transfer recognized by the view and not yet kept."""
        return self.answer.pending

    def to_dict(self) -> StatusJSON:
        """The stable JSON form (see the README's "JSON output")."""
        return {
            "place": self.place,
            "date": self.date,
            "view": self.view,
            **answer_dict(self.answer),
            "uncertain": self.uncertain,
            "alternatives": [alternative_dict(a) for a in self.alternatives],
            "chain": [chain_dict(c) for c in self.chain],
            "narrative": self.narrative,
            "horizon": self.horizon,
        }

    def _repr_html_(self) -> str:
        from terrachron.notebook import status_html

        return status_html(self)


@dataclass(frozen=True)
class Explanation:
    """A status with the same place and date under every other view, for comparison."""

    status: Status
    other_views: dict[str, Answer] = field(default_factory=dict)

    def to_dict(self) -> ExplainJSON:
        """The JSON form: the status plus ``other_views``."""
        return {
            **self.status.to_dict(),
            "other_views": {v: answer_dict(a) for v, a in self.other_views.items()},
        }

    def _repr_html_(self) -> str:
        from terrachron.notebook import explanation_html

        return explanation_html(self)


def timeline_dict(timeline: Timeline) -> TimelineJSON:
    """The JSON form of a timeline."""
    return {
        "place": timeline.place,
        "view": timeline.view,
        "periods": [
            {
                "start": p.start_iso,
                "end": p.end_iso,
                **answer_dict(p.answer),
                "uncertain": p.uncertain,
                "alternatives": [alternative_dict(a) for a in p.alternatives],
                "caused_by": list(p.caused_by),
            }
            for p in timeline.periods
        ],
    }
