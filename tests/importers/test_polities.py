"""Names across years and spellings become one polity id."""

from __future__ import annotations

import pytest

from terrachron.importers.polities import PolityNames, clean_name, slugify, split_holders


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
