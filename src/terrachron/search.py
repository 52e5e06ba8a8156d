"""Finding places, groups and polities by the start of any of their names, in any language.

The gazetteer (:mod:`terrachron.gazetteer`) resolves a whole name to ids; a search box needs
more: every record whose name *begins* with what was typed so far, ranked, with the name that
matched and its language. :class:`SearchIndex` is built once per ledger (a sorted list of
folded keys, searched by bisection), so a query on the world ledger's thousands of records costs
a few binary searches rather than a scan.

What matches
------------
Names and aliases are folded as the gazetteer folds them (case, width, accents and punctuation
ignored). A query matches a name when it is a prefix of the whole name or of one of its words
("sakh" finds "South Sakhalin"). Cyrillic is also keyed by a Latin transliteration, and a
Cyrillic query is transliterated too, so "iturup" finds "Итуруп" and "Итуруп" finds
"Iturup". Japanese names match as written (a kanji or kana prefix); their romanisations match
through the Latin aliases the ledger records (Etorofu, Etorofu-tō).

Where to fly
------------
A place's box is its geometry's bounds; a group's, the union of its members'; a polity's, the
bounds of the largest place it controlled (de facto) on the last day it controlled any, so
that a search for a state flies to its latest core land rather than to every land it ever
held or to the span of its overseas territories.
"""

from __future__ import annotations

import bisect
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np

from terrachron.errors import QueryError
from terrachron.gazetteer import fold_name

if TYPE_CHECKING:
    from terrachron.query import Ledger

__all__ = ["MAX_LIMIT", "BBox", "SearchHit", "SearchIndex", "search_index", "transliterate"]

Kind = Literal["place", "group", "polity"]
BBox = tuple[float, float, float, float]
"""West, south, east, north in WGS84 degrees."""

MAX_LIMIT = 100
"""The most hits one search returns."""

# A plain scientific-style transliteration of the Russian alphabet, enough to key Cyrillic
# names by Latin letters; it is a search aid, not a romanisation standard.
_CYRILLIC = dict(
    zip(
        "абвгдежзийклмнопрстуфхцчшщъыьэюя",
        [
            "a", "b", "v", "g", "d", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p",
            "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "iu", "ia",
        ],
        strict=True,
    )
)  # fmt: skip

_KIND_RANK: dict[str, int] = {"polity": 0, "group": 1, "place": 2}
"""Polities first: in an imported world a state's name also names many faces ("France (7)")."""


def transliterate(key: str) -> str:
    """A folded key with its Cyrillic letters written in Latin ones (others unchanged)."""
    return "".join(_CYRILLIC.get(c, c) for c in key)


@dataclass(frozen=True)
class SearchHit:
    """One record found by a search.

    Attributes
    ----------
    kind : {"place", "group", "polity"}
    id : str
        The record's id.
    name : str
        The name or alias that matched, as the ledger writes it.
    language : str or None
        The language of that name (None when the id itself matched).
    names : dict of str to str
        The record's names per language.
    bbox : tuple of float or None
        West, south, east, north to fly to; None when the ledger has no geometry for it.
    exact : bool
        The query is the whole name (after folding), not only its beginning.
    """

    kind: Kind
    id: str
    name: str
    language: str | None
    names: dict[str, str]
    bbox: BBox | None
    exact: bool


@dataclass(frozen=True)
class _Entry:
    kind: Kind
    id: str
    name: str
    language: str | None
    key: str
    """The folded whole name (ranks an exact match first)."""


class SearchIndex:
    """Every name of every place, group and polity of a ledger, keyed for prefix search."""

    def __init__(self, ledger: Ledger) -> None:
        self._ledger = ledger
        entries: list[_Entry] = []
        records: list[tuple[Kind, Iterable[object]]] = [
            ("place", ledger.places.values()),
            ("group", ledger.groups.values()),
            ("polity", ledger.polities.values()),
        ]
        for kind, table in records:
            for rec in table:
                rid = str(getattr(rec, "id"))  # noqa: B009 (the three record types share it)
                names: Mapping[str, str] = getattr(rec, "names")  # noqa: B009
                aliases: Mapping[str, list[str]] = getattr(rec, "aliases")  # noqa: B009
                entries.append(_Entry(kind, rid, rid, None, fold_name(rid)))
                for lang, name in names.items():
                    entries.append(_Entry(kind, rid, name, lang, fold_name(name)))
                for lang, group in aliases.items():
                    entries.extend(_Entry(kind, rid, a, lang, fold_name(a)) for a in group)
        keyed: list[tuple[str, int]] = []
        for i, entry in enumerate(entries):
            if not entry.key:
                continue
            words = entry.key.split(" ")
            # Every word start of the folded name, and of its transliteration when it differs.
            for key in {entry.key, transliterate(entry.key)}:
                for w in range(len(words)):
                    keyed.append((" ".join(key.split(" ")[w:]), i))
        keyed.sort()
        self._keys = [k for k, _ in keyed]
        self._refs = [i for _, i in keyed]
        self._entries = entries
        self._boxes: dict[tuple[str, str], BBox | None] = {}
        self._polity_boxes: dict[str, BBox] | None = None
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """The records with a name or alias beginning with ``query``, best first.

        An exact name comes before a name that only begins with the query, the start of a name
        before the start of a later word, a polity before a group before a place, then shorter
        names first and ids in order.

        Raises
        ------
        QueryError
            ``query`` is empty once folded, or ``limit`` is not between 1 and :data:`MAX_LIMIT`.
        """
        if not 1 <= limit <= MAX_LIMIT:
            raise QueryError(f"limit must be between 1 and {MAX_LIMIT}", parameter="limit")
        folded = fold_name(query)
        if not folded:
            raise QueryError(
                f"the query {query!r} has no letters or digits to search for", parameter="q"
            )
        best: dict[tuple[str, str], tuple[tuple[int, int, int, int, int, int, str], _Entry]] = {}
        for key in dict.fromkeys((folded, transliterate(folded))):
            lo = bisect.bisect_left(self._keys, key)
            hi = bisect.bisect_left(self._keys, key + "\U0010ffff")
            for pos in range(lo, hi):
                entry = self._entries[self._refs[pos]]
                exact = entry.key == key or transliterate(entry.key) == key
                at_start = entry.key.startswith(key) or transliterate(entry.key).startswith(key)
                rank = (
                    0 if exact else 1,
                    0 if at_start else 1,
                    _KIND_RANK[entry.kind],
                    # The name as written before a name met through its transliteration.
                    0 if folded in entry.key else 1,
                    # A name a reader would recognise before the id that spells it as a slug.
                    1 if entry.language is None else 0,
                    len(entry.name),
                    entry.id,
                )
                ident = (entry.kind, entry.id)
                if ident not in best or rank < best[ident][0]:
                    best[ident] = (rank, entry)
        ranked = sorted(best.values(), key=lambda item: item[0])[:limit]
        return [self._hit(entry, rank[0] == 0) for rank, entry in ranked]

    def _hit(self, entry: _Entry, exact: bool) -> SearchHit:
        led = self._ledger
        table = {"place": led.places, "group": led.groups, "polity": led.polities}[entry.kind]
        names = dict(table[entry.id].names)
        return SearchHit(
            entry.kind,
            entry.id,
            entry.name,
            entry.language,
            names,
            self.bbox(entry.kind, entry.id),
            exact,
        )

    def bbox(self, kind: Kind, rid: str) -> BBox | None:
        """The box to fly to for a record (see the module's "Where to fly")."""
        ident = (kind, rid)
        if ident not in self._boxes:
            if kind == "place":
                box = _bounds([rid], self._ledger)
            elif kind == "group":
                box = _bounds(self._ledger.groups[rid].members, self._ledger)
            else:
                box = self._polities().get(rid)
            with self._lock:
                self._boxes[ident] = box
        return self._boxes[ident]

    def _polities(self) -> dict[str, BBox]:
        with self._lock:
            if self._polity_boxes is None:
                self._polity_boxes = _polity_boxes(self._ledger)
            return self._polity_boxes


def _bounds(places: Iterable[str], ledger: Ledger) -> BBox | None:
    from terrachron.geo.bounds import wrapped_bounds

    geoms = ledger.geometries
    # Across 180° when that is the smaller box (Russia, Fiji): west > east, as RFC 7946 has it.
    return wrapped_bounds(geoms[p] for p in places if p in geoms)


def _polity_boxes(ledger: Ledger) -> dict[str, BBox]:
    """Each polity's box: the largest place it controlled on the last day it controlled any."""
    from terrachron.dates import OPEN_END
    from terrachron.geo.timetable import HOLDER_SEPARATOR

    tt = ledger.locator("de-facto").timetable
    areas = ledger.place_areas
    # Each period's place rank and last day (the day before the next period of its place).
    n_periods = len(tt.starts)
    rank = np.repeat(np.arange(len(tt.places)), np.diff(tt.place_off))
    ends = np.empty(n_periods, dtype=np.int64)
    ends[:-1] = tt.starts[1:] - 1
    last_of_place = tt.place_off[1:] - 1
    ends[last_of_place[last_of_place >= 0]] = OPEN_END
    held: dict[str, list[tuple[int, int, int]]] = {}
    for code, holders in enumerate(tt.holders):
        periods = np.flatnonzero(tt.controller == code)
        if not len(periods):
            continue  # a title holder or claimant only: it controlled nothing
        for pid in holders.split(HOLDER_SEPARATOR):
            held.setdefault(pid, []).extend(
                zip(
                    tt.starts[periods].tolist(),
                    ends[periods].tolist(),
                    rank[periods].tolist(),
                    strict=True,
                )
            )
    out: dict[str, BBox] = {}
    for pid, spans in held.items():
        last = max(end for _, end, _ in spans)
        at = [tt.places[r] for start, end, r in spans if start <= last <= end]
        # The largest of them: an empire's or a republic's overseas lands would stretch the
        # box over the world, and the map would fly nowhere in particular.
        box = _bounds([max(at, key=lambda p: (areas.get(p, 0.0), p))], ledger) if at else None
        if box is not None:
            out[pid] = box
    return out


_INDEX_KEY = "terrachron.search"


def search_index(ledger: Ledger) -> SearchIndex:
    """The ledger's search index, built on first use and kept with the ledger."""
    return ledger.derived(_INDEX_KEY, lambda: SearchIndex(ledger))
