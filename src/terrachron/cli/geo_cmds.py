"""Geographic commands: locate (a file of dated points), periods (every place's) and area."""

from __future__ import annotations

import contextlib
import json
import signal
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import (
    BarColumn,
    DownloadColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from terrachron.cli.common import (
    JsonOpt,
    LedgerOpt,
    ViewOpt,
    console,
    err_console,
    handles_errors,
    load,
)
from terrachron.errors import QueryError


@handles_errors
def locate(
    source: Annotated[Path, typer.Argument(help="CSV or Parquet file of dated points.")],
    lon: Annotated[str, typer.Option("--lon", help="Longitude column (WGS84 degrees).")],
    lat: Annotated[str, typer.Option("--lat", help="Latitude column (WGS84 degrees).")],
    date: Annotated[str, typer.Option("--date", help="Date column (ISO day or EDTF).")],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="CSV or Parquet file to write; - (or none): CSV on standard output.",
        ),
    ] = None,
    view: ViewOpt = "de-facto",
    in_format: Annotated[
        str | None, typer.Option("--input-format", help="csv or parquet (default: suffix).")
    ] = None,
    out_format: Annotated[
        str | None, typer.Option("--format", "-f", help="csv or parquet (default: suffix).")
    ] = None,
    chunk_rows: Annotated[
        int, typer.Option("--chunk-rows", min=1, help="Rows per chunk (memory use).")
    ] = 500_000,
    prefix: Annotated[
        str, typer.Option("--prefix", help="Put before each result column's name.")
    ] = "",
    max_distance_km: Annotated[
        float | None,
        typer.Option(
            "--max-distance-km",
            help="Give a point in no place the nearest place within this geodesic distance "
            "(0-100 km); adds the column snapped_km.",
        ),
    ] = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict", help="Stop at a malformed CSV line instead of writing it as a problem row."
        ),
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    json_out: JsonOpt = False,
    ledger: LedgerOpt = None,
) -> None:
    """Which place, and who held it, for every row of SOURCE, written with the input.

    Rows are read, located and written in chunks, so the file may be larger than memory. The
    result columns are place, controller, title, status, disputed, uncertain and problem (an
    input defect, or at-sea / outside-coverage for a point in no place). A file given with -o
    appears only once complete: an interrupted or failed run leaves nothing under its name.
    Without -o, or with -o -, the rows go to standard output as CSV (quoted only where
    needed), and the progress and the summary to standard error.
    """
    from terrachron.geo.snap import check_distance
    from terrachron.io.stream import TableFormat, locate_file, table_format

    check_distance(max_distance_km)  # refuse a bad value before the ledger is even read
    to_stdout = output is None or str(output) == "-"
    if to_stdout and out_format not in (None, "csv"):
        raise QueryError(
            f"standard output takes CSV only, not {out_format}; write {out_format} to a file "
            f"with -o NAME.{out_format}",
            parameter="output",
        )
    started = time.perf_counter()
    led = load(ledger)
    locator = led.locator(view)
    src_fmt = table_format(source, in_format)
    by_bytes = src_fmt is TableFormat.csv
    columns = [TextColumn("locating"), BarColumn()]
    columns += [DownloadColumn()] if by_bytes else [MofNCompleteColumn()]
    columns += [TimeElapsedColumn(), TimeRemainingColumn()]
    with (
        _terminate_as_interrupt(),
        Progress(*columns, console=err_console, disable=quiet, transient=False) as bar,
    ):
        task = bar.add_task("locate", total=None)

        def advance(step: int, total: int | None) -> None:
            bar.update(task, advance=step, total=total)

        summary = locate_file(
            locator,
            source,
            sys.stdout.buffer if to_stdout or output is None else output,
            lon=lon,
            lat=lat,
            date=date,
            in_format=in_format,
            out_format=out_format,
            chunk_rows=chunk_rows,
            prefix=prefix,
            strict=strict,
            progress=advance,
            max_distance_km=max_distance_km,
        )
    if to_stdout:
        sys.stdout.flush()
    took = time.perf_counter() - started
    shown = "-" if to_stdout else str(output)
    if json_out:
        data = {**summary.to_dict(), "output": shown, "view": view, "seconds": took}
        # The rows own standard output when they are written there.
        (sys.stderr if to_stdout else sys.stdout).write(json.dumps(data) + "\n")
        return
    snapped = f" ({summary.snapped:,} snapped)" if max_distance_km is not None else ""
    (err_console if to_stdout else console).print(
        f"{summary.rows:,} rows: {summary.located:,} located{snapped}, "
        f"{summary.outside:,} outside every place ({summary.at_sea:,} at sea, "
        f"{summary.outside_coverage:,} on land outside coverage), "
        f"{summary.problems:,} with problems (view {view}; {took:.1f} s) → {shown}",
        markup=False,
        soft_wrap=True,
    )


@contextlib.contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """Let SIGTERM unwind like Ctrl-C, so that the partial output is removed on the way out."""

    def stop(signum: int, _frame: object) -> None:
        raise KeyboardInterrupt(f"signal {signum}")

    try:
        previous = signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread (an embedding app): leave its signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@handles_errors
def area(
    place: Annotated[str | None, typer.Argument(help="Place id or name.")] = None,
    polity: Annotated[
        str | None, typer.Option("--polity", help="Area held by this polity instead.")
    ] = None,
    date: Annotated[str | None, typer.Option("--date", help="EDTF date (with --polity).")] = None,
    view: ViewOpt = "de-facto",
    json_out: JsonOpt = False,
    ledger: LedgerOpt = None,
) -> None:
    """Geodesic area (km²) of PLACE, or of what --polity holds on --date under --view."""
    led = load(ledger)
    km2 = led.area(place, polity=polity, date=date, view=view)
    what = place if place is not None else f"{polity} on {date}, view {view}"
    if json_out:
        sys.stdout.write(json.dumps({"what": what, "area_km2": km2}) + "\n")
        return
    console.print(f"{what}: {km2:,.1f} km²", markup=False)


@handles_errors
def periods(
    view: ViewOpt = "de-facto",
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="csv, gpkg or parquet (default: from -o's suffix; csv on standard output).",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="File to write; - (or none): CSV on standard output."),
    ] = None,
    ledger: LedgerOpt = None,
) -> None:
    """Every place's periods under --view, as one table (for QGIS, R, pandas).

    One row per maximal period of each place: start and end (real dates; empty when open),
    the step that opened it with its EDTF date and precision, controller, title, claimants,
    status, the disputed / occupied / uncertain flags, and the ISO 3166, COW and GW codes of
    the controller and the title holder where the ledger has them. GeoPackage and GeoParquet
    hold each place's geometry too: QGIS's Temporal Controller reads start and end as
    separate date fields. The file appears only once complete.
    """
    from terrachron.io.periods import write_periods

    started = time.perf_counter()
    to_stdout = output is None or str(output) == "-"
    led = load(ledger)
    if to_stdout:
        rows = write_periods(led, sys.stdout, fmt, view=view)
    else:
        assert output is not None
        rows = write_periods(led, output, fmt, view=view)
    took = time.perf_counter() - started
    (err_console if to_stdout else console).print(
        f"{rows:,} periods of {len(led.places):,} places (view {view}; {took:.1f} s) → "
        f"{'-' if to_stdout else output}",
        markup=False,
        soft_wrap=True,
    )
