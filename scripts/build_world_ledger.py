"""Build a synthetic world ledger from Natural Earth 1:10m countries, for tests and benchmarks.

Input: ``countries-10m.json`` (TopoJSON from the npm package ``world-atlas``; Natural Earth is
public domain), by default ``../shared/data/natural-earth/countries-10m.json`` relative to the
repository root (``--source`` overrides).

Output: a ledger folder (default ``bench/.data/world``, git-ignored) holding

* ``polities/``: one polity per country, plus a few invented blocs;
* ``places/all.yaml`` and ``geometry/<id>.geojson``: one place per country;
* ``instruments/<place>.yaml``: a seeded, invented history per place — an ``establish`` on
  1900-01-01 and then five to eight changes of controller (treaty transfers and occupations,
  some dated by month or by a range of days, so that some answers are uncertain), plus claims;
* ``views/``: a polity view that rejects every transfer away from its polity, and a neutral view;
* ``sources/synthetic.yaml``: the one source every instrument cites.

The history is fiction, generated from ``--seed``: the same seed always writes the same files.

Geometry repairs (see ``../shared/data/README.md``):

* arcs are delta-decoded and de-quantized exactly as the TopoJSON specification says;
* a ring that crosses the ±180° meridian is unwrapped into a continuous ring and cut into the
  pieces that fall east and west of it, each shifted back into [-180, 180];
* a ring that goes round a pole without closing (Antarctica) is closed along the pole's latitude;
* every polygon is repaired with ``shapely.make_valid``, keeping its polygonal parts;
* countries that still overlap (China/Macao, Germany/Luxembourg at this precision) are resolved by
  cutting the overlap out of the larger country, so atomic places do not overlap;
* a country whose outline collapses at this precision (Vatican) becomes a place without geometry.

Run from the repository root::

    .venv/bin/python scripts/build_world_ledger.py                       # the whole world
    .venv/bin/python scripts/build_world_ledger.py bench/.data/s --only Fiji,Lesotho,"South Africa"
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import shapely
import yaml
from shapely.geometry import MultiPolygon, Polygon, box, mapping
from shapely.geometry.base import BaseGeometry
from unidecode import unidecode

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = REPO_ROOT.parent / "shared" / "data" / "natural-earth" / "countries-10m.json"
DEFAULT_OUT = REPO_ROOT / "bench" / ".data" / "world"
FIRST_DAY = dt.date(1900, 1, 1)
LAST_DAY = dt.date(2024, 12, 31)
BLOCS = ("aurelia", "boreal-league", "cassia", "dorian-union", "eastern-compact", "fennic-crown")


# -- TopoJSON ------------------------------------------------------------------------------------


def decode_arcs(topo: dict[str, Any]) -> list[np.ndarray]:
    """Every arc as an (n, 2) float array of lon/lat: cumulative sums of the quantized deltas."""
    transform = topo.get("transform")
    arcs: list[np.ndarray] = []
    for raw in topo["arcs"]:
        q = np.asarray(raw, dtype=np.float64)[:, :2]
        if transform is not None:
            q = np.cumsum(q, axis=0)
            q = q * np.asarray(transform["scale"]) + np.asarray(transform["translate"])
        arcs.append(q)
    return arcs


def ring_coords(arcs: list[np.ndarray], indices: Sequence[int]) -> np.ndarray:
    """A ring stitched from arcs; a negative index ``~i`` means arc ``i`` reversed."""
    parts: list[np.ndarray] = []
    for k, index in enumerate(indices):
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        # Consecutive arcs share their joining point: keep it once.
        parts.append(arc if k == 0 else arc[1:])
    return np.concatenate(parts)


# -- antimeridian and poles ----------------------------------------------------------------------

WORLD = box(-180.0, -90.0, 180.0, 90.0)


def unwrap(coords: np.ndarray) -> np.ndarray:
    """Make a ring continuous in longitude: a jump of more than 180° is a crossing of ±180°."""
    out = coords.copy()
    jumps = np.diff(coords[:, 0])
    shift = np.zeros(len(coords))
    shift[1:] = np.cumsum(np.where(jumps > 180.0, -360.0, np.where(jumps < -180.0, 360.0, 0.0)))
    out[:, 0] += shift
    return out


def ring_polygons(coords: np.ndarray) -> list[BaseGeometry]:
    """The area enclosed by one ring, as valid polygons inside [-180, 180] x [-90, 90]."""
    ring = unwrap(coords)
    drift = ring[-1, 0] - ring[0, 0]
    if abs(drift) > 180.0:
        # The ring goes round a pole: close it along that pole's latitude.
        pole = -90.0 if ring[:, 1].mean() < 0 else 90.0
        ring = np.vstack([ring, [[ring[-1, 0], pole], [ring[0, 0], pole], ring[0]]])
    if len(ring) < 4:
        return []
    shape = shapely.make_valid(Polygon(ring))
    pieces: list[BaseGeometry] = []
    lo, hi = float(ring[:, 0].min()), float(ring[:, 0].max())
    # Cut the unwrapped shape into 360°-wide windows and move each back onto [-180, 180].
    for k in range(int(np.floor((lo + 180.0) / 360.0)), int(np.floor((hi + 180.0) / 360.0)) + 1):
        window = box(-180.0 + 360.0 * k, -90.0, 180.0 + 360.0 * k, 90.0)
        part = shape.intersection(window)
        if part.is_empty:
            continue
        if k:
            part = shapely.transform(part, lambda xy, k=k: xy - np.array([360.0 * k, 0.0]))
        pieces.extend(polygonal_parts(part))
    return pieces


def polygonal_parts(geom: BaseGeometry) -> list[Polygon]:
    """The non-empty polygons inside any geometry (make_valid may return lines and points too)."""
    out: list[Polygon] = []
    for part in shapely.get_parts(geom):
        if isinstance(part, Polygon):
            if not part.is_empty and part.area > 0:
                out.append(part)
        elif isinstance(part, MultiPolygon) or part.geom_type == "GeometryCollection":
            out.extend(polygonal_parts(part))
    return out


def country_shape(arcs: list[np.ndarray], geometry: dict[str, Any]) -> BaseGeometry | None:
    """The repaired (Multi)Polygon of one TopoJSON country, or None when it collapses."""
    if geometry["type"] == "Polygon":
        polygons = [geometry["arcs"]]
    elif geometry["type"] == "MultiPolygon":
        polygons = geometry["arcs"]
    else:
        return None
    kept: list[BaseGeometry] = []
    for rings in polygons:
        shell = shapely.union_all(ring_polygons(ring_coords(arcs, rings[0])))
        holes = [p for r in rings[1:] for p in ring_polygons(ring_coords(arcs, r))]
        if holes:
            shell = shell.difference(shapely.union_all(holes))
        kept.extend(polygonal_parts(shapely.make_valid(shell)))
    if not kept:
        return None
    merged = shapely.make_valid(shapely.union_all(kept))
    parts = polygonal_parts(merged)
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else MultiPolygon(parts)


def resolve_overlaps(shapes: dict[str, BaseGeometry]) -> list[tuple[str, str, float]]:
    """Cut every overlap out of the larger of the two countries; return what was cut (deg²)."""
    ids = sorted(shapes)
    tree = shapely.STRtree([shapes[i] for i in ids])
    left, right = tree.query([shapes[i] for i in ids], predicate="intersects")
    cuts: list[tuple[str, str, float]] = []
    for a, b in zip(left.tolist(), right.tolist(), strict=True):
        if a >= b:
            continue
        ga, gb = shapes[ids[a]], shapes[ids[b]]
        shared = ga.intersection(gb)
        if shared.is_empty or shared.area == 0.0:
            continue
        big, small = (ids[a], ids[b]) if ga.area >= gb.area else (ids[b], ids[a])
        cut = shapely.make_valid(shapes[big].difference(shapes[small]))
        parts = polygonal_parts(cut)
        shapes[big] = parts[0] if len(parts) == 1 else MultiPolygon(parts)
        cuts.append((big, small, shared.area))
    return cuts


# -- the invented history ------------------------------------------------------------------------


def slug(text: str) -> str:
    """An id from a name: ASCII, lower case, words joined by hyphens."""
    out = re.sub(r"[^a-z0-9]+", "-", unidecode(text).lower()).strip("-")
    return out or "x"


@dataclass
class Country:
    """One country of the input: its place id, name and repaired shape."""

    id: str
    name: str
    iso: str | None
    shape: BaseGeometry | None
    centre: tuple[float, float] = (0.0, 0.0)


@dataclass
class History:
    """The instruments of one place."""

    instruments: list[dict[str, Any]] = field(default_factory=list)


def day_text(day: dt.date) -> str:
    """ISO text of a day."""
    return day.isoformat()


def invent_history(
    country: Country, neighbours: Sequence[str], rng: np.random.Generator
) -> list[dict[str, Any]]:
    """Five to eight changes of controller after an establishment on 1900-01-01."""
    home = country.id
    records: list[dict[str, Any]] = [
        {
            "id": f"{home}-establish-1900",
            "kind": "treaty",
            "title": f"Boundary settlement of {country.name}",
            "parties": [home],
            "date": day_text(FIRST_DAY),
            "summary": f"Invented: {country.name} is settled as the territory of its own polity.",
            "sources": [{"source": "synthetic"}],
            "effects": [{"op": "establish", "to": home, "places": [home]}],
        }
    ]
    changes = int(rng.integers(5, 9))
    span = (LAST_DAY - FIRST_DAY).days
    # Distinct days at least 60 days apart, so uncertain ranges never overlap.
    while True:
        offsets = np.sort(rng.choice(np.arange(30, span - 30), size=changes, replace=False))
        if np.all(np.diff(offsets) >= 60):
            break
    pool = [home, *neighbours, *(str(b) for b in rng.choice(BLOCS, size=2, replace=False))]
    controller, title = home, home
    for n, offset in enumerate(offsets.tolist()):
        day = FIRST_DAY + dt.timedelta(days=int(offset))
        new = controller
        while new == controller:
            new = str(pool[int(rng.integers(len(pool)))])
        roll = float(rng.random())
        if roll < 0.08:
            date = f"{day.year:04d}-{day.month:02d}"  # month precision: uncertain within it
        elif roll < 0.18:
            end = day + dt.timedelta(days=int(rng.integers(3, 21)))
            date = f"{day_text(day)}/{day_text(end)}"  # a range of days
        else:
            date = day_text(day)
        transfer = new != title and float(rng.random()) < 0.5
        iid = f"{home}-{n + 1}-{day.year}"
        if transfer:
            record = {
                "id": iid,
                "kind": "treaty",
                "title": f"Treaty of {day.year} on {country.name}",
                "parties": sorted({title, new}),
                "date": date,
                "summary": f"Invented: {title} cedes {country.name} to {new}.",
                "sources": [{"source": "synthetic"}],
                "effects": [{"op": "transfer", "from": title, "to": new, "places": [home]}],
            }
            if float(rng.random()) < 0.3:
                record["effects"].append({"op": "claim", "by": title, "places": [home]})
            title = new
        else:
            record = {
                "id": iid,
                "kind": "military-occupation",
                "title": f"Occupation of {country.name} ({day.year})",
                "parties": [new],
                "date": date,
                "summary": f"Invented: {new} takes control of {country.name}.",
                "sources": [{"source": "synthetic"}],
                "effects": [{"op": "occupy", "by": new, "places": [home]}],
            }
        controller = new
        records.append(record)
    return records


# -- writing -------------------------------------------------------------------------------------


def dump_yaml(path: Path, data: Any) -> None:
    """Write YAML (block style, keys in the order given)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8"
    )


def write_geometry(path: Path, pid: str, geom: BaseGeometry) -> None:
    """One FeatureCollection with one Feature; coordinates written so they read back exactly."""
    path.parent.mkdir(parents=True, exist_ok=True)
    feature = {
        "type": "Feature",
        "properties": {"id": pid, "source": "Natural Earth 1:10m via world-atlas 2.0.2"},
        "geometry": mapping(geom),
    }
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))


def load_countries(source: Path, only: set[str] | None, limit: int | None) -> list[Country]:
    """Decode, repair and select the countries."""
    topo = json.loads(source.read_text(encoding="utf-8"))
    arcs = decode_arcs(topo)
    seen: dict[str, int] = {}
    countries: list[Country] = []
    for geometry in topo["objects"]["countries"]["geometries"]:
        name = str(geometry["properties"]["name"])
        if only is not None and name not in only:
            continue
        base = slug(name)
        seen[base] = seen.get(base, 0) + 1
        pid = base if seen[base] == 1 else f"{base}-{seen[base]}"
        countries.append(Country(pid, name, geometry.get("id"), country_shape(arcs, geometry)))
    countries.sort(key=lambda c: c.id)
    if limit is not None:
        countries = countries[:limit]
    if only is not None:
        missing = only - {c.name for c in countries}
        if missing:
            raise SystemExit(f"no country named {', '.join(sorted(missing))} in {source}")
    return countries


def nearest(countries: Sequence[Country], k: int) -> dict[str, list[str]]:
    """Each country's ``k`` nearest others by centre (the candidates for its invented rulers)."""
    xy = np.array([c.centre for c in countries])
    out: dict[str, list[str]] = {}
    for i, c in enumerate(countries):
        d = np.hypot(xy[:, 0] - xy[i, 0], xy[:, 1] - xy[i, 1])
        d[i] = np.inf
        out[c.id] = [countries[j].id for j in np.argsort(d)[:k].tolist() if np.isfinite(d[j])]
    return out


def build(out: Path, source: Path, seed: int, only: set[str] | None, limit: int | None) -> None:
    """Write the ledger folder ``out``."""
    started = time.perf_counter()
    countries = load_countries(source, only, limit)
    shapes = {c.id: c.shape for c in countries if c.shape is not None}
    cuts = resolve_overlaps(shapes)  # type: ignore[arg-type]
    for c in countries:
        c.shape = shapes.get(c.id)
        if c.shape is not None:
            point = c.shape.representative_point()
            c.centre = (point.x, point.y)
    rng = np.random.default_rng(seed)
    neighbours = nearest(countries, 3)
    out.mkdir(parents=True, exist_ok=True)
    for sub in ("polities", "places", "instruments", "views", "sources", "geometry"):
        folder = out / sub
        folder.mkdir(exist_ok=True)
        for old in folder.iterdir():
            old.unlink()
    dump_yaml(
        out / "ledger.yaml",
        {
            "id": "synthetic-world",
            "title": "Synthetic world (invented histories on Natural Earth 1:10m countries)",
            "description": f"Generated by scripts/build_world_ledger.py with seed {seed}.",
            "license": "Geometry: Natural Earth, public domain. Histories: invented.",
        },
    )
    polities = [
        {"id": c.id, "names": {"en": c.name}, "lifespan": "../..", **_codes(c)} for c in countries
    ]
    polities += [
        {"id": b, "names": {"en": b.replace("-", " ").title()}, "lifespan": "../.."} for b in BLOCS
    ]
    dump_yaml(out / "polities" / "all.yaml", polities)
    places = []
    for c in countries:
        record: dict[str, Any] = {"id": c.id, "names": {"en": c.name}}
        if c.shape is not None:
            record["geometry"] = f"../geometry/{c.id}.geojson"
            write_geometry(out / "geometry" / f"{c.id}.geojson", c.id, c.shape)
        places.append(record)
    dump_yaml(out / "places" / "all.yaml", places)
    rejected: list[str] = []
    for c in countries:
        records = invent_history(c, neighbours[c.id], rng)
        for r in records:
            for e in r["effects"]:
                if e["op"] == "transfer" and e["from"] == BLOCS[0]:
                    rejected.append(r["id"])
        dump_yaml(out / "instruments" / f"{c.id}.yaml", records)
    dump_yaml(
        out / "views" / f"{BLOCS[0]}.yaml",
        {
            "id": BLOCS[0],
            "kind": "polity",
            "polity": BLOCS[0],
            "names": {"en": f"{BLOCS[0].title()}'s view"},
            "description": "Invented: recognizes every instrument except its own losses.",
            "rejects": sorted(set(rejected)),
        },
    )
    dump_yaml(
        out / "views" / "neutral.yaml",
        {
            "id": "neutral",
            "kind": "neutral",
            "names": {"en": "Neutral"},
            "description": "Recognizes a change only when every affected polity agreed to it.",
        },
    )
    dump_yaml(
        out / "sources" / "synthetic.yaml",
        {
            "id": "synthetic",
            "kind": "dataset",
            "title": "Invented histories for benchmarks (scripts/build_world_ledger.py)",
            "note": f"Seed {seed}. Nothing in these histories happened.",
        },
    )
    took = time.perf_counter() - started
    with_geom = sum(c.shape is not None for c in countries)
    print(
        f"wrote {out}: {len(countries)} places ({with_geom} with geometry), "
        f"{len(polities)} polities; overlaps cut: "
        + (", ".join(f"{s} out of {b}" for b, s, _ in cuts) or "none")
        + f"; {took:.1f} s"
    )


def _codes(c: Country) -> dict[str, Any]:
    return {"codes": {"iso3166-numeric": c.iso}} if c.iso else {}


def main(argv: Iterable[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", nargs="?", type=Path, default=DEFAULT_OUT, help="ledger folder")
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="countries-10m.json")
    parser.add_argument("--seed", type=int, default=20260101, help="random seed of the histories")
    parser.add_argument(
        "--only", default=None, help="comma-separated country names (Natural Earth spelling)"
    )
    parser.add_argument("--limit", type=int, default=None, help="the first N countries by id")
    args = parser.parse_args(list(argv) if argv is not None else None)
    if not args.source.is_file():
        print(f"error: {args.source} not found (see ../shared/data/README.md)", file=sys.stderr)
        return 2
    only = {n.strip() for n in args.only.split(",")} if args.only else None
    build(args.out, args.source, args.seed, only, args.limit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
