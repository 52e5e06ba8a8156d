"""Commands that ask questions: status, explain, timeline, snapshot, disputes."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from terrachron.cli.common import (
    JsonOpt,
    LedgerOpt,
    ScenarioOpt,
    ViewOpt,
    console,
    err_console,
    handles_errors,
    load,
    print_json,
)
from terrachron.cli.render import holders, status_view, timeline_view
from terrachron.errors import QueryError

PlaceArg = Annotated[str, typer.Argument(help="Place id or any name or alias, in any language.")]
DateArg = Annotated[str, typer.Argument(help="EDTF date: 1950-01-01, 1950-06, 1950 ...")]


@handles_errors
def status(
    place: PlaceArg,
    date: DateArg,
    view: ViewOpt = "de-facto",
    json_out: JsonOpt = False,
    ledger: LedgerOpt = None,
    scenario: ScenarioOpt = None,
) -> None:
    """Who controlled, held and claimed PLACE on DATE, and by which instruments."""
    led = load(ledger, scenario)
    result = led.status(place, date, view)
    if json_out:
        print_json(result.to_dict())
    else:
        console.print(status_view(led, result))


@handles_errors
def explain(
    place: PlaceArg,
    date: DateArg,
    view: ViewOpt = "de-facto",
    json_out: JsonOpt = False,
    ledger: LedgerOpt = None,
    scenario: ScenarioOpt = None,
) -> None:
    """The narrative and chain behind a status, and how every other view sees the same day."""
    led = load(ledger, scenario)
    result = led.explain(place, date, view)
    if json_out:
        print_json(result.to_dict())
        return
    console.print(status_view(led, result.status))
    console.print("[bold]the same day under the other views[/bold]")
    for vid, answer in result.other_views.items():
        console.print(
            f"  {vid}: controller {holders(led, answer.controller)}; "
            f"title {holders(led, answer.title, none='undetermined')}; {answer.status}"
        )


@handles_errors
def timeline(
    place: PlaceArg,
    view: ViewOpt = "de-facto",
    json_out: JsonOpt = False,
    ledger: LedgerOpt = None,
    scenario: ScenarioOpt = None,
) -> None:
    """Every period over which PLACE's answer stays the same, and what opened each."""
    led = load(ledger, scenario)
    result = led.timeline(place, view)
    if json_out:
        from terrachron.results import timeline_dict

        print_json(timeline_dict(result))
    else:
        console.print(timeline_view(led, result))


class SnapshotFormat(StrEnum):
    """Output formats of ``snapshot``."""

    table = "table"
    json = "json"
    csv = "csv"
    geojson = "geojson"
    geoparquet = "geoparquet"
    gpkg = "gpkg"


@handles_errors
def snapshot(
    date: DateArg,
    view: ViewOpt = "de-facto",
    fmt: Annotated[
        SnapshotFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="table, json, csv (geometry as WKT), geojson, geoparquet or gpkg "
            "(default: from -o's suffix, else table).",
        ),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file.")
    ] = None,
    dissolve: Annotated[
        bool,
        typer.Option(
            "--dissolve", help="Merge places by holder (controller; title under a polity view)."
        ),
    ] = False,
    ledger: LedgerOpt = None,
    scenario: ScenarioOpt = None,
) -> None:
    """The status of every place on DATE (with geometry in the geographic formats)."""
    from terrachron.io.export import ExportFormat, format_for_path, write_snapshot

    if fmt is None:
        if output is None:
            fmt = SnapshotFormat.table
        elif output.suffix.lower() == ".json":
            fmt = SnapshotFormat.json
        else:
            fmt = SnapshotFormat(format_for_path(output).value)
    if fmt is SnapshotFormat.table and output is not None:
        raise QueryError("the table is for the terminal; choose a --format to write a file")
    led = load(ledger, scenario)
    if fmt.value in ExportFormat.__members__ or dissolve:
        if fmt in (SnapshotFormat.table, SnapshotFormat.json):
            raise QueryError(
                "--dissolve writes a geographic format: csv, geojson, geoparquet or gpkg",
                parameter="format",
            )
        frame = led.snapshot(date, view, dissolve=dissolve)
        text = write_snapshot(frame, output, fmt.value)
        if text is not None:
            sys.stdout.write(text if text.endswith("\n") else text + "\n")
        else:
            err_console.print(f"wrote {len(frame)} rows to {output}", markup=False)
        return
    rows = led.statuses(date, view)
    if fmt is SnapshotFormat.json:
        text = json.dumps([s.to_dict() for s in rows], ensure_ascii=False, indent=2) + "\n"
        if output is not None:
            output.write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
        return
    from rich.table import Table

    table = Table(title=f"{date}, view {view}", title_justify="left")
    for col in ("place", "controller", "title", "claimants", "status"):
        table.add_column(col)
    for s in rows:
        flag = s.status + (" (uncertain)" if s.uncertain else "")
        if s.occupied and s.status != "occupied":
            flag += ", occupied"
        table.add_row(
            escape(f"{led.place_name(s.place)} [{s.place}]"),
            holders(led, s.controller),
            holders(led, s.title, none="undetermined"),
            ", ".join(s.claimants) or "—",
            flag,
        )
    console.print(table)


@handles_errors
def disputes(
    date: DateArg,
    json_out: JsonOpt = False,
    ledger: LedgerOpt = None,
    scenario: ScenarioOpt = None,
) -> None:
    """The places with two or more claimants on DATE."""
    led = load(ledger, scenario)
    rows = led.disputes(date)
    if json_out:
        print_json([s.to_dict() for s in rows])
        return
    if not rows:
        console.print(f"no disputed place on {date}")
    for s in rows:
        console.print(
            escape(f"{led.place_name(s.place)} [{s.place}]")
            + f": claimed by {', '.join(s.claimants)}; "
            f"controlled by {holders(led, s.controller)}"
        )
