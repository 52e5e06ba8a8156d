"""Human-readable rendering of query results with rich."""

from __future__ import annotations

from rich.console import Group as RichGroup
from rich.console import RenderableType
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

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


def answer_rows(ledger: Ledger, answer: Answer) -> list[tuple[str, str]]:
    """The (field, value) rows of an answer."""
    rows = [
        ("controller", holders(ledger, answer.controller)),
        ("title", holders(ledger, answer.title, none="undetermined")),
        ("claimants", holders(ledger, answer.claimants)),
        ("status", answer.status),
        ("disputed", "yes" if answer.disputed else "no"),
        ("occupied", "yes" if answer.occupied else "no"),
    ]
    for p in answer.pending:
        rows.append(
            (
                "pending",
                f"transfer to {ledger.polity_name(p.to)} — {p.condition} "
                f"[{p.instrument}, since {p.since}]",
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
    parts: list[RenderableType] = [table]
    for i, alt in enumerate(status.alternatives, 1):
        assumes = ", ".join(alt.assumes) or "none of the pending effects"
        sub = Table.grid(padding=(0, 2))
        sub.add_column(style="bold")
        sub.add_column()
        for key, value in answer_rows(ledger, alt.answer):
            sub.add_row(key, value)
        parts.append(Panel(sub, title=f"alternative {i}: if {assumes} happened", expand=False))
    parts.append(chain_table(status))
    parts.append(Text(status.narrative))  # Text is never parsed as markup
    title = (
        f"{ledger.place_name(status.place)} [{status.place}] on {status.date}, view {status.view}"
    )
    return Panel(RichGroup(*parts), title=title, expand=False)


def chain_table(status: Status) -> Table:
    """The chain of effects with citations."""
    table = Table(title="chain of instruments", title_justify="left", show_lines=False)
    table.add_column("date", no_wrap=True)
    for col in ("instrument", "effect", "in this view", "sources"):
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
            link.instrument_title or "(succession of polities)",
            f"{link.op} {' '.join(link.polities)}",
            seen,
            cites or "—",
        )
    return table


def timeline_view(ledger: Ledger, timeline: Timeline) -> Table:
    """One row per period."""
    table = Table(
        title=escape(
            f"{ledger.place_name(timeline.place)} [{timeline.place}] — view {timeline.view}"
        ),
        title_justify="left",
    )
    table.add_column("from", no_wrap=True)
    table.add_column("to", no_wrap=True)
    for col in ("controller", "title", "claimants", "status", "opened by"):
        table.add_column(col, overflow="fold")
    for p in timeline.periods:
        status = p.answer.status + (" (uncertain)" if p.uncertain else "")
        if p.answer.occupied and p.answer.status != "occupied":
            status += ", occupied"
        if p.answer.pending:
            status += f", {len(p.answer.pending)} pending promise(s)"
        table.add_row(
            p.start_iso or "..",
            p.end_iso or "..",
            ", ".join(p.answer.controller) or "—",
            "(no title layer)"
            if p.answer.title is None
            else ", ".join(p.answer.title) or "undetermined",
            ", ".join(p.answer.claimants) or "—",
            status,
            ", ".join(p.caused_by) or "—",
        )
    return table
