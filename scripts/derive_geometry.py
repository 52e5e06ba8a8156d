"""Derive curated ledgers' place geometries from their ``geometry/recipes.yaml``.

For each ledger folder given (default: every folder under ``src/terrachron/data`` that has a
``geometry/recipes.yaml``), every place of the recipe file is derived from the shared map data
(``--data``, default ``../shared/data``) and written as ``geometry/<place-id>.geojson``. The
output is the same bytes on every run. Before anything is written, every place of every ledger
is derived and checked: no two places of one ledger may overlap (shared area over 0.01 km²),
since atomic places do not overlap. When a recipe reads historical-basemaps, that folder's GPL-3.0
``LICENSE`` is copied next to the geometries, as its licence requires.

``--check`` derives and compares with the files on disk, writes nothing, and exits 1 if any
differs (so a test or a reviewer can prove the committed outlines come from the recipes).

Run from the repository root::

    .venv/bin/python scripts/derive_geometry.py [LEDGER ...] [--data DIR] [--check]
"""

from __future__ import annotations

import argparse
import itertools
import os
import sys
import tempfile
from pathlib import Path

import shapely

from terrachron.geo.recipe import DerivedPlace, MapData, RecipeError, derive, geodesic_km2, render

ROOT = Path(__file__).resolve().parent.parent
OVERLAP_KM2 = 0.01


def _ledgers(given: list[str]) -> list[Path]:
    if given:
        return [Path(g) for g in given]
    data = ROOT / "src" / "terrachron" / "data"
    return sorted(p for p in data.iterdir() if (p / "geometry" / "recipes.yaml").is_file())


def _overlaps(places: list[DerivedPlace]) -> list[str]:
    found = []
    for a, b in itertools.combinations(places, 2):
        if a.geometry.intersects(b.geometry):
            km2 = geodesic_km2(shapely.intersection(a.geometry, b.geometry))
            if km2 > OVERLAP_KM2:
                found.append(f"{a.id!r} and {b.id!r} overlap by {km2:.2f} km²")
    return found


def _write(path: Path, text: str) -> None:
    # A temporary file renamed into place: a crash never leaves half a GeoJSON behind.
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
    os.replace(tmp, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("ledgers", nargs="*", help="ledger folders (default: all with recipes)")
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--check", action="store_true", help="compare, write nothing")
    args = parser.parse_args(argv)
    if not (args.data / "historical-basemaps").is_dir():
        print(f"error: no historical-basemaps under {args.data}; give --data", file=sys.stderr)
        return 2
    data = MapData(args.data)
    planned: list[tuple[Path, str]] = []
    failed = False
    for ledger in _ledgers(args.ledgers):
        recipes = ledger / "geometry" / "recipes.yaml"
        if not recipes.is_file():
            print(f"error: {recipes} does not exist", file=sys.stderr)
            return 2
        try:
            places = derive(recipes, data)
        except RecipeError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        for problem in _overlaps(places):
            print(f"error: {recipes}: {problem}; cut one from the other", file=sys.stderr)
            failed = True
        for place in places:
            print(f"{ledger.name}/{place.id}: {geodesic_km2(place.geometry):,.1f} km²")
            planned.append((ledger / "geometry" / f"{place.id}.geojson", render(place)))
        if any("historical-basemaps" in i for p in places for i in p.inputs):
            licence = (args.data / "historical-basemaps" / "LICENSE").read_text("utf-8")
            planned.append((ledger / "geometry" / "LICENSE", licence))
    if failed:
        return 1
    stale = [p for p, text in planned if not p.is_file() or p.read_text("utf-8") != text]
    if args.check:
        for p in stale:
            print(f"differs from its recipe: {p}", file=sys.stderr)
        return 1 if stale else 0
    for p, text in planned:
        if p in stale:
            _write(p, text)
    print(f"{len(stale)} file(s) written, {len(planned) - len(stale)} unchanged")
    return 0


if __name__ == "__main__":
    sys.exit(main())
