"""Assembly: the instruments, places and polities a reading drafted, merged and linked.

Instruments that name the same thing are merged (a title and the common noun for it, a
signing and an entry into force), each is linked to the ledger's instrument it names, if any
(:mod:`.link`), and a transfer's missing giver is taken from the instrument's other party.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Literal

from terrachron.extract.article import Article
from terrachron.extract.dates import cached_edtf, overlaps
from terrachron.extract.discourse import Drafts, OpenInstrument
from terrachron.extract.link import LinkCandidate, best_link
from terrachron.extract.names import slugify
from terrachron.extract.reader import Document
from terrachron.extract.records import (
    DraftEffect,
    DraftEntity,
    DraftInstrument,
    Evidence,
    Extraction,
    SourceInfo,
)
from terrachron.extract.words import unique
from terrachron.model import Instrument
from terrachron.query import Ledger

__all__ = ["LedgerView", "assemble"]


@dataclass(frozen=True)
class LedgerView:
    """What assembly needs of the ledger: its instruments, and the places a target covers."""

    ledger: Ledger | None
    instruments: tuple[Instrument, ...]
    expand: dict[str, frozenset[str]]  # place or group → the places it covers
    polity_words: frozenset[str]  # title words that name a known polity


def assemble(art: Article, drafts: Drafts, view: LedgerView, document: Document) -> Extraction:
    """The draft of one article from what its reading drafted."""
    instruments = _finish_instruments(drafts, view)
    places = _finish_places(art, drafts)
    polities = _finish_polities(art, drafts, instruments)
    dates = tuple(
        (
            art.evidence(d.start, d.end, art.sentence_of(d.start), d.confidence),
            d.edtf,
            d.form,
            d.approximate,
        )
        for d in art.dates
    )
    return Extraction(
        source=_source_info(document),
        ledger=view.ledger.id if view.ledger is not None else None,
        instruments=tuple(instruments),
        places=tuple(places),
        polities=tuple(polities),
        dates=dates,
        loose_effects=tuple(drafts.loose),
        notes=tuple(drafts.notes),
    )


def _merge(instruments: list[OpenInstrument]) -> list[OpenInstrument]:
    """The instruments with every later mention of one merged into its first."""
    merged: list[OpenInstrument] = []
    by_name: dict[str, list[OpenInstrument]] = {}
    for inst in instruments:
        keys = [inst.title.lower(), *(a.lower() for a in inst.aliases)]
        pool = [m for k in keys for m in by_name.get(k, [])] + [
            m for m in merged if m.generic != inst.generic or m.event != inst.event
        ]
        same = next((m for m in pool if _same_instrument(m, inst)), None)
        if same is None:
            merged.append(inst)
            if not inst.event:
                for k in keys:
                    by_name.setdefault(k, []).append(inst)
            continue
        if same.generic and not inst.generic and not inst.event:
            # The title names it better than the common noun did.
            same.title, same.generic, same.evidence = inst.title, False, inst.evidence
        elif same.generic and inst.event:
            same.title, same.event, same.act_title = inst.title, True, True
        elif not inst.generic:
            same.aliases = unique(
                [
                    *same.aliases,
                    *inst.aliases,
                    *([inst.title] if inst.title != same.title else []),
                ]
            )
        same.parties = unique([*same.parties, *inst.parties])
        same.effects.extend(e for e in inst.effects if e not in same.effects)
        if same.date is None and inst.date is not None:
            same.date, same.role, same.date_evidence = inst.date, inst.role, inst.date_evidence
        elif inst.date is not None and inst.role != same.role:
            same.more_dates.setdefault(inst.role, (inst.date, inst.date_evidence))
    return merged


def _finish_instruments(drafts: Drafts, view: LedgerView) -> list[DraftInstrument]:
    """Merged, linked draft instruments, each with a unique id; an undated one that links to
    nothing is left out with a note."""
    out: list[DraftInstrument] = []
    used_ids: set[str] = set()
    for inst in _merge(drafts.instruments):
        dates = {inst.role: inst.date.edtf} if inst.date else {}
        for role, (mention, _) in inst.more_dates.items():
            dates.setdefault(role, mention.edtf)
        cand = LinkCandidate(
            title=inst.title,
            aliases=inst.aliases,
            kind=inst.kind,
            dates=list(dates.values()),
            parties=inst.parties,
            effects=[(e.op, _expand_targets(view, e.targets)) for e in inst.effects],
            titled=not inst.act_title,
        )
        link = best_link(cand, view.instruments, view.expand, view.polity_words)
        if link is None and inst.date is None:
            drafts.notes.append(
                f"{inst.title!r} (at {inst.evidence.start}) has no date and names no "
                "instrument of the ledger; left out"
            )
            continue
        effects = tuple(_complete(view, e, inst, link[0] if link else None) for e in inst.effects)
        if link is not None:
            rid, status = link[0], "linked"
        else:
            year = (inst.date.edtf[:4] if inst.date else "").strip("X")
            named = f"{inst.title}-{year}" if year and year not in inst.title else inst.title
            rid, status = slugify(named), "new"
        if rid in used_ids:
            if status == "linked":
                prior = next(o for o in out if o.id == rid)
                out[out.index(prior)] = replace(
                    prior,
                    aliases=tuple(
                        a
                        for a in unique([*prior.aliases, inst.title, *inst.aliases])
                        if a != prior.title
                    ),
                    effects=prior.effects + effects,
                )
                continue
            rid = f"{rid}-{len(used_ids)}"
        used_ids.add(rid)
        out.append(_draft(inst, rid, status, dates, effects, link[1] if link else None))
    return out


def _draft(
    inst: OpenInstrument,
    rid: str,
    status: str,
    dates: dict[str, str],
    effects: tuple[DraftEffect, ...],
    link_score: float | None,
) -> DraftInstrument:
    evidence: dict[str, Evidence] = {"title": inst.evidence}
    if inst.date_evidence is not None:
        evidence[inst.role] = inst.date_evidence
    for role, (_, more) in inst.more_dates.items():
        if more is not None:
            evidence.setdefault(role, more)
    return DraftInstrument(
        id=rid,
        status=status,  # type: ignore[arg-type]
        kind=inst.kind,
        title=inst.title,
        aliases=tuple(a for a in unique(inst.aliases) if a != inst.title),
        parties=tuple(inst.parties),
        date=dates.get("date"),
        signed=dates.get("signed"),
        in_force=dates.get("in_force"),
        effects=effects,
        evidence=evidence,
        link_score=link_score,
    )


def _expand_targets(view: LedgerView, targets: Iterable[str]) -> frozenset[str]:
    out: set[str] = set()
    for t in targets:
        out |= view.expand.get(t, frozenset({t}))
    return frozenset(out)


def _complete(
    view: LedgerView, effect: DraftEffect, inst: OpenInstrument, link: str | None
) -> DraftEffect:
    """Fill a transfer's missing giver from the instrument's other party, when there is one."""
    if effect.op not in ("transfer", "cede", "promise_transfer") or effect.from_ is not None:
        return effect
    parties = list(inst.parties)
    if link is not None and view.ledger is not None:
        parties = list(view.ledger.instruments[link].parties) or parties
    others = [p for p in parties if p != effect.to]
    if len(others) == 1:
        return replace(effect, from_=others[0])
    return effect


def _finish_places(art: Article, drafts: Drafts) -> list[DraftEntity]:
    out: list[DraftEntity] = []
    seen: set[str] = set()
    for rid, ev in drafts.place_uses.items():
        entity = art.index.entities.get(rid)
        if entity is None or rid in seen:
            continue
        seen.add(rid)
        status: Literal["new", "linked"] = "linked" if entity.known else "new"
        out.append(DraftEntity(rid, entity.kind, status, entity.name, None, ev))
    for rid, candidate in drafts.new_places.items():
        if rid not in seen:
            seen.add(rid)
            out.append(candidate)
    return out


def _finish_polities(
    art: Article, drafts: Drafts, instruments: list[DraftInstrument]
) -> list[DraftEntity]:
    uses = dict(drafts.polity_uses)
    for e in drafts.loose:
        for pid in (e.from_, e.to, e.by):
            if pid:
                uses.setdefault(pid, e.evidence)
    for inst in instruments:
        for pid in inst.parties:
            uses.setdefault(pid, inst.evidence["title"])
        for e in inst.effects:
            for pid in (e.from_, e.to, e.by):
                if pid:
                    uses.setdefault(pid, e.evidence)
    out = []
    for pid, ev in uses.items():
        entity = art.index.entities[pid]
        status: Literal["new", "linked"] = "linked" if entity.known else "new"
        out.append(DraftEntity(pid, "polity", status, entity.name, entity.code, ev))
    return out


def _same_instrument(a: OpenInstrument, b: OpenInstrument) -> bool:
    if (a.event and b.generic) or (b.event and a.generic):
        # "Nigeria handed Bakassi over on 14 August 2008 ... The transfer of 14 August 2008":
        # the act and the noun for it.
        return (
            a.kind == b.kind
            and a.date is not None
            and b.date is not None
            and (a.date.edtf == b.date.edtf)
        )
    if a.event or b.event:
        return False
    if (a.generic != b.generic) and a.kind == b.kind and a.date and b.date:
        # "signed the treaty that put Acre on the map ... By the Treaty of Petrópolis of 17
        # November 1903": a common noun and a title of one kind on one day are one instrument.
        return a.date.edtf == b.date.edtf
    ta, tb = a.title.lower(), b.title.lower()
    if ta == tb or tb in (x.lower() for x in a.aliases) or ta in (x.lower() for x in b.aliases):
        if a.date is None or b.date is None or overlaps(a.date, b.date):
            return True
        # Signed on one day, in force on a later one: the same instrument, two dates.
        roles = {a.role: a.date, b.role: b.date}
        signed, in_force = roles.get("signed"), roles.get("in_force")
        if signed is not None and in_force is not None and a.role != b.role:
            lo, hi = cached_edtf(signed.edtf), cached_edtf(in_force.edtf)
            return lo is not None and hi is not None and lo.lo <= hi.hi
    return False


def _source_info(document: Document) -> SourceInfo:
    digest = hashlib.sha256(document.text.encode("utf-8")).hexdigest()
    return SourceInfo(
        id=document.source_id,
        path=document.path,
        title=document.title,
        published=document.published.text if document.published else None,
        sha256=digest,
        chars=len(document.text),
    )
