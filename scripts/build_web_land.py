"""Build the background land layer of the web map from Natural Earth 1:10m land.

Input (public domain, read-only): the plain-GeoJSON ``ne_10m_land.json`` of Natural Earth 1:10m,
by default in ``../shared/data/natural-earth`` relative to the repository root (``--source``
overrides).

Output: ``web/public/land.geojson`` (``--out`` overrides), one FeatureCollection with a single
MultiPolygon Feature: the land inside the window around the Sea of Okhotsk that the bundled
Japan–Russia ledger covers (northern Honshu to Kamchatka, the mainland coast included), clipped
to that window, simplified with topology preserved and rounded so that the file stays small.
The web build copies it next to the page; the page draws it under the ledger's own place
polygons, so that the islands are seen against their coasts with no map tiles from anywhere.

The output is deterministic: running the build again gives byte-identical output. Rebuild from
the repository root with::

    .venv/bin/python scripts/build_web_land.py
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import MultiPolygon, Polygon, box, mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = Path("../shared/data/natural-earth/ne_10m_land.json")
DEFAULT_OUT = Path("web/public/land.geojson")

# Wider than the ledger's places (139–157°E, 41–55°N) so that panning a little never shows an
# empty sea where a coast should be.
WINDOW = (125.0, 33.0, 172.0, 63.0)
# About 1 km: finer than a pixel at the zoom levels that show the whole region, and the islands
# themselves are drawn from the ledger's own, unsimplified geometries on top.
TOLERANCE = 0.01
DECIMALS = 3
# Islets smaller than this (square degrees, ~2 km² here) vanish at the map's scale anyway.
MIN_AREA = 0.0003


def _polygons(geom: BaseGeometry) -> list[Polygon]:
    if isinstance(geom, Polygon):
        return [geom]
    if isinstance(geom, MultiPolygon):
        return list(geom.geoms)
    if hasattr(geom, "geoms"):
        return [p for g in geom.geoms for p in _polygons(g)]
    return []


def build_land(source: Path) -> dict[str, Any]:
    """Clip, simplify and round the land of ``source`` to :data:`WINDOW`.

    Parameters
    ----------
    source : Path
        Natural Earth ``ne_10m_land.json``.

    Returns
    -------
    dict
        A GeoJSON FeatureCollection with one MultiPolygon Feature.
    """
    data = json.loads(source.read_text(encoding="utf-8"))
    window = box(*WINDOW)
    parts: list[Polygon] = []
    for feature in data["features"]:
        geom = shape(feature["geometry"])
        if not geom.intersects(window):
            continue
        for poly in _polygons(geom.intersection(window)):
            simple = poly.simplify(TOLERANCE, preserve_topology=True)
            parts.extend(p for p in _polygons(simple) if p.area >= MIN_AREA)
    # Rounding can make a ring touch itself; make_valid repairs that without moving land.
    rounded = shapely.make_valid(shapely.set_precision(MultiPolygon(parts), 10**-DECIMALS))
    polys = sorted(
        (orient(p) for p in _polygons(rounded) if p.area > 0),
        key=lambda p: (-p.area, p.bounds),
    )
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {
                    "source": "Natural Earth 1:10m land (public domain)",
                    "window": list(WINDOW),
                    "simplified": TOLERANCE,
                },
                "geometry": mapping(MultiPolygon(polys)),
            }
        ],
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point: build the land layer and write it."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    source = args.source if args.source.is_absolute() else REPO_ROOT / args.source
    out = args.out if args.out.is_absolute() else REPO_ROOT / args.out
    if not source.is_file():
        print(f"error: {source} not found (use --source)", file=sys.stderr)
        return 2
    land = build_land(source)
    out.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(land, separators=(",", ":")) + "\n"
    out.write_text(text, encoding="utf-8")
    count = len(land["features"][0]["geometry"]["coordinates"])
    print(f"wrote {out.relative_to(REPO_ROOT)}: {count} polygons, {len(text) / 1024:.0f} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
