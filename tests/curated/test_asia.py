"""The curated ledgers of Asia and the Middle East (branch curated-asia): each clean on its own, and
right through the world ledger at famous places before, during and after each change."""

from __future__ import annotations

import terrachron
from tests.curated.conftest import assert_famous

# (what, lon, lat, date, de facto controller history records, deciding ledger). Points sit inland,
# away from the coast and the hand-drawn lines (docs/curated.md).
FAMOUS = [
    ("Baghdad, Ottoman", 44.36, 33.31, "1910-07-01", "ottoman-empire", "middle-east"),
    ("Baghdad, British occupation", 44.36, 33.31, "1918-07-01", "united-kingdom", "middle-east"),
    ("Baghdad, mandate", 44.36, 33.31, "1925-07-01", "united-kingdom", "middle-east"),
    ("Baghdad, independent", 44.36, 33.31, "1935-07-01", "iraq", "middle-east"),
    ("Baghdad, the CPA", 44.36, 33.31, "2004-01-01", "united-states", "middle-east"),
    ("Baghdad after the handover", 44.36, 33.31, "2004-07-01", "iraq", "middle-east"),
    ("Kuwait inland, protectorate", 47.6, 29.2, "1930-07-01", "kuwait", "middle-east"),
    ("Kuwait inland, before the invasion", 47.6, 29.2, "1990-07-01", "kuwait", "middle-east"),
    ("Kuwait inland, Iraqi occupation", 47.6, 29.2, "1990-10-01", "iraq", "middle-east"),
    ("Kuwait inland, liberated", 47.6, 29.2, "1991-06-01", "kuwait", "middle-east"),
    ("Nablus, Ottoman", 35.26, 32.22, "1910-07-01", "ottoman-empire", "middle-east"),
    ("Nablus, mandate", 35.26, 32.22, "1930-07-01", "united-kingdom", "middle-east"),
    ("Nablus under Jordan", 35.26, 32.22, "1960-07-01", "jordan", "middle-east"),
    ("Nablus after 1967", 35.26, 32.22, "1970-07-01", "israel", "middle-east"),
    ("Gaza City under Egypt", 34.46, 31.5, "1960-07-01", "egypt", "middle-east"),
    ("Gaza City in the Suez war", 34.46, 31.5, "1957-01-01", "israel", "middle-east"),
    ("Gaza City after 1967", 34.46, 31.5, "1980-07-01", "israel", "middle-east"),
    ("Gaza City under the PA", 34.46, 31.5, "2000-07-01", "palestinian-territories", "middle-east"),
    ("Gaza City under Hamas", 34.46, 31.5, "2010-07-01", "hamas", "middle-east"),
    ("Katzrin site, French mandate", 35.69, 32.99, "1930-07-01", "france", "middle-east"),
    ("Katzrin site, Syria", 35.69, 32.99, "1966-07-01", "syria", "middle-east"),
    ("Katzrin site, union", 35.69, 32.99, "1960-07-01", "united-arab-republic", "middle-east"),
    ("Katzrin, Israel", 35.69, 32.99, "1970-07-01", "israel", "middle-east"),
    ("Nakhl, Egypt", 33.75, 29.91, "1966-07-01", "egypt", "middle-east"),
    ("Nakhl, Israel", 33.75, 29.91, "1970-07-01", "israel", "middle-east"),
    ("Nakhl, returned in 1980", 33.75, 29.91, "1981-07-01", "egypt", "middle-east"),
    ("Sharm el-Sheikh, still Israeli", 34.3, 27.93, "1981-07-01", "israel", "middle-east"),
    ("Sharm el-Sheikh, returned", 34.3, 27.93, "1983-07-01", "egypt", "middle-east"),
    ("Hanoi, Nguyễn Vietnam", 105.85, 21.03, "1880-07-01", "dai-nam", "indochina"),
    ("Hanoi, protectorate", 105.85, 21.03, "1900-07-01", "france", "indochina"),
    ("Hanoi under Japan", 105.85, 21.03, "1943-07-01", "japan", "indochina"),
    ("Hanoi, war of 1946-54", 105.85, 21.03, "1950-07-01", "france", "indochina"),
    ("Hanoi, North Vietnam", 105.85, 21.03, "1960-07-01", "north-vietnam", "indochina"),
    ("Hanoi, reunified", 105.85, 21.03, "1980-07-01", "vietnam", "indochina"),
    ("Hue, Nguyễn capital", 107.58, 16.46, "1870-07-01", "dai-nam", "indochina"),
    ("Hue, South Vietnam", 107.58, 16.46, "1965-07-01", "south-vietnam", "indochina"),
    ("Saigon, Nguyễn", 106.7, 10.78, "1850-07-01", "dai-nam", "indochina"),
    ("Saigon, French colony", 106.7, 10.78, "1870-07-01", "france", "indochina"),
    ("Saigon, South Vietnam", 106.7, 10.78, "1970-07-01", "south-vietnam", "indochina"),
    ("Saigon after the fall", 106.7, 10.78, "1975-06-01", "north-vietnam", "indochina"),
    ("Phnom Penh, protectorate", 104.92, 11.56, "1900-07-01", "france", "indochina"),
    ("Phnom Penh, independent", 104.92, 11.56, "1960-07-01", "cambodia", "indochina"),
    ("Phnom Penh, Khmer Rouge", 104.92, 11.56, "1977-07-01", "democratic-kampuchea", "indochina"),
    ("Phnom Penh, Vietnamese occupation", 104.92, 11.56, "1980-07-01", "vietnam", "indochina"),
    ("Phnom Penh after the withdrawal", 104.92, 11.56, "1995-07-01", "cambodia", "indochina"),
    ("Battambang, Siamese", 103.2, 13.1, "1900-07-01", "thailand", "indochina"),
    ("Battambang, French", 103.2, 13.1, "1920-07-01", "france", "indochina"),
    ("Battambang, Thai again", 103.2, 13.1, "1942-07-01", "thailand", "indochina"),
    ("Battambang, returned", 103.2, 13.1, "1950-07-01", "france", "indochina"),
    ("Pyongyang, UN advance", 125.75, 39.03, "1950-11-01", "south-korea", "japanese-empire"),
    ("Pyongyang, retaken", 125.75, 39.03, "1951-02-01", "north-korea", "japanese-empire"),
    ("Kaesong, talks of 1951", 126.55, 37.97, "1951-07-10", "north-korea", "japanese-empire"),
    ("Kaesong before the war", 126.55, 37.97, "1950-06-01", "south-korea", "japanese-empire"),
    ("Changchun, Manchukuo", 125.32, 43.88, "1935-07-01", "japan", "japanese-occupations"),
    ("Beijing under Japan", 116.4, 39.9, "1940-06-01", "japan", "japanese-occupations"),
    ("Kuala Lumpur under Japan", 101.69, 3.14, "1943-06-01", "japan", "japanese-occupations"),
    ("Singapore under Japan", 103.82, 1.35, "1943-06-01", "japan", "japanese-occupations"),
    ("Mandalay under Japan", 96.08, 21.97, "1943-06-01", "japan", "japanese-occupations"),
    ("Bandung under Japan", 107.6, -6.91, "1943-06-01", "japan", "japanese-occupations"),
]


def test_famous_points_on_famous_dates(world: terrachron.Ledger) -> None:
    assert_famous(world, FAMOUS)


def test_outside_its_window_an_occupation_leaves_the_import_to_answer(
    world: terrachron.Ledger,
) -> None:
    # Mandalay: before the window (1942-01-20/1945-05-03) the occupation is not in the chain;
    # after it a window step closes it and the controller is no longer Japan.
    got = world.locate([96.08, 96.08], [21.97, 21.97], ["1930-06-01", "1950-06-01"])
    before, after = (str(p) for p in got["place"].astype(object))
    early = world.status(before, "1930-06-01")
    assert "japanese-occupations" not in {link.ledger for link in early.chain}
    late = world.status(after, "1950-06-01")
    assert "window" in {link.role for link in late.chain}
    assert late.controller != ("japan",)


def test_answers_inside_a_fighting_span_are_uncertain(world: terrachron.Ledger) -> None:
    # Nablus fell some time in 5–8 June 1967: the ledger does not pretend to know the day.
    got = world.locate([35.26], [32.22], ["1967-06-06"])
    assert bool(got["uncertain"].iloc[0])


def test_the_golan_annexation_is_read_per_view(world: terrachron.Ledger) -> None:
    place = str(world.locate([35.69], [32.99], ["1990-07-01"])["place"].iloc[0])
    assert place == "golan-heights"
    syrian = world.status(place, "1990-07-01", view="syria")
    assert syrian.title == ("syria",)
    assert syrian.controller == ("israel",)
    assert syrian.occupied
    by_instrument = {link.instrument: link for link in syrian.chain}
    assert not by_instrument["golan-heights-law-1981"].recognized
    assert world.status(place, "1990-07-01", view="de-facto").controller == ("israel",)
