"""The search index: prefixes of any name, in any language or script, ranked."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import terrachron
from terrachron.errors import QueryError
from terrachron.gazetteer import fold_name
from terrachron.search import MAX_LIMIT, SearchIndex, search_index, transliterate


@pytest.fixture(scope="module")
def index(bundled: terrachron.Ledger) -> SearchIndex:
    return search_index(bundled)


def ids(index: SearchIndex, q: str, limit: int = 20) -> list[str]:
    return [h.id for h in index.search(q, limit)]


def test_the_index_is_built_once_per_ledger(bundled: terrachron.Ledger) -> None:
    assert search_index(bundled) is search_index(bundled)


@pytest.mark.parametrize(
    ("query", "place", "language"),
    [
        ("etor", "etorofu", "en"),
        ("ETOROFU-TŌ", "etorofu", "en"),
        ("Итур", "etorofu", "ru"),
        ("итуруп", "etorofu", "ru"),
        ("iturup", "etorofu", "en"),
        ("択捉", "etorofu", "ja"),
        ("кунаш", "kunashiri", "ru"),
        ("国後", "kunashiri", "ja"),
    ],
)
def test_a_prefix_in_any_language_finds_the_place(
    index: SearchIndex, query: str, place: str, language: str
) -> None:
    hit = index.search(query)[0]
    assert (hit.kind, hit.id) == ("place", place)
    assert hit.language == language
    assert fold_name(hit.name).startswith(fold_name(query)) or transliterate(
        fold_name(hit.name)
    ).startswith(transliterate(fold_name(query)))


def test_a_latin_query_finds_a_name_written_only_in_cyrillic() -> None:
    # Through the transliteration alone: the record has no Latin name that begins so.
    ledger = terrachron.open_ledger()
    index = SearchIndex(ledger)
    assert transliterate(fold_name("Советский Союз")) == "sovetskii soiuz"
    hits = index.search("sovetsk")
    assert [(h.kind, h.id, h.language) for h in hits] == [("polity", "soviet-union", "ru")]


def test_a_word_inside_a_name_matches_after_the_names_that_begin_with_it(
    index: SearchIndex,
) -> None:
    found = ids(index, "sakhalin")
    assert "south-sakhalin" in found
    assert "north-sakhalin" in found
    hits = index.search("sakhalin")
    starts = [h.exact or fold_name(h.name).startswith("sakhalin") for h in hits]
    assert starts == sorted(starts, reverse=True)


def test_polities_are_found_with_a_box_of_what_they_last_held(
    bundled: terrachron.Ledger, index: SearchIndex
) -> None:
    hit = next(h for h in index.search("japan") if h.kind == "polity")
    assert hit.id == "japan"
    assert hit.exact
    assert hit.names["ja"] == "日本"
    # Japan controls Hokkaido today, and not the islands it claims.
    west, south, east, north = hit.bbox or (0, 0, 0, 0)
    hokkaido = bundled.geometries["hokkaido"].bounds
    assert (west, south) <= hokkaido[:2]
    assert east < bundled.geometries["etorofu"].bounds[0]
    assert north >= hokkaido[3]


def test_an_exact_name_comes_first(index: SearchIndex) -> None:
    assert index.search("Kunashiri")[0].exact
    assert index.search("Kunashiri")[0].id == "kunashiri"


def test_nothing_matches_nonsense(index: SearchIndex) -> None:
    assert index.search("zzzq") == []


@pytest.mark.parametrize("limit", [0, MAX_LIMIT + 1])
def test_a_limit_out_of_range_is_refused(index: SearchIndex, limit: int) -> None:
    with pytest.raises(QueryError, match="limit"):
        index.search("a", limit)


def test_a_query_without_letters_is_refused(index: SearchIndex) -> None:
    with pytest.raises(QueryError, match="no letters") as info:
        index.search(" -- ")
    assert info.value.parameter == "q"


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_every_name_finds_its_record_exactly(
    bundled: terrachron.Ledger, index: SearchIndex, data: st.DataObject
) -> None:
    records = [
        *(("place", r) for r in bundled.places.values()),
        *(("group", r) for r in bundled.groups.values()),
        *(("polity", r) for r in bundled.polities.values()),
    ]
    kind, rec = data.draw(st.sampled_from(records))
    name = data.draw(st.sampled_from(rec.all_names()))
    hits = index.search(name, MAX_LIMIT)
    assert (kind, rec.id) in {(h.kind, h.id) for h in hits if h.exact}
    # Any prefix of it finds the record too (the whole index, so no ranking cuts it off).
    cut = data.draw(st.integers(1, len(fold_name(name))))
    prefix = fold_name(name)[:cut]
    if fold_name(prefix):
        assert (kind, rec.id) in {(h.kind, h.id) for h in index.search(prefix, MAX_LIMIT)}
