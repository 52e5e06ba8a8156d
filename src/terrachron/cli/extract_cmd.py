"""``terrachron extract`` and ``terrachron accept``: draft ledger entries from articles."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from terrachron.cli.common import LedgerOpt, console, err_console, handles_errors, load
from terrachron.extras import require


class Format(StrEnum):
    """Output formats of a draft."""

    YAML = "yaml"
    JSON = "json"


@handles_errors
def extract(
    path: Annotated[Path, typer.Argument(help="A .txt/.md/.html file, or a folder of them.")],
    published: Annotated[
        str | None,
        typer.Option(
            "--published",
            "-p",
            help="Publication date (2019-02-12, '12 Feb 2019'); years missing in the text "
            "count from it.",
        ),
    ] = None,
    ledger: LedgerOpt = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.YAML,
    show_diff: Annotated[
        bool,
        typer.Option("--diff", help="List what is new, agrees or contradicts the ledger instead."),
    ] = False,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write the draft to this file.")
    ] = None,
    everything: Annotated[
        bool,
        typer.Option(
            "--all",
            help="Keep every drafted field, also those below the confidence threshold "
            "(chosen on the development articles for a precision of at least 0.9).",
        ),
    ] = False,
) -> None:
    """Read an article and propose instruments, dates, places, polities and effects, each with
    the character offsets and sentence it came from and a confidence; fields below the
    threshold chosen for precision are left out unless `--all` is given.

    The draft is in the ledger's YAML format with evidence in `x-` fields; review it, then
    `terrachron accept DRAFT --into LEDGER` writes the new records, which `terrachron validate`
    checks.
    """
    # spaCy takes a second to import: only the commands that extract pay for it.
    require("extract", "terrachron extract")
    from terrachron.extract.confidence import DEFAULT_THRESHOLD, keep_confident
    from terrachron.extract.diff import diff
    from terrachron.extract.draft import dump_draft
    from terrachron.extract.pipeline import Extractor
    from terrachron.extract.reader import read_path

    led = load(ledger)
    extractor = Extractor(led)
    documents = read_path(path, published=published)
    threshold = 0.0 if everything else DEFAULT_THRESHOLD
    drafts = [keep_confident(d, threshold) for d in extractor.extract_many(documents)]
    if show_diff:
        items = [(d, item) for d in drafts for item in diff(d, led)]
        if fmt is Format.JSON:
            data = [{"source": d.source.path, **item.as_dict()} for d, item in items]
            sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
            return
        table = Table(title=f"{path} against {led.id}", title_justify="left")
        for col in ("verdict", "subject", "field", "draft", "ledger", "chars"):
            table.add_column(col, overflow="fold")
        for _, item in items:
            chars = f"{item.evidence.start}-{item.evidence.end}" if item.evidence else ""
            table.add_row(
                item.verdict, item.subject, item.field, item.draft, item.ledger or "—", chars
            )
        console.print(table)
        counts = {
            v: sum(1 for _, i in items if i.verdict == v) for v in ("new", "agrees", "contradicts")
        }
        console.print(", ".join(f"{n} {v}" for v, n in counts.items()), markup=False)
        return
    text = dump_draft(drafts, fmt.value)
    if out is not None:
        out.write_text(text, encoding="utf-8")
        err_console.print(f"wrote {out}", markup=False)
        return
    sys.stdout.write(text)


@handles_errors
def accept_cmd(
    draft: Annotated[Path, typer.Argument(help="A draft written by `terrachron extract`.")],
    into: Annotated[Path, typer.Option("--into", "-i", help="The ledger folder to write into.")],
    replace: Annotated[
        list[str] | None,
        typer.Option(
            "--replace",
            "-r",
            metavar="ID",
            help="Overwrite the ledger's record of this id with the draft's (repeatable).",
        ),
    ] = None,
) -> None:
    """Write a reviewed draft's new records into a ledger folder (evidence fields dropped).

    All or nothing: the files are staged and the ledger validated with them before any is
    moved into place. A draft record whose id the ledger already holds, differently, stops the
    accept unless named with `--replace`.
    """
    require("extract", "terrachron accept")  # the draft's reader is part of the extract stack
    from terrachron.extract.draft import accept, load_draft

    report = accept(load_draft(draft), into, replace=replace or ())
    for path in report.written:
        console.print(f"wrote {path}", markup=False)
    for note in report.notes:
        console.print(f"note: {note}", markup=False)
    for rid in report.unchanged:
        console.print(f"unchanged {rid} (the ledger already holds it as drafted)", markup=False)
    for reason in report.skipped:
        err_console.print(f"skipped {reason}", markup=False)
    console.print(
        f"{len(report.written)} record(s) written, {len(report.unchanged)} unchanged, "
        f"{len(report.skipped)} skipped; the ledger validates with them",
        markup=False,
    )
