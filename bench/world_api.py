"""The world in the API and on the command line: search, point batches, disputes, periods.

Usage (from the repository root)::

    .venv/bin/python bench/world_api.py            # the shipped world ledger
    .venv/bin/python bench/world_api.py path/to/ledger

Each figure beside the obvious alternative, measured in the same run, and their ratio:

* ``/api/search``: the prefix index (built once per ledger) against scanning every folded name
  of every record for each query, as ``/api/places?q=`` does;
* ``POST /api/locate`` with 100 000 points against one ``GET /api/locate`` per point (timed on
  a sample of points and scaled up);
* ``terrachron periods`` (every place's maximal periods, from the timelines) against the
  obvious way to get the same table from the existing API: the status of every place once a
  year (timed on a sample of years and scaled to the ledger's span; it still only resolves
  years, where the periods are exact to the day);
* ``GET /api/disputes`` worldwide, on its own (first and repeated call).
"""

from __future__ import annotations

import argparse
import statistics
import time
from importlib import resources
from pathlib import Path

import numpy as np

WORLD = Path(str(resources.files("terrachron") / "data")) / "world"
QUERIES = ["fran", "japan", "Итур", "択捉", "sakh", "united", "ottoman", "germ", "s", "k"]


def _ms(seconds: float) -> str:
    return f"{seconds * 1e3:,.2f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("ledger", nargs="?", type=Path, default=WORLD)
    parser.add_argument("--points", type=int, default=100_000)
    parser.add_argument("--sample-gets", type=int, default=200)
    parser.add_argument("--sample-years", type=int, default=4)
    args = parser.parse_args()

    from fastapi.testclient import TestClient

    import terrachron
    from terrachron.api import create_app
    from terrachron.gazetteer import fold_name
    from terrachron.io.periods import periods_frame
    from terrachron.search import SearchIndex

    t = time.perf_counter()
    ledger = terrachron.open_ledger(args.ledger)
    print(f"ledger {ledger.id}: {len(ledger.places):,} places, {len(ledger.polities):,} polities")
    print(f"open: {time.perf_counter() - t:.1f} s")

    # -- search ------------------------------------------------------------------------------
    t = time.perf_counter()
    index = SearchIndex(ledger)
    print(f"search index: {len(index):,} names, built in {_ms(time.perf_counter() - t)}")
    records = [*ledger.places.values(), *ledger.groups.values(), *ledger.polities.values()]
    folded = [(r.id, [fold_name(n) for n in (r.id, *r.all_names())]) for r in records]

    def scan(q: str) -> list[str]:
        key = fold_name(q)
        return [rid for rid, names in folded if any(key in n for n in names)]

    index.search("fran")
    for rec in ledger.polities:  # polity boxes: built once, with the de-facto timetable
        index.bbox("polity", rec)
        break
    t = time.perf_counter()
    index.search("fran")  # the first polity hit builds the boxes; not counted below
    print(f"search, first call with a polity (builds the boxes): {_ms(time.perf_counter() - t)}")
    fast = []
    slow = []
    for q in QUERIES * 5:
        t = time.perf_counter()
        index.search(q, 20)
        fast.append(time.perf_counter() - t)
        t = time.perf_counter()
        scan(q)
        slow.append(time.perf_counter() - t)
    f, s = statistics.median(fast), statistics.median(slow)
    print(f"search median: index {_ms(f)}, scan of every name {_ms(s)}: {s / f:,.0f}x faster")

    # -- locate over HTTP --------------------------------------------------------------------
    client = TestClient(create_app(ledger))
    rng = np.random.default_rng(7)
    n = args.points
    lon = np.round(rng.uniform(-10, 40, n), 5)
    lat = np.round(rng.uniform(35, 60, n), 5)
    years = rng.integers(1800, 2020, n)
    points = [
        {"lon": float(x), "lat": float(y), "date": f"{int(d)}-07-01"}
        for x, y, d in zip(lon, lat, years, strict=True)
    ]
    client.post("/api/locate", json={"points": points[:10]})  # the locator, built once
    t = time.perf_counter()
    r = client.post("/api/locate", json={"points": points})
    batch = time.perf_counter() - t
    assert r.status_code == 200, r.text
    t = time.perf_counter()
    r = client.post(
        "/api/locate",
        json={"points": points},
        headers={"accept": "text/csv"},
    )
    batch_csv = time.perf_counter() - t
    k = args.sample_gets
    t = time.perf_counter()
    for p in points[:k]:
        client.get("/api/locate", params=p)
    per_get = (time.perf_counter() - t) / k
    print(
        f"POST /api/locate, {n:,} points: {batch:.2f} s as JSON, {batch_csv:.2f} s as CSV; "
        f"one GET per point: {_ms(per_get)} each, {per_get * n:,.0f} s for all "
        f"(from {k}): {per_get * n / batch:,.0f}x faster as a batch"
    )

    # -- disputes ----------------------------------------------------------------------------
    for label in ("first", "repeated"):
        t = time.perf_counter()
        r = client.get("/api/disputes", params={"date": "2000-01-01", "view": "de-facto"})
        print(
            f"GET /api/disputes 2000-01-01 ({label}): {len(r.json())} places, "
            f"{time.perf_counter() - t:.2f} s"
        )

    # -- periods -----------------------------------------------------------------------------
    # Each on a freshly opened ledger: no timeline built by what ran above.
    fresh = terrachron.open_ledger(args.ledger)
    t = time.perf_counter()
    frame = periods_frame(fresh, "de-facto")
    took = time.perf_counter() - t
    other = terrachron.open_ledger(args.ledger)
    sample = [1800, 1900, 1950, 2000][: args.sample_years]
    t = time.perf_counter()
    for year in sample:
        other.statuses(f"{year}-07-01", "de-facto")
    per_year = (time.perf_counter() - t) / len(sample)
    span = 2022 - 1783 + 1
    print(
        f"periods: {len(frame):,} periods of {frame['place'].nunique():,} places in {took:.1f} s; "
        f"every place once a year instead, {span} years: {per_year:.2f} s a year, "
        f"{per_year * span:,.0f} s (from {len(sample)} years): {per_year * span / took:,.1f}x "
        "faster, and exact to the day"
    )


if __name__ == "__main__":
    main()
