"""``terrachron scenario``: list, check, compare and map the scenarios of a ledger."""

from __future__ import annotations

import csv
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from terrachron.cli.common import (
    JsonOpt,
    LedgerOpt,
    console,
    err_console,
    handles_errors,
    load,
    print_json,
    print_problems,
)
from terrachron.errors import Problem

if TYPE_CHECKING:  # the scenario machinery loads the geometry stack: imported where used
    from terrachron.scenarios.metrics import Comparison, Row

ScenariosArg = Annotated[
    list[str],
    typer.Argument(help="Scenario names (see `terrachron scenario list`) or scenario folders."),
]
DateOpt = Annotated[
    str | None,
    typer.Option(
        "--date",
        "-d",
        help="The day compared (default: the day every scenario's instruments are in effect).",
    ),
]
ViewsOpt = Annotated[
    list[str] | None,
    typer.Option("--view", "-v", help="A view to report (repeat it; default: every view)."),
]
NoSeaOpt = Annotated[
    bool, typer.Option("--no-maritime", help="Skip the approximate maritime split.")
]


class CompareFormat(StrEnum):
    """Output formats of ``scenario compare``."""

    table = "table"
    json = "json"
    csv = "csv"


@handles_errors
def list_scenarios(json_out: JsonOpt = False, ledger: LedgerOpt = None) -> None:
    """The scenarios kept in the ledger's scenarios/ folder."""
    led = load(ledger)
    infos = list(led.scenarios.values())
    if json_out:
        print_json([i.to_dict() for i in infos])
        return
    if not infos:
        console.print(f"the ledger {led.id!r} keeps no scenario (pass a folder with --scenario)")
        return
    table = Table(title=f"scenarios of {led.id}", title_justify="left")
    for col in ("name", "title", "from", "instruments", "splits", "sources"):
        table.add_column(col, overflow="fold")
    for info in infos:
        table.add_row(
            info.name,
            escape(info.title),
            info.first_date or "—",
            "\n".join(info.instruments) or "—",
            ", ".join(info.splits) or "—",
            "; ".join(
                c.source
                + (f" ¶{c.paragraph}" if c.paragraph else "")
                + (f" {c.locator}" if c.locator else "")
                for c in info.sources
            )
            or "—",
        )
    console.print(table)


@handles_errors
def validate_scenario(
    scenario: Annotated[
        str | None,
        typer.Argument(help="A scenario name or folder (default: every scenario of the ledger)."),
    ] = None,
    json_out: JsonOpt = False,
    ledger: LedgerOpt = None,
) -> None:
    """Every problem of a scenario as file:line:column; exit 1 on any error."""
    from terrachron.scenarios.load import check_scenario, resolve_scenario

    led = load(ledger)
    names: list[str] = [scenario] if scenario is not None else list(led.scenarios)
    problems: list[Problem] = []
    shown: list[str] = []
    for name in names:
        path, display = resolve_scenario(led, name)
        problems.extend(check_scenario(led, path, display)[1])
        shown.append(display.as_posix())
    errors = print_problems(problems, ", ".join(shown) or "no scenario", json_out=json_out)
    if errors:
        raise typer.Exit(1)


def _cell(value: float | str | None, unit: str) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    if unit == "%":
        return f"{value:.2f} %"
    return f"{value:,.1f}"


def _table(comparison: Comparison) -> Table:
    table = Table(
        title=f"{comparison.ledger} on {comparison.date}: the ledger as recorded and each scenario",
        title_justify="left",
        show_lines=False,
    )
    table.add_column("metric", overflow="fold", ratio=3)
    for col in comparison.columns:
        table.add_column(col.name, overflow="fold", ratio=2)
    for row in comparison.rows():
        label = row.label + (f" ({row.unit})" if row.unit else "")
        table.add_row(escape(label), *(escape(_cell(v, row.unit)) for v in row.values))
    return table


def _csv_cell(value: float | str | None) -> str:
    if value is None or value == "—":
        return ""  # the table's dash means "none"; a CSV reader expects an empty cell
    return f"{value:.3f}" if isinstance(value, float) else value


def _csv(comparison: Comparison, rows: list[Row]) -> None:
    writer = csv.writer(sys.stdout)
    writer.writerow(["metric", "label", "unit", *(c.name for c in comparison.columns)])
    for row in rows:
        writer.writerow(
            [
                row.key,
                row.label,
                row.unit,
                *(_csv_cell(v) for v in row.values),
            ]
        )
    if comparison.maritime:
        for i, caveat in enumerate(comparison.caveats, 1):
            writer.writerow([f"note.{i}", caveat, "", *("" for _ in comparison.columns)])


@handles_errors
def compare_scenarios(
    scenarios: ScenariosArg,
    date: DateOpt = None,
    view: ViewsOpt = None,
    fmt: Annotated[CompareFormat, typer.Option("--format", "-f")] = CompareFormat.table,
    no_maritime: NoSeaOpt = False,
    ledger: LedgerOpt = None,
) -> None:
    """The ledger as recorded and each SCENARIO side by side: land, disputes, promises, sea."""
    from terrachron.scenarios.metrics import compare

    led = load(ledger)
    comparison = compare(led, scenarios, date, view, maritime=not no_maritime)
    if fmt is CompareFormat.json:
        print_json(comparison.to_dict())
        return
    if fmt is CompareFormat.csv:
        _csv(comparison, comparison.rows())
        return
    if not console.is_terminal:
        # Piped output is read wide (files, docs): give every column room for its figures.
        console.width = max(console.width, 40 + 24 * len(comparison.columns))
    console.print(_table(comparison))
    if comparison.disputed_area:
        console.print(
            f"disputed area: the places disputed in the ledger on {comparison.date} "
            f"({', '.join(comparison.disputed_area)}), {comparison.disputed_area_km2:,.1f} km²",
            markup=False,
        )
    if comparison.maritime:
        for caveat in comparison.caveats:
            console.print(f"note: {caveat}", markup=False)


@handles_errors
def map_scenario(
    scenario: Annotated[
        str, typer.Argument(help="A scenario name or folder, or `baseline` for the ledger.")
    ],
    date: DateOpt = None,
    view: Annotated[str, typer.Option("--view", "-v", help="The view to draw.")] = "de-facto",
    no_maritime: NoSeaOpt = False,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file (default: stdout).")
    ] = None,
    ledger: LedgerOpt = None,
) -> None:
    """GeoJSON of a scenario on a date: places by holder, maritime zones and split lines."""
    led = load(ledger)
    names = [] if scenario == "baseline" else [scenario]
    if not names and date is None:
        date = max((i.first_date or "" for i in led.scenarios.values()), default=None) or None
    from terrachron.scenarios.drawing import scenario_map
    from terrachron.scenarios.metrics import compare

    comparison = compare(led, names, date, [view], maritime=not no_maritime)
    collection = scenario_map(comparison, view, sea=not no_maritime)
    text = json.dumps(collection, ensure_ascii=False) + "\n"
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        err_console.print(f"wrote {output}", markup=False)
