"""The gold set: it parses, its ledger validates, and the extractor keeps its scores.

The seed article is held to the issue's targets. The development articles (rounds 4 and 5, once
held out, among them) are held to the figures they had before the trained pipeline came in
(issue 17: "on the development set no lower than today's figures"), and the default output to
its precision-first promise. Held-out articles are reported by bench/extract.py, not enforced.
"""

from __future__ import annotations

import pytest

from terrachron.errors import Severity
from terrachron.extract.confidence import DEFAULT_THRESHOLD
from terrachron.extract.evaluate import FIELDS, evaluate, load_gold, scores_at
from terrachron.query import check_ledger

from .conftest import GOLD, SEED, TEST_LEDGER

TARGETS = {"instruments": 0.9, "dates": 0.9, "places": 0.85, "polities": 0.85, "effects": 0.75}
DEV_FLOORS = {"instruments": 0.87, "dates": 0.98, "places": 0.89, "polities": 0.93, "effects": 0.75}
"""Dev F1 of the pattern extractor at 8074e6a, over the 28 dev articles (r5 included)."""


def test_the_reference_ledger_validates() -> None:
    _, problems = check_ledger(TEST_LEDGER)
    assert [p for p in problems if p.severity is Severity.ERROR] == []


def test_the_gold_files_parse_and_name_real_spans() -> None:
    gold = load_gold(GOLD)
    assert len(gold) >= 14
    # Round 6, the next held-out set, lives on its own branch until it is scored.
    assert sum(1 for g in gold if g.gold.split == "dev") >= 25
    for item in gold:
        if not item.text_path.is_file():
            continue
        text = item.text_path.read_text(encoding="utf-8")
        for d in item.gold.dates:
            assert d.text in text, (item.name, d.text)


def test_dev_scores_keep_their_floor_and_the_default_output_its_precision() -> None:
    report = evaluate(GOLD, threshold=0.0)  # everything drafted, as with --all
    dev = report.scores["dev"]
    for kind in FIELDS:
        assert dev[kind].f1 >= DEV_FLOORS[kind], (kind, dev[kind].misses, dev[kind].extras)
    # The default output trades recall for precision (docs/extract.md states what it drops).
    default = scores_at(report, DEFAULT_THRESHOLD)["dev"]
    for kind in FIELDS:
        assert default[kind].precision >= 0.9, (kind, default[kind].extras)


@pytest.mark.skipif(not SEED.is_file(), reason="the seed article lives in ../shared/sources")
def test_seed_scores_meet_the_targets() -> None:
    report = evaluate(GOLD, ["fushita-2019"])
    seed = report.scores["seed"]
    for kind in FIELDS:
        assert seed[kind].f1 >= TARGETS[kind], (kind, seed[kind].misses, seed[kind].extras)
