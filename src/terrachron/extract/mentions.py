"""Mentions: instrument titles, names of places and polities, and the cue phrases of effects.

Each is found once over the whole text, before any sentence is read: titles by the patterns of
:mod:`.patterns` and the regular expressions below, names by the gazetteer's
:class:`~spacy.matcher.PhraseMatcher`, cues by a :class:`~spacy.matcher.Matcher` built from
:data:`~terrachron.extract.patterns.CUES`. The records are frozen; later stages only read them.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache

from spacy.matcher import Matcher
from spacy.tokens import Doc

from terrachron.extract.names import NameIndex, NameMatch, shared_nlp
from terrachron.extract.patterns import (
    ACT_NOUN_DATED_RE,
    AGENT_NOUNS,
    ANAPHOR_RE,
    COMMON_INSTRUMENT_RE,
    COMPASS,
    COURT_ACT_RE,
    CUES,
    DATED_REFERENCE_RE,
    EVENT_NOUN_RE,
    LEADING_NOISE,
    NOT_PLACE_WORDS,
    PROCLAMATION_RE,
    SURRENDER_RE,
    TITLE_RE,
    VOTE_RE,
    Cue,
    cue_pattern,
    kind_of_title,
)
from terrachron.extract.words import find_word, looks_like_day

__all__ = [
    "CAPS_AFTER",
    "FAMILY_NOUNS",
    "PLACE_KINDS",
    "CueHit",
    "Name",
    "Title",
    "find_cues",
    "find_names",
    "find_titles",
]


@dataclass(frozen=True, slots=True)
class Title:
    """A mention of an instrument: a title, a common noun for one, or a word pointing back."""

    start: int
    end: int
    text: str
    kind: str
    aliases: tuple[str, ...] = ()
    generic: bool = False  # a lower-case event noun ("a summit meeting")
    anaphor: bool = False  # "the treaty", "the Declaration"
    year: int | None = None  # "the 1890 treaty": the year it names


@dataclass(frozen=True, slots=True)
class Name:
    """A name the gazetteer knows, with the id it is read as."""

    match: NameMatch
    id: str
    kind: str
    in_title: bool = False


@dataclass(frozen=True, slots=True)
class CueHit:
    """A cue phrase of an effect, where it stands in characters and tokens."""

    start: int
    end: int
    token_start: int
    token_end: int
    cue: Cue


PLACE_KINDS = (
    r"islands?|islets?|isles|regions?|provinces?|territory|territories|districts?|duchy|duchies"
    r"|counties|county|cantons?|departments?|oblasts?|enclaves?|exclaves?|colony|colonies"
    r"|protectorates?|possessions?|dependency|dependencies|peninsula|archipelago|strip|zones?"
    r"|cities|city|towns?|ports?|valleys?|lands?|areas|plateau|heights|hills|coast|coastline"
    r"|canal|waterway|sanjak|emirate|isthmus"
)
"""Words for a kind of place, as a regular expression alternation."""
_ADOPTION = (
    r"(?:signed|concluded|passed|adopted|enacted|issued|delivered|handed\s+down|agreed"
    r"|took\s+effect|came\s+into\s+(?:force|effect)|entered\s+into\s+force)"
)
_ADOPTED_AFTER = re.compile(rf"[^.;]{{0,60}}?\b{_ADOPTION}\b")
"""After a common noun: it was signed or adopted, so it is an instrument, not a notion."""
_ADOPTED_BEFORE = re.compile(rf"\b{_ADOPTION}\s+$")
FAMILY_NOUNS = frozenset(
    {"treaty", "agreement", "convention", "accord", "protocol", "pact", "memorandum", "statute"}
)
"""Nouns that, after "the", point back to an instrument named before."""
_DECREED_THAT = re.compile(r"\b(?:decreed|declared|proclaimed|ruled|resolved)\s+that\b")
_BODY_VERB = re.compile(r"\b(?:elected|convened|summoned|dissolved|chaired)\s+(?:an?|the)\s+$")
_NAMED_NEXT = re.compile(
    r"\s+(?:the\s+)?[A-Z]|\s+the\s+(?:(?:rest|whole|remainder)\s+of\s+the\s+)?(?:"
    + PLACE_KINDS
    + r")\b"
)
"""After a cue that needs its place by name: a capitalized word, perhaps after "the"."""
CAPS_AFTER = re.compile(r"[ \t]+([A-Z][\w'’-]*)")
"""The capitalized word after a name."""
_STATE_PART_WORDS = """navy army senate congress government parliament forces force court courts
constitution ministry minister ministers president prime foreign state department air marines
marine coast national supreme republic kingdom union empire federation crown admiralty cabinet
diet duma knesset assembly council commission legislature treasury embassy consulate envoy
ambassador secretary chancellor emperor king queen sultan tsar shah prince premier military
guard guards border police revolution war wars civil"""
_STATE_PARTS = frozenset(_STATE_PART_WORDS.split())
"""Capitalized words after a state's name that belong to the state ("US Navy")."""
_SHADOW = re.compile(r"\b(?:New|Upper|Lower)[ \t]+$")
"""A word that makes the name after it part of another toponym ("New Mexico")."""
_DATED_OF = re.compile(r"\s+of\s+(?:\d|[A-Z][a-z]+\s+\d)")
_ARTICLE_LEAD = re.compile(r"^(The|An?)\b")
_ALIAS_OPENERS = ("(", "(the", "(or", "(also", "(known as", "(also known as")


class _Spans:
    """Sorted ``[start, end)`` spans, for asking whether a position is already covered."""

    def __init__(self, titles: Iterable[Title]) -> None:
        spans = sorted((t.start, t.end) for t in titles)
        self._starts = [a for a, _ in spans]
        self._ends = [b for _, b in spans]

    def covers(self, pos: int) -> bool:
        i = bisect.bisect_right(self._starts, pos) - 1
        return i >= 0 and pos < self._ends[i]

    def covers_any(self, start: int, end: int) -> bool:
        """Whether any span starts inside ``[start, end)`` or covers ``start``."""
        i = bisect.bisect_left(self._starts, start)
        return self.covers(start) or (i < len(self._starts) and self._starts[i] < end)


# -- titles ----------------------------------------------------------------------------------


def find_titles(text: str, index: NameIndex) -> list[Title]:
    """Every mention of an instrument in ``text``, by offset; aliases in brackets merged."""
    found = _capitalized(text)
    capitalized = _Spans(found)
    found += _common_nouns(text, capitalized)
    found += _acts(text, index, capitalized)
    found += _references(text, found)
    found.sort(key=lambda t: t.start)
    # "the Treaty of Saint Petersburg (Karafuto-Chishima Exchange Treaty)": one instrument.
    merged: list[Title] = []
    for t in found:
        if merged and not t.anaphor and not t.generic and not merged[-1].generic:
            last = merged[-1]
            if text[last.end : t.start].strip() in _ALIAS_OPENERS:
                merged[-1] = replace(
                    last, aliases=(*last.aliases, t.text), end=max(last.end, t.end + 1)
                )
                continue
        merged.append(t)
    return merged


def _capitalized(text: str) -> list[Title]:
    """Titles proper: "the Treaty of Kiel", "Resolution 432"."""
    found: list[Title] = []
    for m in TITLE_RE.finditer(text):
        start, written = m.start(), m.group(0)
        words = written.split()
        # Drop capitalized words that open a sentence rather than the title ("The", "In").
        while len(words) > 1 and words[0].lower().strip(",") in LEADING_NOISE:
            start = text.index(words[1], start + len(words[0]))
            words = words[1:]
        while len(words) > 1 and looks_like_day(words[0]):
            start = text.index(words[1], start + len(words[0]))
            words = words[1:]
        title = " ".join(words)
        head = m.group("head")
        if _BODY_VERB.search(text, max(0, start - 14), start):
            continue  # "voters elected a National Convention": a body, not an instrument
        before_head = title[: title.rfind(head)].split()
        kind = kind_of_title(" ".join([*before_head[-1:], head]))
        bare = title.lower() == head.lower()
        found.append(Title(start, m.end(), title, kind, anaphor=bare))
    return found


def _common_nouns(text: str, capitalized: _Spans) -> list[Title]:
    """Dated common nouns: "the agreement of 17 December 1973", "signed an agreement", "the
    first treaty between Japan and Russia, signed at Shimoda on ..."."""
    found: list[Title] = []
    for m in COMMON_INSTRUMENT_RE.finditer(text):
        tail = text[m.end() : m.end() + 80]
        lead = text[max(0, m.start() - 25) : m.start()].lower()
        dated = _DATED_OF.match(tail) is not None
        adopted = _ADOPTED_AFTER.match(tail)
        # "a peace treaty based on the Joint Declaration signed in 1956": the signing
        # belongs to the title between them.
        signed = adopted is not None and not capitalized.covers_any(
            m.end(), m.end() + adopted.end()
        )
        if not (dated or signed or _ADOPTED_BEFORE.search(lead)):
            continue
        if capitalized.covers(m.start("noun")):
            continue
        noun = m.group("noun")
        if not dated and m.group(0)[:3].lower() == "the" and noun in FAMILY_NOUNS:
            # "when the treaty entered into force": the treaty named before, in force now.
            found.append(Title(m.start(), m.end(), m.group(0), "other", anaphor=True))
            continue
        found.append(
            Title(m.start("noun"), m.end(), m.group("noun"), kind_of_title(noun), generic=True)
        )
    return found


def _acts(text: str, index: NameIndex, capitalized: _Spans) -> list[Title]:
    """Acts named by what was done: a ruling, a dated act noun, a surrender, a proclamation,
    a vote of a place."""
    found: list[Title] = []
    for m in COURT_ACT_RE.finditer(text):
        # "The International Court of Justice ruled on 23 May 2008 that ...": the ruling.
        if capitalized.covers(m.start("body")):
            continue
        body = _ARTICLE_LEAD.sub(lambda a: a.group(1).lower(), m.group("body"))
        if not body.startswith(("the ", "a ", "an ")):
            body = "the " + body
        found.append(
            Title(m.start("body"), m.end(), f"ruling of {body}", "court-ruling", generic=True)
        )
    for m in ACT_NOUN_DATED_RE.finditer(text):
        noun = m.group("noun")
        if not capitalized.covers(m.start()):
            found.append(
                Title(m.start("noun"), m.end("noun"), noun, kind_of_title(noun), generic=True)
            )
    for m in SURRENDER_RE.finditer(text):
        found.append(Title(m.start(), m.end(), "surrender", "surrender", generic=True))
    for m in PROCLAMATION_RE.finditer(text):
        what = m.group("what") or m.group("what2")
        if index.lookup(what) and what != "independence":
            continue  # "proclaimed Russia's ...": a state named, not a proclamation's object
        found.append(
            Title(m.start(), m.end(), f"proclamation of {what}", "declaration", generic=True)
        )
    for m in VOTE_RE.finditer(text):
        who = m.group("who")
        if who.split()[0].lower() in LEADING_NOISE or (
            index.lookup(who) and any(index.kind(i) == "polity" for i in index.lookup(who))
        ):
            continue  # "The Senate voted", "Denmark voted": not a plebiscite of a place
        if any(w.lower() in NOT_PLACE_WORDS for w in who.split()):
            continue
        found.append(Title(m.start(), m.end(), f"plebiscite in {who}", "plebiscite", generic=True))
    return found


def _references(text: str, found: list[Title]) -> list[Title]:
    """Words pointing back to an instrument ("the 1890 treaty", "the treaty") and event nouns,
    where no mention found so far covers them."""
    more: list[Title] = []
    named = _Spans(found)
    for m in DATED_REFERENCE_RE.finditer(text):
        if not named.covers(m.start()):
            noun = m.group("noun")
            year = int(m.group("year"))
            more.append(
                Title(m.start(), m.end(), noun, kind_of_title(noun), anaphor=True, year=year)
            )
    named = _Spans([*found, *more])
    for m in ANAPHOR_RE.finditer(text):
        if not named.covers(m.start()) and not named.covers(m.end() - 1):
            more.append(Title(m.start(), m.end(), m.group(0), "other", anaphor=True))
    named = _Spans([*found, *more])
    for m in EVENT_NOUN_RE.finditer(text):
        if not named.covers(m.start()):
            kind = kind_of_title(m.group(0))
            more.append(Title(m.start(), m.end(), m.group(0), kind, generic=True))
    return more


# -- names -----------------------------------------------------------------------------------


def find_names(text: str, doc: Doc, index: NameIndex, titles: list[Title]) -> list[Name]:
    """Every gazetteer name in ``doc`` that names what it says, by offset."""
    out: list[Name] = []
    titled = _Spans(t for t in titles if not t.generic)
    for m in index.match(doc):
        # "New Mexico", "Upper Silesia": a name inside a longer capitalized toponym is that
        # other place, which the gazetteer does not know; it is read as a candidate.
        if _SHADOW.search(text, max(0, m.start - 8), m.start):
            continue
        inside = titled.covers(m.start) and titled.covers(m.end - 1)
        if m.kind == "polity" and not inside and _shadowed_after(text, index, m):
            continue  # "the Panama Canal", "the Danish West Indies": another place
        kind = m.kind
        rid = m.ids[0]
        if kind != "polity":
            rid = _compass(text, index, m) or rid
        out.append(Name(m, rid, kind, inside))
    return out


def _shadowed_after(text: str, index: NameIndex, m: NameMatch) -> bool:
    """Whether a state's name or adjective opens a longer capitalized name ("Panama Canal
    Zone", "Danish West Indies", "British Columbia") rather than naming the state: the
    next word is capitalized and is neither an institution of the state ("US Navy",
    "British Parliament") nor a name or a word that merely opens a sentence."""
    follow = CAPS_AFTER.match(text, m.end)
    if follow is None:
        return False
    word = follow.group(1)
    low = word.lower()
    if low in _STATE_PARTS or low in LEADING_NOISE or low in AGENT_NOUNS:
        return False
    return not index.lookup(word)


def _compass(text: str, index: NameIndex, m: NameMatch) -> str | None:
    """ "the southern half of Sakhalin" → the place named "South Sakhalin", if any."""
    before = text[max(0, m.start - 40) : m.start].lower().split()
    if not before:
        return None
    words = [w.strip(",") for w in before[-4:]]
    for i, w in enumerate(words):
        if w in COMPASS and (i == len(words) - 1 or words[-1] == "of"):
            for form in (COMPASS[w], COMPASS[w] + "ern"):
                hits = index.lookup(f"{form} {m.text}")
                if hits:
                    return sorted(hits)[0]
    return None


# -- cues ------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _cue_matcher() -> Matcher:
    matcher = Matcher(shared_nlp().vocab)
    for i, cue in enumerate(CUES):
        matcher.add(str(i), [cue_pattern(cue)])
    return matcher


def find_cues(text: str, doc: Doc) -> list[CueHit]:
    """Every cue phrase in ``doc`` that fits its condition; of overlapping ones, the longest."""
    hits = []
    matcher = _cue_matcher()
    for match_id, start, end in matcher(doc):
        # The keys live in the matcher's (blank) vocabulary, not the parsed doc's.
        cue = CUES[int(shared_nlp().vocab.strings[match_id])]
        span = doc[start:end]
        if not _cue_fits(text, cue, span.end_char, span.start_char):
            continue
        hits.append(CueHit(span.start_char, span.end_char, start, end, cue))
    # Longest first; of two cues on the same words, the one with a condition that held
    # ("French forces returned": troops coming back, not a return of land).
    hits.sort(key=lambda h: (h.start, -(h.end - h.start), not h.cue.needs))
    kept: list[CueHit] = []
    for h in hits:
        if kept and h.start < kept[-1].end:
            continue
        kept.append(h)
    return kept


def _cue_fits(text: str, cue: Cue, end: int, start: int = 0) -> bool:
    """Whether what follows a cue is what it needs: a place by name after "entered"
    ("entered into force" is no entry), a "from" in the clause after "took" ("took
    place" is no seizure). A cue that does not fit is no cue, so it claims no dates."""
    if cue.named and not _NAMED_NEXT.match(text, end):
        return False
    if cue.needs == "@troops":
        before = text[max(0, start - 12) : start].split()
        return bool(before) and before[-1].lower() in AGENT_NOUNS | {"soldiers"}
    if cue.needs == "@that":
        head = text[max(0, start - 160) : start]
        cut = max(head.rfind("."), head.rfind(";"))
        return _DECREED_THAT.search(head[cut + 1 :]) is not None
    if cue.needs:
        stop = len(text)
        for mark in (".", ";", "\n"):
            at = text.find(mark, end)
            if at >= 0:
                stop = min(stop, at)
        return find_word(text[end:stop], cue.needs) >= 0
    return True
