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


def _effects(
    text: str, published: str | None = None
) -> set[tuple[str, tuple[str, ...], str | None]]:
    draft = draft_of(Extractor(None), text, published)
    return {(e.op, e.targets, e.principal) for _, e in draft.effects}


def test_a_list_of_unknown_places_is_read_to_its_end() -> None:
    ops = _effects("Indian troops invaded Goa, Daman and Diu on 18 December 1961.")
    assert ops == {("occupy", ("goa", "daman", "diu"), "india")}


def test_a_comma_alone_does_not_make_a_list() -> None:
    ops = _effects("Russia annexed Crimea, Western governments said on 18 March 2014.")
    assert ops == {("annex", ("crimea",), "russia")}


def test_a_name_inside_a_longer_toponym_is_that_place() -> None:
    ops = _effects("In 1848 Mexico ceded California and New Mexico to the United States.")
    assert ops == {("cede", ("california", "new-mexico"), "united-states")}


def test_part_of_a_place_in_a_list_names_the_place() -> None:
    text = "France ceded Alsace and the north-eastern part of Lorraine to Germany in 1871."
    assert _effects(text) == {("cede", ("alsace", "lorraine"), "germany")}


def test_dependencies_and_states_in_the_object_slot_are_land() -> None:
    text = "Spain ceded Puerto Rico, Guam and the Philippines to the United States in 1898."
    draft = draft_of(Extractor(None), text)
    (effect,) = [e for _, e in draft.effects]
    assert (effect.targets, effect.to) == (("puerto-rico", "guam", "philippines"), "united-states")
    # The Philippines stood for land here, so it is not drafted as a state.
    assert {p.id for p in draft.polities} == {"spain", "united-states"}
    assert {p.id for p in draft.places} == {"puerto-rico", "guam", "philippines"}


def test_entered_needs_a_place_by_name() -> None:
    text = (
        "French troops entered Strasbourg on 22 November 1918. "
        "The treaty entered into force on 10 January 1920."
    )
    assert _effects(text) == {("occupy", ("strasbourg",), "france")}


def test_new_verbs_of_conquest_and_union() -> None:
    assert _effects("Afonso de Albuquerque conquered Goa for Portugal in 1510.") == {
        ("occupy", ("goa",), "portugal")
    }
    assert _effects("In 1948 the Dodecanese were united with Greece.") == {
        ("transfer", ("dodecanese",), "greece")
    }


def test_an_introductory_phrase_does_not_hide_the_subject() -> None:
    text = "After the fall of France, Germany annexed Alsace-Lorraine in 1940."
    assert _effects(text) == {("annex", ("alsace-lorraine",), "germany")}


def test_becoming_a_state_of_the_holder_is_no_transfer() -> None:
    text = "India annexed Goa in 1961. Goa became a state of India on 30 May 1987."
    assert _effects(text) == {("annex", ("goa",), "india")}


def test_agreeing_to_hand_over_is_a_promise() -> None:
    text = "In 1984 Britain agreed to hand over Hong Kong to China on 1 July 1997."
    assert _effects(text) == {("promise_transfer", ("hong-kong",), "china")}


def test_signing_and_entry_into_force_are_one_instrument() -> None:
    text = (
        "The Treaty of Versailles was signed on 28 June 1919. "
        "When the Treaty of Versailles came into force on 10 January 1920, peace returned."
    )
    (inst,) = draft_of(Extractor(None), text).instruments
    assert (inst.signed, inst.in_force) == ("1919-06-28", "1920-01-10")
    assert set(inst.evidence) == {"title", "signed", "in_force"}


def test_lower_case_instrument_nouns_are_instruments_when_dated() -> None:
    text = (
        "The governor signed the surrender of the colony on 19 December 1961. "
        "The twelfth amendment to the constitution, passed in March 1962, made it formal."
    )
    kinds = {(i.kind, i.date) for i in draft_of(Extractor(None), text).instruments}
    assert kinds == {("surrender", "1961-12-19"), ("law", "1962-03")}


def test_a_capital_after_of_in_a_title_is_the_venue(ref_extractor: Extractor) -> None:
    # The reference ledger gives France the alias "Paris".
    text = "Under the Treaty of Paris of 10 December 1898, Spain ceded Guam to the United States."
    (inst,) = draft_of(ref_extractor, text).instruments
    assert "france" not in inst.parties


def test_two_recipients_each_receive() -> None:
    text = "Spain handed control of Western Sahara to Morocco and Mauritania in November 1975."
    assert _effects(text) == {
        ("transfer", ("western-sahara",), "morocco"),
        ("transfer", ("western-sahara",), "mauritania"),
    }


def test_a_list_of_recipients_must_end_its_clause() -> None:
    text = "In 1867 Russia sold Alaska to the United States and Britain protested."
    assert _effects(text) == {("transfer", ("alaska",), "united-states")}


def test_an_opening_participle_takes_the_subject_after_its_comma() -> None:
    draft = draft_of(Extractor(None), "Ceding Alaska to the United States in 1867, Russia left.")
    (effect,) = [e for _, e in draft.effects]
    assert (effect.from_, effect.to) == ("russia", "united-states")


def test_a_semicolon_ends_the_clause_of_an_instrument() -> None:
    text = (
        "The Treaty of Shimoda was signed on 7 February 1855; twenty years later Japan "
        "handed Sakhalin to Russia."
    )
    draft = draft_of(Extractor(None), text)
    (treaty,) = draft.instruments
    assert treaty.effects == ()  # the later act is not the treaty's
    assert [(e.op, e.targets) for e in draft.loose_effects] == [("transfer", ("sakhalin",))]


def test_an_act_dated_apart_from_a_vote_is_an_event_of_its_own() -> None:
    text = (
        "In a referendum held on 13 January 1935 voters chose Germany, and the Saar was "
        "handed over to Germany on 1 March 1935."
    )
    insts = {(i.kind, i.date): i for i in draft_of(Extractor(None), text).instruments}
    assert insts[("plebiscite", "1935-01-13")].effects == ()
    (handover,) = insts[("other", "1935-03-01")].effects
    assert (handover.op, handover.targets, handover.to) == ("transfer", ("saar",), "germany")


def test_a_demand_or_a_guess_is_no_effect() -> None:
    assert (
        _effects("In 1978 the Council said Walvis Bay must be reintegrated into Namibia.") == set()
    )
    assert _effects("Analysts said in 2013 that Russia could annex Crimea.") == set()


def test_a_ruler_or_a_state_form_stands_for_the_state(ref_extractor: Extractor) -> None:
    text = "In 1814 Denmark gave Norway to the King of Sweden."
    assert _effects(text) == {("transfer", ("norway",), "sweden")}
    text = "In 1870 Rome was annexed by the Kingdom of Italy."
    assert _effects(text) == {("annex", ("rome",), "kingdom-of-italy")}
    # "Britain" in 1794 is the Kingdom of Great Britain, through the links of former states,
    # when the ledger dates the United Kingdom (from 1801 in the reference ledger).
    draft = draft_of(ref_extractor, "In 1794 Britain occupied Corsica.")
    assert [(e.op, e.targets, e.by) for _, e in draft.effects] == [
        ("occupy", ("corsica",), "kingdom-of-great-britain")
    ]


def test_a_word_for_the_kind_of_place_is_skipped_but_not_a_name() -> None:
    text = "On 30 September 2022 Russia annexed four Ukrainian regions — Donetsk and Kherson."
    assert _effects(text) == {("annex", ("donetsk", "kherson"), "russia")}
    text = "In 1946 the Soviet Union absorbed the Kaliningrad region, once part of Prussia."
    assert _effects(text) == {("annex", ("kaliningrad",), "soviet-union")}


def test_plural_titles_are_instruments() -> None:
    text = "The Oslo Accords were signed on 13 September 1993; the Lateran Treaties date from 1929."
    titles = {i.title for i in draft_of(Extractor(None), text).instruments}
    assert titles == {"Oslo Accords", "Lateran Treaties"}


def test_a_court_deciding_on_a_date_is_a_ruling() -> None:
    text = "A boundary commission awarded the village of Badme to Eritrea in April 2002."
    (inst,) = draft_of(Extractor(None), text).instruments
    assert (inst.kind, inst.date) == ("court-ruling", "2002-04")
    assert [(e.op, e.targets, e.to) for e in inst.effects] == [("transfer", ("badme",), "eritrea")]


def test_a_lease_from_a_state_is_the_lessee_s_administration() -> None:
    assert _effects("In 1898 Britain leased the New Territories from China.") == {
        ("administer", ("new-territories",), "united-kingdom")
    }


def test_a_relative_clause_names_the_parties() -> None:
    text = "The treaty, which Norway and Russia signed on 15 September 2010, split the sea."
    (inst,) = draft_of(Extractor(None), text).instruments
    assert inst.parties == ("norway", "russia")


def test_the_islands_just_named_are_the_islands_retaken() -> None:
    text = (
        "Mexico regained the Chamizal in 1967 and Chamizal was celebrated in 1968. "
        "Argentina invaded the Falkland Islands on 2 April 1982; British forces retook the "
        "islands on 14 June 1982."
    )
    assert ("occupy", ("falkland-islands",), "united-kingdom") in _effects(text)


def test_an_act_title_never_links_without_a_date(ref_extractor: Extractor) -> None:
    # "Administration of Walvis Bay by ..." shares its words with the ledger's Walvis Bay
    # acts of 1878 and 1994, but not their dates.
    text = "Walvis Bay was placed under Japanese administration in 1920."
    (inst,) = draft_of(ref_extractor, text).instruments
    assert inst.status == "new"


def test_before_and_after_may_open_a_clause_whose_subject_acts() -> None:
    text = "The city had been Austrian for centuries before Italy annexed Trieste in 1920."
    assert _effects(text) == {("annex", ("trieste",), "italy")}


def test_an_adjective_and_a_fighting_noun_name_the_actor() -> None:
    assert _effects("Yugoslav partisans entered Trieste on 1 May 1945.") == {
        ("occupy", ("trieste",), "yugoslavia")
    }


def test_diplomats_from_a_list_of_states_sign_for_them(ref_extractor: Extractor) -> None:
    text = (
        "On 5 October 1954 diplomats from Italy, Yugoslavia, the United Kingdom and the "
        "United States initialled the London Memorandum."
    )
    (inst,) = draft_of(ref_extractor, text).instruments
    # London is an alias of the United Kingdom in the reference ledger: in a title, a venue.
    assert set(inst.parties) == {"italy", "yugoslavia", "united-kingdom", "united-states"}


def test_taking_from_a_state_is_a_seizure_and_took_place_is_nothing() -> None:
    assert _effects("In 1864 Prussia had taken Schleswig and Holstein from Denmark.") == {
        ("occupy", ("schleswig", "holstein"), "prussia")
    }
    assert _effects("A summit between Japan and Russia took place on 22 January 2019.") == set()


def test_a_kind_of_place_after_a_determiner_stands_for_the_places_just_named() -> None:
    text = (
        "Under the Treaty of Versailles, Belgium received Eupen and Malmedy in 1920. "
        "Germany annexed both districts again in May 1940."
    )
    assert ("annex", ("eupen", "malmedy"), "germany") in _effects(text)


def test_a_title_takes_the_date_after_it_over_one_across_a_clause_break() -> None:
    text = (
        "Prussia won the war of 1864, and the Treaty of Vienna, signed on 30 October 1864, "
        "ended it."
    )
    (inst,) = draft_of(Extractor(None), text).instruments
    assert inst.signed == "1864-10-30"


def test_a_later_act_does_not_take_the_earlier_date_or_the_land_as_subject() -> None:
    text = "Indonesia invaded East Timor on 7 December 1975 and annexed it the following year."
    draft = draft_of(Extractor(None), text)
    (occupation,) = draft.instruments
    assert (occupation.kind, occupation.date) == ("military-occupation", "1975-12-07")
    # The annexation has no date of its own in the text, so it waits for a reviewer.
    assert [(e.op, e.targets, e.by) for e in draft.loose_effects] == [
        ("annex", ("timor-leste",), "indonesia")
    ]


def test_a_state_name_opening_a_longer_name_is_that_place() -> None:
    text = (
        "On 31 March 1917 the Danish West Indies passed to the United States. "
        "On 31 December 1999 the United States handed the Panama Canal over to Panama."
    )
    assert _effects(text) == {
        ("transfer", ("danish-west-indies",), "united-states"),
        ("transfer", ("panama-canal",), "panama"),
    }


def test_capitals_and_adjectives_stand_for_their_states() -> None:
    draft = draft_of(Extractor(None), "In 1938 Ankara pressed its claim on the province.")
    assert {p.id for p in draft.polities} == {"turkey"}
    assert _effects("Nigerian troops occupied Bakassi in December 1993.") == {
        ("occupy", ("bakassi",), "nigeria")
    }


def test_a_place_that_voted_on_a_day_held_a_plebiscite_and_a_proclamation_is_dated() -> None:
    text = (
        "Nice voted on 15 and 16 April 1860. "
        "On 2 September 1938 the assembly proclaimed the Hatay State."
    )
    kinds = {(i.kind, i.date) for i in draft_of(Extractor(None), text).instruments}
    assert kinds == {("plebiscite", "1860-04-15/1860-04-16"), ("declaration", "1938-09-02")}


def test_them_stands_for_the_places_the_sentence_opens_with() -> None:
    text = (
        "The upper valleys of Tende and La Brigue stayed Italian until the peace treaty of "
        "10 February 1947 ceded them to France."
    )
    assert _effects(text) == {("cede", ("tende", "la-brigue"), "france")}


def test_a_dated_claim_is_no_instrument() -> None:
    draft = draft_of(Extractor(None), "In 1946 Syria claimed Hatay.")
    assert draft.instruments == ()
    assert [(e.op, e.targets, e.by) for e in draft.loose_effects] == [
        ("claim", ("hatay",), "syria")
    ]


def test_the_treaty_entering_into_force_dates_the_treaty_named_before() -> None:
    text = (
        "On 30 December 1853 Mexico and the United States signed the Gadsden Treaty. "
        "The ratifications were exchanged on 30 June 1854, when the treaty entered into force."
    )
    (inst,) = draft_of(Extractor(None), text).instruments
    assert (inst.signed, inst.in_force) == ("1853-12-30", "1854-06-30")


def test_troops_that_leave_or_return_act_on_the_place_in_focus() -> None:
    text = (
        "In 1794 the British, whose troops drove the French from Corsica, took the island. "
        "They withdrew in October 1796, and French forces returned."
    )
    ops = _effects(text)
    assert ("occupy", ("corsica",), "united-kingdom") in ops
    assert ("occupy", ("corsica",), "france") in ops
    assert ("withdraw", ("corsica",), "united-kingdom") in ops


def test_a_decree_that_a_place_is_part_of_a_state_is_an_annexation() -> None:
    text = "On 30 November 1789 the Assembly decreed that Corsica was an integral part of France."
    assert _effects(text) == {("annex", ("corsica",), "france")}
    assert _effects("In 1900 Corsica was part of France.") == set()  # a state, not a decree


def test_a_dated_act_noun_and_a_surrender_are_instruments() -> None:
    text = (
        "The annexation of 14 November 1962 followed. The German garrison surrendered on "
        "7 November 1914."
    )
    kinds = {(i.kind, i.date) for i in draft_of(Extractor(None), text).instruments}
    assert kinds == {("decree", "1962-11-14"), ("surrender", "1914-11-07")}


def test_a_body_that_was_elected_is_no_instrument() -> None:
    draft = draft_of(Extractor(None), "In 1946 voters elected a National Convention.")
    assert draft.instruments == ()


def test_a_list_opening_the_sentence_is_the_subject_of_a_change() -> None:
    text = (
        "On 31 March 1949 Newfoundland and its mainland territory of Labrador became the "
        "tenth province of Canada."
    )
    assert _effects(text) == {("transfer", ("newfoundland", "labrador"), "canada")}


def test_a_folder_is_parsed_in_one_pipe_with_the_same_drafts(ref_extractor: Extractor) -> None:
    docs = [
        Document.from_text("In 1867 Russia sold Alaska to the United States.", "2020-01-01"),
        Document.from_text("On 18 March 2014 Russia annexed Crimea.", "2020-01-01"),
    ]
    one_by_one = [ref_extractor.extract(d) for d in docs]
    assert list(ref_extractor.extract_many(docs)) == one_by_one
