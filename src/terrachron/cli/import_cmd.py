"""``terrachron import``: write a ledger from another data set."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from terrachron.cli.app import app, console, err_console, handles_errors


class ImportFormat(StrEnum):
    """The data sets ``terrachron import`` reads."""

    historical_basemaps = "historical-basemaps"
    natural_earth_disputes = "natural-earth-disputes"
    cshapes = "cshapes"
    cow = "cow"


@app.command("import")
@handles_errors
def import_(
    fmt: Annotated[ImportFormat, typer.Argument(metavar="FORMAT", help="The data set's format.")],
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Input files or folders (snapshots: world_YYYY.geojson; cshapes: CShapes 2.0 "
            "GeoJSON/GeoPackage; cow: the Territorial Change CSV)."
        ),
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="The ledger folder to write.")],
    disputes: Annotated[
        Path | None,
        typer.Option(
            help="historical-basemaps: Natural Earth's ne_10m_admin_0_disputed_areas file, "
            "which decides control of overlapping claims and today's claims."
        ),
    ] = None,
    base: Annotated[
        Path | None,
        typer.Option(
            help="cow: the ledger whose places and polities (codes.cow) the rows link to; OUT is "
            "a copy of it with the linked rows as instruments."
        ),
    ] = None,
    grid: Annotated[
        float | None,
        typer.Option(help="Snapping grid, degrees (default 0.001; cshapes 1e-6)."),
    ] = None,
    sliver_width: Annotated[
        float | None,
        typer.Option(
            help="Faces thinner than this (mean width, degrees) are merged (default 0.02; "
            "cshapes 0.001)."
        ),
    ] = None,
    area_tolerance: Annotated[
        float, typer.Option(help="cow: relative area difference allowed for an area match.")
    ] = 0.05,
    skip_unknown_codes: Annotated[
        bool,
        typer.Option(help="cow: list rows whose COW code no base polity has, instead of failing."),
    ] = False,
    replace: Annotated[bool, typer.Option(help="Replace OUT if it exists.")] = False,
) -> None:
    """Write a ledger from historical-basemaps, Natural Earth's disputed areas, CShapes 2.0 or
    COW Territorial Change v6.

    The ledger is written to a temporary folder and renamed into place only when complete.
    """
    if fmt in (ImportFormat.cshapes, ImportFormat.cow):
        _import_cshapes_or_cow(
            fmt, paths, out, base, grid, sliver_width, area_tolerance, skip_unknown_codes, replace
        )
        return
    from terrachron.importers.ledgers import (
        import_historical_basemaps,
        import_natural_earth_disputes,
    )

    if fmt is ImportFormat.historical_basemaps:
        report = import_historical_basemaps(
            paths,
            out,
            disputes=disputes,
            grid=0.001 if grid is None else grid,
            sliver_width=0.02 if sliver_width is None else sliver_width,
            replace=replace,
        )
    else:
        if len(paths) != 1:
            raise typer.BadParameter("natural-earth-disputes reads exactly one file")
        report = import_natural_earth_disputes(paths[0], out, replace=replace)
    for line in report.lines():
        console.print(line, markup=False)


def _import_cshapes_or_cow(
    fmt: ImportFormat,
    paths: list[Path],
    out: Path,
    base: Path | None,
    grid: float | None,
    sliver_width: float | None,
    area_tolerance: float,
    skip_unknown_codes: bool,
    replace: bool,
) -> None:
    from terrachron.importers.common import ImportReport
    from terrachron.importers.cow import import_cow
    from terrachron.importers.cshapes import (
        DEFAULT_GRID,
        DEFAULT_SLIVER_WIDTH,
        import_cshapes,
    )

    report: ImportReport
    if fmt is ImportFormat.cshapes:
        report = import_cshapes(
            paths,
            out,
            grid=DEFAULT_GRID if grid is None else grid,
            sliver_width=DEFAULT_SLIVER_WIDTH if sliver_width is None else sliver_width,
            replace=replace,
        )
    else:
        if base is None:
            err_console.print("error: `import cow` needs --base LEDGER (the places to link to)")
            raise typer.Exit(2)
        if len(paths) != 1:
            err_console.print("error: `import cow` reads one CSV file")
            raise typer.Exit(2)
        report = import_cow(
            paths[0],
            base,
            out,
            area_tolerance=area_tolerance,
            skip_unknown_codes=skip_unknown_codes,
            replace=replace,
        )
    console.print(
        f"wrote {out}: {report.polities} polities, {report.places} places, "
        f"{report.instruments} instruments, {report.effects} effects, "
        f"{len(report.unmatched)} unmatched ({report.seconds:.2f} s); see "
        f"{out / 'import-report.md'}",
        markup=False,
    )
    for note in report.notes:
        console.print(f"  {note}", markup=False)
    for u in report.unmatched:
        console.print(f"  unmatched {u.where} {u.what}: {u.reason}", markup=False)
