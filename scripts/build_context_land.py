"""Build the context land of the Japan–Russia ledger: the coasts near it that it does not record.

The maritime split of a scenario (``terrachron.scenarios.maritime``) gives each sea point within
200 nautical miles of the ledger's land to the party whose land is nearest. The ledger records
Hokkaido, the Kurils and Sakhalin only; without the other coasts nearby (northern Honshu, the
Asian mainland, Kamchatka) the sea in front of them would go to whichever recorded island is
nearest, which is plainly wrong. This script writes those coasts, with their present-day country,
to ``src/terrachron/data/japan-russia/context/land.geojson``.

Inputs (public domain, read-only), by default in ``../shared/data/natural-earth`` relative to the
repository root (``--source`` overrides):

* ``ne_10m_land.json``: Natural Earth 1:10m land with unrounded coordinates, for the coastlines;
* ``countries-10m.json``: Natural Earth 1:10m admin-0 countries as quantized TopoJSON (npm
  ``world-atlas``), only to tell which country each piece of land belongs to.

Rules:

* Only land that can matter is kept: land farther than ``--reach-km`` (default 800 km, a margin
  over twice 200 nm = 740.8 km) from the ledger's land can never be the nearest land to a sea
  point within 200 nm of it. The reach is measured in an azimuthal equidistant projection centred
  on the region (146.5°E, 44.5°N), like the maritime split itself.
* Land polygons that are (mostly) the ledger's own places are left out: the ledger's geometries
  were cut from the same Natural Earth polygons.
* Each remaining piece is split between the countries its TopoJSON polygons cover; the thin
  slivers that the quantized borders leave along the coast go to the nearest country, so the
  coastline stays the unrounded Natural Earth one.
* Coordinates are snapped to a 1e-5° grid (about 1 m) with validity kept; the output is
  deterministic (running the build again gives byte-identical output).

Output: one Feature per country, properties ``id`` (``context-<polity>``), ``name``, ``polity``
(the ledger's polity id for Japan and Russia; a slug of the country's name otherwise, which the
ledger does not know), ``source`` and ``reach_km``.

Rebuild from the repository root with::

    .venv/bin/python scripts/build_context_land.py [--source DIR] [--out PATH] [--check]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import MultiPolygon, Polygon, mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient

import terrachron

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = Path("../shared/data/natural-earth")
DEFAULT_OUT = Path("src/terrachron/data/japan-russia/context/land.geojson")
CENTRE = (146.5, 44.5)
"""Centre (lon, lat) of the azimuthal equidistant projection; the maritime split uses the same."""
LEDGER_POLITY = {"Japan": "japan", "Russia": "russia"}
"""Countries the ledger knows, by Natural Earth name → ledger polity id."""
GRID = 1e-5


def _aeqd() -> tuple[Transformer, Transformer]:
    crs = f"+proj=aeqd +lat_0={CENTRE[1]} +lon_0={CENTRE[0]} +datum=WGS84 +units=m +no_defs"
    forward = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    backward = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
    return forward, backward


def _project(geom: BaseGeometry, transformer: Transformer) -> BaseGeometry:
    def move(xy: np.ndarray) -> np.ndarray:
        x, y = transformer.transform(xy[:, 0], xy[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geom, move)


def _decode_topojson(data: dict[str, Any], names: set[str]) -> dict[str, BaseGeometry]:
    """The countries called ``names`` from a quantized, delta-encoded TopoJSON."""
    scale = data["transform"]["scale"]
    translate = data["transform"]["translate"]
    arcs: list[np.ndarray] = []
    for arc in data["arcs"]:
        steps = np.cumsum(np.asarray(arc, dtype=float), axis=0)
        arcs.append(steps * scale + translate)

    def ring(indices: list[int]) -> list[tuple[float, float]]:
        points: list[tuple[float, float]] = []
        for index in indices:
            coords = arcs[index] if index >= 0 else arcs[~index][::-1]
            part = [(float(x), float(y)) for x, y in coords]
            points.extend(part if not points else part[1:])  # arcs share their end points
        return points

    out: dict[str, BaseGeometry] = {}
    for geometry in data["objects"]["countries"]["geometries"]:
        name = geometry.get("properties", {}).get("name")
        if name not in names:
            continue
        polygons: list[list[list[int]]]
        if geometry["type"] == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        parts = []
        for rings in polygons:
            shell, *holes = (ring(r) for r in rings)
            if len(shell) >= 4:
                parts.append(Polygon(shell, [h for h in holes if len(h) >= 4]))
        if not parts:
            continue  # collapsed by quantization
        # Quantization makes some rings self-intersect: repair, keep the polygonal part.
        repaired = shapely.make_valid(MultiPolygon(parts) if len(parts) > 1 else parts[0])
        out[name] = _polygonal(repaired)
    return out


def _polygonal(geom: BaseGeometry) -> BaseGeometry:
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else Polygon()


def _slug(name: str) -> str:
    return "-".join(name.lower().split())


def build(source: Path, ledger_path: Path | None, reach_km: float) -> dict[str, Any]:
    """The context-land FeatureCollection."""
    ledger = terrachron.open_ledger(ledger_path)
    ledger_land = shapely.union_all(list(ledger.geometries.values()))
    forward, backward = _aeqd()
    reach = _project(ledger_land, forward).buffer(reach_km * 1000.0, quad_segs=32)
    region = _project(shapely.segmentize(reach, 5000.0), backward)

    land = json.loads((source / "ne_10m_land.json").read_text(encoding="utf-8"))
    pieces: list[BaseGeometry] = []
    for feature in land["features"]:
        for polygon in shapely.get_parts(shape(feature["geometry"])):
            if not polygon.intersects(region):
                continue
            shared = polygon.intersection(ledger_land).area
            if shared > 0.5 * polygon.area:
                continue  # one of the ledger's own places
            clipped = _polygonal(polygon.intersection(region))
            if not clipped.is_empty:
                pieces.append(clipped)
    context = shapely.union_all(pieces)

    topo = json.loads((source / "countries-10m.json").read_text(encoding="utf-8"))
    all_names = {g["properties"]["name"] for g in topo["objects"]["countries"]["geometries"]}
    countries = {
        name: geom
        for name, geom in _decode_topojson(topo, all_names).items()
        if geom.intersects(region)
    }
    owned: dict[str, list[BaseGeometry]] = {name: [] for name in countries}
    covered: list[BaseGeometry] = []
    for name, geom in countries.items():
        share = _polygonal(context.intersection(geom))
        if not share.is_empty:
            owned[name].append(share)
            covered.append(share)
    leftover = _polygonal(context.difference(shapely.union_all(covered)))
    for sliver in shapely.get_parts(leftover):
        nearest = min(countries, key=lambda n: (countries[n].distance(sliver), n))
        owned[nearest].append(sliver)

    features = []
    for name in sorted(owned):
        if not owned[name]:
            continue
        merged = shapely.set_precision(shapely.union_all(owned[name]), GRID)
        merged = _polygonal(merged)
        if merged.is_empty:
            continue
        polygons = sorted((orient(p) for p in shapely.get_parts(merged)), key=lambda p: -p.area)
        geometry = MultiPolygon(polygons) if len(polygons) > 1 else polygons[0]
        if not geometry.is_valid:
            raise SystemExit(f"invalid context geometry for {name}")
        polity = LEDGER_POLITY.get(name, _slug(name))
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "id": f"context-{polity}",
                    "name": name,
                    "polity": polity,
                    "source": "Natural Earth 1:10m land (ne_10m_land.json); country from "
                    "countries-10m.json",
                    "reach_km": reach_km,
                },
                "geometry": mapping(geometry),
            }
        )
    return {"type": "FeatureCollection", "features": features}


def _round(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 5)
    if isinstance(value, list | tuple):
        return [_round(v) for v in value]
    if isinstance(value, dict):
        return {k: _round(v) for k, v in value.items()}
    return value


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--ledger", type=Path, default=None, help="default: the bundled ledger")
    parser.add_argument("--reach-km", type=float, default=800.0)
    parser.add_argument("--check", action="store_true", help="build and report; write nothing")
    args = parser.parse_args(argv)
    source = args.source if args.source.is_absolute() else REPO_ROOT / args.source
    collection = build(source, args.ledger, args.reach_km)
    text = json.dumps(_round(collection), ensure_ascii=False, separators=(",", ":")) + "\n"
    for feature in collection["features"]:
        geom = shape(feature["geometry"])
        print(
            f"{feature['properties']['id']}: {len(shapely.get_parts(geom))} polygon(s), "
            f"{shapely.get_num_coordinates(geom)} vertices",
            file=sys.stderr,
        )
    if args.check:
        return 0
    out = args.out if args.out.is_absolute() else REPO_ROOT / args.out
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    print(f"wrote {out.relative_to(REPO_ROOT)} ({len(text)} bytes)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
