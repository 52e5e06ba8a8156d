"""`accept` never loses a record: each reproduction of issue 15's "data loss in accept".

Every test starts from a copy of the mini ledger and checks that what was in the ledger before is
still there, byte for byte, after the accept (whether it wrote or refused).
"""

from __future__ import annotations

import shutil
import stat
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from terrachron.cli import extract_cmd  # noqa: F401  (registers the commands)
from terrachron.cli.app import app
from terrachron.errors import LedgerWriteError, Severity
from terrachron.extract.draft import AcceptConflictError, accept
from terrachron.extract.reader import ExtractError
from terrachron.query import check_ledger, open_ledger

from ..conftest import MINI

GERMAN_EMPIRE = "id: german-empire\nnames: {en: German Empire}\nlifespan: 1871-01-18/1918-11-09\n"


def _snapshot(root: Path) -> dict[str, bytes]:
    """Every file of a ledger folder by relative path (the write lock excluded)."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != ".terrachron-write.lock"
    }


def _errors(root: Path) -> list[str]:
    _, problems = check_ledger(root)
    return [str(p) for p in problems if p.severity is Severity.ERROR]


def _polity(rid: str, name: str, lifespan: str = "../..") -> dict[str, Any]:
    return {"id": rid, "names": {"en": name}, "lifespan": lifespan, "x-status": "new"}


def _draft(*polities: dict[str, Any], **kinds: list[dict[str, Any]]) -> dict[str, Any]:
    return {"instruments": [], "polities": list(polities), **kinds}


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    """The mini ledger plus polities/germany.yaml, a read-only file holding the German Empire."""
    root = tmp_path / "ledger"
    shutil.copytree(MINI, root)
    path = root / "polities" / "germany.yaml"
    path.write_text(GERMAN_EMPIRE, encoding="utf-8")
    path.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    assert _errors(root) == []
    return root


def test_a_file_holding_another_record_is_never_overwritten(ledger: Path) -> None:
    before = _snapshot(ledger)
    report = accept([_draft(_polity("germany", "Germany"))], ledger)
    # The German Empire's file is intact; Germany went under a free name, and the report says so.
    assert _snapshot(ledger).items() >= before.items()
    assert report.written == [ledger / "polities" / "germany-2.yaml"]
    assert any("germany-2.yaml" in note for note in report.notes)
    led = open_ledger(ledger)
    assert {"german-empire", "germany"} <= set(led.polities)


def test_a_symlinked_target_is_not_followed_out_of_the_ledger(ledger: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text("precious: true\n", encoding="utf-8")
    (ledger / "polities" / "france.yaml").symlink_to(outside)
    report = accept([_draft(_polity("france", "France"))], ledger)
    assert outside.read_text(encoding="utf-8") == "precious: true\n"
    assert (ledger / "polities" / "france.yaml").is_symlink()
    assert report.written == [ledger / "polities" / "france-2.yaml"]


def test_a_symlinked_folder_leading_out_is_refused_and_nothing_written(
    ledger: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (ledger / "sources").rename(tmp_path / "sources-moved")
    (ledger / "sources").symlink_to(elsewhere, target_is_directory=True)
    shutil.copytree(tmp_path / "sources-moved", elsewhere, dirs_exist_ok=True)
    before = _snapshot(ledger)
    draft = _draft(
        _polity("france", "France"),
        sources=[{"id": "article", "kind": "article", "title": "An article"}],
    )
    with pytest.raises(LedgerWriteError) as info:
        accept([draft], ledger)
    message = str(info.value)
    assert "symbolic link" in message
    assert "polities/france.yaml" in message
    assert "sources/article.yaml" in message
    assert _snapshot(ledger) == before
    assert sorted(p.name for p in elsewhere.iterdir()) == ["notes.yaml"]


def test_an_id_the_ledger_holds_differently_is_a_conflict_until_replaced(ledger: Path) -> None:
    before = _snapshot(ledger)
    draft = _draft(_polity("german-empire", "Deutsches Reich", "1871/1918"))
    with pytest.raises(AcceptConflictError) as info:
        accept([draft], ledger)
    assert "polities/german-empire" in str(info.value)
    assert "polities/germany.yaml:1" in str(info.value)
    assert "--replace" in str(info.value)
    assert _snapshot(ledger) == before
    report = accept([draft], ledger, replace=["german-empire"])
    assert report.written == [ledger / "polities" / "germany.yaml"]
    assert open_ledger(ledger).polities["german-empire"].names["en"] == "Deutsches Reich"


def test_replace_never_rewrites_a_file_holding_other_records(ledger: Path) -> None:
    before = _snapshot(ledger)
    draft = _draft(_polity("cato", "Catonia"))  # cato lives in polities/all.yaml with three more
    with pytest.raises(ExtractError, match=r"polities/all\.yaml holds other records"):
        accept([draft], ledger, replace=["cato"])
    assert _snapshot(ledger) == before


def test_replace_naming_nothing_to_replace_is_an_error(ledger: Path) -> None:
    with pytest.raises(ExtractError, match="--replace names nowhere"):
        accept([_draft(_polity("france", "France"))], ledger, replace=["nowhere"])


def test_a_record_already_held_unchanged_is_reported_not_dropped(ledger: Path) -> None:
    draft = _draft(
        {
            "id": "german-empire",
            "names": {"en": "German Empire"},
            "lifespan": "1871-01-18/1918-11-09",
        }
    )
    report = accept([draft], ledger)
    assert report.written == []
    assert report.unchanged == ["polities/german-empire"]


def test_a_draft_that_would_break_the_ledger_writes_nothing(ledger: Path) -> None:
    before = _snapshot(ledger)
    instrument = {
        "id": "sale-1950",
        "kind": "treaty",
        "title": "Sale of North",
        "parties": ["alda", "france"],
        "signed": "1950-01-01",
        "summary": "Alda sells North to France.",
        "sources": [{"source": "notes"}],
        "effects": [{"op": "transfer", "from": "alda", "to": "frankia", "places": ["north"]}],
    }
    draft = _draft(_polity("france", "France"), instruments=[instrument])
    with pytest.raises(LedgerWriteError) as info:
        accept([draft], ledger)
    assert "unknown-polity" in str(info.value)
    assert "not written: polities/france.yaml, instruments/sale-1950.yaml" in str(info.value)
    assert _snapshot(ledger) == before


def test_cli_reports_a_conflict_in_one_message_and_exits_2(ledger: Path, tmp_path: Path) -> None:
    draft = tmp_path / "draft.yaml"
    draft.write_text(
        "instruments: []\n"
        "polities:\n  - {id: german-empire, names: {en: Reich}, lifespan: ../..}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["accept", str(draft), "--into", str(ledger)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "--replace" in result.output
    result = CliRunner().invoke(
        app, ["accept", str(draft), "--into", str(ledger), "--replace", "german-empire"]
    )
    assert result.exit_code == 0, result.output
    assert "1 record(s) written" in result.output
