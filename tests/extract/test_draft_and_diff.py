"""Drafts: YAML and JSON output, accepting into a ledger that then validates, and the diff."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml

import terrachron
from terrachron.errors import Severity
from terrachron.extract import Extractor, read_path
from terrachron.extract.diff import diff
from terrachron.extract.draft import accept, draft_data, dump_draft, load_draft
from terrachron.query import check_ledger

from .conftest import ARTICLES, TEST_LEDGER


def test_the_draft_uses_ledger_fields_and_keeps_evidence_apart(ref_extractor: Extractor) -> None:
    draft = ref_extractor.extract(read_path(ARTICLES / "hong-kong-1997.txt")[0])
    data = yaml.safe_load(dump_draft([draft]).split("\n", 2)[2])
    inst = next(i for i in data["instruments"] if i["id"] == "treaty-of-nanking-1842")
    assert inst["signed"] == "1842-08-29"
    assert inst["x-status"] == "linked"
    ev = inst["x-evidence"]["signed"]
    text = (ARTICLES / "hong-kong-1997.txt").read_text(encoding="utf-8")
    assert text[ev["chars"][0] : ev["chars"][1]] == ev["text"] == "29 August 1842"
    effect = inst["effects"][0]
    assert {k for k in effect if not k.startswith("x-")} == {"op", "from", "to", "places"}
    as_json = json.loads(dump_draft([draft], "json"))
    assert as_json["instruments"][0]["id"] == data["instruments"][0]["id"]


def test_an_accepted_draft_validates(ref_extractor: Extractor, tmp_path: Path) -> None:
    target = tmp_path / "ledger"
    shutil.copytree(TEST_LEDGER, target)
    for name in ("walvis-bay-1994", "crimea-2014", "heligoland-1890", "hong-kong-1997"):
        draft = ref_extractor.extract(read_path(ARTICLES / f"{name}.txt")[0])
        path = tmp_path / f"{name}.yaml"
        path.write_text(dump_draft([draft]), encoding="utf-8")
        report = accept(load_draft(path), target)
        assert report.written
    _, problems = check_ledger(target)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    assert errors == []
    ledger = terrachron.open_ledger(target)
    assert "penguin-islands" in ledger.places
    assert "denmark" in ledger.polities
    # Nothing is written twice.
    again = accept(load_draft(tmp_path / "crimea-2014.yaml"), target)
    assert again.written == []


def test_accept_strips_evidence_and_reports_what_it_drops(tmp_path: Path) -> None:
    draft = {
        "polities": [{"id": "a", "names": {"en": "A"}, "lifespan": "../..", "x-status": "new"}],
        "places": [{"id": "p", "names": {"en": "P"}, "x-kind": "place"}],
        "instruments": [
            {
                "id": "x-treaty",
                "kind": "treaty",
                "title": "A treaty",
                "signed": "1900",
                "summary": "s",
                "effects": [
                    {"op": "transfer", "to": "a", "places": ["p"], "x-evidence": {}},
                    {"op": "occupy", "by": "a", "places": ["p"]},
                ],
                "x-status": "new",
            }
        ],
    }
    report = accept([draft], tmp_path)
    assert len(report.written) == 3
    assert "from" in report.skipped[0]
    written = yaml.safe_load(report.written[-1].read_text(encoding="utf-8"))
    assert "x-status" not in written
    assert [e["op"] for e in written["effects"]] == ["occupy"]


def _altered_ledger(tmp_path: Path) -> Path:
    """The reference ledger with the Alaska treaty signed a year late and a wrong party."""
    target = tmp_path / "altered"
    shutil.copytree(TEST_LEDGER, target)
    path = target / "instruments" / "instruments.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace('signed: "1867-03-30"', 'signed: "1868-03-30"')
    text = text.replace('in_force: "1867-06-20"', 'in_force: "1868-06-20"')
    text = text.replace('date: "1867-10-18"', 'date: "1868-10-18"')
    text = text.replace(
        "parties: [russian-empire, united-states]", "parties: [united-kingdom, united-states]"
    )
    path.write_text(text, encoding="utf-8")
    return target


def test_diff_lists_new_agreeing_and_contradicting_facts(
    ref_ledger: terrachron.Ledger, ref_extractor: Extractor, tmp_path: Path
) -> None:
    doc = read_path(ARTICLES / "alaska-1867.txt")[0]
    items = diff(ref_extractor.extract(doc), ref_ledger)
    verdicts = {(i.subject, i.field): i.verdict for i in items}
    assert verdicts[("alaska-treaty-1867", "signed")] == "agrees"
    altered = terrachron.open_ledger(_altered_ledger(tmp_path))
    items = diff(Extractor(altered).extract(doc), altered)
    by_field = {(i.subject, i.field, i.draft): i for i in items}
    signed = by_field[("alaska-treaty-1867", "signed", "1867-03-30")]
    assert signed.verdict == "contradicts"
    assert signed.ledger is not None
    assert "1868-03-30" in signed.ledger
    assert by_field[("alaska-treaty-1867", "party", "russian-empire")].verdict == "contradicts"
    effect = next(i for i in items if i.field == "effect")
    assert effect.verdict == "agrees"


def test_diff_reports_new_entities(ref_ledger: terrachron.Ledger, ref_extractor: Extractor) -> None:
    doc = read_path(ARTICLES / "heligoland-1890.txt")[0]
    items = diff(ref_extractor.extract(doc), ref_ledger)
    new = {(i.field, i.subject) for i in items if i.verdict == "new"}
    assert ("place", "heligoland") in new
    assert ("polity", "denmark") in new
    assert ("instrument", "heligoland-zanzibar-treaty-1890") in new
    assert draft_data(ref_extractor.extract(doc))["draft"]["ledger"] == "extract-test"
