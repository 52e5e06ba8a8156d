"""The article as the stages read it: text, tokens, sentences, dates and mentions, frozen.

Segmentation is the first stage: :func:`split_sentences` cuts the spaCy sentences again at
every line break, so that a sentence never spans two paragraphs. Everything found over the
whole text (dates, names, titles, cues, and the unknown places cues take) is held in one
:class:`Article`, which no stage changes; what changes from sentence to sentence is in
:class:`~terrachron.extract.discourse.Discourse`.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping
from dataclasses import dataclass, field

from spacy.tokens import Doc

from terrachron.dates import EdtfDate
from terrachron.extract.dates import DateMention
from terrachron.extract.mentions import CueHit, Name, Title
from terrachron.extract.names import NameIndex
from terrachron.extract.records import DraftEntity, Evidence

__all__ = ["Article", "Salience", "Sentence", "SentenceMentions", "split_sentences"]


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence: its character and token span, and the paragraph it is in."""

    start: int
    end: int
    token_start: int
    token_end: int
    paragraph: int


def split_sentences(doc: Doc, text: str) -> tuple[Sentence, ...]:
    """The sentences of ``doc``, cut again at line breaks; blank ones dropped."""
    out: list[Sentence] = []
    paragraph = 0

    def sentence(tok_start: int, tok_end: int, paragraph: int) -> Sentence:
        span = doc[tok_start:tok_end]
        return Sentence(span.start_char, span.end_char, tok_start, tok_end, paragraph)

    for sent in doc.sents:
        start_tok = sent.start
        for tok in sent:
            if "\n" in tok.text:
                if tok.i > start_tok:
                    out.append(sentence(start_tok, tok.i, paragraph))
                paragraph += 1
                start_tok = tok.i + 1
        if start_tok < sent.end:
            out.append(sentence(start_tok, sent.end, paragraph))
    return tuple(s for s in out if text[s.start : s.end].strip())


@dataclass(frozen=True)
class SentenceMentions:
    """The dates, names, titles and cues of one sentence."""

    dates: list[DateMention]
    names: list[Name]
    titles: list[Title]
    cues: list[CueHit]


@dataclass(frozen=True)
class Salience:
    """Unknown places the article is about, for pronouns and "the island" to stand for.

    Attributes
    ----------
    places : Mapping
        Id → (the candidate entity, every offset its name occurs at), for unknown names some
        cue takes as its place.
    entities : Mapping
        The candidate entities among ``described``.
    described : tuple
        ``(id, start, end)`` of each name a word for a kind of place marks ("the province of
        Hatay").
    """

    places: Mapping[str, tuple[DraftEntity, list[int]]] = field(default_factory=dict)
    entities: Mapping[str, DraftEntity] = field(default_factory=dict)
    described: tuple[tuple[str, int, int], ...] = ()


@dataclass(frozen=True)
class Article:
    """One document, read over its whole text before any sentence is read in turn."""

    text: str
    doc: Doc
    index: NameIndex
    published: EdtfDate | None
    token_starts: list[int]
    dates: list[DateMention]
    date_starts: list[int]
    sentences: tuple[Sentence, ...]
    sentence_starts: list[int]
    titles: list[Title]
    names: list[Name]
    cues: list[CueHit]
    salience: Salience = Salience()

    def evidence(self, start: int, end: int, sent: Sentence, confidence: float) -> Evidence:
        """The evidence of ``[start, end)`` in ``sent``."""
        return Evidence(
            start,
            end,
            self.text[start:end],
            (sent.start, sent.end),
            self.text[sent.start : sent.end],
            round(confidence, 2),
        )

    def token_at(self, char: int) -> int:
        """The index of the token holding character ``char``."""
        return max(0, bisect.bisect_right(self.token_starts, char) - 1)

    def words_before(self, char: int, n: int, floor: int) -> list[str]:
        """Up to ``n`` lower-case words before ``char``, nearest first, none before ``floor``."""
        i = self.token_at(char)
        out: list[str] = []
        j = i - 1
        while j >= 0 and len(out) < n and self.doc[j].idx >= floor:
            if not self.doc[j].is_space:
                out.append(self.doc[j].lower_)
            j -= 1
        return out

    def sentence_of(self, pos: int) -> Sentence:
        """The sentence holding ``pos`` (an empty one at ``pos`` when none does)."""
        i = bisect.bisect_right(self.sentence_starts, pos) - 1
        if i >= 0 and pos < self.sentences[i].end:
            return self.sentences[i]
        return Sentence(pos, pos, 0, 0, 0)
