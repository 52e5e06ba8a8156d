"""Peak memory of ``terrachron locate`` on CSV files of 1, 5 and 20 million rows.

``locate`` reads, locates and writes one chunk at a time, so its peak memory should not depend on
the file's size. This runs the real command (a subprocess, as a user runs it) on seeded files of
each size and samples its resident memory every 10 ms; the figure is the peak above the same
command's peak on a one-row file (the interpreter, the ledger, the compiled kernel and the index),
so what remains is what the rows cost.

That is compared with the chunk's arrays: the bytes of one chunk's input lines, of the parsed
columns and of the located result frame, measured in this process on the file's first chunk.
The target is a ratio of at most 2, whatever the file's size. The obvious alternative, reading
the whole file with pandas and locating it at once (``read_csv`` + ``locate_frame`` +
``to_csv``), runs in the same way on the sizes given with ``--whole-upto`` (its memory grows
with the file, so it is skipped above that).

Run::

    .venv/bin/python bench/locate_memory.py                    # 1, 5, 20 M rows
    .venv/bin/python bench/locate_memory.py --rows 1e6,5e6 --chunk-rows 200000
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import psutil
import pyarrow as pa
import pyarrow.csv as pacsv

import terrachron

ROOT = Path(__file__).resolve().parents[1]
EXE = Path(sys.executable).parent / "terrachron"
MINI = ROOT / "tests" / "data" / "ledgers" / "mini"

WHOLE = """
import sys, pandas as pd, terrachron
df = pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False)
loc = terrachron.open_ledger(sys.argv[3]).locator()
res = loc.locate(pd.to_numeric(df["lon"], errors="coerce"),
                 pd.to_numeric(df["lat"], errors="coerce"), df["when"])
df.join(res).to_csv(sys.argv[2], index=False)
"""


def write_points(path: Path, rows: int, seed: int = 15) -> None:
    """``rows`` seeded points around the mini ledger's places, dated 1840-2000, with an id."""
    rng = np.random.default_rng(seed)
    step = 1_000_000
    names = ["id", "lon", "lat", "when", "note"]
    schema = pa.schema([pa.field(n, pa.string()) for n in names])
    opts = pacsv.WriteOptions(quoting_style="none")
    with pacsv.CSVWriter(str(path), schema, write_options=opts) as writer:
        for start in range(0, rows, step):
            n = min(step, rows - start)
            days = (np.datetime64("1840-01-01") + rng.integers(0, 58_000, n)).astype(
                "datetime64[D]"
            )
            table = pa.table(
                {
                    "id": pa.array(np.arange(start, start + n).astype(str)),
                    "lon": pa.array(np.round(rng.uniform(9.5, 11.5, n), 5).astype(str)),
                    "lat": pa.array(np.round(rng.uniform(-1.5, 2.5, n), 5).astype(str)),
                    "when": pa.array(days.astype(str)),
                    "note": pa.array(np.where(rng.random(n) < 0.1, "NA", "ok")),
                },
                schema=schema,
            )
            writer.write_table(table)


def peak_rss(args: list[str]) -> tuple[int, float]:
    """Peak resident bytes of a command (sampled every 10 ms), and its wall time."""
    started = time.perf_counter()
    proc = psutil.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while proc.poll() is None:
        try:
            peak = max(peak, proc.memory_info().rss)
        except psutil.NoSuchProcess:
            break
        time.sleep(0.01)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{err}")
    return peak, time.perf_counter() - started


def chunk_arrays(path: Path, chunk_rows: int) -> int:
    """Bytes of one chunk's lines, parsed columns and result frame (the first chunk)."""
    with path.open("rb") as fh:
        fh.readline()
        lines = [fh.readline() for _ in range(chunk_rows)]
    raw = sum(len(line) for line in lines) + 33 * len(lines)  # bytes objects' headers
    table = pacsv.read_csv(
        pa.BufferReader(b"id,lon,lat,when,note\n" + b"".join(lines)),
        convert_options=pacsv.ConvertOptions(
            column_types={n: pa.string() for n in ("id", "lon", "lat", "when", "note")}
        ),
    )
    lon = table["lon"].to_numpy().astype(float)
    lat = table["lat"].to_numpy().astype(float)
    frame = terrachron.open_ledger(MINI).locator().locate(lon, lat, table["when"])
    return int(raw + table.nbytes + lon.nbytes + lat.nbytes + frame.memory_usage(deep=True).sum())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default="1e6,5e6,2e7", help="comma-separated row counts")
    parser.add_argument("--chunk-rows", type=int, default=500_000)
    parser.add_argument("--whole-upto", type=float, default=5e6, help="largest size for pandas")
    args = parser.parse_args()
    sizes = [int(float(s)) for s in args.rows.split(",")]
    mb = 1 << 20
    print(f"load average before: {os.getloadavg()}; chunk rows {args.chunk_rows:,}")
    # Under bench/.data (ignored by git): the inputs are large and made again on each run.
    (ROOT / "bench" / ".data").mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=ROOT / "bench" / ".data") as tmp:
        folder = Path(tmp)
        os.environ["TERRACHRON_CACHE"] = str(folder / "cache")

        def locate(src: Path) -> list[str]:
            out = folder / "out.csv"
            columns = ["--lon", "lon", "--lat", "lat", "--date", "when"]
            tail = ["-l", str(MINI), "-q", "--chunk-rows", str(args.chunk_rows)]
            return [str(EXE), "locate", str(src), *columns, "-o", str(out), *tail]

        tiny = folder / "one.csv"
        write_points(tiny, 1)
        peak_rss(locate(tiny))  # fills the index and kernel caches
        base, _ = peak_rss(locate(tiny))
        whole_base, _ = peak_rss(
            [sys.executable, "-c", WHOLE, str(tiny), str(folder / "w.csv"), str(MINI)]
        )
        print(f"baseline (one row): locate {base / mb:.0f} MB, pandas {whole_base / mb:.0f} MB")
        rows_line = (
            "| rows | file MB | chunk's arrays MB | locate peak above baseline MB | ratio | s |"
        )
        print(rows_line + " pandas whole file above baseline MB |")
        print("|---:|---:|---:|---:|---:|---:|---:|")
        arrays: int | None = None
        for rows in sizes:
            src = folder / f"p{rows}.csv"
            write_points(src, rows)
            if arrays is None:
                arrays = chunk_arrays(src, min(args.chunk_rows, rows))
            peak, took = peak_rss(locate(src))
            whole = "skipped"
            if rows <= args.whole_upto:
                wpeak, _ = peak_rss(
                    [sys.executable, "-c", WHOLE, str(src), str(folder / "w.csv"), str(MINI)]
                )
                whole = f"{(wpeak - whole_base) / mb:,.0f}"
            above = peak - base
            print(
                f"| {rows:,} | {src.stat().st_size / mb:,.0f} | {arrays / mb:,.0f} | "
                f"{above / mb:,.0f} | {above / arrays:.2f} | {took:.0f} | {whole} |",
                flush=True,
            )
            src.unlink()
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
