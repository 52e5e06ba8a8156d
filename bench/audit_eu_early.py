"""Audit a ledger's answers for Europe 1783–1920: capitals and provincial towns, decade by decade.

For every town of the regions the ``europe-1783-1914`` ledger curates (the Balkans, Norway and
Finland, Luxembourg and the lands of the Napoleonic wars) this prints the de facto controller the
ledger gives at 1790, 1795, ... 1913 and at the dates of the famous changes, one line per town, so
that a reader can check the whole history of a region against what historians record, rather
than a few truth cases. Run it before and after a change and diff the two outputs.

Run (from the repository root)::

    .venv/bin/python bench/audit_eu_early.py                      # the world ledger
    .venv/bin/python bench/audit_eu_early.py --ledger src/terrachron/data/europe-1783-1914
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass

from terrachron import open_ledger

DECADES: tuple[str, ...] = tuple(
    f"{y}-06-01"
    for y in (
        *(1790, 1795, 1800, 1805, 1808, 1810, 1812, 1815, 1820),
        *(1830, 1840, 1850, 1860, 1870, 1880, 1890, 1900, 1910, 1913),
    )
)


@dataclass(frozen=True)
class Town:
    """A town to audit: its name, its region, a point inland, and extra dates worth asking."""

    name: str
    region: str
    lon: float
    lat: float
    extra: tuple[str, ...] = ()


TOWNS: tuple[Town, ...] = (
    Town("Belgrade", "Serbia", 20.46, 44.81, ("1807-06-01", "1814-06-01", "1817-06-01")),
    Town("Kragujevac", "Serbia", 20.92, 44.01, ("1807-06-01", "1814-06-01")),
    Town("Zaječar", "Serbia", 22.28, 43.90),
    Town("Niš", "Serbia", 21.9, 43.32, ("1877-06-01", "1878-03-01", "1879-06-01")),
    Town("Vranje", "Serbia", 21.9, 42.55, ("1879-06-01",)),
    Town("Novi Pazar", "Serbia", 20.52, 43.14, ("1912-06-01", "1912-12-01")),
    Town("Skopje", "Macedonia", 21.43, 42.0, ("1912-06-01", "1912-12-01")),
    Town("Bitola", "Macedonia", 21.3, 41.1, ("1912-06-01", "1913-06-01")),
    Town("Strumica", "Macedonia", 22.64, 41.44, ("1913-12-01",)),
    Town("Athens", "Greece", 23.73, 37.98, ("1822-06-01", "1832-06-01")),
    Town("Tripoli", "Greece", 22.37, 37.51, ("1820-06-01", "1823-06-01", "1832-06-01")),
    Town("Lamia", "Greece", 22.43, 38.9),
    Town(
        "Larissa", "Greece", 22.42, 39.64, ("1881-06-01", "1882-06-01", "1897-08-01", "1899-06-01")
    ),
    Town("Arta", "Greece", 20.98, 39.16, ("1882-06-01",)),
    Town("Ioannina", "Greece", 20.85, 39.66, ("1913-06-01",)),
    Town("Thessaloniki", "Greece", 22.94, 40.64, ("1912-06-01", "1912-12-01")),
    Town("Drama", "Greece", 24.15, 41.15, ("1913-03-01", "1913-09-01")),
    Town("Komotini", "Greece", 25.4, 41.12, ("1913-03-01", "1914-03-01")),
    Town("Corfu", "Greece", 19.92, 39.62, ("1798-06-01", "1802-06-01", "1811-06-01", "1865-06-01")),
    Town("Kefalonia", "Greece", 20.58, 38.22, ("1802-06-01", "1811-06-01", "1865-06-01")),
    Town("Heraklion", "Greece", 25.13, 35.32, ("1899-06-01", "1912-12-01", "1914-06-01")),
    Town("Mytilene", "Greece", 26.5, 39.15, ("1913-06-01",)),
    Town("Sofia", "Bulgaria", 23.32, 42.7, ("1878-03-01", "1879-06-01")),
    Town("Tarnovo", "Bulgaria", 25.63, 43.08),
    Town("Varna", "Bulgaria", 27.91, 43.21),
    Town("Plovdiv", "Bulgaria", 24.75, 42.15, ("1881-06-01", "1886-06-01")),
    Town("Burgas", "Bulgaria", 27.42, 42.5),
    Town("Blagoevgrad", "Bulgaria", 23.1, 42.02, ("1913-06-01",)),
    Town("Kardzhali", "Bulgaria", 25.37, 41.65, ("1913-06-01",)),
    Town("Dobrich", "Bulgaria", 27.83, 43.57, ("1913-06-01", "1914-06-01")),
    Town(
        "Bucharest",
        "Romania",
        26.1,
        44.43,
        ("1790-06-01", "1809-06-01", "1831-06-01", "1854-01-01", "1862-06-01"),
    ),
    Town("Craiova", "Romania", 23.8, 44.32),
    Town("Iași", "Romania", 27.59, 47.16, ("1809-06-01", "1831-06-01", "1862-06-01")),
    Town("Bacău", "Romania", 26.91, 46.57),
    Town("Constanța", "Romania", 28.62, 44.18, ("1878-09-01", "1879-06-01")),
    Town("Tulcea", "Romania", 28.78, 45.17),
    Town("Oslo", "Norway", 10.75, 59.92, ("1814-03-01", "1814-09-01", "1906-06-01")),
    Town("Bergen", "Norway", 5.34, 60.39, ("1906-06-01",)),
    Town("Lillehammer", "Norway", 10.47, 61.11, ("1906-06-01",)),
    Town("Trondheim", "Norway", 10.4, 63.42),
    Town("Helsinki", "Finland", 24.94, 60.18, ("1808-06-01", "1809-12-01", "1918-06-01")),
    Town("Tampere", "Finland", 23.76, 61.5, ("1919-06-01",)),
    Town("Turku", "Finland", 22.27, 60.45),
    Town("Oulu", "Finland", 25.47, 65.01),
    Town("Lappeenranta", "Finland", 28.19, 61.06, ("1919-06-01",)),
    Town("Luxembourg", "Luxembourg", 6.13, 49.61, ("1835-06-01", "1841-06-01")),
    Town("Mersch", "Luxembourg", 6.1, 49.75, ("1835-06-01", "1841-06-01")),
    Town(
        "Amsterdam",
        "Low Countries",
        4.9,
        52.37,
        ("1797-06-01", "1807-06-01", "1811-06-01", "1814-06-01"),
    ),
    Town("Utrecht", "Low Countries", 5.12, 52.09, ("1812-06-01",)),
    Town("Brussels", "Low Countries", 4.35, 50.85, ("1790-06-01", "1793-06-01", "1814-06-01")),
    Town("Ghent", "Low Countries", 3.72, 51.05),
    Town("Koblenz", "Rhineland", 7.59, 50.36),
    Town("Cologne", "Rhineland", 6.96, 50.94),
    Town("Aachen", "Rhineland", 6.08, 50.78),
    Town("Mainz", "Rhineland", 8.27, 50.0, ("1797-06-01", "1798-06-01")),
    Town("Speyer", "Rhineland", 8.43, 49.32),
    Town("Kassel", "Westphalia", 9.48, 51.31),
    Town("Göttingen", "Westphalia", 9.93, 51.53),
    Town("Magdeburg", "Westphalia", 11.63, 52.13),
    Town("Erfurt", "Thuringia", 11.03, 50.98),
    Town("Innsbruck", "Tyrol", 11.39, 47.27, ("1807-06-01",)),
    Town("Ljubljana", "Carniola", 14.5, 46.05, ("1811-06-01",)),
    Town("Corte", "Corsica", 9.15, 42.31, ("1795-06-01", "1797-06-01")),
    Town("Valletta", "Malta", 14.51, 35.9, ("1799-06-01", "1801-06-01")),
    Town("Vilnius", "Russia 1812", 25.28, 54.69, ("1812-08-01",)),
    Town("Smolensk", "Russia 1812", 32.05, 54.78, ("1812-09-15",)),
    Town("Moscow", "Russia 1812", 37.62, 55.75, ("1812-10-01",)),
)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ledger", default="world", help="ledger folder or bundled name")
    parser.add_argument("--region", help="only towns of this region")
    args = parser.parse_args(argv)
    towns = [t for t in TOWNS if args.region in (None, t.region)]
    rows = [(t, d) for t in towns for d in sorted({*DECADES, *t.extra})]
    start = time.perf_counter()
    ledger = open_ledger(args.ledger)
    got = ledger.locate([t.lon for t, _ in rows], [t.lat for t, _ in rows], [d for _, d in rows])
    took = time.perf_counter() - start
    last = None
    for (town, date), controller, uncertain in zip(
        rows, got["controller"], got["uncertain"], strict=True
    ):
        if town is not last:
            print(f"\n{town.region} / {town.name}:", end="")
            last = town
        mark = "?" if uncertain else ""
        print(f" {date[:7]}={controller or '-'}{mark}", end="")
    print(f"\n\n{len(rows)} answers; open and locate took {took:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
