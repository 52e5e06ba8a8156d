"""Each miss and extra of a scored article is put to the stage that lost or made it."""

from __future__ import annotations

from pathlib import Path

import pytest

import terrachron
from terrachron.extract.attribute import STAGES, attribute, count_stages
from terrachron.extract.evaluate import FIELDS, Report, evaluate

from .conftest import GOLD, HERE

STAGED = HERE / "data" / "stages"


@pytest.fixture(scope="module")
def sale(ref_ledger: terrachron.Ledger) -> dict[tuple[str, str, str], tuple[str, str]]:
    report = evaluate(STAGED)
    (result,) = report.details.values()
    return {(a.kind, a.side, a.item): (a.stage, a.why) for a in attribute(result, ref_ledger)}


def test_a_principal_read_wrong_is_a_role_on_both_sides(
    sale: dict[tuple[str, str, str], tuple[str, str]],
) -> None:
    # The gold file gives Russia as the recipient; the extractor reads the United States.
    assert sale["effects", "miss", "transfer alaska russian-empire"][0] == "role"
    assert sale["effects", "extra", "transfer alaska united-states"][0] == "role"


def test_a_date_the_grammar_cannot_read_is_a_mention(
    sale: dict[tuple[str, str, str], tuple[str, str]],
) -> None:
    stage, why = sale["dates", "miss", "the Ides of March=1867-03-15"]
    assert stage == "mention"
    assert "no date" in why


def test_a_named_polity_the_gold_leaves_out_is_a_role(
    sale: dict[tuple[str, str, str], tuple[str, str]],
) -> None:
    assert sale["polities", "extra", "united-states"][0] == "role"
    assert len(sale) == 4  # nothing else was missed or made up


@pytest.fixture(scope="module")
def dev_report() -> Report:
    return evaluate(GOLD, names=("savoy-nice-1860", "hatay-1939", "r4-2", "crimea-2014"))


def test_every_miss_and_extra_is_put_to_one_stage(
    dev_report: Report, ref_ledger: terrachron.Ledger
) -> None:
    found = [a for r in dev_report.details.values() for a in attribute(r, ref_ledger)]
    counts = count_stages(found)
    for kind in FIELDS:
        wrong = dev_report.scores["dev"][kind]
        assert sum(counts.get(kind, {}).values()) == wrong.fp + wrong.fn
    assert {a.stage for a in found} <= set(STAGES)
    assert all(a.why for a in found)
    # The four articles miss instruments the sentences never drafted as well as ones they did.
    assert {a.stage for a in found if a.kind == "instruments"} - {"assembly"}


def test_the_stages_of_a_reading_are_kept(dev_report: Report) -> None:
    result = dev_report.details["savoy-nice-1860"]
    reading = result.reading
    assert reading.article.sentences
    assert reading.article.names
    assert reading.article.cues
    # Assembly merges and drops; the instruments the sentences drafted are kept as they were.
    assert len(reading.opened) >= len(reading.extraction.instruments)
    assert Path(result.item.text_path).name == "savoy-nice-1860.txt"
