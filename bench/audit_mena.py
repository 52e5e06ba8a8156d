"""Audit the world's answers for the Middle East, the Caucasus and Africa's towns, decade by decade.

For every town of the list below (a capital and a few provincial towns per country of the
region), this asks the world ledger (de facto view) who controlled it on 1 June of every decade
year 1790–2020 and on the days of the region's famous changes, and prints one row per town with
the controller of each date, so a reader can run an eye along a country's history and spot the
decades an answer is wrong. It asserts nothing: it is a reading aid for curation, not a test
(the checked cases live in tests/curated/test_mena.py).

Run (from the repository root; a cold world open takes minutes under load)::

    .venv/bin/python bench/audit_mena.py [--ledger world] [--only TEXT]
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass

from terrachron import open_ledger


@dataclass(frozen=True)
class Town:
    """A town to audit: its country today, name and position."""

    country: str
    name: str
    lon: float
    lat: float


TOWNS: tuple[Town, ...] = (
    Town("Georgia", "Tbilisi", 44.79, 41.72),
    Town("Georgia", "Kutaisi", 42.70, 42.27),
    Town("Georgia", "Batumi", 41.64, 41.64),
    Town("Azerbaijan", "Baku", 49.87, 40.41),
    Town("Azerbaijan", "Ganja", 46.36, 40.68),
    Town("Azerbaijan", "Shusha", 46.75, 39.76),
    Town("Azerbaijan", "Stepanakert", 46.75, 39.82),
    Town("Azerbaijan", "Agdam", 46.93, 39.99),
    Town("Azerbaijan", "Kalbajar", 46.04, 40.11),
    Town("Azerbaijan", "Lachin", 46.55, 39.64),
    Town("Azerbaijan", "Nakhchivan", 45.41, 39.21),
    Town("Armenia", "Yerevan", 44.51, 40.18),
    Town("Armenia", "Gyumri", 43.85, 40.79),
    Town("Iran", "Tehran", 51.39, 35.69),
    Town("Iran", "Tabriz", 46.29, 38.08),
    Town("Iran", "Rasht", 49.59, 37.28),
    Town("Iran", "Isfahan", 51.67, 32.65),
    Town("Turkey", "Istanbul", 28.98, 41.01),
    Town("Turkey", "Ankara", 32.85, 39.93),
    Town("Turkey", "Erzurum", 41.27, 39.90),
    Town("Turkey", "Trabzon", 39.72, 41.00),
    Town("Turkey", "Izmir", 27.14, 38.42),
    Town("Turkey", "Manisa", 27.43, 38.61),
    Town("Turkey", "Kars", 43.10, 40.60),
    Town("Syria", "Damascus", 36.29, 33.51),
    Town("Syria", "Aleppo", 37.16, 36.20),
    Town("Syria", "Palmyra", 38.27, 34.56),
    Town("Syria", "Raqqa", 39.01, 35.95),
    Town("Lebanon", "Beirut", 35.50, 33.89),
    Town("Israel/Palestine", "Jerusalem", 35.23, 31.78),
    Town("Israel/Palestine", "Nablus", 35.26, 32.22),
    Town("Israel/Palestine", "Ramallah", 35.20, 31.90),
    Town("Israel/Palestine", "Gaza", 34.47, 31.50),
    Town("Israel/Palestine", "Haifa", 34.99, 32.79),
    Town("Jordan", "Amman", 35.93, 31.95),
    Town("Iraq", "Baghdad", 44.37, 33.31),
    Town("Iraq", "Mosul", 43.13, 36.34),
    Town("Iraq", "Basra", 47.78, 30.51),
    Town("Kuwait", "Kuwait City", 47.98, 29.37),
    Town("Saudi Arabia", "Riyadh", 46.72, 24.69),
    Town("Saudi Arabia", "Ha'il", 41.69, 27.52),
    Town("Saudi Arabia", "Mecca", 39.83, 21.42),
    Town("Saudi Arabia", "Jeddah", 39.19, 21.54),
    Town("Saudi Arabia", "Medina", 39.61, 24.47),
    Town("Saudi Arabia", "Hofuf", 49.59, 25.38),
    Town("Yemen", "Sana'a", 44.21, 15.35),
    Town("Yemen", "Lahij", 44.88, 13.06),
    Town("Yemen", "Aden", 45.03, 12.79),
    Town("Oman", "Muscat", 58.41, 23.59),
    Town("Qatar", "Doha", 51.53, 25.29),
    Town("Bahrain", "Manama", 50.58, 26.22),
    Town("UAE", "Abu Dhabi", 54.37, 24.45),
    Town("Algeria", "Algiers", 3.06, 36.75),
    Town("Algeria", "Constantine", 6.61, 36.36),
    Town("Algeria", "Mascara", 0.14, 35.40),
    Town("Algeria", "Tlemcen", -1.32, 34.88),
    Town("Tunisia", "Tunis", 10.18, 36.81),
    Town("Libya", "Tripoli", 13.19, 32.89),
    Town("Morocco", "Fez", -5.00, 34.03),
    Town("Egypt", "Cairo", 31.24, 30.04),
    Town("Sudan", "Khartoum", 32.53, 15.59),
    Town("Sudan", "El Obeid", 30.22, 13.18),
    Town("Sudan", "Kassala", 36.40, 15.45),
    Town("Ethiopia", "Harar", 42.12, 9.31),
    Town("Ethiopia", "Addis Ababa", 38.75, 9.03),
    Town("Mali", "Segou", -6.27, 13.43),
    Town("Burkina Faso", "Ouagadougou", -1.53, 12.37),
    Town("Ghana", "Kumasi", -1.62, 6.69),
    Town("Nigeria", "Sokoto", 5.24, 13.06),
    Town("Nigeria", "Maiduguri", 13.16, 11.85),
    Town("Benin", "Abomey", 1.99, 7.18),
    Town("South Africa", "Ulundi", 31.42, -28.32),
    Town("Lesotho", "Maseru", 27.48, -29.31),
    Town("Uganda", "Kampala", 32.58, 0.35),
    Town("Madagascar", "Antananarivo", 47.52, -18.91),
)

DECADES = tuple(f"{year}-06-01" for year in range(1790, 2030, 10))


def main() -> None:
    """Print each town's controller on 1 June of every decade year."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ledger", default="world", help="a bundled ledger name or a folder")
    parser.add_argument("--only", default="", help="audit only towns whose country contains this")
    parser.add_argument("--dates", nargs="*", default=list(DECADES), help="EDTF days to ask")
    args = parser.parse_args()
    towns = [t for t in TOWNS if args.only.lower() in t.country.lower()]
    ledger = open_ledger(args.ledger)
    lons = [t.lon for t in towns for _ in args.dates]
    lats = [t.lat for t in towns for _ in args.dates]
    dates = [d for _ in towns for d in args.dates]
    got = ledger.locate(lons, lats, dates)
    controllers = [str(c) for c in got["controller"].astype(object)]
    places = [str(p) for p in got["place"].astype(object)]
    for i, town in enumerate(towns):
        print(f"== {town.country}: {town.name} ({town.lon}, {town.lat})")
        for j, date in enumerate(args.dates):
            k = i * len(args.dates) + j
            print(f"   {date}  {controllers[k]:<28} {places[k]}")


if __name__ == "__main__":
    main()
