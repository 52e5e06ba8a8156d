"""Small helpers over words that every stage of the extractor uses."""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["clause_start", "find_word", "looks_like_day", "unique"]


def find_word(haystack: str, word: str) -> int:
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


def unique(items: Iterable[str]) -> list[str]:
    """``items`` without repeats, in the order they first come."""
    out: list[str] = []
    for i in items:
        if i not in out:
            out.append(i)
    return out


def looks_like_day(word: str) -> bool:
    """Whether a word is a day of the month ("17", "17,")."""
    return word.rstrip(",").isdigit() and len(word.rstrip(",")) <= 2


def clause_start(text: str, lo: int, pos: int) -> int:
    """Where the clause holding ``pos`` begins (after a semicolon or ", and"), at least ``lo``."""
    cut = max(text.rfind(";", lo, pos), text.rfind(", and ", lo, pos))
    return cut + 1 if cut >= 0 else lo
