"""Record the shipped world's answers, to compare them byte for byte before and after a change.

Usage (from the repository root; run once on the old code, once on the new, then ``cmp`` or
``diff -r`` the two folders)::

    .venv/bin/python bench/world_answers.py OUT [--ledger src/terrachron/data/world]

It writes ``sample.txt`` (``status`` and ``explain`` JSON for 60 places on two dates each, and
their ``timeline`` JSON: 12 windowed places, 18 of their pieces, 15 curated and 15 imported
places, chosen by a fixed seed), ``locate.csv`` (20,000 seeded points on seeded days
1783–2022), ``warnings.json`` and ``summary.json`` (a digest of the status of every place and
group on five days, the WKB of every geometry, the place list and the content hash). The
JSON is written as the command line's ``--json`` writes it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import time
from pathlib import Path
from typing import Any

import numpy as np
import shapely

import terrachron
from terrachron.results import timeline_dict


def _dump(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--ledger", type=Path, default=Path("src/terrachron/data/world"))
    args = parser.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    t, c0 = time.perf_counter(), time.process_time()
    ledger = terrachron.open_ledger(args.ledger)
    print(f"open wall {time.perf_counter() - t:.2f} s, CPU {time.process_time() - c0:.2f} s")
    f = ledger.files
    places = sorted(ledger.places)
    groups = sorted(ledger.groups)
    ends = f.windows.ends
    windowed = sorted(ends)
    pieces = sorted({p for _, ps in ends.values() for p in ps})
    rng = random.Random(20261207)
    sample: list[str] = []
    sample += rng.sample(windowed, min(12, len(windowed)))
    sample += rng.sample(pieces, min(18, len(pieces)))
    curated = [
        p
        for p in places
        if f.ledger_of.get(("places", p)) != "historical-basemaps" and p not in pieces
    ]
    sample += rng.sample(curated, 15)
    imported = [
        p
        for p in places
        if f.ledger_of.get(("places", p)) == "historical-basemaps" and p not in pieces
    ]
    sample += rng.sample(imported, 60 - len(sample))
    dates = [
        "1800-01-01",
        "1880-06-30",
        "1914-07-28",
        "1920-01-10",
        "1938-09-30",
        "1941-06-22",
        "1943-07-01",
        "1945-05-08",
        "1945-09-02",
        "1950-01-01",
        "1960-07-01",
        "1991-12-26",
        "2014-03-18",
        "2022-01-01",
    ]
    lines = []
    for i, pid in enumerate(sample):
        d = dates[i % len(dates)]
        d2 = dates[(i * 5 + 3) % len(dates)]
        for dd in (d, d2):
            for name, fn in (("status", ledger.status), ("explain", ledger.explain)):
                try:
                    s = _dump(fn(pid, dd).to_dict())
                except terrachron.TerrachronError as e:
                    s = f"ERROR {type(e).__name__}: {e}\n"
                lines.append(f"== {name} {pid} {dd}\n{s}")
        try:
            s = _dump(timeline_dict(ledger.timeline(pid)))
        except terrachron.TerrachronError as e:
            s = f"ERROR {type(e).__name__}: {e}\n"
        lines.append(f"== timeline {pid}\n{s}")
    (out / "sample.txt").write_text("".join(lines), encoding="utf-8")
    # Every place and group on five days, hashed: a change anywhere shows.
    h = hashlib.sha256()
    for d in ("1815-06-09", "1914-01-01", "1939-09-01", "1944-06-06", "2000-01-01"):
        for pid in places + groups:
            try:
                h.update(_dump(ledger.status(pid, d).to_dict()).encode())
            except terrachron.TerrachronError as e:
                h.update(f"ERROR {e}".encode())
    sweep = h.hexdigest()
    g = hashlib.sha256()
    geoms = ledger.geometries
    for pid in sorted(geoms):
        g.update(pid.encode() + b"\0" + shapely.to_wkb(geoms[pid]) + b"\0")
    gnorm = hashlib.sha256()
    for pid in sorted(geoms):
        gnorm.update(pid.encode() + b"\0" + shapely.to_wkb(shapely.normalize(geoms[pid])) + b"\0")
    r = np.random.default_rng(7)
    n = 20000
    lon = r.uniform(-180, 180, n)
    lat = r.uniform(-60, 80, n)
    days = r.integers(
        np.datetime64("1783-01-01").astype(int), np.datetime64("2022-12-31").astype(int), n
    )
    dt = days.astype("datetime64[D]")
    df = ledger.locate(lon, lat, dt, threads=1)
    df.to_csv(out / "locate.csv", index=False)
    warn = [p.to_dict() for p in ledger.warnings]
    (out / "warnings.json").write_text(_dump(warn), encoding="utf-8")
    summary = {
        "places": len(places),
        "groups": len(groups),
        "windowed": len(windowed),
        "pieces": len(pieces),
        "sweep": sweep,
        "geom_wkb": g.hexdigest(),
        "geom_norm": gnorm.hexdigest(),
        "content_hash": ledger.content_hash,
        "sample": sample,
        "placelist": hashlib.sha256("\n".join(places + groups).encode()).hexdigest(),
    }
    (out / "summary.json").write_text(_dump(summary), encoding="utf-8")
    print(json.dumps({k: v for k, v in summary.items() if k != "sample"}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
