"""Text → draft ledger entries: the extraction pipeline, stage by stage.

Each document is read once by spaCy's trained English pipeline (:mod:`.model`: tokens, tags,
dependency parse, sentences, named entities), with a :class:`~spacy.matcher.PhraseMatcher` for
every gazetteer name and a :class:`~spacy.matcher.Matcher` for the cue phrases of effects, plus
the date grammar of :mod:`.dates` and the title patterns of :mod:`.patterns`. The gazetteer and
the date grammar decide ids and EDTF; the parse decides roles and sentence ends. It runs
offline and gives the same draft for the same input every time.

The stages, per article, each a module:

1. segmentation (:mod:`.article`): the parser's sentences, cut again at paragraph breaks;
2. mentions (:mod:`.mentions`): dates, names, instrument titles and cue phrases, found over
   the whole text, and the unknown places cues take (:mod:`.candidates`);
3. each sentence in turn (:func:`read_sentence`): titles become instruments
   (:mod:`.instruments`), cues become effects (:mod:`.effects`) whose roles are read from the
   words around the cue (:mod:`.roles`), and "it", "them" or "the territory" are resolved
   against what the text was about so far (:mod:`.discourse`);
4. the parse (:mod:`.syntax`): every verb of a territorial act is read from its dependents,
   and confirms, doubts or adds to the effects of step 3;
5. assembly (:mod:`.assembly`): instruments that name the same thing are merged, and each is
   linked to the ledger's instrument it names, if any (:mod:`.link`).

Every record but the :class:`~terrachron.extract.discourse.Discourse` of the reading is frozen.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from spacy.tokens import Doc

from terrachron.extract.article import Article, Sentence, SentenceMentions, split_sentences
from terrachron.extract.assembly import LedgerView, assemble
from terrachron.extract.candidates import salience
from terrachron.extract.dates import find_dates, mid_day
from terrachron.extract.discourse import Discourse, OpenInstrument, polity
from terrachron.extract.effects import read_effect
from terrachron.extract.index_cache import shared_indexes
from terrachron.extract.instruments import read_instrument
from terrachron.extract.link import title_tokens
from terrachron.extract.mentions import Name, find_cues, find_names, find_titles
from terrachron.extract.model import shared_english
from terrachron.extract.names import NameIndex, fold_token
from terrachron.extract.reader import Document
from terrachron.extract.records import Extraction
from terrachron.extract.roles import agent_noun_after, eligible_subject, venue_of_place
from terrachron.extract.syntax import read_parse, weigh
from terrachron.query import Ledger

__all__ = ["Extractor", "Reading", "read_article", "read_sentence"]


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
        self.index = shared_indexes.get(ledger)
        expand: dict[str, frozenset[str]] = {}
        words: set[str] = set()
        for entity in self.index.entities.values():
            if entity.kind == "polity" and entity.known:
                for name in entity.names.values():
                    words.update(title_tokens(name))
        self.polity_words = frozenset(words)
        if ledger is not None:
            for gid, group in ledger.groups.items():
                expand[gid] = frozenset(group.members)
            for pid in ledger.places:
                expand[pid] = frozenset({pid})
        self._view = LedgerView(
            ledger,
            tuple(ledger.instruments.values()) if ledger is not None else (),
            expand,
            self.polity_words,
        )

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
        return self.read(document).extraction

    def extract_many(self, documents: Iterable[Document]) -> Iterator[Extraction]:
        """Read many documents, parsing them in batches (``nlp.pipe``), one draft each.

        Parameters
        ----------
        documents : iterable of Document

        Yields
        ------
        Extraction
            One per document, in order.
        """
        pending = list(documents)
        docs = shared_english().pipe(d.text for d in pending)
        for document, doc in zip(pending, docs, strict=True):
            yield self.read(document, doc).extraction

    def read(self, document: Document, doc: Doc | None = None) -> Reading:
        """Read one document and keep what each stage produced, for diagnosing a draft.

        Parameters
        ----------
        document : Document
        doc : spacy.tokens.Doc, optional
            The text as the English pipeline parsed it, when parsed already.

        Returns
        -------
        Reading
            The article with its mentions, the discourse state after the last sentence, and
            the draft :meth:`extract` returns.
        """
        art = read_article(self.index, document, doc)
        st = Discourse(context_day=art.published.lo if art.published else None)
        for sent, found in zip(art.sentences, _by_sentence(art), strict=True):
            read_sentence(art, st, sent, found)
        weigh(art, st, read_parse(art, st))
        # Assembly merges open instruments in place: keep what the sentences drafted first.
        opened = tuple(
            replace(
                i,
                aliases=list(i.aliases),
                parties=list(i.parties),
                effects=list(i.effects),
                more_dates=dict(i.more_dates),
            )
            for i in st.drafts.instruments
        )
        return Reading(art, st, opened, assemble(art, st.drafts, self._view, document))


@dataclass(frozen=True)
class Reading:
    """What each stage produced for one document.

    Attributes
    ----------
    article : Article
        Sentences and mentions.
    discourse : Discourse
        The state after the last sentence, with the drafts collected.
    opened : tuple of OpenInstrument
        The instruments as the sentences drafted them, before assembly merged and linked them.
    extraction : Extraction
        The draft.
    """

    article: Article
    discourse: Discourse
    opened: tuple[OpenInstrument, ...]
    extraction: Extraction


def read_article(index: NameIndex, document: Document, doc: Doc | None = None) -> Article:
    """Segment a document and find its mentions: the stages before any sentence is read.

    ``doc`` is the document as the English pipeline parsed it, when the caller parsed many at
    once (:meth:`Extractor.extract_many`); without it the text is parsed here.
    """
    text = document.text
    if doc is None:
        doc = shared_english()(text)
    for token in doc:
        token.norm_ = fold_token(token.text)
    dates = find_dates(text, document.published)
    titles = find_titles(text, index)
    sentences = split_sentences(doc, text)
    art = Article(
        text=text,
        doc=doc,
        index=index,
        published=document.published,
        token_starts=[t.idx for t in doc],
        dates=dates,
        date_starts=[d.start for d in dates],
        sentences=sentences,
        sentence_starts=[s.start for s in sentences],
        titles=titles,
        names=find_names(text, doc, index, titles),
        cues=find_cues(text, doc),
    )
    return replace(art, salience=salience(art))


def _by_sentence(art: Article) -> list[SentenceMentions]:
    """Sort dates, names, titles and cues into their sentences, once (not per sentence)."""
    out = [SentenceMentions([], [], [], []) for _ in art.sentences]

    def slot(pos: int) -> SentenceMentions | None:
        i = bisect.bisect_right(art.sentence_starts, pos) - 1
        if i < 0 or pos >= art.sentences[i].end:
            return None
        return out[i]

    for d in art.dates:
        if (s := slot(d.start)) is not None:
            s.dates.append(d)
    for n in art.names:
        if (s := slot(n.match.start)) is not None:
            s.names.append(n)
    for t in art.titles:
        if (s := slot(t.start)) is not None:
            s.titles.append(t)
    for c in art.cues:
        if (s := slot(c.start)) is not None:
            s.cues.append(c)
    return out


def read_sentence(art: Article, st: Discourse, sent: Sentence, found: SentenceMentions) -> None:
    """Read one sentence: its places and instruments, the effects of its cues, and who
    "it" is next."""
    st.sentence_index += 1
    st.paragraph = sent.paragraph
    dates, names = found.dates, found.names
    # Places named (not inside a title) are mentions; polities are resolved by the date.
    for n in names:
        if n.kind != "polity" and not n.in_title:
            count = st.place_counts.get(n.id, (0, 0))[0]
            st.place_counts[n.id] = (count + 1, n.match.start)
            if art.index.entities[n.id].known:
                # A place the ledger lacks (Guam, from CLDR) is drafted only as the place
                # of an effect, like any other unknown name.
                st.drafts.place_uses.setdefault(
                    n.id, art.evidence(n.match.start, n.match.end, sent, 0.9)
                )
    sentence_insts: list[tuple[int, OpenInstrument]] = []
    for t in found.titles:
        inst = read_instrument(art, st, t, found, sent)
        if inst is not None:
            sentence_insts.append((t.start, inst))
    acts = st.acts
    for cue in found.cues:
        read_effect(art, st, cue, found, sent, sentence_insts)
    _note_polities(art, st, sent, names)
    subjects = [
        n
        for n in names
        if n.kind == "polity"
        and not n.in_title
        and (not n.match.via_demonym or agent_noun_after(art, n))
        and eligible_subject(art, n, names, sent)
    ]
    if subjects and st.acts == acts:
        # No act read here ("France ... gave way."): the subject is who "it" is next.
        st.last_agent = polity(art, st, subjects[0], sent)
        st.last_agent_paragraph = st.paragraph
    if dates:
        st.context_day = mid_day(dates[-1])


def _note_polities(art: Article, st: Discourse, sent: Sentence, names: list[Name]) -> None:
    """Every polity the sentence names as an actor, with its first evidence."""
    for n in names:
        if n.kind == "polity" and not n.match.via_demonym and not n.in_title:
            if venue_of_place(art, n, names, sent):
                continue  # a venue ("held in Singapore", "in Tokyo or Moscow"), no actor
            if n.match.start in st.as_place:
                continue  # "Spain ceded ... the Philippines": the land, not a state
            pid = polity(art, st, n, sent)
            st.drafts.polity_uses.setdefault(
                pid, art.evidence(n.match.start, n.match.end, sent, 0.9)
            )
