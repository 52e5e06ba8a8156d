"""The fold: apply, in date order, the steps that have happened to one place.

Control is a fact every view shares: it folds every step, with groups read as their records state.
Title is folded once per reading (each view, and the universal reading that recognizes everything),
with that view's rejections and its reading of groups. Claims are folded as facts.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from terrachron.engine.compiled import CLAIM_OPS, RESTORE, TITLE_OPS, UNIVERSAL, Reading, Step


@dataclass
class World:
    """What has happened to one place after a sequence of steps, under every reading at once."""

    control: tuple[str, ...] = ()
    control_step: str | None = None
    claims: tuple[str, ...] = ()
    title: dict[str, tuple[str, ...]] = field(default_factory=dict)
    title_step: dict[str, str | None] = field(default_factory=dict)
    promises: dict[str, tuple[Step, ...]] = field(default_factory=dict)
    touched: bool = False
    shadow: World | None = None
    """Inside a window (a piece of a windowed place): the world of the record below alone."""

    def copy(self) -> World:
        """A shallow copy whose dicts can be changed without touching this one."""
        return World(
            control=self.control,
            control_step=self.control_step,
            claims=self.claims,
            title=dict(self.title),
            title_step=dict(self.title_step),
            promises=dict(self.promises),
            touched=self.touched,
            shadow=self.shadow,
        )


def _replace(holders: tuple[str, ...], old: str, new: str) -> tuple[str, ...]:
    if old not in holders:
        return holders
    return tuple(sorted({new if h == old else h for h in holders}))


@dataclass(frozen=True)
class Folder:
    """Folds steps for one place under a fixed set of readings."""

    place: str
    readings: Mapping[str, Reading]
    default_groups: Mapping[str, frozenset[str]]
    instrument_parties: Mapping[str, frozenset[str]]
    memo: dict[object, object] = field(default_factory=dict, compare=False, repr=False)
    """Derivations kept for this place's steps (see :func:`~.explain.build_chain`)."""

    def touches(self, step: Step, reading: Reading) -> bool:
        """Whether ``step`` concerns this place as ``reading`` reads its group."""
        return self.place in reading.members(step, self.default_groups)

    def touches_default(self, step: Step) -> bool:
        """Whether ``step`` concerns this place with groups read as their records state."""
        return self.place in self.readings[UNIVERSAL].members(step, self.default_groups)

    def relevant(self, steps: Iterable[Step]) -> list[Step]:
        """The steps that can concern this place under some reading (successions included)."""
        out = []
        for step in steps:
            if step.op == "succession":
                out.append(step)
            elif step.group is None:
                # Without a group every reading sees the same places: no need to ask each one
                # (this keeps a ledger of thousands of effects quick to load).
                if self.place in step.places:
                    out.append(step)
            elif any(self.touches(step, r) for r in self.readings.values()):
                out.append(step)
        return out

    def recognized(self, step: Step, reading: Reading, world: World) -> bool:
        """Whether ``reading`` gives ``step`` legal effect on this place."""
        if not reading.recognizes(step):
            return False
        if reading.kind == "neutral" and step.instrument is not None:
            # A neutral view recognizes a change only when every polity it affects agreed to it.
            affected = set(step.polities) | set(world.title.get(reading.id, ()))
            return affected <= self.instrument_parties.get(step.instrument, frozenset())
        return True

    def apply(self, world: World, step: Step) -> World:
        """The world after ``step``; ``world`` itself is left unchanged.

        On a piece of a windowed place two worlds are folded side by side: the answer (the
        windowed record's steps, not the record below's dated inside the window) and the
        shadow (the record below alone). The step that closes the window makes the shadow the
        answer, so after the window the piece answers exactly as the record below does.
        """
        if step.op == RESTORE:
            if self.place not in step.places or world.shadow is None:
                return world
            return world.shadow.copy()
        in_overlay = self.place in step.overlay
        in_shadow = self.place in step.shadow
        if world.shadow is None and not (in_overlay or in_shadow):
            return self._apply(world, step)
        below = world.shadow if world.shadow is not None else replace_shadow(world, None)
        out = world.copy() if in_shadow else self._apply(world, step)
        out.shadow = below if in_overlay else self._apply(below, step)
        return out

    def _apply(self, world: World, step: Step) -> World:
        out = world.copy()
        if step.op == "succession":
            old, new = step.from_ or "", step.to or ""
            out.control = _replace(out.control, old, new)
            out.claims = _replace(out.claims, old, new)
            for rid, holders in out.title.items():
                out.title[rid] = _replace(holders, old, new)
            return out
        if self.touches_default(step):
            out.touched = True
            self._apply_control(out, step)
            if step.op in CLAIM_OPS and step.by:
                claims = set(out.claims)
                if step.op == "claim":
                    claims.add(step.by)
                else:
                    claims.discard(step.by)
                out.claims = tuple(sorted(claims))
        for rid, reading in self.readings.items():
            if not self.touches(step, reading):
                continue
            out.touched = True
            if not self.recognized(step, reading, world):
                continue
            if step.op in TITLE_OPS:
                self._apply_title(out, rid, step)
            elif step.op == "promise_transfer":
                out.promises[rid] = (*out.promises.get(rid, ()), step)
            elif step.op == "amend_condition":
                self._amend(out, rid, step)
        return out

    def _amend(self, out: World, rid: str, step: Step) -> None:
        # The promise keeps its id, date and parties; only its condition changes, and it
        # remembers which step changed it so the answer can say so.
        promises = out.promises.get(rid, ())
        out.promises[rid] = tuple(
            replace(p, condition=step.condition, amended_by=step.uid) if p.uid == step.amends else p
            for p in promises
        )

    def _apply_control(self, out: World, step: Step) -> None:
        op = step.op
        new: tuple[str, ...] | None = None
        if op in ("transfer", "cede", "establish") and step.control and step.to:
            new = (step.to,)
        elif op == "condominium" and step.control:
            new = tuple(sorted(step.parties))
        elif op in ("occupy", "administer") and step.by:
            new = (step.by,)
        elif op == "withdraw" and step.by:
            new = tuple(p for p in out.control if p != step.by)
        if new is not None:
            out.control = new
            out.control_step = step.uid

    def _apply_title(self, out: World, rid: str, step: Step) -> None:
        op = step.op
        current = out.title.get(rid, ())
        new: tuple[str, ...]
        if op in ("transfer", "cede", "establish") and step.to:
            new = (step.to,)
        elif op == "annex" and step.by:
            new = (step.by,)
        elif op == "condominium":
            new = tuple(sorted(step.parties))
        elif op == "renounce" and step.by:
            if step.by not in current:
                return  # renouncing what one does not hold changes nothing
            new = tuple(p for p in current if p != step.by)
        else:
            return
        out.title[rid] = new
        out.title_step[rid] = step.uid
        promises = out.promises.get(rid, ())
        if promises:
            # A promise is kept once its beneficiary holds title.
            out.promises[rid] = tuple(p for p in promises if p.to not in new)


def replace_shadow(world: World, shadow: World | None) -> World:
    """A copy of ``world`` with another shadow."""
    out = world.copy()
    out.shadow = shadow
    return out


def fold(folder: Folder, steps: Iterable[Step]) -> World:
    """Apply ``steps`` (already in chronological order) to an empty world."""
    world = World()
    for step in steps:
        world = folder.apply(world, step)
    return world


@dataclass(frozen=True)
class StepIndex:
    """The steps that can concern each place, found once for every place instead of per place.

    :meth:`Folder.relevant` scans every step for one place: asking it for each of ``n`` places
    costs ``n × steps``, hours for a world ledger. The index reads every step once, files it under
    the places it can touch under some reading, and keeps successions (which concern every place
    whose holders they rename) apart; :meth:`for_place` merges the two in chronological order and
    returns exactly what :meth:`Folder.relevant` returns.
    """

    steps: tuple[Step, ...]
    by_place: Mapping[str, tuple[int, ...]]
    successions: tuple[int, ...]

    @classmethod
    def build(
        cls,
        steps: Iterable[Step],
        readings: Mapping[str, Reading],
        default_groups: Mapping[str, frozenset[str]],
    ) -> StepIndex:
        """Index ``steps`` (already in chronological order) under every reading of groups."""
        ordered = tuple(steps)
        by_place: dict[str, list[int]] = {}
        successions: list[int] = []
        # Every place any reading puts in a group: the union is what Folder.relevant asks about.
        group_members: dict[str, set[str]] = {}
        for gid, members in default_groups.items():
            group_members.setdefault(gid, set()).update(members)
        for reading in readings.values():
            for gid, members in reading.groups.items():
                group_members.setdefault(gid, set()).update(members)
        for i, step in enumerate(ordered):
            if step.op == "succession":
                successions.append(i)
                continue
            places: Iterable[str] = step.places
            if step.group is not None:
                places = step.places | group_members.get(step.group, set())
            for place in places:
                by_place.setdefault(place, []).append(i)
        return cls(
            ordered,
            {p: tuple(ix) for p, ix in by_place.items()},
            tuple(successions),
        )

    def for_place(self, place: str) -> list[Step]:
        """The steps that can concern ``place``, successions included, in chronological order."""
        own = self.by_place.get(place, ())
        if not self.successions:
            return [self.steps[i] for i in own]
        return [self.steps[i] for i in heapq.merge(own, self.successions)]
