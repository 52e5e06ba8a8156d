"""Territories a data set draws as their own state while history records a metropole.

historical-basemaps' main series names many colonies after the state they became and gives them
no ``SUBJECTO`` (or their own name as ``SUBJECTO``): Kenya in 1920, Fiji in 1900, Ceylon in 1930.
An importer that takes the field at its word makes each of them an independent state decades
early. The table ``dependencies.yaml`` lists, for each such name, the periods in which a
metropole held it, with the act or treaty that ended (or began) each, and :func:`metropole`
answers which metropole held a self-named feature on a snapshot's day.

A second, narrower rule reads the data's own qualifier: a self-named feature called "Northern
Territory (UK)" or "Madagascar (France)" is held by the state its qualifier names, when the
qualifier is a state's name (a rule of ``polity_names.yaml`` or an ISO 3166 name); "Mysore (Indian
princely state)" names none and stays as it is (:func:`qualifier_holder`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from terrachron.importers.polities import PolityNames, clean_name, name_key

__all__ = [
    "Dependency",
    "Period",
    "changes_of_hands",
    "dependencies",
    "metropole",
    "qualifier_holder",
]

_YEAR_ONLY = re.compile(r"^\d{4}$")
_QUALIFIER = re.compile(r"\s*\(([^()]*)\)\s*$")


def _day(value: object) -> str | None:
    """An ISO day from a table value: a year alone is its 1 January."""
    if value is None:
        return None
    text = str(value)
    return f"{text}-01-01" if _YEAR_ONLY.match(text) else text


@dataclass(frozen=True)
class Period:
    """A metropole (``by``, a name resolved like any holder) from ``start`` to before ``end``."""

    by: str
    start: str | None
    end: str | None

    def covers(self, day: str) -> bool:
        """Whether ISO ``day`` lies in the period (start inclusive, end exclusive)."""
        return (self.start is None or day >= self.start) and (self.end is None or day < self.end)


@dataclass(frozen=True)
class Dependency:
    """One entry of the table: the names it matches, its periods, its source and note."""

    names: tuple[str, ...]
    periods: tuple[Period, ...]
    source: str
    note: str | None = None


@cache
def dependencies() -> tuple[Dependency, ...]:
    """The table ``dependencies.yaml``, in file order."""
    text = resources.files("terrachron.importers").joinpath("dependencies.yaml").read_text("utf-8")
    raw: list[dict[str, Any]] = yaml.safe_load(text)
    return tuple(
        Dependency(
            names=tuple(str(n) for n in r["match"]),
            periods=tuple(
                Period(str(p["by"]), _day(p.get("from")), _day(p.get("until")))
                for p in r["periods"]
            ),
            source=str(r["source"]),
            note=r.get("note"),
        )
        for r in raw
    )


@cache
def _byname_key() -> dict[str, Dependency]:
    out: dict[str, Dependency] = {}
    for dep in dependencies():
        for name in dep.names:
            out.setdefault(name_key(name), dep)
    return out


def metropole(name: str, day: str) -> str | None:
    """The metropole's name (as the table gives it) for a self-named feature ``name`` on ISO
    ``day``, or None where the table does not speak for that name on that day."""
    dep = _byname_key().get(name_key(clean_name(name)[0]))
    if dep is None:
        return None
    return next((p.by for p in dep.periods if p.covers(day)), None)


def qualifier_holder(name: str, year: int, names: PolityNames) -> str | None:
    """The state a self-named feature's qualifier names ("Victoria (UK)" → the United Kingdom),
    or None when the qualifier is not a state's name."""
    # clean_name lower-cases the qualifier; the state's name is wanted as the data spells it.
    match = _QUALIFIER.search(name)
    if match is None or match.start() == 0:
        return None
    qualifier = match.group(1).strip()
    if qualifier.lower() == "lease" or not names.known(qualifier, year):
        return None
    return names.resolve(qualifier, year)


def changes_of_hands(names: PolityNames) -> dict[tuple[str, str], tuple[tuple[str, str], ...]]:
    """The days the table records a territory passing between a metropole and itself.

    (from polity, to polity) → (ISO day, source) pairs: a period's start (the state, or the land
    before it, to the metropole: Samoa to Germany on 1900-03-01) and its end when no period follows
    at once (the metropole to the state: the United Kingdom to Kenya on 1963-12-12). A change
    between two metropoles (Germany to the United Kingdom in Tanganyika) is not listed: the same
    pair changes other land on other days. The names are resolved by a copy of ``names`` (same
    learned codes), so that no observation is recorded for a name the data did not use.
    """
    resolver = PolityNames(names.learned)
    out: dict[tuple[str, str], set[tuple[str, str]]] = {}
    for dep in dependencies():
        for i, period in enumerate(dep.periods):
            steps = []
            if period.start is not None and (i == 0 or dep.periods[i - 1].end != period.start):
                steps.append((period.start, False))
            nxt = dep.periods[i + 1] if i + 1 < len(dep.periods) else None
            if period.end is not None and (nxt is None or nxt.start != period.end):
                steps.append((period.end, True))
            for day, freed in steps:
                year = int(day[:4])
                by = resolver.resolve(period.by, year)
                for name in dep.names:
                    own = resolver.resolve(name, year)
                    pair = (by, own) if freed else (own, by)
                    out.setdefault(pair, set()).add((day, dep.source))
    return {pair: tuple(sorted(days)) for pair, days in out.items()}
