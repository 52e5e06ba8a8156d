"""Effects: what a cue phrase says was done to which places, by whom, and when.

:func:`read_effect` reads one cue in its sentence: whether it states an act at all (not a
demand, a guess or part of a title), its places (:mod:`.roles`, or :mod:`.discourse` for "it"
and "the island"), its giver, recipient or actor, and its date; then attaches the effect to the
instrument it belongs to (:mod:`.instruments`), drafts an instrument of its own for a dated act
of a state, or keeps it loose for a reviewer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from terrachron.extract.article import Article, Sentence, SentenceMentions
from terrachron.extract.dates import DateMention
from terrachron.extract.discourse import (
    Discourse,
    OpenInstrument,
    anaphor_targets,
    day_near,
    display,
)
from terrachron.extract.instruments import NEW_CLAUSE, instrument_for
from terrachron.extract.mentions import CueHit, Name, Title
from terrachron.extract.patterns import AUXILIARIES, PROMISE_WORDS
from terrachron.extract.records import DraftEffect, DraftEntity
from terrachron.extract.roles import (
    Slots,
    after_word,
    co_polities,
    coordinated_noun,
    eligible_subject,
    future,
    left_agents,
    participle_subject,
    placed_under,
    possessive,
    split_targets,
    targets_left,
    targets_right,
)
from terrachron.extract.words import find_word, unique

__all__ = ["read_effect"]

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
_MODALS = frozenset({"must", "should", "could", "might", "may", "ought", "can", "cannot"})
_GIVING = frozenset({"transfer", "cede"})
_TRANSFERS = ("transfer", "cede", "promise_transfer")
"""Operations with a giver and a recipient (``from``, ``to``) rather than an actor (``by``)."""
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


@dataclass(frozen=True)
class _Reading:
    """One cue as read in its sentence: the operation and frame the words around it give."""

    op: str
    frame: str
    noun: bool  # a noun ("the cession of"), not a verb
    passive: bool
    anchor: CueHit  # where the places are read from (a noun sharing its object, or the cue)
    slots: Slots
    mentions: SentenceMentions


def read_effect(
    art: Article,
    st: Discourse,
    hit: CueHit,
    found: SentenceMentions,
    sent: Sentence,
    sentence_insts: list[tuple[int, OpenInstrument]],
) -> None:
    """Read the effect the cue ``hit`` states in ``sent`` into ``st``, if it states one."""
    if not _states_something(art, hit, sent, found.titles):
        return
    if hit.cue.frame == "war":
        _war(art, st, hit, sent, found.names, found.dates)
        return
    r = _reading(art, st, hit, found, sent)
    if r is None:
        return
    pending: dict[str, DraftEntity] = {}
    targets, tgt_end = _targets(art, st, r, pending)
    if not targets:
        return
    last: list[Name] = []  # the name the last call of after_word() settled on
    op, from_, to, agents = _roles(art, st, r, max(tgt_end, hit.end), last)
    if op in _TRANSFERS:
        if to is None:
            return  # a transfer to nobody named is not worth a draft
        if hit.cue.words[0].startswith("becam") and all(st.holders.get(t) == to for t in targets):
            return  # "Goa became a state of India" after India annexed it: an internal change
        agents = [to]
        s = r.slots
        if last and art.index.polity_at(last[0].match.ids, s.day) == to:
            # "handed control of Western Sahara to Morocco and Mauritania": two recipients.
            agents += co_polities(art, last[0], s.polities, s.day, s.limit)
    elif not agents:
        # "marines landed and seized the bay": no state named, but the bay is in focus.
        st.focus(targets)
        return
    _record(art, st, r, op, targets, from_, agents, pending, sentence_insts)


def _states_something(art: Article, hit: CueHit, sent: Sentence, titles: list[Title]) -> bool:
    """Whether a cue states anything by itself: not inside a title, not the "claim" of a
    renunciation, not "administration" without "under"."""
    cue = hit.cue
    if any(t.start <= hit.start < t.end for t in titles if not t.generic and not t.anaphor):
        return False  # "Treaty concerning the Cession of ...": part of a title, not a statement
    before = art.words_before(hit.start, 4, sent.start)
    if cue.op == "claim" and any(
        w in before for w in ("renounced", "relinquished", "gave", "up", "title")
    ):
        return False  # "all right, title and claim to": part of a renunciation
    return not (cue.frame == "under" and "under" not in before[:3])


def _reading(
    art: Article, st: Discourse, hit: CueHit, found: SentenceMentions, sent: Sentence
) -> _Reading | None:
    """How to read a cue: passive or active, verb or noun, an act or a promise of one; None
    for a demand or a guess."""
    cue, cues, names, titles = hit.cue, found.cues, found.names, found.titles
    before = art.words_before(hit.start, 4, sent.start)
    nxt = art.doc[hit.token_end].lower_ if hit.token_end < len(art.doc) else ""
    noun = cue.noun or (nxt == "of" and cue.frame != "act")
    passive = bool(before) and (
        before[0] in AUXILIARIES
        or (len(before) > 1 and before[1] in AUXILIARIES and before[0] in ("then", "later"))
    )
    frame: str = cue.frame
    modal = next((w for w in before if w not in AUXILIARIES and w != "not"), None)
    if modal in _MODALS or (modal in ("would", "will", "shall") and cue.op not in _GIVING):
        return None  # "must be reintegrated", "could annex": a demand or a guess, not an act
    if frame == "give" and nxt == "to" and not passive:
        frame = "intrans"  # "Okinawa returned to Japan"
    op = cue.op
    wide = art.words_before(hit.start, 12, sent.start)
    if op in _GIVING and (any(w in PROMISE_WORDS for w in wide) or future(wide)):
        op = "promise_transfer"
    # "Portugal's occupation and government of Macau": two nouns share one object, so the
    # first reads its place (and its actor) where the second does.
    shared = coordinated_noun(art, hit, cues) if noun and nxt != "of" else None
    anchor = shared or hit
    limit = min([c.start for c in cues if c.start > anchor.start], default=sent.end)
    limit = min([limit, *[t.start for t in titles if t.start > anchor.end and not t.anaphor]])
    polities = [n for n in names if n.kind == "polity" and not n.in_title]
    day = day_near(art, st, hit.start, sent)
    slots = Slots(hit, sent, polities, day, limit)
    return _Reading(op, frame, noun, passive, anchor, slots, found)


def _targets(
    art: Article, st: Discourse, r: _Reading, pending: dict[str, DraftEntity]
) -> tuple[list[str], int]:
    """The places of a cue, and where they end: before a passive or intransitive cue, after
    an active one; "it" or "the island" when none is named; the place in focus for a
    withdrawal."""
    hit, sent, limit = r.slots.hit, r.slots.sent, r.slots.limit
    cue, names = hit.cue, r.mentions.names
    if r.frame in ("intrans", "under", "join") or r.passive:
        targets = targets_left(art, st, hit.start, names, sent, pending)
        tgt_end = hit.end
        if not targets:
            targets = anaphor_targets(art, st, sent.start, hit.start, pending, "left")
    else:
        right_start = r.anchor.end
        doc = art.doc
        after_anchor = doc[r.anchor.token_end] if r.anchor.token_end < len(doc) else None
        if r.noun and after_anchor is not None and after_anchor.lower_ == "of":
            right_start = after_anchor.idx + 2
        targets, tgt_end = targets_right(art, st, right_start, limit, names, sent, pending)
        if not targets and cue.needs == "from" and cue.op == "occupy":
            # "drove the French from Corsica": the place is what they were driven from.
            at = find_word(art.text[right_start:limit], "from")
            if at >= 0:
                origin = right_start + at + len("from")
                targets, tgt_end = targets_right(art, st, origin, limit, names, sent, pending)
        if not targets:
            # Within the clause: ", and the island was run ..." is another clause's place.
            cut = NEW_CLAUSE.search(art.text, right_start, limit)
            end = cut.start() if cut else limit
            targets = anaphor_targets(art, st, right_start, end, pending, "right")
    if (
        not targets
        and (r.op == "withdraw" or cue.needs == "@troops")
        and st.last_targets
        and st.last_targets_paragraph == st.paragraph
        and st.last_targets_sentence >= st.sentence_index - 2
    ):
        # "They withdrew in October 1796": from the place in focus, if it is close by.
        targets = list(st.last_targets)
    return targets, tgt_end


def _roles(
    art: Article, st: Discourse, r: _Reading, search_from: int, last: list[Name]
) -> tuple[str, str | None, str | None, list[str]]:
    """The operation (a renunciation in favour of a state is a transfer) and its giver,
    recipient and actors, as ``(op, from, to, agents)``."""
    s, names, titles = r.slots, r.mentions.names, r.mentions.titles
    op = r.op
    if op == "renounce" and not r.passive:
        recipient = (
            after_word(art, s, "to", search_from, last)
            or after_word(art, s, "in favour of", search_from, last)
            or after_word(art, s, "in favor of", search_from, last)
        )
        if recipient is not None:
            # "gave up its rights on X to Y" is a transfer
            givers = left_agents(art, st, s.hit, s.polities, names, titles, s.sent, s.day)
            return "transfer", (givers[0] if givers else None), recipient, []
    from_, to, agents = _frame_roles(art, st, r, search_from, last)
    if r.frame == "intrans" and op not in _TRANSFERS:
        agents, to = [a for a in [to] if a], None  # "incorporated into Y": Y acts
    return op, from_, to, agents


def _frame_roles(
    art: Article, st: Discourse, r: _Reading, search_from: int, last: list[Name]
) -> tuple[str | None, str | None, list[str]]:
    """``(from, to, agents)`` as the cue's frame places them around it."""
    s, names, titles = r.slots, r.mentions.names, r.mentions.titles
    hit, frame = s.hit, r.frame

    def after(word: str, start: int) -> str | None:
        return after_word(art, s, word, start, last)

    def lefts() -> list[str]:
        return left_agents(art, st, hit, s.polities, names, titles, s.sent, s.day)

    if frame == "give":
        if r.passive:
            to = after("to", hit.end)  # before "by": the last match found is the one kept
            return after("by", hit.end), to, []
        if r.noun:
            to = after("to", search_from)
            giver = after("from", search_from) or after("by", search_from) or possessive(art, s)
            return giver, to, []
        givers = lefts() or participle_subject(art, hit, s.polities, names, s.sent, s.day)
        return (givers[0] if givers else None), after("to", search_from), []
    if frame == "receive":
        if r.passive:
            to = after("by", hit.end)  # before "from": the last match found is the one kept
            return after("from", hit.end), to, []
        if r.noun:
            to = possessive(art, s) or after("by", search_from)
            return after("from", search_from), to, []
        takers = lefts()
        return after("from", search_from), (takers[0] if takers else None), []
    if frame == "lease":
        takers = lefts()
        lessor = after("from", search_from)
        if lessor is not None:  # "Britain leased the New Territories from China"
            return lessor, None, takers[:1]
        # "China leased the New Territories to Britain"
        return (takers[0] if takers else None), None, [a for a in [after("to", search_from)] if a]
    if frame == "intrans":
        to = after("to", hit.end) or after("of", hit.end) or after("under", hit.end)
        if to is None and hit.cue.words[-1] in ("of", "with", "into", "to"):
            # "became part of Japan": the cue ends with its preposition; the state follows.
            to = next(
                (
                    art.index.polity_at(n.match.ids, s.day)
                    for n in s.polities
                    if 0 <= n.match.start - hit.end <= 6
                ),
                None,
            )
        return None, to, []
    if frame == "join":
        near = (n for n in s.polities if 0 <= n.match.start - hit.end <= 6)
        first = next(near, None)
        return None, (art.index.polity_at(first.match.ids, s.day) if first else None), []
    if frame == "under":
        return None, None, [a for a in [possessive(art, s) or after("of", hit.end)] if a]
    return None, None, _actors(art, st, r, search_from, last)


def _actors(
    art: Article, st: Discourse, r: _Reading, search_from: int, last: list[Name]
) -> list[str]:
    """Who does an act ("occupied", "annexed"): after "by" in the passive, the possessive of a
    noun, the subject of a verb; else after "for" ("annexed X for Britain")."""
    s, names, titles = r.slots, r.mentions.names, r.mentions.titles
    if r.passive:
        agents = [a for a in [after_word(art, s, "by", s.hit.end, last)] if a]
    elif r.noun:
        agents = [
            a for a in [possessive(art, s) or after_word(art, s, "by", search_from, last)] if a
        ]
    else:
        agents = left_agents(art, st, s.hit, s.polities, names, titles, s.sent, s.day)
    if not agents:
        agents = [a for a in [after_word(art, s, "for", search_from, last)] if a]
    return agents


def _record(
    art: Article,
    st: Discourse,
    r: _Reading,
    op: str,
    targets: list[str],
    from_: str | None,
    agents: list[str],
    pending: dict[str, DraftEntity],
    sentence_insts: list[tuple[int, OpenInstrument]],
) -> None:
    """Put the effect in focus and draft it: on its instrument, as an event of its own, or
    loose."""
    hit, sent = r.slots.hit, r.slots.sent
    dates, titles = r.mentions.dates, r.mentions.titles
    st.acts += 1
    st.last_agent_paragraph = st.paragraph
    st.focus(targets)
    st.last_agent = from_ if r.frame == "give" and from_ else agents[0]
    if op in ("transfer", "cede", "annex"):
        for t in targets:
            st.holders[t] = agents[0]
    for rid, entity in pending.items():
        if rid in targets:
            st.drafts.new_places.setdefault(rid, entity)
    places, group = split_targets(art, targets)
    effect_date = _effect_date(art, hit, sent, dates)
    ev = art.evidence(hit.start, hit.end, sent, 0.65 if r.passive else 0.7)
    inst = instrument_for(art, st, op, hit, sentence_insts, titles, sent, effect_date)
    condition = None
    if op == "promise_transfer":
        condition = "A condition stated in the source (see the evidence); review it."
    giving = op in _TRANSFERS
    for agent in unique(agents):
        effect = DraftEffect(
            op=op,
            places=places,
            group=group,
            from_=from_ if giving else None,
            to=agent if giving else None,
            by=None if giving else agent,
            date=effect_date.edtf if effect_date else None,
            condition=condition,
            evidence=ev,
        )
        if inst is None:
            if (
                effect_date is None
                or (r.frame == "under" and not placed_under(art, hit))
                or op in ("claim", "drop_claim")
            ):
                # A claim changes neither control nor title: no instrument of its own.
                # No date, or a state of affairs ("X was under Portuguese
                # administration") rather than an act: the effect is drafted without an
                # instrument, for a reviewer to attach.
                st.drafts.loose.append(effect)
                continue
            _event(art, st, effect, sent, effect_date)
            continue
        if effect.date and inst.date and effect.date == inst.date.edtf:
            effect = replace(effect, date=None)
        inst.effects.append(effect)


def _effect_date(
    art: Article, hit: CueHit, sent: Sentence, dates: list[DateMention]
) -> DateMention | None:
    """The act's date: the nearest in its clause (a semicolon ends one), unless a shift of
    time ("the following year") stands between."""
    lo = art.text.rfind(";", sent.start, hit.start)
    hi = art.text.find(";", hit.end, sent.end)
    in_clause = [d for d in dates if lo < d.start and (hi < 0 or d.end <= hi)]
    effect_date = min(in_clause, key=lambda d: abs(d.start - hit.end), default=None)
    if effect_date is not None:
        # "invaded East Timor on 7 December 1975 and annexed it the following year": a
        # shift of time between the date and the act moves the act off that date.
        a, b = sorted((effect_date.end, hit.start))
        tail = art.text[hit.end : hi if hi >= 0 else sent.end]
        after_date = effect_date.start < hit.start
        if _RELATIVE_TIME.search(art.text, a, b) or (
            after_date and _RELATIVE_AFTER.search(tail[:60])
        ):
            effect_date = None
    return effect_date


def _event(
    art: Article, st: Discourse, effect: DraftEffect, sent: Sentence, date: DateMention | None
) -> None:
    """Draft a dated act of a state as an instrument of its own, titled after the act; a
    second act of the same kind, day and state joins the first."""
    if date is None:
        return  # an act with no date cannot enter a ledger; too thin for a draft
    place = ", ".join(display(art, st, t) for t in effect.targets)
    agent_id = effect.principal
    agent = display(art, st, agent_id) if agent_id else "?"
    key = (effect.op, date.edtf, effect.principal)
    same = st.drafts.events.get(key)
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
    inst = OpenInstrument(
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
        date_evidence=art.evidence(date.start, date.end, sent, date.confidence),
    )
    st.drafts.instruments.append(inst)
    st.drafts.events[key] = inst


def _war(
    art: Article,
    st: Discourse,
    hit: CueHit,
    sent: Sentence,
    names: list[Name],
    dates: list[DateMention],
) -> None:
    """ "Britain declared war on Germany": a declaration of war, an event with no effect."""
    polities = [n for n in names if n.kind == "polity" and not n.in_title]
    day = day_near(art, st, hit.start, sent)
    left = [
        n for n in polities if n.match.end <= hit.start and eligible_subject(art, n, names, sent)
    ]
    right = [n for n in polities if hit.end <= n.match.start <= hit.end + 20]
    if not left or not right:
        return
    agent = art.index.polity_at(left[-1].match.ids, day)
    enemy = art.index.polity_at(right[0].match.ids, day)
    date = min(dates, key=lambda d: abs(d.start - hit.end), default=None)
    a, e = display(art, st, agent), display(art, st, enemy)
    inst = OpenInstrument(
        title=f"{a} declaration of war on {e}",
        kind="declaration",
        aliases=[],
        parties=[agent],
        date=date,
        role="date",
        evidence=art.evidence(hit.start, hit.end, sent, 0.6),
        event=True,
        date_evidence=(art.evidence(date.start, date.end, sent, date.confidence) if date else None),
    )
    st.drafts.instruments.append(inst)
    st.last_agent = agent
