"""``includes:`` in ``ledger.yaml``: one ledger made of several, merged by precedence.

A ledger lists other ledger folders under ``includes:`` (paths relative to its ``ledger.yaml``, or
the name of a bundled ledger); the FIRST ranks highest, and the including ledger's own records
rank above all of them. So a curated ledger can sit over an imported world:

* records of the same id: the higher-ranked one wins (``japan`` of the curated ledger over the
  imported ``japan``); instruments are never merged: the same id in two ledgers is a
  ``duplicate-id`` problem unless both records are identical;
* places: a higher-ranked place's geometry is cut out of every lower-ranked place it overlaps; a
  lower place left empty (or smaller than :data:`DROP_BELOW_KM2`) disappears, and the effects of
  lower ledgers keep applying to what remains of the others;
* every record remembers the ledger it came from (:attr:`LedgerFiles.ledger_of`), so an answer's
  chain can say which ledger decided;
* the merged content hash covers every included ledger.

The merged records are validated as one ledger: a reference from one ledger into another is fine.
"""

from __future__ import annotations

import hashlib
import math
import os
from collections.abc import Callable, Mapping
from dataclasses import replace
from importlib import resources
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry

from terrachron.dates import EdtfDate
from terrachron.engine.compiled import effect_uid
from terrachron.errors import Problem
from terrachron.ledger.load import LedgerFiles
from terrachron.ledger.yamlpos import LocatedYaml
from terrachron.model import Effect, Group, Place

__all__ = ["DROP_BELOW_KM2", "merge_includes", "parse_includes"]

DROP_BELOW_KM2 = 0.01
"""A lower-ranked place cut down below this area (km²) is dropped: what is left is a sliver."""

_GRID: float | None = None
"""Grid (degrees) the pieces of a split are computed on; None: GEOS's full precision (a grid
makes pieces bulge past the higher places they border by up to the grid's size)."""

_KINDS = ("polities", "places", "groups", "instruments", "views", "sources")


def parse_includes(located: LocatedYaml, display: Path, files: LedgerFiles) -> tuple[str, ...]:
    """The ``includes:`` list of a parsed ``ledger.yaml`` (problems recorded, never raised)."""
    data = located.data
    raw = data.get("includes") if isinstance(data, Mapping) else None
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(x, str) and x for x in raw):
        line, col = located.position(("includes",))
        files.problems.append(
            Problem(
                display,
                line,
                col,
                "schema-type",
                "includes: must be a list of ledger folders",
                "write e.g. `includes: [../curated, historical-basemaps]`, first = highest rank",
            )
        )
        return ()
    return tuple(raw)


def _resolve(root: Path, ref: str) -> Path | None:
    local = (root / ref).resolve()
    if local.is_dir():
        return local
    if "/" not in ref and "\\" not in ref:
        bundled = Path(str(resources.files("terrachron") / "data" / ref))
        if bundled.is_dir():
            return bundled.resolve()
    return None


def _relocate(files: LedgerFiles, top: Path) -> None:
    """Make every file an included ledger names relative to the including ledger's root."""

    # One Path per file, shared by every record of it: a table's 10⁵ rows would otherwise each
    # carry a Path of their own, which the compiled cache then stores and rebuilds one by one.
    done: dict[Path, Path] = {}

    def moved(display: Path) -> Path:
        found = done.get(display)
        if found is None:
            found = (
                display
                if display.is_absolute()
                else Path(os.path.relpath(files.root / display, top))
            )
            done[display] = found
        return found

    if files.root.resolve() == top.resolve():
        return
    files.problems[:] = [
        replace(p, file=moved(p.file)) if p.file is not None else p for p in files.problems
    ]
    files.origins = {k: replace(o, display=moved(o.display)) for k, o in files.origins.items()}
    files.table_rows = {
        k: replace(r, display=moved(r.display)) for k, r in files.table_rows.items()
    }
    files.table_effects = {
        k: replace(r, display=moved(r.display)) for k, r in files.table_effects.items()
    }


def merge_includes(
    files: LedgerFiles,
    read_one: Callable[[Path], LedgerFiles],
    _seen: tuple[Path, ...] = (),
) -> LedgerFiles:
    """``files`` merged with every ledger it includes (recursively), highest rank first.

    Parameters
    ----------
    files : LedgerFiles
        The including ledger, as read on its own.
    read_one : callable
        Reads one ledger folder without following its includes.

    Returns
    -------
    LedgerFiles
        One ledger: records merged by rank, geometries cut, ``ledger_of`` and ``ranks`` filled,
        a digest over every part. ``files`` itself when it includes nothing.
    """
    root = files.root.resolve()
    if not files.meta.includes:
        return files
    layers = [files]  # highest rank first, each already merged with what it includes
    seen = (*_seen, root)
    for i, ref in enumerate(files.meta.includes):
        path = _resolve(files.root, ref)
        origin = files.meta_position(("includes", i))
        if path is None:
            files.problems.append(
                Problem(
                    Path("ledger.yaml"),
                    *origin,
                    "include-missing",
                    f"includes: {ref!r} is neither a folder next to ledger.yaml nor a bundled "
                    "ledger",
                    "fix the path (relative to this ledger.yaml) or the bundled ledger's name",
                )
            )
            continue
        if path in seen:
            files.problems.append(
                Problem(
                    Path("ledger.yaml"),
                    *origin,
                    "include-cycle",
                    f"includes: {ref!r} includes this ledger again (a cycle)",
                    "a ledger cannot include itself, directly or through another",
                )
            )
            continue
        layers.append(merge_includes(read_one(path), read_one, seen))
    return _merge(layers, root)


def _flatten(layers: list[LedgerFiles]) -> list[LedgerFiles]:
    """Each ledger once, highest rank first: a layer's own parts follow it in their order."""
    out: list[LedgerFiles] = []
    for layer in layers:
        parts = layer.parts or [layer]
        for part in parts:
            if all(part.root.resolve() != o.root.resolve() for o in out):
                out.append(part)
    return out


def _merge(layers: list[LedgerFiles], top: Path) -> LedgerFiles:
    own = layers[0]
    parts = _flatten([own, *layers[1:]])
    own_part = parts[0]
    merged = LedgerFiles(root=own.root, meta=own.meta)
    merged.parts = parts
    merged.ranks = tuple(p.meta.id for p in parts)
    hasher = hashlib.sha256()
    for part in parts:
        if part is not own_part:
            _relocate(part, top)
        hasher.update(part.meta.id.encode() + b"\0" + part.digest.encode() + b"\0")
        merged.problems.extend(part.problems)
    merged.digest = hasher.hexdigest()
    # Lowest rank first: each higher ledger then overwrites what it redefines.
    for part in reversed(parts):
        lid = part.meta.id
        # Table rows by instrument, in table order: one pass, not one per instrument.
        rows_of: dict[str, list[tuple[tuple[str, int], Any]]] = {}
        for (iid, n), row in part.table_effects.items():
            rows_of.setdefault(iid, []).append(((iid, n), row))
        for kind in _KINDS:
            table = merged.table(kind)
            for rid, record in part.table(kind).items():
                if kind == "instruments" and rid in table and table[rid] != record:
                    _instrument_clash(merged, part, rid)  # reported; the higher one still wins
                table[rid] = record
                merged.ledger_of[(kind, rid)] = lid
                key = (kind, rid)
                merged.origins.pop(key, None)
                merged.table_rows.pop(key, None)
                if key in part.origins:
                    merged.origins[key] = part.origins[key]
                if key in part.table_rows:
                    merged.table_rows[key] = part.table_rows[key]
                if kind == "instruments":
                    for ref, row in rows_of.get(rid, ()):
                        merged.table_effects[ref] = row
                if kind == "places" and rid in part.given_geometries:
                    merged.given_geometries[rid] = part.given_geometries[rid]
    _cut_places(merged)
    return merged


def _instrument_clash(merged: LedgerFiles, part: LedgerFiles, rid: str) -> None:
    winner = merged.ledger_of.get(("instruments", rid), "?")
    origin = part.origins.get(("instruments", rid))
    line, col = origin.where("id") if origin is not None else (0, 0)
    merged.problems.append(
        Problem(
            origin.display if origin is not None else None,
            line,
            col,
            "duplicate-id",
            f"the instrument {rid!r} of ledger {part.meta.id!r} differs from the one of ledger "
            f"{winner!r}; instruments are never merged across ledgers",
            "give one of them another id, or make both records identical",
        )
    )


def _cut_places(merged: LedgerFiles) -> None:
    """Cut higher-ranked places out of lower ones; drop what is left empty."""
    from terrachron.ledger.validate import load_geometries

    if len(merged.ranks) < 2:
        return
    before = len(merged.problems)
    geoms = load_geometries(merged)
    # validate() reads the same geometry again and reports its problems then: not twice.
    del merged.problems[before:]
    rank = {lid: i for i, lid in enumerate(merged.ranks)}
    by_rank: dict[int, list[str]] = {}
    for pid in merged.places:
        by_rank.setdefault(rank.get(merged.ledger_of.get(("places", pid), ""), 0), []).append(pid)
    windowed = {pid for pid, rec in merged.places.items() if _window(rec) is not None}
    above: list[BaseGeometry] = []
    # Thousands of imported faces meet the same few higher places: one union per distinct set
    # of hits (in the order the tree gives them, so each union is the one computed before).
    unions: dict[tuple[int, ...], BaseGeometry] = {}
    dropped: set[str] = set()
    for r in sorted(by_rank):
        mine = [p for p in sorted(by_rank[r]) if p in geoms]
        if above:
            tree = shapely.STRtree(above)
            for pid in mine:
                geom = geoms[pid]
                hits = tree.query(geom, predicate="intersects")
                if len(hits) == 0:
                    continue
                key = tuple(hits.tolist())
                union = unions.get(key)
                if union is None:
                    union = unions[key] = shapely.union_all([above[h] for h in key])
                rest = geom.difference(union)
                rest = _polygonal(rest)
                if rest is None or _sliver(rest):
                    dropped.add(pid)
                else:
                    geoms[pid] = rest
                    merged.given_geometries[pid] = rest
        # A windowed place does not cut what lies below it: it splits it (see _split_windows).
        above.extend(geoms[p] for p in mine if p not in dropped and p not in windowed)
    if dropped:
        _drop_places(merged, dropped)
        # A dropped place's old outline must not stay behind: the pieces of the windows were
        # trimmed against it (Katanga's piece lost 57 % of its ground to the imported Congo
        # faces the curated Congo had replaced), and a windowed place that a higher place
        # covers whole was split as if it were still there.
        for pid in dropped:
            del geoms[pid]
        windowed -= dropped
    if windowed:
        place_rank = {p: r for r, pids in by_rank.items() for p in pids if p not in dropped}
        emptied = _split_windows(merged, geoms, place_rank, windowed)
        if emptied:
            _drop_places(merged, emptied)


def _window(place: Place) -> EdtfDate | None:
    """A place's window when it is a bounded interval; None otherwise (validate says why)."""
    window = place.overrides
    if window is None or "/" not in window.text or not window.bounded:
        return None
    return window


class _Effects:
    """The merged instruments' effects by place and group, edited in place and written back."""

    def __init__(self, merged: LedgerFiles) -> None:
        self.merged = merged
        self.by_place: dict[str, list[tuple[str, int]]] = {}
        self.by_group: dict[str, list[tuple[str, int]]] = {}
        for iid, inst in merged.instruments.items():
            for n, effect in enumerate(inst.effects):
                for pid in effect.places or ():
                    self.by_place.setdefault(pid, []).append((iid, n))
                if effect.group is not None:
                    self.by_group.setdefault(effect.group, []).append((iid, n))
        self.edited: dict[str, list[Effect]] = {}

    def get(self, iid: str, n: int) -> Effect:
        edited = self.edited.get(iid)
        return edited[n] if edited is not None else self.merged.instruments[iid].effects[n]

    def uid_and_date(self, iid: str, n: int) -> tuple[str, EdtfDate | None]:
        inst = self.merged.instruments[iid]
        effect = self.get(iid, n)
        return effect_uid(inst, n, effect), effect.date or inst.effective

    def set_places(self, iid: str, n: int, places: list[str]) -> None:
        edited = self.edited.setdefault(iid, list(self.merged.instruments[iid].effects))
        edited[n] = edited[n].model_copy(update={"places": places})
        for pid in places:
            spots = self.by_place.setdefault(pid, [])
            if (iid, n) not in spots:
                spots.append((iid, n))

    def write_back(self) -> None:
        for iid, effects in self.edited.items():
            inst = self.merged.instruments[iid]
            self.merged.instruments[iid] = inst.model_copy(update={"effects": effects})


def _split_windows(
    merged: LedgerFiles,
    geoms: dict[str, BaseGeometry],
    place_rank: dict[str, int],
    windowed: set[str],
) -> set[str]:
    """Split every place below a windowed place; the windowed place becomes a group.

    For a windowed place P over a lower place F: F keeps F − P; the piece ``<F>--<P>`` (F ∩ P)
    carries F's effects (those dated inside P's window are marked as the record below's: set
    aside there, restored when the window closes) and P's effects (marked as P's: they count
    until the window closes). P's area over no lower place is the piece ``<P>--rest``. The
    windows are processed lowest rank first, so a higher one splits the pieces of a lower one.

    Returns the lower places left empty (their effects live on in their pieces).
    """
    effects = _Effects(merged)
    members_of: dict[str, list[tuple[str | None, str]]] = {}  # place -> (view or None, group)
    for gid, group in merged.groups.items():
        for m in group.members:
            members_of.setdefault(m, []).append((None, gid))
    for view_id, view in merged.views.items():
        for gid, members in view.groups.items():
            for m in members:
                members_of.setdefault(m, []).append((view_id, gid))
    windows = merged.windows
    owner: dict[str, str] = {}  # piece -> the windowed place it is a piece of
    pieces_of: dict[str, list[str]] = {}
    window_of: dict[str, EdtfDate] = {}
    overlay: dict[str, set[str]] = {}
    shadow: dict[str, set[str]] = {}
    emptied: set[str] = set()
    order = sorted(windowed, key=lambda p: (-place_rank.get(p, 0), p))
    for pid in order:
        if pid not in geoms:
            continue
        record = merged.places[pid]
        window = _window(record)
        assert window is not None
        rank = place_rank.get(pid, 0)
        # Below P: every place of a lower rank, and the pieces of lower-ranked windows (not
        # those of P's own ledger, whose places do not overlap P's).
        lower = sorted(
            q
            for q in geoms
            if q not in emptied
            and q not in windowed
            and place_rank.get(q, 0) > rank
            and place_rank.get(owner.get(q, ""), rank + 1) > rank
        )
        tree = shapely.STRtree([geoms[q] for q in lower])
        pgeom = geoms[pid]
        mine: list[str] = []
        covered: list[BaseGeometry] = []
        for h in sorted(int(i) for i in tree.query(pgeom, predicate="intersects")):
            below = lower[h]
            inter = _polygonal(shapely.intersection(geoms[below], pgeom, grid_size=_GRID))
            if inter is None or _sliver(inter):
                continue
            earlier = owner.get(below)
            if earlier is not None:
                other = window_of[earlier]
                if other.lo <= window.hi and window.lo <= other.hi:
                    _window_clash(merged, pid, earlier)
                    continue
            piece = f"{below}--{pid}"
            covered.append(inter)
            # Minus the piece (not P): the two then tile the place on the same grid.
            rest = _polygonal(shapely.difference(geoms[below], inter, grid_size=_GRID))
            if rest is None or _sliver(rest):
                emptied.add(below)
                # Its pieces now hold all of it: trimming them against its old outline
                # would empty them.
                del geoms[below]
            else:
                geoms[below] = rest
                merged.given_geometries[below] = rest
            _add_piece(merged, piece, below, pid, inter, geoms)
            place_rank[piece] = place_rank.get(below, 0)
            mine.append(piece)
            owner[piece] = pid
            if earlier is not None:
                # A piece of an earlier (lower, disjoint in time) window: it closes there too.
                pieces_of[earlier].append(piece)
                for marks in (overlay, shadow):
                    for spots in marks.values():
                        if below in spots:
                            spots.add(piece)
            # The record below: every effect on it goes on the piece too; those dated inside
            # the window are set aside there until it closes.
            for iid, n in list(effects.by_place.get(below, ())):
                places = list(effects.get(iid, n).places or ())
                effects.set_places(iid, n, [*places, piece])
                uid, date = effects.uid_and_date(iid, n)
                if date is not None and window.lo <= date.lo <= window.hi:
                    shadow.setdefault(uid, set()).add(piece)
            for vid, gid in members_of.get(below, ()):
                _add_member(merged, vid, gid, piece)
                members_of.setdefault(piece, []).append((vid, gid))
                for iid, n in effects.by_group.get(gid, ()):
                    uid, date = effects.uid_and_date(iid, n)
                    if date is not None and window.lo <= date.lo <= window.hi:
                        shadow.setdefault(uid, set()).add(piece)
        own = (
            _polygonal(
                shapely.difference(
                    pgeom, shapely.union_all(covered, grid_size=_GRID), grid_size=_GRID
                )
            )
            if covered
            else pgeom
        )
        if own is not None and not _sliver(own):
            piece = f"{pid}--rest"
            _add_piece(merged, piece, None, pid, own, geoms)
            place_rank[piece] = rank
            mine.append(piece)
            owner[piece] = pid
        # The windowed record: its effects go to its pieces and count until the window closes.
        for iid, n in list(effects.by_place.get(pid, ())):
            places = [p for p in effects.get(iid, n).places or () if p != pid]
            effects.set_places(iid, n, [*places, *mine])
            uid = effects.uid_and_date(iid, n)[0]
            overlay.setdefault(uid, set()).update(mine)
            windows.owner[uid] = pid
        for vid, gid in members_of.get(pid, ()):
            for piece in mine:
                _add_member(merged, vid, gid, piece)
            _remove_member(merged, vid, gid, pid)
            for iid, n in effects.by_group.get(gid, ()):
                uid = effects.uid_and_date(iid, n)[0]
                overlay.setdefault(uid, set()).update(mine)
                windows.owner[uid] = pid
        pieces_of[pid] = mine
        window_of[pid] = window
        _become_group(merged, pid, mine, geoms)
    _trim_pieces(merged, geoms, owner)
    effects.write_back()
    windows.ends.update(
        {pid: (window_of[pid], tuple(mine)) for pid, mine in pieces_of.items() if mine}
    )
    windows.overlay.update({u: frozenset(p) for u, p in overlay.items()})
    windows.shadow.update({u: frozenset(p) for u, p in shadow.items()})
    return emptied


def _trim_pieces(
    merged: LedgerFiles, geoms: dict[str, BaseGeometry], owner: dict[str, str]
) -> None:
    """Cut from each piece the slivers where it still overlaps another place.

    A piece and the place it was cut from share long borders with the higher places around
    them; GEOS can leave slivers of overlap along such a border, which the geometry-overlap rule
    would then report. The piece, the newest record of that ground, gives them up.
    """
    ids = sorted(geoms)
    tree = shapely.STRtree([geoms[i] for i in ids])
    # Pieces border the same large faces: one union per distinct set of neighbours.
    # (Keyed by identity; the value keeps the neighbours alive, so no id is reused meanwhile.)
    unions: dict[tuple[int, ...], tuple[list[BaseGeometry], BaseGeometry]] = {}
    for piece in sorted(owner):
        geom = geoms.get(piece)
        if geom is None:
            continue
        # Envelopes only, then one vectorised DE-9IM test: interiors meeting in an area imply
        # an intersection, so an exact `intersects` first (a prepared test against every large
        # face around the piece) would only repeat work.
        near = [h for h in tree.query(geom).tolist() if ids[h] != piece]
        if not near:
            continue
        hits = [geoms[ids[h]] for h in near]
        meet = shapely.relate_pattern(geom, hits, "2********")
        others = [g for g, m in zip(hits, meet.tolist(), strict=True) if m]
        if not others:
            continue
        key = tuple(id(g) for g in others)
        known = unions.get(key)
        if known is None:
            known = unions[key] = (others, shapely.union_all(others))
        trimmed = _polygonal(geom.difference(known[1]))
        if trimmed is not None:
            geoms[piece] = trimmed
            merged.given_geometries[piece] = trimmed


def _add_piece(
    merged: LedgerFiles,
    piece: str,
    below: str | None,
    pid: str,
    geom: BaseGeometry,
    geoms: dict[str, BaseGeometry],
) -> None:
    """Record the piece ``piece`` of ``below`` (None: of nothing) under the windowed ``pid``."""
    upper = merged.places[pid]
    base = merged.places[below] if below is not None else upper
    over = upper.names.get("en", pid)
    name = (
        f"{base.names.get('en', below)} (within {over})"
        if below
        else f"{over} (beyond the record below)"
    )
    merged.places[piece] = base.model_copy(
        update={
            "id": piece,
            "names": {"en": name},
            "aliases": {},
            "geometry": None,
            "overrides": None,
            "summary": f"The part of {below or pid} that the windowed place {pid} covers: "
            f"{pid}'s record decides it inside {upper.overrides}, "
            + (f"{below}'s before and after." if below else "nothing is recorded outside it."),
        }
    )
    geoms[piece] = geom
    merged.given_geometries[piece] = geom
    source = below if below is not None else pid
    merged.ledger_of[("places", piece)] = merged.ledger_of.get(("places", source), "")
    if ("places", source) in merged.origins:
        merged.origins[("places", piece)] = merged.origins[("places", source)]
    if ("places", source) in merged.table_rows:
        merged.table_rows[("places", piece)] = merged.table_rows[("places", source)]


def _add_member(merged: LedgerFiles, view: str | None, gid: str, place: str) -> None:
    if view is None:
        group = merged.groups[gid]
        merged.groups[gid] = group.model_copy(update={"members": [*group.members, place]})
    else:
        rec = merged.views[view]
        groups = {g: list(m) for g, m in rec.groups.items()}
        groups[gid] = [*groups.get(gid, []), place]
        merged.views[view] = rec.model_copy(update={"groups": groups})


def _remove_member(merged: LedgerFiles, view: str | None, gid: str, place: str) -> None:
    if view is None:
        group = merged.groups[gid]
        members = [m for m in group.members if m != place]
        merged.groups[gid] = group.model_copy(update={"members": members})
    else:
        rec = merged.views[view]
        groups = {g: [x for x in m if x != place] for g, m in rec.groups.items()}
        merged.views[view] = rec.model_copy(update={"groups": groups})


def _become_group(
    merged: LedgerFiles, pid: str, pieces: list[str], geoms: dict[str, BaseGeometry]
) -> None:
    """The windowed place, split into its pieces, stays known by its id as a group of them."""
    record = merged.places.pop(pid)
    geoms.pop(pid, None)
    merged.given_geometries.pop(pid, None)
    lid = merged.ledger_of.pop(("places", pid), "")
    origin = merged.origins.pop(("places", pid), None)
    merged.table_rows.pop(("places", pid), None)
    if not pieces:
        merged.dropped_places[pid] = lid
        return
    if pid in merged.groups:
        merged.problems.append(
            Problem(
                origin.display if origin is not None else None,
                *(origin.where("id") if origin is not None else (0, 0)),
                "duplicate-id",
                f"the windowed place {pid!r} becomes a group of its pieces, but a group "
                f"{pid!r} exists already",
                "rename the place or the group",
            )
        )
        return
    merged.groups[pid] = Group(
        id=pid,
        names=record.names,
        aliases=record.aliases,
        members=pieces,
        summary=f"{record.names.get('en', pid)}, recorded for {record.overrides} over the "
        f"places below it, split into one piece per place below: {', '.join(pieces)}.",
    )
    merged.ledger_of[("groups", pid)] = lid
    if origin is not None:
        merged.origins[("groups", pid)] = origin


def _window_clash(merged: LedgerFiles, pid: str, earlier: str) -> None:
    origin = merged.origins.get(("places", pid))
    merged.problems.append(
        Problem(
            origin.display if origin is not None else None,
            *(origin.where("overrides") if origin is not None else (0, 0)),
            "overrides-overlap",
            f"the windows of {pid!r} and {earlier!r} overlap in time over the same ground",
            "two windowed places may cover the same area only in windows that do not overlap",
        )
    )


def _polygonal(geom: BaseGeometry) -> BaseGeometry | None:
    parts = [
        g
        for g in shapely.get_parts(geom)
        if g.geom_type in ("Polygon", "MultiPolygon") and not g.is_empty
    ]
    if not parts:
        return None
    out: BaseGeometry = shapely.union_all(parts) if len(parts) > 1 else parts[0]
    return out


_KM2_PER_DEG2 = 12_000.0
"""A lower bound of the km² in one square degree at the equator on WGS84 (12 307 for the least
curved meridian and normal radii): times cos(latitude) it bounds any latitude from below."""


def _sliver(geom: BaseGeometry) -> bool:
    """Whether ``geom`` is smaller than :data:`DROP_BELOW_KM2` on the ellipsoid.

    The geodesic measure walks every vertex in Python; most pieces are plainly large, which the
    planar area in square degrees shows at once: scaled by the smallest km² per square degree
    the geometry's latitudes allow, and with a margin of 100× for edges drawn as geodesics
    rather than straight in lon/lat, it decides the same way as the measure would.
    """
    xmin, ymin, xmax, ymax = geom.bounds
    worst = max(abs(ymin), abs(ymax))
    # Narrower than half the globe: no edge can be read as the other way round the earth.
    if worst < 89.0 and xmax - xmin < 180.0:
        floor = shapely.area(geom) * _KM2_PER_DEG2 * math.cos(math.radians(worst))
        if floor >= 100 * DROP_BELOW_KM2:
            return False
    return _km2(geom) < DROP_BELOW_KM2


def _km2(geom: BaseGeometry) -> float:
    # The shared ellipsoid: building a Geod per call costs more than measuring a small piece.
    from terrachron.geo.geometry import WGS84

    area, _ = WGS84.geometry_area_perimeter(geom)
    return abs(area) / 1e6


def _drop_places(merged: LedgerFiles, dropped: set[str]) -> None:
    """Remove places cut away entirely, and every reference to them (effects keep their ids)."""
    for pid in dropped:
        merged.places.pop(pid, None)
        merged.given_geometries.pop(pid, None)
        merged.origins.pop(("places", pid), None)
        merged.table_rows.pop(("places", pid), None)
        merged.dropped_places[pid] = merged.ledger_of.pop(("places", pid), "")
    for iid, inst in list(merged.instruments.items()):
        if not any(set(e.places or ()) & dropped for e in inst.effects):
            continue
        effects: list[Any] = []
        rows = {
            n: merged.table_effects.pop((iid, n))
            for n in range(len(inst.effects))
            if (iid, n) in merged.table_effects
        }
        for n, effect in enumerate(inst.effects):
            places = effect.places or []
            kept = [p for p in places if p not in dropped]
            if places and not kept and effect.group is None:
                continue  # it touched only what was cut away
            # Pin the id: '<instrument>#<n>' must not shift when an earlier effect goes.
            update: dict[str, Any] = {"id": effect_uid(inst, n, effect)}
            if len(kept) != len(places):
                update["places"] = kept
            if n in rows:
                merged.table_effects[(iid, len(effects))] = rows[n]
            effects.append(effect.model_copy(update=update))
        merged.instruments[iid] = inst.model_copy(update={"effects": effects})
    for gid, group in list(merged.groups.items()):
        if set(group.members) & dropped:
            members = [m for m in group.members if m not in dropped]
            merged.groups[gid] = group.model_copy(update={"members": members})
