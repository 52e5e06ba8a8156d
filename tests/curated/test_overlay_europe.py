"""Europe's occupations of 1938–1945 as windowed places over the import (europe-ww2): clean on
its own, and right through the world ledger at famous places before, during and after the war."""

from __future__ import annotations

import terrachron
from terrachron import check_ledger
from tests.curated.conftest import DATA, assert_famous

# (what, lon, lat, date, de facto controller history records).
FAMOUS = [
    ("Warsaw", 21.01, 52.23, "1942-06-01", "germany"),
    ("Poznań", 16.93, 52.41, "1941-06-01", "germany"),
    ("Lviv", 24.03, 49.84, "1940-06-01", "soviet-union"),
    ("Lviv", 24.03, 49.84, "1943-06-01", "germany"),
    ("Pinsk", 26.1, 52.11, "1940-06-01", "soviet-union"),
    ("Vilnius", 25.28, 54.69, "1925-06-01", "poland"),
    ("Vilnius", 25.28, 54.69, "1940-01-01", "lithuania"),
    ("Vilnius", 25.28, 54.69, "1941-03-01", "soviet-union"),
    ("Vilnius", 25.28, 54.69, "1942-06-01", "germany"),
    ("Riga", 24.1, 56.95, "1941-03-01", "soviet-union"),
    ("Riga", 24.1, 56.95, "1943-06-01", "germany"),
    ("Minsk", 27.56, 53.9, "1942-06-01", "germany"),
    ("Kyiv", 30.52, 50.45, "1942-06-01", "germany"),
    ("Prague", 14.42, 50.09, "1940-06-01", "germany"),
    ("Vienna", 16.37, 48.21, "1940-06-01", "germany"),
    ("Oslo", 10.75, 59.91, "1942-06-01", "germany"),
    ("Utrecht", 5.12, 52.09, "1942-06-01", "germany"),
    ("Brussels", 4.35, 50.85, "1942-06-01", "germany"),
    ("Paris", 2.35, 48.86, "1942-06-01", "germany"),
    ("Lyon", 4.83, 45.76, "1941-06-01", "vichy-france"),
    ("Lyon", 4.83, 45.76, "1943-06-01", "germany"),
    ("Zagreb", 15.98, 45.81, "1942-06-01", "independent-state-of-croatia"),
    ("Ljubljana", 14.51, 46.05, "1942-06-01", "italy"),
    ("Belgrade", 20.46, 44.81, "1942-06-01", "germany"),
    ("Novi Sad", 19.84, 45.25, "1942-06-01", "hungary"),
    ("Skopje", 21.43, 42.0, "1942-06-01", "bulgaria"),
    ("Athens", 23.73, 37.98, "1942-06-01", "germany"),
    ("Tirana", 19.82, 41.33, "1940-06-01", "italy"),
    ("Cluj", 23.6, 46.77, "1942-06-01", "hungary"),
]


def test_famous_points_on_famous_dates(world: terrachron.Ledger) -> None:
    assert_famous(world, FAMOUS)


def test_before_and_after_the_window_the_import_answers(world: terrachron.Ledger) -> None:
    # Paris: a piece of an imported place under the occupied zone; outside 1940-05-10/1945-05-08
    # it answers exactly as that imported place did, and the chain names the window's close.
    place = str(world.locate([2.35], [48.86], ["1942-06-01"])["place"].iloc[0])
    below, _, above = place.partition("--")
    assert above == "france-occupied-zone"
    assert world.status(place, "1942-06-01").chain[-1].ledger == "europe-ww2"
    for day in ("1935-06-01", "1950-06-01", "1990-06-01"):
        assert world.status(place, day).answer == world.status(below, day).answer
    after = world.status(place, "1950-06-01")
    assert any(link.effect == "window:france-occupied-zone" for link in after.chain)


def test_every_place_of_the_ledger_is_windowed() -> None:
    # Outside its war years the import answers: no europe-ww2 place may speak for all time.
    files, _ = check_ledger(DATA / "europe-ww2")
    assert all(place.overrides is not None for place in files.places.values())
