"""What a notebook shows: compact HTML tables for answers and timelines, and timelines as frames.

Jupyter calls ``_repr_html_`` on the last value of a cell; the answer objects delegate to the
functions here so that the HTML lives in one place and every text from the ledger (names,
titles, notes, citations) is escaped once, here. pandas is imported inside :func:`timeline_frame`
because ``import terrachron`` must stay light.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Sequence
from html import escape
from typing import TYPE_CHECKING

from terrachron.dates import day_to_iso

if TYPE_CHECKING:
    import pandas as pd

    from terrachron.engine.answer import Answer
    from terrachron.engine.explain import ChainLink
    from terrachron.engine.timeline import Timeline
    from terrachron.model import Citation
    from terrachron.results import Explanation, Status

__all__ = ["explanation_html", "status_html", "timeline_frame", "timeline_html"]

# EDTF's mark for an open end.
OPEN = ".."


def _holders(ids: tuple[str, ...] | None) -> str:
    if ids is None:
        return "—"
    return " + ".join(ids) if ids else "none"


def _table(head: Sequence[str], rows: Iterable[Sequence[str]], caption: str = "") -> str:
    """An HTML table of already-escaped cells (the callers escape, so cells may hold markup)."""
    out = ["<table>"]
    if caption:
        out.append(f"<caption>{caption}</caption>")
    out.append("<thead><tr>" + "".join(f"<th>{h}</th>" for h in head) + "</tr></thead><tbody>")
    out.extend("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    out.append("</tbody></table>")
    return "".join(out)


def _citation(c: Citation) -> str:
    where = (
        c.locator
        or (f"¶{c.paragraph}" if c.paragraph is not None else None)
        or (f"chars {c.chars[0]}–{c.chars[1]}" if c.chars is not None else None)
    )
    return escape(f"{c.source} {where}" if where else c.source)


def _answer_rows(answer: Answer) -> list[tuple[str, str]]:
    return [
        ("controller", escape(_holders(answer.controller))),
        ("title", escape(_holders(answer.title))),
        ("claimants", escape(_holders(answer.claimants))),
        ("status", escape(answer.status)),
    ]


def _chain_row(link: ChainLink) -> tuple[str, str, str, str, str]:
    instrument = link.instrument_title or link.instrument or link.effect
    effect = " ".join([link.op, *link.polities])
    seen = "recognized" if link.recognized else f"not recognized: {link.reason or ''}"
    if link.pending:
        seen += " (pending)"
    if link.hypothetical:
        seen += " (hypothetical)"
    cites = "; ".join(_citation(c) for c in link.citations)
    return escape(link.date), escape(instrument), escape(effect), escape(seen), cites


def status_html(status: Status) -> str:
    """The status answer as HTML: the answer, the chain of instruments with citations, why."""
    caption = escape(f"{status.place} on {status.date}, view {status.view}")
    parts = [_table(("", "answer"), _answer_rows(status.answer), caption)]
    if status.uncertain:
        rows = [
            (escape(_holders(a.answer.controller)), escape(", ".join(a.assumes) or "none"))
            for a in status.alternatives
        ]
        parts.append(_table(("possible controller", "assumes these happened"), rows))
    head = ("date", "instrument", "effect", "in this view", "sources")
    parts.append(_table(head, (_chain_row(link) for link in status.chain), "chain"))
    parts.append(f"<p>{escape(status.narrative)}</p>")
    return "<div>" + "".join(parts) + "</div>"


def explanation_html(explanation: Explanation) -> str:
    """An explanation as HTML: its status, then the same day under every other view."""
    rows = [
        (
            escape(view),
            escape(_holders(a.controller)),
            escape(_holders(a.title)),
            escape(a.status),
        )
        for view, a in explanation.other_views.items()
    ]
    others = _table(("view", "controller", "title", "status"), rows, "other views")
    return "<div>" + status_html(explanation.status) + others + "</div>"


def timeline_html(timeline: Timeline) -> str:
    """A timeline as HTML: one row per period, open ends as ``..``."""
    rows = [
        (
            escape(day_to_iso(p.start) or OPEN),
            escape(day_to_iso(p.end) or OPEN),
            escape(_holders(p.answer.controller)),
            escape(_holders(p.answer.title)),
            escape(p.answer.status + (" (uncertain)" if p.uncertain else "")),
            escape(", ".join(p.caused_by)),
        )
        for p in timeline.periods
    ]
    head = ("from", "to", "controller", "title", "status", "opened by")
    return _table(head, rows, escape(f"{timeline.place}, view {timeline.view}"))


def _day(day: int) -> _dt.date | None:
    return None if day_to_iso(day) is None else _dt.date.fromordinal(day)


def timeline_frame(timeline: Timeline) -> pd.DataFrame:
    """One row per period; see :meth:`terrachron.engine.timeline.Timeline.to_frame`."""
    import numpy as np
    import pandas as pd

    def column(days: Iterable[int]) -> pd.Series:
        # Second resolution holds every day from year 1 to 9999 (nanoseconds stop at 2262);
        # an open end is NaT, with ".." in the EDTF column beside it.
        values = [np.datetime64(_day(d) or "NaT", "s") for d in days]
        return pd.Series(np.array(values, dtype="datetime64[s]"))

    periods = timeline.periods
    return pd.DataFrame(
        {
            "place": [timeline.place] * len(periods),
            "view": [timeline.view] * len(periods),
            "start": column(p.start for p in periods),
            "end": column(p.end for p in periods),
            "start_edtf": [day_to_iso(p.start) or OPEN for p in periods],
            "end_edtf": [day_to_iso(p.end) or OPEN for p in periods],
            "controller": [_holders(p.answer.controller) for p in periods],
            "title": [_holders(p.answer.title) for p in periods],
            "claimants": [_holders(p.answer.claimants) for p in periods],
            "status": [p.answer.status for p in periods],
            "disputed": [p.answer.disputed for p in periods],
            "occupied": [p.answer.occupied for p in periods],
            "uncertain": [p.uncertain for p in periods],
            "caused_by": [", ".join(p.caused_by) for p in periods],
        }
    )
