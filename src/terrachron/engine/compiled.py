"""Effects compiled for the fold: dates as day ranges, targets resolved per reading of groups.

The engine never reads YAML records directly in its hot loop; it reads these flat, frozen
records, one per effect plus one per succession of polities.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from terrachron.dates import EdtfDate, day_to_iso
from terrachron.model import (
    AffirmEffect,
    AmendConditionEffect,
    AnnexEffect,
    Citation,
    ClaimEffect,
    CondominiumEffect,
    ControlEffect,
    Effect,
    EstablishEffect,
    Group,
    Instrument,
    Polity,
    PromiseEffect,
    RenounceEffect,
    TransferEffect,
    View,
    WithdrawEffect,
)

TITLE_OPS = frozenset({"transfer", "cede", "establish", "annex", "renounce", "condominium"})
CONTROL_OPS = frozenset({"occupy", "administer", "withdraw"})
CLAIM_OPS = frozenset({"claim", "drop_claim"})
UNIVERSAL = "*"
"""The reading that recognizes every instrument: used for polities that have no view."""


@dataclass(frozen=True, slots=True)
class Step:
    """One effect as the engine folds it (or a succession of polities, ``op == 'succession'``)."""

    uid: str
    order: int
    op: str
    instrument: str | None
    date: EdtfDate
    places: frozenset[str]
    group: str | None
    to: str | None = None
    from_: str | None = None
    by: str | None = None
    parties: tuple[str, ...] = ()
    condition: str | None = None
    affirms: str | None = None
    amends: str | None = None
    amended_by: str | None = None
    control: bool = True
    hypothetical: bool = False
    note: str | None = None
    # Windowed places (see terrachron.ledger.merge): on the places in ``overlay`` the step is the
    # windowed record's and counts only until its window closes; on the places in ``shadow`` it
    # is the record below's, set aside inside the window and restored when it closes.
    overlay: frozenset[str] = frozenset()
    shadow: frozenset[str] = frozenset()

    @property
    def lo(self) -> int:
        """First day the step may have taken hold."""
        return self.date.lo

    @property
    def hi(self) -> int:
        """Day by which the step has certainly taken hold."""
        return self.date.hi

    @property
    def sort_key(self) -> tuple[int, int, int]:
        """Chronological order; ties keep the ledger's own order."""
        return (self.date.lo, self.date.hi, self.order)

    @property
    def polities(self) -> tuple[str, ...]:
        """Every polity this step names."""
        named = [self.to, self.from_, self.by, *self.parties]
        return tuple(p for p in named if p)


@dataclass(frozen=True)
class Windows:
    """What the merge made of windowed places (``overrides:``), for the compiler.

    Attributes
    ----------
    ends : dict
        Windowed place id -> (its window as an EDTF date, the ids of the pieces it became).
    overlay : dict
        Effect uid -> the pieces on which it is the windowed record's (counts until the window
        closes).
    shadow : dict
        Effect uid -> the pieces on which it is the record below's and dated inside the window
        (set aside there, restored when the window closes).
    owner : dict
        Effect uid -> the windowed place whose record it is (for the effects in ``overlay``).
    """

    ends: dict[str, tuple[EdtfDate, tuple[str, ...]]] = field(default_factory=dict)
    overlay: dict[str, frozenset[str]] = field(default_factory=dict)
    shadow: dict[str, frozenset[str]] = field(default_factory=dict)
    owner: dict[str, str] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.ends)


RESTORE = "restore"
"""The op of the step that closes a window: the record below answers again from that day."""


@dataclass(frozen=True)
class Reading:
    """How one view reads the ledger: which steps it recognizes and group membership."""

    id: str
    kind: str
    polity: str | None
    rejects: frozenset[str]
    groups: Mapping[str, frozenset[str]]
    speaks_for: frozenset[str] = field(default_factory=frozenset)

    def members(self, step: Step, default_groups: Mapping[str, frozenset[str]]) -> frozenset[str]:
        """The places a step touches as this view reads its group."""
        if step.group is None:
            return step.places
        members = self.groups.get(step.group, default_groups.get(step.group, frozenset()))
        return step.places | members

    def recognizes(self, step: Step) -> bool:
        """Whether this view recognizes a step (by its instrument or its own id)."""
        if step.instrument is not None and step.instrument in self.rejects:
            return False
        return step.uid not in self.rejects


@dataclass(frozen=True, slots=True)
class InstrumentHead:
    """What an answer's chain cites of an instrument: its title, sources and parties.

    Kept apart from the full record so that an answer needs no effect list: a world ledger's
    snapshot instruments carry thousands of effects each, which the compiled cache then need
    not unpickle to answer a status.
    """

    title: str
    sources: tuple[Citation, ...]
    parties: frozenset[str]

    @classmethod
    def of(cls, instrument: Instrument) -> InstrumentHead:
        """The head of one instrument record."""
        return cls(instrument.title, tuple(instrument.sources), frozenset(instrument.parties))


def instrument_heads(instruments: Mapping[str, Instrument]) -> dict[str, InstrumentHead]:
    """Every instrument's head, by id."""
    return {iid: InstrumentHead.of(instrument) for iid, instrument in instruments.items()}


def effect_uid(instrument: Instrument, index: int, effect: Effect) -> str:
    """The stable id of an effect: its own ``id``, else ``<instrument>#<1-based index>``."""
    if effect.id:
        return effect.id if "#" in effect.id else f"{instrument.id}#{effect.id}"
    return f"{instrument.id}#{index + 1}"


def compile_effect(
    instrument: Instrument,
    index: int,
    effect: Effect,
    order: int,
    shared: dict[object, object] | None = None,
) -> Step | None:
    """Turn one effect record into a :class:`Step`; None when it has no date at all.

    ``shared``: equal dates, place sets and notes are given as one object each, so that 10⁵
    steps hold a few thousand distinct values (and the compiled cache stores and loads each
    once).
    """
    date = effect.date or instrument.effective
    if date is None:
        return None
    places = frozenset(effect.places or ())
    note = effect.note
    if shared is not None:
        date = shared.setdefault(date, date)  # type: ignore[assignment]
        places = shared.setdefault(places, places)  # type: ignore[assignment]
        if note is not None:
            note = shared.setdefault(note, note)  # type: ignore[assignment]
    # One constructor call with every field: dataclasses.replace per effect cost a world ledger
    # (10⁵ effects) most of its compile time.
    fields: dict[str, object] = {}
    if isinstance(effect, TransferEffect):
        fields = {"to": effect.to, "from_": effect.from_, "control": effect.control}
    elif isinstance(effect, EstablishEffect):
        fields = {"to": effect.to, "control": effect.control}
    elif isinstance(
        effect, AnnexEffect | RenounceEffect | ControlEffect | WithdrawEffect | ClaimEffect
    ):
        fields = {"by": effect.by}
    elif isinstance(effect, CondominiumEffect):
        fields = {"parties": tuple(effect.parties), "control": effect.control}
    elif isinstance(effect, PromiseEffect):
        fields = {"to": effect.to, "from_": effect.from_, "condition": effect.condition}
    elif isinstance(effect, AmendConditionEffect):
        fields = {"by": effect.by, "amends": effect.amends, "condition": effect.condition}
    elif isinstance(effect, AffirmEffect):
        fields = {"affirms": effect.affirms}
    else:  # pragma: no cover
        raise AssertionError(f"unhandled effect op {effect.op}")
    return Step(
        uid=effect_uid(instrument, index, effect),
        order=order,
        op=effect.op,
        instrument=instrument.id,
        date=date,
        places=places,
        group=effect.group,
        hypothetical=instrument.hypothetical,
        note=note,
        **fields,  # type: ignore[arg-type]
    )


def compile_steps(
    instruments: Mapping[str, Instrument],
    polities: Mapping[str, Polity],
    windows: Windows | None = None,
) -> list[Step]:
    """Every effect of every instrument, plus one succession step per continuing polity.

    ``windows``: the merge's record of windowed places; their steps are marked, and one
    :data:`RESTORE` step per windowed place closes its window the day after it ends.
    """
    steps: list[Step] = []
    order = 0
    shared: dict[object, object] = {}
    for instrument in instruments.values():
        for index, effect in enumerate(instrument.effects):
            step = compile_effect(instrument, index, effect, order, shared)
            order += 1
            if step is not None:
                if windows and (step.uid in windows.overlay or step.uid in windows.shadow):
                    step = replace(
                        step,
                        overlay=windows.overlay.get(step.uid, frozenset()),
                        shadow=windows.shadow.get(step.uid, frozenset()),
                    )
                steps.append(step)
    ends = windows.ends if windows else {}
    for k, (place, (window, pieces)) in enumerate(ends.items()):
        end = window.hi + 1
        iso = day_to_iso(end) or ""
        steps.append(
            Step(
                uid=f"window:{place}",
                # Before every other step of its day: a window that opens the day this one
                # closes (or a change the record below dates that day) must act on the restored
                # world, not be undone by the restore.
                order=k - len(ends),
                op=RESTORE,
                instrument=None,
                date=EdtfDate(text=iso, lo=end, hi=end, precision="day"),
                places=frozenset(pieces),
                group=None,
                note=f"the window of {place} ({window.text}) closed: the record below it "
                "answers again as if it had not been there",
            )
        )
    for polity in polities.values():
        predecessor = polity.continues or polity.succeeds
        if predecessor is None or predecessor not in polities:
            continue
        start = polity.lifespan
        if start.lo <= 0:
            continue
        day = EdtfDate(text=start.lo_iso or "", lo=start.lo, hi=start.lo, precision="day")
        steps.append(
            Step(
                uid=f"succession:{predecessor}>{polity.id}",
                order=order,
                op="succession",
                instrument=None,
                date=day,
                places=frozenset(),
                group=None,
                to=polity.id,
                from_=predecessor,
                parties=("continues",) if polity.continues else ("succeeds",),
            )
        )
        order += 1
    steps.sort(key=lambda s: s.sort_key)
    return steps


def build_readings(
    views: Mapping[str, View], polities: Mapping[str, Polity], groups: Mapping[str, Group]
) -> dict[str, Reading]:
    """One :class:`Reading` per view, plus the universal reading under :data:`UNIVERSAL`."""
    continued: dict[str, list[str]] = {}
    for polity in polities.values():
        if polity.continues:
            continued.setdefault(polity.id, []).append(polity.continues)

    def lineage(pid: str) -> frozenset[str]:
        seen: set[str] = set()
        stack = [pid]
        while stack:
            cur = stack.pop()
            if cur in seen:
                continue
            seen.add(cur)
            stack.extend(continued.get(cur, ()))
        return frozenset(seen)

    readings: dict[str, Reading] = {}
    for view in views.values():
        readings[view.id] = Reading(
            id=view.id,
            kind=view.kind,
            polity=view.polity,
            rejects=frozenset(view.rejects),
            groups={g: frozenset(m) for g, m in view.groups.items()},
            speaks_for=lineage(view.polity) if view.polity else frozenset(),
        )
    readings[UNIVERSAL] = Reading(
        id=UNIVERSAL, kind="universal", polity=None, rejects=frozenset(), groups={}
    )
    return readings


def default_groups(groups: Mapping[str, Group]) -> dict[str, frozenset[str]]:
    """Each group's membership as its own record states it."""
    return {g.id: frozenset(g.members) for g in groups.values()}
