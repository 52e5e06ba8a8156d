"""Precision first (terrachron.extract.confidence): what the default output keeps."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from terrachron.extract import Document, Extractor
from terrachron.extract.confidence import DEFAULT_THRESHOLD, keep_confident
from terrachron.extract.records import Extraction

TEXT = (
    "On 30 March 1867 Russia sold Alaska to the United States.\n\n"
    "By the Treaty of Lima of 3 June 1929 Tacna was returned to Peru while Arica passed for "
    "good to Chile."
)


@pytest.fixture(scope="module")
def draft(ref_extractor: Extractor) -> Extraction:
    return ref_extractor.extract(Document.from_text(TEXT, "2020-01-01"))


def test_the_default_drops_the_weak_reads_and_says_so(draft: Extraction) -> None:
    weak = [e for _, e in draft.effects if e.evidence.confidence < DEFAULT_THRESHOLD]
    assert weak, "the parse-only read of Arica should be below the threshold"
    kept = keep_confident(draft)
    assert all(e.evidence.confidence >= DEFAULT_THRESHOLD for _, e in kept.effects)
    assert len(kept.effects) == len(draft.effects) - len(weak)
    assert any("left out" in n and "--all" in n for n in kept.notes)


def test_zero_keeps_everything(draft: Extraction) -> None:
    assert keep_confident(draft, 0.0) == replace(draft)


def test_a_kept_record_never_names_a_dropped_one(draft: Extraction) -> None:
    kept = keep_confident(draft, 0.95)
    ids = {x.id for x in (*kept.places, *kept.polities)}
    for inst in kept.instruments:
        assert set(inst.parties) <= ids | {x.id for x in (*draft.places, *draft.polities)}
    for _, e in kept.effects:
        named = {x for x in (*e.targets, e.from_, e.to, e.by) if x}
        assert named <= ids


def test_a_threshold_outside_zero_to_one_is_refused(draft: Extraction) -> None:
    with pytest.raises(ValueError, match="between 0 and 1"):
        keep_confident(draft, 1.5)


@settings(max_examples=25, deadline=None)
@given(a=st.floats(0, 1), b=st.floats(0, 1))
def test_a_higher_threshold_keeps_a_subset(draft: Extraction, a: float, b: float) -> None:
    lo, hi = sorted((a, b))
    low, high = keep_confident(draft, lo), keep_confident(draft, hi)
    assert {(i, e) for i, e in high.effects} <= {(i, e) for i, e in low.effects}
    assert set(high.places) <= set(low.places)
    assert set(high.dates) <= set(low.dates)
    assert all(e.evidence.confidence >= hi for _, e in high.effects)
    assert all(d[0].confidence >= hi for d in high.dates)
