"""Check an imported world ledger against the data it came from, and write the report.

The three checks of the world import (see docs/import.md), each run on terrachron's own answers
(``Ledger.locate`` and ``Ledger.status``), never on the importer's intermediate results:

1. **Snapshots**: for every snapshot year Y, seeded points on Natural Earth's land; terrachron's
   controller on Y-07-01 against point-in-polygon on the original snapshot (GeoPandas ``sjoin``).
   A point the snapshot covers agrees when terrachron names its holder (for an overlap: one of
   the holders, or no controller). Each disagreement is measured against the snapshot's nearest
   border: within the import's tolerance (snapping grid + sliver width) it is a border effect.
2. **Curated vs imported**: each Japan–Russia place at each snapshot year, the curated ledger's
   controller next to the imported one.
3. **Natural Earth's disputed areas**: controller and claimants today against ``NOTE_BRK``.

Run from the repository root (minutes with the default 10⁶ points)::

    .venv/bin/python scripts/check_world_import.py --out docs/import-checks.md
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

import terrachron
from terrachron.importers.historical_basemaps import holders_of
from terrachron.importers.natural_earth import read_disputed_areas
from terrachron.importers.polities import PolityNames
from terrachron.importers.snapshots import Snapshot, read_snapshots

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "data"
DEFAULT_LEDGER = REPO / "src" / "terrachron" / "data" / "historical-basemaps"
SNAPSHOTS = [SHARED / "historical-basemaps", SHARED / "historical-basemaps" / "yearly-1988-2022"]
LAND = SHARED / "natural-earth" / "ne_10m_land.json"
DISPUTES = SHARED / "natural-earth" / "ne_10m_admin_0_disputed_areas.json"
TOLERANCE = 0.001 + 0.02  # snapping grid + sliver width of the shipped import, degrees
TODAY = "2026-01-01"


@dataclass(frozen=True)
class YearRow:
    year: int
    covered: int
    agree: int
    near_border: int
    far: int
    undrawn: int

    @property
    def share(self) -> float:
        return self.agree / self.covered if self.covered else 1.0


def land_points(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """``n`` points uniform on the sphere's land (Natural Earth 1:10m), from ``seed``."""
    land = shapely.union_all(gpd.read_file(LAND).geometry.values)
    shapely.prepare(land)
    rng = np.random.default_rng(seed)
    xs: list[np.ndarray] = []
    ys: list[np.ndarray] = []
    have = 0
    while have < n:
        lon = rng.uniform(-180, 180, 4 * n)
        lat = np.degrees(np.arcsin(rng.uniform(-1, 1, 4 * n)))
        keep = shapely.contains_xy(land, lon, lat)
        xs.append(lon[keep])
        ys.append(lat[keep])
        have += int(keep.sum())
    return np.concatenate(xs)[:n], np.concatenate(ys)[:n]


def snapshot_holders(snap: Snapshot, lon: np.ndarray, lat: np.ndarray) -> list[frozenset[str]]:
    """For each point, the polities whose polygons in ``snap`` cover it (empty: undrawn)."""
    names = PolityNames()
    # A polygon naming several polities (a joint claim) stands once per polity.
    holders: list[str] = []
    geoms = []
    for f in snap.features:
        for pid in holders_of(f, names, snap.year)[0]:
            holders.append(pid)
            geoms.append(f.geometry)
    polys = gpd.GeoDataFrame({"holder": holders}, geometry=geoms, crs="EPSG:4326")
    pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")
    joined = gpd.sjoin(pts, polys, predicate="within", how="inner")
    out: list[set[str]] = [set() for _ in range(len(lon))]
    for i, h in zip(joined.index.to_numpy(), joined["holder"].to_numpy(), strict=True):
        out[int(i)].add(str(h))
    return [frozenset(s) for s in out]


def check_years(
    ledger: terrachron.Ledger, snaps: Sequence[Snapshot], lon: np.ndarray, lat: np.ndarray
) -> list[YearRow]:
    rows = []
    for snap in snaps:
        truth = snapshot_holders(snap, lon, lat)
        got = ledger.locate(lon, lat, np.full(len(lon), snap.date))
        controller = got["controller"].astype(object).to_numpy()
        covered = np.array([bool(t) for t in truth])
        agree = np.array(
            [
                bool(t)
                and ((len(t) == 1 and c in t) or (len(t) > 1 and (c in t or c is None or c != c)))
                for t, c in zip(truth, controller, strict=True)
            ]
        )
        wrong = np.flatnonzero(covered & ~agree)
        near = 0
        if len(wrong):
            borders = shapely.boundary(np.array([f.geometry for f in snap.features], dtype=object))
            tree = shapely.STRtree(borders)
            _, dist = tree.query_nearest(
                shapely.points(lon[wrong], lat[wrong]), return_distance=True, all_matches=False
            )
            near = int((dist <= TOLERANCE).sum())
        rows.append(
            YearRow(
                snap.year,
                int(covered.sum()),
                int(agree.sum()),
                near,
                len(wrong) - near,
                int((~covered).sum()),
            )
        )
        print(f"{snap.year}: {rows[-1].share:.4%} of {rows[-1].covered} agree", flush=True)
    return rows


def check_curated(
    imported: terrachron.Ledger, curated: terrachron.Ledger, years: Sequence[int]
) -> list[tuple[str, int, str, str]]:
    out = []
    for pid, geom in sorted(curated.geometries.items()):
        point = shapely.point_on_surface(geom)
        for year in years:
            day = f"{year:04d}-07-01"
            mine = curated.status(pid, day).controller
            got = imported.locate([point.x], [point.y], [day])
            theirs = got["controller"].astype(object).iloc[0]
            out.append(
                (pid, year, ", ".join(mine) or "—", theirs if isinstance(theirs, str) else "—")
            )
    return out


def check_disputes(ledger: terrachron.Ledger) -> list[tuple[str, str, str, str, str]]:
    names = PolityNames()
    out = []
    for area in read_disputed_areas(DISPUTES, names):
        point = shapely.point_on_surface(area.geometry)
        got = ledger.locate([point.x], [point.y], [TODAY])
        place = got["place"].astype(object).iloc[0]
        if area.reading is None:
            out.append(
                (area.name, area.note or "(empty)", "—", "—", f"exception: {area.exception}")
            )
            continue
        expected_claims = set(area.reading.claimants) | {
            p for p in (area.reading.lessor, area.reading.admin) if p
        }
        if area.reading.lessor:
            expected_claims.discard(area.reading.admin or "")
        if not isinstance(place, str):
            out.append((area.name, area.note, "—", "—", "no place at the area's point"))
            continue
        status = ledger.status(place, TODAY)
        ctrl = ", ".join(status.controller) or "—"
        claims = ", ".join(status.claimants) or "—"
        ok = (ctrl == (area.reading.admin or "—")) and set(status.claimants) == expected_claims
        out.append((area.name, area.note, ctrl, claims, "agrees" if ok else "DIFFERS"))
    return out


def render(
    years: list[YearRow],
    curated: list[tuple[str, int, str, str]],
    disputes: list[tuple[str, str, str, str, str]],
    n: int,
    seed: int,
    seconds: float,
) -> str:
    lines = [
        "# The world import, checked against its sources",
        "",
        "Written by `scripts/check_world_import.py` "
        f"({n:,} seeded land points, seed {seed}, {seconds:.0f} s). Do not edit by hand.",
        "",
        "## 1. terrachron's answer on Y-07-01 against each snapshot",
        "",
        f"Points the snapshot covers; a disagreement within {TOLERANCE:g}° of one of the "
        "snapshot's borders is a border effect of snapping and sliver merging.",
        "",
        "| year | covered points | agree | share | disagree near a border | disagree elsewhere "
        "| not drawn by the snapshot |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in years:
        lines.append(
            f"| {r.year} | {r.covered:,} | {r.agree:,} | {r.share:.3%} | {r.near_border:,} "
            f"| {r.far:,} | {r.undrawn:,} |"
        )
    lines += [
        "",
        "## 2. The curated Japan–Russia ledger next to the import (de facto controller)",
        "",
        "| place | year | curated | imported | |",
        "|---|---|---|---|---|",
    ]
    for pid, year, mine, theirs in curated:
        lines.append(f"| {pid} | {year} | {mine} | {theirs} | {'' if mine == theirs else '≠'} |")
    lines += [
        "",
        "## 3. Natural Earth's disputed areas today",
        "",
        "| area | NOTE_BRK | controller | claimants | |",
        "|---|---|---|---|---|",
    ]
    for row in disputes:
        lines.append("| " + " | ".join(s.replace("|", "/") for s in row) + " |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ledger", type=Path, default=DEFAULT_LEDGER)
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=20261206)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    started = time.perf_counter()
    ledger = terrachron.open_ledger(args.ledger)
    snaps, _ = read_snapshots(SNAPSHOTS)
    lon, lat = land_points(args.points, args.seed)
    years = check_years(ledger, snaps, lon, lat)
    curated = check_curated(ledger, terrachron.open_ledger(), [s.year for s in snaps])
    disputes = check_disputes(ledger)
    text = render(years, curated, disputes, args.points, args.seed, time.perf_counter() - started)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
        print(f"wrote {args.out}")
    else:
        print(text)


if __name__ == "__main__":
    main()
