"""``terrachron import``: write a ledger from another data set."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from terrachron.cli.app import app, console, handles_errors


class ImportFormat(StrEnum):
    """The data sets ``terrachron import`` reads."""

    historical_basemaps = "historical-basemaps"
    natural_earth_disputes = "natural-earth-disputes"


@app.command("import")
@handles_errors
def import_(
    fmt: Annotated[ImportFormat, typer.Argument(metavar="FORMAT", help="The data set's format.")],
    paths: Annotated[
        list[Path], typer.Argument(help="Input files or folders (snapshots: world_YYYY.geojson).")
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="The ledger folder to write.")],
    disputes: Annotated[
        Path | None,
        typer.Option(
            help="historical-basemaps: Natural Earth's ne_10m_admin_0_disputed_areas file, "
            "which decides control of overlapping claims and today's claims."
        ),
    ] = None,
    grid: Annotated[float, typer.Option(help="Snapping grid, degrees.")] = 0.001,
    sliver_width: Annotated[
        float, typer.Option(help="Faces thinner than this (mean width, degrees) are merged.")
    ] = 0.02,
    replace: Annotated[bool, typer.Option(help="Replace OUT if it exists.")] = False,
) -> None:
    """Write a ledger from historical-basemaps snapshots or Natural Earth's disputed areas.

    The ledger is written to a temporary folder and renamed into place only when complete.
    """
    from terrachron.importers.ledgers import (
        import_historical_basemaps,
        import_natural_earth_disputes,
    )

    if fmt is ImportFormat.historical_basemaps:
        report = import_historical_basemaps(
            paths, out, disputes=disputes, grid=grid, sliver_width=sliver_width, replace=replace
        )
    else:
        if len(paths) != 1:
            raise typer.BadParameter("natural-earth-disputes reads exactly one file")
        report = import_natural_earth_disputes(paths[0], out, replace=replace)
    for line in report.lines():
        console.print(line, markup=False)
