"""Time the CShapes 2.0 importer at the data set's own scale, on real borders.

CShapes 2.0 itself cannot be downloaded here, so this builds an input of the same schema and size
from real borders: the yearly historical-basemaps snapshots in ``../shared/data`` (each polygon
becomes one outline valid from 1 January of its year to the eve of the next snapshot; states are
keyed by ISO numeric code, else by name; invalid polygons are repaired first, since the importer
refuses them). Disputed areas overlap in those files, so the import also meets overlaps (claims).

It then runs :func:`terrachron.importers.cshapes.import_cshapes` once and prints the counts and the
time of each stage, beside the obvious alternative for the places: one place per distinct outline,
no refinement (which would overlap and so could not be a ledger; its cost is the floor of reading
and writing the same geometry).

Run from the repository root::

    .venv/bin/python bench/import_cshapes.py [--years 1994 2000 2010]

The input and the ledger are written under ``bench/.data/`` (ignored by git).
"""

from __future__ import annotations

import argparse
import json
import shutil
import time
from pathlib import Path

import shapely
from shapely.geometry import mapping, shape

from terrachron.importers.cshapes import import_cshapes

ROOT = Path(__file__).resolve().parents[1]
SNAPSHOTS = ROOT.parent / "shared" / "data" / "historical-basemaps" / "yearly-1988-2022"
WORK = ROOT / "bench" / ".data" / "import-cshapes"


def build_input(years: list[int], path: Path) -> int:
    """Write a CShapes-schema GeoJSON from the snapshots of ``years``; return its feature count."""
    codes: dict[str, int] = {}
    features = []
    ends = [*years[1:], years[-1] + 1]
    for year, nxt in zip(years, ends, strict=True):
        data = json.loads((SNAPSHOTS / f"world_{year}.geojson").read_text(encoding="utf-8"))
        for feat in data["features"]:
            props, raw = feat["properties"], feat["geometry"]
            name = props.get("NAME")
            if not name or raw is None:
                continue
            geom = shapely.make_valid(shape(raw))
            parts = [p for p in shapely.get_parts(geom) if p.geom_type == "Polygon"]
            if not parts:
                continue
            geom = shapely.union_all(parts)
            num = props.get("NUM")
            key = str(num) if num not in (None, "", -99) else name
            code = codes.setdefault(key, 1000 + len(codes))
            features.append(
                {
                    "type": "Feature",
                    "properties": {
                        "cntry_name": name,
                        "gwcode": code,
                        "gwsyear": year,
                        "gwsmonth": 1,
                        "gwsday": 1,
                        "gweyear": nxt - 1,
                        "gwemonth": 12,
                        "gweday": 31,
                        "status": "independent",
                        "owner": None,
                    },
                    "geometry": mapping(geom),
                }
            )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return len(features)


def baseline(path: Path, out: Path) -> tuple[int, float]:
    """One GeoJSON per distinct outline, no refinement: the floor of reading and writing."""
    began = time.perf_counter()
    data = json.loads(path.read_text(encoding="utf-8"))
    seen = set()
    out.mkdir(parents=True, exist_ok=True)
    for i, feat in enumerate(data["features"]):
        geom = shape(feat["geometry"])
        key = shapely.to_wkb(shapely.normalize(geom))
        if key in seen:
            continue
        seen.add(key)
        (out / f"{i}.geojson").write_text(json.dumps(mapping(geom)))
    return len(seen), time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--years", type=int, nargs="+", default=[1994, 2000, 2010])
    args = parser.parse_args()
    shutil.rmtree(WORK, ignore_errors=True)
    src = WORK / "cshapes-like.geojson"
    n = build_input(sorted(args.years), src)
    print(f"input: {n} outlines from historical-basemaps {args.years} in the CShapes 2.0 schema")
    outlines, base_s = baseline(src, WORK / "baseline")
    began = time.perf_counter()
    report = import_cshapes([src], WORK / "ledger")
    total = time.perf_counter() - began
    print(
        f"import: {report.places} places from {report.polities} polities, "
        f"{report.instruments} instruments, {report.effects} effects"
    )
    for note in report.notes:
        print(f"  {note}")
    print(f"  read + refine + build: {report.seconds:.1f} s; validated and written: {total:.1f} s")
    print(
        f"baseline (one file per distinct outline, no refinement): {outlines} outlines, "
        f"{base_s:.1f} s; import / baseline = {total / base_s:.1f}x"
    )


if __name__ == "__main__":
    main()
