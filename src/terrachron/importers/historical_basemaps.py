"""A world ledger from historical-basemaps snapshots, read with Natural Earth's disputed areas.

How the snapshots become a ledger (the reasoning is in ``docs/import.md``):

* **Places** are the common refinement of every snapshot's polygons (and of Natural Earth's
  disputed areas), see :mod:`.refine`; faces with the same history of holders are one place.
* **Holders**: a polygon's holder is its ``SUBJECTO`` (a colony's metropole), else its own ``NAME``;
  a ``(lease)`` qualifier makes the holder a lessee, who controls but does not claim title. A
  field naming several polities ("(Russian and Japanese claim)", four powers' "(occupation
  zones)") makes each of them a holder, as if each had its own polygon there: an overlap, read
  as claims below (see :func:`~.polities.split_holders`).
* **Dates**: a snapshot of year Y is read as the state on Y-07-01; a change seen between the
  snapshots of Y1 and Y2 is dated ``Y1-07-02/Y2-07-01``, so an answer in between is uncertain and
  lists both holders, and each snapshot's own answer is certain on its day.
* **Overlaps are claims**: every holder of a polygon covering a face claims it. The controller is
  Natural Earth's administrator where one of its areas covers the face, else the sole holder of
  the last snapshot that drew the face without overlap, else nobody: "control not recorded".
* A face that a later snapshot leaves undrawn keeps its last recorded state (the gap is counted).
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import shapely
from shapely.geometry.base import BaseGeometry

from terrachron.engine.explain import PRECISION_NOTE
from terrachron.importers.dependencies import changes_of_hands, metropole, qualifier_holder
from terrachron.importers.natural_earth import NE_YEAR, DisputedArea
from terrachron.importers.polities import PolityNames, learn_codes, slugify, split_holders
from terrachron.importers.refine import dissolve, refine
from terrachron.importers.snapshots import Feature, Snapshot
from terrachron.ledger.tables import EffectRow, PlaceRow

__all__ = ["EffectRow", "ImportResult", "PlaceRow", "build_world", "holders_of"]

HB_URL = "https://github.com/aourednik/historical-basemaps"
NE_DATE = "2024-01-24"
"""The day of the Natural Earth copy in use; its readings are dated to it."""


@dataclass(frozen=True)
class _State:
    title: str | None = None
    control: str | None = None
    claims: frozenset[str] = frozenset()


@dataclass
class ImportResult:
    """Everything an import writes, and the figures its report gives."""

    places: list[PlaceRow]
    effects: list[EffectRow]
    instruments: dict[str, tuple[str, str, list[str]]]
    """id → (title, date, source ids)."""
    snapshots: list[Snapshot]
    names: PolityNames
    areas: list[DisputedArea]
    figures: dict[str, float] = field(default_factory=dict)
    skipped: list[Path] = field(default_factory=list)
    days: dict[tuple[str, str], tuple[tuple[str, str], ...]] = field(default_factory=dict)
    """(from, to) → (day, source) of each change a sourced table records (:mod:`.dependencies`)."""


def holders_of(feature: Feature, names: PolityNames, year: int) -> tuple[tuple[str, ...], bool]:
    """The polities holding a feature (several where its field names several) and whether they
    hold by lease.

    A feature whose holder field is its own name is its own state, unless history records a
    metropole for that name on the snapshot's day (:func:`~.dependencies.metropole`) or its
    qualifier names a state ("Victoria (UK)", :func:`~.dependencies.qualifier_holder`).
    """
    if feature.holder_name is None:
        return (), False
    parts, qualifier = split_holders(feature.holder_name)
    if len(parts) == 1:
        pid = names.resolve(feature.holder_name, year, feature.alpha2)
        if feature.holder_name == feature.name:
            by = metropole(feature.name, f"{year:04d}-07-01")
            if by is not None:
                return (names.resolve(by, year),), False
            held = qualifier_holder(feature.name, year, names)
            if held is not None:
                return (held,), False
        return (pid,), qualifier == "lease"
    # One field, several polities: ISO codes on the feature belong to none of them in particular.
    pids = tuple(dict.fromkeys(names.resolve(p, year) for p in parts))
    return pids, qualifier == "lease"


def build_world(
    snapshots: Sequence[Snapshot],
    areas: Sequence[DisputedArea] = (),
    *,
    names: PolityNames | None = None,
    grid: float = 0.001,
    sliver_width: float = 0.02,
) -> ImportResult:
    """Derive places and dated effects from snapshots (and disputed areas).

    Parameters
    ----------
    snapshots : sequence of Snapshot
        In date order, one per year (see :func:`~terrachron.importers.snapshots.read_snapshots`).
    areas : sequence of DisputedArea
        Natural Earth's disputed areas; their readings decide control of overlaps and today's
        claims.
    grid, sliver_width : float
        See :func:`~terrachron.importers.refine.refine`.
    """
    names = names or PolityNames()
    started = time.perf_counter()
    features = [f for s in snapshots for f in s.features]
    # A name that carries an ISO code in one file names that state in all of them.
    names.learn(learn_codes((f.name, f.alpha2) for f in features))
    holders = [holders_of(f, names, snapshots[f.snapshot].year) for f in features]
    polygons = [f.geometry for f in features] + [a.geometry for a in areas]
    # A disputed area is a territory however small (an islet, an enclave): never a sliver.
    protect = range(len(features), len(polygons))
    refined = refine(polygons, grid=grid, sliver_width=sliver_width, protect=protect)
    n_feat = len(features)
    histories: list[tuple[tuple[frozenset[str], frozenset[str]] | None, ...]] = []
    face_areas: list[int | None] = []
    for cover in refined.cover:
        per_snap: list[tuple[set[str], set[str]]] = [(set(), set()) for _ in snapshots]
        area: int | None = None
        for idx in cover:
            if idx >= n_feat:
                area = idx - n_feat
                continue
            pids, lease = holders[idx]
            per_snap[features[idx].snapshot][1 if lease else 0].update(pids)
        histories.append(
            tuple((frozenset(h), frozenset(ls)) if h or ls else None for h, ls in per_snap)
        )
        face_areas.append(area)
    keys = list(zip(histories, face_areas, strict=True))
    groups = dissolve(refined.faces, keys)
    figures = {
        "snapshots": float(len(snapshots)),
        "features": float(n_feat),
        "faces_before_merge": float(refined.faces_before_merge),
        "slivers_merged": float(refined.slivers_merged),
        "sliver_area_deg2": refined.sliver_area,
        "faces": float(len(refined.faces)),
        "grid_deg": grid,
        "sliver_width_deg": sliver_width,
    }
    result = ImportResult([], [], {}, list(snapshots), names, list(areas), figures)
    result.days = changes_of_hands(names)
    _places_and_effects(result, groups, refined.cover, features, holders)
    figures["places"] = float(len(result.places))
    figures["effects"] = float(len(result.effects))
    figures["seconds"] = time.perf_counter() - started
    return result


def _place_name(
    members: list[int],
    covers: list[tuple[int, ...]],
    features: list[Feature],
    short: dict[int, str],
) -> tuple[str, list[str]]:
    """The latest snapshot's name for a place, and every name it had, oldest first.

    A polygon named after the state that holds it ("French Republic") gives the state's short
    name ("France"), from ``short`` (feature index → name).
    """
    seen: dict[str, int] = {}
    latest: tuple[int, str] | None = None
    for m in members:
        for idx in covers[m]:
            if idx >= len(features):
                continue
            f = features[idx]
            if f.name == "(unnamed)":
                continue
            name = short.get(idx, f.name)
            seen.setdefault(name, f.snapshot)
            if latest is None or f.snapshot > latest[0]:
                latest = (f.snapshot, name)
    ordered = sorted(seen, key=lambda n: (seen[n], n))
    return (latest[1] if latest else "Unnamed land"), ordered


def _places_and_effects(
    result: ImportResult,
    groups: list[tuple[object, BaseGeometry, list[int]]],
    covers: list[tuple[int, ...]],
    features: list[Feature],
    holders: list[tuple[tuple[str, ...], bool]],
) -> None:
    snapshots = result.snapshots
    named: list[tuple[str, BaseGeometry, list[int], object, list[str]]] = []
    short = {
        i: result.names.polities[pids[0]].name
        for i, (f, (pids, _)) in enumerate(zip(features, holders, strict=True))
        if len(pids) == 1 and f.name == f.holder_name
    }
    for key, geom, members in groups:
        name, history = _place_name(members, covers, features, short)
        named.append((name, geom, members, key, history))
    # Ids: the name's slug, numbered by area (largest first) where a name repeats; deterministic.
    named.sort(key=lambda t: (t[0], -shapely.area(t[1]), shapely.bounds(t[1]).tolist()))
    counts: Counter[str] = Counter()
    areas_by_index = {a.index: a for a in result.areas}
    gaps = 0
    for name, geom, members, key, history in named:
        slug = slugify(name)
        counts[slug] += 1
        n = counts[slug]
        pid = slug if n == 1 else f"{slug}-{n}"
        label = name if n == 1 else f"{name} ({n})"
        states: tuple[tuple[frozenset[str], frozenset[str]] | None, ...]
        area_index: int | None
        states, area_index = key  # type: ignore[misc]
        drawn = [i for i, s in enumerate(states) if s is not None]
        summary = (
            f"A face of the common refinement of {len(snapshots)} historical-basemaps snapshots, "
            f"drawn in {len(drawn)} of them"
            + (f" ({snapshots[drawn[0]].year}–{snapshots[drawn[-1]].year})" if drawn else "")
            + (f"; named over time: {', '.join(history)}" if history else "")
            + "."
        )
        result.places.append(PlaceRow(id=pid, name=label, geometry=geom, summary=summary))
        area = areas_by_index.get(area_index) if area_index is not None else None
        gaps += _effects_for(result, pid, states, members, covers, features, area)
    result.figures["undrawn_gaps"] = float(gaps)


def _precision(
    members: list[int], covers: list[tuple[int, ...]], features: list[Feature], snapshot: int
) -> str:
    values: list[int] = sorted(
        {
            p
            for m in members
            for i in covers[m]
            if i < len(features) and features[i].snapshot == snapshot
            for p in (features[i].precision,)
            if p is not None
        }
    )
    words = {1: "approximate", 2: "moderate", 3: "set by international law"}
    return "/".join(f"{v} ({words.get(v, '?')})" for v in values) or "not given"


def _effects_for(
    result: ImportResult,
    pid: str,
    states: tuple[tuple[frozenset[str], frozenset[str]] | None, ...],
    members: list[int],
    covers: list[tuple[int, ...]],
    features: list[Feature],
    area: DisputedArea | None,
) -> int:
    snapshots = result.snapshots
    names = result.names
    current = _State()
    last_drawn: int | None = None
    sole_controller: str | None = None
    gaps = 0
    for i, observed in enumerate(states):
        if observed is None:
            if last_drawn is not None:
                gaps += 1
            continue
        owners, lessees = observed
        target = _target(owners, lessees, current, sole_controller, area, names)
        if len(owners) == 1 and not lessees:
            sole_controller = next(iter(owners))
        snap = snapshots[i]
        if last_drawn is None:
            instrument = _snapshot_instrument(result, snap)
            date = snap.date
        else:
            before = snapshots[last_drawn]
            instrument = _change_instrument(result, before, snap)
            date = f"{before.year:04d}-07-02/{snap.year:04d}-07-01"
        note = (
            f"historical-basemaps {snap.year}: "
            + (", ".join(sorted(owners)) or "-")
            + (f"; leased to {', '.join(sorted(lessees))}" if lessees else "")
            + f"{PRECISION_NOTE}{_precision(members, covers, features, i)}"
        )
        for op, from_, to, by, control in _transition(current, target, names):
            recorded = _recorded_day(result, op, from_, to, date)
            result.effects.append(
                EffectRow(
                    instrument,
                    op,
                    pid,
                    recorded[0] if recorded else _within_lifespans(date, (from_, to, by), names),
                    from_,
                    to,
                    by,
                    control,
                    note + (f"; dated by the dependency table: {recorded[1]}" if recorded else ""),
                )
            )
        current = target
        last_drawn = i
    if area is not None and area.reading is not None:
        current = _carried(current, names)
        target = _ne_target(current, area)
        rows = _transition(current, target, names)
        note = f"Natural Earth disputed area {area.name!r}: {area.note}"
        _ne_instrument(result)
        result.effects.extend(
            EffectRow("natural-earth-disputed-areas", op, pid, None, from_, to, by, control, note)
            for op, from_, to, by, control in rows
        )
    return gaps


def _recorded_day(
    result: ImportResult, op: str, from_: str | None, to: str | None, date: str
) -> tuple[str, str] | None:
    """The day inside ``date``'s interval on which the dependency table records this transfer
    (the United Kingdom to Kenya on 1963-12-12 between the snapshots of 1960 and 1988), and the
    table's source for it; None where the table records no such day, or several.

    The snapshots only bound the change; the table dates it, with its source, so the answer is
    certain on either side of that day instead of for the 28 years between the snapshots.
    """
    if op != "transfer" or from_ is None or to is None or "/" not in date:
        return None
    lo, hi = date.split("/")
    days = [d for d in result.days.get((from_, to), ()) if lo <= d[0] <= hi]
    if len(days) != 1:
        return None
    # A table day outside a polity's lifespan would be an error of the ledger: keep the interval.
    for pid in (from_, to):
        rec = result.names.polities.get(pid)
        start, _, end = (rec.lifespan if rec is not None else "../..").partition("/")
        if (start != ".." and days[0][0] < start) or (end not in ("..", "") and days[0][0] > end):
            return None
    return days[0]


def _within_lifespans(date: str, named: tuple[str | None, ...], names: PolityNames) -> str:
    """``date``, its end moved to the first day of a named polity that began after it.

    A snapshot's year is approximate: the 1991 snapshot already draws the Russian Federation,
    which began on 1991-12-26. The change cannot precede the state that gains by it, so its
    interval runs up to that day.
    """
    if "/" not in date:
        return date
    lo, hi = date.split("/")
    for pid in named:
        rec = names.polities.get(pid) if pid else None
        if rec is None or rec.lifespan.startswith(".."):
            continue
        start = rec.lifespan.split("/")[0]
        if start > hi:
            hi = start
    return f"{lo}/{hi}"


def _carried(state: _State, names: PolityNames) -> _State:
    """``state`` with each polity replaced by the one that continues it, as succession does.

    By the time of a later reading (Natural Earth's, decades on) the Soviet Union's holdings are
    the Russian Federation's; the engine's succession steps make it so, and the importer must
    reason from the same state.
    """
    after = {r.continues: r.id for r in names.polities.values() if r.continues}

    def carry(pid: str | None) -> str | None:
        seen: set[str] = set()
        while pid in after and pid not in seen:
            seen.add(pid)
            pid = after[pid]
        return pid

    return _State(
        title=carry(state.title),
        control=carry(state.control),
        claims=frozenset(p for p in (carry(c) for c in state.claims) if p),
    )


def _continuer(pid: str | None, members: frozenset[str], names: PolityNames) -> str | None:
    """``pid`` if it is among ``members``, else the member it continues or that continues it."""
    if pid is None or pid in members:
        return pid
    for m in members:
        rec = names.polities.get(m)
        if rec is not None and rec.continues == pid:
            return m
    rec = names.polities.get(pid)
    if rec is not None and rec.continues in members:
        return rec.continues
    return None


def _target(
    owners: frozenset[str],
    lessees: frozenset[str],
    current: _State,
    sole_controller: str | None,
    area: DisputedArea | None,
    names: PolityNames,
) -> _State:
    if len(owners) <= 1:
        owner = next(iter(owners), current.title)
        control = next(iter(sorted(lessees)), None) or owner
        return _State(title=owner, control=control, claims=frozenset())
    reading = area.reading if area is not None else None
    control = _continuer(reading.admin, owners, names) if reading is not None else None
    if control is None:
        control = sole_controller if sole_controller in owners else None
    title = current.title if current.title in owners else None
    return _State(title=title, control=control, claims=owners)


def _ne_target(current: _State, area: DisputedArea) -> _State:
    reading = area.reading
    assert reading is not None
    claimants = set(reading.claimants)
    if reading.lessor:
        claimants.add(reading.lessor)
    elif reading.admin:
        claimants.add(reading.admin)
    title = reading.lessor or (current.title if current.title in claimants else None)
    if title is None and reading.admin and not reading.self_administered:
        title = reading.admin
    return _State(title=title, control=reading.admin, claims=frozenset(claimants - {title}))


def _transition(
    current: _State, target: _State, names: PolityNames
) -> list[tuple[str, str | None, str | None, str | None, bool | None]]:
    """The effects (op, from, to, by, control) that turn ``current`` into ``target``."""
    rows: list[tuple[str, str | None, str | None, str | None, bool | None]] = []
    control = current.control
    if target.title != current.title:
        if target.title is None:
            if current.title is not None:
                rows.append(("renounce", None, None, current.title, None))
        elif current.title is None:
            gives = target.control == target.title
            rows.append(("establish", None, target.title, None, gives))
            control = target.title if gives else control
        elif _continuer(current.title, frozenset({target.title}), names) == target.title:
            pass  # the same state under a new name: the polity's succession carries it
        else:
            gives = target.control == target.title
            rows.append(("transfer", current.title, target.title, None, gives))
            control = target.title if gives else control
    if target.control != control and (
        target.control is None
        or _continuer(control, frozenset({target.control}), names) != target.control
    ):
        if target.control is None:
            if control is not None:
                rows.append(("withdraw", None, None, control, None))
        else:
            rows.append(("administer", None, None, target.control, None))
    for pid in sorted(target.claims - current.claims):
        rows.append(("claim", None, None, pid, None))
    for pid in sorted(current.claims - target.claims):
        rows.append(("drop_claim", None, None, pid, None))
    return rows


def _source_id(snap: Snapshot) -> str:
    return f"historical-basemaps-{snap.year:04d}"


def _snapshot_instrument(result: ImportResult, snap: Snapshot) -> str:
    iid = f"historical-basemaps-{snap.year:04d}"
    if iid not in result.instruments:
        result.instruments[iid] = (
            f"The world as the historical-basemaps snapshot of {snap.year} draws it",
            snap.date,
            [_source_id(snap)],
        )
    return iid


def _change_instrument(result: ImportResult, before: Snapshot, after: Snapshot) -> str:
    iid = f"historical-basemaps-{before.year:04d}-{after.year:04d}"
    if iid not in result.instruments:
        result.instruments[iid] = (
            f"Changes between the historical-basemaps snapshots of {before.year} and {after.year}",
            f"{before.year:04d}-07-02/{after.year:04d}-07-01",
            [_source_id(before), _source_id(after)],
        )
    return iid


def _ne_instrument(result: ImportResult) -> None:
    result.instruments.setdefault(
        "natural-earth-disputed-areas",
        (
            f"Natural Earth's reading of disputed areas (as of {NE_DATE})",
            NE_DATE,
            ["natural-earth-disputed-areas"],
        ),
    )


def place_histories(result: ImportResult) -> dict[str, list[EffectRow]]:
    """The effect rows of each place, in file order (for reports and tests)."""
    out: dict[str, list[EffectRow]] = defaultdict(list)
    for row in result.effects:
        out[row.place].append(row)
    return out


__all__ += ["NE_YEAR", "place_histories"]
