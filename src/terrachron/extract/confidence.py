"""Precision first: the draft keeps only the fields whose evidence is confident enough.

Every drafted field carries a confidence in its evidence (:class:`~.records.Evidence`), set by
the stage that found it from what it rests on: a gazetteer name or a name only the entity
recogniser calls a place, roles the parse and the cue table read alike or differently (see
:mod:`.syntax`), an anaphor near or far from its antecedent, a date by its precision.
:func:`keep_confident` drops what lies below a threshold. :data:`DEFAULT_THRESHOLD` was chosen on
the development articles (:data:`DEFAULT_THRESHOLD` says how; ``bench/extract.py`` prints the
sweep); ``terrachron extract --all`` keeps everything.
"""

from __future__ import annotations

from dataclasses import replace

from terrachron.extract.records import DraftEffect, DraftEntity, DraftInstrument, Extraction

__all__ = ["DEFAULT_THRESHOLD", "keep_confident"]

DEFAULT_THRESHOLD = 0.6
"""The confidence a field needs to be kept by default, chosen on the development set.

The rule (``bench/extract.py`` prints the sweep): the lowest threshold at which every field
kind keeps a precision of at least 0.9 on the dev articles, with no band of confidences
0.05 wide and of at least 5 fields whose own precision is below 0.9 kept. On the 28 dev
articles the band dropped is the effects that the cue table and the parse read differently
(0.55: 4 right, 1 wrong), with the parse's own weakest reads below it.
"""


def keep_confident(draft: Extraction, threshold: float = DEFAULT_THRESHOLD) -> Extraction:
    """Return ``draft`` without the fields whose confidence is below ``threshold``.

    Effects, instruments (by their title's evidence) and dates are kept on their own
    confidence. A place or polity is kept on its own confidence, or when a kept instrument or
    effect names it, so that a kept record never points at a dropped one. A note says how many
    fields were left out.

    Parameters
    ----------
    draft : Extraction
    threshold : float
        In [0, 1]; 0 keeps everything.

    Returns
    -------
    Extraction
    """
    if not 0.0 <= threshold <= 1.0:
        raise ValueError(f"a confidence threshold is between 0 and 1, not {threshold}")
    dropped = 0

    def effects(items: tuple[DraftEffect, ...]) -> tuple[DraftEffect, ...]:
        nonlocal dropped
        kept = tuple(e for e in items if e.evidence.confidence >= threshold)
        dropped += len(items) - len(kept)
        return kept

    instruments: list[DraftInstrument] = []
    for inst in draft.instruments:
        title = inst.evidence.get("title")
        if inst.status == "new" and title is not None and title.confidence < threshold:
            dropped += 1 + len(inst.effects)
            continue
        instruments.append(replace(inst, effects=effects(inst.effects)))
    loose = effects(draft.loose_effects)
    named: set[str] = set()
    for inst in instruments:
        named.update(inst.parties)
    for e in (*loose, *(e for i in instruments for e in i.effects)):
        named.update(x for x in (*e.targets, e.from_, e.to, e.by) if x)

    def entities(items: tuple[DraftEntity, ...]) -> tuple[DraftEntity, ...]:
        nonlocal dropped
        kept = tuple(x for x in items if x.evidence.confidence >= threshold or x.id in named)
        dropped += len(items) - len(kept)
        return kept

    dates = tuple(d for d in draft.dates if d[0].confidence >= threshold)
    dropped += len(draft.dates) - len(dates)
    notes = draft.notes
    if dropped:
        notes = (
            *notes,
            f"{dropped} field(s) with a confidence below {threshold:g} left out "
            "(terrachron extract --all shows them)",
        )
    return replace(
        draft,
        instruments=tuple(instruments),
        places=entities(draft.places),
        polities=entities(draft.polities),
        dates=dates,
        loose_effects=loose,
        notes=notes,
    )
