"""Gazetteer resolution: every language and romanization, date-aware polities, candidates."""

from __future__ import annotations

import pytest

from terrachron.extract import Document, Extractor


@pytest.mark.parametrize("name", ["Etorofu", "Iturup", "択捉島", "Итуруп", "Etorofu-tō", "ETOROFU"])
def test_a_place_resolves_in_every_language(bundled_extractor: Extractor, name: str) -> None:
    draft = bundled_extractor.extract(Document.from_text(f"The island ({name}) lies east.", None))
    assert [p.id for p in draft.places] == ["etorofu"]
    assert draft.places[0].status == "linked"


def test_russia_in_1875_is_the_russian_empire(bundled_extractor: Extractor) -> None:
    draft = bundled_extractor.extract(
        Document.from_text("In 1875 Russia ceded the Kurils to Japan.", None)
    )
    (inst,) = draft.instruments
    (effect,) = inst.effects
    assert (effect.op, effect.group, effect.from_, effect.to) == (
        "cede",
        "kuril-islands",
        "russian-empire",
        "japan",
    )


def test_the_pronoun_us_is_not_the_united_states(bundled_extractor: Extractor) -> None:
    text = "Let us look at the US position in 1951."
    draft = bundled_extractor.extract(Document.from_text(text, None))
    assert [p.id for p in draft.polities] == ["united-states"]
    assert draft.polities[0].evidence.text == "US"


def test_unknown_states_become_candidates(bundled_extractor: Extractor) -> None:
    text = "Germany surrendered in May 1945, and Denmark stayed neutral."
    draft = bundled_extractor.extract(Document.from_text(text, None))
    found = {p.id: (p.status, p.code) for p in draft.polities}
    assert found["germany"] == ("new", "DE")
    assert found["denmark"] == ("new", "DK")


def test_a_world_name_must_be_capitalized(bundled_extractor: Extractor) -> None:
    draft = bundled_extractor.extract(Document.from_text("They chose reunion in 1935.", None))
    assert draft.polities == ()


def test_unknown_places_named_by_an_effect_become_candidates(ref_extractor: Extractor) -> None:
    text = "On 1 March 1994 South Africa handed over Walvis Bay and the Penguin Islands to Namibia."
    draft = ref_extractor.extract(Document.from_text(text, None))
    places = {p.id: p.status for p in draft.places}
    assert places == {"walvis-bay": "linked", "penguin-islands": "new"}
    targets = {t for _, e in draft.effects for t in e.targets}
    assert targets == {"walvis-bay", "penguin-islands"}


def test_compass_words_pick_the_part(bundled_extractor: Extractor) -> None:
    text = "Japan regained the southern half of Sakhalin in 1905."
    draft = bundled_extractor.extract(Document.from_text(text, None))
    assert [p.id for p in draft.places] == ["south-sakhalin"]


def test_former_states_are_candidates_with_their_lifespans() -> None:
    from terrachron.extract.names import NameIndex

    index = NameIndex.from_records({}, {}, {})
    (zanzibar,) = index.lookup("Sultanate of Zanzibar")
    entity = index.entities[zanzibar]
    assert (zanzibar, entity.known) == ("zanzibar", False)
    assert entity.lifespan is not None
    assert entity.lifespan.hi_iso is not None  # a former state: its lifespan ends
    assert index.lookup("USSR") == {"soviet-union"}
