"""Explanations: the chain of steps behind an answer, and a narrative generated from it."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from terrachron.engine.answer import Answer
from terrachron.engine.compiled import (
    CLAIM_OPS,
    CONTROL_OPS,
    RESTORE,
    TITLE_OPS,
    Reading,
    Step,
)
from terrachron.engine.fold import Folder
from terrachron.model import Citation, Instrument

_ROLES = {
    **dict.fromkeys(TITLE_OPS, "title"),
    **dict.fromkeys(CONTROL_OPS, "control"),
    **dict.fromkeys(CLAIM_OPS, "claim"),
    "promise_transfer": "promise",
    # An amendment bears on a promise, and a view rejects or recognizes it like the promise.
    "amend_condition": "promise",
    "affirm": "affirm",
    "succession": "succession",
    RESTORE: "window",
}


@dataclass(frozen=True, slots=True)
class ChainLink:
    """One step in the explanation of an answer.

    Attributes
    ----------
    effect : str
        The effect id (``<instrument>#<n>``) or ``succession:<old>><new>``.
    instrument, instrument_title : str or None
        The instrument that has the effect (None for a succession of polities).
    op, role : str
        The operation, and what it bears on: ``title``, ``control``, ``claim``, ``promise``,
        ``affirm`` or ``succession``.
    date : str
        The EDTF date the step takes hold.
    polities : tuple of str
        The polities it names.
    recognized : bool
        Whether the view gives it legal effect on this place (control steps are facts: always
        True).
    reason : str or None
        Why not, when not recognized: ``rejected by <view>`` or ``<view> does not read <group> as
        including this place``.
    pending : bool
        The step's date range contains the query day: it may or may not have happened yet.
    hypothetical : bool
        The step belongs to a scenario, not to history.
    citations : tuple of Citation
        The sources of its instrument.
    note : str or None
        The effect's own note.
    ledger : str or None
        The id of the ledger the step came from (which one decided, in a merged ledger).
    precision : str or None
        How precisely the source draws the border behind the step, where the record says so:
        an imported snapshot's ``BORDERPRECISION`` (``"2 (moderate)"``, ``"1 (approximate)/3 (set
        by international law)"`` where the place's polygons differ). None for curated records.
    """

    effect: str
    instrument: str | None
    instrument_title: str | None
    op: str
    role: str
    date: str
    polities: tuple[str, ...]
    recognized: bool
    reason: str | None
    pending: bool
    hypothetical: bool
    citations: tuple[Citation, ...]
    note: str | None = None
    ledger: str | None = None
    precision: str | None = None


PRECISION_NOTE = "; border precision "
"""How an imported effect's note states the border precision of its source: the importer writes
``<reading>; border precision <value>`` and the chain reads the value back from there, so that
the precision travels with the effect in the same table column that carries the note."""


def note_precision(note: str | None) -> str | None:
    """The border precision an effect's note states (see :data:`PRECISION_NOTE`), else None."""
    if note is None:
        return None
    _, found, value = note.rpartition(PRECISION_NOTE)
    return (value.strip() or None) if found else None


def build_chain(
    folder: Folder,
    steps: Sequence[Step],
    day: int,
    view: Reading,
    instruments: Mapping[str, Instrument],
    holders_before: Callable[[Step], set[str]],
    ledger_of: Callable[[Step], str | None] | None = None,
) -> tuple[ChainLink, ...]:
    """The steps concerning the place begun on or before ``day``, in order, as ``view`` sees them.

    ``holders_before`` tells which polities held or claimed anything just before a succession;
    a succession appears in the chain only when it carried something of this place forward.
    ``ledger_of`` names the ledger each step came from.

    The chain changes only where a step begins or stops being pending, so it is kept in
    ``folder.memo`` per view and stretch of days between two such boundaries: a second query
    anywhere in the same stretch (any day of a period, any view already asked) reuses it.
    """
    memo = folder.memo
    known = memo.get("bounds")
    if not (isinstance(known, tuple) and known[0] is steps):
        known = (steps, sorted({s.lo for s in steps} | {s.hi for s in steps}))
        memo["bounds"] = known
    key = ("chain", view.id, bisect_right(known[1], day))
    cached = memo.get(key)
    if isinstance(cached, tuple):
        return cached
    chain = _build_chain(folder, steps, day, view, instruments, holders_before, ledger_of)
    memo[key] = chain
    return chain


def _build_chain(
    folder: Folder,
    steps: Sequence[Step],
    day: int,
    view: Reading,
    instruments: Mapping[str, Instrument],
    holders_before: Callable[[Step], set[str]],
    ledger_of: Callable[[Step], str | None] | None,
) -> tuple[ChainLink, ...]:
    chain: list[ChainLink] = []
    place = folder.place
    closed = any(s.op == RESTORE and place in s.places and s.lo <= day for s in steps)
    for step in steps:
        if step.lo > day:
            break
        if step.op == "succession":
            if step.from_ not in holders_before(step):
                continue
            recognized, reason = True, None
        elif step.op == RESTORE:
            if place not in step.places:
                continue
            recognized, reason = True, None
        elif place in step.overlay and closed:
            recognized, reason = False, "its window has closed"
        elif place in step.shadow and not closed:
            recognized = False
            reason = "it falls inside the window of a higher-ranked record, which decides there"
        else:
            in_view = folder.touches(step, view)
            in_default = folder.touches_default(step)
            if not (in_view or in_default):
                continue
            role = _ROLES[step.op]
            if role == "control" or view.kind == "de-facto":
                recognized, reason = in_default, None
            elif not view.recognizes(step):
                recognized, reason = False, f"rejected by the view {view.id!r}"
            elif not in_view:
                recognized = False
                reason = (
                    f"the view {view.id!r} does not read {step.group!r} as including this place"
                )
            else:
                recognized, reason = True, None
        instrument = instruments.get(step.instrument) if step.instrument else None
        chain.append(
            ChainLink(
                effect=step.uid,
                instrument=step.instrument,
                instrument_title=instrument.title if instrument else None,
                op=step.op,
                role=_ROLES[step.op],
                date=step.date.text,
                polities=step.polities
                if step.op != "succession"
                else (step.from_ or "", step.to or ""),
                recognized=recognized,
                reason=reason,
                pending=step.lo <= day < step.hi,
                hypothetical=step.hypothetical,
                citations=tuple(instrument.sources) if instrument else (),
                note=step.note,
                ledger=ledger_of(step) if ledger_of is not None else None,
                precision=note_precision(step.note),
            )
        )
    return tuple(chain)


_VERBS = {
    "establish": "set {to}'s title",
    "transfer": "transferred title from {from_} to {to}",
    "cede": "had {from_} cede it to {to}",
    "annex": "annexed it to {by}",
    "renounce": "recorded {by}'s renunciation of it, naming no recipient",
    "condominium": "placed it under the joint title of {parties}",
    "occupy": "brought it under {by}'s military control",
    "administer": "placed it under {by}'s administration",
    "withdraw": "recorded {by}'s withdrawal",
    "claim": "recorded a claim by {by}",
    "drop_claim": "recorded that {by} dropped its claim",
    "promise_transfer": "promised its transfer to {to} ({condition})",
    "amend_condition": "had {by} change the condition of the promise {amends} to: {condition}",
    "affirm": "reaffirmed {affirms}",
}


def _list(names: Sequence[str]) -> str:
    if not names:
        return "nobody"
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


_DAY = re.compile(r"^-?\d{4}-\d{2}-\d{2}$")


def _when(date: str, day: bool | None = None) -> str:
    """A date as a sentence says it: "on 1945-09-02", "in 1960", "between 1938 and 1945".

    A year or a month is a span, not a day; ``day`` says which when the caller knows the
    date's precision, else it is read from the text (a plain ``YYYY-MM-DD`` is a day).
    """
    if "/" in date:
        return f"between {date.replace('/', ' and ')}"
    is_day = bool(_DAY.match(date)) if day is None else day
    return f"on {date}" if is_day else f"in {date}"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def narrate(
    place: str,
    date: str,
    view: Reading,
    answer: Answer,
    uncertain: bool,
    chain: Sequence[ChainLink],
    steps_by_uid: Mapping[str, Step],
    name: Callable[[str], str],
    horizon: str | None = None,
) -> str:
    """A short paragraph generated from the chain and the answer, never written by hand.

    ``horizon`` is the last day the ledger records, given only when the date asked goes past
    it: the paragraph then says that the answer is the last recorded state, not news.
    """
    sentences: list[str] = []
    for link in chain:
        step = steps_by_uid.get(link.effect)
        if step is None:
            continue
        when = _when(link.date, step.date.precision == "day")
        if step.op == RESTORE:
            sentences.append(f"{_capital(when)}, {step.note}.")
            continue
        if step.op == "succession":
            sentences.append(
                f"{_capital(when)} {name(step.to or '')} took over from {name(step.from_ or '')}"
                + (" as its continuation." if "continues" in step.parties else " as its successor.")
            )
            continue
        what = _VERBS[step.op].format(
            to=name(step.to or ""),
            from_=name(step.from_ or ""),
            by=name(step.by or ""),
            parties=_list([name(p) for p in step.parties]),
            condition=(step.condition or "").rstrip(". "),
            affirms=step.affirms or "",
            amends=step.amends or "",
        )
        title = link.instrument_title or link.instrument or ""
        if link.hypothetical:
            # A scenario's instrument never happened: the narrative must not read as history.
            title = f"in this scenario, the hypothetical {title}"
        sentence = f"{when[0].upper()}{when[1:]}, {title} {what}"
        if link.pending:
            sentence += " (this may not have happened yet on the day asked)"
        if not link.recognized and link.reason:
            sentence += f"; {link.reason}, so it has no legal effect here in this view"
        sentences.append(sentence + ".")
    view_name = "in fact" if view.kind == "de-facto" else f"in the view {view.id!r}"
    if answer.status == "unrecorded":
        # The ledger is silent: nobody's control or title is implied, so none is stated.
        sentences.append(
            f"{_capital(_when(date))}, {view_name}, {name(place)} is not yet recorded: the "
            "ledger holds "
            "nothing on it before this date, which says nothing of who held it."
        )
        if uncertain:
            sentences.append(
                "The date falls inside an uncertain interval, so other answers are possible."
            )
        if horizon is not None:
            sentences.append(f"Nothing is recorded after {horizon}.")
        return " ".join(sentences)
    controllers = _list([name(p) for p in answer.controller])
    parts = [f"{_capital(_when(date))}, {view_name}, {name(place)} is controlled by {controllers}"]
    if answer.title is not None:
        parts.append(
            f"title is held by {_list([name(p) for p in answer.title])}"
            if answer.title
            else "title is undetermined"
        )
    parts.append(f"claimed by {_list([name(p) for p in answer.claimants])}")
    summary = "; ".join(parts) + f": {answer.status}"
    if answer.occupied and answer.status != "occupied":
        summary += " and occupied"
    summary += "."
    if uncertain:
        summary += " The date falls inside an uncertain interval, so other answers are possible."
    for pending in answer.pending:
        summary += (
            f" A promise to transfer it to {name(pending.to)} ({pending.instrument}, "
            f"{pending.since}) is pending: {pending.condition.rstrip('. ')}"
            + (f" (condition as amended by {pending.amended_by})." if pending.amended_by else ".")
        )
    if horizon is not None:
        summary += (
            f" Nothing is recorded after {horizon}: this is the last recorded state, "
            "not knowledge of the date asked."
        )
    return " ".join([*sentences, summary])
