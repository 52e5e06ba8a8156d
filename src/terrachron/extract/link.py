"""Linking a drafted instrument to the ledger's instrument it names.

Titles are compared on their *distinctive* words: "Yalta Conference Agreement" and "Yalta
Agreement" share "yalta", and the generic words (treaty, agreement, of, the, ...) do not count.
Adjectives are read as the state they stand for, so "Japanese-Soviet Joint Declaration" meets
"Japan–Soviet Joint Declaration". A title that does not decide it can still link an event by kind
and date ("a summit meeting between Japan and Russia on January 22"), or by an effect of the
same operation on the same places at an overlapping date (an occupation, an annexation).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from terrachron.dates import EdtfDate, parse_edtf
from terrachron.errors import DateError
from terrachron.extract.names import DEMONYMS
from terrachron.gazetteer import fold_name
from terrachron.model import Instrument

__all__ = ["LinkCandidate", "best_link", "title_similarity", "title_tokens"]

GENERIC = frozenset(
    [
        "treaty",
        "agreement",
        "declaration",
        "joint",
        "convention",
        "pact",
        "accord",
        "accords",
        "protocol",
        "statement",
        "communique",
        "act",
        "decree",
        "law",
        "resolution",
        "charter",
        "memorandum",
        "proclamation",
        "plebiscite",
        "referendum",
        "summit",
        "meeting",
        "conference",
        "the",
        "of",
        "on",
        "for",
        "between",
        "and",
        "with",
        "a",
        "an",
        "in",
        "to",
        "by",
        "concerning",
        "regarding",
        "relating",
        "respecting",
        "peace",
        "s",
        "no",
    ]
)
_TITLE_OPS_SAME = {"cede": "transfer", "transfer": "transfer"}
_EVENT_KINDS = frozenset(
    {"military-occupation", "decree", "law", "other", "renunciation", "statement", "declaration"}
)
_DEMONYM_TOKENS = {fold_name(k): fold_name(v) for k, v in DEMONYMS.items()}


def title_tokens(title: str, exclude: frozenset[str] = frozenset()) -> frozenset[str]:
    """The distinctive, demonym-normalized words of an instrument title.

    ``exclude`` holds words that do not tell instruments apart in this ledger, such as the
    names of its states: "Japan-Russia Summit Meeting" and "Treaty of Peace between Japan and
    Russia" share their state names and nothing else.
    """
    words: list[str] = []
    for raw in re.split(r"[\s\-–—/,()]+", fold_name(title)):
        if not raw:
            continue
        words.extend(_DEMONYM_TOKENS.get(raw, raw).split())
    return frozenset(w for w in words if w not in GENERIC and w not in exclude)


def _same(a: str, b: str) -> bool:
    return a == b or (len(a) > 4 and len(b) > 4 and fuzz.ratio(a, b) >= 85)


def title_similarity(a: Iterable[str], b: Iterable[str]) -> float:
    """Dice overlap of two sets of distinctive words, tolerant of small spelling variants."""
    left, right = list(a), list(b)
    if not left or not right:
        return 0.0
    hits = sum(1 for w in left if any(_same(w, v) for v in right))
    return 2 * hits / (len(left) + len(right))


def _dates(inst: Instrument) -> list[EdtfDate]:
    return [d for d in (inst.date, inst.signed, inst.in_force) if d is not None]


def _overlap(a: EdtfDate, b: EdtfDate) -> bool:
    return a.lo <= b.hi and b.lo <= a.hi


def _parse(text: str | None) -> EdtfDate | None:
    if text is None:
        return None
    try:
        return parse_edtf(text)
    except DateError:
        return None


@dataclass(frozen=True, slots=True)
class LinkCandidate:
    """What a drafted instrument offers for linking."""

    title: str
    aliases: Sequence[str]
    kind: str
    dates: Sequence[str]
    parties: Sequence[str]
    effects: Sequence[tuple[str, frozenset[str]]]
    """(op, places touched, groups expanded) of each drafted effect."""
    titled: bool = True
    """False when the title was generated from an act ("Occupation of X by Y"): such a title
    names places and states, not an instrument, so it never links without a date."""


def best_link(
    cand: LinkCandidate,
    instruments: Iterable[Instrument],
    expand: dict[str, frozenset[str]],
    exclude: frozenset[str] = frozenset(),
) -> tuple[str, float] | None:
    """The ledger instrument ``cand`` names, with a score in [0, 1], or None.

    Parameters
    ----------
    cand : LinkCandidate
    instruments : iterable of Instrument
        The ledger's instruments.
    expand : dict
        Place or group id → the set of place ids it covers (a group's members).
    exclude : frozenset of str
        Words that do not count in titles (see :func:`title_tokens`).
    """
    mine = [title_tokens(t, exclude) for t in (cand.title, *cand.aliases)]
    dates = [d for d in (_parse(t) for t in cand.dates) if d is not None]
    best: tuple[str, float] | None = None
    for inst in instruments:
        theirs = [title_tokens(t, exclude) for t in (inst.title, *inst.aliases)]
        title = max((title_similarity(a, b) for a in mine for b in theirs), default=0.0)
        agree = any(_overlap(d, e) for d in dates for e in _dates(inst))
        exact = any(d.text == e.text for d in dates for e in _dates(inst))
        score = 0.0
        if not cand.titled and not agree:
            title = 0.0
        if title >= 0.75:
            score = title
        elif title >= 0.5 and agree:
            score = 0.7 + title / 5
        elif agree:
            # No title to go by: the same act on the same places, or the same kind of
            # instrument on the same day (or between the same parties at the same time).
            parties = set(cand.parties) & set(inst.parties)
            effects = _effects_meet(cand.effects, inst, expand)
            same_kind = cand.kind == inst.kind or {cand.kind, inst.kind} <= _EVENT_KINDS
            day = exact and any(d.precision == "day" for d in dates)
            if effects or (same_kind and (parties or day)):
                score = 0.65 + (0.2 if exact else 0.0) + (0.05 if effects else 0.0)
        elif _effects_meet(cand.effects, inst, expand, dates):
            # "the Saar became a state of the Federal Republic on 1 January 1957": the day an
            # effect of a ledger instrument took hold, not the day it was signed.
            score = 0.7
        if score and (best is None or score > best[1]):
            best = (inst.id, round(min(score, 1.0), 3))
    return best


def _effects_meet(
    mine: Sequence[tuple[str, frozenset[str]]],
    inst: Instrument,
    expand: dict[str, frozenset[str]],
    on: Sequence[EdtfDate] = (),
) -> bool:
    """Whether a drafted effect is one of ``inst``'s: same operation, a place in common.

    With ``on``, the ledger effect must also carry its own date, overlapping one of ``on``.
    """
    for op, places in mine:
        for effect in inst.effects:
            if on and (effect.date is None or not any(_overlap(d, effect.date) for d in on)):
                continue
            their_places: set[str] = set()
            for p in effect.places or ():
                their_places |= expand.get(p, frozenset({p}))
            if effect.group:
                their_places |= expand.get(effect.group, frozenset({effect.group}))
            same_op = _TITLE_OPS_SAME.get(op, op) == _TITLE_OPS_SAME.get(effect.op, effect.op)
            if same_op and places & their_places:
                return True
    return False
