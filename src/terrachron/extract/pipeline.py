"""Text → draft ledger entries: the extraction pipeline.

The pipeline is a blank English spaCy pipeline (tokenizer and rule-based sentencizer, no model)
with a :class:`~spacy.matcher.PhraseMatcher` for every gazetteer name and a
:class:`~spacy.matcher.Matcher` for the cue phrases of effects, plus the date grammar of
:mod:`.dates` and the title patterns of :mod:`.patterns`. It runs offline and gives the same
draft for the same input every time.

Order of work, per article:

1. dates, names and instrument titles are found over the whole text;
2. each sentence is read in turn: titles become instruments (dated by the nearest date in the
   sentence), cue phrases become effects whose roles (giver, recipient, actor, places) are read
   from the words around the cue, and pronouns ("it", "these islands") are carried over from
   earlier sentences;
3. instruments that name the same thing are merged, and each is linked to the ledger's
   instrument it names, if any (:mod:`.link`).
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Literal

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc

from terrachron.dates import EdtfDate
from terrachron.extract.dates import DateMention, cached_edtf, find_dates
from terrachron.extract.link import LinkCandidate, best_link, title_tokens
from terrachron.extract.names import NameIndex, NameMatch, fold_token, shared_nlp, slugify
from terrachron.extract.patterns import (
    ACT_NOUN_DATED_RE,
    AGENT_NOUNS,
    ANAPHOR_RE,
    AUXILIARIES,
    COMMON_INSTRUMENT_RE,
    COMPASS,
    COURT_ACT_RE,
    CUES,
    DATED_REFERENCE_RE,
    EVENT_NOUN_RE,
    LEADING_NOISE,
    NOT_PLACE_WORDS,
    PREPOSITIONS,
    PROCLAMATION_RE,
    PROMISE_WORDS,
    PRONOUNS,
    RELATIVE_LOCATION,
    SURRENDER_RE,
    TARGET_ANAPHORS,
    TITLE_RE,
    VOTE_RE,
    Cue,
    cue_pattern,
    kind_of_title,
)
from terrachron.extract.reader import Document
from terrachron.extract.records import (
    DraftEffect,
    DraftEntity,
    DraftInstrument,
    Evidence,
    Extraction,
    SourceInfo,
)
from terrachron.gazetteer import fold_name
from terrachron.model import Instrument
from terrachron.query import Ledger

__all__ = ["Extractor"]

_TITLE_OPS = frozenset({"transfer", "cede", "renounce", "promise_transfer", "condominium"})
_EVENT_KIND = {
    "occupy": "military-occupation",
    "administer": "other",
    "withdraw": "other",
    "annex": "decree",
    "claim": "statement",
    "drop_claim": "statement",
    "renounce": "renunciation",
    # A handover, a sale or a cession stated as an act ("Portugal handed over Macau on ...") is
    # the act itself, not a signed agreement: the ledger records such acts as ``other``
    # (``hong-kong-handover-1997``); an agreement behind it is drafted from its own title.
    "transfer": "other",
    "cede": "other",
    "promise_transfer": "agreement",
    "condominium": "agreement",
}
_EVENT_TITLE = {
    "occupy": "Occupation of {place} by {agent}",
    "administer": "Administration of {place} by {agent}",
    "withdraw": "Withdrawal of {agent} from {place}",
    "annex": "Annexation of {place} by {agent}",
    "claim": "Claim of {agent} to {place}",
    "drop_claim": "{agent} drops its claim to {place}",
    "renounce": "Renunciation of {place} by {agent}",
    "transfer": "Transfer of {place} to {agent}",
    "cede": "Cession of {place} to {agent}",
    "promise_transfer": "Promise to transfer {place} to {agent}",
    "condominium": "Joint rule of {place}",
}
# The noun an event title takes from the cue that stated it: "Heligoland was returned to ..." is a
# return, "handed over" a handover. Checked in order against the start of the cue's words.
_CUE_NOUNS = (
    ("hand", "Handover"),
    ("return", "Return"),
    ("restor", "Return"),
    ("revert", "Return"),
    ("reversion", "Return"),
    ("retrocession", "Return"),
    ("sold", "Sale"),
    ("sell", "Sale"),
    ("sale", "Sale"),
)
_BACK_REFERENCES = (
    "under it",
    "under the treaty",
    "under the agreement",
    "under its terms",
    "its article",
    "the treaty ",
    "the agreement ",
    "the declaration ",
    "the convention ",
)
_FORCE_WORDS = ("into force", "took effect", "in force", "ratified", "came into effect")
_SINGLE_DATE_KINDS = frozenset(
    {
        "summit",
        "declaration",
        "statement",
        "decree",
        "military-occupation",
        "plebiscite",
        "court-ruling",
        "surrender",
        "renunciation",
        "law",
        "other",
    }
)


@dataclass
class _Title:
    start: int
    end: int
    text: str
    kind: str
    aliases: list[str] = field(default_factory=list)
    generic: bool = False  # a lower-case event noun ("a summit meeting")
    anaphor: bool = False  # "the treaty", "the Declaration"
    year: int | None = None  # "the 1890 treaty": the year it names


@dataclass
class _Name:
    match: NameMatch
    id: str
    kind: str
    in_title: bool = False


@dataclass
class _CueHit:
    start: int
    end: int
    token_start: int
    token_end: int
    cue: Cue


@dataclass
class _Inst:
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
class _Sentence:
    start: int
    end: int
    token_start: int
    token_end: int
    paragraph: int


def _nlp() -> Language:
    return shared_nlp()


@lru_cache(maxsize=1)
def _cue_matcher() -> Matcher:
    matcher = Matcher(_nlp().vocab)
    for i, cue in enumerate(CUES):
        matcher.add(str(i), [cue_pattern(cue)])
    return matcher


@lru_cache(maxsize=8)
def _index_for(key: str, ledger: Ledger | None) -> NameIndex:
    if ledger is None:
        return NameIndex.from_records({}, {}, {})
    places = {
        p.id: (p.names, [a for al in p.aliases.values() for a in al])
        for p in ledger.places.values()
    }
    groups = {
        g.id: (g.names, [a for al in g.aliases.values() for a in al], g.members)
        for g in ledger.groups.values()
    }
    return NameIndex.from_records(places, groups, dict(ledger.polities))


class Extractor:
    """Reads articles against one ledger's gazetteer and instruments.

    Parameters
    ----------
    ledger : Ledger, optional
        The ledger whose names resolve places and polities and whose instruments mentions link
        to. Without one, every name is a candidate and nothing links.

    Examples
    --------
    >>> from terrachron.extract import Extractor, Document
    >>> ex = Extractor(None)
    >>> draft = ex.extract(Document.from_text("Russia sold Alaska to the United States in 1867."))
    >>> [e.op for _, e in draft.effects]
    ['transfer']
    """

    def __init__(self, ledger: Ledger | None) -> None:
        self.ledger = ledger
        key = ledger.content_hash if ledger is not None else "-"
        self.index = _index_for(key, ledger)
        self._instruments: tuple[Instrument, ...] = (
            tuple(ledger.instruments.values()) if ledger is not None else ()
        )
        self._expand: dict[str, frozenset[str]] = {}
        words: set[str] = set()
        for entity in self.index.entities.values():
            if entity.kind == "polity" and entity.known:
                for name in entity.names.values():
                    words.update(title_tokens(name))
        self.polity_words = frozenset(words)
        if ledger is not None:
            for gid, group in ledger.groups.items():
                self._expand[gid] = frozenset(group.members)
            for pid in ledger.places:
                self._expand[pid] = frozenset({pid})

    # -- the public entry point ------------------------------------------------------------------

    def extract(self, document: Document) -> Extraction:
        """Read one document and propose instruments, effects, places and polities.

        Parameters
        ----------
        document : Document
            From :func:`terrachron.extract.reader.read_path` or :meth:`Document.from_text`.

        Returns
        -------
        Extraction
        """
        run = _Run(self, document)
        return run.result()


class _Run:
    """One extraction: the state carried from sentence to sentence."""

    def __init__(self, ex: Extractor, document: Document) -> None:
        self.ex = ex
        self.index = ex.index
        self.doc_in = document
        self.text = document.text
        self.published: EdtfDate | None = document.published
        self.doc: Doc = _nlp()(self.text)
        for token in self.doc:
            token.norm_ = fold_token(token.text)
        self.token_starts = [t.idx for t in self.doc]
        self.dates = find_dates(self.text, self.published)
        self.date_starts = [d.start for d in self.dates]
        self.titles = self._titles()
        self.names = self._names()
        self.cues = self._cues()
        self.sentences = self._sentences()
        self.sentence_starts = [s.start for s in self.sentences]
        self.instruments: list[_Inst] = []
        self.last_agent: str | None = None
        self.last_targets: list[str] = []
        self.last_targets_sentence = -1
        self.last_targets_paragraph = -1
        self.last_instrument: _Inst | None = None
        self.context_day: int | None = self.published.lo if self.published else None
        self.new_places: dict[str, DraftEntity] = {}
        self.polity_uses: dict[str, Evidence] = {}
        self.place_uses: dict[str, Evidence] = {}
        self.notes: list[str] = []
        self.loose: list[DraftEffect] = []
        self.events: dict[tuple[str, str, str | None], _Inst] = {}
        self.place_counts: dict[str, tuple[int, int]] = {}  # id → (mentions, last offset)
        self.acts = 0  # effects read so far
        self.resolved: dict[str, int] = {}  # place → times an anaphor stood for it
        self.last_agent_paragraph = -1
        self.as_place: set[int] = set()  # offsets of state names read as the land of an effect
        self.holders: dict[str, str] = {}  # place → the state the text last gave its title to
        self.sentence_index = 0
        self.last_instrument_sentence = -10
        self.paragraph_date: DateMention | None = None
        self.paragraph = -1
        self.salient = self._salient_candidates()

    # -- finding things over the whole text ------------------------------------------------------

    def _titles(self) -> list[_Title]:
        found: list[_Title] = []
        for m in TITLE_RE.finditer(self.text):
            start, text = m.start(), m.group(0)
            words = text.split()
            # Drop capitalized words that open a sentence rather than the title ("The", "In").
            while len(words) > 1 and words[0].lower().strip(",") in LEADING_NOISE:
                start = self.text.index(words[1], start + len(words[0]))
                words = words[1:]
            while len(words) > 1 and _looks_like_day(words[0]):
                start = self.text.index(words[1], start + len(words[0]))
                words = words[1:]
            title = " ".join(words)
            head = m.group("head")
            if _BODY_VERB.search(self.text, max(0, start - 14), start):
                continue  # "voters elected a National Convention": a body, not an instrument
            before_head = title[: title.rfind(head)].split()
            kind = kind_of_title(" ".join([*before_head[-1:], head]))
            bare = title.lower() == head.lower()
            found.append(_Title(start, m.end(), title, kind, anaphor=bare))
        capitalized = _Spans(found)
        for m in COMMON_INSTRUMENT_RE.finditer(self.text):
            # "the agreement of 17 December 1973", "signed an agreement", "the first treaty
            # between Japan and Russia, signed at Shimoda on ...": dated common nouns.
            tail = self.text[m.end() : m.end() + 80]
            lead = self.text[max(0, m.start() - 25) : m.start()].lower()
            dated = re.match(r"\s+of\s+(?:\d|[A-Z][a-z]+\s+\d)", tail) is not None
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
            if not dated and m.group(0)[:3].lower() == "the" and noun in _FAMILY_NOUNS:
                # "when the treaty entered into force": the treaty named before, in force now.
                found.append(_Title(m.start(), m.end(), m.group(0), "other", anaphor=True))
                continue
            found.append(
                _Title(m.start("noun"), m.end(), m.group("noun"), kind_of_title(noun), generic=True)
            )
        for m in COURT_ACT_RE.finditer(self.text):
            # "The International Court of Justice ruled on 23 May 2008 that ...": the ruling.
            if capitalized.covers(m.start("body")):
                continue
            body = m.group("body")
            body = re.sub(r"^(The|An?)\b", lambda a: a.group(1).lower(), body)
            if not body.startswith(("the ", "a ", "an ")):
                body = "the " + body
            found.append(
                _Title(m.start("body"), m.end(), f"ruling of {body}", "court-ruling", generic=True)
            )
        for m in ACT_NOUN_DATED_RE.finditer(self.text):
            noun = m.group("noun")
            if not capitalized.covers(m.start()):
                found.append(
                    _Title(m.start("noun"), m.end("noun"), noun, kind_of_title(noun), generic=True)
                )
        for m in SURRENDER_RE.finditer(self.text):
            found.append(_Title(m.start(), m.end(), "surrender", "surrender", generic=True))
        for m in PROCLAMATION_RE.finditer(self.text):
            what = m.group("what") or m.group("what2")
            if self.index.lookup(what) and what != "independence":
                continue  # "proclaimed Russia's ...": a state named, not a proclamation's object
            found.append(
                _Title(m.start(), m.end(), f"proclamation of {what}", "declaration", generic=True)
            )
        for m in VOTE_RE.finditer(self.text):
            who = m.group("who")
            if who.split()[0].lower() in LEADING_NOISE or (
                self.index.lookup(who)
                and any(self.index.kind(i) == "polity" for i in self.index.lookup(who))
            ):
                continue  # "The Senate voted", "Denmark voted": not a plebiscite of a place
            if any(w.lower() in NOT_PLACE_WORDS for w in who.split()):
                continue
            found.append(
                _Title(m.start(), m.end(), f"plebiscite in {who}", "plebiscite", generic=True)
            )
        named = _Spans(found)
        for m in DATED_REFERENCE_RE.finditer(self.text):
            if not named.covers(m.start()):
                noun = m.group("noun")
                found.append(
                    _Title(
                        m.start(),
                        m.end(),
                        noun,
                        kind_of_title(noun),
                        anaphor=True,
                        year=int(m.group("year")),
                    )
                )
        named = _Spans(found)
        for m in ANAPHOR_RE.finditer(self.text):
            if not named.covers(m.start()) and not named.covers(m.end() - 1):
                found.append(_Title(m.start(), m.end(), m.group(0), "other", anaphor=True))
        named = _Spans(found)
        for m in EVENT_NOUN_RE.finditer(self.text):
            if not named.covers(m.start()):
                kind = kind_of_title(m.group(0))
                found.append(_Title(m.start(), m.end(), m.group(0), kind, generic=True))
        found.sort(key=lambda t: t.start)
        # "the Treaty of Saint Petersburg (Karafuto-Chishima Exchange Treaty)": one instrument.
        merged: list[_Title] = []
        for t in found:
            if merged and not t.anaphor and not t.generic and not merged[-1].generic:
                between = self.text[merged[-1].end : t.start]
                if between.strip() in ("(", "(the", "(or", "(also", "(known as", "(also known as"):
                    merged[-1].aliases.append(t.text)
                    merged[-1].end = max(merged[-1].end, t.end + 1)
                    continue
            merged.append(t)
        return merged

    def _names(self) -> list[_Name]:
        out: list[_Name] = []
        titled = _Spans(t for t in self.titles if not t.generic)
        for m in self.index.match(self.doc):
            # "New Mexico", "Upper Silesia": a name inside a longer capitalized toponym is that
            # other place, which the gazetteer does not know; it is read as a candidate.
            if _SHADOW.search(self.text, max(0, m.start - 8), m.start):
                continue
            inside = titled.covers(m.start) and titled.covers(m.end - 1)
            if m.kind == "polity" and not inside and self._shadowed_after(m):
                continue  # "the Panama Canal", "the Danish West Indies": another place
            kind = m.kind
            rid = m.ids[0]
            if kind != "polity":
                rid = self._compass(m) or rid
            out.append(_Name(m, rid, kind, inside))
        return out

    def _shadowed_after(self, m: NameMatch) -> bool:
        """Whether a state's name or adjective opens a longer capitalized name ("Panama Canal
        Zone", "Danish West Indies", "British Columbia") rather than naming the state: the
        next word is capitalized and is neither an institution of the state ("US Navy",
        "British Parliament") nor a name or a word that merely opens a sentence."""
        follow = _CAPS_AFTER.match(self.text, m.end)
        if follow is None:
            return False
        word = follow.group(1)
        low = word.lower()
        if low in _STATE_PARTS or low in LEADING_NOISE or low in AGENT_NOUNS:
            return False
        return not self.index.lookup(word)

    def _compass(self, m: NameMatch) -> str | None:
        """ "the southern half of Sakhalin" → the place named "South Sakhalin", if any."""
        before = self.text[max(0, m.start - 40) : m.start].lower().split()
        if not before:
            return None
        words = [w.strip(",") for w in before[-4:]]
        for i, w in enumerate(words):
            if w in COMPASS and (i == len(words) - 1 or words[-1] == "of"):
                for form in (COMPASS[w], COMPASS[w] + "ern"):
                    hits = self.index.lookup(f"{form} {m.text}")
                    if hits:
                        return sorted(hits)[0]
        return None

    def _cues(self) -> list[_CueHit]:
        hits = []
        for match_id, start, end in _cue_matcher()(self.doc):
            cue = CUES[int(self.doc.vocab.strings[match_id])]
            span = self.doc[start:end]
            if not self._cue_fits(cue, span.end_char, span.start_char):
                continue
            hits.append(_CueHit(span.start_char, span.end_char, start, end, cue))
        # Longest first; of two cues on the same words, the one with a condition that held
        # ("French forces returned": troops coming back, not a return of land).
        hits.sort(key=lambda h: (h.start, -(h.end - h.start), not h.cue.needs))
        kept: list[_CueHit] = []
        for h in hits:
            if kept and h.start < kept[-1].end:
                continue
            kept.append(h)
        # "dropped its claim": the claim cue swallows the verb before it.
        return kept

    def _cue_fits(self, cue: Cue, end: int, start: int = 0) -> bool:
        """Whether what follows a cue is what it needs: a place by name after "entered"
        ("entered into force" is no entry), a "from" in the clause after "took" ("took
        place" is no seizure). A cue that does not fit is no cue, so it claims no dates."""
        if cue.named and not _NAMED_NEXT.match(self.text, end):
            return False
        if cue.needs == "@troops":
            before = self.text[max(0, start - 12) : start].split()
            return bool(before) and before[-1].lower() in AGENT_NOUNS | {"soldiers"}
        if cue.needs == "@that":
            head = self.text[max(0, start - 160) : start]
            cut = max(head.rfind("."), head.rfind(";"))
            return _DECREED_THAT.search(head[cut + 1 :]) is not None
        if cue.needs:
            stop = len(self.text)
            for mark in (".", ";", "\n"):
                at = self.text.find(mark, end)
                if at >= 0:
                    stop = min(stop, at)
            return _find_word(self.text[end:stop], cue.needs) >= 0
        return True

    def _salient_candidates(self) -> dict[str, tuple[DraftEntity, list[int]]]:
        """Unknown names some cue takes as its place, with every offset they occur at.

        "it" or "the island" may stand for a place the gazetteer does not know ("occupying it in
        1807" where the article is about Heligoland). Counting only known places would send the
        pronoun to the wrong one, so names that serve as the place of any cue in the article are
        counted too. Only the slots where a cue expects its place are read: the words after the
        cue, and the words before a passive or intransitive one.
        """
        found: dict[str, DraftEntity] = {}
        name_starts = [n.match.start for n in self.names]  # names come sorted by offset
        for hit in self.cues:
            if hit.cue.frame == "war":
                continue
            sent = self._sentence_of(hit.start)
            pending: dict[str, DraftEntity] = {}
            before = self._words_before(hit.start, 1, sent.start)
            if hit.cue.frame in ("intrans", "under", "join") or (
                before and before[0] in AUXILIARIES
            ):
                self._candidate_before(hit.start, sent, pending)
            else:
                start = hit.end
                skip = re.match(r"\s+of\b", self.text[start : start + 4])
                start += skip.end() if skip else 0
                self._candidate_after(start, sent.end, sent, pending)
                # "renounced Eritrea": a state the ledger lacks, as the object, is land too.
                at = bisect.bisect_left(name_starts, start)
                obj = self.names[at] if at < len(self.names) else None
                if (
                    obj is not None
                    and obj.kind == "polity"
                    and not obj.match.via_demonym
                    and not self.index.entities[obj.id].known
                    and _OBJECT_GAP.fullmatch(self.text, start, obj.match.start)
                ):
                    self._unknown_place(obj, sent, pending, confidence=0.5)
            found.update(pending)
        # "the province of Hatay", "the upper valleys of Tende and La Brigue", "the Bakassi
        # peninsula": a word for a kind of place marks the names around it as places.
        self.described: list[tuple[str, int, int]] = []  # (id, start, end) of each such name
        self.described_entities: dict[str, DraftEntity] = {}
        for m in _DESCRIBED.finditer(self.text):
            group = "names" if m.group("names") else "names2"
            for name_m in _NAME_IN_LIST.finditer(m.group(group)):
                name = name_m.group(0)
                sent = self._sentence_of(m.start(group))
                pending = {}
                at = m.start(group) + name_m.start()
                got = self._new_place(name.split(), at, sent, pending)
                if got is None:
                    known = self.index.lookup(name)
                    places = [i for i in known if self.index.kind(i) != "polity"]
                    if places:
                        self.described.append((sorted(places)[0], at, at + len(name)))
                    continue
                found.update(pending)
                self.described_entities.update(pending)
                self.described.append((got[0], at, at + len(name)))
        out: dict[str, tuple[DraftEntity, list[int]]] = {}
        for rid, entity in found.items():
            pattern = re.compile(rf"(?<!\w){re.escape(entity.name)}(?!\w)")
            out[rid] = (entity, [m.start() for m in pattern.finditer(self.text)])
        return out

    def _sentences(self) -> list[_Sentence]:
        out: list[_Sentence] = []
        paragraph = 0
        for sent in self.doc.sents:
            start_tok = sent.start
            for tok in sent:
                if "\n" in tok.text:
                    if tok.i > start_tok:
                        out.append(self._sentence(start_tok, tok.i, paragraph))
                    paragraph += 1
                    start_tok = tok.i + 1
            if start_tok < sent.end:
                out.append(self._sentence(start_tok, sent.end, paragraph))
        return [s for s in out if self.text[s.start : s.end].strip()]

    def _sentence(self, tok_start: int, tok_end: int, paragraph: int) -> _Sentence:
        span = self.doc[tok_start:tok_end]
        return _Sentence(span.start_char, span.end_char, tok_start, tok_end, paragraph)

    # -- helpers ---------------------------------------------------------------------------------

    def _evidence(self, start: int, end: int, sent: _Sentence, confidence: float) -> Evidence:
        return Evidence(
            start,
            end,
            self.text[start:end],
            (sent.start, sent.end),
            self.text[sent.start : sent.end],
            round(confidence, 2),
        )

    def _token_at(self, char: int) -> int:
        return max(0, bisect.bisect_right(self.token_starts, char) - 1)

    def _words_before(self, char: int, n: int, floor: int) -> list[str]:
        i = self._token_at(char)
        out: list[str] = []
        j = i - 1
        while j >= 0 and len(out) < n and self.doc[j].idx >= floor:
            if not self.doc[j].is_space:
                out.append(self.doc[j].lower_)
            j -= 1
        return out

    def _day_near(self, pos: int, sent: _Sentence) -> int | None:
        lo = bisect.bisect_left(self.date_starts, sent.start)
        hi = bisect.bisect_left(self.date_starts, sent.end)
        in_sent = self.dates[lo:hi]
        if in_sent:
            nearest = min(in_sent, key=lambda d: abs(d.start - pos))
            return _mid(nearest)
        return self.context_day

    def _polity(self, name: _Name, sent: _Sentence) -> str:
        return self.index.polity_at(name.match.ids, self._day_near(name.match.start, sent))

    def _eligible_subject(self, name: _Name, names: Sequence[_Name], sent: _Sentence) -> bool:
        """True when a polity is not the object of a preposition ("after Japan", "to Russia")."""
        current = name
        for step in range(6):
            words = self._words_before(current.match.start, 3, sent.start)
            while words and words[0] == "the":
                words = words[1:]
            if not words:
                return True
            if words[0] in ("and", "or") and len(words) > 1 and words[1] == ",":
                return True  # ", and Russia annexed": a new clause, not a list
            if words[0] in ("and", "or", ","):
                prior = [
                    n for n in names if n.kind == "polity" and n.match.end <= current.match.start
                ]
                if not prior:
                    return True
                gap = self.text[prior[-1].match.end : current.match.start].strip(" ,")
                if gap.lower() not in ("and", "or", "and the", "or the", "the", ""):
                    return True
                if (
                    step == 0
                    and not gap.lower().startswith(("and", "or"))
                    and not self._list_goes_on(current, names)
                ):
                    # "After the fall of France, Germany annexed": a list ends with "and", so
                    # a comma alone before its last name closes an introductory phrase.
                    return True
                current = prior[-1]
                continue
            if words[0] in ("from", "of") and len(words) > 1 and words[1] in _SPOKESMEN:
                return True  # "diplomats from Italy ... initialled": they act for Italy
            return words[0] not in PREPOSITIONS
        return True

    def _list_goes_on(self, name: _Name, names: Sequence[_Name]) -> bool:
        """Whether another state follows ``name`` in the same list ("A, B and C")."""
        nxt = next(
            (n for n in names if n.kind == "polity" and n.match.start >= name.match.end), None
        )
        return (
            nxt is not None
            and _LIST_SEP.fullmatch(self.text, name.match.end, nxt.match.start) is not None
        )

    # -- reading sentences -----------------------------------------------------------------------

    def result(self) -> Extraction:
        """Read every sentence and assemble the draft."""
        self._bucket()
        for sent in self.sentences:
            self._read(sent)
        instruments = self._finish_instruments()
        places = self._finish_places()
        polities = self._finish_polities(instruments)
        dates = tuple(
            (
                self._evidence(d.start, d.end, self._sentence_of(d.start), d.confidence),
                d.edtf,
                d.form,
                d.approximate,
            )
            for d in self.dates
        )
        return Extraction(
            source=_source_info(self.doc_in),
            ledger=self.ex.ledger.id if self.ex.ledger is not None else None,
            instruments=tuple(instruments),
            places=tuple(places),
            polities=tuple(polities),
            dates=dates,
            loose_effects=tuple(self.loose),
            notes=tuple(self.notes),
        )

    def _sentence_of(self, pos: int) -> _Sentence:
        i = bisect.bisect_right(self.sentence_starts, pos) - 1
        if i >= 0 and pos < self.sentences[i].end:
            return self.sentences[i]
        return _Sentence(pos, pos, 0, 0, 0)

    def _bucket(self) -> None:
        """Sort dates, names, titles and cues into their sentences, once (not per sentence)."""
        starts = [s.start for s in self.sentences]
        self._by_sentence: list[
            tuple[list[DateMention], list[_Name], list[_Title], list[_CueHit]]
        ] = [([], [], [], []) for _ in self.sentences]

        def slot(pos: int) -> int | None:
            i = bisect.bisect_right(starts, pos) - 1
            if i < 0 or pos >= self.sentences[i].end:
                return None
            return i

        for d in self.dates:
            if (i := slot(d.start)) is not None:
                self._by_sentence[i][0].append(d)
        for n in self.names:
            if (i := slot(n.match.start)) is not None:
                self._by_sentence[i][1].append(n)
        for t in self.titles:
            if (i := slot(t.start)) is not None:
                self._by_sentence[i][2].append(t)
        for c in self.cues:
            if (i := slot(c.start)) is not None:
                self._by_sentence[i][3].append(c)

    def _read(self, sent: _Sentence) -> None:
        self.sentence_index += 1
        if sent.paragraph != self.paragraph:
            self.paragraph, self.paragraph_date = sent.paragraph, None
        dates, names, titles, cues = self._by_sentence[self.sentence_index - 1]
        # Places named (not inside a title) are mentions; polities are resolved by the date.
        for n in names:
            if n.kind != "polity" and not n.in_title:
                count = self.place_counts.get(n.id, (0, 0))[0]
                self.place_counts[n.id] = (count + 1, n.match.start)
                if self.index.entities[n.id].known:
                    # A place the ledger lacks (Guam, from CLDR) is drafted only as the place
                    # of an effect, like any other unknown name.
                    self.place_uses.setdefault(
                        n.id, self._evidence(n.match.start, n.match.end, sent, 0.9)
                    )
        sentence_insts: list[tuple[int, _Inst]] = []
        for t in titles:
            inst = self._instrument(t, titles, dates, names, cues, sent)
            if inst is not None:
                sentence_insts.append((t.start, inst))
        acts = self.acts
        for cue in cues:
            self._effect(cue, cues, sent, names, titles, dates, sentence_insts)
        for n in names:
            if n.kind == "polity" and not n.match.via_demonym and not n.in_title:
                if self._venue_of_place(n, names, sent):
                    continue  # a venue ("held in Singapore", "in Tokyo or Moscow"), no actor
                if n.match.start in self.as_place:
                    continue  # "Spain ceded ... the Philippines": the land, not a state
                pid = self._polity(n, sent)
                self.polity_uses.setdefault(
                    pid, self._evidence(n.match.start, n.match.end, sent, 0.9)
                )
        subjects = [
            n
            for n in names
            if n.kind == "polity"
            and not n.in_title
            and (not n.match.via_demonym or self._agent_noun_after(n))
            and self._eligible_subject(n, names, sent)
        ]
        if subjects and self.acts == acts:
            # No act read here ("France ... gave way."): the subject is who "it" is next.
            self.last_agent = self._polity(subjects[0], sent)
            self.last_agent_paragraph = self.paragraph
        if dates:
            self.context_day = _mid(dates[-1])
            self.paragraph_date = dates[-1]

    def _venue_of_place(self, n: _Name, names: list[_Name], sent: _Sentence) -> bool:
        """Whether ``n`` heads or continues a list after "in" or "at" ("in Tokyo or Moscow")."""
        current = n
        for _ in range(4):
            lead = self._words_before(current.match.start, 1, sent.start)
            if lead[:1] in (["in"], ["at"]):
                return True
            prior = [m for m in names if m.match.end <= current.match.start]
            if not prior or self.text[prior[-1].match.end : current.match.start].strip(
                " ,"
            ).lower() not in ("and", "or"):
                return False
            current = prior[-1]
        return False

    def _agent_noun_after(self, n: _Name) -> bool:
        after = self.text[n.match.end : n.match.end + 40].split()[:4]
        for i, word in enumerate(after):
            if word.lower().strip(",.") in AGENT_NOUNS:
                # "British forces", "British and Commonwealth forces", "the British, whose
                # troops"
                return all(w in ("and", ",", "whose") or w[:1].isupper() for w in after[:i])
        return False

    # -- instruments -----------------------------------------------------------------------------

    def _instrument(
        self,
        t: _Title,
        titles: list[_Title],
        dates: list[DateMention],
        names: list[_Name],
        cues: list[_CueHit],
        sent: _Sentence,
    ) -> _Inst | None:
        if t.anaphor and t.year is not None:
            prior = self._dated_reference(t)
            if prior is not None:
                self.last_instrument = prior
                return prior
            # No instrument of that year so far: "the 1890 treaty" is one of its own.
            t = replace(t, anaphor=False, generic=True)
        if t.anaphor:
            family = t.text.lower().split()[-1]
            prior = next(
                (
                    inst
                    for inst in reversed(self.instruments)
                    if family in inst.title.lower() or family in inst.kind
                ),
                self.last_instrument,
            )
            if prior is not None:
                self.last_instrument = prior
                self._force_date(t, prior, dates, sent)
                return prior
            if family not in _FAMILY_NOUNS:
                return None
            # "The treaty, which Norway and Russia signed on ...": nothing before it, so it is
            # an instrument of its own.
            t = replace(t, anaphor=False, generic=True, text=family, kind=kind_of_title(family))
        # The title's zone: from the previous title's end to the next title's start.
        others = [o for o in titles if o is not t and not o.anaphor]
        lo = max([o.end for o in others if o.end <= t.start], default=sent.start)
        hi = min([o.start for o in others if o.start >= t.end], default=sent.end)
        # A cue after the title claims the dates that follow it ("... and occupied X between").
        hi = min([hi, *[c.start for c in cues if t.end <= c.start < hi]])
        zone_dates = [d for d in dates if lo <= d.start and d.end <= hi]

        def distance(d: DateMention) -> float:
            if d.start >= t.end:
                return d.start - t.end
            # A date before the title counts less, and less again across a clause break
            # ("after the war of 1864, and the Treaty of Vienna, signed on 30 October 1864").
            gap = self.text[d.end : t.start]
            return (t.start - d.end) * (2.0 if "," in gap or " and " in gap else 1.2)

        date = min(zone_dates, key=distance, default=None)
        if t.generic and date is None:
            return None
        role = self._date_role(t, date)
        titled: list[str] = []
        in_title = [
            n
            for n in names
            if n.kind == "polity" and t.start <= n.match.start < t.end and not self._venue(n)
        ]
        for n in in_title:
            titled.append(
                self._polity(n, sent)
                if date is None
                else self.index.polity_at(n.match.ids, _mid(date))
            )
        listed = self._listed_parties(t, names, sent, date, hi)
        # When the text says who signed ("Britain and Germany signed the Heligoland-Zanzibar
        # Treaty"), a state named only in the title is its subject, not a party.
        parties = [p for p in titled if p in listed] + listed if listed else titled
        title = t.text
        if t.generic:
            title = self._generic_title(t, parties, date)
        inst = _Inst(
            generic=t.generic,
            title=title,
            kind=t.kind,
            aliases=list(t.aliases),
            parties=_unique(parties),
            date=date,
            role=role,
            evidence=self._evidence(t.start, t.end, sent, 0.6 if t.generic else 0.85),
            date_evidence=(
                self._evidence(date.start, date.end, sent, date.confidence) if date else None
            ),
        )
        self.instruments.append(inst)
        self.last_instrument = inst
        self.last_instrument_sentence = self.sentence_index
        return inst

    def _venue(self, n: _Name) -> bool:
        """ "Treaty of Paris", "London Memorandum": a capital standing for its state, in a
        title, is where the instrument was signed, not who signed it."""
        if n.match.via_demonym:
            return False  # "Sino-British": an adjective of the state, so a party
        written = fold_name(n.match.text)
        return all(
            written not in {fold_name(x) for x in self.index.entities[i].names.values()}
            and written != fold_name(self.index.entities[i].name)
            for i in n.match.ids
        )

    def _force_date(
        self, t: _Title, inst: _Inst, dates: list[DateMention], sent: _Sentence
    ) -> None:
        """ "the treaty entered into force on 30 June 1854": the date it took effect."""
        if not dates or inst.role == "in_force" or "in_force" in inst.more_dates:
            return
        follows = self.text[t.end : t.end + 40].lower()
        if not any(w in follows for w in _FORCE_WORDS):
            return
        # "The ratifications were exchanged on 30 June 1854, when the treaty entered into
        # force": the nearest date of the sentence, on either side.
        date = min(
            dates, key=lambda d: abs(d.start - t.end) if d.start >= t.end else t.start - d.end
        )
        if inst.date is not None and not _compatible(inst.date, date) and _mid(date) is not None:
            lo = cached_edtf(inst.date.edtf)
            if lo is not None and lo.lo > (_mid(date) or 0):
                return  # in force before it was signed: not this instrument's date
        ev = self._evidence(date.start, date.end, sent, date.confidence)
        inst.more_dates["in_force"] = (date, ev)

    def _dated_reference(self, t: _Title) -> _Inst | None:
        """The instrument "the 1890 treaty" points back to: the latest of its family and year."""
        family = t.text.lower()
        for inst in reversed(self.instruments):
            if inst.event or inst.date is None:
                continue
            value = cached_edtf(inst.date.edtf)
            if value is None or not value.bounded or value.lo_iso is None:
                continue
            if int(value.lo_iso[:4]) != t.year:
                continue
            if family in inst.title.lower() or family == inst.kind:
                return inst
        return None

    def _generic_title(self, t: _Title, parties: list[str], date: DateMention | None) -> str:
        noun = t.text[0].upper() + t.text[1:]
        who = " and ".join(self.index.entities[p].name for p in parties[:3])
        when = f" of {_DATE_LEAD.sub('', date.text)}" if date else ""
        return f"{noun} between {who}{when}" if who else f"{noun}{when}"

    def _date_role(self, t: _Title, date: DateMention | None) -> str:
        if date is None:
            return "date"
        lo, hi = sorted((t.end, date.start))
        between = self.text[lo:hi].lower()
        before = self.text[max(0, date.start - 30) : date.start].lower()
        if any(w in between or w in before for w in _FORCE_WORDS):
            return "in_force"
        if t.kind in _SINGLE_DATE_KINDS:
            return "date"
        return "signed"

    def _listed_parties(
        self,
        t: _Title,
        names: list[_Name],
        sent: _Sentence,
        date: DateMention | None,
        zone_end: int,
    ) -> list[str]:
        """Polities listed as signing: "between A and B", "signed by A, B and C", "A and B ..."."""
        day = _mid(date) if date else self.context_day
        out: list[str] = []
        after = self.text[t.end : min(zone_end, t.end + 120)]
        for lead in ("between", "signed by", "issued by", "concluded by", "by"):
            idx = after.find(lead + " ")
            if 0 <= idx <= 25 or (lead != "by" and 0 <= idx <= 60):
                start = t.end + idx + len(lead)
                out.extend(self._polity_list(start, names, day, sent))
                break
        # "The treaty, which Norway and Russia signed in Murmansk": a relative clause.
        which = _WHICH_SIGNED.match(self.text, t.end, min(zone_end, t.end + 120))
        if which is not None and not out:
            listed = [
                n
                for n in names
                if n.kind == "polity"
                and not n.match.via_demonym
                and which.start("who") <= n.match.start < which.end("who")
            ]
            out.extend(self.index.polity_at(n.match.ids, day) for n in listed)
        # "The United States, the United Kingdom, and the Soviet Union concluded the ..."
        verbs = (
            "concluded",
            "signed",
            "issued",
            "agreed",
            "adopted",
            "reached",
            "initialled",
            "initialed",
            "ratified",
        )
        lead_text = self.text[max(sent.start, t.start - 40) : t.start].lower()
        if any(v in lead_text for v in verbs):
            listed = [
                n
                for n in names
                if n.kind == "polity"
                and not n.match.via_demonym
                and n.match.end <= t.start
                and self._eligible_subject(n, names, sent)
            ]
            group = self._coordinated_run(listed)
            out.extend(self.index.polity_at(n.match.ids, day) for n in group)
        return out

    def _coordinated_run(self, listed: list[_Name]) -> list[_Name]:
        """The last run of polities joined by commas and "and" in ``listed``."""
        if not listed:
            return []
        run = [listed[-1]]
        for n in reversed(listed[:-1]):
            gap = self.text[n.match.end : run[0].match.start].strip().lower()
            if gap in (",", "and", ", and", "and the", ", the", ", and the", "or", "the"):
                run.insert(0, n)
            else:
                break
        return run

    def _polity_list(
        self, start: int, names: list[_Name], day: int | None, sent: _Sentence
    ) -> list[str]:
        out: list[str] = []
        pos = start
        for n in names:
            if n.kind != "polity" or n.match.start < start:
                continue
            gap = self.text[pos : n.match.start].strip().lower()
            if gap not in ("", ",", "and", ", and", "the", ", the", "and the", ", and the"):
                break
            out.append(self.index.polity_at(n.match.ids, day))
            pos = n.match.end
        return out

    # -- effects ---------------------------------------------------------------------------------

    def _effect(
        self,
        hit: _CueHit,
        cues: list[_CueHit],
        sent: _Sentence,
        names: list[_Name],
        titles: list[_Title],
        dates: list[DateMention],
        sentence_insts: list[tuple[int, _Inst]],
    ) -> None:
        cue = hit.cue
        if any(t.start <= hit.start < t.end for t in titles if not t.generic and not t.anaphor):
            return  # "Treaty concerning the Cession of ...": part of a title, not a statement
        before = self._words_before(hit.start, 4, sent.start)
        if cue.op == "claim" and any(
            w in before for w in ("renounced", "relinquished", "gave", "up", "title")
        ):
            return  # "all right, title and claim to": part of a renunciation
        if cue.frame == "under" and "under" not in before[:3]:
            return  # "administration" or "rule" alone states nothing
        if cue.frame == "war":
            self._war(hit, sent, names, dates)
            return
        nxt = self.doc[hit.token_end].lower_ if hit.token_end < len(self.doc) else ""
        noun = cue.noun or (nxt == "of" and cue.frame != "act")
        passive = bool(before) and (
            before[0] in AUXILIARIES
            or (len(before) > 1 and before[1] in AUXILIARIES and before[0] in ("then", "later"))
        )
        frame = cue.frame
        modal = next((w for w in before if w not in AUXILIARIES and w != "not"), None)
        if modal in _MODALS or (modal in ("would", "will", "shall") and cue.op not in _GIVING):
            return  # "must be reintegrated", "could annex": a demand or a guess, not an act
        if frame == "give" and nxt == "to" and not passive:
            frame = "intrans"  # "Okinawa returned to Japan"
        op = cue.op
        wide = self._words_before(hit.start, 12, sent.start)
        if op in ("transfer", "cede") and (
            any(w in PROMISE_WORDS for w in wide) or self._future(wide)
        ):
            op = "promise_transfer"
        # "Portugal's occupation and government of Macau": two nouns share one object, so the
        # first reads its place (and its actor) where the second does.
        shared = self._coordinated_noun(hit, cues) if noun and nxt != "of" else None
        anchor = shared or hit
        limit = min([c.start for c in cues if c.start > anchor.start], default=sent.end)
        limit = min([limit, *[t.start for t in titles if t.start > anchor.end and not t.anaphor]])
        polities = [n for n in names if n.kind == "polity" and not n.in_title]
        day = self._day_near(hit.start, sent)
        pending: dict[str, DraftEntity] = {}

        found: list[_Name] = []  # the name the last call of after() settled on

        def after(word: str, start: int) -> str | None:
            seg = self.text[start:limit] if word != "by" else self.text[start : sent.end]
            idx = _find_word(seg, word)
            while idx >= 0:
                p = start + idx + len(word)
                for n in polities:
                    if p <= n.match.start <= p + 12 or (
                        n.match.start > p and _STATE_FORM.fullmatch(self.text, p, n.match.start)
                    ):
                        found[:] = [n]
                        return self.index.polity_at(n.match.ids, day)
                nxt_idx = _find_word(seg[idx + len(word) :], word)
                if nxt_idx < 0:
                    break
                idx = idx + len(word) + nxt_idx
            return None

        def possessive() -> str | None:
            for n in polities:
                if 0 <= hit.start - n.match.end <= 6:
                    return self.index.polity_at(n.match.ids, day)
            # "American military administration", "the Soviet armed occupation": an adjective
            # of a state, then at most two lower-case words, then the noun.
            for n in reversed(polities):
                if n.match.via_demonym and _ADJECTIVE_GAP.fullmatch(
                    self.text, n.match.end, hit.start
                ):
                    return self.index.polity_at(n.match.ids, day)
            # "Portugal's perpetual occupation", "Portugal's occupation and government": a
            # possessive, then a few lower-case words, then the cue.
            for n in reversed(polities):
                if n.match.end <= hit.start and _POSSESSIVE_GAP.fullmatch(
                    self.text[n.match.end : hit.start]
                ):
                    return self.index.polity_at(n.match.ids, day)
            return None

        # -- the places ---------------------------------------------------------------------
        left_frame = frame in ("intrans", "under", "join") or passive
        if left_frame:
            targets = self._targets_left(hit.start, names, sent, pending)
            tgt_end = hit.end
            if not targets:
                targets = self._anaphor_targets(sent.start, hit.start, names, pending, "left")
        else:
            right_start = anchor.end
            after_anchor = self.doc[anchor.token_end] if anchor.token_end < len(self.doc) else None
            if noun and after_anchor is not None and after_anchor.lower_ == "of":
                right_start = after_anchor.idx + 2
            targets, tgt_end = self._targets_right(right_start, limit, names, sent, pending)
            if not targets and cue.needs == "from" and cue.op == "occupy":
                # "drove the French from Corsica": the place is what they were driven from.
                at = _find_word(self.text[right_start:limit], "from")
                if at >= 0:
                    origin = right_start + at + len("from")
                    targets, tgt_end = self._targets_right(origin, limit, names, sent, pending)
            if not targets:
                # Within the clause: ", and the island was run ..." is another clause's place.
                cut = _NEW_CLAUSE.search(self.text, right_start, limit)
                end = cut.start() if cut else limit
                targets = self._anaphor_targets(right_start, end, names, pending, "right")
        if (
            not targets
            and (op == "withdraw" or cue.needs == "@troops")
            and self.last_targets
            and self.last_targets_paragraph == self.paragraph
            and self.last_targets_sentence >= self.sentence_index - 2
        ):
            # "They withdrew in October 1796": from the place in focus, if it is close by.
            targets = list(self.last_targets)
        if not targets:
            return
        # -- the polities -------------------------------------------------------------------
        from_: str | None = None
        to: str | None = None
        agents: list[str] = []
        search_from = max(tgt_end, hit.end)
        if op == "renounce" and not passive:
            recipient = (
                after("to", search_from)
                or after("in favour of", search_from)
                or after("in favor of", search_from)
            )
            if recipient is not None:
                op, to = "transfer", recipient  # "gave up its rights on X to Y" is a transfer
                givers = self._left_agents(hit, polities, names, titles, sent, day)
                from_ = givers[0] if givers else None
        if to is not None:
            pass
        elif frame == "give":
            if passive:
                to, from_ = after("to", hit.end), after("by", hit.end)
            elif noun:
                to = after("to", search_from)
                from_ = after("from", search_from) or after("by", search_from) or possessive()
            else:
                lefts = self._left_agents(hit, polities, names, titles, sent, day)
                if not lefts:
                    lefts = self._participle_subject(hit, polities, names, sent, day)
                from_, to = (lefts[0] if lefts else None), after("to", search_from)
        elif frame == "receive":
            if passive:
                to, from_ = after("by", hit.end), after("from", hit.end)
            elif noun:
                to = possessive() or after("by", search_from)
                from_ = after("from", search_from)
            else:
                lefts = self._left_agents(hit, polities, names, titles, sent, day)
                to, from_ = (lefts[0] if lefts else None), after("from", search_from)
        elif frame == "lease":
            lefts = self._left_agents(hit, polities, names, titles, sent, day)
            lessor = after("from", search_from)
            if lessor is not None:  # "Britain leased the New Territories from China"
                agents, from_ = lefts[:1], lessor
            else:  # "China leased the New Territories to Britain"
                agents = [a for a in [after("to", search_from)] if a]
                from_ = lefts[0] if lefts else None
        elif frame == "intrans":
            to = after("to", hit.end) or after("of", hit.end) or after("under", hit.end)
            if to is None and hit.cue.words[-1] in ("of", "with", "into", "to"):
                # "became part of Japan": the cue ends with its preposition; the state follows.
                to = next(
                    (
                        self.index.polity_at(n.match.ids, day)
                        for n in polities
                        if 0 <= n.match.start - hit.end <= 6
                    ),
                    None,
                )
        elif frame == "join":
            for n in polities:
                if 0 <= n.match.start - hit.end <= 6:
                    to = self.index.polity_at(n.match.ids, day)
                    break
        elif frame == "under":
            agents = [a for a in [possessive() or after("of", hit.end)] if a]
        else:
            if passive:
                agents = [a for a in [after("by", hit.end)] if a]
            elif noun:
                agents = [a for a in [possessive() or after("by", search_from)] if a]
            else:
                agents = self._left_agents(hit, polities, names, titles, sent, day)
            if not agents:
                agents = [a for a in [after("for", search_from)] if a]  # "annexed X for Britain"
        if frame == "intrans" and op not in ("transfer", "cede", "promise_transfer"):
            agents, to = [a for a in [to] if a], None  # "incorporated into Y": Y acts
        if op in ("transfer", "cede", "promise_transfer"):
            if to is None:
                return  # a transfer to nobody named is not worth a draft
            if cue.words[0].startswith("becam") and all(self.holders.get(t) == to for t in targets):
                return  # "Goa became a state of India" after India annexed it: an internal change
            agents = [to]
            if found and self.index.polity_at(found[0].match.ids, day) == to:
                # "handed control of Western Sahara to Morocco and Mauritania": two recipients.
                agents += self._co_polities(found[0], polities, day, limit)
        elif not agents:
            # "marines landed and seized the bay": no state named, but the bay is in focus.
            self.last_targets = targets
            self.last_targets_sentence = self.sentence_index
            self.last_targets_paragraph = self.paragraph
            return
        self.acts += 1
        self.last_agent_paragraph = self.paragraph
        self.last_targets = targets
        self.last_targets_sentence = self.sentence_index
        self.last_targets_paragraph = self.paragraph
        self.last_agent = from_ if frame == "give" and from_ else agents[0]
        if op in ("transfer", "cede", "annex"):
            for t in targets:
                self.holders[t] = agents[0]
        for rid, entity in pending.items():
            if rid in targets:
                self.new_places.setdefault(rid, entity)
        places, group = self._split_targets(targets)
        # The act's date is the nearest in its clause: a semicolon ends one.
        lo = self.text.rfind(";", sent.start, hit.start)
        hi = self.text.find(";", hit.end, sent.end)
        in_clause = [d for d in dates if lo < d.start and (hi < 0 or d.end <= hi)]
        effect_date = min(in_clause, key=lambda d: abs(d.start - hit.end), default=None)
        if effect_date is not None:
            # "invaded East Timor on 7 December 1975 and annexed it the following year": a
            # shift of time between the date and the act moves the act off that date.
            a, b = sorted((effect_date.end, hit.start))
            tail = self.text[hit.end : hi if hi >= 0 else sent.end]
            after_date = effect_date.start < hit.start
            if _RELATIVE_TIME.search(self.text, a, b) or (
                after_date and _RELATIVE_AFTER.search(tail[:60])
            ):
                effect_date = None
        ev = self._evidence(hit.start, hit.end, sent, 0.65 if passive else 0.7)
        inst = self._instrument_for(op, hit, sentence_insts, titles, sent, effect_date)
        condition = None
        if op == "promise_transfer":
            condition = "A condition stated in the source (see the evidence); review it."
        for agent in _unique(agents):
            effect = DraftEffect(
                op=op,
                places=places,
                group=group,
                from_=from_ if op in ("transfer", "cede", "promise_transfer") else None,
                to=agent if op in ("transfer", "cede", "promise_transfer") else None,
                by=None if op in ("transfer", "cede", "promise_transfer") else agent,
                date=effect_date.edtf if effect_date else None,
                condition=condition,
                evidence=ev,
            )
            if inst is None:
                if (
                    effect_date is None
                    or (frame == "under" and not self._placed_under(hit))
                    or op in ("claim", "drop_claim")
                ):
                    # A claim changes neither control nor title: no instrument of its own.
                    # No date, or a state of affairs ("X was under Portuguese
                    # administration") rather than an act: the effect is drafted without an
                    # instrument, for a reviewer to attach.
                    self.loose.append(effect)
                    continue
                self._event(effect, sent, effect_date)
                continue
            if effect.date and inst.date and effect.date == inst.date.edtf:
                effect = replace(effect, date=None)
            inst.effects.append(effect)

    def _placed_under(self, hit: _CueHit) -> bool:
        """ "placed under Japanese administration" is an act; "was under ..." a state."""
        words = self._words_before(hit.start, 5, 0)
        if "under" not in words:
            return False
        rest = words[words.index("under") + 1 :]
        return bool(rest) and rest[0] in ("placed", "put", "brought", "came", "passed", "fell")

    def _participle_subject(
        self,
        hit: _CueHit,
        polities: list[_Name],
        names: list[_Name],
        sent: _Sentence,
        day: int | None,
    ) -> list[str]:
        """ "Ceding Alaska to the United States in 1867, Russia gave up ...": a participle
        that opens the sentence takes the subject after its comma."""
        if self.text[sent.start : hit.start].strip() or not hit.cue.words[0].endswith("ing"):
            return []
        comma = self.text.find(",", hit.end, sent.end)
        if comma < 0:
            return []
        for n in polities:
            if n.match.start > comma:
                gap = self.text[comma + 1 : n.match.start].split()
                if all(w.lower() in ("the", "then") for w in gap):
                    return [self.index.polity_at(n.match.ids, day)]
                break
        return []

    def _co_polities(
        self, first: _Name, polities: list[_Name], day: int | None, limit: int
    ) -> list[str]:
        """States listed with ``first`` ("to Morocco and Mauritania"), when the list ends
        the clause: "to the United States and Russia received ..." starts a new one."""
        out: list[str] = []
        pos = first.match.end
        for n in polities:
            if n.match.start < pos:
                continue
            if n.match.start >= limit or not _LIST_SEP.fullmatch(self.text, pos, n.match.start):
                break
            out.append(self.index.polity_at(n.match.ids, day))
            pos = n.match.end
        if out and not _CLAUSE_END.match(self.text, pos):
            return []
        return out

    @staticmethod
    def _future(before: list[str]) -> bool:
        """Whether the words just before a cue make it an undertaking ("agreed to hand over",
        "would be returned"), not an act; "would later be ceded" tells of the past."""
        words = [w for w in before if w not in AUXILIARIES]
        if any(w in ("later", "eventually", "soon", "then", "finally") for w in words[:2]):
            return False
        if words[:1] and words[0] in ("would", "will", "shall"):
            return True
        # "agreed to hand over", "agreed in October 2024 to hand over"
        return words[:1] == ["to"] and any(w in _UNDERTAKING for w in words[1:6])

    def _coordinated_noun(self, hit: _CueHit, cues: list[_CueHit]) -> _CueHit | None:
        """The noun cue joined to ``hit`` by "and"/"or" ("occupation and government of")."""
        nxt = next((c for c in cues if c.start >= hit.end), None)
        if nxt is None or not nxt.cue.noun:
            return None
        if _NOUN_JOIN.fullmatch(self.text[hit.end : nxt.start]) is None:
            return None
        return nxt

    def _left_agents(
        self,
        hit: _CueHit,
        polities: list[_Name],
        names: list[_Name],
        titles: list[_Title],
        sent: _Sentence,
        day: int | None,
    ) -> list[str]:
        """The subject polities of a cue: the nearest run of eligible names before it."""
        # A state name read as land ("invaded East Timor ... and annexed it") is no subject.
        polities = [n for n in polities if n.match.start not in self.as_place]
        cands = [
            n
            for n in polities
            if n.match.end <= hit.start
            and (
                not n.match.via_demonym or self._agent_noun_after(n) or n.match.end >= hit.start - 2
            )
            and self._eligible_subject(n, names, sent)
        ]
        # "the British, whose troops drove the French from the island": the relative clause
        # names who acts, whatever preposition came before the name.
        for n in reversed(polities):
            if n.match.end <= hit.start and _WHOSE.fullmatch(self.text, n.match.end, hit.start):
                return [self.index.polity_at(n.match.ids, day)]
        pron = [w for w in self._words_before(hit.start, 3, sent.start) if w in PRONOUNS]
        near = self._words_before(hit.start, 2, sent.start)
        if near[:1] in (["which"], ["who"]) and near[1:2] == [","]:
            # "..., to Japan, which governed it": the name before the relative pronoun acts.
            rel = [n for n in polities if n.match.end <= hit.start]
            if rel and self.text[rel[-1].match.end : hit.start].strip(" ,").lower() in (
                "which",
                "who",
            ):
                return [self.index.polity_at(rel[-1].match.ids, day)]
        # "the Treaty of X ... gave": an instrument between the last state and the cue is the
        # subject, and the giver is left to the instrument's parties.
        if cands and any(
            cands[-1].match.end <= t.start and t.end <= hit.start and self._title_subject(t, hit)
            for t in titles
        ):
            return []
        if cands:
            run = self._coordinated_run(cands)
            return _unique(self.index.polity_at(n.match.ids, day) for n in run)
        # "before Italy annexed it", "after Japan occupied ...": a conjunction, not a
        # preposition, when the state is followed directly by the verb.
        close = [n for n in polities if n.match.end <= hit.start]
        if close:
            n = close[-1]
            gap = self.text[n.match.end : hit.start].split()
            if n.match.via_demonym and gap and gap[0].lower() in AGENT_NOUNS:
                gap = gap[1:]  # "until French troops occupied it"
            elif n.match.via_demonym:
                gap = ["-"]
            lead = self._words_before(n.match.start, 1, sent.start)
            if lead and lead[0] in _CONJUNCTIONS and all(w in _VERB_FILLERS for w in gap):
                return [self.index.polity_at(n.match.ids, day)]
        if pron and self.last_agent is not None:
            return [self.last_agent]
        # "marines from the admiral's squadron landed and seized the bay": fighting men of no
        # named state act for the state the paragraph is about.
        opening = self.text[clause_start(self.text, sent.start, hit.start) : hit.start]
        if (
            self.last_agent is not None
            and self.last_agent_paragraph == self.paragraph
            and any(w.lower().strip(",") in AGENT_NOUNS for w in opening.split()[:3])
        ):
            return [self.last_agent]
        return []

    def _title_subject(self, t: _Title, hit: _CueHit) -> bool:
        """Whether title ``t`` is the subject of the cue ("and the Treaty of X ... gave")."""
        if t.generic:
            return False
        words = self._words_before(t.start, 2, 0)
        if words and words[0] in ("the", "a", "an"):
            words = words[1:]
        opener = not words or words[0] in (",", "and", "(", ";", "while", "whereas", "but", "as")
        gap = f" {self.text[t.end : hit.start].lower()} "
        return opener and " and " not in gap and ", " not in gap.strip()

    def _dated_otherwise(self, date: DateMention | None) -> bool:
        """Whether an act is dated apart from the instrument just named: "The islands were
        united with Greece on 7 March 1948" after a treaty of 1923 is an act of its own, not
        a clause of that treaty."""
        last = self.last_instrument
        if last is None or last.date is None or date is None:
            return False
        dated = [last.date, *(m for m, _ in last.more_dates.values())]
        return not any(_compatible(date, x) for x in dated)

    def _refers_back(self, sent: _Sentence, clause: int = -1) -> bool:
        """Whether a sentence (or the clause after a semicolon at ``clause``) opens by pointing
        at the instrument named just before."""
        if clause >= 0:
            return self.text[clause + 1 : clause + 31].lower().lstrip().startswith(_BACK_REFERENCES)
        head = self.text[sent.start : sent.start + 30].lower()
        return head.startswith(_BACK_REFERENCES)

    def _instrument_for(
        self,
        op: str,
        hit: _CueHit,
        sentence_insts: list[tuple[int, _Inst]],
        titles: list[_Title],
        sent: _Sentence,
        effect_date: DateMention | None,
    ) -> _Inst | None:
        # A semicolon closes a clause: "... signed the Treaty of Shimoda in 1855; twenty
        # years later Japan handed Sakhalin back" is not an act of that treaty.
        clause = self.text.rfind(";", sent.start, hit.start)
        before = [(pos, inst) for pos, inst in sentence_insts if clause < pos < hit.start]
        sentence_insts = [(pos, inst) for pos, inst in sentence_insts if pos > clause]
        clause_text = self.text[max(clause + 1, sent.start) : hit.start].lower()
        recent = (
            self.last_instrument is not None
            and self.last_instrument_sentence >= self.sentence_index - 1
            and not (
                self.last_instrument_sentence == self.sentence_index
                and clause > self.last_instrument.evidence.start
            )
            and _TIME_SHIFT.search(clause_text) is None
        )
        if effect_date is not None:
            # "In a referendum held on 13 January 1935 ... the territory was reincorporated on
            # 1 March 1935": an act dated apart from the instrument is an act of its own.
            # A treaty may date its effect apart ("with effect from"); a vote or a summit may not.
            def fits(inst: _Inst) -> bool:
                return (
                    inst.date is None
                    or _compatible(inst.date, effect_date)
                    or (op in _TITLE_OPS and inst.kind not in ("plebiscite", "summit"))
                )

            before = [(pos, inst) for pos, inst in before if fits(inst)]
            sentence_insts = [(pos, inst) for pos, inst in sentence_insts if fits(inst)]
        if op in _TITLE_OPS:
            if before:
                return before[-1][1]
            later = [
                inst
                for pos, inst in sentence_insts
                if not _NEW_CLAUSE.search(self.text, hit.end, pos)
            ]
            if later:
                return later[0]
            if self._refers_back(sent, clause):
                return self.last_instrument
            if recent and not self._dated_otherwise(effect_date):
                return self.last_instrument
            return None
        # Acts of a state are instruments of their own, unless the instrument is the subject
        # ("the treaty placed ...") or the means ("under the agreement").
        for pos, inst in reversed(before):
            title = next((t for t in titles if t.start == pos), None)
            if title is None:
                continue
            gap = self.text[title.end : hit.start].split()
            if len(gap) <= 3 and not any(w.lower() in ("and", "after", "before") for w in gap):
                return inst
            lead = self.text[max(0, pos - 12) : pos].lower().split()
            if (lead and lead[-1] in ("under", "by", "through", "in")) or lead[-2:-1] in (
                ["under"],
                ["in"],
                ["by"],
                ["through"],
            ):
                return inst
        # A nominalized act after a titled instrument is what the instrument did ("the Treaty
        # of Peking recognised Portugal's occupation of Macau"), not an event of its own.
        if hit.cue.noun and before:
            pos, inst = before[-1]
            gap = self.text[pos : hit.start].lower().split()
            if not any(w in gap for w in ("after", "before", "since", "until", "following")):
                return inst
        if not before and self._refers_back(sent, clause) and self.last_instrument is not None:
            return self.last_instrument
        return None

    def _event(self, effect: DraftEffect, sent: _Sentence, date: DateMention | None) -> None:
        if date is None:
            return  # an act with no date cannot enter a ledger; too thin for a draft
        place = ", ".join(self._display(t) for t in effect.targets)
        agent_id = effect.principal
        agent = self._display(agent_id) if agent_id else "?"
        key = (effect.op, date.edtf, effect.principal)
        same = self.events.get(key)
        if same is not None:
            again = replace(effect, date=None)
            if all(
                (e.op, e.targets, e.principal) != (again.op, again.targets, again.principal)
                for e in same.effects
            ):
                same.effects.append(again)
            return
        title = _EVENT_TITLE[effect.op].format(place=place, agent=agent)
        if effect.op in ("transfer", "cede"):
            cue = effect.evidence.text.lower()
            noun = next((n for prefix, n in _CUE_NOUNS if cue.startswith(prefix)), None)
            if noun is not None:
                title = f"{noun} of {place} to {agent}"
        parties = [p for p in (effect.by, effect.from_, effect.to) if p]
        if effect.op in ("occupy", "annex", "administer", "claim", "withdraw", "renounce"):
            parties = [p for p in (effect.by,) if p]
        inst = _Inst(
            title=title,
            kind=_EVENT_KIND[effect.op],
            aliases=[],
            parties=parties,
            date=date,
            role="date",
            evidence=effect.evidence,
            effects=[replace(effect, date=None)],
            event=True,
            act_title=True,
            date_evidence=self._evidence(date.start, date.end, sent, date.confidence),
        )
        self.instruments.append(inst)
        self.events[key] = inst

    def _display(self, rid: str) -> str:
        if rid in self.index.entities:
            return self.index.entities[rid].name
        if rid in self.new_places:
            return self.new_places[rid].name
        return rid

    def _war(
        self, hit: _CueHit, sent: _Sentence, names: list[_Name], dates: list[DateMention]
    ) -> None:
        polities = [n for n in names if n.kind == "polity" and not n.in_title]
        day = self._day_near(hit.start, sent)
        left = [
            n
            for n in polities
            if n.match.end <= hit.start and self._eligible_subject(n, names, sent)
        ]
        right = [n for n in polities if hit.end <= n.match.start <= hit.end + 20]
        if not left or not right:
            return
        agent = self.index.polity_at(left[-1].match.ids, day)
        enemy = self.index.polity_at(right[0].match.ids, day)
        date = min(dates, key=lambda d: abs(d.start - hit.end), default=None)
        a, e = self._display(agent), self._display(enemy)
        inst = _Inst(
            title=f"{a} declaration of war on {e}",
            kind="declaration",
            aliases=[],
            parties=[agent],
            date=date,
            role="date",
            evidence=self._evidence(hit.start, hit.end, sent, 0.6),
            event=True,
            date_evidence=(
                self._evidence(date.start, date.end, sent, date.confidence) if date else None
            ),
        )
        self.instruments.append(inst)
        self.last_agent = agent

    # -- effect targets --------------------------------------------------------------------------

    def _is_relative(self, n: _Name) -> bool:
        words = self._words_before(n.match.start, 3, 0)
        words = [w for w in words if w not in ("the", "just", "of", "coast")]
        return bool(words) and words[0] in RELATIVE_LOCATION

    def _targets_right(
        self,
        start: int,
        limit: int,
        names: list[_Name],
        sent: _Sentence,
        pending: dict[str, DraftEntity],
    ) -> tuple[list[str], int]:
        out: list[str] = []
        end = start
        for n in names:
            if n.match.start < end or n.match.start >= limit or n.in_title:
                continue
            seg = self.text[end : n.match.start]
            if n.kind == "polity":
                if n.match.via_demonym:
                    continue
                # "invaded Kuwait", "ceded Puerto Rico, Guam and the Philippines": a state the
                # ledger lacks, standing where the cue wants its place, is that land.
                listed = _LIST_SEP.fullmatch(seg) is not None if out else _OBJECT_GAP.fullmatch(seg)
                owner = self.text[n.match.end : n.match.end + 2] in ("'s", "’s")
                if self.index.entities[n.id].known or not listed or owner:
                    break  # "bought Monaco's rights": the owner of the rights, not the land
                self.as_place.add(n.match.start)
                out.append(self._unknown_place(n, sent, pending))
                end = n.match.end
                continue
            if self._is_relative(n):
                continue
            if "(" in seg or ";" in seg:
                break
            if not self.index.entities[n.id].known:
                self._unknown_place(n, sent, pending)
            if out:
                # "Goa, Daman and Diu": unknown names listed between two known ones.
                found, _ = self._listed_candidates(end, n.match.start, sent, pending, closed=True)
                out.extend(found)
            out.append(n.id)
            end = n.match.end
        if not out:
            cand = self._candidate_after(start, limit, sent, pending)
            if cand is None:
                return [], end
            out.append(cand[0])
            end = cand[1]
        # "California and New Mexico", "Alsace and the north-eastern part of Lorraine": the
        # list goes on with names the gazetteer does not know.
        found, end = self._listed_candidates(end, limit, sent, pending)
        out.extend(found)
        return _unique(out), end

    def _unknown_place(
        self,
        n: _Name,
        sent: _Sentence,
        pending: dict[str, DraftEntity],
        confidence: float = 0.6,
    ) -> str:
        """Draft a place the ledger lacks (a CLDR name) as a new place; returns its id."""
        entity = self.index.entities[n.id]
        if n.id not in self.new_places:
            pending.setdefault(
                n.id,
                DraftEntity(
                    n.id,
                    "place",
                    "new",
                    entity.name,
                    None,
                    self._evidence(n.match.start, n.match.end, sent, confidence),
                ),
            )
        return n.id

    def _list_at(
        self, start: int, pos: int, sent: _Sentence
    ) -> tuple[list[str], dict[str, DraftEntity]]:
        """A list of two or more unknown places beginning right at ``start`` and ending before
        ``pos`` ("Menton and Roquebrune"), with the candidate entities it would draft."""
        scratch: dict[str, DraftEntity] = {}
        head = self._candidate_after(start, pos, sent, scratch, strict=True)
        if head is None:
            return [], {}
        more, _ = self._listed_candidates(head[1], pos, sent, scratch)
        return ([head[0], *more], scratch) if more else ([], {})

    def _unknown_name_at(self, pos: int) -> bool:
        """Whether a capitalized name the gazetteer lacks begins at ``pos`` ("the Red Sea port
        of Massawa": Massawa, so "Red Sea port of" is the description)."""
        m = _CAPS_AFTER.match(self.text, pos - 1) if pos else None
        return m is not None and not self.index.lookup(m.group(1))

    def _listed_candidates(
        self,
        pos: int,
        limit: int,
        sent: _Sentence,
        pending: dict[str, DraftEntity],
        closed: bool = False,
    ) -> tuple[list[str], int]:
        """Unknown places that continue a list of places ending at ``pos``.

        Items joined by commas count only when an "and" closes the list ("A, B and C"): a comma
        alone as often opens a new clause ("annexed Crimea, Western governments ..."). With
        ``closed``, a known place at ``limit`` closes the list, so the items must fill the gap.
        """
        items: list[tuple[str, int, bool, DraftEntity | None]] = []
        end = pos
        while True:
            sep = _LIST_SEP.match(self.text, end, limit)
            if sep is None or sep.end() == end:
                break
            scratch: dict[str, DraftEntity] = {}
            cand = self._candidate_after(sep.end(), limit, sent, scratch, strict=True)
            if cand is None:
                break
            joined = re.search(r"\b(?:and|or|as well as)\b", sep.group(0)) is not None
            items.append((cand[0], cand[1], joined, scratch.get(cand[0])))
            end = cand[1]
        if closed:
            gap = _LIST_SEP.match(self.text, end, limit)
            if gap is None or gap.end() != limit:
                items = []
        else:
            while items and not items[-1][2]:
                items.pop()
        for rid, _, _, entity in items:
            if entity is not None:
                pending.setdefault(rid, entity)
        if not items:
            return [], pos
        return [rid for rid, _, _, _ in items], items[-1][1]

    def _targets_left(
        self, pos: int, names: list[_Name], sent: _Sentence, pending: dict[str, DraftEntity]
    ) -> list[str]:
        places = [
            n
            for n in names
            if n.kind != "polity"
            and n.match.end <= pos
            and not n.in_title
            and not self._is_relative(n)
        ]
        if places:
            picked = places[-2:] if len(places) > 1 and self._joined(places) else places[-1:]
            return _unique(
                n.id if self.index.entities[n.id].known else self._unknown_place(n, sent, pending)
                for n in picked
            )
        # "Kuwait was annexed", "Cuba was placed under ...": a state the ledger lacks, as the
        # subject of a passive cue, is the land.
        subject = [
            n
            for n in names
            if n.kind == "polity" and n.match.end <= pos and not n.match.via_demonym
        ]
        if subject:
            n = subject[-1]
            gap = self.text[n.match.end : pos].split()
            if "under" in gap:  # "Cuba was placed under American administration"
                gap = gap[: gap.index("under")]
            if not self.index.entities[n.id].known and all(
                w in AUXILIARIES or w in _PASSIVE_FILLERS for w in gap
            ):
                self.as_place.add(n.match.start)
                return [self._unknown_place(n, sent, pending)]
        cand = self._candidate_before(pos, sent, pending)
        if cand is None:
            return []
        # "Newfoundland and its mainland territory of Labrador became ...": the list the
        # sentence opens with, when it ends right where the cue's subject does.
        for start in (m.start() for m in _CAPS_START.finditer(self.text, sent.start, pos)):
            listed, scratch = self._list_at(start, pos, sent)
            if listed and listed[0] != cand and listed[-1] == cand:
                for rid, entity in scratch.items():
                    pending.setdefault(rid, entity)
                return listed
        return [cand]

    def _joined(self, places: list[_Name]) -> bool:
        a, b = places[-2], places[-1]
        return self.text[a.match.end : b.match.start].strip().lower() in ("and", ",", ", and")

    def _anaphor_targets(
        self,
        start: int,
        end: int,
        names: list[_Name],
        pending: dict[str, DraftEntity],
        side: str,
    ) -> list[str]:
        """Places that "these islands", "the colony" or "it" stand for.

        ``side`` says where the place stands: ``right`` (after the cue: "ceded the island",
        "occupying it") or ``left`` (before it: "it was returned"). "it" is read only right next
        to the cue, since elsewhere in the clause it is as likely to be the instrument.
        """
        seg = self.text[start:end].lower()
        for phrase, idx in self._anaphors_in(seg):
            if phrase in ("them", "they"):
                subject = self._subject_places(start, pending)
                if subject:
                    return subject
            if phrase in ("it", "they") and not self._next_to_cue(seg, idx, side):
                continue
            if phrase == "they" and side != "left":
                continue
            if _is_plural(phrase) and len(self.last_targets) > 1:
                return list(self.last_targets)
            kind_word = phrase.split()[-1].rstrip("s")
            if (
                self.last_targets
                and self.last_targets_sentence >= self.sentence_index - 1
                and self.last_targets_paragraph == self.paragraph
                and (
                    phrase in ("it", "them", "they", "both")
                    or self.last_targets_sentence == self.sentence_index
                    or any(kind_word in self._display(t).lower() for t in self.last_targets)
                )
            ):
                # "Japan seized Taiwan ..., and the island remained ... when it was handed
                # over": close by, the place of the last act.
                return list(self.last_targets)
            if (
                phrase.startswith(("these ", "those ", "both ")) or phrase in ("them", "they")
            ) and self.last_targets:
                return list(self.last_targets)
            # "the colony", "the territory": the place the article has named most so far,
            # counting the unknown names that serve some cue as its place.
            counts = {
                rid: (n + self.resolved.get(rid, 0), at)
                for rid, (n, at) in self.place_counts.items()
            }
            for rid, (_, offsets) in self.salient.items():
                seen = bisect.bisect_left(offsets, end)
                if seen and rid not in counts:
                    counts[rid] = (seen + self.resolved.get(rid, 0), offsets[seen - 1])
            if not counts:
                return list(self.last_targets)
            kind = phrase.split()[-1].rstrip("s")
            named = [rid for rid in counts if kind in self._display(rid).lower().split()]
            best = max(named or counts, key=lambda rid: counts[rid])
            # A place "the bay" stood for is a place the text is about: it counts again.
            self.resolved[best] = self.resolved.get(best, 0) + 1
            if best in self.salient and best not in self.new_places:
                pending.setdefault(best, self.salient[best][0])
            return [best]
        return []

    def _subject_places(self, pos: int, pending: dict[str, DraftEntity]) -> list[str]:
        """The places a sentence opens with, for "them" later in it: "Menton and Roquebrune,
        which ..., voted with Nice, and ... France bought the rights over them"; "The upper
        valleys of Tende and La Brigue ... stayed Italian until the treaty ceded them"."""
        sent = self._sentence_of(pos)
        described = [
            (rid, a)
            for rid, a, _ in self.described
            if sent.start <= a < pos and a - sent.start < 60
        ]
        if described:
            first = described[0][1]
            picked = _unique(rid for rid, a in described if a - first < 40)
            for rid in picked:
                if rid in self.described_entities and rid not in self.new_places:
                    pending.setdefault(rid, self.described_entities[rid])
            return picked
        # A single capitalized word opening a sentence is too weak a subject: a list only.
        listed, scratch = self._list_at(sent.start, pos, sent)
        for rid, entity in scratch.items():
            pending.setdefault(rid, entity)
        return listed

    @staticmethod
    def _anaphors_in(seg: str) -> list[tuple[str, int]]:
        """The phrases in ``seg`` that may stand for places: the fixed ones of
        :data:`TARGET_ANAPHORS` first, then "the/these/both <kind of place>"."""
        out = [(p, i) for p in TARGET_ANAPHORS if (i := _find_word(seg, p)) >= 0]
        out += [(m.group(0), m.start()) for m in _KIND_ANAPHOR.finditer(seg)]
        return out

    @staticmethod
    def _next_to_cue(seg: str, idx: int, side: str) -> bool:
        """Whether the word at ``idx`` of ``seg`` touches the cue (auxiliaries aside)."""
        if side == "right":
            return not seg[:idx].strip()
        tail = seg[idx:].split()[1:]
        return all(w in AUXILIARIES or w in ("then", "later", "formally", "finally") for w in tail)

    def _candidate_after(
        self,
        start: int,
        limit: int,
        sent: _Sentence,
        pending: dict[str, DraftEntity],
        strict: bool = False,
    ) -> tuple[str, int] | None:
        """A candidate place in the capitalized words from ``start`` (after "the", "all", ...).

        ``strict``: the name must begin right at ``start`` (a list item, not a free search).
        """
        seg = self.text[start:limit]
        if not strict and (lead := _RIGHTS_OVER.match(seg)):
            # "renounced all rights over the Dodecanese": the place follows the rights.
            start, seg = start + lead.end(), seg[lead.end() :]
        lead = None if strict else _DESCRIPTOR.match(seg)
        if lead and (
            all(self.index.demonym(w) for w in lead.group(0).split() if w[:1].isupper())
            or self._unknown_name_at(start + lead.end())
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
        return self._new_place(caps, start, sent, pending)

    def _candidate_before(
        self, pos: int, sent: _Sentence, pending: dict[str, DraftEntity]
    ) -> str | None:
        words = self.text[sent.start : pos].split()
        while words and words[-1].lower() in AUXILIARIES | {"then", "later", "formally"}:
            words.pop()
        caps: list[str] = []
        for w in reversed(words):
            core = w.strip(",.;:()")
            if core and core[0].isupper() and core.lower() not in LEADING_NOISE and core == w:
                caps.insert(0, core)
            else:
                break
        found = self._new_place(caps, sent.start, sent, pending)
        return found[0] if found else None

    def _new_place(
        self, caps: list[str], start: int, sent: _Sentence, pending: dict[str, DraftEntity]
    ) -> tuple[str, int] | None:
        """A candidate place from capitalized words the gazetteer does not know."""
        if not caps or len(caps) > 4:
            return None
        name = " ".join(caps).removesuffix("'s").removesuffix("’s")
        if any(c.isdigit() for c in name) or name.lower() in LEADING_NOISE:
            return None
        if any(w.lower() in NOT_PLACE_WORDS for w in caps):
            return None
        if self.index.lookup(name) or (len(caps) == 1 and self.index.demonym(name)):
            return None  # a polity or a known name the matcher already handled
        pos = self.text.find(name, start)
        if pos < 0:
            return None
        rid = slugify(name)
        if rid not in self.new_places and rid not in pending:
            pending[rid] = DraftEntity(
                rid, "place", "new", name, None, self._evidence(pos, pos + len(name), sent, 0.5)
            )
        return rid, pos + len(name)

    def _split_targets(self, targets: list[str]) -> tuple[tuple[str, ...], str | None]:
        groups = [t for t in targets if t in self.index.entities and self.index.kind(t) == "group"]
        group = groups[0] if groups else None
        covered = set(self.index.members(group)) if group else set()
        places = tuple(t for t in targets if t != group and t not in covered and t not in groups)
        return places, group

    # -- assembling ------------------------------------------------------------------------------

    def _finish_instruments(self) -> list[DraftInstrument]:
        merged: list[_Inst] = []
        by_name: dict[str, list[_Inst]] = {}
        for inst in self.instruments:
            keys = [inst.title.lower(), *(a.lower() for a in inst.aliases)]
            pool = [m for k in keys for m in by_name.get(k, [])] + [
                m for m in merged if m.generic != inst.generic or m.event != inst.event
            ]
            same = next((m for m in pool if _same_instrument(m, inst)), None)
            if same is None:
                merged.append(inst)
                if not inst.event:
                    for k in keys:
                        by_name.setdefault(k, []).append(inst)
                continue
            if same.generic and not inst.generic and not inst.event:
                # The title names it better than the common noun did.
                same.title, same.generic, same.evidence = inst.title, False, inst.evidence
            elif same.generic and inst.event:
                same.title, same.event, same.act_title = inst.title, True, True
            elif not inst.generic:
                same.aliases = _unique(
                    [
                        *same.aliases,
                        *inst.aliases,
                        *([inst.title] if inst.title != same.title else []),
                    ]
                )
            same.parties = _unique([*same.parties, *inst.parties])
            same.effects.extend(e for e in inst.effects if e not in same.effects)
            if same.date is None and inst.date is not None:
                same.date, same.role, same.date_evidence = inst.date, inst.role, inst.date_evidence
            elif inst.date is not None and inst.role != same.role:
                same.more_dates.setdefault(inst.role, (inst.date, inst.date_evidence))
        out: list[DraftInstrument] = []
        used_ids: set[str] = set()
        for inst in merged:
            dates = {inst.role: inst.date.edtf} if inst.date else {}
            for role, (mention, _) in inst.more_dates.items():
                dates.setdefault(role, mention.edtf)
            cand = LinkCandidate(
                title=inst.title,
                aliases=inst.aliases,
                kind=inst.kind,
                dates=list(dates.values()),
                parties=inst.parties,
                effects=[(e.op, self._expand_targets(e.targets)) for e in inst.effects],
                titled=not inst.act_title,
            )
            link = best_link(cand, self.ex._instruments, self.ex._expand, self.ex.polity_words)
            if link is None and inst.date is None:
                self.notes.append(
                    f"{inst.title!r} (at {inst.evidence.start}) has no date and names no "
                    "instrument of the ledger; left out"
                )
                continue
            effects = tuple(
                self._complete(e, inst, link[0] if link else None) for e in inst.effects
            )
            if link is not None:
                rid, status = link[0], "linked"
            else:
                year = (inst.date.edtf[:4] if inst.date else "").strip("X")
                named = f"{inst.title}-{year}" if year and year not in inst.title else inst.title
                rid, status = slugify(named), "new"
            if rid in used_ids:
                if status == "linked":
                    prior = next(o for o in out if o.id == rid)
                    out[out.index(prior)] = replace(
                        prior,
                        aliases=tuple(
                            a
                            for a in _unique([*prior.aliases, inst.title, *inst.aliases])
                            if a != prior.title
                        ),
                        effects=prior.effects + effects,
                    )
                    continue
                rid = f"{rid}-{len(used_ids)}"
            used_ids.add(rid)
            evidence = {"title": inst.evidence}
            if inst.date_evidence is not None:
                evidence[inst.role] = inst.date_evidence
            for role, (_, more) in inst.more_dates.items():
                if more is not None:
                    evidence.setdefault(role, more)
            out.append(
                DraftInstrument(
                    id=rid,
                    status=status,  # type: ignore[arg-type]
                    kind=inst.kind,
                    title=inst.title,
                    aliases=tuple(a for a in _unique(inst.aliases) if a != inst.title),
                    parties=tuple(inst.parties),
                    date=dates.get("date"),
                    signed=dates.get("signed"),
                    in_force=dates.get("in_force"),
                    effects=effects,
                    evidence=evidence,
                    link_score=link[1] if link else None,
                )
            )
        return out

    def _expand_targets(self, targets: Iterable[str]) -> frozenset[str]:
        out: set[str] = set()
        for t in targets:
            out |= self.ex._expand.get(t, frozenset({t}))
        return frozenset(out)

    def _complete(self, effect: DraftEffect, inst: _Inst, link: str | None) -> DraftEffect:
        """Fill a transfer's missing giver from the instrument's other party, when there is one."""
        if effect.op not in ("transfer", "cede", "promise_transfer") or effect.from_ is not None:
            return effect
        parties = list(inst.parties)
        if link is not None and self.ex.ledger is not None:
            parties = list(self.ex.ledger.instruments[link].parties) or parties
        others = [p for p in parties if p != effect.to]
        if len(others) == 1:
            return replace(effect, from_=others[0])
        return effect

    def _finish_places(self) -> list[DraftEntity]:
        out: list[DraftEntity] = []
        seen: set[str] = set()
        for rid, ev in self.place_uses.items():
            entity = self.index.entities.get(rid)
            if entity is None or rid in seen:
                continue
            seen.add(rid)
            status: Literal["new", "linked"] = "linked" if entity.known else "new"
            out.append(DraftEntity(rid, entity.kind, status, entity.name, None, ev))
        for rid, candidate in self.new_places.items():
            if rid not in seen:
                seen.add(rid)
                out.append(candidate)
        return out

    def _finish_polities(self, instruments: list[DraftInstrument]) -> list[DraftEntity]:
        uses = dict(self.polity_uses)
        for e in self.loose:
            for pid in (e.from_, e.to, e.by):
                if pid:
                    uses.setdefault(pid, e.evidence)
        for inst in instruments:
            for pid in inst.parties:
                uses.setdefault(pid, inst.evidence["title"])
            for e in inst.effects:
                for pid in (e.from_, e.to, e.by):
                    if pid:
                        uses.setdefault(pid, e.evidence)
        out = []
        for pid, ev in uses.items():
            entity = self.index.entities[pid]
            status = "linked" if entity.known else "new"
            out.append(DraftEntity(pid, "polity", status, entity.name, entity.code, ev))  # type: ignore[arg-type]
        return out


_LIST_SEP = re.compile(
    r"[ \t]*(?:,[ \t]*(?:(?:and|or)[ \t]+)?|(?:and|or|as[ \t]+well[ \t]+as)[ \t]+)"
    r"(?:(?:the|its|their)[ \t]+)?(?:(?:[a-z]+(?:-[a-z]+)?[ \t]+)?(?:part|half|portion|corner"
    r"|rest|remainder|territory|dependency|island|islands|province|region|port|city)"
    r"[ \t]+of[ \t]+(?:the[ \t]+)?)?"
)
"""Between two items of a list of places: a comma, "and", perhaps "the north-eastern part of"."""
_ADOPTION = (
    r"(?:signed|concluded|passed|adopted|enacted|issued|delivered|handed\s+down|agreed"
    r"|took\s+effect|came\s+into\s+(?:force|effect)|entered\s+into\s+force)"
)
_ADOPTED_AFTER = re.compile(rf"[^.;]{{0,60}}?\b{_ADOPTION}\b")
"""After a common noun: it was signed or adopted, so it is an instrument, not a notion."""
_ADOPTED_BEFORE = re.compile(rf"\b{_ADOPTION}\s+$")
_FAMILY_NOUNS = frozenset(
    {"treaty", "agreement", "convention", "accord", "protocol", "pact", "memorandum", "statute"}
)
"""Nouns that, after "the", point back to an instrument named before."""
_UNDERTAKING = frozenset(
    {"agreed", "agrees", "agree", "consented", "undertook", "undertakes", "committed", "promised"}
)
"""Verbs that, before "to" and a transfer, make it a promise of one."""
_PASSIVE_FILLERS = frozenset({"then", "later", "formally", "finally", "placed", "put", "brought"})
_TIME_SHIFT = re.compile(r"\b(?:later|afterwards|subsequently|earlier|previously)\b")
"""Words that move a clause away from the time of the instrument named before it."""
_WHICH_SIGNED = re.compile(
    r",?\s+(?:which|that)\s+(?P<who>[^,.;]{2,80}?)\s+(?:had\s+)?(?:signed|concluded|agreed)\b"
)
"""After a title: ", which Norway and Russia signed" names the parties."""
_CONJUNCTIONS = frozenset(
    {"after", "before", "since", "until", "till", "once", "as", "when", "where", "while"}
)
_VERB_FILLERS = frozenset(
    {"had", "has", "have", "formally", "finally", "then", "later", "also", "officially", "duly"}
)
_RELATIVE_TIME = re.compile(
    r"\b(?:the\s+(?:following|next)\s+(?:day|week|month|year|spring|summer|autumn|winter)"
    r"|(?:a|one|two|three|four|five|six|several|some|many|\d+)\s+(?:days?|weeks?|months?"
    r"|years?|decades?)\s+later|later|afterwards|subsequently)\b"
)
_RELATIVE_AFTER = re.compile(
    r"^[^,.;]*?\b(?:the\s+(?:following|next)\s+(?:day|week|month|year)|(?:a|one|two|three"
    r"|four|five|six|several|\d+)\s+(?:days?|weeks?|months?|years?)\s+later)\b"
)
"""Phrases that move an act away from a date named before it."""
_DECREED_THAT = re.compile(r"\b(?:decreed|declared|proclaimed|ruled|resolved)\s+that\b")
_BODY_VERB = re.compile(r"\b(?:elected|convened|summoned|dissolved|chaired)\s+(?:an?|the)\s+$")
_DATE_LEAD = re.compile(r"^(?:from|between)\s+", re.IGNORECASE)
_NEW_CLAUSE = re.compile(r",\s+(?:and|but|while|whereas)\s|;")
"""Where a new clause begins: an instrument beyond it did not do the act before it."""
_SPOKESMEN = frozenset(
    {
        "diplomats",
        "representatives",
        "delegates",
        "delegations",
        "envoys",
        "negotiators",
        "ministers",
        "leaders",
        "officials",
        "plenipotentiaries",
    }
)
_MODALS = frozenset({"must", "should", "could", "might", "may", "ought", "can", "cannot"})
_GIVING = frozenset({"transfer", "cede"})
_CLAUSE_END = re.compile(
    r"\s*(?:$|[,.;:)—–]|(?:in|on|under|by|for|after|before|as|at|from|with|until|when|while)\b)"
)
"""What may follow the last item of a list that ends its clause."""
_PLACE_KINDS = (
    r"islands?|islets?|isles|regions?|provinces?|territory|territories|districts?|duchy|duchies"
    r"|counties|county|cantons?|departments?|oblasts?|enclaves?|exclaves?|colony|colonies"
    r"|protectorates?|possessions?|dependency|dependencies|peninsula|archipelago|strip|zones?"
    r"|cities|city|towns?|ports?|valleys?|lands?|areas|plateau|heights|hills|coast|coastline"
    r"|canal|waterway|sanjak|emirate|isthmus"
)
_KIND_ANAPHOR = re.compile(
    rf"\b(?:the|these|those|both|its|their)\s+(?:[a-z]+(?:-[a-z]+)?\s+)?(?:{_PLACE_KINDS})\b"
)
"""A phrase for places named before: "the duchies", "both districts", "the former colony"."""


_CAP_NAME = r"[A-Z][\w'’-]+(?:[ \t]+(?:de[ \t]+|la[ \t]+)?[A-Z][\w'’-]+){0,2}"
_DESCRIBED = re.compile(
    rf"\b(?:{_PLACE_KINDS}|Sanjak|Province|Island|Islands|Duchy|County)[ \t]+of[ \t]+"
    rf"(?P<names>{_CAP_NAME}(?:(?:,[ \t]+|[ \t]+and[ \t]+|,[ \t]+and[ \t]+){_CAP_NAME})*)"
    rf"|(?<=\bthe )(?P<names2>{_CAP_NAME})[ \t]+(?:peninsula|island|islands|region|province"
    rf"|valley|enclave|strip|archipelago|district|territory)\b"
)
_NAME_IN_LIST = re.compile(_CAP_NAME)


def _is_plural(phrase: str) -> bool:
    """Whether an anaphor phrase is plural ("the islands", "both districts")."""
    last = phrase.split()[-1]
    return last.endswith("s") or phrase.startswith("both")


_STATE_FORM = re.compile(
    r"\s+(?:the\s+)?(?:(?:[A-Z][a-z]+\s+){0,2}(?:Kingdom|Republic|Empire|Principality|Duchy"
    r"|Grand\s+Duchy|Sultanate|Emirate|State|Federation|Union|Commonwealth|Confederation"
    r"|King|Queen|Crown|Emperor|Empress|Sultan|Tsar|Czar|Shah|Emir|Government|Governments)"
    r"\s+of\s+(?:the\s+)?)?"
)
"""Between a preposition and a state's name: "the Kingdom of", "the Federal Republic of"."""
_ADJECTIVE_GAP = re.compile(r"(?:\s+[a-z][a-z-]*){0,2}\s+")
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
_OBJECT_GAP = re.compile(r"\s*(?:(?:all|most|part|much)\s+of\s+)?(?:the\s+)?")
"""Between a cue and its object: nothing, "the", "all of the"."""
_NAMED_NEXT = re.compile(
    r"\s+(?:the\s+)?[A-Z]|\s+the\s+(?:(?:rest|whole|remainder)\s+of\s+the\s+)?(?:"
    + _PLACE_KINDS
    + r")\b"
)
"""After a cue that needs its place by name: a capitalized word, perhaps after "the"."""
_WHOSE = re.compile(r",\s+whose\s+(?:[a-z]+\s+)?[a-z]+\s+")
_CAPS_START = re.compile(r"(?<![\w'’-])[A-Z]")
_CAPS_AFTER = re.compile(r"[ \t]+([A-Z][\w'’-]*)")
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
_POSSESSIVE_GAP = re.compile(r"['’]s(?:\s+[a-z][a-z-]*){0,4}\s+")
"""Between a state and its act: "'s", then at most four lower-case words ("perpetual")."""
_NOUN_JOIN = re.compile(r"\s*,?\s*(?:and|or)\s+(?:[a-z]+\s+)?")
"""Between two nouns that share an object: "and", "or", with at most one adjective."""


def clause_start(text: str, lo: int, pos: int) -> int:
    """Where the clause holding ``pos`` begins (after a semicolon or ", and"), at least ``lo``."""
    cut = max(text.rfind(";", lo, pos), text.rfind(", and ", lo, pos))
    return cut + 1 if cut >= 0 else lo


def _same_instrument(a: _Inst, b: _Inst) -> bool:
    if (a.event and b.generic) or (b.event and a.generic):
        # "Nigeria handed Bakassi over on 14 August 2008 ... The transfer of 14 August 2008":
        # the act and the noun for it.
        return (
            a.kind == b.kind
            and a.date is not None
            and b.date is not None
            and (a.date.edtf == b.date.edtf)
        )
    if a.event or b.event:
        return False
    if (a.generic != b.generic) and a.kind == b.kind and a.date and b.date:
        # "signed the treaty that put Acre on the map ... By the Treaty of Petrópolis of 17
        # November 1903": a common noun and a title of one kind on one day are one instrument.
        return a.date.edtf == b.date.edtf
    ta, tb = a.title.lower(), b.title.lower()
    if ta == tb or tb in (x.lower() for x in a.aliases) or ta in (x.lower() for x in b.aliases):
        if a.date is None or b.date is None or _compatible(a.date, b.date):
            return True
        # Signed on one day, in force on a later one: the same instrument, two dates.
        roles = {a.role: a.date, b.role: b.date}
        signed, in_force = roles.get("signed"), roles.get("in_force")
        if signed is not None and in_force is not None and a.role != b.role:
            lo, hi = cached_edtf(signed.edtf), cached_edtf(in_force.edtf)
            return lo is not None and hi is not None and lo.lo <= hi.hi
    return False


class _Spans:
    """Sorted ``[start, end)`` spans, for asking whether a position is already covered."""

    def __init__(self, titles: Iterable[_Title]) -> None:
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


def _compatible(a: DateMention, b: DateMention) -> bool:
    x, y = cached_edtf(a.edtf), cached_edtf(b.edtf)
    if x is None or y is None:
        return False
    return x.lo <= y.hi and y.lo <= x.hi


def _mid(d: DateMention) -> int | None:
    value = cached_edtf(d.edtf)
    if value is None or not value.bounded:
        return None
    return (value.lo + value.hi) // 2


def _unique(items: Iterable[str]) -> list[str]:
    out: list[str] = []
    for i in items:
        if i not in out:
            out.append(i)
    return out


def _find_word(haystack: str, word: str) -> int:
    """Index of ``word`` in ``haystack`` as a whole word, case-insensitive; -1 when absent."""
    low = haystack.lower()
    start = 0
    while True:
        idx = low.find(word, start)
        if idx < 0:
            return -1
        before = low[idx - 1] if idx > 0 else " "
        after = low[idx + len(word)] if idx + len(word) < len(low) else " "
        if not before.isalnum() and not after.isalnum():
            return idx
        start = idx + 1


def _looks_like_day(word: str) -> bool:
    return word.rstrip(",").isdigit() and len(word.rstrip(",")) <= 2


def _source_info(document: Document) -> SourceInfo:
    digest = hashlib.sha256(document.text.encode("utf-8")).hexdigest()
    return SourceInfo(
        id=document.source_id,
        path=document.path,
        title=document.title,
        published=document.published.text if document.published else None,
        sha256=digest,
        chars=len(document.text),
    )
