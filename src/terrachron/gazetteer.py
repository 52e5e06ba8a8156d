"""Finding places, groups and polities by any name or alias, in any language or script.

Names are folded before comparison: Unicode NFKC, case-folded, diacritics stripped, punctuation
and spaces collapsed, so "Etorofu-tō", "etorofu to" and "ETOROFU TO" meet. Misspellings get
suggestions from rapidfuzz.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rapidfuzz import fuzz, process

__all__ = ["Gazetteer", "fold_name"]


def fold_name(text: str) -> str:
    """The comparison key of a name: case-, width-, accent- and punctuation-insensitive."""
    text = unicodedata.normalize("NFKC", text).casefold()
    decomposed = unicodedata.normalize("NFD", text)
    # Strip combining marks except the Japanese (han)dakuten, which change the syllable.
    stripped = "".join(
        c for c in decomposed if not (unicodedata.combining(c) and c not in "\u3099\u309a")
    )
    stripped = unicodedata.normalize("NFC", stripped).replace("ё", "е")
    return re.sub(r"[\s\-_'’.,·・]+", " ", stripped).strip()


@dataclass(frozen=True)
class Gazetteer:
    """An index of names to ids, built from ``{id: [names...]}``."""

    index: Mapping[str, frozenset[str]]
    display: Mapping[str, str]

    @classmethod
    def build(cls, names: Mapping[str, Iterable[str]]) -> Gazetteer:
        """Index every name of every id (the id itself included)."""
        index: dict[str, set[str]] = {}
        display: dict[str, str] = {}
        for rid, aliases in names.items():
            for name in (rid, *aliases):
                key = fold_name(name)
                if key:
                    index.setdefault(key, set()).add(rid)
                    display.setdefault(key, name)
        return cls({k: frozenset(v) for k, v in index.items()}, display)

    def lookup(self, name: str) -> frozenset[str]:
        """The ids whose names match ``name`` exactly after folding (possibly several)."""
        return self.index.get(fold_name(name), frozenset())

    def suggest(self, name: str, limit: int = 3) -> list[str]:
        """Names close to ``name``, for a "did you mean" message."""
        key = fold_name(name)
        if not key:
            return []
        hits = process.extract(key, list(self.index), scorer=fuzz.WRatio, limit=limit * 3)
        out: list[str] = []
        for candidate, score, _ in hits:
            if score < 60:
                continue
            shown = self.display[candidate]
            if shown not in out:
                out.append(shown)
            if len(out) == limit:
                break
        return out
