"""Instruments: the treaties, votes and acts a text mentions, dated and with their parties.

A title (:mod:`.mentions`) becomes an :class:`~terrachron.extract.discourse.OpenInstrument`
dated by the nearest date in its zone (from the previous title to the next one, a cue after it
claiming the dates beyond); "the treaty" and "the 1890 treaty" point back to one named before.
:func:`instrument_for` decides which instrument, if any, an effect read from a cue belongs to.
"""

from __future__ import annotations

import re
from dataclasses import replace

from terrachron.extract.article import Article, Sentence, SentenceMentions
from terrachron.extract.dates import DateMention, cached_edtf, mid_day, overlaps
from terrachron.extract.discourse import Discourse, OpenInstrument, polity
from terrachron.extract.mentions import FAMILY_NOUNS, CueHit, Name, Title
from terrachron.extract.patterns import kind_of_title
from terrachron.extract.roles import coordinated_run, eligible_subject
from terrachron.extract.words import unique
from terrachron.gazetteer import fold_name

__all__ = ["NEW_CLAUSE", "instrument_for", "read_instrument"]

TITLE_OPS = frozenset({"transfer", "cede", "renounce", "promise_transfer", "condominium"})
"""Operations an instrument performs by its text: they belong to the instrument named nearby."""
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
_TIME_SHIFT = re.compile(r"\b(?:later|afterwards|subsequently|earlier|previously)\b")
"""Words that move a clause away from the time of the instrument named before it."""
_WHICH_SIGNED = re.compile(
    r",?\s+(?:which|that)\s+(?P<who>[^,.;]{2,80}?)\s+(?:had\s+)?(?:signed|concluded|agreed)\b"
)
"""After a title: ", which Norway and Russia signed" names the parties."""
_DATE_LEAD = re.compile(r"^(?:from|between)\s+", re.IGNORECASE)
NEW_CLAUSE = re.compile(r",\s+(?:and|but|while|whereas)\s|;")
"""Where a new clause begins: an instrument beyond it did not do the act before it."""


def read_instrument(
    art: Article, st: Discourse, t: Title, found: SentenceMentions, sent: Sentence
) -> OpenInstrument | None:
    """The instrument a title mentions: one named before (for "the treaty", "the 1890
    treaty"), or a new one dated by the nearest date of its zone; None when a common noun
    has no date."""
    titles, dates, names, cues = found.titles, found.dates, found.names, found.cues
    resolved = _resolve_reference(art, st, t, dates, sent)
    if resolved is None or isinstance(resolved, OpenInstrument):
        return resolved
    t = resolved
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
        gap = art.text[d.end : t.start]
        return (t.start - d.end) * (2.0 if "," in gap or " and " in gap else 1.2)

    date = min(zone_dates, key=distance, default=None)
    if t.generic and date is None:
        return None
    parties = _parties(art, st, t, names, sent, date, hi)
    title = t.text
    if t.generic:
        title = _generic_title(art, t, parties, date)
    inst = OpenInstrument(
        generic=t.generic,
        title=title,
        kind=t.kind,
        aliases=list(t.aliases),
        parties=unique(parties),
        date=date,
        role=_date_role(art, t, date),
        evidence=art.evidence(t.start, t.end, sent, 0.6 if t.generic else 0.85),
        date_evidence=(art.evidence(date.start, date.end, sent, date.confidence) if date else None),
    )
    st.drafts.instruments.append(inst)
    st.last_instrument = inst
    st.last_instrument_sentence = st.sentence_index
    return inst


def _resolve_reference(
    art: Article, st: Discourse, t: Title, dates: list[DateMention], sent: Sentence
) -> OpenInstrument | Title | None:
    """What a title pointing back ("the treaty", "the 1890 treaty") stands for: the
    instrument named before, else the title read as a common noun of its own (None when it
    is no noun for an instrument). Other titles stand for themselves."""
    if t.anaphor and t.year is not None:
        prior = _dated_reference(st, t)
        if prior is not None:
            st.last_instrument = prior
            return prior
        # No instrument of that year so far: "the 1890 treaty" is one of its own.
        t = replace(t, anaphor=False, generic=True)
    if t.anaphor:
        family = t.text.lower().split()[-1]
        prior = next(
            (
                inst
                for inst in reversed(st.drafts.instruments)
                if family in inst.title.lower() or family in inst.kind
            ),
            st.last_instrument,
        )
        if prior is not None:
            st.last_instrument = prior
            _force_date(art, t, prior, dates, sent)
            return prior
        if family not in FAMILY_NOUNS:
            return None
        # "The treaty, which Norway and Russia signed on ...": nothing before it, so it is
        # an instrument of its own.
        t = replace(t, anaphor=False, generic=True, text=family, kind=kind_of_title(family))
    return t


def _parties(
    art: Article,
    st: Discourse,
    t: Title,
    names: list[Name],
    sent: Sentence,
    date: DateMention | None,
    zone_end: int,
) -> list[str]:
    """The parties of the instrument ``t`` mentions, from its title and the words around it."""
    titled: list[str] = []
    in_title = [
        n
        for n in names
        if n.kind == "polity" and t.start <= n.match.start < t.end and not _venue(art, n)
    ]
    for n in in_title:
        titled.append(
            polity(art, st, n, sent)
            if date is None
            else art.index.polity_at(n.match.ids, mid_day(date))
        )
    day = mid_day(date) if date else st.context_day
    listed = _listed_parties(art, t, names, sent, day, zone_end)
    # When the text says who signed ("Britain and Germany signed the Heligoland-Zanzibar
    # Treaty"), a state named only in the title is its subject, not a party.
    return [p for p in titled if p in listed] + listed if listed else titled


def _venue(art: Article, n: Name) -> bool:
    """ "Treaty of Paris", "London Memorandum": a capital standing for its state, in a
    title, is where the instrument was signed, not who signed it."""
    if n.match.via_demonym:
        return False  # "Sino-British": an adjective of the state, so a party
    written = fold_name(n.match.text)
    return all(
        written not in {fold_name(x) for x in art.index.entities[i].names.values()}
        and written != fold_name(art.index.entities[i].name)
        for i in n.match.ids
    )


def _force_date(
    art: Article, t: Title, inst: OpenInstrument, dates: list[DateMention], sent: Sentence
) -> None:
    """ "the treaty entered into force on 30 June 1854": the date it took effect."""
    if not dates or inst.role == "in_force" or "in_force" in inst.more_dates:
        return
    follows = art.text[t.end : t.end + 40].lower()
    if not any(w in follows for w in _FORCE_WORDS):
        return
    # "The ratifications were exchanged on 30 June 1854, when the treaty entered into
    # force": the nearest date of the sentence, on either side.
    date = min(dates, key=lambda d: abs(d.start - t.end) if d.start >= t.end else t.start - d.end)
    if inst.date is not None and not overlaps(inst.date, date) and mid_day(date) is not None:
        lo = cached_edtf(inst.date.edtf)
        if lo is not None and lo.lo > (mid_day(date) or 0):
            return  # in force before it was signed: not this instrument's date
    ev = art.evidence(date.start, date.end, sent, date.confidence)
    inst.more_dates["in_force"] = (date, ev)


def _dated_reference(st: Discourse, t: Title) -> OpenInstrument | None:
    """The instrument "the 1890 treaty" points back to: the latest of its family and year."""
    family = t.text.lower()
    for inst in reversed(st.drafts.instruments):
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


def _generic_title(art: Article, t: Title, parties: list[str], date: DateMention | None) -> str:
    """A title for a common noun: "Agreement between Norway and Russia of 15 September 2010"."""
    noun = t.text[0].upper() + t.text[1:]
    who = " and ".join(art.index.entities[p].name for p in parties[:3])
    when = f" of {_DATE_LEAD.sub('', date.text)}" if date else ""
    return f"{noun} between {who}{when}" if who else f"{noun}{when}"


def _date_role(art: Article, t: Title, date: DateMention | None) -> str:
    """Whether a title's date is when it was signed, took effect, or simply happened."""
    if date is None:
        return "date"
    lo, hi = sorted((t.end, date.start))
    between = art.text[lo:hi].lower()
    before = art.text[max(0, date.start - 30) : date.start].lower()
    if any(w in between or w in before for w in _FORCE_WORDS):
        return "in_force"
    if t.kind in _SINGLE_DATE_KINDS:
        return "date"
    return "signed"


def _listed_parties(
    art: Article, t: Title, names: list[Name], sent: Sentence, day: int | None, zone_end: int
) -> list[str]:
    """Polities listed as signing: "between A and B", "signed by A, B and C", "A and B ..."."""
    out: list[str] = []
    after = art.text[t.end : min(zone_end, t.end + 120)]
    for lead in ("between", "signed by", "issued by", "concluded by", "by"):
        idx = after.find(lead + " ")
        if 0 <= idx <= 25 or (lead != "by" and 0 <= idx <= 60):
            start = t.end + idx + len(lead)
            out.extend(_polity_list(art, start, names, day, sent))
            break
    # "The treaty, which Norway and Russia signed in Murmansk": a relative clause.
    which = _WHICH_SIGNED.match(art.text, t.end, min(zone_end, t.end + 120))
    if which is not None and not out:
        listed = [
            n
            for n in names
            if n.kind == "polity"
            and not n.match.via_demonym
            and which.start("who") <= n.match.start < which.end("who")
        ]
        out.extend(art.index.polity_at(n.match.ids, day) for n in listed)
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
    lead_text = art.text[max(sent.start, t.start - 40) : t.start].lower()
    if any(v in lead_text for v in verbs):
        listed = [
            n
            for n in names
            if n.kind == "polity"
            and not n.match.via_demonym
            and n.match.end <= t.start
            and eligible_subject(art, n, names, sent)
        ]
        group = coordinated_run(art, listed)
        out.extend(art.index.polity_at(n.match.ids, day) for n in group)
    return out


def _dated_otherwise(st: Discourse, date: DateMention | None) -> bool:
    """Whether an act is dated apart from the instrument just named: "The islands were
    united with Greece on 7 March 1948" after a treaty of 1923 is an act of its own, not
    a clause of that treaty."""
    last = st.last_instrument
    if last is None or last.date is None or date is None:
        return False
    dated = [last.date, *(m for m, _ in last.more_dates.values())]
    return not any(overlaps(date, x) for x in dated)


def _refers_back(art: Article, sent: Sentence, clause: int = -1) -> bool:
    """Whether a sentence (or the clause after a semicolon at ``clause``) opens by pointing
    at the instrument named just before."""
    if clause >= 0:
        return art.text[clause + 1 : clause + 31].lower().lstrip().startswith(_BACK_REFERENCES)
    head = art.text[sent.start : sent.start + 30].lower()
    return head.startswith(_BACK_REFERENCES)


def instrument_for(
    art: Article,
    st: Discourse,
    op: str,
    hit: CueHit,
    sentence_insts: list[tuple[int, OpenInstrument]],
    titles: list[Title],
    sent: Sentence,
    effect_date: DateMention | None,
) -> OpenInstrument | None:
    """The instrument a cue's effect belongs to, or None when the act is one of its own."""
    # A semicolon closes a clause: "... signed the Treaty of Shimoda in 1855; twenty
    # years later Japan handed Sakhalin back" is not an act of that treaty.
    clause = art.text.rfind(";", sent.start, hit.start)
    before = [(pos, inst) for pos, inst in sentence_insts if clause < pos < hit.start]
    sentence_insts = [(pos, inst) for pos, inst in sentence_insts if pos > clause]
    if effect_date is not None:
        # "In a referendum held on 13 January 1935 ... the territory was reincorporated on
        # 1 March 1935": an act dated apart from the instrument is an act of its own.
        # A treaty may date its effect apart ("with effect from"); a vote or a summit may not.
        def fits(inst: OpenInstrument) -> bool:
            return (
                inst.date is None
                or overlaps(inst.date, effect_date)
                or (op in TITLE_OPS and inst.kind not in ("plebiscite", "summit"))
            )

        before = [(pos, inst) for pos, inst in before if fits(inst)]
        sentence_insts = [(pos, inst) for pos, inst in sentence_insts if fits(inst)]
    if op in TITLE_OPS:
        return _titled_instrument(art, st, hit, before, sentence_insts, sent, clause, effect_date)
    return _act_instrument(art, st, hit, before, titles, sent, clause)


def _titled_instrument(
    art: Article,
    st: Discourse,
    hit: CueHit,
    before: list[tuple[int, OpenInstrument]],
    sentence_insts: list[tuple[int, OpenInstrument]],
    sent: Sentence,
    clause: int,
    effect_date: DateMention | None,
) -> OpenInstrument | None:
    """The instrument of a transfer, a renunciation or a promise: the one named before it
    in its clause, else after it, else the one the sentence points back to or named just
    before."""
    if before:
        return before[-1][1]
    later = [inst for pos, inst in sentence_insts if not NEW_CLAUSE.search(art.text, hit.end, pos)]
    if later:
        return later[0]
    if _refers_back(art, sent, clause):
        return st.last_instrument
    clause_text = art.text[max(clause + 1, sent.start) : hit.start].lower()
    recent = (
        st.last_instrument is not None
        and st.last_instrument_sentence >= st.sentence_index - 1
        and not (
            st.last_instrument_sentence == st.sentence_index
            and clause > st.last_instrument.evidence.start
        )
        and _TIME_SHIFT.search(clause_text) is None
    )
    if recent and not _dated_otherwise(st, effect_date):
        return st.last_instrument
    return None


def _act_instrument(
    art: Article,
    st: Discourse,
    hit: CueHit,
    before: list[tuple[int, OpenInstrument]],
    titles: list[Title],
    sent: Sentence,
    clause: int,
) -> OpenInstrument | None:
    """The instrument of an act of a state, when the act is not one of its own."""
    # Acts of a state are instruments of their own, unless the instrument is the subject
    # ("the treaty placed ...") or the means ("under the agreement").
    for pos, inst in reversed(before):
        title = next((t for t in titles if t.start == pos), None)
        if title is None:
            continue
        gap = art.text[title.end : hit.start].split()
        if len(gap) <= 3 and not any(w.lower() in ("and", "after", "before") for w in gap):
            return inst
        lead = art.text[max(0, pos - 12) : pos].lower().split()
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
        gap = art.text[pos : hit.start].lower().split()
        if not any(w in gap for w in ("after", "before", "since", "until", "following")):
            return inst
    if not before and _refers_back(art, sent, clause) and st.last_instrument is not None:
        return st.last_instrument
    return None


def _polity_list(
    art: Article, start: int, names: list[Name], day: int | None, sent: Sentence
) -> list[str]:
    """The run of states listed from ``start`` ("A, B and the C")."""
    out: list[str] = []
    pos = start
    for n in names:
        if n.kind != "polity" or n.match.start < start:
            continue
        gap = art.text[pos : n.match.start].strip().lower()
        if gap not in ("", ",", "and", ", and", "the", ", the", "and the", ", and the"):
            break
        out.append(art.index.polity_at(n.match.ids, day))
        pos = n.match.end
    return out
