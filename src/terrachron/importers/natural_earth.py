"""Natural Earth's admin-0 disputed areas: who administers each, and who claims it.

Natural Earth states its reading of each area in one English field, ``NOTE_BRK``, written in a
small set of forms ("Admin. by Russia; Claimed by Japan", "Self admin.; Claimed by Georgia",
"Leased to U.S.A. by Cuba; Claimed by Cuba", "Claimed by China, Taiwan, Malaysia, ..."). This module
reads those forms into a :class:`DisputeReading`; a note it cannot read (or an empty one) is kept as
an explained exception, never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from shapely.geometry.base import BaseGeometry

from terrachron.importers.polities import PolityNames

__all__ = ["DisputeReading", "DisputedArea", "parse_note", "read_disputed_areas"]

NE_YEAR = 2024
"""The year of the Natural Earth copy in use (a 2024-01-24 packaging of version 5.1)."""

_ADMIN = re.compile(r"^admin\.?\s+by\s+(?P<who>.+?)(?:\s+for\s+(?P<for>.+))?$", re.IGNORECASE)
_LEASED = re.compile(r"^leased\s+to\s+(?P<to>.+?)\s+by\s+(?P<by>.+)$", re.IGNORECASE)
_CLAIMED = re.compile(r"^claimed\s+by\s+(?P<who>.+?)(?:\s+after\s+.*)?$", re.IGNORECASE)
_SELF = re.compile(r"^self\s+admin\.?$", re.IGNORECASE)
_CEDED = re.compile(r"^ceded\s+to\s+.+\s+by\s+.+$", re.IGNORECASE)
_ALIASES = {
    "u.k.": "United Kingdom",
    "u.k": "United Kingdom",
    "u.s.a.": "United States",
    "u.s.a": "United States",
}


@dataclass(frozen=True)
class DisputeReading:
    """Natural Earth's reading of one area: administrator, title holder by lease, claimants."""

    admin: str | None
    lessor: str | None
    claimants: tuple[str, ...]
    self_administered: bool


@dataclass(frozen=True)
class DisputedArea:
    """One feature of the disputed-areas layer, with its reading (None: an explained exception)."""

    index: int
    name: str
    note: str
    geometry: BaseGeometry
    reading: DisputeReading | None
    exception: str | None


def _names(text: str) -> list[str]:
    parts = re.split(r",\s*and\s+|,\s*|\s+and\s+", text.strip().rstrip("."))
    out = []
    for part in parts:
        part = re.sub(r"^the\s+", "", part.strip(), flags=re.IGNORECASE)
        if part:
            out.append(_ALIASES.get(part.lower(), part))
    return out


def parse_note(
    note: str, *, self_name: str, names: PolityNames, year: int = NE_YEAR
) -> DisputeReading:
    """Read one ``NOTE_BRK`` text.

    Parameters
    ----------
    note : str
        The note, e.g. ``"Admin. by Russia; Claimed by Japan"``.
    self_name : str
        The name of the area's own government, for "Self admin.".
    names : PolityNames
        Where names become polity ids.

    Raises
    ------
    ValueError
        When the note is in none of the known forms.
    """
    admin: str | None = None
    lessor: str | None = None
    claimants: list[str] = []
    self_admin = False
    for clause in (c.strip() for c in note.split(";") if c.strip()):
        if m := _ADMIN.match(clause):
            who = m.group("for") or m.group("who")
            admin = names.resolve(_names(who)[0], year)
        elif m := _LEASED.match(clause):
            admin = names.resolve(_names(m.group("to"))[0], year)
            lessor = names.resolve(_names(m.group("by"))[0], year)
        elif _SELF.match(clause):
            admin = names.resolve(self_name, year)
            self_admin = True
        elif m := _CLAIMED.match(clause):
            if m.group("who").strip().lower() == "multiple":
                raise ValueError("the claimants are not named ('Claimed by multiple')")
            claimants.extend(names.resolve(n, year) for n in _names(m.group("who")))
        elif _CEDED.match(clause):
            continue  # history of the title, not today's holder or claimant
        else:
            raise ValueError(f"no known form for {clause!r}")
    if admin is None and not claimants:
        raise ValueError("names neither an administrator nor a claimant")
    return DisputeReading(admin, lessor, tuple(dict.fromkeys(claimants)), self_admin)


def read_disputed_areas(path: Path, names: PolityNames) -> list[DisputedArea]:
    """Every area of ``ne_10m_admin_0_disputed_areas`` with its reading or its exception.

    Raises
    ------
    ImportDataError
        When the file cannot be read as vector data or lacks ``NOTE_BRK`` / ``NAME``.
    """
    from terrachron.importers.snapshots import read_vector

    frame = read_vector(path, required=("NAME", "NOTE_BRK"))
    out: list[DisputedArea] = []
    for i, row in enumerate(frame.itertuples(index=False)):
        note = row.NOTE_BRK if isinstance(row.NOTE_BRK, str) else ""
        brk = getattr(row, "BRK_NAME", None)
        self_name = brk if isinstance(brk, str) and brk else str(row.NAME)
        reading: DisputeReading | None = None
        exception: str | None = None
        if not note:
            exception = "Natural Earth gives no reading (NOTE_BRK is empty)"
        else:
            try:
                reading = parse_note(note, self_name=self_name, names=names)
            except ValueError as exc:
                exception = f"the note {note!r} is not read: {exc}"
        out.append(DisputedArea(i, str(row.NAME), note, row.geometry, reading, exception))
    return out


def unreadable(areas: Sequence[DisputedArea]) -> list[DisputedArea]:
    """The areas kept as explained exceptions."""
    return [a for a in areas if a.reading is None]
