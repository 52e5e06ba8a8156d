"""The records queries return: statuses, explanations, timelines (re-exported from the engine)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from terrachron.engine.answer import Answer, Pending
from terrachron.engine.explain import ChainLink
from terrachron.engine.timeline import Alternative, Timeline

__all__ = [
    "Alternative",
    "Answer",
    "ChainLink",
    "Explanation",
    "Pending",
    "Status",
    "timeline_dict",
]


def _holders(ids: tuple[str, ...] | None) -> str | list[str] | None:
    """One id as a string, joint holders as a list, nobody as None (the documented JSON form)."""
    if not ids:
        return None
    return ids[0] if len(ids) == 1 else list(ids)


def answer_dict(answer: Answer) -> dict[str, Any]:
    """The JSON form of an :class:`Answer`."""
    return {
        "controller": _holders(answer.controller),
        "title": _holders(answer.title),
        "claimants": list(answer.claimants),
        "status": answer.status,
        "disputed": answer.disputed,
        "occupied": answer.occupied,
        "pending": [pending_dict(p) for p in answer.pending],
    }


def pending_dict(p: Pending) -> dict[str, Any]:
    """The JSON form of a pending promise."""
    return {
        "effect": p.effect,
        "instrument": p.instrument,
        "to": p.to,
        "from": p.from_,
        "condition": p.condition,
        "since": p.since,
        "amended_by": p.amended_by,
    }


def chain_dict(link: ChainLink) -> dict[str, Any]:
    """The JSON form of a chain link."""
    return {
        "effect": link.effect,
        "instrument": link.instrument,
        "instrument_title": link.instrument_title,
        "op": link.op,
        "role": link.role,
        "date": link.date,
        "polities": list(link.polities),
        "recognized": link.recognized,
        "reason": link.reason,
        "pending": link.pending,
        "hypothetical": link.hypothetical,
        "note": link.note,
        "ledger": link.ledger,
        "precision": link.precision,
        "citations": [c.model_dump(exclude_none=True) for c in link.citations],
    }


@dataclass(frozen=True)
class Status:
    """Who controlled, held and claimed a place on a date under a view, and why.

    Attributes
    ----------
    place, date, view : str
        What was asked (the place id, the EDTF date as given, the view id).
    answer : Answer
        Controller, title (None under ``de-facto``; empty when undetermined), claimants, status,
        the ``disputed`` and ``occupied`` flags, and pending promises.
    uncertain : bool
        The date falls inside an uncertain interval and the answer depends on it.
    alternatives : tuple of Alternative
        Every possible answer when uncertain, each with the pending effects it assumes.
    chain : tuple of ChainLink
        The effects concerning the place up to the date, in order, with citations.
    narrative : str
        A paragraph generated from the chain.
    horizon : str or None
        The last day the ledger records (ISO), set only when the date asked goes past it: the
        answer is then the last recorded state, and the narrative says so.
    """

    place: str
    date: str
    view: str
    answer: Answer
    uncertain: bool
    alternatives: tuple[Alternative, ...]
    chain: tuple[ChainLink, ...]
    narrative: str
    horizon: str | None = None

    @property
    def controller(self) -> tuple[str, ...]:
        """The polities in control (several when control is joint)."""
        return self.answer.controller

    @property
    def title(self) -> tuple[str, ...] | None:
        """The title holders under the view; None for a view with no title layer."""
        return self.answer.title

    @property
    def claimants(self) -> tuple[str, ...]:
        """Every polity claiming the place."""
        return self.answer.claimants

    @property
    def status(self) -> str:
        """``unrecorded``, ``undetermined``, ``disputed``, ``occupied`` or ``undisputed``."""
        return self.answer.status

    @property
    def disputed(self) -> bool:
        """Two or more claimants."""
        return self.answer.disputed

    @property
    def occupied(self) -> bool:
        """Controlled by a polity that does not hold title under the view."""
        return self.answer.occupied

    @property
    def pending(self) -> tuple[Pending, ...]:
        """Promises of transfer recognized by the view and not yet kept."""
        return self.answer.pending

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON form (see the README's "JSON output")."""
        return {
            "place": self.place,
            "date": self.date,
            "view": self.view,
            **answer_dict(self.answer),
            "uncertain": self.uncertain,
            "alternatives": [
                {**answer_dict(a.answer), "assumes": list(a.assumes)} for a in self.alternatives
            ],
            "chain": [chain_dict(c) for c in self.chain],
            "narrative": self.narrative,
            "horizon": self.horizon,
        }

    def _repr_html_(self) -> str:
        from terrachron.notebook import status_html

        return status_html(self)


@dataclass(frozen=True)
class Explanation:
    """A status with the same place and date under every other view, for comparison."""

    status: Status
    other_views: dict[str, Answer] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: the status plus ``other_views``."""
        return {
            **self.status.to_dict(),
            "other_views": {v: answer_dict(a) for v, a in self.other_views.items()},
        }

    def _repr_html_(self) -> str:
        from terrachron.notebook import explanation_html

        return explanation_html(self)


def timeline_dict(timeline: Timeline) -> dict[str, Any]:
    """The JSON form of a timeline."""
    return {
        "place": timeline.place,
        "view": timeline.view,
        "periods": [
            {
                "start": p.start_iso,
                "end": p.end_iso,
                **answer_dict(p.answer),
                "uncertain": p.uncertain,
                "alternatives": [
                    {**answer_dict(a.answer), "assumes": list(a.assumes)} for a in p.alternatives
                ],
                "caused_by": list(p.caused_by),
            }
            for p in timeline.periods
        ],
    }
