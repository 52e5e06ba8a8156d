"""Roles: who gives, who receives, who acts, and which places a cue is about.

A cue's roles are read from the words around it: the polities before an active verb are its
subject (:func:`left_agents`), the state after "to", "from" or "by" a recipient, giver or actor
(:func:`after_word`), a possessive or an adjective before a noun its actor
(:func:`possessive`); its places follow an active cue (:func:`targets_right`) and precede a
passive or intransitive one (:func:`targets_left`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from terrachron.extract.article import Article, Sentence
from terrachron.extract.candidates import (
    LIST_SEP,
    OBJECT_GAP,
    Gather,
    candidate_after,
    candidate_before,
    list_at,
    listed_candidates,
    unknown_place,
)
from terrachron.extract.discourse import Discourse
from terrachron.extract.mentions import CueHit, Name, Title
from terrachron.extract.patterns import (
    AGENT_NOUNS,
    AUXILIARIES,
    PREPOSITIONS,
    PRONOUNS,
    RELATIVE_LOCATION,
)
from terrachron.extract.records import DraftEntity
from terrachron.extract.words import clause_start, find_word, unique

__all__ = [
    "Slots",
    "after_word",
    "agent_noun_after",
    "co_polities",
    "coordinated_noun",
    "coordinated_run",
    "eligible_subject",
    "future",
    "left_agents",
    "participle_subject",
    "placed_under",
    "possessive",
    "split_targets",
    "targets_left",
    "targets_right",
    "venue_of_place",
]

_UNDERTAKING = frozenset(
    {"agreed", "agrees", "agree", "consented", "undertook", "undertakes", "committed", "promised"}
)
"""Verbs that, before "to" and a transfer, make it a promise of one."""
_PASSIVE_FILLERS = frozenset({"then", "later", "formally", "finally", "placed", "put", "brought"})
_CONJUNCTIONS = frozenset(
    {"after", "before", "since", "until", "till", "once", "as", "when", "where", "while"}
)
_VERB_FILLERS = frozenset(
    {"had", "has", "have", "formally", "finally", "then", "later", "also", "officially", "duly"}
)
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
_CLAUSE_END = re.compile(
    r"\s*(?:$|[,.;:)—–]|(?:in|on|under|by|for|after|before|as|at|from|with|until|when|while)\b)"
)
"""What may follow the last item of a list that ends its clause."""
_WHOSE = re.compile(r",\s+whose\s+(?:[a-z]+\s+)?[a-z]+\s+")
_CAPS_START = re.compile(r"(?<![\w'’-])[A-Z]")
_NOUN_JOIN = re.compile(r"\s*,?\s*(?:and|or)\s+(?:[a-z]+\s+)?")
"""Between two nouns that share an object: "and", "or", with at most one adjective."""
_STATE_TITLES = r"""Kingdom Republic Empire Principality Duchy Grand\s+Duchy Sultanate Emirate State
Federation Union Commonwealth Confederation King Queen Crown Emperor Empress Sultan Tsar Czar Shah
Emir Government Governments"""
_STATE_FORM = re.compile(
    rf"\s+(?:the\s+)?(?:(?:[A-Z][a-z]+\s+){{0,2}}(?:{'|'.join(_STATE_TITLES.split())})\s+of\s+(?:the\s+)?)?"
)
"""Between a preposition and a state's name: "the Kingdom of", "the Federal Republic of"."""
_ADJECTIVE_GAP = re.compile(r"(?:\s+[a-z][a-z-]*){0,2}\s+")
_POSSESSIVE_GAP = re.compile(r"['’]s(?:\s+[a-z][a-z-]*){0,4}\s+")
"""Between a state and its act: "'s", then at most four lower-case words ("perpetual")."""


@dataclass(frozen=True)
class Slots:
    """Where the polities of one cue are read: the states of its sentence (outside titles),
    the day they are resolved on, and where the cue's clause ends."""

    hit: CueHit
    sent: Sentence
    polities: list[Name]
    day: int | None
    limit: int


def after_word(art: Article, slots: Slots, word: str, start: int, found: list[Name]) -> str | None:
    """The state right after ``word`` ("to Japan", "by the Kingdom of Italy") from ``start``
    to the end of the cue's clause (of the sentence, for "by"); ``found`` is set to its name."""
    text = art.text
    seg = text[start : slots.limit] if word != "by" else text[start : slots.sent.end]
    idx = find_word(seg, word)
    while idx >= 0:
        p = start + idx + len(word)
        for n in slots.polities:
            if p <= n.match.start <= p + 12 or (
                n.match.start > p and _STATE_FORM.fullmatch(text, p, n.match.start)
            ):
                found[:] = [n]
                return art.index.polity_at(n.match.ids, slots.day)
        nxt_idx = find_word(seg[idx + len(word) :], word)
        if nxt_idx < 0:
            break
        idx = idx + len(word) + nxt_idx
    return None


def possessive(art: Article, slots: Slots) -> str | None:
    """The state whose act a noun cue names: "Portugal's occupation", "Soviet occupation"."""
    hit, day = slots.hit, slots.day
    for n in slots.polities:
        if 0 <= hit.start - n.match.end <= 6:
            return art.index.polity_at(n.match.ids, day)
    # "American military administration", "the Soviet armed occupation": an adjective
    # of a state, then at most two lower-case words, then the noun.
    for n in reversed(slots.polities):
        if n.match.via_demonym and _ADJECTIVE_GAP.fullmatch(art.text, n.match.end, hit.start):
            return art.index.polity_at(n.match.ids, day)
    # "Portugal's perpetual occupation", "Portugal's occupation and government": a
    # possessive, then a few lower-case words, then the cue.
    for n in reversed(slots.polities):
        if n.match.end <= hit.start and _POSSESSIVE_GAP.fullmatch(
            art.text[n.match.end : hit.start]
        ):
            return art.index.polity_at(n.match.ids, day)
    return None


def eligible_subject(art: Article, name: Name, names: Sequence[Name], sent: Sentence) -> bool:
    """True when a polity is not the object of a preposition ("after Japan", "to Russia")."""
    current = name
    for step in range(6):
        words = art.words_before(current.match.start, 3, sent.start)
        while words and words[0] == "the":
            words = words[1:]
        if not words:
            return True
        if words[0] in ("and", "or") and len(words) > 1 and words[1] == ",":
            return True  # ", and Russia annexed": a new clause, not a list
        if words[0] in ("and", "or", ","):
            prior = [n for n in names if n.kind == "polity" and n.match.end <= current.match.start]
            if not prior:
                return True
            gap = art.text[prior[-1].match.end : current.match.start].strip(" ,")
            if gap.lower() not in ("and", "or", "and the", "or the", "the", ""):
                return True
            if (
                step == 0
                and not gap.lower().startswith(("and", "or"))
                and not _list_goes_on(art, current, names)
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


def _list_goes_on(art: Article, name: Name, names: Sequence[Name]) -> bool:
    """Whether another state follows ``name`` in the same list ("A, B and C")."""
    nxt = next((n for n in names if n.kind == "polity" and n.match.start >= name.match.end), None)
    return (
        nxt is not None
        and LIST_SEP.fullmatch(art.text, name.match.end, nxt.match.start) is not None
    )


def venue_of_place(art: Article, n: Name, names: list[Name], sent: Sentence) -> bool:
    """Whether ``n`` heads or continues a list after "in" or "at" ("in Tokyo or Moscow")."""
    current = n
    for _ in range(4):
        lead = art.words_before(current.match.start, 1, sent.start)
        if lead[:1] in (["in"], ["at"]):
            return True
        prior = [m for m in names if m.match.end <= current.match.start]
        if not prior or art.text[prior[-1].match.end : current.match.start].strip(
            " ,"
        ).lower() not in ("and", "or"):
            return False
        current = prior[-1]
    return False


def agent_noun_after(art: Article, n: Name) -> bool:
    after = art.text[n.match.end : n.match.end + 40].split()[:4]
    for i, word in enumerate(after):
        if word.lower().strip(",.") in AGENT_NOUNS:
            # "British forces", "British and Commonwealth forces", "the British, whose
            # troops"
            return all(w in ("and", ",", "whose") or w[:1].isupper() for w in after[:i])
    return False


def coordinated_run(art: Article, listed: list[Name]) -> list[Name]:
    """The last run of polities joined by commas and "and" in ``listed``."""
    if not listed:
        return []
    run = [listed[-1]]
    for n in reversed(listed[:-1]):
        gap = art.text[n.match.end : run[0].match.start].strip().lower()
        if gap in (",", "and", ", and", "and the", ", the", ", and the", "or", "the"):
            run.insert(0, n)
        else:
            break
    return run


def placed_under(art: Article, hit: CueHit) -> bool:
    """ "placed under Japanese administration" is an act; "was under ..." a state."""
    words = art.words_before(hit.start, 5, 0)
    if "under" not in words:
        return False
    rest = words[words.index("under") + 1 :]
    return bool(rest) and rest[0] in ("placed", "put", "brought", "came", "passed", "fell")


def participle_subject(
    art: Article,
    hit: CueHit,
    polities: list[Name],
    names: list[Name],
    sent: Sentence,
    day: int | None,
) -> list[str]:
    """ "Ceding Alaska to the United States in 1867, Russia gave up ...": a participle
    that opens the sentence takes the subject after its comma."""
    if art.text[sent.start : hit.start].strip() or not hit.cue.words[0].endswith("ing"):
        return []
    comma = art.text.find(",", hit.end, sent.end)
    if comma < 0:
        return []
    for n in polities:
        if n.match.start > comma:
            gap = art.text[comma + 1 : n.match.start].split()
            if all(w.lower() in ("the", "then") for w in gap):
                return [art.index.polity_at(n.match.ids, day)]
            break
    return []


def co_polities(
    art: Article, first: Name, polities: list[Name], day: int | None, limit: int
) -> list[str]:
    """States listed with ``first`` ("to Morocco and Mauritania"), when the list ends
    the clause: "to the United States and Russia received ..." starts a new one."""
    out: list[str] = []
    pos = first.match.end
    for n in polities:
        if n.match.start < pos:
            continue
        if n.match.start >= limit or not LIST_SEP.fullmatch(art.text, pos, n.match.start):
            break
        out.append(art.index.polity_at(n.match.ids, day))
        pos = n.match.end
    if out and not _CLAUSE_END.match(art.text, pos):
        return []
    return out


def future(before: list[str]) -> bool:
    """Whether the words just before a cue make it an undertaking ("agreed to hand over",
    "would be returned"), not an act; "would later be ceded" tells of the past."""
    words = [w for w in before if w not in AUXILIARIES]
    if any(w in ("later", "eventually", "soon", "then", "finally") for w in words[:2]):
        return False
    if words[:1] and words[0] in ("would", "will", "shall"):
        return True
    # "agreed to hand over", "agreed in October 2024 to hand over"
    return words[:1] == ["to"] and any(w in _UNDERTAKING for w in words[1:6])


def coordinated_noun(art: Article, hit: CueHit, cues: list[CueHit]) -> CueHit | None:
    """The noun cue joined to ``hit`` by "and"/"or" ("occupation and government of")."""
    nxt = next((c for c in cues if c.start >= hit.end), None)
    if nxt is None or not nxt.cue.noun:
        return None
    if _NOUN_JOIN.fullmatch(art.text[hit.end : nxt.start]) is None:
        return None
    return nxt


def left_agents(
    art: Article,
    st: Discourse,
    hit: CueHit,
    polities: list[Name],
    names: list[Name],
    titles: list[Title],
    sent: Sentence,
    day: int | None,
) -> list[str]:
    """The subject polities of a cue: the nearest run of eligible names before it."""
    # A state name read as land ("invaded East Timor ... and annexed it") is no subject.
    polities = [n for n in polities if n.match.start not in st.as_place]
    cands = [
        n
        for n in polities
        if n.match.end <= hit.start
        and (not n.match.via_demonym or agent_noun_after(art, n) or n.match.end >= hit.start - 2)
        and eligible_subject(art, n, names, sent)
    ]
    # "the British, whose troops drove the French from the island": the relative clause
    # names who acts, whatever preposition came before the name.
    for n in reversed(polities):
        if n.match.end <= hit.start and _WHOSE.fullmatch(art.text, n.match.end, hit.start):
            return [art.index.polity_at(n.match.ids, day)]
    pron = [w for w in art.words_before(hit.start, 3, sent.start) if w in PRONOUNS]
    near = art.words_before(hit.start, 2, sent.start)
    if near[:1] in (["which"], ["who"]) and near[1:2] == [","]:
        # "..., to Japan, which governed it": the name before the relative pronoun acts.
        rel = [n for n in polities if n.match.end <= hit.start]
        if rel and art.text[rel[-1].match.end : hit.start].strip(" ,").lower() in (
            "which",
            "who",
        ):
            return [art.index.polity_at(rel[-1].match.ids, day)]
    # "the Treaty of X ... gave": an instrument between the last state and the cue is the
    # subject, and the giver is left to the instrument's parties.
    if cands and any(
        cands[-1].match.end <= t.start and t.end <= hit.start and _title_subject(art, t, hit)
        for t in titles
    ):
        return []
    if cands:
        run = coordinated_run(art, cands)
        return unique(art.index.polity_at(n.match.ids, day) for n in run)
    # "before Italy annexed it", "after Japan occupied ...": a conjunction, not a
    # preposition, when the state is followed directly by the verb.
    close = [n for n in polities if n.match.end <= hit.start]
    if close:
        n = close[-1]
        gap = art.text[n.match.end : hit.start].split()
        if n.match.via_demonym and gap and gap[0].lower() in AGENT_NOUNS:
            gap = gap[1:]  # "until French troops occupied it"
        elif n.match.via_demonym:
            gap = ["-"]
        lead = art.words_before(n.match.start, 1, sent.start)
        if lead and lead[0] in _CONJUNCTIONS and all(w in _VERB_FILLERS for w in gap):
            return [art.index.polity_at(n.match.ids, day)]
    if pron and st.last_agent is not None:
        return [st.last_agent]
    # "marines from the admiral's squadron landed and seized the bay": fighting men of no
    # named state act for the state the paragraph is about.
    opening = art.text[clause_start(art.text, sent.start, hit.start) : hit.start]
    if (
        st.last_agent is not None
        and st.last_agent_paragraph == st.paragraph
        and any(w.lower().strip(",") in AGENT_NOUNS for w in opening.split()[:3])
    ):
        return [st.last_agent]
    return []


def _title_subject(art: Article, t: Title, hit: CueHit) -> bool:
    """Whether title ``t`` is the subject of the cue ("and the Treaty of X ... gave")."""
    if t.generic:
        return False
    words = art.words_before(t.start, 2, 0)
    if words and words[0] in ("the", "a", "an"):
        words = words[1:]
    opener = not words or words[0] in (",", "and", "(", ";", "while", "whereas", "but", "as")
    gap = f" {art.text[t.end : hit.start].lower()} "
    return opener and " and " not in gap and ", " not in gap.strip()


def _is_relative(art: Article, n: Name) -> bool:
    """Whether a name is where something else is ("north of Japan", "off the coast of")."""
    words = art.words_before(n.match.start, 3, 0)
    words = [w for w in words if w not in ("the", "just", "of", "coast")]
    return bool(words) and words[0] in RELATIVE_LOCATION


def targets_right(
    art: Article,
    st: Discourse,
    start: int,
    limit: int,
    names: list[Name],
    sent: Sentence,
    pending: dict[str, DraftEntity],
) -> tuple[list[str], int]:
    out: list[str] = []
    end = start
    g = Gather(sent, st.drafts.new_places, pending)
    for n in names:
        if n.match.start < end or n.match.start >= limit or n.in_title:
            continue
        seg = art.text[end : n.match.start]
        if n.kind == "polity":
            if n.match.via_demonym:
                continue
            # "invaded Kuwait", "ceded Puerto Rico, Guam and the Philippines": a state the
            # ledger lacks, standing where the cue wants its place, is that land.
            listed = LIST_SEP.fullmatch(seg) is not None if out else OBJECT_GAP.fullmatch(seg)
            owner = art.text[n.match.end : n.match.end + 2] in ("'s", "’s")
            if art.index.entities[n.id].known or not listed or owner:
                break  # "bought Monaco's rights": the owner of the rights, not the land
            st.as_place.add(n.match.start)
            out.append(unknown_place(art, g, n))
            end = n.match.end
            continue
        if _is_relative(art, n):
            continue
        if "(" in seg or ";" in seg:
            break
        if not art.index.entities[n.id].known:
            unknown_place(art, g, n)
        if out:
            # "Goa, Daman and Diu": unknown names listed between two known ones.
            found, _ = listed_candidates(art, g, end, n.match.start, closed=True)
            out.extend(found)
        out.append(n.id)
        end = n.match.end
    if not out:
        cand = candidate_after(art, g, start, limit)
        if cand is None:
            return [], end
        out.append(cand[0])
        end = cand[1]
    # "California and New Mexico", "Alsace and the north-eastern part of Lorraine": the
    # list goes on with names the gazetteer does not know.
    found, end = listed_candidates(art, g, end, limit)
    out.extend(found)
    return unique(out), end


def targets_left(
    art: Article,
    st: Discourse,
    pos: int,
    names: list[Name],
    sent: Sentence,
    pending: dict[str, DraftEntity],
) -> list[str]:
    g = Gather(sent, st.drafts.new_places, pending)
    places = [
        n
        for n in names
        if n.kind != "polity" and n.match.end <= pos and not n.in_title and not _is_relative(art, n)
    ]
    if places:
        picked = places[-2:] if len(places) > 1 and _joined(art, places) else places[-1:]
        return unique(
            n.id if art.index.entities[n.id].known else unknown_place(art, g, n) for n in picked
        )
    # "Kuwait was annexed", "Cuba was placed under ...": a state the ledger lacks, as the
    # subject of a passive cue, is the land.
    subject = [
        n for n in names if n.kind == "polity" and n.match.end <= pos and not n.match.via_demonym
    ]
    if subject:
        n = subject[-1]
        gap = art.text[n.match.end : pos].split()
        if "under" in gap:  # "Cuba was placed under American administration"
            gap = gap[: gap.index("under")]
        if not art.index.entities[n.id].known and all(
            w in AUXILIARIES or w in _PASSIVE_FILLERS for w in gap
        ):
            st.as_place.add(n.match.start)
            return [unknown_place(art, g, n)]
    cand = candidate_before(art, g, pos)
    if cand is None:
        return []
    # "Newfoundland and its mainland territory of Labrador became ...": the list the
    # sentence opens with, when it ends right where the cue's subject does.
    for start in (m.start() for m in _CAPS_START.finditer(art.text, sent.start, pos)):
        listed, scratch = list_at(art, st.drafts.new_places, start, pos, sent)
        if listed and listed[0] != cand and listed[-1] == cand:
            for rid, entity in scratch.items():
                pending.setdefault(rid, entity)
            return listed
    return [cand]


def _joined(art: Article, places: list[Name]) -> bool:
    """Whether the last two places are joined by "and" or a comma."""
    a, b = places[-2], places[-1]
    return art.text[a.match.end : b.match.start].strip().lower() in ("and", ",", ", and")


def split_targets(art: Article, targets: list[str]) -> tuple[tuple[str, ...], str | None]:
    """Targets as (places, group): a group's member places are left to the group."""
    groups = [t for t in targets if t in art.index.entities and art.index.kind(t) == "group"]
    group = groups[0] if groups else None
    covered = set(art.index.members(group)) if group else set()
    places = tuple(t for t in targets if t != group and t not in covered and t not in groups)
    return places, group
