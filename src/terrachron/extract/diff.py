"""What an article adds to the ledger, agrees with, or contradicts.

Each drafted fact is compared with the ledger:

- an instrument, place or polity the ledger lacks is **new**;
- a date of a linked instrument **agrees** when it overlaps one of the ledger's dates for it
  (``1956`` agrees with ``1956-10-19``), and **contradicts** otherwise;
- a party of a linked instrument agrees when the ledger lists it, and contradicts when not;
- an effect agrees when the ledger has the same operation on an overlapping place with the same
  principal polity (recipient or actor), contradicts when the principal differs, and is new
  when the ledger records no such operation there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from terrachron.dates import EdtfDate, parse_edtf
from terrachron.errors import DateError
from terrachron.extract.records import DraftEffect, Evidence, Extraction
from terrachron.model import Instrument
from terrachron.query import Ledger

__all__ = ["DiffItem", "diff"]

Verdict = Literal["new", "agrees", "contradicts"]


@dataclass(frozen=True, slots=True)
class DiffItem:
    """One fact of the draft set against the ledger."""

    verdict: Verdict
    subject: str
    field: str
    draft: str
    ledger: str | None
    evidence: Evidence | None

    def as_dict(self) -> dict[str, object]:
        """Plain data for JSON output."""
        return {
            "verdict": self.verdict,
            "subject": self.subject,
            "field": self.field,
            "draft": self.draft,
            "ledger": self.ledger,
            "chars": [self.evidence.start, self.evidence.end] if self.evidence else None,
        }


def _parse(text: str | None) -> EdtfDate | None:
    if not text:
        return None
    try:
        return parse_edtf(text)
    except DateError:
        return None


def _dates(inst: Instrument) -> dict[str, EdtfDate]:
    return {
        k: v
        for k, v in (("date", inst.date), ("signed", inst.signed), ("in_force", inst.in_force))
        if v is not None
    }


def _op(op: str) -> str:
    return "transfer" if op == "cede" else op


def _principal(effect: object) -> str | None:
    for key in ("to", "by"):
        value = getattr(effect, key, None)
        if isinstance(value, str):
            return value
    return None


def _places(ledger: Ledger, ids: tuple[str, ...] | list[str] | None, group: str | None) -> set[str]:
    out: set[str] = set()
    for pid in ids or ():
        out |= set(ledger.groups[pid].members) if pid in ledger.groups else {pid}
    if group:
        out |= set(ledger.groups[group].members) if group in ledger.groups else {group}
    return out


def _effect_verdict(
    ledger: Ledger, effect: DraftEffect, candidates: list[Instrument]
) -> tuple[Verdict, str | None]:
    mine = _places(ledger, list(effect.places), effect.group)
    principals: list[str] = []
    for inst in candidates:
        for theirs in inst.effects:
            if _op(theirs.op) != _op(effect.op):
                continue
            if not mine & _places(ledger, theirs.places, theirs.group):
                continue
            who = _principal(theirs)
            if who == effect.principal:
                return "agrees", f"{inst.id}: {theirs.op} → {who}"
            if who:
                principals.append(f"{inst.id}: {theirs.op} → {who}")
    if principals:
        return "contradicts", "; ".join(principals)
    return "new", None


def diff(extraction: Extraction, ledger: Ledger) -> list[DiffItem]:
    """Set every drafted fact against ``ledger``.

    Parameters
    ----------
    extraction : Extraction
        A draft made with the same ledger.
    ledger : Ledger

    Returns
    -------
    list of DiffItem
        In draft order: instruments (with their dates, parties and effects), loose effects,
        then places and polities.
    """
    items: list[DiffItem] = []
    everything = list(ledger.instruments.values())
    for inst in extraction.instruments:
        title_ev = inst.evidence.get("title")
        if inst.status == "new":
            when = inst.signed or inst.date or inst.in_force or "undated"
            items.append(
                DiffItem(
                    "new",
                    inst.id,
                    "instrument",
                    f"{inst.kind} {inst.title} ({when})",
                    None,
                    title_ev,
                )
            )
            for effect in inst.effects:
                verdict, theirs = _effect_verdict(ledger, effect, everything)
                items.append(_effect_item(verdict, inst.id, effect, theirs))
            continue
        known = ledger.instruments[inst.id]
        theirs_dates = _dates(known)
        shown = ", ".join(f"{k} {v.text}" for k, v in theirs_dates.items()) or None
        for role in ("date", "signed", "in_force"):
            value = getattr(inst, role)
            mine = _parse(value)
            if mine is None:
                continue
            agree = any(mine.lo <= d.hi and d.lo <= mine.hi for d in theirs_dates.values())
            items.append(
                DiffItem(
                    "agrees" if agree else "contradicts",
                    inst.id,
                    role,
                    str(value),
                    shown,
                    inst.evidence.get(role, title_ev),
                )
            )
        for party in inst.parties:
            listed = party in known.parties
            items.append(
                DiffItem(
                    "agrees" if listed else "contradicts",
                    inst.id,
                    "party",
                    party,
                    ", ".join(known.parties) or "(none)",
                    title_ev,
                )
            )
        for effect in inst.effects:
            verdict, theirs = _effect_verdict(ledger, effect, [known])
            if verdict == "new":
                verdict, theirs = _effect_verdict(ledger, effect, everything)
            items.append(_effect_item(verdict, inst.id, effect, theirs))
    for effect in extraction.loose_effects:
        verdict, theirs = _effect_verdict(ledger, effect, everything)
        items.append(_effect_item(verdict, "(no instrument)", effect, theirs))
    for entity in (*extraction.places, *extraction.polities):
        if entity.status == "new":
            items.append(
                DiffItem("new", entity.id, entity.kind, entity.name, None, entity.evidence)
            )
    return items


def _effect_item(
    verdict: Verdict, subject: str, effect: DraftEffect, theirs: str | None
) -> DiffItem:
    target = ", ".join(effect.targets)
    role = "to" if effect.op in ("transfer", "cede", "promise_transfer") else "by"
    text = f"{effect.op} {target} {role} {effect.principal}"
    return DiffItem(verdict, subject, "effect", text, theirs, effect.evidence)
