"""Every rule a ledger must keep, checked over the whole ledger at once.

Each rule has a stable name (the ``rule`` of a :class:`~terrachron.errors.Problem`); the README's
"Validation rules" table lists them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from terrachron.dates import EdtfDate
from terrachron.engine.compiled import (
    TITLE_OPS,
    UNIVERSAL,
    build_readings,
    compile_effect,
    compile_steps,
    default_groups,
    effect_uid,
)
from terrachron.engine.fold import Folder, StepIndex, World
from terrachron.errors import Severity
from terrachron.ledger.load import LedgerFiles
from terrachron.model import AmendConditionEffect, Effect, Instrument, PromiseEffect, View

__all__ = ["load_geometries", "validate"]

_W = Severity.WARNING
OVERLAP_TOLERANCE_KM2 = 0.01
"""Shared area below which two places' outlines are taken to touch, not overlap."""

OVERLAP_GRID = 1e-9
"""Grid (degrees, about 0.1 mm) the overlap of two places is computed on."""


def _check_polity(
    files: LedgerFiles, kind: str, rid: str, sub: tuple[str | int, ...], pid: str | None
) -> bool:
    if pid is None or pid in files.polities:
        return True
    files.problem(
        kind,
        rid,
        sub,
        "unknown-polity",
        f"no polity has the id {pid!r}",
        "add it under polities/ or fix the spelling",
    )
    return False


def _during(
    files: LedgerFiles, rid: str, sub: tuple[str | int, ...], pid: str, date: EdtfDate, what: str
) -> None:
    polity = files.polities.get(pid)
    if polity is None:
        return
    life = polity.lifespan
    if date.hi < life.lo:
        files.problem(
            "instruments",
            rid,
            sub,
            "polity-lifespan",
            f"{what} dated {date.text} names {pid!r}, which exists only from {life.text}",
            "check the date or the polity (a predecessor may be meant)",
        )
    elif date.lo > life.hi:
        files.problem(
            "instruments",
            rid,
            sub,
            "polity-lifespan",
            f"{what} dated {date.text} names {pid!r}, which ended {life.text}",
            "check the date or the polity (a successor may be meant)",
        )


def _effective_field(inst: Instrument) -> str:
    """The field an instrument's effects inherit their date from."""
    if inst.in_force is not None:
        return "in_force"
    return "date" if inst.date is not None else "signed"


def _check_instrument(files: LedgerFiles, inst: Instrument, effect_ids: dict[str, str]) -> None:
    _check_instrument_dates(files, inst)
    _check_parties(files, inst)
    _check_citations(files, inst)
    for i, effect in enumerate(inst.effects):
        _check_effect_id(files, inst, i, effect, effect_ids)
        _check_effect_targets(files, inst, i, effect)
        _check_effect_dates_and_actors(files, inst, i, effect)


def _check_instrument_dates(files: LedgerFiles, inst: Instrument) -> None:
    """One form of date, and a force that does not precede the signature."""
    rid = inst.id
    if inst.effective is None:
        files.problem(
            "instruments",
            rid,
            (),
            "instrument-date",
            "the instrument has no date, signed or in_force",
            "add `date:` (or `signed:` / `in_force:`)",
        )
    if inst.signed and inst.in_force and inst.in_force.hi < inst.signed.lo:
        files.problem(
            "instruments",
            rid,
            ("in_force",),
            "date-order",
            f"in_force {inst.in_force.text} comes before signed {inst.signed.text}",
            "an instrument cannot take force before it is signed",
        )
    if inst.date and (inst.signed or inst.in_force):
        files.problem(
            "instruments",
            rid,
            ("date",),
            "instrument-date",
            "give either `date` or `signed`/`in_force`, not both",
            "keep one form",
        )


def _check_parties(files: LedgerFiles, inst: Instrument) -> None:
    """Every party is a polity that exists when the instrument is signed."""
    rid = inst.id
    for i, pid in enumerate(inst.parties):
        if _check_polity(files, "instruments", rid, ("parties", i), pid):
            when = inst.signed or inst.date
            if when is not None:
                _during(files, rid, ("parties", i), pid, when, "the instrument")


def _check_citations(files: LedgerFiles, inst: Instrument) -> None:
    """At least one citation, each of a known source with a sound character range."""
    rid = inst.id
    if not inst.sources:
        files.problem(
            "instruments",
            rid,
            ("id",),
            "no-source",
            "the instrument cites no source",
            "add at least one citation under `sources:`",
            _W,
        )
    for i, cite in enumerate(inst.sources):
        if cite.source not in files.sources:
            files.problem(
                "instruments",
                rid,
                ("sources", i, "source"),
                "unknown-source",
                f"no source has the id {cite.source!r}",
                "add it under sources/",
            )
        if cite.chars is not None and cite.chars[0] >= cite.chars[1]:
            files.problem(
                "instruments",
                rid,
                ("sources", i, "chars"),
                "citation-range",
                f"the character range {list(cite.chars)} is empty or reversed",
                "write [start, end)",
            )


def _check_effect_id(
    files: LedgerFiles, inst: Instrument, i: int, effect: Effect, effect_ids: dict[str, str]
) -> None:
    """Effect ids are unique across the ledger (``effect_ids`` collects them)."""
    rid, sub = inst.id, ("effects", i)
    uid = effect_uid(inst, i, effect)
    if uid in effect_ids:
        files.problem(
            "instruments",
            rid,
            (*sub, "id"),
            "duplicate-id",
            f"the effect id {uid!r} is already used by {effect_ids[uid]}",
            "make it unique",
        )
    effect_ids[uid] = rid


def _check_effect_targets(files: LedgerFiles, inst: Instrument, i: int, effect: Effect) -> None:
    """The effect touches known places or a known group."""
    rid, sub = inst.id, ("effects", i)
    if not effect.places and not effect.group:
        files.problem(
            "instruments",
            rid,
            (*sub, "op"),
            "effect-target",
            "the effect names neither `places` nor `group`",
            "say which places it touches",
        )
    for j, place in enumerate(effect.places or ()):
        if place not in files.places:
            hint = (
                "a group goes under `group:`" if place in files.groups else "add it under places/"
            )
            files.problem(
                "instruments",
                rid,
                (*sub, "places", j),
                "unknown-place",
                f"the effect touches {place!r}, which is not a known place",
                hint,
            )
    if effect.group and effect.group not in files.groups:
        files.problem(
            "instruments",
            rid,
            (*sub, "group"),
            "unknown-group",
            f"no group has the id {effect.group!r}",
            "add it under groups/",
        )


def _check_effect_dates_and_actors(
    files: LedgerFiles, inst: Instrument, i: int, effect: Effect
) -> None:
    """A bounded date not before the signature; actors that exist then; a known affirmed one."""
    rid, sub = inst.id, ("effects", i)
    step = compile_effect(inst, i, effect, 0)
    if step is None:
        return
    if not step.date.bounded:
        files.problem(
            "instruments",
            rid,
            (*sub, "date") if effect.date else (_effective_field(inst),),
            "date-unbounded",
            f"the effect's date {step.date.text} is open-ended",
            "an effect happens within bounded dates: give both ends",
        )
    if inst.signed and effect.date and effect.date.hi < inst.signed.lo:
        files.problem(
            "instruments",
            rid,
            (*sub, "date"),
            "date-order",
            f"the effect's date {effect.date.text} comes before the signature {inst.signed.text}",
            "an instrument cannot act before it is signed",
        )
    for key in ("to", "from", "by"):
        named = getattr(effect, "from_" if key == "from" else key, None)
        if isinstance(named, str) and _check_polity(files, "instruments", rid, (*sub, key), named):
            _during(files, rid, (*sub, key), named, step.date, "the effect")
    for j, pid in enumerate(getattr(effect, "parties", ()) or ()):
        if _check_polity(files, "instruments", rid, (*sub, "parties", j), pid):
            _during(files, rid, (*sub, "parties", j), pid, step.date, "the effect")
    affirms = getattr(effect, "affirms", None)
    if affirms and affirms not in files.instruments:
        files.problem(
            "instruments",
            rid,
            (*sub, "affirms"),
            "unknown-instrument",
            f"no instrument has the id {affirms!r}",
            "fix the id",
        )


def _check_succession_cycles(files: LedgerFiles) -> None:
    """A polity may not continue or succeed itself, directly or through others.

    Succession carries control and title forward along ``continues``/``succeeds``; a loop would
    make the engine carry them round it. Each polity on a loop is reported at the key that
    closes it, with the loop spelled out.
    """
    links: dict[str, list[tuple[str, str]]] = {}
    for pid, polity in files.polities.items():
        for key in ("continues", "succeeds"):
            other = getattr(polity, key)
            if other is not None and other in files.polities:
                links.setdefault(pid, []).append((key, other))
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[tuple[str, str]] = []  # (polity, key leading on)

    def visit(pid: str) -> None:
        state[pid] = 1
        for key, other in links.get(pid, []):
            path.append((pid, key))
            if state.get(other) == 1:
                start = next(i for i, (p, _) in enumerate(path) if p == other)
                loop = path[start:]
                spelled = " ".join(f"{p} {k}" for p, k in loop) + f" {other}"
                for member, member_key in loop:
                    files.problem(
                        "polities",
                        member,
                        (member_key,),
                        "succession-cycle",
                        f"succession loop: {spelled}",
                        "a polity continues or succeeds an earlier one: break the loop",
                    )
            elif other not in state:
                visit(other)
            path.pop()
        state[pid] = 2

    for pid in sorted(links):
        if pid not in state:
            visit(pid)


def _check_amendments(files: LedgerFiles) -> None:
    """An ``amend_condition`` must name an existing promise, and not amend it before it is made."""
    effects: dict[str, tuple[Instrument, int]] = {}
    for inst in files.instruments.values():
        for i, effect in enumerate(inst.effects):
            effects[effect_uid(inst, i, effect)] = (inst, i)
    for inst in files.instruments.values():
        for i, effect in enumerate(inst.effects):
            if not isinstance(effect, AmendConditionEffect):
                continue
            where = ("effects", i, "amends")
            target = effects.get(effect.amends)
            if target is None:
                files.problem(
                    "instruments",
                    inst.id,
                    where,
                    "unknown-effect",
                    f"no effect has the id {effect.amends!r}",
                    "name the promise as '<instrument>#<n>' (or its own id)",
                )
                continue
            promiser, j = target
            promise = promiser.effects[j]
            if not isinstance(promise, PromiseEffect):
                files.problem(
                    "instruments",
                    inst.id,
                    where,
                    "amend-not-promise",
                    f"{effect.amends!r} is a {promise.op!r} effect, not a promise_transfer",
                    "only the condition of a promise_transfer can be amended",
                )
                continue
            made = compile_effect(promiser, j, promise, 0)
            amended = compile_effect(inst, i, effect, 0)
            if made is not None and amended is not None and amended.hi < made.lo:
                files.problem(
                    "instruments",
                    inst.id,
                    ("effects", i, "date") if effect.date else where,
                    "date-order",
                    f"the amendment ({amended.date.text}) comes before the promise it amends "
                    f"({made.date.text})",
                    "a condition can only be amended once the promise exists",
                )


def _check_references(files: LedgerFiles) -> None:
    _check_polity_references(files)
    _check_group_members(files)
    _check_place_and_group_ids(files)
    effect_ids: dict[str, str] = {}
    for inst in files.instruments.values():
        _check_instrument(files, inst, effect_ids)
    _check_amendments(files)
    for vid, view in files.views.items():
        _check_view(files, vid, view, effect_ids)


def _check_polity_references(files: LedgerFiles) -> None:
    """Successions name known polities, and a polity either continues or succeeds."""
    for pid, polity in files.polities.items():
        for key in ("continues", "succeeds"):
            other = getattr(polity, key)
            if other is not None and other not in files.polities:
                files.problem(
                    "polities",
                    pid,
                    (key,),
                    "unknown-polity",
                    f"no polity has the id {other!r}",
                    "fix the id",
                )
        if polity.continues and polity.succeeds:
            files.problem(
                "polities",
                pid,
                ("succeeds",),
                "succession",
                "a polity either continues or succeeds another, not both",
                "keep one",
            )


def _check_group_members(files: LedgerFiles) -> None:
    """A group's members are known places."""
    for gid, group in files.groups.items():
        for i, member in enumerate(group.members):
            if member not in files.places:
                files.problem(
                    "groups",
                    gid,
                    ("members", i),
                    "unknown-place",
                    f"{member!r} is not a known place",
                    "add it under places/",
                )


def _check_place_and_group_ids(files: LedgerFiles) -> None:
    """No id is both a place and a group."""
    names_in_use: dict[str, tuple[str, str]] = {}
    for kind in ("places", "groups"):
        for rid in files.table(kind):
            if rid in names_in_use:
                files.problem(
                    kind,
                    rid,
                    ("id",),
                    "duplicate-id",
                    f"{rid!r} is both a place and a group",
                    "rename one",
                )
            names_in_use[rid] = (kind, rid)


def _check_view(files: LedgerFiles, vid: str, view: View, effect_ids: dict[str, str]) -> None:
    """A view's polity, the instruments or effects it rejects, and the groups it re-reads."""
    if view.kind == "polity" and view.polity is None:
        files.problem(
            "views",
            vid,
            ("kind",),
            "schema-missing",
            "a polity view must name its `polity`",
            "add `polity: <id>`",
        )
    _check_polity(files, "views", vid, ("polity",), view.polity)
    for i, ref in enumerate(view.rejects):
        if ref not in files.instruments and ref not in effect_ids:
            files.problem(
                "views",
                vid,
                ("rejects", i),
                "unknown-instrument",
                f"{ref!r} is neither an instrument nor an effect id",
                "use an instrument id or '<instrument>#<n>'",
            )
    for gid, members in view.groups.items():
        if gid not in files.groups:
            files.problem(
                "views",
                vid,
                ("groups", gid),
                "unknown-group",
                f"no group has the id {gid!r}",
                "add it under groups/",
            )
        for i, member in enumerate(members):
            if member not in files.places:
                files.problem(
                    "views",
                    vid,
                    ("groups", gid, i),
                    "unknown-place",
                    f"{member!r} is not a known place",
                    "add it under places/",
                )


def _ledger_root(record_file: Path, default: Path) -> Path:
    """The folder of the ledger a place's YAML file belongs to (an included ledger's own)."""
    for parent in record_file.parents:
        if parent.name == "places":
            return parent.parent
    return default


def _outside(files: LedgerFiles, pid: str, ref: str, resolved: Path) -> bool:
    """Whether a geometry reference leads out of the ledger folder, after reporting it.

    A ledger is a folder that can be shared and served: reading a file it does not hold (an
    absolute path, ``..`` past its root, a link pointing out) would read whatever lies there.
    """
    origin = files.origins.get(("places", pid))
    root = _ledger_root(origin.file, files.root) if origin is not None else files.root
    if Path(ref).is_absolute():
        why = "is an absolute path"
    elif not resolved.is_relative_to(root.resolve()):
        why = "leads out of the ledger folder" + (
            " through a symbolic link" if ".." not in Path(ref).parts else ""
        )
    else:
        return False
    files.problem(
        "places",
        pid,
        ("geometry",),
        "geometry-outside",
        f"the geometry file {ref!r} {why}",
        "keep geometry files inside the ledger (under geometry/) and refer to them by a "
        "path relative to this YAML file",
    )
    return True


def load_geometries(files: LedgerFiles) -> dict[str, BaseGeometry]:
    """Read every place's GeoJSON, reporting missing, malformed and invalid geometry."""
    # Geometry read with the records (tables, merged ledgers) was checked where it was read.
    out: dict[str, BaseGeometry] = dict(files.given_geometries)
    for pid, place in files.places.items():
        if place.geometry is None or pid in out:
            continue
        origin = files.origins[("places", pid)]
        path = (origin.file.parent / place.geometry).resolve()
        sub = ("geometry",)
        if _outside(files, pid, place.geometry, path):
            continue
        if not path.is_file():
            files.problem(
                "places",
                pid,
                sub,
                "geometry-missing",
                f"the geometry file {place.geometry!r} does not exist",
                "the path is relative to this YAML file",
            )
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            files.problem(
                "places",
                pid,
                sub,
                "geometry-format",
                f"{place.geometry!r} is not JSON ({exc})",
                "write GeoJSON",
            )
            continue
        try:
            geom = _geojson_geometry(data)
        except (
            KeyError,
            TypeError,
            ValueError,
            AttributeError,
            shapely.errors.GEOSException,
        ) as exc:
            files.problem(
                "places",
                pid,
                sub,
                "geometry-format",
                f"{place.geometry!r} is not GeoJSON ({exc})",
                "write a Feature, FeatureCollection or (Multi)Polygon geometry",
            )
            continue
        if geom.geom_type not in ("Polygon", "MultiPolygon"):
            files.problem(
                "places",
                pid,
                sub,
                "geometry-invalid",
                f"{place.geometry!r} holds a {geom.geom_type}, not polygons",
                "a place is an area: use Polygon or MultiPolygon",
            )
            continue
        if not geom.is_valid or geom.is_empty:
            reason = shapely.is_valid_reason(geom) if not geom.is_empty else "empty"
            files.problem(
                "places",
                pid,
                sub,
                "geometry-invalid",
                f"{place.geometry!r} is not a valid polygon: {reason}",
                "repair it (e.g. shapely.make_valid) and save again",
            )
            continue
        out[pid] = geom
    return out


def _geojson_geometry(data: object) -> BaseGeometry:
    if not isinstance(data, dict):
        raise ValueError("the top level is not an object")
    kind = data.get("type")
    if kind == "FeatureCollection":
        parts = [_feature_geometry(f) for f in data["features"]]
        if not parts:
            raise ValueError("the collection has no features")
        return shapely.union_all(parts) if len(parts) > 1 else parts[0]
    if kind == "Feature":
        return _feature_geometry(data)
    if kind in (
        "Polygon",
        "MultiPolygon",
        "Point",
        "LineString",
        "MultiPoint",
        "MultiLineString",
        "GeometryCollection",
    ):
        return shape(data)
    raise ValueError(f"unknown GeoJSON type {kind!r}")


def _feature_geometry(feature: object) -> BaseGeometry:
    if not isinstance(feature, dict) or not isinstance(feature.get("geometry"), dict):
        raise ValueError("a feature has no geometry object")
    return shape(feature["geometry"])


def _check_overlaps(files: LedgerFiles, geoms: dict[str, BaseGeometry]) -> None:
    # Imported here: pyproj loads slowly, and a ledger of fewer than two places never needs it.
    from terrachron.geo.geometry import lonlat_area_km2

    if len(geoms) < 2:
        return  # nothing can overlap (and STRtree refuses an empty query)
    ids = sorted(geoms)
    shapes = np.asarray([geoms[i] for i in ids], dtype=object)
    tree = shapely.STRtree(shapes)
    # Pairs whose envelopes meet, then one vectorised DE-9IM test: only pairs whose interiors
    # meet in an area can overlap (neighbours merely touch), and that implies they intersect,
    # so the tree's exact `intersects` (a prepared test per pair, 2–3× the cost of the DE-9IM
    # test on a world ledger) is left out: same pairs, in the order the tree gives them.
    left, right = tree.query(shapes)
    keep = left < right
    left, right = left[keep], right[keep]
    meet = shapely.relate_pattern(shapes[left], shapes[right], "2********")
    for a, b in zip(left[meet].tolist(), right[meet].tolist(), strict=True):
        # Snap-rounded on a grid far below any border's accuracy: GEOS's floating overlay can
        # fail on borders that run a rounding error apart (as a merge's pieces and the places
        # they were cut from do) and then return whole parts of one place as the "overlap"
        # (13 km² between the imported China and a Burma piece whose exact overlap is nil).
        shared = shapely.intersection(geoms[ids[a]], geoms[ids[b]], grid_size=OVERLAP_GRID)
        if shared.is_empty:
            continue
        # Neighbours share borders: the intersection is mostly lines and points, which have no
        # area; the measure counts its polygonal parts only, as the region a point-in-polygon
        # test sees (a sliver of no width along a long border measures nothing).
        km2 = lonlat_area_km2(shared)
        if km2 > OVERLAP_TOLERANCE_KM2:
            files.problem(
                "places",
                ids[b],
                ("geometry",),
                "geometry-overlap",
                f"{ids[b]!r} overlaps {ids[a]!r} by {km2:.2f} km²",
                "atomic places must not overlap: cut one of them",
            )


def _check_title_logic(files: LedgerFiles) -> None:
    """Rules that need the fold: contradicting title effects, transfers by a non-holder."""
    steps = compile_steps(files.instruments, files.polities, files.windows)
    readings = build_readings(files.views, files.polities, files.groups)
    groups = default_groups(files.groups)
    parties = {i.id: frozenset(i.parties) for i in files.instruments.values()}
    by_uid: dict[str, tuple[str, int]] = {}
    for inst in files.instruments.values():
        for i, effect in enumerate(inst.effects):
            by_uid[effect_uid(inst, i, effect)] = (inst.id, i)
    reported: set[tuple[str, str]] = set()
    index = StepIndex.build(steps, readings, groups)
    for place in files.places:
        folder = Folder(place, readings, groups, parties)
        relevant = index.for_place(place)
        for rid, reading in readings.items():
            if rid == UNIVERSAL or reading.kind == "de-facto":
                continue
            title_steps = [
                s
                for s in relevant
                if s.op in TITLE_OPS
                and folder.touches(s, reading)
                and reading.recognizes(s)
                and place not in s.shadow
            ]
            _conflicts(files, place, rid, title_steps, by_uid, reported)
        world = World()
        for step in relevant:
            reading = readings[UNIVERSAL]
            if (
                step.op in ("transfer", "cede")
                and folder.touches(step, reading)
                and place not in step.shadow
            ):
                holders = world.title.get(UNIVERSAL, ())
                if step.from_ not in holders and step.uid in by_uid:
                    key = (step.uid, place)
                    if key not in reported:
                        reported.add(key)
                        owner, i = by_uid[step.uid]
                        files.problem(
                            "instruments",
                            owner,
                            ("effects", i, "from"),
                            "transfer-from-nonholder",
                            f"{step.from_!r} transfers {place!r} on {step.date.text} but holds no "
                            f"title there then (held by: {', '.join(holders) or 'nobody'})",
                            "check the parties, or record how it got title first",
                            _W,
                        )
            world = folder.apply(world, step)


def _conflicts(
    files: LedgerFiles,
    place: str,
    view: str,
    title_steps: Iterable,  # type: ignore[type-arg]
    by_uid: dict[str, tuple[str, int]],
    reported: set[tuple[str, str]],
) -> None:
    seen: dict[tuple[int, int], object] = {}
    for step in title_steps:
        key = (step.lo, step.hi)
        outcome = (step.op, step.to or step.by, tuple(step.parties))
        other = seen.get(key)
        if other is not None and other[1] != outcome and step.uid in by_uid:  # type: ignore[index]
            tag = (step.uid, place)  # one report per effect and place, whatever the view
            if tag in reported:
                continue
            reported.add(tag)
            inst, i = by_uid[step.uid]
            files.problem(
                "instruments",
                inst,
                ("effects", i, "op"),
                "title-conflict",
                f"on {step.date.text} {step.uid!r} and {other[0]!r} give {place!r} contradicting "  # type: ignore[index]
                f"titles under the view {view!r}",
                "date them apart, or have the view reject one",
            )
        else:
            seen.setdefault(key, (step.uid, outcome))


def _check_windows(files: LedgerFiles) -> None:
    """A windowed place's ``overrides`` is a closed interval, and its effects lie inside it.

    Merged over a lower ledger the place has become a group of pieces (see
    :mod:`terrachron.ledger.merge`): its effects are then found through the pieces.
    """
    windows: dict[str, EdtfDate] = {}
    for pid, place in files.places.items():
        window = place.overrides
        if window is None:
            continue
        if "/" not in window.text or not window.bounded:
            files.problem(
                "places",
                pid,
                ("overrides",),
                "overrides-window",
                f"overrides: {window.text!r} is not a closed interval",
                "write the window as START/END with both ends given, e.g. 1939-09-01/1945-05-08",
            )
            continue
        windows[pid] = window
    for pid, (window, _) in files.windows.ends.items():
        windows[pid] = window
    if not windows:
        return
    for iid, inst in files.instruments.items():
        for i, effect in enumerate(inst.effects):
            date = effect.date or inst.effective
            if date is None:
                continue
            uid = effect_uid(inst, i, effect)
            over = {p for p in effect.places or () if p in windows}
            if uid in files.windows.owner:
                over.add(files.windows.owner[uid])
            if effect.group in windows:
                over.add(effect.group)
            for pid in sorted(over):
                window = windows[pid]
                if window.lo <= date.lo and date.hi <= window.hi:
                    continue
                files.problem(
                    "instruments",
                    iid,
                    ("effects", i, "date") if effect.date is not None else ("effects", i),
                    "overrides-effect-date",
                    f"the effect {uid} on the windowed place {pid!r} is dated {date.text}, "
                    f"outside its window {window.text}",
                    "date the effect inside the window, or widen the place's overrides: "
                    "outside it the ledgers below answer",
                )


def validate(files: LedgerFiles) -> dict[str, BaseGeometry]:
    """Check every cross-record rule, appending problems to ``files``; returns the geometries."""
    _check_references(files)
    _check_windows(files)
    _check_succession_cycles(files)
    geoms = load_geometries(files)
    _check_overlaps(files, geoms)
    if not any(p.severity is Severity.ERROR for p in files.problems):
        # The fold assumes references resolve; run it only on a ledger that is sound so far.
        _check_title_logic(files)
    return geoms
