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
import os
from collections.abc import Callable, Mapping
from dataclasses import replace
from importlib import resources
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry

from terrachron.engine.compiled import effect_uid
from terrachron.errors import Problem
from terrachron.ledger.load import LedgerFiles
from terrachron.ledger.yamlpos import LocatedYaml

__all__ = ["DROP_BELOW_KM2", "merge_includes", "parse_includes"]

DROP_BELOW_KM2 = 0.01
"""A lower-ranked place cut down below this area (km²) is dropped: what is left is a sliver."""

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
                    for (iid, n), row in part.table_effects.items():
                        if iid == rid:
                            merged.table_effects[(iid, n)] = row
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
    above: list[BaseGeometry] = []
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
                rest = geom.difference(shapely.union_all([above[h] for h in hits]))
                rest = _polygonal(rest)
                if rest is None or _km2(rest) < DROP_BELOW_KM2:
                    dropped.add(pid)
                else:
                    geoms[pid] = rest
                    merged.given_geometries[pid] = rest
        above.extend(geoms[p] for p in mine if p not in dropped)
    if dropped:
        _drop_places(merged, dropped)


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


def _km2(geom: BaseGeometry) -> float:
    from pyproj import Geod

    area, _ = Geod(ellps="WGS84").geometry_area_perimeter(geom)
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
