"""Discourse: what the text is about so far, and what "it", "them", "the territory" refer to.

The stages read an article sentence by sentence. What carries over from one sentence to the
next is the only mutable state of a reading: the :class:`Discourse` (who acted last, which
places the last act was about, how often each place was named, the instrument named last) and
the :class:`Drafts` collected so far. Every other record is frozen.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from terrachron.extract.article import Article, Sentence
from terrachron.extract.candidates import list_at
from terrachron.extract.dates import DateMention, mid_day
from terrachron.extract.mentions import PLACE_KINDS, Name
from terrachron.extract.patterns import AUXILIARIES, TARGET_ANAPHORS
from terrachron.extract.records import DraftEffect, DraftEntity, Evidence
from terrachron.extract.words import find_word, unique

__all__ = [
    "Discourse",
    "Drafts",
    "OpenInstrument",
    "anaphor_targets",
    "day_near",
    "display",
    "polity",
]

_KIND_ANAPHOR = re.compile(
    rf"\b(?:the|these|those|both|its|their)\s+(?:[a-z]+(?:-[a-z]+)?\s+)?(?:{PLACE_KINDS})\b"
)
"""A phrase for places named before: "the duchies", "both districts", "the former colony"."""


@dataclass
class OpenInstrument:
    """An instrument being assembled from its mentions."""

    title: str
    kind: str
    aliases: list[str]
    parties: list[str]
    date: DateMention | None
    role: str
    evidence: Evidence
    effects: list[DraftEffect] = field(default_factory=list)
    event: bool = False
    date_evidence: Evidence | None = None
    act_title: bool = False  # titled after its act ("Occupation of X by Y"), not named
    generic: bool = False  # drafted from a common noun ("the treaty ... signed on ...")
    # Dates in other roles, from other mentions: signed in one sentence, in force in another.
    more_dates: dict[str, tuple[DateMention, Evidence | None]] = field(default_factory=dict)


@dataclass
class Drafts:
    """What a reading has drafted so far."""

    instruments: list[OpenInstrument] = field(default_factory=list)
    events: dict[tuple[str, str, str | None], OpenInstrument] = field(default_factory=dict)
    new_places: dict[str, DraftEntity] = field(default_factory=dict)
    polity_uses: dict[str, Evidence] = field(default_factory=dict)
    place_uses: dict[str, Evidence] = field(default_factory=dict)
    loose: list[DraftEffect] = field(default_factory=list)  # effects with no instrument
    notes: list[str] = field(default_factory=list)


@dataclass
class Discourse:
    """What the text is about at the sentence being read."""

    context_day: int | None  # the day the text last named (at first, the publication's)
    sentence_index: int = 0
    paragraph: int = -1
    last_agent: str | None = None
    last_agent_paragraph: int = -1
    last_targets: list[str] = field(default_factory=list)
    last_targets_sentence: int = -1
    last_targets_paragraph: int = -1
    last_instrument: OpenInstrument | None = None
    last_instrument_sentence: int = -10
    acts: int = 0  # effects read so far
    place_counts: dict[str, tuple[int, int]] = field(default_factory=dict)  # (mentions, last at)
    resolved: dict[str, int] = field(default_factory=dict)  # place → times an anaphor stood for it
    as_place: set[int] = field(default_factory=set)  # offsets of states read as land
    holders: dict[str, str] = field(default_factory=dict)  # place → the state last given title
    drafts: Drafts = field(default_factory=Drafts)

    def focus(self, targets: list[str]) -> None:
        """Make ``targets`` the places in focus, as of the sentence being read."""
        self.last_targets = targets
        self.last_targets_sentence = self.sentence_index
        self.last_targets_paragraph = self.paragraph


def _is_plural(phrase: str) -> bool:
    """Whether an anaphor phrase is plural ("the islands", "both districts")."""
    last = phrase.split()[-1]
    return last.endswith("s") or phrase.startswith("both")


def day_near(art: Article, st: Discourse, pos: int, sent: Sentence) -> int | None:
    """The day of the date in ``sent`` nearest ``pos``; else the day the text last named."""
    lo = bisect.bisect_left(art.date_starts, sent.start)
    hi = bisect.bisect_left(art.date_starts, sent.end)
    in_sent = art.dates[lo:hi]
    if in_sent:
        nearest = min(in_sent, key=lambda d: abs(d.start - pos))
        return mid_day(nearest)
    return st.context_day


def polity(art: Article, st: Discourse, name: Name, sent: Sentence) -> str:
    """The polity ``name`` stands for on the day its sentence speaks of."""
    return art.index.polity_at(name.match.ids, day_near(art, st, name.match.start, sent))


def display(art: Article, st: Discourse, rid: str) -> str:
    """The name to show for an id: the gazetteer's, a drafted place's, or the id."""
    if rid in art.index.entities:
        return art.index.entities[rid].name
    if rid in st.drafts.new_places:
        return st.drafts.new_places[rid].name
    return rid


def anaphor_targets(
    art: Article,
    st: Discourse,
    start: int,
    end: int,
    pending: dict[str, DraftEntity],
    side: str,
) -> list[str]:
    """Places that "these islands", "the colony" or "it" stand for.

    ``side`` says where the place stands: ``right`` (after the cue: "ceded the island",
    "occupying it") or ``left`` (before it: "it was returned"). "it" is read only right next
    to the cue, since elsewhere in the clause it is as likely to be the instrument.
    """
    seg = art.text[start:end].lower()
    for phrase, idx in _anaphors_in(seg):
        if phrase in ("them", "they"):
            subject = _subject_places(art, st, start, pending)
            if subject:
                return subject
        if phrase in ("it", "they") and not _next_to_cue(seg, idx, side):
            continue
        if phrase == "they" and side != "left":
            continue
        if _is_plural(phrase) and len(st.last_targets) > 1:
            return list(st.last_targets)
        kind_word = phrase.split()[-1].rstrip("s")
        if (
            st.last_targets
            and st.last_targets_sentence >= st.sentence_index - 1
            and st.last_targets_paragraph == st.paragraph
            and (
                phrase in ("it", "them", "they", "both")
                or st.last_targets_sentence == st.sentence_index
                or any(kind_word in display(art, st, t).lower() for t in st.last_targets)
            )
        ):
            # "Japan seized Taiwan ..., and the island remained ... when it was handed
            # over": close by, the place of the last act.
            return list(st.last_targets)
        if (
            phrase.startswith(("these ", "those ", "both ")) or phrase in ("them", "they")
        ) and st.last_targets:
            return list(st.last_targets)
        # "the colony", "the territory": the place the article has named most so far,
        # counting the unknown names that serve some cue as its place.
        counts = {
            rid: (n + st.resolved.get(rid, 0), at) for rid, (n, at) in st.place_counts.items()
        }
        for rid, (_, offsets) in art.salience.places.items():
            seen = bisect.bisect_left(offsets, end)
            if seen and rid not in counts:
                counts[rid] = (seen + st.resolved.get(rid, 0), offsets[seen - 1])
        if not counts:
            return list(st.last_targets)
        kind = phrase.split()[-1].rstrip("s")
        named = [rid for rid in counts if kind in display(art, st, rid).lower().split()]
        best = max(named or counts, key=lambda rid: counts[rid])
        # A place "the bay" stood for is a place the text is about: it counts again.
        st.resolved[best] = st.resolved.get(best, 0) + 1
        if best in art.salience.places and best not in st.drafts.new_places:
            pending.setdefault(best, art.salience.places[best][0])
        return [best]
    return []


def _subject_places(
    art: Article, st: Discourse, pos: int, pending: dict[str, DraftEntity]
) -> list[str]:
    """The places a sentence opens with, for "them" later in it: "Menton and Roquebrune,
    which ..., voted with Nice, and ... France bought the rights over them"; "The upper
    valleys of Tende and La Brigue ... stayed Italian until the treaty ceded them"."""
    sent = art.sentence_of(pos)
    described = [
        (rid, a)
        for rid, a, _ in art.salience.described
        if sent.start <= a < pos and a - sent.start < 60
    ]
    if described:
        first = described[0][1]
        picked = unique(rid for rid, a in described if a - first < 40)
        for rid in picked:
            if rid in art.salience.entities and rid not in st.drafts.new_places:
                pending.setdefault(rid, art.salience.entities[rid])
        return picked
    # A single capitalized word opening a sentence is too weak a subject: a list only.
    listed, scratch = list_at(art, st.drafts.new_places, sent.start, pos, sent)
    for rid, entity in scratch.items():
        pending.setdefault(rid, entity)
    return listed


def _anaphors_in(seg: str) -> list[tuple[str, int]]:
    """The phrases in ``seg`` that may stand for places: the fixed ones of
    :data:`TARGET_ANAPHORS` first, then "the/these/both <kind of place>"."""
    out = [(p, i) for p in TARGET_ANAPHORS if (i := find_word(seg, p)) >= 0]
    out += [(m.group(0), m.start()) for m in _KIND_ANAPHOR.finditer(seg)]
    return out


def _next_to_cue(seg: str, idx: int, side: str) -> bool:
    """Whether the word at ``idx`` of ``seg`` touches the cue (auxiliaries aside)."""
    if side == "right":
        return not seg[:idx].strip()
    tail = seg[idx:].split()[1:]
    return all(w in AUXILIARIES or w in ("then", "later", "formally", "finally") for w in tail)
