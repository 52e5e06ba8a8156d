"""Europe 1941–2022 (europe-1990s and the Axis zones of europe-ww2): the zones of occupied Greece
and Slovenia, and the breakaway territories and occupations of 1990–2022, right through the world
ledger before, during and after each change, at capitals and ordinary towns. (europe-1918,
germany-1945 and czechoslovakia-1921 wait on branch eu-late-wip for the merge's overlap fix.)"""

from __future__ import annotations

import terrachron
from terrachron import check_ledger
from tests.curated.conftest import DATA, assert_famous

# (what, lon, lat, date, de facto controller history records[, the ledger that must decide]).
FAMOUS = [
    # The Axis zones of Greece and Slovenia, 1941–1945.
    ("Ioannina", 20.85, 39.66, "1942-06-01", "italy", "europe-ww2"),
    ("Ioannina", 20.85, 39.66, "1944-06-01", "germany"),
    ("Drama", 24.15, 41.15, "1942-06-01", "bulgaria"),
    ("Kavala", 24.4, 40.94, "1943-06-01", "bulgaria"),
    ("Thessaloniki", 22.94, 40.64, "1942-06-01", "germany"),
    ("Athens", 23.73, 37.98, "1942-06-01", "germany"),
    ("Larissa", 22.42, 39.64, "1942-06-01", "italy"),
    ("Chania", 24.02, 35.51, "1945-03-01", "germany"),
    ("Heraklion", 25.13, 35.33, "1945-03-01", "greece"),
    ("Maribor", 15.65, 46.55, "1942-06-01", "germany"),
    ("Celje", 15.27, 46.23, "1943-06-01", "germany"),
    ("Ljubljana", 14.51, 46.05, "1942-06-01", "italy"),
    ("Murska Sobota", 16.16, 46.66, "1942-06-01", "hungary"),
    # Czechoslovakia's split, 1993.
    ("Banská Bystrica", 19.15, 48.74, "1992-12-15", "czechoslovakia"),
    ("Banská Bystrica", 19.15, 48.74, "1993-06-01", "slovakia", "europe-1990s"),
    ("Brno", 16.61, 49.2, "1993-06-01", "czechia"),
    # Croatia and Bosnia, 1990–1998.
    ("Knin", 16.2, 44.04, "1993-06-01", "republic-of-serbian-krajina", "europe-1990s"),
    ("Knin", 16.2, 44.04, "1995-09-01", "croatia"),
    ("Okučani", 17.2, 45.26, "1994-06-01", "republic-of-serbian-krajina"),
    ("Vukovar", 19.0, 45.35, "1993-06-01", "republic-of-serbian-krajina"),
    ("Vukovar", 19.0, 45.35, "1997-06-01", "united-nations"),
    ("Vukovar", 19.0, 45.35, "1999-06-01", "croatia"),
    ("Zadar", 15.23, 44.12, "1993-06-01", "croatia"),
    ("Banja Luka", 17.19, 44.77, "1994-06-01", "republika-srpska", "europe-1990s"),
    ("Banja Luka", 17.19, 44.77, "1998-06-01", "bosnia-herzegovina"),
    ("Tuzla", 18.67, 44.54, "1994-06-01", "bosnia-herzegovina"),
    ("Srebrenica", 19.3, 44.1, "1994-06-01", "bosnia-herzegovina"),
    ("Srebrenica", 19.3, 44.1, "1995-08-01", "republika-srpska"),
    # Bender.
    ("Bender", 29.48, 46.83, "2000-06-01", "transnistria", "europe-1990s"),
    # The Donbas and Russia's invasion of 2022.
    ("Donetsk", 37.8, 48.0, "2013-06-01", "ukraine"),
    ("Donetsk", 37.8, 48.0, "2016-06-01", "donetsk-peoples-republic", "europe-1990s"),
    ("Donetsk", 37.8, 48.0, "2022-12-01", "russia"),
    ("Luhansk", 39.31, 48.57, "2018-06-01", "lugansk-peoples-republic"),
    ("Mariupol", 37.55, 47.1, "2016-06-01", "ukraine"),
    ("Kramatorsk", 37.56, 48.72, "2022-08-01", "ukraine"),
    ("Kherson", 32.59, 46.66, "2022-08-01", "russia", "europe-1990s"),
    ("Kherson", 32.59, 46.66, "2022-12-01", "ukraine"),
    ("Zaporizhzhia", 35.14, 47.84, "2022-06-01", "ukraine"),
    ("Izium", 37.26, 49.21, "2022-06-01", "russia"),
    ("Izium", 37.26, 49.21, "2022-12-01", "ukraine"),
    ("Kharkiv", 36.23, 49.99, "2022-06-01", "ukraine"),
    ("Bucha", 30.21, 50.54, "2022-03-15", "russia"),
    ("Bucha", 30.21, 50.54, "2022-06-01", "ukraine"),
    ("Kyiv", 30.52, 50.45, "2022-03-15", "ukraine"),
]


def test_famous_points_on_famous_dates(world: terrachron.Ledger) -> None:
    assert_famous(world, FAMOUS)


def test_every_place_is_windowed_so_the_import_answers_outside_it() -> None:
    for name in ("europe-1990s",):
        files, problems = check_ledger(DATA / name)
        assert [str(p) for p in problems] == []
        assert all(place.overrides is not None for place in files.places.values()), name


def test_after_a_window_the_ledger_below_answers_again(world: terrachron.Ledger) -> None:
    # Banja Luka's wartime place speaks until Dayton; after it, the yugoslavia ledger's Bosnia.
    got = world.locate([17.19, 17.19], [44.77, 44.77], ["1994-06-01", "1998-06-01"])
    place = str(got["place"].iloc[1])
    assert place.endswith("--republika-srpska-1992")
    assert list(got["controller"].astype(object)) == ["republika-srpska", "bosnia-herzegovina"]
    assert "yugoslavia" in {link.ledger for link in world.status(place, "1998-06-01").chain}
