"""The domain records of a ledger: polities, places, groups, instruments, effects, views, sources.

These pydantic models are at once the file format (one YAML file holds one record or a list of
them; ``terrachron schema`` writes their JSON Schema for editors) and the validated, frozen model
the engine reads. Cross-record rules (ids that must exist, dates that must agree) live in
:mod:`terrachron.ledger.validate`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    WithJsonSchema,
)

from terrachron.dates import EdtfDate, parse_edtf

__all__ = [
    "EFFECT_OPS",
    "Citation",
    "Edtf",
    "Effect",
    "Group",
    "Instrument",
    "NamedRecord",
    "Place",
    "Polity",
    "Source",
    "View",
]


def _to_edtf(value: object) -> EdtfDate:
    if isinstance(value, EdtfDate):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        value = f"{value:04d}"  # a bare year in YAML arrives as an int
    if not isinstance(value, str):
        raise ValueError("invalid EDTF date: write a string such as 1945-09-02")
    try:
        return parse_edtf(value)
    except Exception as exc:
        raise ValueError(f"invalid EDTF date: {exc}") from None


Edtf = Annotated[
    EdtfDate,
    BeforeValidator(_to_edtf),
    PlainSerializer(lambda d: d.text, return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "description": "An EDTF date or interval: 1945-09-02, 1946-02, 1855, "
            "1945-08-28/1945-09-05, 1945-09~, ../1990",
            "pattern": r"^[0-9X.?~%/\-]+$",
        }
    ),
]
"""An EDTF date in a ledger file, read into an :class:`~terrachron.dates.EdtfDate`."""

Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9\-]*$", max_length=80)]
EffectId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9\-]*(#[a-z0-9\-]+)?$")]
LangText = Annotated[dict[str, str], Field(description="Text per language code: en, ja, ru, ...")]
LangAliases = Annotated[
    dict[str, list[str]], Field(description="Alternative names per language code")
]


class _Record(BaseModel):
    model_config = ConfigDict(
        frozen=True, extra="forbid", populate_by_name=True, arbitrary_types_allowed=True
    )


class Citation(_Record):
    """A pointer into a source: by paragraph, character offsets, or a locator such as "Art. 2"."""

    source: Slug = Field(description="Id of a source in sources/")
    paragraph: int | None = Field(None, ge=1, description="1-based paragraph (non-empty line)")
    chars: tuple[int, int] | None = Field(
        None, description="[start, end) character offsets into the source text"
    )
    locator: str | None = Field(None, description="Article, section or page, e.g. 'Article 2'")
    note: str | None = Field(None, description="What this citation supports, in your own words")


class NamedRecord(_Record):
    """A record called by names per language and aliases: a polity, a place or a group."""

    if TYPE_CHECKING:
        # Each kind declares these fields itself, where they stand in its schema and its JSON;
        # declared here they would move to the front of both.
        id: str
        names: dict[str, str]
        aliases: dict[str, list[str]]

    def all_names(self) -> list[str]:
        """Every name, then every alias, flattened in the order the record gives them."""
        return [*self.names.values(), *(a for group in self.aliases.values() for a in group)]


class Polity(NamedRecord):
    """A state or other actor that can hold, control or claim territory."""

    id: Slug
    names: LangText
    aliases: LangAliases = Field(default_factory=dict)
    codes: dict[str, str | int] = Field(
        default_factory=dict, description="iso3166, cow, gw, wikidata, ..."
    )
    lifespan: Edtf = Field(description="EDTF interval of existence, e.g. 1991-12-26/..")
    continues: Slug | None = Field(
        None, description="The polity this one continues as the same state (legal continuity)"
    )
    succeeds: Slug | None = Field(
        None, description="The polity this one succeeds without legal continuity"
    )
    summary: str | None = None


class Place(NamedRecord):
    """An atomic territorial unit; atomic places do not overlap."""

    id: Slug
    names: LangText
    aliases: LangAliases = Field(default_factory=dict)
    geometry: str | None = Field(
        None, description="Path of a GeoJSON file, relative to this YAML file"
    )
    summary: str | None = None
    overrides: Edtf | None = Field(
        None,
        description="A closed EDTF interval: merged over lower-ranked ledgers, the place speaks "
        "for its area only inside it (an occupation), the lower places answer before and after",
    )


class Group(NamedRecord):
    """A named set of places; a view may read its membership differently."""

    id: Slug
    names: LangText
    aliases: LangAliases = Field(default_factory=dict)
    members: list[Slug] = Field(min_length=1)
    summary: str | None = None


class _EffectBase(_Record):
    id: EffectId | None = Field(
        None, description="Stable id; defaults to '<instrument>#<1-based index>'"
    )
    places: list[Slug] | None = Field(None, description="Places the effect touches")
    group: Slug | None = Field(None, description="A group the effect touches (read per view)")
    date: Edtf | None = Field(
        None, description="When the effect takes hold, if not the instrument's in_force/date"
    )
    note: str | None = None


class TransferEffect(_EffectBase):
    """Title passes from one polity to another (``cede`` is the giver's act, same effect)."""

    op: Literal["transfer", "cede"]
    from_: Slug = Field(alias="from")
    to: Slug
    control: bool = Field(True, description="Control passes with title on the same date")


class EstablishEffect(_EffectBase):
    """Title is first set by the ledger (e.g. a boundary treaty), with no previous holder."""

    op: Literal["establish"]
    to: Slug
    control: bool = True


class AnnexEffect(_EffectBase):
    """A unilateral act asserting title."""

    op: Literal["annex"]
    by: Slug


class RenounceEffect(_EffectBase):
    """A holder gives up title with no recipient: title becomes undetermined."""

    op: Literal["renounce"]
    by: Slug


class CondominiumEffect(_EffectBase):
    """Several polities hold title jointly."""

    op: Literal["condominium"]
    parties: list[Slug] = Field(min_length=2)
    control: bool = True


class ControlEffect(_EffectBase):
    """A polity takes control (military occupation or civil administration)."""

    op: Literal["occupy", "administer"]
    by: Slug


class WithdrawEffect(_EffectBase):
    """A polity gives up control."""

    op: Literal["withdraw"]
    by: Slug


class ClaimEffect(_EffectBase):
    """A polity asserts or drops a claim."""

    op: Literal["claim", "drop_claim"]
    by: Slug


class PromiseEffect(_EffectBase):
    """An obligation to transfer title later: changes nothing until fulfilled."""

    op: Literal["promise_transfer"]
    to: Slug
    from_: Slug | None = Field(None, alias="from")
    condition: str = Field(description="What must happen before the transfer")


class AmendConditionEffect(_EffectBase):
    """A later act that changes the condition of a pending promise of transfer.

    It changes no title and no control: the promise stays pending, now with ``condition``. A view
    that rejects the amendment keeps reading the promise with its earlier condition.
    """

    op: Literal["amend_condition"]
    amends: EffectId = Field(description="Id of the promise_transfer effect amended")
    by: Slug = Field(description="The polity whose act amends the condition")
    condition: str = Field(description="The promise's condition as amended, in full")


class AffirmEffect(_EffectBase):
    """An instrument that reaffirms an earlier one: changes nothing, explains much."""

    op: Literal["affirm"]
    affirms: Slug = Field(description="Id of the instrument affirmed")


Effect = Annotated[
    TransferEffect
    | EstablishEffect
    | AnnexEffect
    | RenounceEffect
    | CondominiumEffect
    | ControlEffect
    | WithdrawEffect
    | ClaimEffect
    | PromiseEffect
    | AmendConditionEffect
    | AffirmEffect,
    Field(discriminator="op"),
]
"""One operation of an instrument on places; the ``op`` field selects its kind."""

EFFECT_OPS: tuple[str, ...] = (
    "transfer",
    "cede",
    "establish",
    "annex",
    "renounce",
    "condominium",
    "occupy",
    "administer",
    "withdraw",
    "claim",
    "drop_claim",
    "promise_transfer",
    "amend_condition",
    "affirm",
)

InstrumentKind = Literal[
    "treaty",
    "agreement",
    "joint-declaration",
    "declaration",
    "decree",
    "military-occupation",
    "surrender",
    "renunciation",
    "plebiscite",
    "court-ruling",
    "summit",
    "statement",
    "law",
    "other",
]


class Instrument(_Record):
    """Anything dated that changes or asserts territorial status."""

    id: Slug
    kind: InstrumentKind
    title: str
    aliases: list[str] = Field(default_factory=list)
    parties: list[Slug] = Field(default_factory=list)
    date: Edtf | None = Field(None, description="The date of a single-date instrument")
    signed: Edtf | None = None
    in_force: Edtf | None = None
    summary: str = Field(min_length=1, description="In your own words; never copy a source")
    sources: list[Citation] = Field(default_factory=list)
    effects: list[Effect] = Field(default_factory=list)
    hypothetical: bool = False

    @property
    def effective(self) -> EdtfDate | None:
        """The date effects take hold by default: in force, else date, else signed."""
        return self.in_force or self.date or self.signed


class View(_Record):
    """A point of view: which instruments it recognizes and how it reads groups."""

    id: Slug
    kind: Literal["polity", "neutral", "de-facto"] = "polity"
    polity: Slug | None = Field(None, description="Whose view this is (for kind: polity)")
    names: LangText = Field(default_factory=dict)
    description: str | None = None
    rejects: list[EffectId] = Field(
        default_factory=list,
        description="Instrument ids or effect ids ('<instrument>#<n>') this view rejects",
    )
    groups: dict[Slug, list[Slug]] = Field(
        default_factory=dict, description="This view's reading of group membership"
    )


class Source(_Record):
    """A document that citations point into; the ledger never copies its sentences."""

    id: Slug
    kind: Literal["article", "treaty-text", "book", "web", "dataset", "other"]
    title: str
    authors: list[str] = Field(default_factory=list)
    publisher: str | None = None
    published: Edtf | None = None
    url: str | None = None
    sha256: str | None = Field(
        None, pattern=r"^[0-9a-f]{64}$", description="Hash of the source text, if held"
    )
    note: str | None = None


RECORD_KINDS: dict[str, type[_Record]] = {
    "polities": Polity,
    "places": Place,
    "groups": Group,
    "instruments": Instrument,
    "views": View,
    "sources": Source,
}


def record_json_schema(kind: str) -> dict[str, Any]:
    """JSON Schema of a ledger file of ``kind``: one record or a list of them."""
    model = RECORD_KINDS[kind]
    one = model.model_json_schema(by_alias=True)
    defs = one.pop("$defs", {})
    name = model.__name__
    defs[name] = one
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"terrachron {kind} file",
        "oneOf": [
            {"$ref": f"#/$defs/{name}"},
            {"type": "array", "items": {"$ref": f"#/$defs/{name}"}},
        ],
        "$defs": defs,
    }
