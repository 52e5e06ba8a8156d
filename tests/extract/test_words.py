"""The word helpers every stage of the extractor uses."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from terrachron.extract.words import clause_start, find_word, looks_like_day, unique

WORDS = st.sampled_from(["and", "of", "to", "band", "Tof", "of,", "1867", " ", ", ", "\n"])


@given(st.lists(WORDS, max_size=12).map("".join), st.sampled_from(["and", "of", "to"]))
def test_find_word_is_the_first_whole_word_match(haystack: str, word: str) -> None:
    expected = re.search(rf"(?<![^\W_]){word}(?![^\W_])", haystack, re.IGNORECASE)
    assert find_word(haystack, word) == (expected.start() if expected else -1)


@given(st.lists(st.sampled_from("abcd"), max_size=10))
def test_unique_keeps_the_first_of_each_in_order(items: list[str]) -> None:
    out = unique(items)
    assert len(out) == len(set(items))
    assert out == sorted(set(items), key=items.index)


def test_days_and_clauses() -> None:
    assert looks_like_day("17,")
    assert not looks_like_day("1867")
    text = "Japan signed; later, Russia ceded it, and Japan took it"
    assert clause_start(text, 0, text.index("Russia")) == text.index(";") + 1
    assert clause_start(text, 0, len(text)) == text.index(", and ") + 1
    assert clause_start(text, 5, 6) == 5
