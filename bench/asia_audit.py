"""Audit Asia's history through the world ledger: capitals and provincial towns at every decade.

For each town below, ask the world ledger (de facto view) who controlled it on 1 June of every
decade year 1790–2020 and print the runs of equal answers, one line per town, e.g.::

    Seoul (South Korea)   1790-1900 korea | 1910-1940 japan | 1950 north-korea | ...

so a reader can hold a country's whole record against what history says in one glance. Extra
dates (``--dates 1950-08-01,1951-02-01``) are asked too and printed after the decades. This is a
reading aid for curation, not a test: it asserts nothing.

Run (from the repository root)::

    .venv/bin/python bench/asia_audit.py [--only KOREA,INDIA] [--dates YYYY-MM-DD,...]
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import dataclass

from terrachron import open_ledger


@dataclass(frozen=True)
class Town:
    """A point to audit: the town's name, the country it lies in today, and where it is."""

    name: str
    country: str
    lon: float
    lat: float


TOWNS: tuple[Town, ...] = (
    Town("Seoul", "South Korea", 126.98, 37.57),
    Town("Daejeon", "South Korea", 127.38, 36.35),
    Town("Busan", "South Korea", 129.04, 35.18),
    Town("Pyongyang", "North Korea", 125.75, 39.03),
    Town("Hamhung", "North Korea", 127.54, 39.92),
    Town("Beijing", "China", 116.4, 39.9),
    Town("Nanjing", "China", 118.78, 32.06),
    Town("Lanzhou", "China", 103.83, 36.06),
    Town("Dalian", "China", 121.6, 38.91),
    Town("Lhasa", "China", 91.11, 29.65),
    Town("Kashgar", "China", 75.99, 39.47),
    Town("Ulaanbaatar", "Mongolia", 106.92, 47.92),
    Town("Tokyo", "Japan", 139.69, 35.69),
    Town("Taipei", "Taiwan", 121.56, 25.04),
    Town("Hanoi", "Vietnam", 105.85, 21.03),
    Town("Saigon", "Vietnam", 106.7, 10.78),
    Town("Phnom Penh", "Cambodia", 104.92, 11.56),
    Town("Vientiane", "Laos", 102.6, 17.97),
    Town("Luang Prabang", "Laos", 102.14, 19.89),
    Town("Bangkok", "Thailand", 100.5, 13.75),
    Town("Chiang Mai", "Thailand", 98.99, 18.79),
    Town("Mandalay", "Myanmar", 96.08, 21.97),
    Town("Yangon", "Myanmar", 96.16, 16.8),
    Town("Kuala Lumpur", "Malaysia", 101.69, 3.14),
    Town("Kuching", "Malaysia", 110.35, 1.55),
    Town("Bandar Seri Begawan", "Brunei", 114.94, 4.9),
    Town("Jakarta", "Indonesia", 106.85, -6.2),
    Town("Banda Aceh", "Indonesia", 95.32, 5.55),
    Town("Denpasar", "Indonesia", 115.22, -8.65),
    Town("Dili", "Timor-Leste", 125.57, -8.56),
    Town("Manila", "Philippines", 120.98, 14.6),
    Town("Tarlac", "Philippines", 120.6, 15.49),
    Town("Delhi", "India", 77.21, 28.61),
    Town("Mumbai", "India", 72.88, 19.08),
    Town("Bangalore", "India", 77.59, 12.97),
    Town("Hyderabad", "India", 78.47, 17.38),
    Town("Ujjain", "India", 75.78, 23.18),
    Town("Guwahati", "India", 91.74, 26.14),
    Town("Srinagar", "India", 74.8, 34.08),
    Town("Panaji (Goa)", "India", 73.83, 15.49),
    Town("Gangtok", "India", 88.61, 27.33),
    Town("Lahore", "Pakistan", 74.34, 31.55),
    Town("Hyderabad (Sind)", "Pakistan", 68.37, 25.39),
    Town("Gilgit", "Pakistan", 74.31, 35.92),
    Town("Dhaka", "Bangladesh", 90.41, 23.81),
    Town("Kathmandu", "Nepal", 85.32, 27.72),
    Town("Colombo", "Sri Lanka", 79.86, 6.93),
    Town("Kandy", "Sri Lanka", 80.64, 7.29),
    Town("Kilinochchi", "Sri Lanka", 80.4, 9.39),
    Town("Kabul", "Afghanistan", 69.17, 34.53),
    Town("Kandahar", "Afghanistan", 65.71, 31.61),
    Town("Herat", "Afghanistan", 62.2, 34.35),
    Town("Tehran", "Iran", 51.39, 35.69),
    Town("Tabriz", "Iran", 46.29, 38.08),
)


def runs(dates: Sequence[str], answers: Sequence[str]) -> str:
    """``1790-1900 korea | 1910-1940 japan``: consecutive equal answers joined into one run."""
    out: list[str] = []
    start = 0
    for i in range(1, len(answers) + 1):
        if i == len(answers) or answers[i] != answers[start]:
            span = dates[start][:4] if i - 1 == start else f"{dates[start][:4]}-{dates[i - 1][:4]}"
            out.append(f"{span} {answers[start]}")
            start = i
    return " | ".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default="", help="comma-separated countries to audit")
    parser.add_argument("--dates", default="", help="comma-separated extra days YYYY-MM-DD")
    args = parser.parse_args(argv)
    only = {c.strip().lower() for c in args.only.split(",") if c.strip()}
    towns = [t for t in TOWNS if not only or t.country.lower() in only]
    decades = [f"{y}-06-01" for y in range(1790, 2021, 10)]
    extra = [d.strip() for d in args.dates.split(",") if d.strip()]
    days = decades + extra
    world = open_ledger("world")
    got = world.locate(
        [t.lon for t in towns for _ in days],
        [t.lat for t in towns for _ in days],
        [d for _ in towns for d in days],
    )
    controllers = [str(c) for c in got["controller"].astype(object)]
    for i, town in enumerate(towns):
        answers = controllers[i * len(days) : (i + 1) * len(days)]
        line = f"{town.name} ({town.country}): {runs(decades, answers[: len(decades)])}"
        if extra:
            line += " || " + ", ".join(
                f"{d} {a}" for d, a in zip(extra, answers[len(decades) :], strict=True)
            )
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
