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

__all__ = ["Dependency", "Period", "dependencies", "metropole", "qualifier_holder"]

_YEAR_ONLY = re.compile(r"^\d{4}$")


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
    _, qualifier = clean_name(name)
    if qualifier is None or qualifier == "lease" or not names.known(qualifier, year):
        return None
    return names.resolve(qualifier, year)
