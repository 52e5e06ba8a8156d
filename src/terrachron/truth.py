"""Scoring a ledger against a blind truth set of (point, date) cases.

A truth set is a CSV file of cases written by someone who has not read the ledger: a point on
land, a day, and the de facto controller history records there and then, with a source. This
module reads such a file, asks a ledger (through :meth:`terrachron.Ledger.locate`, de facto
view) and the raw historical-basemaps snapshots the same question, and decides which answers
are right. ``bench/truth.py`` runs it and writes the report.

Matching is by name: a case is right when one of the names of the answer, after
:func:`normalise`, is one of the case's accepted names (``controller`` and ``also_accept``).
The names of a ledger's answer are its polity's id, names and aliases. The snapshot's answer is
the ``SUBJECTO`` of the feature covering the point (its ``NAME`` when ``SUBJECTO`` is empty),
taken literally; :func:`score` also reports it read through the ledger's polity names, since
the snapshots spell a state's name many ways ("French Republic", "United States of America
(unincorporated territory)").
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry
from shapely.strtree import STRtree

from terrachron.errors import TerrachronError

if TYPE_CHECKING:
    from terrachron.query import Ledger

__all__ = [
    "COLUMNS",
    "CONTINENTS",
    "Case",
    "CaseResult",
    "LedgerAnswer",
    "SnapshotAnswer",
    "SnapshotSet",
    "TruthCaseError",
    "accepted_names",
    "choose_snapshot",
    "ledger_answers",
    "load_cases",
    "matches",
    "normalise",
    "score",
    "snapshot_files",
    "wilson_interval",
]

COLUMNS = ("id", "lon", "lat", "date", "controller", "also_accept", "place", "source", "why")
"""The header of a cases file, in this order."""

CONTINENTS: Mapping[str, str] = {
    "eu": "Europe",
    "as": "Asia",
    "af": "Africa",
    "am": "Americas",
    "oc": "Oceania",
}
"""A case id starts with one of these prefixes and a hyphen: it names the case's continent."""

_SNAPSHOT_FILE = re.compile(r"^world_(\d{4})\.geojson$")
_PUNCT = re.compile(r"[^\w\s]|_")
_SPACES = re.compile(r"\s+")
_TRAILING_PAREN = re.compile(r"\s*\([^()]*\)\s*$")
# The chain steps that can change who controls a place (under de facto, title moves control).
_CONTROL_ROLES = frozenset({"control", "title", "succession"})


class TruthCaseError(TerrachronError, ValueError):
    """A cases file breaks a rule: the message names the file, the line and the rule."""


def normalise(name: str) -> str:
    """The comparison key of a name: case, diacritics, punctuation and a leading "the" dropped.

    >>> normalise("The Free City of Kraków")
    'free city of krakow'
    >>> normalise("Austria-Hungary") == normalise("austria hungary")
    True
    """
    decomposed = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    text = _SPACES.sub(" ", _PUNCT.sub(" ", text)).strip()
    return text.removeprefix("the ").strip() if text != "the" else text


@dataclass(frozen=True)
class Case:
    """One (point, date) question and the controller history records for it.

    Attributes
    ----------
    id : str
        Unique; its prefix before the first hyphen is a key of :data:`CONTINENTS`.
    lon, lat : float
        WGS84 degrees.
    date : datetime.date
        The day asked about.
    controller : str
        The de facto controller's English common name.
    also_accept : tuple of str
        Other answers accepted because historians differ (the reason is in ``why``).
    place, source, why : str
        Where the point is, the citation, and the reasoning.
    line : int
        The line of the cases file the case was read from.
    """

    id: str
    lon: float
    lat: float
    date: dt.date
    controller: str
    also_accept: tuple[str, ...]
    place: str
    source: str
    why: str
    line: int = 0

    @property
    def continent(self) -> str:
        """The continent named by the id's prefix."""
        return CONTINENTS[self.id.split("-", 1)[0]]


def _fail(path: Path, line: int, rule: str) -> TruthCaseError:
    return TruthCaseError(f"{path}:{line}: {rule}")


def _parse_row(path: Path, line: int, row: Mapping[str, str]) -> Case:
    cid = row["id"].strip()
    prefix = cid.split("-", 1)[0]
    if "-" not in cid or prefix not in CONTINENTS:
        known = ", ".join(f"{k}- ({v})" for k, v in CONTINENTS.items())
        raise _fail(path, line, f"id {cid!r} must start with a continent prefix: {known}")
    try:
        lon, lat = float(row["lon"]), float(row["lat"])
    except ValueError:
        got = f"got {row['lon']!r}, {row['lat']!r}"
        raise _fail(path, line, f"lon/lat must be numbers ({got})") from None
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise _fail(path, line, f"({lon}, {lat}) is not a WGS84 lon/lat: lon in ±180, lat in ±90")
    try:
        day = dt.date.fromisoformat(row["date"].strip())
    except ValueError:
        raise _fail(
            path, line, f"date {row['date']!r} must be an ISO day such as 1920-06-15"
        ) from None
    controller = row["controller"].strip()
    if not controller:
        raise _fail(path, line, "controller is empty: name the de facto controller")
    also = tuple(a.strip() for a in row["also_accept"].split(";") if a.strip())
    if also and not row["why"].strip():
        raise _fail(path, line, "also_accept is set but why is empty: say why historians differ")
    if not row["source"].strip():
        raise _fail(path, line, "source is empty: cite a treaty, act or history")
    return Case(
        id=cid,
        lon=lon,
        lat=lat,
        date=day,
        controller=controller,
        also_accept=also,
        place=row["place"].strip(),
        source=row["source"].strip(),
        why=row["why"].strip(),
        line=line,
    )


def load_cases(path: str | Path) -> list[Case]:
    """Read and check a cases file; every rule broken raises :class:`TruthCaseError`.

    Parameters
    ----------
    path : str or Path
        A UTF-8 CSV file whose header is :data:`COLUMNS`.

    Raises
    ------
    TruthCaseError
        On a wrong header, a missing field, an unparseable number or date, a duplicate id, or an
        id without a continent prefix; the message names the file and line.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise TruthCaseError(f"{path}: cannot read the cases file ({exc.strerror})") from exc
    reader = csv.DictReader(text.splitlines())
    if tuple(reader.fieldnames or ()) != COLUMNS:
        raise _fail(path, 1, f"the header must be {','.join(COLUMNS)}")
    cases: list[Case] = []
    seen: dict[str, int] = {}
    for row in reader:
        line = reader.line_num
        if None in row or any(v is None for v in row.values()):
            raise _fail(path, line, f"the row must have exactly {len(COLUMNS)} fields")
        case = _parse_row(path, line, row)
        if case.id in seen:
            raise _fail(path, line, f"id {case.id!r} already used on line {seen[case.id]}")
        seen[case.id] = line
        cases.append(case)
    if not cases:
        raise _fail(path, 1, "the file has no cases")
    return cases


def accepted_names(case: Case) -> frozenset[str]:
    """The normalised names a right answer may carry: ``controller`` and ``also_accept``."""
    return frozenset(normalise(n) for n in (case.controller, *case.also_accept))


def matches(case: Case, names: Iterable[str]) -> bool:
    """Whether any of ``names`` is, after :func:`normalise`, an accepted name of ``case``."""
    accepted = accepted_names(case)
    return any(normalise(n) in accepted for n in names)


# -- the raw snapshots ---------------------------------------------------------------------------


def snapshot_files(folders: Sequence[str | Path]) -> dict[int, Path]:
    """The ``world_YYYY.geojson`` files of ``folders`` by year.

    When two folders hold the same year, the later folder in ``folders`` wins (the yearly
    1988–2022 series is given after the main series, and its outlines are the finer).
    """
    found: dict[int, Path] = {}
    for folder in folders:
        for path in sorted(Path(folder).iterdir()):
            m = _SNAPSHOT_FILE.match(path.name)
            if m:
                found[int(m.group(1))] = path
    return found


def choose_snapshot(years: Iterable[int], day: dt.date) -> int | None:
    """The latest snapshot year on or before ``day``, a snapshot standing for 1 January.

    None when every snapshot is later than ``day``.
    """
    before = [y for y in years if dt.date(y, 1, 1) <= day]
    return max(before) if before else None


@dataclass(frozen=True)
class SnapshotAnswer:
    """What one snapshot says at a point.

    Attributes
    ----------
    year : int
        The snapshot used (None-free: a case with no snapshot gets no SnapshotAnswer).
    name : str or None
        ``SUBJECTO`` of the first feature (in file order) covering the point, else its ``NAME``;
        None when no feature covers it.
    feature : str or None
        That feature's ``NAME``.
    precision : int or None
        That feature's ``BORDERPRECISION``.
    others : tuple of str
        The names of further features covering the point (overlapping polygons).
    """

    year: int
    name: str | None
    feature: str | None = None
    precision: int | None = None
    others: tuple[str, ...] = ()


def _text(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


@dataclass
class _Layer:
    geoms: list[BaseGeometry]
    props: list[Mapping[str, object]]
    tree: STRtree

    @classmethod
    def read(cls, path: Path) -> _Layer:
        data = json.loads(path.read_text(encoding="utf-8"))
        geoms: list[BaseGeometry] = []
        props: list[Mapping[str, object]] = []
        for feature in data.get("features", []):
            if not feature.get("geometry"):
                continue
            geoms.append(shape(feature["geometry"]))
            props.append(feature.get("properties") or {})
        return cls(geoms, props, STRtree(geoms))

    def at(self, year: int, lon: float, lat: float) -> SnapshotAnswer:
        point = Point(lon, lat)
        hits = sorted(int(i) for i in self.tree.query(point, predicate="intersects"))
        if not hits:
            return SnapshotAnswer(year, None)
        first = self.props[hits[0]]
        names = [
            _text(self.props[i].get("SUBJECTO")) or _text(self.props[i].get("NAME")) for i in hits
        ]
        precision = first.get("BORDERPRECISION")
        return SnapshotAnswer(
            year=year,
            name=names[0],
            feature=_text(first.get("NAME")),
            precision=int(precision) if isinstance(precision, int | float) else None,
            others=tuple(n for n in names[1:] if n),
        )


@dataclass
class SnapshotSet:
    """The historical-basemaps snapshots, read lazily, one year at a time."""

    files: Mapping[int, Path]
    _layers: dict[int, _Layer] = field(default_factory=dict)

    @classmethod
    def from_folders(cls, folders: Sequence[str | Path]) -> SnapshotSet:
        """The snapshots in ``folders`` (see :func:`snapshot_files`)."""
        files = snapshot_files(folders)
        if not files:
            shown = ", ".join(str(f) for f in folders)
            raise TruthCaseError(f"no world_YYYY.geojson snapshot in {shown}")
        return cls(files)

    def answer(self, lon: float, lat: float, day: dt.date) -> SnapshotAnswer | None:
        """The answer of the latest snapshot on or before ``day``; None before the first."""
        year = choose_snapshot(self.files, day)
        if year is None:
            return None
        if year not in self._layers:
            self._layers[year] = _Layer.read(self.files[year])
        return self._layers[year].at(year, lon, lat)


# -- the ledger ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class LedgerAnswer:
    """What a ledger says at a case's point and day (de facto view).

    Attributes
    ----------
    place : str or None
        The place covering the point.
    controller : tuple of str
        The controlling polities (several under joint control; empty when none).
    uncertain : bool
        The day falls inside an uncertain interval (between two snapshots that disagree).
    alternatives : tuple of tuple of str
        The controllers of every possible answer when uncertain.
    decided_by : str or None
        The last control step of the explanation: instrument (or effect) and date.
    problem : str or None
        Why there is no answer (``at-sea``, ``outside-coverage``, ...).
    """

    place: str | None
    controller: tuple[str, ...]
    uncertain: bool = False
    alternatives: tuple[tuple[str, ...], ...] = ()
    decided_by: str | None = None
    problem: str | None = None


def _value(x: object) -> str | None:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return None
    text = str(x)
    return None if text in {"", "nan", "<NA>"} else text


def ledger_answers(ledger: Ledger, cases: Sequence[Case]) -> list[LedgerAnswer]:
    """Ask ``ledger`` every case at once through :meth:`~terrachron.Ledger.locate`.

    The controller is locate's; the alternatives and the deciding step come from
    :meth:`~terrachron.Ledger.status` of the place found.
    """
    frame = ledger.locate(
        [c.lon for c in cases], [c.lat for c in cases], [c.date.isoformat() for c in cases]
    )
    answers: list[LedgerAnswer] = []
    for case, row in zip(cases, frame.itertuples(index=False), strict=True):
        place = _value(row.place)
        holders = _value(row.controller)
        controller = tuple(holders.split("|")) if holders else ()
        if place is None:
            answers.append(LedgerAnswer(None, controller, problem=_value(row.problem)))
            continue
        status = ledger.status(place, case.date.isoformat())
        control = [link for link in status.chain if link.role in _CONTROL_ROLES]
        decided = None
        if control:
            last = control[-1]
            decided = f"{last.instrument_title or last.effect} ({last.date})"
        answers.append(
            LedgerAnswer(
                place=place,
                controller=controller,
                uncertain=bool(row.uncertain),
                alternatives=tuple(a.answer.controller for a in status.alternatives),
                decided_by=decided,
                problem=_value(row.problem),
            )
        )
    return answers


def _polity_names(ledger: Ledger, pid: str) -> list[str]:
    polity = ledger.polities.get(pid)
    return [pid] if polity is None else [pid, *polity.all_names()]


# -- scoring -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseResult:
    """One case with both answers and the verdicts.

    Attributes
    ----------
    case : Case
    ledger : LedgerAnswer
    ledger_names : tuple of str
        The English names of the ledger's controllers, for reading.
    ledger_right : bool
        Locate's controller (any of joint controllers) matches the case.
    ledger_alternative_right : bool
        Some alternative of an uncertain answer matches (counted apart, never as right).
    snapshot : SnapshotAnswer or None
    snapshot_right : bool
        The snapshot's name matches literally (after :func:`normalise`).
    snapshot_resolved_right : bool
        The snapshot's name, or the names of the ledger polities it designates, match.
    """

    case: Case
    ledger: LedgerAnswer
    ledger_names: tuple[str, ...]
    ledger_right: bool
    ledger_alternative_right: bool
    snapshot: SnapshotAnswer | None
    snapshot_right: bool
    snapshot_resolved_right: bool


def _resolved_names(ledger: Ledger, index: Mapping[str, frozenset[str]], name: str) -> list[str]:
    names = [name]
    bare = _TRAILING_PAREN.sub("", name)
    for text in {name, bare}:
        for pid in index.get(normalise(text), frozenset()):
            names.extend(_polity_names(ledger, pid))
    return names


def score(ledger: Ledger, snapshots: SnapshotSet, cases: Sequence[Case]) -> list[CaseResult]:
    """Both answers and the verdicts for every case, in the cases' order."""
    index: dict[str, set[str]] = {}
    for pid, polity in ledger.polities.items():
        for name in (pid, *polity.all_names()):
            index.setdefault(normalise(name), set()).add(pid)
    frozen = {k: frozenset(v) for k, v in index.items()}
    results: list[CaseResult] = []
    for case, answer in zip(cases, ledger_answers(ledger, cases), strict=True):
        names = [n for pid in answer.controller for n in _polity_names(ledger, pid)]
        alt_right = answer.uncertain and any(
            matches(case, [n for pid in alt for n in _polity_names(ledger, pid)])
            for alt in answer.alternatives
        )
        snap = snapshots.answer(case.lon, case.lat, case.date)
        snap_name = snap.name if snap else None
        results.append(
            CaseResult(
                case=case,
                ledger=answer,
                ledger_names=tuple(ledger.polity_name(p) for p in answer.controller),
                ledger_right=matches(case, names),
                ledger_alternative_right=alt_right,
                snapshot=snap,
                snapshot_right=snap_name is not None and matches(case, [snap_name]),
                snapshot_resolved_right=snap_name is not None
                and matches(case, _resolved_names(ledger, frozen, snap_name)),
            )
        )
    return results


def wilson_interval(right: int, total: int, z: float = 1.959963984540054) -> tuple[float, float]:
    """The Wilson score interval of a proportion (95 % by default).

    >>> lo, hi = wilson_interval(50, 100)
    >>> round(lo, 3), round(hi, 3)
    (0.404, 0.596)
    """
    if total <= 0:
        raise ValueError("the interval of an empty sample is undefined")
    if not 0 <= right <= total:
        raise ValueError(f"right must lie in 0..total (got {right} of {total})")
    p = right / total
    denom = 1 + z * z / total
    centre = (p + z * z / (2 * total)) / denom
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / denom
    # At 0 or at total the bound is exactly 0 or 1; rounding would leave 1e-16 of it.
    lo = 0.0 if right == 0 else max(0.0, centre - half)
    hi = 1.0 if right == total else min(1.0, centre + half)
    return lo, hi
