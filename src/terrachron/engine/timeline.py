"""Timelines: the maximal periods over which a place's answer under a view stays the same.

A step dated with a range of days ``[lo, hi]`` may have happened on any of them, so on a day
``d`` with ``lo <= d < hi`` it is *pending*: the answer is uncertain, and each alternative assumes
that the first ``k`` pending steps (in chronological order) have happened, for ``k = 0 .. n``.
The answer can only change on a step's ``lo`` or ``hi``, so the timeline is computed once at
those breakpoints and point queries are answered by binary search.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from terrachron.dates import OPEN_END, OPEN_START, day_to_iso
from terrachron.engine.answer import Answer, project
from terrachron.engine.compiled import Reading, Step
from terrachron.engine.fold import Folder, World, fold

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True, slots=True)
class Alternative:
    """One possible answer on an uncertain day, and the pending steps it assumes happened."""

    answer: Answer
    assumes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Period:
    """A maximal run of days ``[start, end]`` with one answer.

    ``start`` / ``end`` are ordinals (open ends as :data:`~terrachron.dates.OPEN_START` /
    :data:`~terrachron.dates.OPEN_END`); ``caused_by`` names the steps whose date opens it.
    """

    start: int
    end: int
    answer: Answer
    uncertain: bool
    alternatives: tuple[Alternative, ...]
    caused_by: tuple[str, ...]

    @property
    def start_iso(self) -> str | None:
        """First day as ISO text (None when open)."""
        return day_to_iso(self.start)

    @property
    def end_iso(self) -> str | None:
        """Last day as ISO text (None when open)."""
        return day_to_iso(self.end)

    def same_answer(self, other: Period) -> bool:
        """Whether two periods give the same answer (and the same alternatives)."""
        return (
            self.answer == other.answer
            and self.uncertain == other.uncertain
            and tuple(a.answer for a in self.alternatives)
            == tuple(a.answer for a in other.alternatives)
        )


def worlds_at(
    folder: Folder, steps: Sequence[Step], day: int
) -> list[tuple[World, tuple[str, ...]]]:
    """The possible worlds on ``day``: one per prefix of the steps pending on it."""
    happened = [s for s in steps if s.hi <= day]
    pending = [s for s in steps if s.lo <= day < s.hi]
    base = fold(folder, happened)
    if not pending:
        return [(base, ())]
    worlds: list[tuple[World, tuple[str, ...]]] = []
    for k in range(len(pending) + 1):
        assumed = pending[:k]
        chosen = sorted([*happened, *assumed], key=lambda s: s.sort_key)
        worlds.append((fold(folder, chosen), tuple(s.uid for s in assumed)))
    return worlds


def answer_at(
    folder: Folder,
    steps: Sequence[Step],
    day: int,
    view: Reading,
    readings: Mapping[str, Reading],
) -> tuple[Answer, bool, tuple[Alternative, ...]]:
    """Derive directly (without a timeline) the answer for one day: answer, uncertain, alternatives.

    The first alternative (no pending step assumed) is the answer reported at the top level.
    """
    alternatives: list[Alternative] = []
    for world, assumes in worlds_at(folder, steps, day):
        answer = project(world, view, readings)
        if all(a.answer != answer for a in alternatives):
            alternatives.append(Alternative(answer, assumes))
    if len(alternatives) == 1:
        return alternatives[0].answer, False, ()
    return alternatives[0].answer, True, tuple(alternatives)


@dataclass(frozen=True)
class Timeline:
    """The periods of one place under one view, covering all time with no gap or overlap."""

    place: str
    view: str
    periods: tuple[Period, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "_starts", [p.start for p in self.periods])

    def period_at(self, day: int) -> Period:
        """The period containing ``day`` (binary search)."""
        starts: list[int] = object.__getattribute__(self, "_starts")
        return self.periods[bisect.bisect_right(starts, day) - 1]

    def periods_between(self, lo: int, hi: int) -> tuple[Period, ...]:
        """Every period that overlaps the days ``[lo, hi]``."""
        starts: list[int] = object.__getattribute__(self, "_starts")
        first = bisect.bisect_right(starts, lo) - 1
        last = bisect.bisect_right(starts, hi) - 1
        return self.periods[max(first, 0) : last + 1]

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.periods)

    def __len__(self) -> int:
        return len(self.periods)

    def to_frame(self) -> pd.DataFrame:
        """The periods as a pandas DataFrame, one row per period, in order.

        Returns
        -------
        pandas.DataFrame
            Columns ``place``, ``view``, ``start`` and ``end`` (``datetime64[s]``, which holds
            every day from year 1 to 9999; NaT for an open end), ``start_edtf`` and ``end_edtf``
            (ISO days, ``..`` when open), ``controller``, ``title``, ``claimants`` (ids joined
            with " + "; "none" for nobody, "—" when the view records no title), ``status``,
            ``disputed``, ``occupied``, ``uncertain`` and ``caused_by`` (the effects opening it).
        """
        from terrachron.notebook import timeline_frame

        return timeline_frame(self)

    def _repr_html_(self) -> str:
        from terrachron.notebook import timeline_html

        return timeline_html(self)


def build_timeline(
    folder: Folder,
    steps: Sequence[Step],
    view: Reading,
    readings: Mapping[str, Reading],
) -> Timeline:
    """Compute the timeline of ``folder.place`` under ``view`` from its relevant ``steps``."""
    breaks = sorted({OPEN_START} | {s.lo for s in steps} | {s.hi for s in steps})
    raw: list[Period] = []
    for i, start in enumerate(breaks):
        end = breaks[i + 1] - 1 if i + 1 < len(breaks) else OPEN_END
        if end < start:
            continue
        answer, uncertain, alternatives = answer_at(folder, steps, start, view, readings)
        causes = tuple(s.uid for s in steps if start in (s.lo, s.hi))
        raw.append(Period(start, end, answer, uncertain, alternatives, causes))
    merged: list[Period] = []
    for period in raw:
        if merged and merged[-1].same_answer(period):
            last = merged[-1]
            merged[-1] = Period(
                last.start,
                period.end,
                last.answer,
                last.uncertain,
                last.alternatives,
                last.caused_by,
            )
        else:
            merged.append(period)
    return Timeline(place=folder.place, view=view.id, periods=tuple(merged))
