"""World-scale ledger benchmark: open (cold, warm), ``status`` median, every place's status.

Usage (from the repository root)::

    .venv/bin/python bench/world.py                 # synthetic: 20 000 places, 100 000 effects
    .venv/bin/python bench/world.py --places 2000 --effects 10000
    .venv/bin/python bench/world.py path/to/ledger  # any ledger folder, e.g. a merged world

Without a path, a synthetic ledger is written once to ``bench/.data/world-grid-<P>-<E>``
(git-ignored): places are cells of a lon/lat grid over the world (``tables/places.parquet``),
held by 200 invented polities, each changing hands between invented snapshot years with EDTF
interval dates and collecting claims, all in ``tables/effects.parquet``: the shape an importer
writes. The history is fiction from a fixed seed. (A grid, not the countries of
``scripts/build_world_ledger.py``: those are ~250 places, two orders short of the target scale.)

What it prints, each beside the obvious alternative measured in the same run:

* open cold (no compiled cache) and warm (cache hit), with the cache in a temporary folder; the
  warm open is the median of ``--warm-runs`` opens (wall and CPU time), each followed by the
  first ``status`` it answers (what a command line pays after opening); ``--open-only`` stops
  after these figures;
* ``status`` of one place on one day, in-process median over many calls (timelines built),
  against folding the place's steps directly (``Ledger.derive``);
* the status of every place on one day (``statuses``), against the per-place scan of every step
  that ``Folder.relevant`` does (timed on a sample of places and scaled up: the full scan takes
  hours at this size).
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from shapely.geometry import box

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "bench" / ".data"


def build_grid_ledger(out: Path, places: int, effects: int, seed: int = 20260101) -> Path:
    """Write the synthetic grid ledger (tables for places and effects, YAML for the rest)."""
    from terrachron.ledger.tables import (
        EffectRow,
        PlaceRow,
        write_effects_table,
        write_places_table,
    )

    if (out / "tables" / "effects.parquet").is_file():
        return out
    rng = random.Random(seed)
    cols = int((places * 2) ** 0.5)
    rows = -(-places // cols)
    width, height = 360 / cols, 170 / rows
    cells = []
    for n in range(places):
        i, j = n % cols, n // cols
        x0, y0 = -180 + i * width, -85 + j * height
        cells.append(PlaceRow(f"cell-{n:06d}", f"Cell {n}", box(x0, y0, x0 + width, y0 + height)))
    polities = [f"polity-{k:03d}" for k in range(200)]
    years = list(range(1783, 2023, 8))
    (out / "polities").mkdir(parents=True, exist_ok=True)
    (out / "instruments").mkdir(exist_ok=True)
    (out / "sources").mkdir(exist_ok=True)
    (out / "ledger.yaml").write_text(
        f"id: world-grid\ntitle: Synthetic world grid ({places} places, {effects} effects)\n"
        "coverage: the whole world, in invented grid cells\n",
        encoding="utf-8",
    )
    (out / "polities" / "all.yaml").write_text(
        "".join(
            f"- {{id: {p}, names: {{en: Polity {p[-3:]}}}, lifespan: '../..'}}\n" for p in polities
        ),
        encoding="utf-8",
    )
    (out / "sources" / "all.yaml").write_text(
        "- {id: synthetic, kind: dataset, title: Invented snapshots for the benchmark}\n",
        encoding="utf-8",
    )
    inst = [
        f"- {{id: snapshot-{years[0]}, kind: other, title: First snapshot, date: '{years[0]}', "
        "summary: Invented first holders., sources: [{source: synthetic}]}\n"
    ]
    for a, b in itertools.pairwise(years):
        inst.append(
            f"- {{id: change-{a}-{b}, kind: other, title: Changes {a} to {b}, date: '{a}/{b}', "
            "summary: Invented changes between two snapshots., sources: [{source: synthetic}]}\n"
        )
    (out / "instruments" / "all.yaml").write_text("".join(inst), encoding="utf-8")
    spans = list(itertools.pairwise(years))
    out_rows = []
    events: dict[str, int] = {}
    for _ in range(max(0, effects - places)):
        cell = rng.choice(cells).id
        if events.get(cell, 0) < len(spans):
            events[cell] = events.get(cell, 0) + 1
    for cell in cells:
        holder = rng.choice(polities)
        out_rows.append(EffectRow(f"snapshot-{years[0]}", "establish", cell.id, to=holder))
        # one event per span at most: two transfers on the same dates would contradict
        for a, b in sorted(rng.sample(spans, events.get(cell.id, 0))):
            if rng.random() < 0.2:
                out_rows.append(
                    EffectRow(f"change-{a}-{b}", "claim", cell.id, by=rng.choice(polities))
                )
                continue
            new = rng.choice([p for p in polities if p != holder])
            out_rows.append(EffectRow(f"change-{a}-{b}", "transfer", cell.id, from_=holder, to=new))
            holder = new
    write_places_table(out, cells)
    write_effects_table(out, out_rows)
    return out


def _timed(fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    value = fn(*args, **kwargs)
    return value, time.perf_counter() - start


def _warm_opens(path: Path, runs: int, place: str, day: str) -> tuple[float, float, float, float]:
    """Medians over ``runs`` warm opens: (open wall, open CPU, first status wall, its CPU)."""
    import terrachron

    opened: list[tuple[float, float, float, float]] = []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        ledger = terrachron.open_ledger(path)
        wall2, cpu2 = time.perf_counter(), time.process_time()
        ledger.status(place, day)
        opened.append(
            (wall2 - wall, cpu2 - cpu, time.perf_counter() - wall2, time.process_time() - cpu2)
        )
    return tuple(statistics.median(column) for column in zip(*opened, strict=True))  # type: ignore[return-value]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ledger", nargs="?", type=Path, help="a ledger folder (default: synthetic)")
    parser.add_argument("--places", type=int, default=20_000)
    parser.add_argument("--effects", type=int, default=100_000)
    parser.add_argument("--date", default="1950-07-01")
    parser.add_argument("--status-calls", type=int, default=20_000)
    parser.add_argument("--warm-runs", type=int, default=5, help="warm opens timed (median)")
    parser.add_argument("--open-only", action="store_true", help="stop after the open figures")
    args = parser.parse_args(argv)
    # The machine may be shared: every figure is read beside the load it ran under.
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    path = args.ledger or build_grid_ledger(
        DATA / f"world-grid-{args.places}-{args.effects}", args.places, args.effects
    )
    with tempfile.TemporaryDirectory() as cache:
        os.environ["XDG_CACHE_HOME"] = cache
        import terrachron
        from terrachron.engine.fold import Folder, StepIndex

        cold_cpu = time.process_time()
        ledger, cold = _timed(terrachron.open_ledger, path)
        cold_cpu = time.process_time() - cold_cpu
        probe_place = sorted(ledger.places)[0]
        warm, warm_cpu, first, first_cpu = _warm_opens(
            path, max(1, args.warm_runs), probe_place, args.date
        )
        _, uncached = _timed(terrachron.open_ledger, path, cache=False)
    n_places = len(ledger.places)
    n_effects = sum(len(i.effects) for i in ledger.instruments.values())
    print(f"ledger {path}: {n_places} places, {n_effects} effects")
    # CPU time beside the wall time: on a shared machine it is the steadier figure.
    print(f"open cold (builds the cache)    {cold:8.2f} s   target <= 15 s; CPU {cold_cpu:.2f} s")
    print(
        f"open warm (cache hit)           {warm:8.2f} s   target <= 1 s; CPU {warm_cpu:.2f} s "
        f"(median of {max(1, args.warm_runs)})"
    )
    print(f"first status after a warm open  {first:8.2f} s   CPU {first_cpu:.2f} s ({probe_place})")
    print(f"open without the cache          {uncached:8.2f} s   ratio {uncached / warm:6.1f}x")
    print(f"load average after the opens: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if args.open_only:
        return 0

    ids = sorted(ledger.places)
    rng = random.Random(7)
    sample = [rng.choice(ids) for _ in range(args.status_calls)]
    for pid in set(sample):
        ledger.status(pid, args.date)  # build the timelines first: queries answer from them
    times = []
    for pid in sample:
        start = time.perf_counter_ns()
        ledger.status(pid, args.date)
        times.append(time.perf_counter_ns() - start)
    status_us = statistics.median(times) / 1e3
    # The same places, each on a date not asked before: no answer is reused, only the timelines
    # and the chains of the stretch of days the date falls in.
    base = date.fromisoformat(args.date)
    fresh_times = []
    for k, pid in enumerate(sample):
        day = (base + timedelta(days=1 + k % 300)).isoformat()
        start = time.perf_counter_ns()
        ledger.status(pid, day)
        fresh_times.append(time.perf_counter_ns() - start)
    fresh_us = statistics.median(fresh_times) / 1e3
    derive = []
    for pid in sample[:2000]:
        start = time.perf_counter_ns()
        ledger.derive(pid, args.date)
        derive.append(time.perf_counter_ns() - start)
    derive_us = statistics.median(derive) / 1e3
    print(
        f"status median (in-process)      {status_us:8.1f} µs  target <= 50 µs; "
        f"direct fold {derive_us:.1f} µs ({derive_us / status_us:.1f}x)"
    )
    print(
        f"status median, a new date each  {fresh_us:8.1f} µs  (no answer reused; "
        f"direct fold {derive_us / fresh_us:.1f}x slower)"
    )

    fresh = terrachron.open_ledger(path)
    _, every = _timed(fresh.statuses, args.date)
    print(f"status of every place, cold     {every:8.2f} s   (builds every place's timeline)")
    _, again = _timed(fresh.statuses, args.date)
    print(f"status of every place, again    {again:8.2f} s")

    steps = fresh._steps
    index, indexed = _timed(StepIndex.build, steps, fresh._readings, fresh._groups)
    _, lookup = _timed(lambda: [index.for_place(p) for p in ids])
    probe = ids[:: max(1, len(ids) // 20)][:20]
    scan_start = time.perf_counter()
    for pid in probe:
        Folder(pid, fresh._readings, fresh._groups, fresh._parties).relevant(steps)
    scan = (time.perf_counter() - scan_start) / len(probe) * len(ids)
    print(
        f"steps of every place: index     {indexed + lookup:8.2f} s   per-place scan of every "
        f"step {scan:.0f} s (estimated from {len(probe)} places; {scan / (indexed + lookup):.0f}x)"
    )
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
