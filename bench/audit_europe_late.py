"""Audit Europe 1914–2022: capitals and provincial towns at the brief's dates, one line per town.

Prints, for every town, the de facto controller the world ledger gives at each audit date, with
runs of equal answers collapsed (``1914..1917 russian-empire``) and an uncertain answer marked
``?``, so a reader can check each country's twentieth century against what history records. It
asserts nothing: it is a reading aid for curation, not a test.

    .venv/bin/python bench/audit_europe_late.py [--ledger world] [--only Riga,Minsk]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import terrachron

# (town, lon, lat): each country's capital and two or three provincial towns, inland enough to
# miss coastal slivers.
TOWNS: list[tuple[str, float, float]] = [
    ("Helsinki", 24.94, 60.19),
    ("Tampere", 23.76, 61.5),
    ("Oulu", 25.47, 65.01),
    ("Tallinn", 24.75, 59.43),
    ("Tartu", 26.72, 58.38),
    ("Narva", 28.19, 59.37),
    ("Riga", 24.11, 56.95),
    ("Liepāja", 21.02, 56.51),
    ("Jelgava", 23.72, 56.65),
    ("Daugavpils", 26.53, 55.87),
    ("Kaunas", 23.9, 54.9),
    ("Vilnius", 25.28, 54.69),
    ("Šiauliai", 23.32, 55.93),
    ("Klaipėda", 21.14, 55.71),
    ("Warsaw", 21.01, 52.23),
    ("Poznań", 16.93, 52.41),
    ("Września", 17.57, 52.33),
    ("Toruń", 18.6, 53.01),
    ("Katowice", 19.02, 50.26),
    ("Kraków", 19.94, 50.06),
    ("Lviv", 24.03, 49.84),
    ("Ternopil", 25.59, 49.55),
    ("Grodno", 23.83, 53.68),
    ("Brest", 23.7, 52.1),
    ("Minsk", 27.56, 53.9),
    ("Pinsk", 26.1, 52.11),
    ("Vitebsk", 30.2, 55.19),
    ("Kyiv", 30.52, 50.45),
    ("Kharkiv", 36.23, 49.99),
    ("Odesa", 30.73, 46.48),
    ("Donetsk", 37.8, 48.0),
    ("Luhansk", 39.31, 48.57),
    ("Mariupol", 37.55, 47.1),
    ("Kherson", 32.62, 46.64),
    ("Melitopol", 35.37, 46.85),
    ("Izium", 37.26, 49.21),
    ("Simferopol", 34.1, 44.95),
    ("Chișinău", 28.86, 47.01),
    ("Tiraspol", 29.63, 46.84),
    ("Bender", 29.48, 46.83),
    ("Prague", 14.42, 50.08),
    ("Karlovy Vary", 12.87, 50.23),
    ("Liberec", 15.06, 50.77),
    ("Brno", 16.61, 49.2),
    ("Bratislava", 17.11, 48.15),
    ("Košice", 21.26, 48.72),
    ("Banská Bystrica", 19.15, 48.74),
    ("Vienna", 16.37, 48.21),
    ("Graz", 15.44, 47.07),
    ("Innsbruck", 11.4, 47.27),
    ("Budapest", 19.04, 47.5),
    ("Pécs", 18.23, 46.07),
    ("Debrecen", 21.63, 47.53),
    ("Szeged", 20.15, 46.25),
    ("Cluj", 23.6, 46.77),
    ("Oradea", 21.92, 47.06),
    ("Timișoara", 21.23, 45.75),
    ("Bucharest", 26.1, 44.43),
    ("Craiova", 23.8, 44.32),
    ("Iași", 27.6, 47.16),
    ("Ljubljana", 14.51, 46.05),
    ("Maribor", 15.65, 46.55),
    ("Zagreb", 15.98, 45.81),
    ("Knin", 16.2, 44.04),
    ("Vukovar", 19.0, 45.35),
    ("Split", 16.44, 43.51),
    ("Sarajevo", 18.41, 43.86),
    ("Banja Luka", 17.19, 44.77),
    ("Mostar", 17.81, 43.34),
    ("Belgrade", 20.46, 44.82),
    ("Novi Sad", 19.84, 45.26),
    ("Subotica", 19.67, 46.1),
    ("Kragujevac", 20.91, 44.01),
    ("Niš", 21.9, 43.32),
    ("Skopje", 21.43, 42.0),
    ("Bitola", 21.33, 41.03),
    ("Podgorica", 19.26, 42.44),
    ("Tirana", 19.82, 41.33),
    ("Athens", 23.73, 37.98),
    ("Thessaloniki", 22.94, 40.64),
    ("Ioannina", 20.85, 39.66),
    ("Drama", 24.15, 41.15),
    ("Heraklion", 25.13, 35.33),
    ("Sofia", 23.32, 42.7),
    ("Berlin", 13.4, 52.52),
    ("Leipzig", 12.37, 51.34),
    ("Erfurt", 11.03, 50.98),
    ("Munich", 11.58, 48.14),
    ("Frankfurt", 8.68, 50.11),
    ("Paris", 2.35, 48.86),
    ("Nice", 7.27, 43.7),
    ("Digne", 6.24, 44.09),
    ("Grenoble", 5.72, 45.19),
    ("Dublin", -6.26, 53.35),
    ("Athlone", -7.94, 53.42),
    ("Belfast", -5.93, 54.6),
    ("Kursk", 36.19, 51.73),
    ("Smolensk", 32.05, 54.78),
    ("Moscow", 37.62, 55.75),
]

DATES: list[str] = [
    *(f"{y}-06-01" for y in (1914, 1915, 1916, 1917, 1918, 1919, 1920, 1921, 1923, 1925, 1930)),
    *(f"{y}-06-01" for y in (1938, 1939, 1940, 1941, 1942, 1943, 1944, 1945, 1946, 1950, 1960)),
    *(f"{y}-06-01" for y in (1980, *range(1990, 2000), 2005, 2014, 2015, 2020)),
    "2022-06-01",
    "2022-12-01",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ledger", default="world", help="a bundled ledger name or a folder")
    parser.add_argument("--only", default="", help="comma-separated town names")
    args = parser.parse_args()
    folder = Path(args.ledger)
    if not folder.is_dir():
        folder = Path(__file__).resolve().parents[1] / "src" / "terrachron" / "data" / args.ledger
    ledger = terrachron.open_ledger(folder)
    only = {name for name in args.only.split(",") if name}
    towns = [t for t in TOWNS if not only or t[0] in only]
    rows = [(town, day) for town in towns for day in DATES]
    got = ledger.locate(
        [t[1] for t, _ in rows], [t[2] for t, _ in rows], [day for _, day in rows], threads=1
    )
    answers = [
        f"{c}{'?' if u else ''}"
        for c, u in zip(got["controller"].astype(object), got["uncertain"], strict=True)
    ]
    for i, town in enumerate(towns):
        mine = answers[i * len(DATES) : (i + 1) * len(DATES)]
        runs: list[str] = []
        start = 0
        for j in range(1, len(DATES) + 1):
            if j == len(DATES) or mine[j] != mine[start]:
                first, last = DATES[start][:7], DATES[j - 1][:7]
                span = first if first == last else f"{first}..{last}"
                runs.append(f"{span} {mine[start]}")
                start = j
        print(f"{town[0]}: " + "; ".join(runs))


if __name__ == "__main__":
    main()
