"""Europe's nineteenth century (europe-1815), the First World War's occupations (europe-ww1), the
Irish Free State and western Russia in 1941–1944 (europe-20c) and Heligoland (germany-borders):
right through the world ledger before, during and after each change, at capitals and ordinary
towns."""

from __future__ import annotations

import terrachron
from terrachron import check_ledger
from tests.curated.conftest import DATA, assert_famous

# (what, lon, lat, date, de facto controller history records[, the ledger that must decide]).
FAMOUS = [
    # The German states: the Confederation, Prussia's annexations of 1866, the Empire of 1871.
    ("Kassel", 9.49, 51.31, "1850-06-01", "electoral-hesse", "europe-1815"),
    ("Kassel", 9.49, 51.31, "1868-06-01", "prussia"),
    ("Kassel", 9.49, 51.31, "1875-06-01", "germany"),
    ("Fulda", 9.68, 50.55, "1840-06-01", "electoral-hesse"),
    ("Hanover", 9.73, 52.37, "1850-06-01", "hanover"),
    ("Hanover", 9.73, 52.37, "1870-06-01", "prussia"),
    ("Osnabrück", 8.05, 52.28, "1830-06-01", "hanover"),
    ("Wiesbaden", 8.24, 50.08, "1860-06-01", "nassau"),
    ("Wiesbaden", 8.24, 50.08, "1869-06-01", "prussia"),
    ("Frankfurt", 8.68, 50.11, "1850-06-01", "free-city-of-frankfurt"),
    ("Frankfurt", 8.68, 50.11, "1867-06-01", "prussia"),
    ("Kiel", 10.13, 54.32, "1850-06-01", "denmark"),
    ("Kiel", 10.13, 54.32, "1865-12-01", "austria"),
    ("Kiel", 10.13, 54.32, "1868-06-01", "prussia"),
    ("Schleswig", 9.57, 54.52, "1860-06-01", "denmark"),
    ("Schleswig", 9.57, 54.52, "1865-06-01", "prussia"),
    ("Dresden", 13.74, 51.05, "1850-06-01", "saxony"),
    ("Dresden", 13.74, 51.05, "1875-06-01", "germany"),
    ("Munich", 11.58, 48.14, "1850-06-01", "bavaria"),
    ("Munich", 11.58, 48.14, "1875-06-01", "germany"),
    ("Stuttgart", 9.18, 48.78, "1860-06-01", "wurttemberg"),
    ("Karlsruhe", 8.4, 49.0, "1860-06-01", "baden"),
    ("Darmstadt", 8.65, 49.87, "1860-06-01", "grand-duchy-of-hesse"),
    ("Berlin", 13.4, 52.52, "1850-06-01", "prussia"),
    ("Berlin", 13.4, 52.52, "1875-06-01", "germany"),
    ("Cologne", 6.96, 50.94, "1830-06-01", "prussia"),
    # Heligoland: Danish, British from 1807, German from 1890, British again 1945–1952.
    ("Heligoland", 7.887, 54.182, "1800-06-01", "denmark"),
    ("Heligoland", 7.887, 54.182, "1850-06-01", "united-kingdom", "germany-borders"),
    ("Heligoland", 7.887, 54.182, "1900-06-01", "germany"),
    ("Heligoland", 7.887, 54.182, "1948-06-01", "united-kingdom"),
    ("Heligoland", 7.887, 54.182, "1960-06-01", "germany"),
    # Belgium: the United Kingdom of the Netherlands, the revolution of 1830.
    ("Brussels", 4.35, 50.85, "1825-06-01", "netherlands", "europe-1815"),
    ("Brussels", 4.35, 50.85, "1835-06-01", "belgium"),
    ("Ghent", 3.72, 51.05, "1820-06-01", "netherlands"),
    ("Liège", 5.57, 50.63, "1850-06-01", "belgium"),
    # Italy's unification, 1859–1870.
    ("Milan", 9.19, 45.46, "1850-06-01", "austria"),
    ("Milan", 9.19, 45.46, "1860-01-01", "kingdom-of-sardinia"),
    ("Milan", 9.19, 45.46, "1865-06-01", "italy"),
    ("Mantua", 10.79, 45.16, "1863-06-01", "austria"),
    ("Turin", 7.69, 45.07, "1850-06-01", "kingdom-of-sardinia"),
    ("Turin", 7.69, 45.07, "1870-06-01", "italy"),
    ("Genoa", 8.93, 44.41, "1840-06-01", "kingdom-of-sardinia"),
    ("Florence", 11.25, 43.77, "1850-06-01", "tuscany"),
    ("Florence", 11.25, 43.77, "1865-06-01", "italy"),
    ("Lucca", 10.5, 43.84, "1830-06-01", "lucca"),
    ("Parma", 10.33, 44.8, "1850-06-01", "parma"),
    ("Modena", 10.93, 44.65, "1850-06-01", "modena"),
    ("Bologna", 11.34, 44.49, "1850-06-01", "papal-states"),
    ("Bologna", 11.34, 44.49, "1862-06-01", "italy"),
    ("Perugia", 12.39, 43.11, "1855-06-01", "papal-states"),
    ("Perugia", 12.39, 43.11, "1862-06-01", "italy"),
    ("Rome", 12.48, 41.9, "1865-06-01", "papal-states"),
    ("Rome", 12.48, 41.9, "1871-06-01", "italy"),
    ("Naples", 14.25, 40.85, "1850-06-01", "kingdom-of-the-two-sicilies"),
    ("Naples", 14.25, 40.85, "1862-06-01", "italy"),
    ("Palermo", 13.36, 38.12, "1850-06-01", "kingdom-of-the-two-sicilies"),
    ("Bari", 16.87, 41.12, "1875-06-01", "italy"),
    # The Free City of Kraków and its annexation by Austria.
    ("Kraków", 19.94, 50.06, "1830-06-01", "republic-of-krakow"),
    ("Kraków", 19.94, 50.06, "1850-06-01", "austria"),
    ("Kraków", 19.94, 50.06, "1875-06-01", "austria-hungary"),
    # The First World War's occupations (europe-ww1).
    ("Brussels", 4.35, 50.85, "1916-06-01", "germany", "europe-ww1"),
    ("Ypres", 2.88, 50.85, "1916-06-01", "belgium"),
    ("Lille", 3.06, 50.63, "1916-06-01", "germany"),
    ("Lille", 3.06, 50.63, "1919-06-01", "france"),
    ("Verdun", 5.38, 49.16, "1916-06-01", "france"),
    ("Kragujevac", 20.91, 44.01, "1916-06-01", "austria-hungary"),
    ("Niš", 21.9, 43.32, "1917-06-01", "bulgaria"),
    ("Warsaw", 21.01, 52.23, "1913-06-01", "russian-empire"),
    ("Warsaw", 21.01, 52.23, "1916-06-01", "germany"),
    ("Warsaw", 21.01, 52.23, "1919-06-01", "poland"),
    ("Lublin", 22.57, 51.25, "1917-06-01", "austria-hungary"),
    ("Bucharest", 26.1, 44.43, "1917-06-01", "germany"),
    ("Iași", 27.6, 47.16, "1917-06-01", "romania"),
    ("Constanța", 28.6, 44.18, "1917-06-01", "bulgaria"),
    # The Irish Free State from 6 December 1922.
    ("Dublin", -6.26, 53.35, "1921-06-01", "united-kingdom"),
    ("Dublin", -6.26, 53.35, "1930-06-01", "ireland", "europe-20c"),
    ("Athlone", -7.94, 53.42, "1925-06-01", "ireland"),
    ("Cork", -8.47, 51.9, "1950-06-01", "ireland"),
    # Germany's occupation of western Russia, 1941–1944.
    ("Smolensk", 32.05, 54.78, "1940-06-01", "soviet-union"),
    ("Smolensk", 32.05, 54.78, "1942-06-01", "germany", "europe-20c"),
    ("Smolensk", 32.05, 54.78, "1944-06-01", "soviet-union"),
    ("Bryansk", 34.37, 53.24, "1942-06-01", "germany"),
    ("Kursk", 36.19, 51.73, "1942-06-01", "germany"),
    ("Rostov-on-Don", 39.7, 47.23, "1942-10-01", "germany"),
    ("Krasnodar", 38.97, 45.04, "1943-06-01", "soviet-union"),
    ("Pskov", 28.33, 57.82, "1943-06-01", "germany"),
    ("Moscow", 37.62, 55.75, "1942-06-01", "soviet-union"),
]


def test_famous_points_on_famous_dates(world: terrachron.Ledger) -> None:
    assert_famous(world, FAMOUS)


def test_the_new_ledgers_are_windowed_so_the_import_answers_outside_them() -> None:
    for name in ("europe-1815", "europe-ww1", "europe-20c"):
        files, problems = check_ledger(DATA / name)
        assert [str(p) for p in problems] == []
        assert all(place.overrides is not None for place in files.places.values()), name


def test_after_the_window_the_import_answers_again(world: terrachron.Ledger) -> None:
    # Kassel in 1875 is decided by this ledger; from the 1880 snapshot on, by the import alone.
    place = str(world.locate([9.49], [51.31], ["1875-06-01"])["place"].iloc[0])
    below, _, above = place.partition("--")
    assert above == "electoral-hesse-territory"
    assert world.status(place, "1875-06-01").chain[-1].ledger == "europe-1815"
    for day in ("1890-06-01", "1950-06-01"):
        assert world.status(place, day).answer == world.status(below, day).answer
