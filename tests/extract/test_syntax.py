"""Effects from the dependency parse (terrachron.extract.syntax): roles, passive, coordinated
objects, the light coreference rule, and how the parse and the cue table are weighed."""

from __future__ import annotations

import pytest

from terrachron.extract import Document, Extractor
from terrachron.extract.discourse import Discourse
from terrachron.extract.pipeline import read_article
from terrachron.extract.syntax import ParsedEffect, PlaceRef, parse_confidence, read_parse


def parsed(ex: Extractor, text: str) -> list[ParsedEffect]:
    art = read_article(ex.index, Document.from_text(text, "2020-01-01"))
    return read_parse(art, Discourse(context_day=None))


def keys(ex: Extractor, text: str) -> set[tuple[str, str, str]]:
    return {p.key for p in parsed(ex, text)}


def effects(ex: Extractor, text: str) -> dict[tuple[str, str, str], float]:
    draft = ex.extract(Document.from_text(text, "2020-01-01"))
    new = {e.id: f"new:{e.id}" for e in (*draft.places, *draft.polities) if e.status == "new"}
    return {
        (e.op, new.get(t, t), new.get(e.principal or "-", e.principal or "-")): (
            e.evidence.confidence
        )
        for _, e in draft.effects
        for t in e.targets
    }


def test_active_passive_and_intransitive_roles(ref_extractor: Extractor) -> None:
    assert ("transfer", "alaska", "united-states") in keys(
        ref_extractor, "In 1867 Russia sold Alaska to the United States."
    )
    assert ("transfer", "alaska", "united-states") in keys(
        ref_extractor, "In 1867 Alaska was sold by Russia to the United States."
    )
    assert ("transfer", "alaska", "united-states") in keys(
        ref_extractor, "In 1867 the United States bought Alaska from Russia."
    )
    assert ("transfer", "arica", "chile") in keys(
        ref_extractor, "In 1929 Arica passed for good to Chile."
    )


def test_the_giver_comes_from_the_subject_or_the_from_phrase(ref_extractor: Extractor) -> None:
    sold = next(
        p for p in parsed(ref_extractor, "In 1867 Russia sold Alaska to the United States.")
    )
    assert sold.from_ == "russian-empire"
    bought = parsed(ref_extractor, "In 1867 the United States bought Alaska from Russia.")
    assert bought[0].from_ == "russian-empire"


def test_coordinated_objects_each_get_the_effect(ref_extractor: Extractor) -> None:
    got = keys(
        ref_extractor, "In 1890 Britain ceded the islands of Sylt, Amrum and Foehr to Germany."
    )
    assert {p for _, p, _ in got} >= {"sylt", "amrum", "foehr"}
    got = keys(ref_extractor, "On 19 December 1961 Indian troops occupied Goa, Daman and Diu.")
    assert {("occupy", p, "india") for p in ("goa", "daman", "diu")} <= got


def test_sovereignty_over_a_place_and_a_demonym_recipient(ref_extractor: Extractor) -> None:
    text = "In 1898 Dole handed sovereignty over Oahu to the American minister."
    assert ("transfer", "oahu", "united-states") in keys(ref_extractor, text)


def test_what_did_not_happen_is_no_effect(ref_extractor: Extractor) -> None:
    for text in (
        "Analysts said in 2013 that Russia could annex Crimea.",
        "In 1867 Russia did not sell Alaska to the United States.",
        "In 1990 Peru demanded that Chile return Arica to Peru.",
        "In 1990 Chile refused to return Arica to Peru.",
    ):
        assert keys(ref_extractor, text) == set(), text


def test_it_and_the_island_stand_for_the_last_place_in_the_paragraph(
    ref_extractor: Extractor,
) -> None:
    text = "Heligoland lies off the coast. In 1807 Britain occupied it."
    assert ("occupy", "heligoland", "united-kingdom") in keys(ref_extractor, text)
    text = "Heligoland lies off the coast. In 1807 Britain occupied the island."
    found = [p for p in parsed(ref_extractor, text) if p.place.id == "heligoland"]
    assert [(p.place.via, p.place.distance) for p in found] == [("coreference", 1)]
    # Another paragraph: no antecedent, no effect.
    text = "Heligoland lies off the coast.\n\nIn 1807 Britain occupied the island."
    assert not [p for p in parsed(ref_extractor, text) if p.place.via == "coreference"]


def test_the_islands_stand_for_the_whole_list(ref_extractor: Extractor) -> None:
    text = "Hong Kong Island and Kowloon faced each other. In 1941 Japan occupied the islands."
    got = keys(ref_extractor, text)
    assert {("occupy", "hong-kong-island", "japan"), ("occupy", "kowloon", "japan")} <= got


def test_an_unknown_place_the_recogniser_finds_is_a_candidate(ref_extractor: Extractor) -> None:
    got = parsed(ref_extractor, "In 1914 Japan occupied Tsingtao.")
    assert [(p.key, p.place.via) for p in got] == [(("occupy", "tsingtao", "japan"), "ner")] or [
        (p.key, p.place.via) for p in got
    ] == [(("occupy", "tsingtao", "japan"), "name")]


def test_confidence_follows_the_evidence() -> None:
    verb = None  # the confidence reads only the place and the voice
    ref = {
        via: ParsedEffect(verb, "occupy", PlaceRef("x", via), None, "y", False)  # type: ignore[arg-type]
        for via in ("gazetteer", "ner", "name")
    }
    far = ParsedEffect(verb, "occupy", PlaceRef("x", "coreference", 2), None, "y", False)  # type: ignore[arg-type]
    near = ParsedEffect(verb, "occupy", PlaceRef("x", "coreference", 0), None, "y", False)  # type: ignore[arg-type]
    passive = ParsedEffect(verb, "occupy", PlaceRef("x", "gazetteer"), None, "y", True)  # type: ignore[arg-type]
    c = {k: parse_confidence(v) for k, v in ref.items()}
    assert c["gazetteer"] > c["ner"] > c["name"]
    assert parse_confidence(near) > parse_confidence(far)
    assert parse_confidence(passive) < c["gazetteer"]


def test_parse_and_cue_table_agreeing_raise_the_confidence(ref_extractor: Extractor) -> None:
    got = effects(ref_extractor, "On 30 March 1867 Russia sold Alaska to the United States.")
    assert got[("transfer", "alaska", "united-states")] == pytest.approx(0.9)


def test_only_the_parse_read_it_low_confidence_and_loose(ref_extractor: Extractor) -> None:
    text = (
        "By the Treaty of Lima of 3 June 1929 Tacna was returned to Peru while Arica passed "
        "for good to Chile."
    )
    got = effects(ref_extractor, text)
    assert ("transfer", "new:arica", "new:chile") in got
    assert got[("transfer", "new:arica", "new:chile")] < 0.5
