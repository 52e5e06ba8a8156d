"""``terrachron import FORMAT PATH... -o LEDGER``: a ledger folder from an external data set."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from terrachron.cli.app import app, console, err_console, handles_errors
from terrachron.importers.common import ImportReport
from terrachron.importers.cow import import_cow
from terrachron.importers.cshapes import DEFAULT_GRID, DEFAULT_SLIVER_WIDTH, import_cshapes


class ImportFormat(StrEnum):
    """The data sets ``terrachron import`` reads."""

    cshapes = "cshapes"
    cow = "cow"


@app.command("import")
@handles_errors
def import_(
    fmt: Annotated[
        ImportFormat,
        typer.Argument(
            metavar="FORMAT",
            help="cshapes (CShapes 2.0 GeoJSON/GeoPackage, GW or COW version) or cow (COW "
            "Territorial Change v6 CSV, linked onto --base).",
        ),
    ],
    paths: Annotated[list[Path], typer.Argument(metavar="PATH...", help="The input file(s).")],
    out: Annotated[Path, typer.Option("--output", "-o", help="The ledger folder to write.")],
    base: Annotated[
        Path | None,
        typer.Option(
            "--base",
            help="cow: the ledger whose places and polities (codes.cow) the rows link to; the "
            "output is a copy of it with the rows as instruments.",
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace LEDGER if it exists (after validating).")
    ] = False,
    grid: Annotated[
        float, typer.Option("--grid", help="cshapes: snapping grid in degrees.")
    ] = DEFAULT_GRID,
    sliver_width: Annotated[
        float,
        typer.Option("--sliver-width", help="cshapes: faces thinner than this (degrees) merge."),
    ] = DEFAULT_SLIVER_WIDTH,
    area_tolerance: Annotated[
        float,
        typer.Option("--area-tolerance", help="cow: relative area difference for an area match."),
    ] = 0.05,
    skip_unknown_codes: Annotated[
        bool,
        typer.Option(
            "--skip-unknown-codes",
            help="cow: list rows whose COW code no base polity has, instead of failing.",
        ),
    ] = False,
) -> None:
    """Write a ledger folder from CShapes 2.0 or COW Territorial Change v6 data.

    Nothing is written unless the whole import succeeds and the new ledger validates; the
    folder gets an import-report.md listing what was linked and what was not, and why.
    """
    report: ImportReport
    if fmt is ImportFormat.cshapes:
        report = import_cshapes(paths, out, grid=grid, sliver_width=sliver_width, force=force)
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
            force=force,
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
