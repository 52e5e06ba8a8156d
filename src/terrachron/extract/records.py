"""The records an extraction produces: draft instruments, effects and entities with evidence.

They are plain frozen dataclasses, not ledger records: a draft is allowed to be incomplete (an
effect whose giver the text never names, an instrument without a date). :mod:`.draft` turns
them into ledger YAML, and :func:`.draft.accept` into records that validate.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "DraftEffect",
    "DraftEntity",
    "DraftInstrument",
    "Evidence",
    "Extraction",
    "SourceInfo",
]

Status = Literal["new", "linked"]


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a fact came from: the span that states it, its sentence, and a confidence.

    Attributes
    ----------
    start, end : int
        ``[start, end)`` character offsets of the phrase in the source text.
    text : str
        The phrase.
    sentence : tuple of int
        ``[start, end)`` offsets of the sentence holding it.
    sentence_text : str
        The sentence, for a reviewer (never written into a ledger).
    confidence : float
        How sure the extractor is, in [0, 1].
    """

    start: int
    end: int
    text: str
    sentence: tuple[int, int]
    sentence_text: str
    confidence: float


@dataclass(frozen=True, slots=True)
class DraftEffect:
    """One proposed effect: an operation on places or a group, with the polities in it.

    ``from_``, ``to`` and ``by`` follow :mod:`terrachron.model`'s effect fields; which of them an
    operation uses is the model's rule (``transfer``: from/to; ``occupy``: by; ...).
    """

    op: str
    places: tuple[str, ...]
    group: str | None
    from_: str | None
    to: str | None
    by: str | None
    date: str | None
    condition: str | None
    evidence: Evidence

    @property
    def targets(self) -> tuple[str, ...]:
        """Places and the group, together."""
        return (*self.places, *((self.group,) if self.group else ()))

    @property
    def principal(self) -> str | None:
        """The polity that gains (``to``) or acts (``by``): the one scored and diffed."""
        return self.to if self.to is not None else self.by


@dataclass(frozen=True, slots=True)
class DraftInstrument:
    """A proposed instrument, linked to the ledger's when it names one already there."""

    id: str
    status: Status
    kind: str
    title: str
    aliases: tuple[str, ...]
    parties: tuple[str, ...]
    date: str | None
    signed: str | None
    in_force: str | None
    effects: tuple[DraftEffect, ...]
    evidence: dict[str, Evidence] = field(default_factory=dict)
    link_score: float | None = None

    @property
    def dates(self) -> tuple[str, ...]:
        """Every date given, in the order date, signed, in_force."""
        return tuple(d for d in (self.date, self.signed, self.in_force) if d)


@dataclass(frozen=True, slots=True)
class DraftEntity:
    """A place, group or polity the article names: one of the ledger's, or a new candidate."""

    id: str
    kind: Literal["place", "group", "polity"]
    status: Status
    name: str
    code: str | None
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class SourceInfo:
    """The article read: where from, its title and publication date, and its hash."""

    id: str
    path: str | None
    title: str
    published: str | None
    sha256: str
    chars: int


@dataclass(frozen=True)
class Extraction:
    """Everything read from one article, ready to be written as a draft or diffed."""

    source: SourceInfo
    ledger: str | None
    instruments: tuple[DraftInstrument, ...]
    places: tuple[DraftEntity, ...]
    polities: tuple[DraftEntity, ...]
    dates: tuple[tuple[Evidence, str, str, bool], ...]
    """Each date mention: evidence, EDTF, form, approximate."""
    loose_effects: tuple[DraftEffect, ...] = ()
    """Effects the text states without a date or an instrument to hang them on."""
    notes: tuple[str, ...] = ()

    @property
    def effects(self) -> tuple[tuple[str | None, DraftEffect], ...]:
        """Every effect with the id of its instrument (None for a loose effect)."""
        held: list[tuple[str | None, DraftEffect]] = [
            (i.id, e) for i in self.instruments for e in i.effects
        ]
        return (*held, *((None, e) for e in self.loose_effects))
