"""Effects read from the dependency parse, weighed against the cue table's.

The cue table (:mod:`.effects`, :mod:`.roles`) reads roles from word order around a cue phrase.
This stage reads them from the trained pipeline's parse instead, for every verb of a
territorial act (:data:`VERBS`): the subject, the direct object, the dative and the "to",
"from" and "by" phrases, with the passive ("was ceded to X by Y") and the intransitive ("X
reverted to Y") turned round; coordinated objects ("ceded A, B and C") each get the effect.
Names still resolve through the gazetteer (ids) and the date grammar (days); what the parse adds
is which phrase plays which role, and places the gazetteer lacks, when the named-entity
recogniser calls them a place (GPE, LOC, FAC).

Then the two readings are weighed, verb by verb:

- both read the same ``(operation, place, principal)``: the cue table's effect is confirmed and
  its confidence raised (:data:`AGREES`);
- the cue table read that verb otherwise: its effect is kept, its confidence lowered
  (:data:`DISAGREES`), and the parse's reading is not drafted;
- only the parse read the verb: its effect is drafted without an instrument, with the
  confidence its evidence earns (:func:`parse_confidence`).

"It", "the island(s)", "the territory" and "the colony" in a place slot stand for the most recent
compatible mention in the same paragraph (:func:`antecedent`): a place, not a state, named
before the word; for a plural phrase, a group or a list of places. None in the paragraph: no
effect. The farther back the mention, the lower the confidence.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass, replace

from spacy.tokens import Span, Token

from terrachron.extract.article import Article, Sentence
from terrachron.extract.candidates import Gather, new_place
from terrachron.extract.dates import mid_day
from terrachron.extract.discourse import Discourse
from terrachron.extract.mentions import Name
from terrachron.extract.model import lemma_of
from terrachron.extract.records import DraftEffect, DraftEntity

__all__ = [
    "AGREES",
    "ANAPHOR_HEADS",
    "DISAGREES",
    "PLACE_LABELS",
    "VERBS",
    "ParsedEffect",
    "PlaceRef",
    "antecedent",
    "parse_confidence",
    "read_parse",
    "weigh",
]

VERBS: dict[str, tuple[str, str]] = {}
"""Verb lemma → (operation, frame): ``give`` (subject gives, "to" receives), ``receive``
(subject receives, "from" gives), ``act`` (subject acts on the object), ``intrans`` (subject
is the place, "to" receives)."""
for _words, _reading in (
    ("cede transfer hand return restore sell give award grant yield", ("transfer", "give")),
    ("buy purchase acquire obtain gain receive regain recover", ("transfer", "receive")),
    (
        "occupy seize capture invade conquer overrun storm retake recapture garrison",
        ("occupy", "act"),
    ),
    ("annex absorb incorporate", ("annex", "act")),
    ("administer govern", ("administer", "act")),
    ("evacuate", ("withdraw", "act")),
    ("renounce relinquish", ("renounce", "act")),
    ("claim", ("claim", "act")),
    ("revert pass", ("transfer", "intrans")),
):
    for _w in _words.split():
        VERBS[_w] = _reading

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
"""Entity labels that make an unknown name a candidate place."""
ANAPHOR_HEADS = frozenset({"island", "islands", "territory", "colony"})
"""Nouns that, after "the", stand for a place named before (with "it")."""
AGREES = 0.2
"""Added to a cue-table effect whose roles the parse reads the same."""
DISAGREES = -0.15
"""Added to a cue-table effect whose verb the parse reads with other roles."""
_RIGHTS = frozenset(
    {"sovereignty", "control", "title", "right", "possession", "claim", "authority"}
)
_NOT_FACTUAL = frozenset(
    [
        "demand",
        "propose",
        "want",
        "refuse",
        "plan",
        "seek",
        "threaten",
        "offer",
        "ask",
        "urge",
        "call",
        "hope",
        "fear",
        "suggest",
        "insist",
        "expect",
        "predict",
        "warn",
        "agree",
        "promise",
        "pledge",
        "vow",
        "intend",
    ]
)
_FAR = 0.1  # confidence lost per sentence between an anaphor and its antecedent


@dataclass(frozen=True, slots=True)
class PlaceRef:
    """A place in a role slot: its id, how it was found, and the candidate it would draft."""

    id: str
    via: str  # "gazetteer", "ner", "name" (a proper noun NER calls no place), "coreference"
    distance: int = 0  # sentences back to the antecedent (coreference)
    entity: DraftEntity | None = None


@dataclass(frozen=True, slots=True)
class ParsedEffect:
    """One effect as the parse reads one verb."""

    verb: Token
    op: str
    place: PlaceRef
    from_: str | None
    principal: str
    passive: bool

    @property
    def key(self) -> tuple[str, str, str]:
        """``(operation, place, principal)``, cession read as transfer."""
        return ("transfer" if self.op == "cede" else self.op, self.place.id, self.principal)


def parse_confidence(effect: ParsedEffect) -> float:
    """The confidence of an effect only the parse read, from its evidence.

    A role read from the parse starts at 0.6 (active) or 0.55 (passive); the place then
    weighs: a gazetteer name keeps it, a name only the entity recogniser calls a place takes
    0.1 off, a proper noun it calls something else (or nothing) 0.2, and an anaphor 0.05 and
    0.1 more per sentence back to its antecedent.
    """
    base = 0.55 if effect.passive else 0.6
    if effect.place.via == "ner":
        base -= 0.1
    elif effect.place.via == "name":
        base -= 0.2
    elif effect.place.via == "coreference":
        base -= 0.05 + _FAR * effect.place.distance
    return round(max(base, 0.05), 2)


def read_parse(art: Article, st: Discourse) -> list[ParsedEffect]:
    """Every effect the parse reads in ``art``, verb by verb, in text order."""
    reader = _Reader(art, st)
    return [e for tok in art.doc if _is_act(tok) for e in reader.verb(tok)]


def weigh(art: Article, st: Discourse, parsed: list[ParsedEffect]) -> None:
    """Confirm, doubt or add to the cue table's effects by the parse's (see the module)."""
    drafts = st.drafts
    lists = [i.effects for i in drafts.instruments] + [drafts.loose]
    by_key: dict[tuple[str, str, str], list[tuple[list[DraftEffect], int]]] = {}
    spans: list[tuple[int, int]] = []
    for effects in lists:
        for i, e in enumerate(effects):
            spans.append((e.evidence.start, e.evidence.end))
            for target in e.targets:
                key = ("transfer" if e.op == "cede" else e.op, target, e.principal or "-")
                by_key.setdefault(key, []).append((effects, i))
    confirmed: set[tuple[int, int]] = set()
    read_verbs: set[int] = set()
    before = [len(effects) for effects in lists]  # the parse's own additions are not doubted
    added: set[tuple[str, str, str]] = set()
    for p in parsed:
        start = p.verb.idx
        if p.key in added:
            continue  # read twice by the parse alone: no agreement with the cue table
        on_cue = any(a <= start < b for a, b in spans)
        found = by_key.get(p.key, [])
        if found:
            for effects, i in found:
                if (id(effects), i) not in confirmed:
                    confirmed.add((id(effects), i))
                    effects[i] = _adjust(effects[i], AGREES)
            read_verbs.add(start)
            continue
        if on_cue:
            continue  # the cue table read this verb otherwise: weighed below
        drafts.loose.append(_draft(art, p))
        if p.place.entity is not None:
            drafts.new_places.setdefault(p.place.id, p.place.entity)
        added.add(p.key)
    for effects, count in zip(lists, before, strict=True):
        for i, e in enumerate(effects[:count]):
            verbs = [p for p in parsed if e.evidence.start <= p.verb.idx < e.evidence.end]
            doubted = verbs and all(p.verb.idx not in read_verbs for p in verbs)
            if doubted and (id(effects), i) not in confirmed:
                effects[i] = _adjust(e, DISAGREES)


def _adjust(e: DraftEffect, delta: float) -> DraftEffect:
    value = round(min(0.95, max(0.05, e.evidence.confidence + delta)), 2)
    return replace(e, evidence=replace(e.evidence, confidence=value))


def _draft(art: Article, p: ParsedEffect) -> DraftEffect:
    sent = art.sentence_of(p.verb.idx)
    giving = p.op == "transfer"
    return DraftEffect(
        op=p.op,
        places=(p.place.id,),
        group=None,
        from_=p.from_ if giving else None,
        to=p.principal if giving else None,
        by=None if giving else p.principal,
        date=_date(art, p.verb, sent),
        condition=None,
        evidence=art.evidence(p.verb.idx, p.verb.idx + len(p.verb), sent, parse_confidence(p)),
    )


def _date(art: Article, verb: Token, sent: Sentence) -> str | None:
    lo = bisect.bisect_left(art.date_starts, sent.start)
    hi = bisect.bisect_left(art.date_starts, sent.end)
    near = min(art.dates[lo:hi], key=lambda d: abs(d.start - verb.idx), default=None)
    return near.edtf if near is not None else None


def _is_act(tok: Token) -> bool:
    """A verb of :data:`VERBS` stating that the act happened: not "could annex", "did not
    cede", "to cede", "if it returned", nor what someone demanded or proposed."""
    if tok.pos_ != "VERB" or lemma_of(tok).lower() not in VERBS or tok.dep_ == "xcomp":
        return False
    for c in tok.children:
        if (c.dep_ == "aux" and c.tag_ == "MD") or c.dep_ == "neg":
            return False
        if c.dep_ == "mark" and c.lower_ in ("if", "whether", "unless"):
            return False
    return not any(lemma_of(a).lower() in _NOT_FACTUAL for a in tok.ancestors)


def antecedent(
    art: Article, places: list[tuple[int, str, int]], pos: int, paragraph: int, plural: bool
) -> tuple[list[str], int] | None:
    """The most recent compatible mention before ``pos`` in ``paragraph``.

    Parameters
    ----------
    art : Article
    places : list of (offset, id, list number)
        The place mentions of the article in text order; mentions coordinated in one list
        share a list number.
    pos : int
        Where the anaphor stands.
    paragraph : int
    plural : bool
        "the islands": the whole list the most recent mention belongs to.

    Returns
    -------
    (ids, distance) or None
        The places it stands for and how many sentences back; None when the paragraph names
        no place before it.
    """
    at = bisect.bisect_left(places, (pos, "", -1)) - 1
    if at < 0:
        return None
    start, rid, run = places[at]
    then = art.sentence_of(start)
    if then.paragraph != paragraph or then.end == then.start:
        return None
    here = bisect.bisect_right(art.sentence_starts, pos) - 1
    there = bisect.bisect_right(art.sentence_starts, start) - 1
    ids = [rid]
    if plural:
        ids = sorted({r for _, r, n in places if n == run}, key=lambda r: r != rid)
    return ids, max(0, here - there)


class _Reader:
    """Reads roles from the parse for one article."""

    def __init__(self, art: Article, st: Discourse) -> None:
        self.art = art
        self.st = st
        self.names = sorted(art.names, key=lambda n: n.match.start)
        self.name_starts = [n.match.start for n in self.names]
        self.drafted: dict[str, DraftEntity] = dict(st.drafts.new_places)
        self.places = self._place_mentions()

    def _place_mentions(self) -> list[tuple[int, str, int]]:
        """Places named (gazetteer places and groups, and unknown places the entity
        recogniser finds), with a list number shared by coordinated ones."""
        out: list[tuple[int, str, int]] = []
        for n in self.names:
            if n.kind != "polity" and not n.in_title and not n.match.via_demonym:
                out.append((n.match.start, n.id, self._run(n.match.start, n.match.end)))
        for rid, (entity, offsets) in self.art.salience.places.items():
            # Unknown names some cue of the article takes as its place (:mod:`.candidates`).
            out.extend((at, rid, self._run(at, at + len(entity.name))) for at in offsets)
        for ent in self.art.doc.ents:
            if ent.label_ in PLACE_LABELS and not self._names_in(ent.start_char, ent.end_char):
                ref = self._candidate(ent)
                if ref is not None:
                    out.append((ent.start_char, ref.id, self._run(ent.start_char, ent.end_char)))
        return sorted(out)

    def _run(self, start: int, end: int) -> int:
        """A number shared by the items of one coordinated list: the token heading it."""
        span = self.art.doc.char_span(start, end, alignment_mode="expand")
        tok = span.root if span is not None else self.art.doc[self.art.token_at(start)]
        while tok.dep_ == "conj" and tok.head is not tok:
            tok = tok.head
        return tok.i

    def _names_in(self, lo: int, hi: int) -> list[Name]:
        a = bisect.bisect_left(self.name_starts, lo)
        b = bisect.bisect_left(self.name_starts, hi)
        return [n for n in self.names[a:b] if n.match.end <= hi]

    def _candidate(self, ent: Span) -> PlaceRef | None:
        """An unknown name the recogniser calls a place, through the candidate rules."""
        words = [t.text for t in ent if not (t.i == ent.start and t.lower_ == "the")]
        sent = self.art.sentence_of(ent.start_char)
        pending: dict[str, DraftEntity] = {}
        got = new_place(self.art, Gather(sent, self.drafted, pending), words, ent.start_char)
        if got is None:
            return None
        return PlaceRef(got[0], "ner", entity=pending.get(got[0]))

    def verb(self, tok: Token) -> Iterator[ParsedEffect]:
        op, frame = VERBS[lemma_of(tok).lower()]
        kids = {c.dep_: c for c in tok.children}
        subj = kids.get("nsubj")
        if subj is None and tok.dep_ in ("conj", "xcomp"):
            subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
        passive = "nsubjpass" in kids
        to = _phrase(tok, "to") or kids.get("dative")
        if to is None and frame == "give" and "dobj" in kids:
            # "ceded the islands of A and B to Germany": the parser may hang "to" on the object.
            to = _phrase(kids["dobj"], "to")
        from_ = _phrase(tok, "from")
        by = _agent(tok)
        target: Token | None
        actor: Token | None
        if passive:
            target, actor = kids["nsubjpass"], by
        elif frame == "intrans":
            target, actor = subj, to
        else:
            target, actor = kids.get("dobj"), subj
        if target is None:
            return
        day = self._day(tok)
        if op == "transfer":
            if frame == "receive":  # "the United States bought Alaska from Russia"
                recipient, giver = (by if passive else subj), from_
            else:  # "Russia sold Alaska to ...", "Alaska was sold by Russia to ..."
                recipient = to
                giver = by if passive else (subj if frame == "give" else from_)
            principal = self._state(recipient, day) if recipient is not None else None
            source = self._state(giver, day) if giver is not None else None
        else:
            principal = self._state(actor, day) if actor is not None else None
            source = None
        if principal is None:
            return
        for place in self._targets(target):
            if place.id == principal:
                continue
            yield ParsedEffect(tok, op, place, source, principal, passive)

    def _day(self, tok: Token) -> int | None:
        sent = self.art.sentence_of(tok.idx)
        lo = bisect.bisect_left(self.art.date_starts, sent.start)
        hi = bisect.bisect_left(self.art.date_starts, sent.end)
        near = min(self.art.dates[lo:hi], key=lambda d: abs(d.start - tok.idx), default=None)
        return mid_day(near) if near is not None else None

    def _span(self, tok: Token) -> tuple[int, int]:
        words = [t for t in tok.subtree if not _in_clause(t, tok)]
        return min(t.idx for t in words), max(t.idx + len(t) for t in words)

    def _state(self, tok: Token, day: int | None) -> str | None:
        names = [n for n in self._names_in(*self._span(tok)) if n.kind == "polity"]
        if names:
            return self.art.index.polity_at(names[0].match.ids, day)
        for c in tok.children:  # "Indian troops"
            ids = self.art.index.demonym(c.text) if c.dep_ in ("amod", "compound") else ()
            if ids:
                return self.art.index.polity_at(ids, day)
        return None

    def _targets(self, tok: Token) -> Iterator[PlaceRef]:
        for t in (tok, *tok.conjuncts):
            named = self._places_of(t)
            if named:
                yield from named
                continue
            head = t.lower_
            det = next((c.lower_ for c in t.children if c.dep_ == "det"), None)
            if head == "it" or (head in ANAPHOR_HEADS and det == "the"):
                sent = self.art.sentence_of(t.idx)
                found = antecedent(self.art, self.places, t.idx, sent.paragraph, head.endswith("s"))
                if found is not None:
                    ids, distance = found
                    for rid in ids:
                        yield PlaceRef(rid, "coreference", distance)

    def _places_of(self, t: Token) -> list[PlaceRef]:
        """The places a slot's phrase names: "the islands of A, B and C" names A, B and C."""
        of = next((c for c in t.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        over = next(
            (c for c in t.children if c.dep_ == "prep" and c.lower_ in ("over", "of", "to")), None
        )
        if lemma_of(t).lower() in _RIGHTS and over is not None:
            # "handed sovereignty over the islands": the place is what the right is over.
            obj = next((g for g in over.children if g.dep_ == "pobj"), None)
            return list(self._targets(obj)) if obj is not None else []
        if t.lower_ in ANAPHOR_HEADS | {"region", "province", "peninsula"} and of is not None:
            obj = next((g for g in of.children if g.dep_ == "pobj"), None)
            if obj is not None:
                return [r for o in (obj, *obj.conjuncts) for r in self._places_of(o)]
        lo, hi = self._span(t)
        ms = [m for m in self._names_in(lo, hi) if not m.match.via_demonym]
        land = [m for m in ms if m.kind != "polity"]
        if land:
            return [PlaceRef(land[0].id, "gazetteer")]
        if ms and t.pos_ == "PROPN" and not self.art.index.entities[ms[0].id].known:
            return [PlaceRef(ms[0].id, "gazetteer")]  # "ceded the Philippines" (CLDR)
        if t.pos_ == "PROPN" and not ms:
            ent = next((e for e in self.art.doc.ents if e.start <= t.i < e.end), None)
            if ent is not None and ent.label_ in PLACE_LABELS:
                ref = self._candidate(ent)
                if ref is not None:
                    return [ref]
            elif ent is None or ent.label_ not in ("DATE", "CARDINAL", "MONEY"):
                # A proper noun in a place slot that the recogniser calls no place ("Tacna
                # was returned", tagged ORG): a candidate still, on weaker evidence.
                run = [c for c in t.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
                ref = self._candidate(self.art.doc[(run[0] if run else t).i : t.i + 1])
                if ref is not None:
                    return [replace(ref, via="name")]
        return []


def _in_clause(t: Token, head: Token) -> bool:
    """Whether ``t`` sits in a clause, apposition or phrase hanging off ``head``."""
    return any(
        a.dep_ in ("relcl", "acl", "appos", "prep", "conj", "cc")
        for a in (t, *t.ancestors)
        if a is not head and a in head.subtree and head in a.ancestors
    )


def _phrase(tok: Token, word: str) -> Token | None:
    """The object of ``tok``'s preposition ``word`` ("to the United States")."""
    for c in tok.children:
        if c.dep_ in ("prep", "dative") and c.lower_ == word:
            return next((g for g in c.children if g.dep_ == "pobj"), None)
    return None


def _agent(tok: Token) -> Token | None:
    """The "by" phrase of a passive verb."""
    for c in tok.children:
        if c.dep_ == "agent":
            return next((g for g in c.children if g.dep_ == "pobj"), None)
    return None
