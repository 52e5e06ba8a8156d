"""Commands that ask questions: status, explain, timeline, snapshot, disputes."""

from __future__ import annotations

import csv
import json
import sys
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.markup import escape

from terrachron.cli.app import JsonOpt, LedgerOpt, ViewOpt, app, console, handles_errors, load
from terrachron.cli.render import holders, status_view, timeline_view
from terrachron.results import timeline_dict

PlaceArg = Annotated[str, typer.Argument(help="Place id or any name or alias, in any language.")]
DateArg = Annotated[str, typer.Argument(help="EDTF date: 1950-01-01, 1950-06, 1950 ...")]


def _dump(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


@app.command()
@handles_errors
def status(
    place: PlaceArg,
    date: DateArg,
    view: ViewOpt = "de-facto",
    json_out: JsonOpt = False,
    ledger: LedgerOpt = None,
) -> None:
    """Who controlled, held and claimed PLACE on DATE, and by which instruments."""
    led = load(ledger)
    result = led.status(place, date, view)
    if json_out:
        _dump(result.to_dict())
    else:
        console.print(status_view(led, result))


@app.command()
@handles_errors
def explain(
    place: PlaceArg,
    date: DateArg,
    view: ViewOpt = "de-facto",
    json_out: JsonOpt = False,
    ledger: LedgerOpt = None,
) -> None:
    """The narrative and chain behind a status, and how every other view sees the same day."""
    led = load(ledger)
    result = led.explain(place, date, view)
    if json_out:
        _dump(result.to_dict())
        return
    console.print(status_view(led, result.status))
    console.print("[bold]the same day under the other views[/bold]")
    for vid, answer in result.other_views.items():
        console.print(
            f"  {vid}: controller {holders(led, answer.controller)}; "
            f"title {holders(led, answer.title, none='undetermined')}; {answer.status}"
        )


@app.command()
@handles_errors
def timeline(
    place: PlaceArg,
    view: ViewOpt = "de-facto",
    json_out: JsonOpt = False,
    ledger: LedgerOpt = None,
) -> None:
    """Every period over which PLACE's answer stays the same, and what opened each."""
    led = load(ledger)
    result = led.timeline(place, view)
    if json_out:
        _dump(timeline_dict(result))
    else:
        console.print(timeline_view(led, result))


class SnapshotFormat(StrEnum):
    """Output formats of ``snapshot``."""

    table = "table"
    json = "json"
    csv = "csv"


@app.command()
@handles_errors
def snapshot(
    date: DateArg,
    view: ViewOpt = "de-facto",
    fmt: Annotated[SnapshotFormat, typer.Option("--format", "-f")] = SnapshotFormat.table,
    ledger: LedgerOpt = None,
) -> None:
    """The status of every place on DATE."""
    led = load(ledger)
    rows = led.statuses(date, view)
    if fmt is SnapshotFormat.json:
        _dump([s.to_dict() for s in rows])
        return
    if fmt is SnapshotFormat.csv:
        writer = csv.writer(sys.stdout)
        writer.writerow(
            [
                "place",
                "date",
                "view",
                "controller",
                "title",
                "claimants",
                "status",
                "disputed",
                "occupied",
                "uncertain",
                "pending",
                "chain",
            ]
        )
        for s in rows:
            writer.writerow(
                [
                    s.place,
                    s.date,
                    s.view,
                    "|".join(s.controller),
                    "" if s.title is None else "|".join(s.title),
                    "|".join(s.claimants),
                    s.status,
                    s.disputed,
                    s.occupied,
                    s.uncertain,
                    "|".join(p.effect for p in s.pending),
                    "|".join(c.effect for c in s.chain),
                ]
            )
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


@app.command()
@handles_errors
def disputes(date: DateArg, json_out: JsonOpt = False, ledger: LedgerOpt = None) -> None:
    """The places with two or more claimants on DATE."""
    led = load(ledger)
    rows = led.disputes(date)
    if json_out:
        _dump([s.to_dict() for s in rows])
        return
    if not rows:
        console.print(f"no disputed place on {date}")
    for s in rows:
        console.print(
            escape(f"{led.place_name(s.place)} [{s.place}]")
            + f": claimed by {', '.join(s.claimants)}; "
            f"controlled by {holders(led, s.controller)}"
        )
