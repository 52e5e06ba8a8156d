"""The name indexes of the ledgers extraction has read against, kept by content and bounded by size.

Building a :class:`~terrachron.extract.names.NameIndex` takes a second or more (the world
ledger's five thousand places, plus every CLDR state), so an :class:`Extractor` made again for
the same ledger should reuse it. The cache is keyed by the ledger's content hash, not by the
ledger object: it never keeps a ledger (its geometries, its caches) alive, and two loads of the
same folder share one index. It is bounded by the number of names it holds rather than by a
count of ledgers, since one world index weighs as much as a hundred small ones (measured: 1,196
names for the bundled Japan–Russia ledger, 11,114 for the world ledger).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import TYPE_CHECKING

from terrachron.extract.names import NameIndex

if TYPE_CHECKING:
    from terrachron.query import Ledger

__all__ = ["DEFAULT_BUDGET", "IndexCache", "build_index", "shared_indexes"]

DEFAULT_BUDGET = 25_000
"""Names held across all cached indexes: two world-sized indexes, or many small ones."""


def _aliases(aliases: dict[str, list[str]]) -> list[str]:
    return [a for per_language in aliases.values() for a in per_language]


def build_index(ledger: Ledger | None) -> NameIndex:
    """The name index of ``ledger``'s places, groups and polities (and the world's states)."""
    if ledger is None:
        return NameIndex.from_records({}, {}, {})
    places = {p.id: (p.names, _aliases(p.aliases)) for p in ledger.places.values()}
    groups = {g.id: (g.names, _aliases(g.aliases), g.members) for g in ledger.groups.values()}
    return NameIndex.from_records(places, groups, dict(ledger.polities))


class IndexCache:
    """Name indexes by ledger content hash, least recently used first out, bounded in names.

    Parameters
    ----------
    budget : int
        The most names the cached indexes may hold together. The index asked for last is
        always kept, even alone over the budget, so that a large ledger is not rebuilt for
        every article.
    """

    def __init__(self, budget: int = DEFAULT_BUDGET) -> None:
        self.budget = budget
        self._lock = threading.Lock()
        self._held: OrderedDict[str, NameIndex] = OrderedDict()

    def get(self, ledger: Ledger | None) -> NameIndex:
        """The index of ``ledger``, built on first use (no ledger: the world's states only)."""
        key = ledger.content_hash if ledger is not None else "-"
        with self._lock:
            found = self._held.get(key)
            if found is not None:
                self._held.move_to_end(key)
                return found
        # Built outside the lock: two threads may both build a new ledger's index once, which
        # costs less than making every other reader wait for it.
        index = build_index(ledger)
        with self._lock:
            self._held[key] = index
            self._held.move_to_end(key)
            while len(self._held) > 1 and self.names > self.budget:
                self._held.popitem(last=False)
        return index

    @property
    def names(self) -> int:
        """How many names the cached indexes hold together."""
        return sum(index.size for index in self._held.values())

    def __len__(self) -> int:
        return len(self._held)

    def __contains__(self, ledger: object) -> bool:
        key = getattr(ledger, "content_hash", "-" if ledger is None else None)
        return key in self._held


shared_indexes = IndexCache()
"""The cache every :class:`~terrachron.extract.Extractor` uses."""
