"""Projecting a folded world onto one point of view: the answer a query returns."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from terrachron.engine.compiled import UNIVERSAL, Reading, Step
from terrachron.engine.fold import World

STATUSES = ("unrecorded", "undetermined", "disputed", "occupied", "undisputed")
"""Every status value, in the order the derivation tries them."""


@dataclass(frozen=True, slots=True)
class Pending:
    """A promise of transfer recognized by the view and not yet kept."""

    effect: str
    instrument: str
    to: str
    from_: str | None
    condition: str
    since: str
    amended_by: str | None = None


@dataclass(frozen=True, slots=True)
class Answer:
    """The facts of one place under one view on one day (without the explanation).

    ``title`` is None for a view with no title layer (``de-facto``) and ``()`` when title is
    undetermined.
    """

    controller: tuple[str, ...]
    title: tuple[str, ...] | None
    claimants: tuple[str, ...]
    status: str
    disputed: bool
    occupied: bool
    pending: tuple[Pending, ...]


def claimants_of(world: World, readings: Mapping[str, Reading]) -> dict[str, tuple[str, ...]]:
    """Every claimant, with the title it asserts.

    A polity claims a place when its own view gives it title (jointly or alone) or when it stands
    by an explicit claim. A polity that has no view of its own (nor a continuator with one) is
    taken at the word of the universal reading, which recognizes every instrument.
    """
    spoken: set[str] = set()
    asserted: dict[str, tuple[str, ...]] = {}
    for reading in readings.values():
        if reading.kind != "polity":
            continue
        spoken |= reading.speaks_for
        title = world.title.get(reading.id, ())
        for polity in set(title) & reading.speaks_for:
            asserted[polity] = title
    universal = world.title.get(UNIVERSAL, ())
    for polity in set(universal) - spoken:
        asserted[polity] = universal
    for polity in world.claims:
        asserted.setdefault(polity, (polity,))
    return dict(sorted(asserted.items()))


def project(world: World, view: Reading, readings: Mapping[str, Reading]) -> Answer:
    """The :class:`Answer` that ``view`` gives for ``world``."""
    asserted = claimants_of(world, readings)
    claimants = tuple(asserted)
    # Joint holders of a condominium assert the same title: two claimants dispute a place only
    # when what they assert differs.
    disputed = len(set(asserted.values())) >= 2
    has_title_layer = view.kind != "de-facto"
    layer = view.id if has_title_layer else UNIVERSAL
    title = world.title.get(layer, ())
    promises: tuple[Step, ...] = world.promises.get(layer, ())
    pending = tuple(
        Pending(
            effect=p.uid,
            instrument=p.instrument or "",
            to=p.to or "",
            from_=p.from_,
            condition=p.condition or "",
            since=p.date.text,
            amended_by=p.amended_by,
        )
        for p in promises
    )
    control = world.control
    occupied = bool(has_title_layer and title and control and not set(control) <= set(title))
    if not world.touched:
        status = "unrecorded"
    elif has_title_layer and not title:
        status = "undetermined"
    elif disputed:
        status = "disputed"
    elif occupied:
        status = "occupied"
    else:
        status = "undisputed"
    return Answer(
        controller=control,
        title=title if has_title_layer else None,
        claimants=claimants,
        status=status,
        disputed=disputed,
        occupied=occupied,
        pending=pending,
    )
