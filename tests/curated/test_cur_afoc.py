"""Africa before 1960, the Pacific islands and South America's gaps (branch cur-afoc): the windowed
ledgers africa-windows and pacific-americas-windows and the whole-history ledgers egypt-nile,
africa-colonies and pacific-colonies, checked at famous places and ordinary towns before, during
and after each change."""

from __future__ import annotations

import terrachron
from tests.curated.conftest import assert_famous, included

# (what, lon, lat, date, de facto controller history records[, deciding ledger]). Points sit
# inland, away from the hand-drawn lines of the approximate outlines (the recipes' notes say which).
FAMOUS = [
    # Egypt west of Sinai
    ("Cairo", 31.24, 30.05, "1790-06-01", "ottoman-empire"),
    ("Cairo", 31.24, 30.05, "1800-06-01", "france"),
    ("Cairo", 31.24, 30.05, "1890-06-01", "egypt", "egypt-nile"),
    ("Cairo", 31.24, 30.05, "1918-06-01", "united-kingdom"),
    ("Cairo", 31.24, 30.05, "1930-06-01", "egypt"),
    ("Minya", 30.75, 28.10, "1926-06-01", "egypt"),
    ("Tanta", 31.00, 30.79, "1950-06-01", "egypt"),
    # Darfur, from the sultanate to the Anglo-Egyptian Sudan
    ("Nyala", 24.88, 12.05, "1850-06-01", "darfur"),
    ("Nyala", 24.88, 12.05, "1880-06-01", "egypt"),
    ("Nyala", 24.88, 12.05, "1890-06-01", "mahdist-state"),
    ("Nyala", 24.88, 12.05, "1905-06-01", "darfur", "africa-windows"),
    ("Nyala", 24.88, 12.05, "1920-06-01", "united-kingdom"),
    # Zululand, the Cape, Natal, the Transkei
    ("Ulundi", 31.42, -28.33, "1890-06-01", "united-kingdom"),
    ("Ulundi", 31.42, -28.33, "1930-06-01", "south-africa", "africa-colonies"),
    ("Cape Town", 18.47, -33.95, "1790-06-01", "netherlands"),
    ("Cape Town", 18.47, -33.95, "1804-06-01", "batavian-republic"),
    ("Cape Town", 18.47, -33.95, "1850-06-01", "united-kingdom"),
    ("Cape Town", 18.47, -33.95, "1950-06-01", "south-africa"),
    ("Pietermaritzburg", 30.38, -29.60, "1841-06-01", "natalia"),
    ("Pietermaritzburg", 30.38, -29.60, "1880-06-01", "united-kingdom"),
    ("Mthatha", 28.78, -31.59, "1985-06-01", "transkei"),
    # Bechuanaland and Northern Rhodesia
    ("Serowe", 26.71, -22.39, "1900-06-01", "united-kingdom"),
    ("Serowe", 26.71, -22.39, "1975-06-01", "botswana"),
    ("Kabwe", 28.45, -14.44, "1905-06-01", "united-kingdom"),
    ("Ndola", 28.64, -12.97, "1970-06-01", "zambia"),
    # West Africa's conquests
    ("Kankan", -9.30, 10.38, "1885-06-01", "wassoulou-empire"),
    ("Kankan", -9.30, 10.38, "1905-06-01", "france"),
    ("Kano", 8.52, 12.00, "1890-06-01", "sokoto-caliphate"),
    ("Kano", 8.52, 12.00, "1910-06-01", "united-kingdom"),
    ("Abomey", 1.99, 7.18, "1850-06-01", "dahomey"),
    ("Abomey", 1.99, 7.18, "1893-06-01", "france"),
    # Africa's splits
    ("Lubumbashi", 27.48, -11.66, "1961-06-01", "state-of-katanga"),
    ("Lubumbashi", 27.48, -11.66, "1965-06-01", "democratic-republic-of-the-congo"),
    ("Mbuji-Mayi", 23.60, -6.13, "1961-06-01", "south-kasai"),
    ("Umuahia", 7.49, 5.53, "1968-06-01", "biafra"),
    ("Umuahia", 7.49, 5.53, "1971-06-01", "nigeria"),
    ("Chefchaouen", -5.27, 35.17, "1925-06-01", "rif-republic"),
    ("Targuist", -4.32, 34.94, "1923-06-01", "rif-republic"),
    ("Targuist", -4.32, 34.94, "1940-06-01", "spain"),
    ("Kairouan", 10.10, 35.68, "1943-02-01", "germany"),
    ("Kairouan", 10.10, 35.68, "1943-06-01", "france"),
    ("Tunis", 10.17, 36.80, "1943-03-01", "germany"),
    ("Aozou", 17.42, 21.82, "1965-06-01", "chad"),
    ("Aozou", 17.42, 21.82, "1980-06-01", "libya"),
    ("Aozou", 17.42, 21.82, "2000-06-01", "chad"),
    # South America
    ("Lima", -77.03, -12.05, "1882-06-01", "chile"),
    ("Lima", -77.03, -12.05, "1885-06-01", "peru"),
    ("Chascomús", -58.01, -35.57, "1855-06-01", "state-of-buenos-aires"),
    ("Chascomús", -58.01, -35.57, "1865-06-01", "argentina"),
    ("Rosario", -60.64, -32.95, "1855-06-01", "argentina"),
    # The Pacific
    ("Lae", 146.98, -6.70, "1943-01-01", "japan"),
    ("Lae", 146.98, -6.70, "1944-06-01", "australia"),
    ("Guadalcanal", 160.0, -9.6, "1937-06-01", "united-kingdom"),
    ("Guadalcanal", 160.0, -9.6, "1942-06-01", "japan"),
    ("Guadalcanal", 160.0, -9.6, "1960-06-01", "united-kingdom"),
    ("Guadalcanal", 160.0, -9.6, "1990-06-01", "solomon-islands"),
    ("Nauru", 166.93, -0.53, "1900-06-01", "germany"),
    ("Nauru", 166.93, -0.53, "1930-06-01", "australia"),
    ("Nauru", 166.93, -0.53, "1944-01-01", "japan"),
    ("Nauru", 166.93, -0.53, "1980-06-01", "nauru"),
    ("Espiritu Santo", 166.9, -15.3, "1930-06-01", "france|united-kingdom"),
    ("Espiritu Santo", 166.9, -15.3, "1980-06-15", "vemerana"),
    ("Espiritu Santo", 166.9, -15.3, "1985-06-01", "vanuatu"),
    ("Tahiti", -149.45, -17.65, "1820-06-01", "kingdom-of-tahiti"),
    ("Tahiti", -149.45, -17.65, "1850-06-01", "france"),
]

MINE = [
    "africa-windows",
    "pacific-americas-windows",
    "egypt-nile",
    "africa-colonies",
    "pacific-colonies",
]


def test_famous_points_before_during_and_after(world: terrachron.Ledger) -> None:
    assert_famous(world, FAMOUS)


def test_windowed_ledgers_rank_above_the_whole_histories_they_split() -> None:
    # A window splits only the places ranked below it: Katanga must outrank african-independence's
    # Congo, the Rif the maghreb's zones, Lima south-america's Peru, Santo this branch's Vanuatu.
    names = included()
    for windowed in ("africa-windows", "pacific-americas-windows"):
        for below in (
            "african-independence",
            "maghreb",
            "nile-and-horn",
            "south-america",
            "new-guinea",
            "egypt-nile",
            "africa-colonies",
            "pacific-colonies",
        ):
            assert names.index(windowed) < names.index(below), (windowed, below)
    # Egypt sits below the middle-east's Sinai and nile-and-horn's Sudan, which cut it.
    assert names.index("egypt-nile") > max(names.index("middle-east"), names.index("nile-and-horn"))
    assert set(MINE) <= set(names)


def test_outside_a_window_the_record_below_answers(world: terrachron.Ledger) -> None:
    # Lubumbashi before the secession and after it is the Congo's, and the chain says the
    # window closed.
    got = world.locate([27.48, 27.48], [-11.66, -11.66], ["1960-07-01", "1963-06-01"])
    assert list(got["controller"].astype(object)) == [
        "democratic-republic-of-the-congo",
        "democratic-republic-of-the-congo",
    ]
    place = str(got["place"].iloc[1])
    steps = [link.role for link in world.status(place, "1963-06-01").chain]
    assert "window" in steps
