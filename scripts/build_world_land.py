"""Build the world land layer that ``locate`` uses to tell "at sea" from "land not covered".

Input (public domain, read-only): Natural Earth 1:10m ``ne_10m_land.json`` and
``ne_10m_minor_islands.json`` (plain GeoJSON, unrounded), by default in
``../shared/data/natural-earth`` relative to the repository root (``--source`` overrides).

Output: ``src/terrachron/data/land/natural-earth-land.parquet`` (``--out`` overrides): one row
per polygon, column ``geometry`` as WKB (EPSG:4326), zstd-compressed. Every polygon is simplified
with its topology preserved at ``TOLERANCE`` degrees, so the layer's coast lies within that
distance of Natural Earth's: a point farther than about 0.6 km from Natural Earth's coast is
classified exactly as Natural Earth 1:10m would. Coordinates are rounded to 1e-6°.

The output is deterministic. Rebuild from the repository root with::

    .venv/bin/python scripts/build_world_land.py
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import shapely
from shapely.geometry import shape

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = REPO_ROOT.parent / "shared" / "data" / "natural-earth"
DEFAULT_OUT = REPO_ROOT / "src" / "terrachron" / "data" / "land" / "natural-earth-land.parquet"
FILES = ("ne_10m_land.json", "ne_10m_minor_islands.json")
# About 550 m at the equator: well under the few km by which a harbour lies off its island's
# polygon, and it keeps the shipped file near 2 MB instead of 7.
TOLERANCE = 0.005
DECIMALS = 6


def build(source: Path, out: Path) -> int:
    """Write the layer; returns the number of polygons."""
    polygons: list[shapely.Geometry] = []
    for name in FILES:
        data = json.loads((source / name).read_text(encoding="utf-8"))
        for feature in data["features"]:
            geom = shapely.make_valid(shape(feature["geometry"]))
            polygons.extend(p for p in shapely.get_parts(geom) if p.geom_type == "Polygon")
    parts = np.asarray(polygons, dtype=object)
    parts = shapely.simplify(parts, TOLERANCE, preserve_topology=True)
    parts = shapely.set_precision(parts, 10.0**-DECIMALS)
    parts = shapely.make_valid(parts)
    keep: list[shapely.Geometry] = []
    for geom in parts:
        keep.extend(p for p in shapely.get_parts(geom) if p.geom_type == "Polygon" and p.area > 0)
    # A stable order (by the polygon's lower-left corner) makes the file byte-identical.
    keep.sort(key=lambda g: (round(g.bounds[0], 6), round(g.bounds[1], 6), -g.area))
    wkb = shapely.to_wkb(np.asarray(keep, dtype=object), output_dimension=2)
    table = pa.table({"geometry": pa.array(list(wkb), type=pa.binary())})
    out.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, out, compression="zstd", compression_level=19)
    return len(keep)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="Natural Earth folder")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    n = build(args.source, args.out)
    print(f"{n} polygons -> {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
