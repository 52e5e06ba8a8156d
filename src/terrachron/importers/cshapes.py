"""Import CShapes 2.0 (state outlines with day-precise validity) into a ledger folder.

CShapes 2.0 (Schvitz, Girardin, Rüegger, Weidmann, Cederman and Gleditsch, 2022, *Journal of
Conflict Resolution*) gives one polygon per state and period, with the first and last day it is
valid. It comes in a Gleditsch–Ward version
(``gwcode``, ``gwsyear``/``gwsmonth``/``gwsday``, ``gweyear``/``gwemonth``/``gweday``) and a
Correlates of War version (``cowcode``, ``cowsyear`` ... ``coweday``), as GeoJSON or GeoPackage;
both carry ``cntry_name``, and 2.0 added ``status`` and ``owner`` for dependent territories.

The import reads it as a ledger:

- **polities**: one per code, named by its latest ``cntry_name`` (earlier names become aliases),
  with the code under ``codes.gw`` or ``codes.cow``;
- **places**: the common refinement of every polygon version (faces that never overlap), each
  named after the polity that covers it longest, with the other names as aliases;
- **effects**, dated to the day: the first version covering a face *establishes* its holder; a
  version that starts the day after another ended *transfers* title and control; a version with
  no successor ends in a *withdraw* on the day after its last day (unless it lasts to the end of
  the data); a holder after a gap takes over by *transfer* from the previous title holder while
  that polity exists, else by *establish*; a version that overlaps another with a different holder
  is a *claim* (and a *drop_claim* when it ends). A dependency (``status`` not ``independent``
  with an ``owner``) is held by its owner.

Every effect belongs to an instrument that stands for one polygon version's first (or last) day and
cites the dataset by feature number.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import Any

import shapely
from pyproj import Geod
from shapely.geometry import MultiPolygon, Polygon, mapping, shape
from shapely.geometry.base import BaseGeometry

from terrachron.importers.common import (
    ImportInputError,
    ImportReport,
    publish_ledger,
    slugify,
    write_yaml,
)
from terrachron.importers.refine import dissolve, refine

__all__ = [
    "CSHAPES_SOURCE_ID",
    "DEFAULT_GRID",
    "DEFAULT_SLIVER_WIDTH",
    "CShapesVersion",
    "import_cshapes",
    "read_cshapes",
]

CSHAPES_SOURCE_ID = "cshapes-2-0"
DEFAULT_GRID = 1e-6
"""Snapping grid in degrees (about 0.1 m): CShapes versions share borders vertex for vertex."""
DEFAULT_SLIVER_WIDTH = 1e-3
"""Faces thinner than this many degrees (about 100 m) merge into their longest-border neighbour."""

_SYSTEMS = ("gw", "cow")
_DAY = dt.timedelta(days=1)
_GEOD = Geod(ellps="WGS84")


@dataclass(frozen=True)
class CShapesVersion:
    """One CShapes feature: a polity's outline over a period of days.

    Attributes
    ----------
    feature : int
        1-based position of the feature in its file (how errors and citations name it).
    file : Path
        The file it came from.
    system : str
        ``gw`` (Gleditsch–Ward) or ``cow`` (Correlates of War).
    code : int
        The state's code in that system (-1 for a dependency coded only by its owner).
    name : str
        ``cntry_name``.
    start, end : datetime.date
        First and last day the outline is valid.
    owner : int or None
        The code of the owning state of a dependency.
    status : str or None
        CShapes' dependency status (``independent`` for a state).
    geometry : Polygon or MultiPolygon
    """

    feature: int
    file: Path
    system: str
    code: int
    name: str
    start: dt.date
    end: dt.date
    owner: int | None
    status: str | None
    geometry: Polygon | MultiPolygon

    @property
    def where(self) -> str:
        """``feature N (name)`` for messages."""
        return f"feature {self.feature} ({self.name})"

    @property
    def holder_code(self) -> int:
        """The code of the polity holding the outline: the owner of a dependency, else its own."""
        dependent = self.status is not None and self.status.lower() != "independent"
        if self.owner is not None and self.owner >= 0 and (dependent or self.code < 0):
            return self.owner
        return self.code


def _features(path: Path) -> list[tuple[dict[str, Any], BaseGeometry | None]]:
    """(properties with lower-case keys, geometry) of every feature of a GeoJSON or GeoPackage."""
    if path.suffix.lower() == ".gpkg":
        try:
            import pyogrio  # type: ignore[import-untyped]

            frame = pyogrio.read_dataframe(path)
        except Exception as exc:
            raise ImportInputError(
                path,
                "",
                f"not a readable GeoPackage ({exc})",
                "pass CShapes 2.0 as .gpkg or .geojson",
            ) from None
        rows = []
        for record, found in zip(
            frame.drop(columns="geometry").to_dict("records"), frame.geometry, strict=True
        ):
            props = {str(k).lower(): (None if _is_nan(v) else v) for k, v in record.items()}
            rows.append((props, found))
        return rows
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ImportInputError(
            path, "", f"not GeoJSON: {exc}", "pass the CShapes 2.0 GeoJSON or GeoPackage file"
        ) from None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise ImportInputError(
            path, "", "not a GeoJSON FeatureCollection", "pass the CShapes 2.0 GeoJSON file"
        )
    features = data.get("features")
    if not isinstance(features, list):
        raise ImportInputError(path, "", "the FeatureCollection has no `features` list")
    rows = []
    for i, feature in enumerate(features, start=1):
        if not isinstance(feature, dict) or not isinstance(feature.get("properties"), dict):
            raise ImportInputError(path, f"feature {i}", "not a Feature with `properties`")
        props = {str(k).lower(): v for k, v in feature["properties"].items()}
        raw = feature.get("geometry")
        geom: BaseGeometry | None = None
        if raw is not None:
            try:
                geom = shape(raw)
            except Exception as exc:
                name = props.get("cntry_name", "?")
                raise ImportInputError(
                    path, f"feature {i} ({name})", f"the geometry is not GeoJSON ({exc})"
                ) from None
        rows.append((props, geom))
    return rows


def _is_nan(value: object) -> bool:
    return isinstance(value, float) and value != value


def _system_of(path: Path, props: Mapping[str, Any], where: str) -> str:
    present = [s for s in _SYSTEMS if f"{s}syear" in props]
    if len(present) == 1:
        return present[0]
    if not present:
        raise ImportInputError(
            path,
            where,
            "missing field `gwsyear` (or `cowsyear`): no start date",
            "CShapes 2.0 features carry gwcode/gwsyear…gweday (GW version) or "
            "cowcode/cowsyear…coweday (COW version)",
        )
    raise ImportInputError(
        path, where, "both gw* and cow* date fields are present", "pass one CShapes version"
    )


def _int(path: Path, where: str, props: Mapping[str, Any], key: str) -> int:
    if key not in props or props[key] is None or props[key] == "":
        raise ImportInputError(path, where, f"missing field `{key}`")
    value = props[key]
    try:
        if isinstance(value, bool):
            raise ValueError
        number = float(value)
        if number != int(number):
            raise ValueError
        return int(number)
    except (TypeError, ValueError):
        raise ImportInputError(path, where, f"`{key}` is {value!r}, not a whole number") from None


def _date(path: Path, where: str, props: Mapping[str, Any], prefix: str) -> dt.date:
    year, month, day = (_int(path, where, props, f"{prefix}{p}") for p in ("year", "month", "day"))
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise ImportInputError(
            path, where, f"{prefix}year/month/day = {year}-{month}-{day} is not a day ({exc})"
        ) from None


def _geometry(path: Path, where: str, geom: BaseGeometry | None) -> Polygon | MultiPolygon:
    if geom is None or geom.is_empty:
        raise ImportInputError(path, where, "the feature has no geometry")
    if not isinstance(geom, Polygon | MultiPolygon):
        raise ImportInputError(path, where, f"the geometry is a {geom.geom_type}, not polygons")
    if not geom.is_valid:
        reason = shapely.is_valid_reason(geom)
        raise ImportInputError(
            path,
            where,
            f"invalid polygon: {reason}",
            "repair it (e.g. `ogr2ogr -makevalid`) and import again",
        )
    return geom


def read_cshapes(path: Path) -> list[CShapesVersion]:
    """Read and check every feature of one CShapes 2.0 file.

    Parameters
    ----------
    path : Path
        A CShapes 2.0 GeoJSON (``.geojson``/``.json``) or GeoPackage (``.gpkg``) file.

    Returns
    -------
    list of CShapesVersion
        In file order.

    Raises
    ------
    ImportInputError
        Naming the file and feature: not GeoJSON, a missing or malformed field, a day that does
        not exist, an end before the start, or a geometry that is not a valid polygon.
    """
    path = Path(path)
    if not path.is_file():
        raise ImportInputError(path, "", "no such file")
    versions: list[CShapesVersion] = []
    for i, (props, geom) in enumerate(_features(path), start=1):
        name = props.get("cntry_name")
        where = f"feature {i}" + (f" ({name})" if name else "")
        if not isinstance(name, str) or not name.strip():
            raise ImportInputError(path, where, "missing field `cntry_name`")
        system = _system_of(path, props, where)
        code = _int(path, where, props, f"{system}code")
        start = _date(path, where, props, f"{system}s")
        end = _date(path, where, props, f"{system}e")
        if end < start:
            raise ImportInputError(
                path, where, f"the outline ends ({end}) before it starts ({start})"
            )
        owner = _int(path, where, props, "owner") if props.get("owner") is not None else None
        status = props.get("status")
        versions.append(
            CShapesVersion(
                feature=i,
                file=path,
                system=system,
                code=code,
                name=name.strip(),
                start=start,
                end=end,
                owner=owner,
                status=str(status) if status is not None else None,
                geometry=_geometry(path, where, geom),
            )
        )
    if not versions:
        raise ImportInputError(path, "", "the file holds no features")
    return versions


@dataclass
class _PolityInfo:
    code: int
    system: str
    names: list[tuple[dt.date, str]]
    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class _Step:
    op: str
    day: dt.date
    version: int  # index into versions: whose instrument the effect belongs to
    closing: bool  # the effect belongs to the version's end instrument
    to: str | None = None
    from_: str | None = None
    by: str | None = None


def _polities(
    versions: Sequence[CShapesVersion], horizon: dt.date
) -> tuple[dict[int, str], dict[str, dict[str, Any]]]:
    infos: dict[int, _PolityInfo] = {}
    for v in versions:
        info = infos.get(v.code)
        if info is None:
            infos[v.code] = _PolityInfo(v.code, v.system, [(v.start, v.name)], v.start, v.end)
        else:
            info.names.append((v.start, v.name))
            info.start = min(info.start, v.start)
            info.end = max(info.end, v.end)
    holders = {v.holder_code for v in versions}
    ids: dict[int, str] = {}
    records: dict[str, dict[str, Any]] = {}
    taken: set[str] = set()
    for code in sorted(holders):
        info = infos[code]
        latest = max(info.names)[1]
        pid = slugify(latest, fallback=f"{info.system}{code}")
        if pid in taken:
            pid = f"{pid}-{info.system}{code}"
        taken.add(pid)
        ids[code] = pid
        aliases = sorted({n for _, n in info.names} - {latest})
        # The last day's withdraw is dated the day after the last valid day; the polity must
        # still exist then for the effect to name it.
        end = ".." if info.end >= horizon else (info.end + _DAY).isoformat()
        record: dict[str, Any] = {
            "id": pid,
            "names": {"en": latest},
            "codes": {info.system: code},
            "lifespan": f"{info.start.isoformat()}/{end}",
            "summary": f"Imported from CShapes 2.0 ({info.system.upper()} code {code}).",
        }
        if aliases:
            record["aliases"] = {"en": aliases}
        records[pid] = record
    return ids, records


def _face_steps(
    order: Sequence[int],
    versions: Sequence[CShapesVersion],
    ids: Mapping[int, str],
    lifespan_end: Mapping[str, dt.date | None],
    horizon: dt.date,
) -> list[_Step]:
    """The effects on one face, from the versions covering it (indices sorted by start).

    Outlines are taken one start day at a time. A single newcomer takes over (establish,
    transfer or administer); several holders starting on the same day, or a newcomer over days
    another holder's outline still covers, only *claim*: the data does not say who controls.
    """
    steps: list[_Step] = []
    title: str | None = None
    current: tuple[str, dt.date, int] | None = None  # holder, last day, version index

    def claim(holder: str, k: int) -> None:
        steps.append(_Step("claim", versions[k].start, k, False, by=holder))
        if versions[k].end < horizon:
            steps.append(_Step("drop_claim", versions[k].end + _DAY, k, True, by=holder))

    for day, group in groupby(order, key=lambda k: versions[k].start):
        reps: dict[str, int] = {}  # one outline per holder: the one lasting longest
        for k in group:
            holder = ids[versions[k].holder_code]
            if holder not in reps or versions[k].end > versions[reps[holder]].end:
                reps[holder] = k
        if current is not None and current[1] + _DAY < day:
            steps.append(_Step("withdraw", current[1] + _DAY, current[2], True, by=current[0]))
            current = None
        continuing = False
        if current is not None and current[0] in reps:
            k = reps.pop(current[0])
            continuing = True
            if versions[k].end > current[1]:
                current = (current[0], versions[k].end, k)
        newcomers = sorted(reps.items())
        if not newcomers:
            continue
        ending = current is not None and not continuing and current[1] + _DAY == day
        if current is not None and not ending:
            for holder, k in newcomers:
                claim(holder, k)  # over days another holder's outline still covers
            continue
        if len(newcomers) > 1:
            if current is not None:
                steps.append(_Step("withdraw", day, current[2], True, by=current[0]))
                current = None
            for holder, k in newcomers:
                claim(holder, k)  # several holders from one day: control is not recorded
            continue
        holder, k = newcomers[0]
        end = lifespan_end.get(title) if title is not None else None
        alive = title is not None and (end is None or end >= day)
        if title == holder:
            steps.append(_Step("administer", day, k, False, by=holder))
        elif title is not None and alive:
            steps.append(_Step("transfer", day, k, False, to=holder, from_=title))
        else:
            steps.append(_Step("establish", day, k, False, to=holder))
        title, current = holder, (holder, versions[k].end, k)
    if current is not None and current[1] < horizon:
        steps.append(_Step("withdraw", current[1] + _DAY, current[2], True, by=current[0]))
    return steps


def _area_km2(geom: BaseGeometry) -> float:
    return float(abs(_GEOD.geometry_area_perimeter(geom)[0]) / 1e6)


def _place_names(
    faces: Sequence[BaseGeometry],
    cover: Sequence[Sequence[int]],
    versions: Sequence[CShapesVersion],
) -> list[tuple[str, str]]:
    """(id, English name) per face: the outline name covering it longest, disambiguated.

    The largest face of a name keeps the bare name; the others add the other outlines that cover
    them ("Germany (German Democratic Republic)"), then a number if that is still not unique.
    """
    base: list[tuple[str, list[str]]] = []
    for covering in cover:
        days: dict[str, int] = defaultdict(int)
        latest: dict[str, dt.date] = {}
        for k in covering:
            v = versions[k]
            days[v.name] += (v.end - v.start).days + 1
            latest[v.name] = max(latest.get(v.name, v.start), v.start)
        name = max(days, key=lambda n: (days[n], latest[n], n))
        others = sorted(set(days) - {name}, key=lambda n: (-days[n], n))
        base.append((name, others))
    groups: dict[str, list[int]] = defaultdict(list)
    for i, (name, _) in enumerate(base):
        groups[name].append(i)
    out: list[tuple[str, str]] = [("", "")] * len(faces)
    labels: set[str] = set()
    taken: set[str] = set()
    for name in sorted(groups):
        members = sorted(groups[name], key=lambda i: (-faces[i].area, faces[i].centroid.x))
        for n, i in enumerate(members, start=1):
            others = base[i][1]
            label = name
            if n > 1 or label in labels:
                label = f"{name} ({', '.join(others)})" if others else f"{name} ({n})"
            if label in labels:
                label = f"{name} ({n})"
            labels.add(label)
            pid = slugify(label, fallback="place")
            while pid in taken:
                pid = f"{pid}-{n}"
            taken.add(pid)
            out[i] = (pid, label)
    return out


def import_cshapes(
    paths: Sequence[Path],
    out: Path,
    *,
    grid: float = DEFAULT_GRID,
    sliver_width: float = DEFAULT_SLIVER_WIDTH,
    replace: bool = False,
) -> ImportReport:
    """Import CShapes 2.0 files into a new ledger folder.

    Parameters
    ----------
    paths : sequence of Path
        CShapes 2.0 GeoJSON or GeoPackage files, all of one version (GW or COW).
    out : Path
        The ledger folder to write (must not exist unless ``replace``).
    grid : float
        Snapping grid in degrees for the refinement.
    sliver_width : float
        Faces thinner than this (degrees) merge into the neighbour with the longest shared border.
    replace : bool
        Replace an existing ``out`` once the new ledger validated.

    Returns
    -------
    ImportReport
        Counts, the faces' sliver area and the time taken; also written as ``import-report.md``.

    Raises
    ------
    ImportInputError
        Naming the file and feature of the first bad input (see :func:`read_cshapes`), an
        ``owner`` code that no feature defines, or two features with one code and start day.
    """
    began = time.perf_counter()
    paths = [Path(p) for p in paths]
    versions: list[CShapesVersion] = []
    for path in paths:
        versions.extend(read_cshapes(path))
    systems = {v.system for v in versions}
    if len(systems) > 1:
        raise ImportInputError(
            paths[-1], "", "the files mix the GW and COW versions of CShapes", "import one version"
        )
    system = systems.pop()
    known = {v.code for v in versions if v.code >= 0}
    seen: dict[tuple[int, dt.date], CShapesVersion] = {}
    for v in versions:
        if v.holder_code < 0 or v.holder_code not in known:
            raise ImportInputError(
                v.file,
                v.where,
                f"unknown code: the holder's {system}code {v.holder_code} is not the code of "
                "any feature",
                "CShapes codes each owner as a state of its own; import the file that holds it",
            )
        key = (v.code, v.start)
        if key in seen and v.code >= 0:
            raise ImportInputError(
                v.file,
                v.where,
                f"{system}code {v.code} already has an outline starting {v.start} "
                f"({seen[key].where})",
                "each code has one outline per start day",
            )
        seen[key] = v
    horizon = max(v.end for v in versions)
    ids, polity_records = _polities(versions, horizon)
    lifespan_end: dict[str, dt.date | None] = {}
    for rec in polity_records.values():
        tail = rec["lifespan"].split("/")[1]
        lifespan_end[rec["id"]] = None if tail == ".." else dt.date.fromisoformat(tail)

    refined = refine([v.geometry for v in versions], grid=grid, sliver_width=sliver_width)
    # Faces with the same history are one place: dissolve them, keyed by their effects.
    histories: list[tuple[_Step, ...]] = []
    for covering in refined.cover:
        order = sorted(covering, key=lambda k: (versions[k].start, versions[k].end, k))
        histories.append(tuple(_face_steps(order, versions, ids, lifespan_end, horizon)))
    dissolved = dissolve(refined.faces, histories)
    place_geoms = [geom for _, geom, _ in dissolved]
    place_cover = [
        sorted({k for f in members for k in refined.cover[f]}) for _, _, members in dissolved
    ]
    names = _place_names(place_geoms, place_cover, versions)

    # effects grouped by (instrument, op, from, to, by) → place ids
    grouped: dict[tuple[int, bool, str, str | None, str | None, str | None], list[str]] = (
        defaultdict(list)
    )
    for place, (_, _, members) in enumerate(dissolved):
        for step in histories[members[0]]:
            group = (step.version, step.closing, step.op, step.from_, step.to, step.by)
            grouped[group].append(names[place][0])

    instruments: dict[tuple[int, bool], dict[str, Any]] = {}
    effect_count = 0
    for (k, closing, op, from_, to, by), places in sorted(
        grouped.items(), key=lambda item: (item[0][0], item[0][1], item[0][2])
    ):
        v = versions[k]
        inst = instruments.get((k, closing))
        if inst is None:
            inst = _instrument(v, closing, system, ids)
            instruments[(k, closing)] = inst
        effect: dict[str, Any] = {"op": op, "places": sorted(places)}
        for field_name, value in (("from", from_), ("to", to), ("by", by)):
            if value is not None:
                effect[field_name] = value
        inst["effects"].append(effect)
        effect_count += len(places)

    report = ImportReport(
        format="cshapes",
        ledger=Path(out),
        inputs=paths,
        polities=len(polity_records),
        places=len(dissolved),
        instruments=len(instruments),
        effects=effect_count,
    )
    report.notes.append(
        f"{len(versions)} polygon versions ({system.upper()} version) refined into "
        f"{len(refined.faces)} faces on a {grid:g}° grid ({refined.slivers_merged} slivers of "
        f"mean width under {sliver_width:g}° merged, {refined.sliver_area:.6g} square degrees); "
        f"faces with one history dissolved into {len(dissolved)} places"
    )
    report.notes.append(f"the data ends {horizon.isoformat()}; outlines valid then stay open")

    def build(root: Path) -> None:
        write_yaml(
            root / "ledger.yaml",
            {
                "id": slugify(Path(out).name, fallback="cshapes"),
                "title": f"CShapes 2.0 ({system.upper()} version), imported",
                "description": "State outlines with day-precise validity from CShapes 2.0, read as "
                "establish/transfer/withdraw effects on the faces of their common refinement.",
                "license": "CShapes 2.0 data: see the dataset's own terms; ledger written by "
                "terrachron's importer",
                "coverage": f"the states CShapes 2.0 records, {min(v.start for v in versions)} "
                f"to {horizon}",
            },
        )
        write_yaml(root / "sources" / f"{CSHAPES_SOURCE_ID}.yaml", _source(paths))
        write_yaml(root / "polities" / "cshapes.yaml", list(polity_records.values()))
        places = []
        for face, (pid, label) in enumerate(names):
            geom = place_geoms[face]
            covering = place_cover[face]
            places.append(
                {
                    "id": pid,
                    "names": {"en": label},
                    "geometry": f"../geometry/{pid}.geojson",
                    "summary": f"A face of the common refinement of CShapes 2.0 outlines "
                    f"({_area_km2(geom):,.0f} km²), covered by {len(covering)} outline "
                    f"version(s): features "
                    + ", ".join(str(versions[k].feature) for k in covering),
                }
            )
            _write_geojson(root / "geometry" / f"{pid}.geojson", pid, geom)
        write_yaml(root / "places" / "cshapes.yaml", places)
        write_yaml(
            root / "instruments" / "cshapes.yaml",
            [instruments[key] for key in sorted(instruments)],
        )

    report.seconds = time.perf_counter() - began
    publish_ledger(Path(out), build, report, replace=replace)
    return report


def _write_geojson(path: Path, pid: str, geom: BaseGeometry) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    feature = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"id": pid, "source": "CShapes 2.0, refined by terrachron"},
                "geometry": mapping(geom),
            }
        ],
    }
    path.write_text(json.dumps(feature, separators=(",", ":")), encoding="utf-8")


def _source(paths: Iterable[Path]) -> dict[str, Any]:
    return {
        "id": CSHAPES_SOURCE_ID,
        "kind": "dataset",
        "title": "Mapping the International System, 1886–2019: The CShapes 2.0 Dataset",
        "authors": [
            "Guy Schvitz",
            "Luc Girardin",
            "Seraina Rüegger",
            "Nils B. Weidmann",
            "Lars-Erik Cederman",
            "Kristian Skrede Gleditsch",
        ],
        "publisher": "Journal of Conflict Resolution 66(1); data from ETH Zürich, "
        "International Conflict Research",
        "published": "2022",
        "url": "https://icr.ethz.ch/data/cshapes/",
        "note": "Imported from " + ", ".join(p.name for p in paths) + "; citations give the "
        "1-based feature number in the file.",
    }


def _instrument(
    v: CShapesVersion, closing: bool, system: str, ids: Mapping[int, str]
) -> dict[str, Any]:
    code = f"{system.upper()} {v.code}"
    holder = ids[v.holder_code]
    dependent = v.holder_code != v.code
    whose = f"{v.name} ({code}" + (f", a dependency held by {holder})" if dependent else ")")
    span = f"{v.start.isoformat()} to {v.end.isoformat()}"
    slug_code = f"{system}{v.code}" if v.code >= 0 else f"{system}-dep-{v.feature}"
    if closing:
        day = v.end + _DAY
        return {
            "id": f"cshapes-{slug_code}-{v.start.isoformat()}-end",
            "kind": "other",
            "title": f"CShapes 2.0: end of the outline of {v.name} valid {span}",
            "date": day.isoformat(),
            "summary": f"CShapes 2.0 records no outline of {whose} after {v.end.isoformat()} "
            "for the places listed; the import reads that as the end of its control there.",
            "sources": [_cite(v)],
            "effects": [],
        }
    return {
        "id": f"cshapes-{slug_code}-{v.start.isoformat()}",
        "kind": "other",
        "title": f"CShapes 2.0: outline of {v.name} valid {span}",
        "date": v.start.isoformat(),
        "summary": f"CShapes 2.0 records the outline of {whose} as valid from {span}; the import "
        "reads it as the holder of every place inside from its first day.",
        "sources": [_cite(v)],
        "effects": [],
    }


def _cite(v: CShapesVersion) -> dict[str, Any]:
    return {
        "source": CSHAPES_SOURCE_ID,
        "locator": f"{v.file.name}, feature {v.feature}",
        "note": f"{v.system}code {v.code}, {v.name}, {v.start.isoformat()} to {v.end.isoformat()}",
    }
