"""Every place's timeline under one view, flattened into arrays the kernel searches.

For the place of rank ``r`` the periods are ``place_off[r]:place_off[r + 1]``; ``starts`` holds
their first days (ordinals, the first one the open start), sorted, so the period of a day is found
by binary search. Each period's answer is stored as small integer codes into shared category
lists, and mapped back to strings only when a result is assembled.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from terrachron.engine.answer import STATUSES

if TYPE_CHECKING:
    from terrachron.query import Ledger

__all__ = ["HOLDER_SEPARATOR", "Timetable", "build_timetable", "holders_text"]

HOLDER_SEPARATOR = "|"
"""Joins joint holders (a condominium, joint control) in one text value: ``japan|russia``."""


def holders_text(ids: Sequence[str] | None) -> str | None:
    """Holders as one text value; None for nobody (or no title layer)."""
    if not ids:
        return None
    return HOLDER_SEPARATOR.join(ids)


@dataclass(frozen=True, eq=False)
class Timetable:
    """The periods of every indexed place under one view, as arrays.

    Attributes
    ----------
    view : str
        The view id.
    places : tuple of str
        Place ids by rank (the spatial index's order).
    place_off, starts : numpy.ndarray
        Period ranges per place and the periods' first days (int64 ordinals).
    uncertain, disputed, occupied : numpy.ndarray of bool
        Per period.
    controller, title, claimants : numpy.ndarray of int32
        Per period, codes into ``holders`` (-1: nobody / no title layer).
    status : numpy.ndarray of int8
        Per period, codes into :data:`~terrachron.engine.answer.STATUSES`.
    holders : tuple of str
        The category values of the holder columns.
    """

    view: str
    places: tuple[str, ...]
    place_off: np.ndarray
    starts: np.ndarray
    uncertain: np.ndarray
    disputed: np.ndarray
    occupied: np.ndarray
    controller: np.ndarray
    title: np.ndarray
    claimants: np.ndarray
    status: np.ndarray
    holders: tuple[str, ...]

    @property
    def statuses(self) -> tuple[str, ...]:
        """The category values of the status column."""
        return STATUSES


def build_timetable(ledger: Ledger, places: Sequence[str], view: str) -> Timetable:
    """Flatten the timelines of ``places`` (in rank order) under ``view``."""
    ledger.resolve_view(view)
    holder_codes: dict[str, int] = {}

    def code(ids: Sequence[str] | None) -> int:
        text = holders_text(ids)
        if text is None:
            return -1
        return holder_codes.setdefault(text, len(holder_codes))

    offsets = [0]
    starts: list[int] = []
    rows: list[tuple[bool, bool, bool, int, int, int, int]] = []
    for pid in places:
        for period in ledger.timeline(pid, view).periods:
            a = period.answer
            starts.append(period.start)
            rows.append(
                (
                    period.uncertain,
                    a.disputed,
                    a.occupied,
                    code(a.controller),
                    code(a.title),
                    code(a.claimants),
                    STATUSES.index(a.status),
                )
            )
        offsets.append(len(starts))
    cols = list(zip(*rows, strict=True)) if rows else [()] * 7
    return Timetable(
        view=view,
        places=tuple(places),
        place_off=np.asarray(offsets, dtype=np.int64),
        starts=np.asarray(starts, dtype=np.int64),
        uncertain=np.asarray(cols[0], dtype=bool),
        disputed=np.asarray(cols[1], dtype=bool),
        occupied=np.asarray(cols[2], dtype=bool),
        controller=np.asarray(cols[3], dtype=np.int32),
        title=np.asarray(cols[4], dtype=np.int32),
        claimants=np.asarray(cols[5], dtype=np.int32),
        status=np.asarray(cols[6], dtype=np.int8),
        holders=tuple(holder_codes),
    )
