"""Europe 1914–2022 (europe-1918, germany-1945, europe-1990s, the Axis zones of europe-ww2): the new
states and their wars of 1917–1922, Germany's zones and the two German states, the zones of
occupied Greece and Slovenia, and the breakaway territories and occupations of 1990–2022, right
through the world ledger before, during and after each change, at capitals and ordinary towns."""

from __future__ import annotations

import terrachron
from terrachron import check_ledger
from tests.curated.conftest import DATA, assert_famous

# (what, lon, lat, date, de facto controller history records[, the ledger that must decide]).
FAMOUS = [
    # Finland and the Baltic states, 1914–1920.
    ("Tampere", 23.76, 61.5, "1916-06-01", "russian-empire", "europe-1918"),
    ("Tampere", 23.76, 61.5, "1919-06-01", "finland", "europe-1918"),
    ("Helsinki", 24.94, 60.19, "1918-06-01", "finland"),
    ("Tallinn", 24.75, 59.43, "1918-06-01", "germany"),
    ("Tartu", 26.72, 58.38, "1919-06-01", "estonia"),
    ("Narva", 28.19, 59.37, "1930-06-01", "estonia", "europe-1918"),
    ("Liepāja", 21.02, 56.51, "1916-06-01", "germany"),
    ("Riga", 24.11, 56.95, "1916-06-01", "russian-empire"),
    ("Riga", 24.11, 56.95, "1918-06-01", "germany", "europe-1918"),
    ("Riga", 24.11, 56.95, "1919-03-01", "soviet-union"),
    ("Riga", 24.11, 56.95, "1920-06-01", "latvia"),
    ("Daugavpils", 26.53, 55.87, "1919-06-01", "soviet-union"),
    ("Kaunas", 23.9, 54.9, "1917-06-01", "germany"),
    ("Kaunas", 23.9, 54.9, "1919-06-01", "lithuania"),
    ("Vilnius", 25.28, 54.69, "1919-06-01", "poland", "europe-1918"),
    ("Vilnius", 25.28, 54.69, "1920-09-15", "lithuania"),
    # Poland's borders, 1918–1923.
    ("Poznań", 16.93, 52.41, "1918-06-01", "germany"),
    ("Września", 17.57, 52.33, "1920-06-01", "poland"),
    ("Toruń", 18.6, 53.01, "1919-06-01", "germany"),
    ("Katowice", 19.02, 50.26, "1919-06-01", "germany", "europe-1918"),
    ("Katowice", 19.02, 50.26, "1921-06-01", "germany"),
    ("Katowice", 19.02, 50.26, "1923-06-01", "poland"),
    ("Kraków", 19.94, 50.06, "1919-06-01", "poland"),
    ("Lviv", 24.03, 49.84, "1915-03-01", "russian-empire"),
    ("Lviv", 24.03, 49.84, "1918-11-10", "west-ukrainian-peoples-republic"),
    ("Lviv", 24.03, 49.84, "1919-06-01", "poland", "europe-1918"),
    ("Ternopil", 25.59, 49.55, "1919-03-01", "west-ukrainian-peoples-republic"),
    ("Brest", 23.7, 52.1, "1917-06-01", "germany"),
    ("Pinsk", 26.1, 52.11, "1925-06-01", "poland"),
    ("Minsk", 27.56, 53.9, "1918-06-01", "germany"),
    ("Minsk", 27.56, 53.9, "1920-03-01", "poland", "europe-1918"),
    ("Minsk", 27.56, 53.9, "1925-06-01", "soviet-union"),
    # Ukraine's civil war, 1918–1920.
    ("Kyiv", 30.52, 50.45, "1918-06-01", "germany"),
    ("Kyiv", 30.52, 50.45, "1919-10-01", "white-movement"),
    ("Kyiv", 30.52, 50.45, "1925-06-01", "soviet-union", "europe-1918"),
    ("Kharkiv", 36.23, 49.99, "1919-09-01", "white-movement"),
    ("Odesa", 30.73, 46.48, "1919-02-01", "france"),
    # The Danube lands, 1918–1921.
    ("Prague", 14.42, 50.08, "1919-06-01", "czechoslovakia", "europe-1918"),
    ("Bratislava", 17.11, 48.15, "1920-06-01", "czechoslovakia"),
    ("Košice", 21.26, 48.72, "1919-06-20", "hungary"),
    ("Vienna", 16.37, 48.21, "1919-06-01", "austria"),
    ("Eisenstadt", 16.52, 47.85, "1920-06-01", "hungary"),
    ("Eisenstadt", 16.52, 47.85, "1921-12-15", "austria"),
    ("Budapest", 19.04, 47.5, "1919-09-01", "romania"),
    ("Budapest", 19.04, 47.5, "1920-06-01", "hungary"),
    ("Debrecen", 21.63, 47.53, "1919-09-01", "romania"),
    ("Pécs", 18.23, 46.07, "1920-06-01", "yugoslavia", "europe-1918"),
    ("Pécs", 18.23, 46.07, "1921-10-01", "hungary"),
    ("Cluj", 23.6, 46.77, "1918-06-01", "austria-hungary"),
    ("Cluj", 23.6, 46.77, "1920-06-01", "romania"),
    ("Timișoara", 21.23, 45.75, "1919-03-01", "yugoslavia"),
    ("Timișoara", 21.23, 45.75, "1920-06-01", "romania"),
    ("Zagreb", 15.98, 45.81, "1919-06-01", "yugoslavia"),
    ("Maribor", 15.65, 46.55, "1920-06-01", "yugoslavia"),
    ("Novi Sad", 19.84, 45.26, "1919-06-01", "yugoslavia"),
    ("Skopje", 21.43, 42.0, "1920-06-01", "yugoslavia", "europe-1918"),
    # Germany 1945–1990.
    ("Leipzig", 12.37, 51.34, "1945-06-01", "united-states", "germany-1945"),
    ("Leipzig", 12.37, 51.34, "1946-06-01", "soviet-union"),
    ("Leipzig", 12.37, 51.34, "1960-06-01", "east-germany"),
    ("Erfurt", 11.03, 50.98, "1980-06-01", "east-germany"),
    ("Munich", 11.58, 48.14, "1946-06-01", "united-states"),
    ("Munich", 11.58, 48.14, "1955-06-01", "germany", "germany-1945"),
    ("Hamburg", 10.0, 53.55, "1947-06-01", "united-kingdom"),
    ("Cologne", 6.96, 50.94, "1960-06-01", "germany"),
    ("Freiburg", 7.85, 48.0, "1947-06-01", "france"),
    ("Schwerin", 11.41, 53.63, "1945-06-01", "united-kingdom"),
    ("Dresden", 13.74, 51.05, "1950-06-01", "east-germany"),
    ("East Berlin", 13.41, 52.52, "1970-06-01", "east-germany"),
    ("East Berlin", 13.41, 52.52, "1990-12-01", "germany"),
    ("Spandau", 13.2, 52.54, "1970-06-01", "germany"),
    # The Axis zones of Greece and Slovenia, 1941–1945.
    ("Ioannina", 20.85, 39.66, "1942-06-01", "italy", "europe-ww2"),
    ("Ioannina", 20.85, 39.66, "1944-06-01", "germany"),
    ("Drama", 24.15, 41.15, "1942-06-01", "bulgaria"),
    ("Kavala", 24.4, 40.94, "1943-06-01", "bulgaria"),
    ("Thessaloniki", 22.94, 40.64, "1942-06-01", "germany"),
    ("Athens", 23.73, 37.98, "1942-06-01", "germany"),
    ("Patras", 21.73, 38.25, "1942-06-01", "italy"),
    ("Larissa", 22.42, 39.64, "1942-06-01", "italy"),
    ("Chania", 24.02, 35.51, "1945-03-01", "germany"),
    ("Heraklion", 25.13, 35.33, "1945-03-01", "greece"),
    ("Maribor", 15.65, 46.55, "1942-06-01", "germany"),
    ("Celje", 15.27, 46.23, "1943-06-01", "germany"),
    ("Ljubljana", 14.51, 46.05, "1942-06-01", "italy"),
    ("Murska Sobota", 16.16, 46.66, "1942-06-01", "hungary"),
    # Slovakia 1921–1992.
    ("Bratislava", 17.11, 48.15, "1930-06-01", "czechoslovakia", "czechoslovakia-1921"),
    ("Bratislava", 17.11, 48.15, "1942-06-01", "slovakia"),
    ("Bratislava", 17.11, 48.15, "1960-06-01", "czechoslovakia"),
    ("Košice", 21.26, 48.72, "1937-06-01", "czechoslovakia"),
    ("Košice", 21.26, 48.72, "1942-06-01", "hungary", "czechoslovakia-1921"),
    ("Košice", 21.26, 48.72, "1950-06-01", "czechoslovakia"),
    ("Žilina", 18.74, 49.22, "1942-06-01", "slovakia"),
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
    # Bender and Estonia.
    ("Bender", 29.48, 46.83, "2000-06-01", "transnistria", "europe-1990s"),
    ("Tallinn", 24.75, 59.43, "2005-06-01", "estonia"),
    # The Donbas and Russia's invasion of 2022.
    ("Donetsk", 37.8, 48.0, "2013-06-01", "ukraine"),
    ("Donetsk", 37.8, 48.0, "2016-06-01", "donetsk-peoples-republic", "europe-1990s"),
    ("Donetsk", 37.8, 48.0, "2022-12-01", "russia"),
    ("Luhansk", 39.31, 48.57, "2018-06-01", "lugansk-peoples-republic"),
    ("Mariupol", 37.55, 47.1, "2016-06-01", "ukraine"),
    ("Mariupol", 37.55, 47.1, "2022-08-01", "russia"),
    ("Kramatorsk", 37.56, 48.72, "2022-08-01", "ukraine"),
    ("Kherson", 32.62, 46.64, "2022-08-01", "russia", "europe-1990s"),
    ("Kherson", 32.62, 46.64, "2022-12-01", "ukraine"),
    ("Melitopol", 35.37, 46.85, "2022-06-01", "russia"),
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
    for name in ("europe-1918", "europe-1990s", "germany-1945", "czechoslovakia-1921"):
        files, problems = check_ledger(DATA / name)
        assert [str(p) for p in problems] == []
        assert all(place.overrides is not None for place in files.places.values()), name


def test_after_a_window_the_ledger_below_answers_again(world: terrachron.Ledger) -> None:
    # Banja Luka's wartime place speaks until Dayton; after it, the yugoslavia ledger's Bosnia.
    place = str(world.locate([17.19], [44.77], ["1998-06-01"])["place"].iloc[0])
    assert place.endswith("--republika-srpska-1992")
    assert world.status(place, "1998-06-01").chain[-1].ledger == "yugoslavia"
