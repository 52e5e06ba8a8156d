"""Candidate places: names the gazetteer lacks, read where a cue expects its place.

A capitalized name in a cue's slot ("ceded Menton and Roquebrune"), in a list that goes on from
a known place, or after a word for a kind of place ("the island of Heligoland") is drafted as a
new place. Every function takes a :class:`Gather`: the sentence, the new places the article has
drafted so far, and ``pending``, where it adds what it finds and which the caller keeps only when
the reading succeeds.
:func:`salience` reads the whole article once, before the first sentence, for
:mod:`.discourse` to count.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping
from dataclasses import dataclass

from terrachron.extract.article import Article, Salience, Sentence
from terrachron.extract.mentions import CAPS_AFTER, PLACE_KINDS, Name
from terrachron.extract.names import slugify
from terrachron.extract.patterns import AUXILIARIES, LEADING_NOISE, NOT_PLACE_WORDS
from terrachron.extract.records import DraftEntity

__all__ = [
    "LIST_SEP",
    "OBJECT_GAP",
    "Gather",
    "candidate_after",
    "candidate_before",
    "list_at",
    "listed_candidates",
    "ner_confidence",
    "new_place",
    "salience",
    "unknown_place",
]

LIST_SEP = re.compile(
    r"[ \t]*(?:,[ \t]*(?:(?:and|or)[ \t]+)?|(?:and|or|as[ \t]+well[ \t]+as)[ \t]+)"
    r"(?:(?:the|its|their)[ \t]+)?(?:(?:[a-z]+(?:-[a-z]+)?[ \t]+)?(?:part|half|portion|corner"
    r"|rest|remainder|territory|dependency|island|islands|province|region|port|city)"
    r"[ \t]+of[ \t]+(?:the[ \t]+)?)?"
)
"""Between two items of a list of places: a comma, "and", perhaps "the north-eastern part of"."""
OBJECT_GAP = re.compile(r"\s*(?:(?:all|most|part|much)\s+of\s+)?(?:the\s+)?")
"""Between a cue and its object: nothing, "the", "all of the"."""
_CAP_NAME = r"[A-Z][\w'’-]+(?:[ \t]+(?:de[ \t]+|la[ \t]+)?[A-Z][\w'’-]+){0,2}"
_DESCRIBED = re.compile(
    rf"\b(?:{PLACE_KINDS}|Sanjak|Province|Island|Islands|Duchy|County)[ \t]+of[ \t]+"
    rf"(?P<names>{_CAP_NAME}(?:(?:,[ \t]+|[ \t]+and[ \t]+|,[ \t]+and[ \t]+){_CAP_NAME})*)"
    rf"|(?<=\bthe )(?P<names2>{_CAP_NAME})[ \t]+(?:peninsula|island|islands|region|province"
    rf"|valley|enclave|strip|archipelago|district|territory)\b"
)
_NAME_IN_LIST = re.compile(_CAP_NAME)
_RIGHTS_OVER = re.compile(
    r"\s*(?:(?:all|any|its|their)\s+)?(?:(?:rights?|title|claims?|sovereignty|control"
    r"|possession|authority)(?:\s+and\s+(?:rights?|title|claims?))?\s+(?:over|to|of|on|in)\s+)"
)
"""What stands between a cue and its place: "all rights and title to", "sovereignty over"."""
_DESCRIPTOR = re.compile(
    r"\s*(?:(?:the|its|their|a|an|all|some|\d+|[a-z]+|[A-Z][a-z]+)[ \t]+){0,3}?"
    r"(?:islands?|islets?|regions?|provinces?|territory|territories|districts?|ports?|city|cities"
    r"|towns?|villages?|municipality|parish|tract|peninsula|enclaves?|exclaves?|strip|valley"
    r"|colony|colonies|coast|archipelago"
    r"|oblasts?|departments?|county|counties|cantons?|forts?|protectorate|atolls?|bay|harbou?r)"
    r"[ \t]*(?:of[ \t]+|[—–:][ \t]*|-[ \t]+)"
)
"""A word for a kind of place before its name: "the island of", "four regions —"."""
_OF = re.compile(r"\s+of\b")
_JOINED = re.compile(r"\b(?:and|or|as well as)\b")


@dataclass(frozen=True)
class Gather:
    """Where candidate places are gathered: in ``sent``, besides the places ``drafted``
    already, into ``pending``."""

    sent: Sentence
    drafted: Mapping[str, DraftEntity]
    pending: dict[str, DraftEntity]


def salience(art: Article) -> Salience:
    """Unknown names some cue takes as its place, with every offset they occur at, and the
    names a word for a kind of place marks.

    "it" or "the island" may stand for a place the gazetteer does not know ("occupying it in
    1807" where the article is about Heligoland). Counting only known places would send the
    pronoun to the wrong one, so names that serve as the place of any cue in the article are
    counted too. Only the slots where a cue expects its place are read: the words after the
    cue, and the words before a passive or intransitive one.
    """
    found = _cue_places(art)
    described, entities = _described(art)
    found.update(entities)
    places: dict[str, tuple[DraftEntity, list[int]]] = {}
    for rid, entity in found.items():
        pattern = re.compile(rf"(?<!\w){re.escape(entity.name)}(?!\w)")
        places[rid] = (entity, [m.start() for m in pattern.finditer(art.text)])
    return Salience(places, entities, tuple(described))


def _cue_places(art: Article) -> dict[str, DraftEntity]:
    drafted: dict[str, DraftEntity] = {}  # nothing is drafted before the first sentence
    found: dict[str, DraftEntity] = {}
    name_starts = [n.match.start for n in art.names]  # names come sorted by offset
    for hit in art.cues:
        if hit.cue.frame == "war":
            continue
        sent = art.sentence_of(hit.start)
        pending: dict[str, DraftEntity] = {}
        before = art.words_before(hit.start, 1, sent.start)
        g = Gather(sent, drafted, pending)
        if hit.cue.frame in ("intrans", "under", "join") or (before and before[0] in AUXILIARIES):
            candidate_before(art, g, hit.start)
        else:
            start = hit.end
            skip = _OF.match(art.text[start : start + 4])
            start += skip.end() if skip else 0
            candidate_after(art, g, start, sent.end)
            # "renounced Eritrea": a state the ledger lacks, as the object, is land too.
            at = bisect.bisect_left(name_starts, start)
            obj = art.names[at] if at < len(art.names) else None
            if (
                obj is not None
                and obj.kind == "polity"
                and not obj.match.via_demonym
                and not art.index.entities[obj.id].known
                and OBJECT_GAP.fullmatch(art.text, start, obj.match.start)
            ):
                unknown_place(art, g, obj, confidence=0.5)
        found.update(pending)
    return found


def _described(art: Article) -> tuple[list[tuple[str, int, int]], dict[str, DraftEntity]]:
    """ "the province of Hatay", "the upper valleys of Tende and La Brigue", "the Bakassi
    peninsula": a word for a kind of place marks the names around it as places."""
    drafted: dict[str, DraftEntity] = {}
    described: list[tuple[str, int, int]] = []  # (id, start, end) of each such name
    entities: dict[str, DraftEntity] = {}
    for m in _DESCRIBED.finditer(art.text):
        group = "names" if m.group("names") else "names2"
        for name_m in _NAME_IN_LIST.finditer(m.group(group)):
            name = name_m.group(0)
            sent = art.sentence_of(m.start(group))
            pending: dict[str, DraftEntity] = {}
            at = m.start(group) + name_m.start()
            got = new_place(art, Gather(sent, drafted, pending), name.split(), at)
            if got is None:
                known = art.index.lookup(name)
                places = [i for i in known if art.index.kind(i) != "polity"]
                if places:
                    described.append((sorted(places)[0], at, at + len(name)))
                continue
            entities.update(pending)
            described.append((got[0], at, at + len(name)))
    return described, entities


def unknown_place(art: Article, g: Gather, n: Name, confidence: float = 0.6) -> str:
    """Draft a place the ledger lacks (a CLDR name) as a new place; returns its id."""
    entity = art.index.entities[n.id]
    if n.id not in g.drafted:
        g.pending.setdefault(
            n.id,
            DraftEntity(
                n.id,
                "place",
                "new",
                entity.name,
                None,
                art.evidence(n.match.start, n.match.end, g.sent, confidence),
            ),
        )
    return n.id


def list_at(
    art: Article, drafted: Mapping[str, DraftEntity], start: int, pos: int, sent: Sentence
) -> tuple[list[str], dict[str, DraftEntity]]:
    """A list of two or more unknown places beginning right at ``start`` and ending before
    ``pos`` ("Menton and Roquebrune"), with the candidate entities it would draft."""
    scratch: dict[str, DraftEntity] = {}
    g = Gather(sent, drafted, scratch)
    head = candidate_after(art, g, start, pos, strict=True)
    if head is None:
        return [], {}
    more, _ = listed_candidates(art, g, head[1], pos)
    return ([head[0], *more], scratch) if more else ([], {})


def _unknown_name_at(art: Article, pos: int) -> bool:
    """Whether a capitalized name the gazetteer lacks begins at ``pos`` ("the Red Sea port
    of Massawa": Massawa, so "Red Sea port of" is the description)."""
    m = CAPS_AFTER.match(art.text, pos - 1) if pos else None
    return m is not None and not art.index.lookup(m.group(1))


def listed_candidates(
    art: Article, g: Gather, pos: int, limit: int, closed: bool = False
) -> tuple[list[str], int]:
    """Unknown places that continue a list of places ending at ``pos``.

    Items joined by commas count only when an "and" closes the list ("A, B and C"): a comma
    alone as often opens a new clause ("annexed Crimea, Western governments ..."). With
    ``closed``, a known place at ``limit`` closes the list, so the items must fill the gap.
    """
    items: list[tuple[str, int, bool, DraftEntity | None]] = []
    end = pos
    while True:
        sep = LIST_SEP.match(art.text, end, limit)
        if sep is None or sep.end() == end:
            break
        scratch: dict[str, DraftEntity] = {}
        item = Gather(g.sent, g.drafted, scratch)
        cand = candidate_after(art, item, sep.end(), limit, strict=True)
        if cand is None:
            break
        joined = _JOINED.search(sep.group(0)) is not None
        items.append((cand[0], cand[1], joined, scratch.get(cand[0])))
        end = cand[1]
    if closed:
        gap = LIST_SEP.match(art.text, end, limit)
        if gap is None or gap.end() != limit:
            items = []
    else:
        while items and not items[-1][2]:
            items.pop()
    for rid, _, _, entity in items:
        if entity is not None:
            g.pending.setdefault(rid, entity)
    if not items:
        return [], pos
    return [rid for rid, _, _, _ in items], items[-1][1]


def candidate_after(
    art: Article, g: Gather, start: int, limit: int, strict: bool = False
) -> tuple[str, int] | None:
    """A candidate place in the capitalized words from ``start`` (after "the", "all", ...).

    ``strict``: the name must begin right at ``start`` (a list item, not a free search).
    """
    seg = art.text[start:limit]
    if not strict and (lead := _RIGHTS_OVER.match(seg)):
        # "renounced all rights over the Dodecanese": the place follows the rights.
        start, seg = start + lead.end(), seg[lead.end() :]
    lead = None if strict else _DESCRIPTOR.match(seg)
    if lead and (
        all(art.index.demonym(w) for w in lead.group(0).split() if w[:1].isupper())
        or _unknown_name_at(art, start + lead.end())
    ):
        # "the island of Heligoland", "four Ukrainian regions — Donetsk, ...": a word for
        # the kind of place, then its name ("the Kaliningrad region of" keeps its name).
        start, seg = start + lead.end(), seg[lead.end() :]
    words = seg.split()
    skip = 0
    while skip < len(words) and words[skip].lower() in ("the", "all", "of", "its", "their"):
        skip += 1
    if strict and (skip or (seg[:1].isspace())):
        return None
    caps: list[str] = []
    for w in words[skip:]:
        core = w.strip(",.;:()")
        if core and core[0].isupper() and core.lower() not in LEADING_NOISE:
            caps.append(core)
            if core != w:
                break
        else:
            break
    return new_place(art, g, caps, start)


def candidate_before(art: Article, g: Gather, pos: int) -> str | None:
    words = art.text[g.sent.start : pos].split()
    while words and words[-1].lower() in AUXILIARIES | {"then", "later", "formally"}:
        words.pop()
    caps: list[str] = []
    for w in reversed(words):
        core = w.strip(",.;:()")
        if core and core[0].isupper() and core.lower() not in LEADING_NOISE and core == w:
            caps.insert(0, core)
        else:
            break
    found = new_place(art, g, caps, g.sent.start)
    return found[0] if found else None


def new_place(art: Article, g: Gather, caps: list[str], start: int) -> tuple[str, int] | None:
    """A candidate place from capitalized words the gazetteer does not know."""
    if not caps or len(caps) > 4:
        return None
    name = " ".join(caps).removesuffix("'s").removesuffix("’s")
    if any(c.isdigit() for c in name) or name.lower() in LEADING_NOISE:
        return None
    if any(w.lower() in NOT_PLACE_WORDS for w in caps):
        return None
    if art.index.lookup(name) or (len(caps) == 1 and art.index.demonym(name)):
        return None  # a polity or a known name the matcher already handled
    pos = art.text.find(name, start)
    if pos < 0:
        return None
    rid = slugify(name)
    if rid not in g.drafted and rid not in g.pending:
        confidence = ner_confidence(art, pos, pos + len(name))
        g.pending[rid] = DraftEntity(
            rid, "place", "new", name, None, art.evidence(pos, pos + len(name), g.sent, confidence)
        )
    return rid, pos + len(name)


def ner_confidence(art: Article, start: int, end: int) -> float:
    """The confidence of a candidate place at ``[start, end)`` by what the entity recogniser
    calls it: a place (GPE, LOC, FAC) 0.6, anything else 0.5.

    Only a small step: on the dev articles written blind, the small English model called 15
    correct candidates (Savoy, Nice, Bakassi, Tacna, ...) a person or an organisation, so
    another label is no evidence against a place (``docs/extract.md``).
    """
    labels = {
        t.ent_type_
        for t in art.doc[art.token_at(start) : art.token_at(max(start, end - 1)) + 1]
        if t.ent_type_
    }
    if labels & {"GPE", "LOC", "FAC"}:
        return 0.6
    return 0.5
