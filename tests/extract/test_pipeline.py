"""Instruments, links and effects on short texts, and the seed article."""

from __future__ import annotations

import pytest

from terrachron.extract import Document, Extractor

from .conftest import SEED


def draft_of(ex: Extractor, text: str, published: str | None = None):  # type: ignore[no-untyped-def]
    return ex.extract(Document.from_text(text, published))


@pytest.mark.parametrize(
    "title",
    ["the Treaty of Saint Petersburg", "the Karafuto-Chishima Exchange Treaty"],
)
def test_mentions_link_to_the_ledger_instrument(bundled_extractor: Extractor, title: str) -> None:
    draft = draft_of(bundled_extractor, f"In 1875 {title} settled the frontier.")
    linked = [i for i in draft.instruments if i.status == "linked"]
    assert [i.id for i in linked] == ["saint-petersburg-treaty-1875"]


def test_a_parenthesized_alias_joins_its_title(bundled_extractor: Extractor) -> None:
    text = (
        "The Treaty of Saint Petersburg (Karafuto-Chishima Exchange Treaty) in 1875 gave "
        "all of the Kurils to Japan."
    )
    (inst,) = draft_of(bundled_extractor, text).instruments
    assert inst.id == "saint-petersburg-treaty-1875"
    assert inst.aliases == ("Karafuto-Chishima Exchange Treaty",)
    (effect,) = inst.effects
    # The giver is not in the sentence: it comes from the linked instrument's parties.
    assert (effect.op, effect.group, effect.from_, effect.to) == (
        "transfer",
        "kuril-islands",
        "russian-empire",
        "japan",
    )


def test_an_event_links_by_kind_date_and_parties(bundled_extractor: Extractor) -> None:
    text = "A summit meeting between Japan and Russia took place on January 22."
    (inst,) = draft_of(bundled_extractor, text, "2019-02-12").instruments
    assert (inst.id, inst.status, inst.date) == ("moscow-summit-2019", "linked", "2019-01-22")


def test_an_unknown_instrument_is_new(ref_extractor: Extractor) -> None:
    text = "The Budapest Memorandum of 5 December 1994 gave assurances to Ukraine."
    (inst,) = draft_of(ref_extractor, text).instruments
    assert (inst.status, inst.kind, inst.signed) == ("new", "agreement", "1994-12-05")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "In 1867 Russia sold Alaska to the United States.",
            ("transfer", "alaska", "united-states"),
        ),
        (
            "In 1867 the United States bought Alaska from Russia.",
            ("transfer", "alaska", "united-states"),
        ),
        ("Alaska was sold to the United States in 1867.", ("transfer", "alaska", "united-states")),
        ("Russia annexed Crimea on 18 March 2014.", ("annex", "crimea", "russia")),
        ("Russian forces occupied Crimea in February 2014.", ("occupy", "crimea", "russia")),
        ("Okinawa returned to Japan on 15 May 1972.", ("transfer", "okinawa", "japan")),
        ("the annexation of Crimea by Russia in 2014", ("annex", "crimea", "russia")),
    ],
)
def test_cue_words_give_effects_with_roles(
    ref_extractor: Extractor, text: str, expected: tuple[str, str, str]
) -> None:
    effects = [
        (e.op, t, e.principal) for _, e in draft_of(ref_extractor, text).effects for t in e.targets
    ]
    assert effects == [expected]


def test_a_renunciation_to_someone_is_a_transfer(bundled_extractor: Extractor) -> None:
    text = "In the treaty of 7 May 1875, Japan gave up its rights on Sakhalin to Russia."
    effects = [(e.op, e.group, e.principal) for _, e in draft_of(bundled_extractor, text).effects]
    assert effects == [("transfer", "sakhalin", "russian-empire")]


def test_evidence_points_at_the_phrase_and_its_sentence(ref_extractor: Extractor) -> None:
    text = "Intro line.\n\nIn 1867 Russia sold Alaska to the United States. Then nothing."
    draft = draft_of(ref_extractor, text)
    (_, effect) = draft.effects[0]
    ev = effect.evidence
    assert text[ev.start : ev.end] == "sold"
    assert text[ev.sentence[0] : ev.sentence[1]] == ev.sentence_text
    assert ev.sentence_text == "In 1867 Russia sold Alaska to the United States."
    assert 0 < ev.confidence <= 1


def test_extraction_is_deterministic(ref_extractor: Extractor) -> None:
    text = "In 1867 Russia sold Alaska to the United States. Germany watched."
    assert draft_of(ref_extractor, text) == draft_of(ref_extractor, text)


def test_no_ledger_means_every_name_is_a_candidate() -> None:
    draft = draft_of(Extractor(None), "Spain ceded Florida to the United States in 1821.")
    (inst,) = draft.instruments
    (effect,) = inst.effects
    assert (effect.op, effect.places, effect.to) == ("cede", ("florida",), "united-states")
    assert {p.status for p in (*draft.places, *draft.polities)} == {"new"}


@pytest.mark.skipif(not SEED.is_file(), reason="the seed article lives in ../shared/sources")
def test_the_seed_article_links_its_treaties(bundled_extractor: Extractor) -> None:
    doc = Document.from_text(SEED.read_text(encoding="utf-8"), "2019-02-12")
    draft = bundled_extractor.extract(doc)
    linked = {i.id for i in draft.instruments if i.status == "linked"}
    assert {"shimoda-treaty-1855", "saint-petersburg-treaty-1875", "yalta-agreement-1945"} <= linked


def test_a_year_dated_common_noun_points_back_to_its_instrument(ref_extractor: Extractor) -> None:
    text = (
        "On 1 July 1890, Britain and Germany signed the Heligoland-Zanzibar Treaty. "
        "In the 1890 treaty, Britain ceded Heligoland to Germany."
    )
    (inst,) = draft_of(ref_extractor, text).instruments
    assert inst.parties == ("united-kingdom", "germany")  # Zanzibar names the subject only
    assert [(e.op, e.targets, e.to) for e in inst.effects] == [("cede", ("heligoland",), "germany")]


def test_a_year_dated_common_noun_without_antecedent_is_an_instrument(
    ref_extractor: Extractor,
) -> None:
    draft = draft_of(ref_extractor, "In the 1814 treaty, Denmark ceded Heligoland to Britain.")
    (inst,) = draft.instruments
    assert (inst.kind, inst.signed) == ("treaty", "1814")
    assert [e.op for e in inst.effects] == ["cede"]


def test_a_handover_act_is_an_event_of_kind_other() -> None:
    draft = draft_of(Extractor(None), "Portugal handed over Macau to China on 20 December 1999.")
    (inst,) = draft.instruments
    assert (inst.kind, inst.title, inst.date) == (
        "other",
        "Handover of Macau to China",
        "1999-12-20",
    )


def test_it_and_the_island_stand_for_an_unknown_place_named_as_a_target(
    ref_extractor: Extractor,
) -> None:
    text = (
        "Heligoland lies in the North Sea. Britain occupied it in 1807. "
        "In 1814 Denmark ceded the island to Britain. In 1890 Britain ceded Heligoland to Germany."
    )
    ops = {(e.op, e.targets, e.principal) for _, e in draft_of(ref_extractor, text).effects}
    assert ("occupy", ("heligoland",), "united-kingdom") in ops
    assert ("cede", ("heligoland",), "united-kingdom") in ops


def test_giving_up_claims_is_a_dropped_claim() -> None:
    draft = draft_of(Extractor(None), "In 1890 Germany gave up its claims to Witu.")
    assert [(e.op, e.targets, e.by) for _, e in draft.effects] == [
        ("drop_claim", ("witu",), "germany")
    ]


def test_coordinated_nouns_share_their_object_and_possessive() -> None:
    text = (
        "The Treaty of Peking of 1 December 1887 recognised Portugal's perpetual occupation "
        "and government of Macau."
    )
    (inst,) = draft_of(Extractor(None), text).instruments
    assert inst.kind == "treaty"  # the nominal acts belong to the treaty, not to new events
    assert {(e.op, e.targets, e.by) for e in inst.effects} == {
        ("occupy", ("macau",), "portugal"),
        ("administer", ("macau",), "portugal"),
    }


def test_became_part_of_is_a_transfer() -> None:
    draft = draft_of(Extractor(None), "In 1957 the Saar became a state of West Germany.")
    assert [(e.op, e.targets, e.to) for _, e in draft.effects] == [
        ("transfer", ("saar",), "west-germany")
    ]
