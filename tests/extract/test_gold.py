"""The gold set: it parses, its ledger validates, and the extractor keeps its scores.

The thresholds are the issue's targets, checked on the seed article and the development articles
(the held-out ones are reported by bench/extract.py, not enforced: they measure, not steer).
"""

from __future__ import annotations

import pytest

from terrachron.errors import Severity
from terrachron.extract.evaluate import FIELDS, evaluate, load_gold
from terrachron.query import check_ledger

from .conftest import GOLD, SEED, TEST_LEDGER

TARGETS = {"instruments": 0.9, "dates": 0.9, "places": 0.85, "polities": 0.85, "effects": 0.75}


def test_the_reference_ledger_validates() -> None:
    _, problems = check_ledger(TEST_LEDGER)
    assert [p for p in problems if p.severity is Severity.ERROR] == []


def test_the_gold_files_parse_and_name_real_spans() -> None:
    gold = load_gold(GOLD)
    assert len(gold) >= 14
    assert sum(1 for g in gold if g.gold.split == "dev") >= 10
    assert sum(1 for g in gold if g.gold.split == "holdout") >= 3
    for item in gold:
        if not item.text_path.is_file():
            continue
        text = item.text_path.read_text(encoding="utf-8")
        for d in item.gold.dates:
            assert d.text in text, (item.name, d.text)


def test_dev_scores_meet_the_targets() -> None:
    report = evaluate(GOLD)
    dev = report.scores["dev"]
    for kind in FIELDS:
        assert dev[kind].f1 >= TARGETS[kind], (kind, dev[kind].misses, dev[kind].extras)


@pytest.mark.skipif(not SEED.is_file(), reason="the seed article lives in ../shared/sources")
def test_seed_scores_meet_the_targets() -> None:
    report = evaluate(GOLD, ["fushita-2019"])
    seed = report.scores["seed"]
    for kind in FIELDS:
        assert seed[kind].f1 >= TARGETS[kind], (kind, seed[kind].misses, seed[kind].extras)
