"""The curated ledgers of the Americas, Africa, Asia and Oceania: each clean on its own, and right
through the world ledger at famous places on famous dates, before, between and after the changes."""

from __future__ import annotations

import terrachron
from tests.curated.conftest import assert_famous, curated

# (what, lon, lat, date, de facto controller history records). Points sit inland: on the shoreline a
# point can fall on a sliver of an imported face outside the curated outline (docs/curated.md).
FAMOUS = [
    ("Hong Kong, Victoria Peak", 114.15, 22.27, "1830-07-01", "qing-empire"),
    ("Hong Kong, Victoria Peak", 114.15, 22.27, "1900-07-01", "united-kingdom"),
    ("Hong Kong, Victoria Peak", 114.15, 22.27, "1943-07-01", "japan"),
    ("Hong Kong, Victoria Peak", 114.15, 22.27, "1998-01-01", "peoples-republic-of-china"),
    ("Sha Tin, New Territories", 114.19, 22.38, "1880-07-01", "qing-empire"),
    ("Sha Tin, New Territories", 114.19, 22.38, "1950-07-01", "united-kingdom"),
    ("Macau", 113.543, 22.19, "1950-07-01", "portugal"),
    ("Macau", 113.543, 22.19, "2000-06-01", "peoples-republic-of-china"),
    ("Dhaka", 90.41, 23.81, "1930-07-01", "united-kingdom"),
    ("Dhaka", 90.41, 23.81, "1960-07-01", "pakistan"),
    ("Dhaka", 90.41, 23.81, "1972-06-01", "bangladesh"),
    ("Gangtok", 88.61, 27.33, "1960-07-01", "sikkim"),
    ("Gangtok", 88.61, 27.33, "1980-07-01", "india"),
    ("Panaji", 73.83, 15.49, "1950-07-01", "portugal"),
    ("Panaji", 73.83, 15.49, "1970-07-01", "india"),
    ("Taipei", 121.56, 25.04, "1880-07-01", "qing-empire"),
    ("Taipei", 121.56, 25.04, "1900-07-01", "japan"),
    ("Taipei", 121.56, 25.04, "1950-07-01", "china"),
    ("Seoul", 126.98, 37.57, "1900-07-01", "korea"),
    ("Seoul", 126.98, 37.57, "1930-07-01", "japan"),
    ("Seoul", 126.98, 37.57, "1946-07-01", "united-states"),
    ("Seoul", 126.98, 37.57, "1960-07-01", "south-korea"),
    ("Pyongyang", 125.75, 39.03, "1946-07-01", "soviet-union"),
    ("Pyongyang", 125.75, 39.03, "1960-07-01", "north-korea"),
    ("Kaesong", 126.55, 37.97, "1949-07-01", "south-korea"),
    ("Kaesong", 126.55, 37.97, "1960-07-01", "north-korea"),
    ("Naha", 127.68, 26.21, "1870-07-01", "ryukyu-kingdom"),
    ("Naha", 127.68, 26.21, "1960-07-01", "united-states"),
    ("Naha", 127.68, 26.21, "1980-07-01", "japan"),
    ("Iwo Jima", 141.32, 24.78, "1960-07-01", "united-states"),
    ("Iwo Jima", 141.32, 24.78, "1970-07-01", "japan"),
    ("Anchorage", -149.9, 61.22, "1850-07-01", "russian-empire"),
    ("Anchorage", -149.9, 61.22, "1900-07-01", "united-states"),
    ("Honolulu", -157.86, 21.31, "1880-07-01", "kingdom-of-hawaii"),
    ("Honolulu", -157.86, 21.31, "1895-07-01", "republic-of-hawaii"),
    ("Honolulu", -157.86, 21.31, "1900-07-01", "united-states"),
    ("Gander, Newfoundland", -54.6, 48.95, "1920-07-01", "dominion-of-newfoundland"),
    ("Gander, Newfoundland", -54.6, 48.95, "1940-07-01", "united-kingdom"),
    ("Gander, Newfoundland", -54.6, 48.95, "1950-07-01", "canada"),
    ("Gamboa, Canal Zone", -79.69, 9.12, "1950-07-01", "united-states"),
    ("Gamboa, Canal Zone", -79.69, 9.12, "1985-07-01", "panama"),
    ("East Falkland, inland", -58.6, -51.7, "1900-07-01", "united-kingdom"),
    ("East Falkland, inland", -58.6, -51.7, "1982-05-01", "argentina"),
    ("East Falkland, inland", -58.6, -51.7, "1983-07-01", "united-kingdom"),
    ("Manila", 120.98, 14.6, "1880-07-01", "spain"),
    ("Manila", 120.98, 14.6, "1943-07-01", "japan"),
    ("Manila", 120.98, 14.6, "1950-07-01", "philippines"),
    ("Dili", 125.57, -8.56, "1980-07-01", "indonesia"),
    ("Dili", 125.57, -8.56, "2000-07-01", "united-nations"),
    ("Dili", 125.57, -8.56, "2005-07-01", "timor-leste"),
    ("Windhoek", 17.08, -22.56, "1900-07-01", "germany"),
    ("Windhoek", 17.08, -22.56, "1950-07-01", "south-africa"),
    ("Windhoek", 17.08, -22.56, "1991-07-01", "namibia"),
    ("Walvis Bay", 14.51, -22.96, "1991-07-01", "south-africa"),
    ("Walvis Bay", 14.51, -22.96, "1995-07-01", "namibia"),
    ("Luanda", 13.23, -8.84, "1960-07-01", "portugal"),
    ("Luanda", 13.23, -8.84, "1980-07-01", "angola"),
    ("Chimoio", 33.48, -19.12, "1960-07-01", "portugal"),
    ("Chimoio", 33.48, -19.12, "1980-07-01", "mozambique"),
    ("Khartoum", 32.53, 15.59, "1890-07-01", "mahdist-state"),
    ("Khartoum", 32.53, 15.59, "1920-07-01", "united-kingdom"),
    ("Khartoum", 32.53, 15.59, "1960-07-01", "sudan"),
    ("Juba", 31.58, 4.85, "2000-07-01", "sudan"),
    ("Juba", 31.58, 4.85, "2012-07-01", "south-sudan"),
    ("Asmara", 38.93, 15.32, "1930-07-01", "italy"),
    ("Asmara", 38.93, 15.32, "1945-07-01", "united-kingdom"),
    ("Asmara", 38.93, 15.32, "1970-07-01", "ethiopia"),
    ("Asmara", 38.93, 15.32, "1995-07-01", "eritrea"),
    ("Laayoune", -13.2, 27.15, "1970-07-01", "spain"),
    ("Laayoune", -13.2, 27.15, "1980-07-01", "morocco"),
    ("Awserd", -14.33, 22.55, "1977-07-01", "mauritania"),
    ("Awserd", -14.33, 22.55, "1985-07-01", "morocco"),
    ("Accra", -0.19, 5.6, "1950-07-01", "united-kingdom"),
    ("Accra", -0.19, 5.6, "1960-07-01", "ghana"),
    ("Lagos", 3.39, 6.45, "1950-07-01", "united-kingdom"),
    ("Lagos", 3.39, 6.45, "1965-07-01", "nigeria"),
    ("Kinshasa", 15.31, -4.32, "1900-07-01", "congo-free-state"),
    ("Kinshasa", 15.31, -4.32, "1950-07-01", "belgium"),
    ("Kinshasa", 15.31, -4.32, "1965-07-01", "democratic-republic-of-the-congo"),
    ("Algiers", 3.06, 36.75, "1900-07-01", "france"),
    ("Algiers", 3.06, 36.75, "1970-07-01", "algeria"),
    ("Nairobi", 36.82, -1.29, "1950-07-01", "united-kingdom"),
    ("Nairobi", 36.82, -1.29, "1970-07-01", "kenya"),
]


def test_famous_points_on_famous_dates(world: terrachron.Ledger) -> None:
    assert_famous(world, FAMOUS)


def test_answers_inside_curated_places_name_the_curated_ledger(world: terrachron.Ledger) -> None:
    place = str(world.locate([114.15], [22.27], ["1900-07-01"])["place"].iloc[0])
    assert place == "hong-kong-island"
    status = world.status(place, "1900-07-01")
    assert {link.ledger for link in status.chain} == {"hong-kong-macau"}
    cited = {c.source for link in status.chain for c in link.citations}
    assert "text-treaty-of-nanking-1842" in cited


def test_the_import_still_answers_outside_the_curated_places(world: terrachron.Ledger) -> None:
    # Lisbon and Bangkok are far from every curated place: the snapshots decide.
    got = world.locate([-9.14, 100.5], [38.72, 13.75], ["1950-07-01", "1950-07-01"])
    for place in got["place"].astype(object):
        assert world.files.source_ledger("places", str(place)) not in curated()
        status = world.status(str(place), "1950-07-01")
        assert not {link.ledger for link in status.chain} & set(curated())
