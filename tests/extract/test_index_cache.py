"""The extractor's name indexes: shared by content, bounded in names, never holding a ledger."""

from __future__ import annotations

import gc
import weakref

import terrachron
from terrachron.extract import Extractor
from terrachron.extract.index_cache import IndexCache, build_index, shared_indexes

from ..conftest import MINI


def test_two_loads_of_one_ledger_share_one_index(mini: terrachron.Ledger) -> None:
    cache = IndexCache()
    first = cache.get(mini)
    again = terrachron.open_ledger(MINI)  # another object, the same content
    assert again is not mini
    assert cache.get(again) is first
    assert len(cache) == 1
    assert cache.names == first.size > 0


def test_the_index_is_the_ledgers_names(mini: terrachron.Ledger) -> None:
    index = IndexCache().get(mini)
    assert set(mini.places) <= set(index.entities)
    assert set(mini.polities) <= set(index.entities)
    assert index.entities.keys() == build_index(mini).entities.keys()


def test_the_budget_evicts_the_least_recently_used(
    mini: terrachron.Ledger, bundled: terrachron.Ledger
) -> None:
    roomy = IndexCache(budget=10**9)
    small, large = roomy.get(mini), roomy.get(bundled)
    assert len(roomy) == 2
    assert roomy.names == small.size + large.size

    # Room for the larger alone: asking for the small one again pushes the large one out.
    tight = IndexCache(budget=max(small.size, large.size))
    tight.get(bundled)
    tight.get(mini)
    assert mini in tight
    assert bundled not in tight
    assert tight.names <= tight.budget


def test_the_index_asked_for_last_stays_even_over_budget(bundled: terrachron.Ledger) -> None:
    cache = IndexCache(budget=0)
    index = cache.get(bundled)
    assert bundled in cache
    assert cache.names > cache.budget
    assert cache.get(bundled) is index  # not rebuilt for the next article


def test_the_cache_keeps_no_ledger_alive() -> None:
    cache = IndexCache()
    ledger = terrachron.open_ledger(MINI)
    cache.get(ledger)
    gone = weakref.ref(ledger)
    del ledger
    gc.collect()
    assert gone() is None
    assert len(cache) == 1


def test_extractors_share_the_cache(mini: terrachron.Ledger) -> None:
    assert Extractor(mini).index is shared_indexes.get(mini)
    assert Extractor(terrachron.open_ledger(MINI)).index is Extractor(mini).index
    assert Extractor(None).index is shared_indexes.get(None)
