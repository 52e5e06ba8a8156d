"""Names across years and spellings become one polity id."""

from __future__ import annotations

import pytest

from terrachron.importers.polities import (
    PolityNames,
    clean_name,
    learn_codes,
    name_key,
    slugify,
    split_holders,
)


@pytest.mark.parametrize(
    ("name", "year", "expected"),
    [
        ("Russia", 1914, "russian-empire"),
        ("Russia", 2000, "russia"),
        ("Russian Federation", 1992, "russia"),
        ("USSR", 1930, "soviet-union"),
        ("Union of Soviet Socialist Republics", 1989, "soviet-union"),
        ("China", 1945, "china"),
        ("China", 1960, "peoples-republic-of-china"),
        ("Republic of Austria", 1995, "austria"),
        ("French Republic", 2010, "france"),
        ("Great Britain", 1783, "great-britain"),
        (
            "United Kingdom of Great Britain and Northern Ireland (Crown Dependency)",
            2000,
            "united-kingdom",
        ),
        ("Ottoman Empire", 1800, "ottoman-empire"),
        ("Oyo", 1800, "oyo"),
        ("Russian", 1800, "russian-empire"),
        ("Russian", 2000, "russia"),
        ("Japanese", 1815, "japan"),
    ],
)
def test_resolve(name: str, year: int, expected: str) -> None:
    assert PolityNames().resolve(name, year) == expected


def test_iso_code_from_the_data_wins_over_the_name() -> None:
    names = PolityNames()
    assert names.resolve("Some Formal Name", 2000, "NO") == "norway"
    assert names.polities["norway"].codes == {"iso3166": "NO"}


def test_every_resolution_is_remembered() -> None:
    names = PolityNames()
    names.resolve("USSR", 1930)
    names.resolve("Union of Soviet Socialist Republics", 1988)
    assert names.polities["soviet-union"].observed == {
        "USSR": {1930},
        "Union of Soviet Socialist Republics": {1988},
    }


def test_clean_name_and_slug() -> None:
    assert clean_name("United States of America (lease)") == ("United States of America", "lease")
    assert clean_name("(Russian and Japanese claim)") == ("(Russian and Japanese claim)", None)
    assert slugify("Côte d'Ivoire") == "cote-divoire"


UK = "United Kingdom of Great Britain and Northern Ireland"


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("(Russian and Japanese claim)", (("Russian", "Japanese"), "claim")),
        ("(Chinese, Japanese and Russian claims)", (("Chinese", "Japanese", "Russian"), "claim")),
        (
            f"French Republic, Union of Soviet Socialist Republics, {UK}, United States of America"
            " (occupation zones)",
            (
                (
                    "French Republic",
                    "Union of Soviet Socialist Republics",
                    UK,
                    "United States of America",
                ),
                "occupation zones",
            ),
        ),
        # One polity, whatever commas or "and" its name holds.
        ("Korea, Republic of", (("Korea, Republic of",), None)),
        (f"{UK} (Crown Dependency)", ((UK,), "crown dependency")),
        ("United States of America (lease)", (("United States of America",), "lease")),
    ],
)
def test_split_holders(field: str, expected: tuple[tuple[str, ...], str | None]) -> None:
    assert split_holders(field) == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("St. Vincent & Grenadines", "Saint Vincent and the Grenadines"),
        ("Gambia, The", "Gambia"),
        ("Antigua & Barbuda", "Antigua and Barbuda"),
        ("Democratic Republic of the Congo", "Democratic Republic of Congo"),
    ],
)
def test_spellings_of_one_name_have_one_key(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


def test_a_code_the_data_gives_a_name_in_one_year_holds_in_every_year() -> None:
    # The yearly files give "Republic of Croatia" no code in 1991 and HR from 1992 on.
    learned = learn_codes(
        [("Republic of Croatia", None), ("Republic of Croatia", "HR"), ("Kingdom of Denmark", "DK")]
    )
    names = PolityNames(learned)
    assert names.resolve("Republic of Croatia", 1991) == "croatia"
    assert names.resolve("Croatia", 2000) == "croatia"
    # A dependency's SUBJECTO carries no code of its own.
    assert names.resolve("Kingdom of Denmark", 2000) == "denmark"
    assert names.polities["croatia"].name == "Croatia"
    assert "Republic of Croatia" in names.polities["croatia"].alias_list()


def test_a_name_seen_with_two_codes_teaches_nothing() -> None:
    assert learn_codes([("Serbia and Montenegro", "CS"), ("Serbia and Montenegro", "RS")]) == {}


@pytest.mark.parametrize(
    ("name", "year", "expected", "display"),
    [
        ("Tanzania, United Republic of", 1960, "tanzania", "Tanzania"),
        ("Czech Republic", 2000, "czechia", "Czechia"),
        ("Ceylon", 1950, "sri-lanka", "Sri Lanka"),
        ("Persia", 1900, "iran", "Iran"),
        ("Siam", 1900, "thailand", "Thailand"),
        ("Union of South Africa", 1930, "south-africa", "South Africa"),
        ("Republic of South Africa (dependency)", 1988, "south-africa", "South Africa"),
        ("Swiss Confederation", 1815, "switzerland", "Switzerland"),
        ("United Kingdom of Netherlands", 1815, "netherlands", "Netherlands"),
        ("Austro-Hungarian Empire", 1914, "austria-hungary", "Austria-Hungary"),
        ("Union of Burma", 1988, "myanmar", "Myanmar"),
        ("Republic of Zaire", 1990, "democratic-republic-of-the-congo", None),
        ("N. Cyprus", 2000, "turkish-republic-of-northern-cyprus", "Northern Cyprus"),
        ("UK", 1783, "great-britain", None),
        ("UK", 1880, "united-kingdom", "United Kingdom"),
    ],
)
def test_one_state_one_polity(name: str, year: int, expected: str, display: str | None) -> None:
    names = PolityNames()
    assert names.resolve(name, year) == expected
    if display is not None:
        assert names.polities[expected].name == display


def test_names_that_are_not_one_state_stay_apart() -> None:
    names = PolityNames()
    assert names.resolve("Annam", 1880) != names.resolve("Vietnam", 2000)
    assert names.resolve("Republic of Kosova", 1995) != names.resolve("Republic of Kosovo", 2010)
    assert names.resolve("Kingdom of Ireland", 1783) != names.resolve("Ireland", 1960)


def test_aliases_are_the_formal_and_common_names_and_what_the_data_said() -> None:
    names = PolityNames()
    names.resolve("Czech Republic", 2000)
    names.resolve("Ceylon", 1950)
    names.resolve("Russian", 1800)
    assert "Czech Republic" in names.polities["czechia"].alias_list()
    assert "Ceylon" in names.polities["sri-lanka"].alias_list()
    # An adjective matches ("(Russian and Japanese claim)") but is no name of the state.
    assert "Russian" not in names.polities["russian-empire"].alias_list()
    assert names.polities["czechia"].name not in names.polities["czechia"].alias_list()


def test_a_code_that_is_another_states_is_not_taken() -> None:
    # The yearly files give "Republic of Armenia" the code AR, which is Argentina's.
    assert learn_codes([("Republic of Armenia", "AR"), ("Argentine Republic", "AR")]) == {
        "Republic of Armenia": "AM",
        "Argentine Republic": "AR",
    }
    names = PolityNames()
    assert names.resolve("Republic of Armenia", 2000, "AR") == "armenia"
    assert names.resolve("Argentine Republic", 2000, "AR") == "argentina"
