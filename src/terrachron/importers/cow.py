"""Import the Correlates of War Territorial Change data (v6) as instruments on an existing ledger.

The data set (Tir, Schafer, Diehl and Goertz 1998; v6 covers 1816–2018) is a CSV with one row per
territorial change: ``number``, ``year``, ``month``, ``gainer`` and ``loser`` (COW state codes),
``procedur`` (1 conquest, 2 annexation, 3 cession, 4 secession, 5 unification, 6 mandated
territory), ``entity`` (the territory's name), ``area`` (km²) and more (``exit``, ``indep``,
``entry``, ``contgain``, ``contlose``, ``portion``, ``pop``, ...); missing values are ``.`` or
``-9``. It has no geometry.

Each row becomes an instrument of the output ledger (a copy of a *base* ledger that holds the
places and polities, e.g. a CShapes import in its COW version, or a curated ledger):

- ``gainer``/``loser`` resolve to the base's polity with that ``codes.cow`` whose lifespan covers
  the row's date (an unknown code is an error, or with ``skip_unknown_codes`` a listed row);
- ``procedur`` gives the instrument's kind; ``year``/``month`` its EDTF date (month precision, or
  year precision when the month is missing);
- the row is linked to places, never by guess: by **name** when ``entity`` names places or groups
  of the base that the loser held (controlled or claimed) the day before, else by **area** when
  exactly one such place has an area within ``area_tolerance`` of ``area``. Rows that match
  nothing, or match ambiguously, are listed in the import report with the reason;
- on a linked place, a row that agrees with a base instrument (title to the gainer within the
  row's month) *affirms* it and changes nothing; otherwise it *transfers* title and control from
  loser to gainer over the month (an answer inside it is uncertain), *annexes* when there is no
  loser, and *administers* a mandate.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import time
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pyproj import Geod

from terrachron.dates import EdtfDate, parse_edtf
from terrachron.errors import TerrachronError
from terrachron.importers.common import (
    ImportInputError,
    ImportReport,
    Unmatched,
    publish_ledger,
    slugify,
    write_yaml,
)
from terrachron.model import Instrument
from terrachron.query import Ledger, open_ledger

__all__ = [
    "COW_SOURCE_ID",
    "PROCEDURES",
    "REQUIRED_COLUMNS",
    "CowChange",
    "import_cow",
    "read_cow",
]

COW_SOURCE_ID = "cow-territorial-change-v6"
REQUIRED_COLUMNS = ("number", "year", "month", "gainer", "loser", "procedur", "entity", "area")
"""Columns the importer reads; the file's other columns are allowed and ignored."""

PROCEDURES: dict[int, tuple[str, str]] = {
    1: ("conquest", "military-occupation"),
    2: ("annexation", "declaration"),
    3: ("cession", "treaty"),
    4: ("secession", "declaration"),
    5: ("unification", "agreement"),
    6: ("mandated territory", "other"),
}
"""COW procedure code → (its name in the codebook, the instrument kind it becomes)."""

_MISSING = {"", ".", "-9", "-9.0"}
_TITLE_OPS = ("transfer", "cede", "establish", "annex")
_GEOD = Geod(ellps="WGS84")


@dataclass(frozen=True)
class CowChange:
    """One row of the Territorial Change file.

    Attributes
    ----------
    row, line : int
        1-based data row and the file line it starts on (how errors and citations name it).
    number : int
        The data set's own change number.
    year : int
    month : int or None
        None when the file gives none (the date is then year-precise).
    gainer : int
    loser : int or None
        None when the file gives none.
    procedure : int
        ``procedur``, a key of :data:`PROCEDURES`.
    entity : str
        The territory's name ('' when missing).
    area : float or None
        km², None when missing.
    """

    row: int
    line: int
    number: int
    year: int
    month: int | None
    gainer: int
    loser: int | None
    procedure: int
    entity: str
    area: float | None

    @property
    def where(self) -> str:
        """``row N (line L)`` for messages."""
        return f"row {self.row} (line {self.line})"

    @property
    def period(self) -> str:
        """The EDTF date: ``YYYY-MM`` or ``YYYY``."""
        if self.month is None:
            return f"{self.year:04d}"
        return f"{self.year:04d}-{self.month:02d}"


def _decode(path: Path) -> str:
    raw = path.read_bytes()
    if b"\0" in raw[:4096]:
        raise ImportInputError(path, "", "not CSV: the file is binary", "pass tc2018.csv")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # The COW files predate UTF-8 in places; Windows-1252 decodes their accented names.
        return raw.decode("cp1252", errors="replace")


def _value(row: Mapping[str, str | None], key: str) -> str | None:
    text = (row.get(key) or "").strip()
    return None if text in _MISSING else text


def _number(path: Path, where: str, row: Mapping[str, str | None], key: str) -> float | None:
    text = _value(row, key)
    if text is None:
        return None
    try:
        return float(text)
    except ValueError:
        raise ImportInputError(path, where, f"`{key}` is {text!r}, not a number") from None


def _whole(
    path: Path, where: str, row: Mapping[str, str | None], key: str, *, required: bool
) -> int | None:
    value = _number(path, where, row, key)
    if value is None:
        if required:
            raise ImportInputError(path, where, f"missing value in column `{key}`")
        return None
    if value != int(value):
        raise ImportInputError(path, where, f"`{key}` is {value}, not a whole number")
    return int(value)


def read_cow(path: Path) -> list[CowChange]:
    """Read and check every row of a Territorial Change CSV.

    Parameters
    ----------
    path : Path
        ``tc2018.csv`` or a file of the same columns.

    Returns
    -------
    list of CowChange

    Raises
    ------
    ImportInputError
        Naming the file and row: not CSV, a missing column or value, a value that is not a
        number, a month outside 1–12, or an unknown procedure code.
    """
    path = Path(path)
    if not path.is_file():
        raise ImportInputError(path, "", "no such file")
    text = _decode(path)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise ImportInputError(
            path,
            "line 1",
            f"not a Territorial Change CSV: missing column(s) {', '.join(missing)}",
            f"the header must name {', '.join(REQUIRED_COLUMNS)}",
        )
    reader.fieldnames = header
    changes: list[CowChange] = []
    line = 1
    for n, row in enumerate(reader, start=1):
        start_line, line = line + 1, reader.line_num
        where = f"row {n} (line {start_line})"
        if None in row:  # more cells than the header names
            raise ImportInputError(path, where, "the row has more cells than the header")
        year = _whole(path, where, row, "year", required=True)
        month = _whole(path, where, row, "month", required=False)
        if month is not None and not 1 <= month <= 12:
            raise ImportInputError(path, where, f"`month` is {month}, not 1–12")
        procedure = _whole(path, where, row, "procedur", required=True)
        if procedure not in PROCEDURES:
            codes = ", ".join(f"{k} {v[0]}" for k, v in PROCEDURES.items())
            raise ImportInputError(
                path, where, f"`procedur` {procedure} is not a procedure code", f"one of {codes}"
            )
        area = _number(path, where, row, "area")
        changes.append(
            CowChange(
                row=n,
                line=start_line,
                number=_whole(path, where, row, "number", required=True) or 0,
                year=year or 0,
                month=month,
                gainer=_whole(path, where, row, "gainer", required=True) or 0,
                loser=_whole(path, where, row, "loser", required=False),
                procedure=procedure,
                entity=_value(row, "entity") or "",
                area=area if area is not None and area > 0 else None,
            )
        )
    if not changes:
        raise ImportInputError(path, "", "the file holds no rows")
    return changes


class _Polities:
    """COW codes of the base ledger's polities, resolved by date."""

    def __init__(self, ledger: Ledger) -> None:
        self.by_code: dict[int, list[str]] = defaultdict(list)
        self.ledger = ledger
        for polity in ledger.polities.values():
            code = polity.codes.get("cow")
            if code is None:
                continue
            try:
                self.by_code[int(code)].append(polity.id)
            except ValueError:
                continue

    def resolve(self, code: int, when: EdtfDate) -> tuple[str | None, str]:
        """(polity id, '') or (None, why not)."""
        ids = self.by_code.get(code)
        if not ids:
            return None, f"no polity of the base ledger has COW code {code}"
        alive = [
            pid
            for pid in ids
            if self.ledger.polities[pid].lifespan.lo <= when.hi
            and self.ledger.polities[pid].lifespan.hi >= when.lo
        ]
        if len(alive) == 1:
            return alive[0], ""
        if not alive:
            return None, f"no polity with COW code {code} exists in {when.text} in the base ledger"
        return None, f"COW code {code} names {', '.join(sorted(alive))} in {when.text}"


def _held_by(ledger: Ledger, place: str, polity: str, day: str) -> bool:
    status = ledger.status(place, day, view="de-facto")
    return polity in status.controller or polity in status.claimants


def _agreeing(ledger: Ledger, place: str, gainer: str, when: EdtfDate) -> Instrument | None:
    """A base instrument giving ``place`` to ``gainer`` within ``when``, if there is one."""
    for inst in ledger.instruments.values():
        for effect in inst.effects:
            if effect.op not in _TITLE_OPS or place not in (effect.places or ()):
                continue
            target = getattr(effect, "to", None) or getattr(effect, "by", None)
            date = effect.date or inst.effective
            if target == gainer and date is not None and when.lo <= date.lo <= when.hi:
                return inst
    return None


@dataclass(frozen=True)
class _Link:
    places: list[str]
    how: str


def import_cow(
    path: Path,
    base: Path,
    out: Path,
    *,
    area_tolerance: float = 0.05,
    skip_unknown_codes: bool = False,
    replace: bool = False,
) -> ImportReport:
    """Add the Territorial Change rows to a copy of ``base`` as instruments, written to ``out``.

    Parameters
    ----------
    path : Path
        The Territorial Change CSV.
    base : Path
        The ledger holding the places and the polities (with ``codes.cow``) to link to.
    out : Path
        The ledger folder to write (must not exist unless ``replace``).
    area_tolerance : float
        Relative difference allowed between a row's ``area`` and a place's geodesic area.
    skip_unknown_codes : bool
        List rows whose gainer or loser code no base polity has, instead of failing.
    replace : bool
        Replace an existing ``out`` once the new ledger validated.

    Returns
    -------
    ImportReport
        Counts and every unmatched row with its reason; also written as ``import-report.md``.

    Raises
    ------
    ImportInputError
        A bad row (see :func:`read_cow`), or an unknown COW code (unless ``skip_unknown_codes``).
    LedgerError
        The base ledger does not load.
    """
    began = time.perf_counter()
    path, base, out = Path(path), Path(base), Path(out)
    changes = read_cow(path)
    ledger = open_ledger(base)
    if COW_SOURCE_ID in ledger.sources:
        raise TerrachronError(
            f"{base} already holds the source {COW_SOURCE_ID!r}: import the data once, onto a "
            "ledger without it"
        )
    polities = _Polities(ledger)
    areas = {
        pid: abs(_GEOD.geometry_area_perimeter(g)[0]) / 1e6 for pid, g in ledger.geometries.items()
    }
    groups = {gid: list(g.members) for gid, g in ledger.groups.items()}
    report = ImportReport(format="cow", ledger=out, inputs=[path])
    instruments: list[dict[str, Any]] = []
    claimed: dict[tuple[str, str], int] = {}  # (place, period) → gainer code already linked
    effects = 0
    for change in changes:
        when = parse_edtf(change.period)
        what = f"#{change.number} {change.entity or '(no entity)'} {change.period}"
        gainer, why = polities.resolve(change.gainer, when)
        loser: str | None = None
        if gainer is not None and change.loser is not None:
            loser, why = polities.resolve(change.loser, when)
        if gainer is None or (change.loser is not None and loser is None):
            unknown = "no polity of the base ledger has" in why
            if unknown and not skip_unknown_codes:
                raise ImportInputError(
                    path,
                    change.where,
                    f"unknown code: {why}",
                    "import onto a ledger whose polities carry codes.cow (e.g. CShapes' COW "
                    "version), or pass --skip-unknown-codes to list such rows",
                )
            report.unmatched.append(Unmatched(change.where, what, why))
            continue
        day_before = dt.date.fromisoformat(
            f"{change.year:04d}-{change.month or 1:02d}-01"
        ) - dt.timedelta(days=1)
        day_after = dt.date.fromordinal(when.hi) + dt.timedelta(days=1)
        link, why = _link(
            ledger,
            change,
            gainer,
            loser,
            day_before.isoformat(),
            day_after.isoformat(),
            areas,
            groups,
            area_tolerance,
        )
        if link is None:
            report.unmatched.append(Unmatched(change.where, what, why))
            continue
        clash = [
            p
            for p in link.places
            if claimed.get((p, change.period), change.gainer) != change.gainer
        ]
        if clash:
            report.unmatched.append(
                Unmatched(
                    change.where,
                    what,
                    f"another row gives {', '.join(clash)} to a different gainer in "
                    f"{change.period}; neither is preferred",
                )
            )
            continue
        for p in link.places:
            claimed[(p, change.period)] = change.gainer
        inst = _instrument(ledger, change, gainer, loser, link, when, path)
        effects += sum(len(e["places"]) for e in inst["effects"])
        instruments.append(inst)
        report.notes.append(
            f"{change.where} {what}: linked by {link.how} to {', '.join(link.places)}"
        )
    report.instruments = len(instruments)
    report.effects = effects
    report.polities = len(ledger.polities)
    report.places = len(ledger.places)

    def build(root: Path) -> None:
        shutil.copytree(
            base, root, dirs_exist_ok=True, ignore=shutil.ignore_patterns("import-report.md")
        )
        write_yaml(
            root / "ledger.yaml",
            {
                "id": slugify(out.name, fallback="cow"),
                "title": f"{ledger.title}, with COW Territorial Change v6",
                "description": f"The ledger {ledger.id!r} with the Correlates of War Territorial "
                "Change rows (v6) that could be linked to its places, as instruments.",
                "license": "COW Territorial Change data: see the Correlates of War Project's terms",
            },
        )
        write_yaml(root / "sources" / f"{COW_SOURCE_ID}.yaml", _source(path))
        write_yaml(root / "instruments" / f"{COW_SOURCE_ID}.yaml", instruments)

    report.seconds = time.perf_counter() - began
    publish_ledger(out, build, report, replace=replace)
    return report


def _link(
    ledger: Ledger,
    change: CowChange,
    gainer: str,
    loser: str | None,
    day_before: str,
    day_after: str,
    areas: Mapping[str, float],
    groups: Mapping[str, Sequence[str]],
    tolerance: float,
) -> tuple[_Link | None, str]:
    def held(place: str) -> bool:
        return loser is None or _held_by(ledger, place, loser, day_before)

    if change.entity:
        hits = ledger.find(change.entity)
        named = sorted({m for h in hits for m in groups.get(h, [h])})
        if named:
            kept = [p for p in named if held(p)]
            if kept:
                return _Link(kept, f"name ({change.entity!r})"), ""
            return None, (
                f"{change.entity!r} names {', '.join(named)}, none held by {loser} on {day_before}"
            )
    if change.area is None:
        return None, "no place has the entity's name and the row gives no area"
    if loser is None:
        return None, "no place has the entity's name, and with no loser an area match would guess"
    near = [
        p for p, km2 in sorted(areas.items()) if abs(km2 - change.area) <= tolerance * change.area
    ]
    # Area alone is weak evidence: the base must also show the place passing to the gainer.
    kept = [p for p in near if held(p) and _held_by(ledger, p, gainer, day_after)]
    if len(kept) == 1:
        return _Link(kept, f"area ({change.area:,.0f} km², within {tolerance:.0%})"), ""
    if kept:
        return None, (
            f"{len(kept)} places pass from {loser} to {gainer} with an area within "
            f"{tolerance:.0%} of {change.area:,.0f} km² ({', '.join(kept)}); not guessed"
        )
    return None, (
        f"no place has the entity's name, and none with an area within {tolerance:.0%} of "
        f"{change.area:,.0f} km² is held by {loser} on {day_before} and by {gainer} on "
        f"{day_after}"
    )


def _instrument(
    ledger: Ledger,
    change: CowChange,
    gainer: str,
    loser: str | None,
    link: _Link,
    when: EdtfDate,
    path: Path,
) -> dict[str, Any]:
    name, kind = PROCEDURES[change.procedure]
    gainer_name = ledger.polity_name(gainer)
    loser_name = ledger.polity_name(loser) if loser else "no state"
    entity = change.entity or "territory"
    agree: dict[str, list[str]] = defaultdict(list)
    own: list[str] = []
    for place in link.places:
        inst = _agreeing(ledger, place, gainer, when)
        if inst is None:
            own.append(place)
        else:
            agree[inst.id].append(place)
    effects: list[dict[str, Any]] = [
        {"op": "affirm", "affirms": iid, "places": places} for iid, places in sorted(agree.items())
    ]
    if own:
        if change.procedure == 6:
            effects.append({"op": "administer", "by": gainer, "places": own})
        elif loser is None:
            effects.append({"op": "annex", "by": gainer, "places": own})
        else:
            effects.append({"op": "transfer", "from": loser, "to": gainer, "places": own})
    return {
        "id": f"cow-tc-{change.number}",
        "kind": kind,
        "title": f"COW Territorial Change #{change.number}: {entity}, {loser_name} to "
        f"{gainer_name} ({name}, {change.period})",
        "parties": sorted({gainer} | ({loser} if loser else set())),
        "date": change.period,
        "summary": f"The Correlates of War Territorial Change data records {entity} passing "
        f"from {loser_name} to {gainer_name} by {name} in {change.period}. The import linked it "
        f"by {link.how}"
        + (
            "; where the ledger already dates that change, this row affirms it."
            if agree
            else "; the change is dated to the month, so an answer inside it is uncertain."
        ),
        "sources": [
            {
                "source": COW_SOURCE_ID,
                "locator": f"{path.name}, {change.where}",
                "note": f"change number {change.number}, procedure {change.procedure} ({name})",
            }
        ],
        "effects": effects,
    }


def _source(path: Path) -> dict[str, Any]:
    return {
        "id": COW_SOURCE_ID,
        "kind": "dataset",
        "title": "Territorial Change, 1816–2018 (v6)",
        "authors": ["Jaroslav Tir", "Philip Schafer", "Paul F. Diehl", "Gary Goertz"],
        "publisher": "Correlates of War Project",
        "url": "https://correlatesofwar.org/data-sets/territorial-change/",
        "note": f"Imported from {path.name}; citations give the 1-based data row and its line. "
        "Article of record: Tir et al. 1998, Conflict Management and Peace Science 16(1).",
    }
