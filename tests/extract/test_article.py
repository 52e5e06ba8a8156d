"""Segmentation: sentences never span a paragraph break, and cover the text in order."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from terrachron.extract.article import split_sentences
from terrachron.extract.names import shared_nlp

PIECES = st.sampled_from(
    ["Russia sold Alaska.", " ", "\n", "\n\n", "It was 1867", ". ", "Mr. Seward agreed", "?"]
)


@settings(max_examples=60, deadline=None)
@given(st.lists(PIECES, max_size=10).map("".join))
def test_sentences_are_ordered_and_never_cross_a_line_break(text: str) -> None:
    doc = shared_nlp()(text)
    sentences = split_sentences(doc, text)
    ends = [0]
    for s in sentences:
        assert ends[-1] <= s.start < s.end <= len(text)
        assert "\n" not in text[s.start : s.end]
        assert text[s.start : s.end].strip()
        ends.append(s.end)
    paragraphs = [s.paragraph for s in sentences]
    assert paragraphs == sorted(paragraphs)
    # Every character but white space is in some sentence.
    covered = "".join(text[s.start : s.end] for s in sentences)
    assert "".join(covered.split()) == "".join(text.split())


def test_the_parser_does_not_end_a_sentence_at_an_abbreviation() -> None:
    from terrachron.extract.model import shared_english

    text = (
        "In 1703 Gen. Menshikov took the land at the mouth of the Neva, where St. Petersburg "
        "was founded. Sweden ceded it in 1721.\nMt. Elbrus lies elsewhere."
    )
    sentences = split_sentences(shared_english()(text), text)
    assert [text[s.start : s.end] for s in sentences] == [
        "In 1703 Gen. Menshikov took the land at the mouth of the Neva, where St. Petersburg "
        "was founded.",
        "Sweden ceded it in 1721.",
        "Mt. Elbrus lies elsewhere.",
    ]
    assert [s.paragraph for s in sentences] == [0, 0, 1]
