"""Human-readable rendering of query results with rich."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group as RichGroup
from rich.console import RenderableType
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:  # annotations only: importing the engine here would slow every command's start
    from terrachron.engine.answer import Answer
    from terrachron.engine.timeline import Timeline
    from terrachron.query import Ledger
    from terrachron.results import Status


def holders(ledger: Ledger, ids: tuple[str, ...] | None, *, none: str = "—") -> str:
    """Polity names joined with " + " (joint holders), or a dash."""
    if ids is None:
        return "(no title layer)"
    if not ids:
        return none
    return escape(" + ".join(f"{ledger.polity_name(i)} [{i}]" for i in ids))


def status_label(status: str) -> str:
    """A status as people read it: ``unrecorded`` says that the record has not begun yet."""
    return "not yet recorded" if status == "unrecorded" else status


def answer_rows(ledger: Ledger, answer: Answer) -> list[tuple[str, str]]:
    """The (field, value) rows of an answer."""
    rows = [
        ("controller", holders(ledger, answer.controller)),
        ("title", holders(ledger, answer.title, none="undetermined")),
        ("claimants", holders(ledger, answer.claimants)),
        ("status", status_label(answer.status)),
        ("disputed", "yes" if answer.disputed else "no"),
        ("occupied", "yes" if answer.occupied else "no"),
    ]
    for p in answer.pending:
        rows.append(
            (
                "pending",
                f"transfer to {ledger.polity_name(p.to)} — {p.condition} "
                f"[{p.instrument}, since {p.since}"
                + (f"; condition amended by {p.amended_by}" if p.amended_by else "")
                + "]",
            )
        )
    return rows


def status_view(ledger: Ledger, status: Status) -> RenderableType:
    """A panel with the answer, alternatives, the chain and the narrative."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold")
    table.add_column()
    for key, value in answer_rows(ledger, status.answer):
        table.add_row(key, value)
    if status.uncertain:
        table.add_row("uncertain", "yes: the date falls inside an uncertain interval")
    if status.horizon is not None:
        table.add_row("horizon", f"nothing recorded after {status.horizon}")
    parts: list[RenderableType] = [table]
    if status.alternatives:
        alts = Table(title="possible answers on this date", title_justify="left")
        for col in ("if these happened", "controller", "title", "status"):
            alts.add_column(col, overflow="fold")
        for alt in status.alternatives:
            alts.add_row(
                ", ".join(alt.assumes) or "(none of the pending effects)",
                holders(ledger, alt.answer.controller),
                holders(ledger, alt.answer.title, none="undetermined"),
                status_label(alt.answer.status),
            )
        parts.append(alts)
    parts.append(chain_table(status))
    parts.append(Text(status.narrative))  # Text is never parsed as markup
    title = escape(
        f"{ledger.place_name(status.place)} [{status.place}] on {status.date}, view {status.view}"
        + (f", scenario {ledger.scenario.name}" if ledger.scenario is not None else "")
    )
    return Panel(RichGroup(*parts), title=title, expand=False)


def chain_table(status: Status) -> Table:
    """The chain of effects with citations."""
    table = Table(title="chain of instruments", title_justify="left", show_lines=False)
    table.add_column("date", no_wrap=True)
    # Which ledger each step came from: the answer to "who decided" in a merged ledger.
    merged = any(link.ledger for link in status.chain)
    for col in (
        "instrument",
        "effect",
        "in this view",
        "sources",
        *(("ledger",) if merged else ()),
    ):
        table.add_column(col, overflow="fold")
    for link in status.chain:
        seen = "recognized" if link.recognized else f"not recognized: {link.reason}"
        if link.pending:
            seen += " (pending on this date)"
        cites = "; ".join(
            c.source
            + (f" ¶{c.paragraph}" if c.paragraph else "")
            + (f" {c.locator}" if c.locator else "")
            for c in link.citations
        )
        table.add_row(
            link.date,
            (link.instrument_title or "(succession of polities)")
            + (" (hypothetical)" if link.hypothetical else ""),
            f"{link.op} {' '.join(link.polities)}",
            seen,
            cites or "—",
            *((link.ledger or "—",) if merged else ()),
        )
    return table


def _either(cells: list[str]) -> str:
    """One value, or the possible values joined by "or" on an uncertain period."""
    unique = list(dict.fromkeys(cells))
    return " or ".join(unique)


def _title_cell(answer: Answer) -> str:
    if answer.status == "unrecorded":
        return "—"
    if answer.title is None:
        return "(no title layer)"
    return ", ".join(answer.title) or "undetermined"


def timeline_view(ledger: Ledger, timeline: Timeline) -> Table:
    """One row per period."""
    table = Table(
        title=escape(
            f"{ledger.place_name(timeline.place)} [{timeline.place}] — view {timeline.view}"
            + (f", scenario {ledger.scenario.name}" if ledger.scenario is not None else "")
        ),
        title_justify="left",
    )
    if ledger.horizon is not None:
        # The last period is open-ended: say where the record stops, so ".." is not read as today.
        table.caption = f"nothing recorded after {ledger.horizon}"
        table.caption_justify = "left"
    table.add_column("from", no_wrap=True)
    table.add_column("to", no_wrap=True)
    for col in ("controller", "title", "claimants", "status", "opened by"):
        table.add_column(col, overflow="fold")
    for p in timeline.periods:
        status = status_label(p.answer.status) + (" (uncertain)" if p.uncertain else "")
        if p.answer.occupied and p.answer.status != "occupied":
            status += ", occupied"
        if p.answer.pending:
            status += f", {len(p.answer.pending)} pending promise(s)"
        answers = [a.answer for a in p.alternatives] or [p.answer]
        table.add_row(
            p.start_iso or "..",
            p.end_iso or "..",
            _either([", ".join(a.controller) or "—" for a in answers]),
            _either([_title_cell(a) for a in answers]),
            _either([", ".join(a.claimants) or "—" for a in answers]),
            status,
            ", ".join(p.caused_by) or "—",
        )
    return table
