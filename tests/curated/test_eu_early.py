"""Europe 1783–1914 (the europe-1783-1914 ledger): the Balkans from Ottoman rule to the Balkan
wars, Finland, Luxembourg, and the Revolutionary and Napoleonic changes, as windowed
places over the import. Clean on its own, and right through the world ledger before, during and
after each change, at capitals and at ordinary towns."""

from __future__ import annotations

import terrachron
from terrachron import check_ledger
from tests.curated.conftest import DATA, assert_famous

LEDGER = "europe-1783-1914"

# (what, lon, lat, date, de facto controller history records[, deciding ledger]).
FAMOUS = [
    # Serbia: the uprisings, autonomy, independence and the gains of 1878 and 1912.
    ("Belgrade, Austrian occupation", 20.46, 44.81, "1790-06-01", "austria", LEDGER),
    ("Belgrade, Ottoman pashaluk", 20.46, 44.81, "1800-06-01", "ottoman-empire", LEDGER),
    ("Belgrade, insurgent Serbia", 20.46, 44.81, "1810-06-01", "serbia", LEDGER),
    ("Belgrade, reconquest", 20.46, 44.81, "1814-06-01", "ottoman-empire", LEDGER),
    ("Kragujevac, autonomous Serbia", 20.92, 44.01, "1850-06-01", "serbia", LEDGER),
    ("Zaječar, Kingdom of Serbia", 22.28, 43.9, "1905-06-01", "serbia", LEDGER),
    ("Niš, Ottoman", 21.9, 43.32, "1876-06-01", "ottoman-empire", LEDGER),
    ("Niš, Serbian", 21.9, 43.32, "1879-06-01", "serbia", LEDGER),
    ("Leskovac, Serbian", 21.95, 43.0, "1890-06-01", "serbia", LEDGER),
    ("Novi Pazar, Ottoman sanjak", 20.52, 43.14, "1900-06-01", "ottoman-empire", LEDGER),
    ("Novi Pazar, Serbian", 20.52, 43.14, "1913-06-01", "serbia", LEDGER),
    # Macedonia and the Balkan wars.
    ("Skopje, Ottoman", 21.43, 42.0, "1900-06-01", "ottoman-empire", LEDGER),
    ("Skopje, Serbian", 21.43, 42.0, "1914-06-01", "serbia", LEDGER),
    ("north of Bitola, Ottoman", 21.3, 41.1, "1912-06-01", "ottoman-empire", LEDGER),
    ("north of Bitola, Serbian", 21.3, 41.1, "1914-01-01", "serbia", LEDGER),
    ("Strumica, Bulgarian", 22.64, 41.44, "1914-01-01", "bulgaria", LEDGER),
    ("Thessaloniki, Ottoman", 22.94, 40.64, "1905-06-01", "ottoman-empire", LEDGER),
    ("Thessaloniki, Greek", 22.94, 40.64, "1913-06-01", "greece", LEDGER),
    ("Kilkis, Greek", 22.87, 40.99, "1914-06-01", "greece", LEDGER),
    ("Drama, Bulgarian-held", 24.15, 41.15, "1913-03-01", "bulgaria", LEDGER),
    ("Drama, Greek", 24.15, 41.15, "1914-01-01", "greece", LEDGER),
    ("Komotini, Bulgarian", 25.4, 41.12, "1914-03-01", "bulgaria", LEDGER),
    ("Ioannina, Greek", 20.85, 39.66, "1914-06-01", "greece", LEDGER),
    # Greece: independence, the Ionian Islands, Thessaly, Crete.
    ("Tripoli (Tripolitsa), Ottoman", 22.37, 37.51, "1820-06-01", "ottoman-empire", LEDGER),
    ("Tripoli (Tripolitsa), Greek", 22.37, 37.51, "1832-06-01", "greece", LEDGER),
    ("Lamia, Greek", 22.43, 38.9, "1860-06-01", "greece", LEDGER),
    ("Larissa, Ottoman", 22.42, 39.64, "1880-06-01", "ottoman-empire", LEDGER),
    ("Larissa, Greek", 22.42, 39.64, "1885-06-01", "greece", LEDGER),
    ("Larissa, Ottoman occupation of 1897", 22.42, 39.64, "1897-08-01", "ottoman-empire", LEDGER),
    ("Trikala, Greek", 21.77, 39.55, "1900-06-01", "greece", LEDGER),
    ("Corfu, Venetian", 19.92, 39.62, "1790-06-01", "republic-of-venice", LEDGER),
    ("Corfu, Septinsular Republic", 19.92, 39.62, "1803-06-01", "septinsular-republic", LEDGER),
    ("Corfu, French", 19.92, 39.62, "1811-06-01", "france", LEDGER),
    ("Corfu, British protectorate", 19.92, 39.62, "1850-06-01", "united-kingdom", LEDGER),
    ("Kefalonia, British", 20.58, 38.22, "1811-06-01", "united-kingdom", LEDGER),
    ("Kefalonia, Greek", 20.58, 38.22, "1865-06-01", "greece", LEDGER),
    ("Heraklion, Ottoman", 25.13, 35.32, "1890-06-01", "ottoman-empire", LEDGER),
    ("Heraklion, Cretan State", 25.13, 35.32, "1905-06-01", "cretan-state", LEDGER),
    ("Heraklion, Greek", 25.13, 35.32, "1914-06-01", "greece", LEDGER),
    # Bulgaria and Eastern Rumelia.
    ("Sofia, Ottoman", 23.32, 42.7, "1875-06-01", "ottoman-empire", LEDGER),
    ("Sofia, Russian occupation", 23.32, 42.7, "1878-03-01", "russian-empire", LEDGER),
    ("Sofia, Principality", 23.32, 42.7, "1880-06-01", "bulgaria", LEDGER),
    ("Veliko Tarnovo, Principality", 25.63, 43.08, "1880-01-01", "bulgaria", LEDGER),
    ("Plovdiv, Eastern Rumelia", 24.75, 42.15, "1881-06-01", "eastern-rumelia", LEDGER),
    ("Plovdiv, united with Bulgaria", 24.75, 42.15, "1890-06-01", "bulgaria", LEDGER),
    ("Blagoevgrad, Ottoman", 23.1, 42.02, "1900-06-01", "ottoman-empire", LEDGER),
    ("Dobrich, Bulgarian", 27.83, 43.57, "1900-06-01", "bulgaria", LEDGER),
    ("Dobrich, Romanian", 27.83, 43.57, "1914-06-01", "romania", LEDGER),
    # Wallachia, Moldavia, Romania and the Dobruja.
    ("Bucharest, Wallachia", 26.1, 44.43, "1800-06-01", "wallachia", LEDGER),
    ("Bucharest, Russian occupation", 26.1, 44.43, "1810-06-01", "russian-empire", LEDGER),
    ("Bucharest, Wallachia under the Porte", 26.1, 44.43, "1820-06-01", "wallachia", LEDGER),
    ("Iași, Moldavia", 27.59, 47.16, "1850-06-01", "moldavia", LEDGER),
    ("Iași, United Principalities", 27.59, 47.16, "1862-06-01", "romania", LEDGER),
    ("Craiova, Romania", 23.8, 44.32, "1905-06-01", "romania", LEDGER),
    ("Constanța, Ottoman", 28.62, 44.18, "1870-06-01", "ottoman-empire", LEDGER),
    ("Constanța, Romanian", 28.62, 44.18, "1880-06-01", "romania", LEDGER),
    # The North.
    ("Tampere, Swedish", 23.76, 61.5, "1800-06-01", "sweden", LEDGER),
    ("Tampere, Grand Duchy", 23.76, 61.5, "1810-01-01", "russian-empire", LEDGER),
    ("Kuopio, Grand Duchy", 27.68, 62.89, "1905-06-01", "russian-empire", LEDGER),
    ("Tampere, independent Finland", 23.76, 61.5, "1919-06-01", "finland", LEDGER),
    ("Lappeenranta, Old Finland", 28.19, 61.06, "1800-06-01", "russian-empire", LEDGER),
    ("Mersch, Belgian-administered", 6.1, 49.75, "1835-06-01", "belgium", LEDGER),
    ("Mersch, Grand Duchy", 6.1, 49.75, "1841-06-01", "luxembourg", LEDGER),
    ("Luxembourg city, French", 6.13, 49.61, "1805-06-01", "france", LEDGER),
    # The Revolutionary and Napoleonic era.
    ("Brussels, United Belgian States", 4.35, 50.85, "1790-06-01", "united-belgian-states", LEDGER),
    ("Ghent, annexed to France", 3.72, 51.05, "1800-06-01", "france", LEDGER),
    ("Utrecht, Batavian Republic", 5.12, 52.09, "1797-06-01", "batavian-republic", LEDGER),
    ("Amsterdam, Kingdom of Holland", 4.9, 52.37, "1808-06-01", "kingdom-of-holland", LEDGER),
    ("Utrecht, annexed to France", 5.12, 52.09, "1812-06-01", "france", LEDGER),
    ("Koblenz, French", 7.59, 50.36, "1800-06-01", "france", LEDGER),
    ("Aachen, French", 6.08, 50.78, "1810-06-01", "france", LEDGER),
    ("Mainz, French", 8.27, 50.0, "1805-06-01", "france", LEDGER),
    ("Göttingen, Westphalia", 9.93, 51.53, "1808-06-01", "kingdom-of-westphalia", LEDGER),
    ("Kassel, Westphalia", 9.48, 51.31, "1811-06-01", "kingdom-of-westphalia", LEDGER),
    ("Erfurt, Electorate of Mainz", 11.03, 50.98, "1795-06-01", "electorate-of-mainz", LEDGER),
    ("Erfurt, French imperial domain", 11.03, 50.98, "1808-06-01", "france", LEDGER),
    ("Innsbruck, Bavarian", 11.39, 47.27, "1807-06-01", "bavaria", LEDGER),
    ("Ljubljana, Illyrian Provinces", 14.5, 46.05, "1811-06-01", "france", LEDGER),
    ("Corte, Anglo-Corsican Kingdom", 9.15, 42.31, "1795-06-01", "great-britain", LEDGER),
    ("Corte, French again", 9.15, 42.31, "1797-06-01", "france", LEDGER),
    ("Valletta, Knights of Saint John", 14.51, 35.9, "1790-06-01", "order-of-saint-john", LEDGER),
    ("Valletta, British", 14.51, 35.9, "1805-06-01", "united-kingdom", LEDGER),
    ("Smolensk, before the French", 32.05, 54.78, "1812-06-01", "russian-empire"),
    ("Smolensk, French", 32.05, 54.78, "1812-09-15", "france", LEDGER),
    ("Moscow, French", 37.62, 55.75, "1812-10-01", "france", LEDGER),
    ("Vilnius, French", 25.28, 54.69, "1812-08-01", "france", LEDGER),
    # After the windows the ledgers below answer again, unchanged.
    ("Oslo, German occupation", 10.75, 59.91, "1942-06-01", "germany", "europe-ww2"),
    ("Belgrade, German occupation", 20.46, 44.81, "1942-06-01", "germany", "europe-ww2"),
    ("Moscow, Soviet", 37.62, 55.75, "1950-06-01", "soviet-union"),
]


def test_the_ledger_is_clean_on_its_own() -> None:
    files, problems = check_ledger(DATA / LEDGER)
    assert problems == []
    assert len(files.places) >= 40


def test_every_place_is_windowed() -> None:
    # The ledger re-records 1783–1920 only: outside each place's window the import (and the
    # curated ledgers of the world wars) answer, so none of its places may speak for all time.
    files, _ = check_ledger(DATA / LEDGER)
    assert all(place.overrides is not None for place in files.places.values())


def test_famous_places_through_the_world(world: terrachron.Ledger) -> None:
    assert len(FAMOUS) >= 40
    assert_famous(world, FAMOUS)
