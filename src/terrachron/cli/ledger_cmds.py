"""Commands about the ledger itself: places, instruments, views, validate, schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from terrachron.cli.common import (
    JsonOpt,
    LedgerOpt,
    console,
    handles_errors,
    load,
    print_json,
    print_problems,
)


@handles_errors
def places(json_out: JsonOpt = False, ledger: LedgerOpt = None) -> None:
    """Every place and group, with its names in every language."""
    led = load(ledger)
    if json_out:
        print_json(
            {
                "places": [p.model_dump(exclude_none=True) for p in led.places.values()],
                "groups": [g.model_dump(exclude_none=True) for g in led.groups.values()],
            }
        )
        return
    table = Table(title="places", title_justify="left")
    for col in ("id", "names", "aliases"):
        table.add_column(col)
    for p in led.places.values():
        aliases = ", ".join(a for al in p.aliases.values() for a in al)
        table.add_row(p.id, " / ".join(p.names.values()), aliases)
    console.print(table)
    groups = Table(title="groups", title_justify="left")
    for col in ("id", "names", "members"):
        groups.add_column(col)
    for g in led.groups.values():
        groups.add_row(g.id, " / ".join(g.names.values()), ", ".join(g.members))
    console.print(groups)


@handles_errors
def instruments(json_out: JsonOpt = False, ledger: LedgerOpt = None) -> None:
    """Every instrument in date order, with its effects and sources."""
    led = load(ledger)
    if json_out:
        print_json(
            [
                i.model_dump(mode="json", by_alias=True, exclude_none=True)
                for i in led.instruments.values()
            ]
        )
        return
    table = Table(title="instruments", title_justify="left")
    for col in ("date", "id", "kind", "title", "effects"):
        table.add_column(col)
    for inst in led.instruments.values():
        when = inst.signed or inst.date
        dates = str(when) if when else ""
        if inst.in_force:
            dates += f" (in force {inst.in_force})"
        effects = "; ".join(
            f"{e.op} {', '.join(e.places or [])}{e.group or ''}" for e in inst.effects
        )
        table.add_row(dates, inst.id, inst.kind, inst.title, effects or "—")
    console.print(table)


@handles_errors
def views(json_out: JsonOpt = False, ledger: LedgerOpt = None) -> None:
    """Every point of view: what it rejects and how it reads groups."""
    led = load(ledger)
    if json_out:
        print_json([v.model_dump(exclude_none=True) for v in led.views.values()])
        return
    table = Table(title="views", title_justify="left")
    for col in ("id", "kind", "polity", "rejects", "reads groups as"):
        table.add_column(col)
    for v in led.views.values():
        table.add_row(
            v.id,
            v.kind,
            v.polity or "—",
            ", ".join(v.rejects) or "—",
            "; ".join(f"{g}: {', '.join(m)}" for g, m in v.groups.items()) or "—",
        )
    console.print(table)


@handles_errors
def validate(
    path: Annotated[Path | None, typer.Argument(help="Ledger folder (default: bundled).")] = None,
    json_out: JsonOpt = False,
) -> None:
    """Check a whole ledger and print every problem as file:line:column; exit 1 on any error."""
    from terrachron.model import RECORD_KINDS
    from terrachron.query import check_ledger

    files, problems = check_ledger(path)
    problems = sorted(
        problems, key=lambda p: (p.file.as_posix() if p.file else "", p.line, p.column, p.rule)
    )
    counts = ", ".join(f"{len(files.table(k))} {k}" for k in RECORD_KINDS)
    errors = print_problems(problems, f"{files.root}: {counts}", json_out=json_out)
    if errors:
        raise typer.Exit(1)


def schema(
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder to write the schemas into.")],
) -> None:
    """Write the JSON Schema of every ledger file kind, and of ``scenario.yaml`` (for editors
    that validate as you type)."""
    from terrachron.model import RECORD_KINDS, record_json_schema
    from terrachron.scenarios import scenario_json_schema

    out.mkdir(parents=True, exist_ok=True)
    schemas = {f"{kind}.schema.json": record_json_schema(kind) for kind in RECORD_KINDS}
    schemas["scenario.schema.json"] = scenario_json_schema()
    for name, body in schemas.items():
        target = out / name
        text = json.dumps(body, indent=2, ensure_ascii=False) + "\n"
        tmp = target.with_suffix(".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(target)  # never leave a half-written schema behind
        console.print(f"wrote {target}")
