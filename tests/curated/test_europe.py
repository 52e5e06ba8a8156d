"""The curated ledgers of Europe and the Middle East: clean on their own, right inside the world."""

from __future__ import annotations

import terrachron
from tests.curated.conftest import assert_famous

# (name, lon, lat, date, de facto controller as history records it, deciding ledger)
FAMOUS = [
    ("Strasbourg under the Reichsland", 7.75, 48.58, "1900-07-01", "germany", "germany-borders"),
    ("Strasbourg after 1918", 7.75, 48.58, "1925-07-01", "france", "germany-borders"),
    (
        "Saarbrücken under the League",
        7.0,
        49.23,
        "1925-07-01",
        "league-of-nations",
        "germany-borders",
    ),
    ("Saarbrücken after the plebiscite", 7.0, 49.23, "1936-07-01", "germany", "germany-borders"),
    ("Eupen before 1920", 6.03, 50.63, "1910-07-01", "germany", "germany-borders"),
    ("Danzig, Free City", 18.65, 54.35, "1930-07-01", "danzig", "germany-borders"),
    ("Klaipėda in 1930", 21.14, 55.71, "1930-07-01", "lithuania", "germany-borders"),
    ("Rijeka, Free State", 14.44, 45.33, "1921-07-01", "fiume", "italy-adriatic"),
    ("Trieste, Zone A", 13.77, 45.65, "1950-07-01", "allied-military-government", "italy-adriatic"),
    ("Rhodes after the war", 28.22, 36.43, "1960-07-01", "greece", "italy-adriatic"),
    ("Vyborg in 1930", 28.75, 60.71, "1930-07-01", "finland", "finland-soviet"),
    ("Chișinău in 1930", 28.83, 47.01, "1930-07-01", "romania", "romania-soviet"),
    ("Simferopol in 2015", 34.10, 44.95, "2015-07-01", "russia", "crimea"),
    (
        "Kyrenia in 2000",
        33.35,
        35.30,
        "2000-07-01",
        "turkish-republic-of-northern-cyprus",
        "cyprus",
    ),
    ("Antakya in 1930", 36.16, 36.20, "1930-07-01", "france", "hatay"),
    ("Sarajevo in 1900", 18.41, 43.86, "1900-07-01", "austria-hungary", "yugoslavia"),
    ("Pristina in 2003", 21.17, 42.66, "2003-07-01", "united-nations", "yugoslavia"),
]


def test_famous_points_on_famous_dates(world: terrachron.Ledger) -> None:
    assert_famous(world, FAMOUS)


def test_the_transfer_of_crimea_is_read_per_view(world: terrachron.Ledger) -> None:
    assert world.status("crimea", "2015-07-01", "ukraine").answer.title == ("ukraine",)
    assert world.status("crimea", "2015-07-01", "russia").answer.title == ("russia",)
