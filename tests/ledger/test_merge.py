"""``includes:``: the mini ledger over an imported world (tests/data/ledgers/merged)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import terrachron
from terrachron.ledger.tables import EffectRow, write_effects_table

from ..conftest import MINI

LEDGERS = MINI.parent
MERGED = LEDGERS / "merged"
IMPORTED = LEDGERS / "imported"
DAYS = ("1849-01-01", "1860-01-01", "1920-08-15", "1925-01-01", "1950-01-01", "2000-01-01")


@pytest.fixture(scope="module")
def merged() -> terrachron.Ledger:
    return terrachron.open_ledger(MERGED)


def _copy(tmp_path: Path) -> Path:
    for name in ("mini", "imported", "merged"):
        shutil.copytree(LEDGERS / name, tmp_path / name)
    return tmp_path / "merged"


def test_curated_answers_are_unchanged(merged: terrachron.Ledger, mini: terrachron.Ledger) -> None:
    for place in mini.places:
        for view in mini.views:
            for day in DAYS:
                got = merged.status(place, day, view)
                want = mini.status(place, day, view)
                assert got.answer == want.answer, (place, view, day)
                assert got.uncertain == want.uncertain
                assert [c.effect for c in got.chain] == [c.effect for c in want.chain]
                assert {c.ledger for c in got.chain} <= {"mini"}


def test_curated_places_cut_the_faces(merged: terrachron.Ledger) -> None:
    imported = terrachron.open_ledger(IMPORTED)
    assert set(merged.places) == {"north", "south", "face-north", "face-south"}
    for face in ("face-north", "face-south"):
        for place in ("north", "south"):
            shared = merged.geometries[face].intersection(merged.geometries[place])
            assert shared.area == pytest.approx(0.0, abs=1e-12)
    # what the curated places cover is exactly what the faces lost
    kept = {f: merged.geometries[f].area if f in merged.places else 0.0 for f in imported.places}
    lost = sum(imported.geometries[f].area - kept[f] for f in imported.places)
    assert lost == pytest.approx(merged.geometries["north"].area + merged.geometries["south"].area)
    # the islet face lay wholly inside South: gone, with its one effect; the others keep their ids
    assert "face-islet" in imported.places
    ids = [e.id for e in merged.instruments["snapshot-1900"].effects]
    assert ids == ["snapshot-1900#t1", "snapshot-1900#t2"]


def test_the_import_answers_where_the_curated_ledger_is_silent(
    merged: terrachron.Ledger,
) -> None:
    assert merged.status("face-south", "1950-01-01").controller == ("alda",)
    between = merged.status("face-south", "1910-01-01")
    assert between.uncertain
    assert {a.answer.controller for a in between.alternatives} == {("dana",), ("alda",)}
    assert {c.ledger for c in between.chain} == {"imported"}
    assert merged.status("face-north", "1950").answer.claimants == ("alda", "dana")


def test_the_higher_ledger_wins_a_shared_record(merged: terrachron.Ledger) -> None:
    assert merged.polities["alda"].names == {"en": "Alda"}  # mini's, not "Alda (as imported)"
    assert merged.polities["dana"].names == {"en": "Dana"}  # only the import has it
    assert merged.id == "merged"


def test_the_content_hash_covers_every_included_ledger(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    before = terrachron.open_ledger(root).content_hash
    write_effects_table(
        tmp_path / "imported",
        [EffectRow("snapshot-1900", "establish", "face-south", to="alda")],
    )
    after = terrachron.open_ledger(root)
    assert after.content_hash != before
    assert after.status("face-south", "1910-01-01").controller == ("alda",)


def test_problems_of_an_included_ledger_name_its_file(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    write_effects_table(
        tmp_path / "imported",
        [EffectRow("snapshot-1900", "establish", "face-south", to="nobody")],
    )
    _, problems = terrachron.check_ledger(root)
    assert [(p.location, p.rule) for p in problems] == [
        ("../imported/tables/effects.parquet:1:6", "unknown-polity")
    ]


def test_missing_and_cyclic_includes_are_reported(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    (root / "ledger.yaml").write_text(
        "id: merged\ntitle: t\nincludes:\n  - ../imported\n  - ../nowhere\n"
    )
    (tmp_path / "imported" / "ledger.yaml").write_text(
        "id: imported\ntitle: t\nincludes: [../merged]\n"
    )
    _, problems = terrachron.check_ledger(root)
    found = {(p.location, p.rule) for p in problems}
    assert ("ledger.yaml:5:5", "include-missing") in found
    assert ("../imported/ledger.yaml:3:12", "include-cycle") in found


def test_an_instrument_in_two_ledgers_must_be_identical(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    extra = tmp_path / "imported" / "instruments" / "clash.yaml"
    shutil.copy(MINI / "instruments" / "1850-partition.yaml", extra)
    assert terrachron.check_ledger(root)[1] == []  # identical: fine
    extra.write_text(extra.read_text().replace("Partition Treaty", "Another Treaty"))
    _, problems = terrachron.check_ledger(root)
    assert [(p.location, p.rule) for p in problems] == [
        ("../mini/instruments/1850-partition.yaml:1:5", "duplicate-id")
    ]


def test_a_bundled_ledger_can_be_included_by_name(
    tmp_path: Path, bundled: terrachron.Ledger
) -> None:
    (tmp_path / "ledger.yaml").write_text("id: over\ntitle: t\nincludes: [japan-russia]\n")
    over = terrachron.open_ledger(tmp_path)
    assert set(over.places) == set(bundled.places)
    status = over.status("kunashiri", "1950-01-01", "japan")
    assert status.answer == bundled.status("kunashiri", "1950-01-01", "japan").answer
    assert {c.ledger for c in status.chain} == {"japan-russia"}


def test_cli_status_json_and_table_show_the_deciding_ledger() -> None:
    cli = [sys.executable, "-m", "terrachron"]
    out = subprocess.run(
        [*cli, "status", "face-south", "1950-01-01", "--ledger", str(MERGED), "--json"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    assert {c["ledger"] for c in json.loads(out)["chain"]} == {"imported"}
    table = subprocess.run(
        [*cli, "explain", "north", "1950-01-01", "--ledger", str(MERGED)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        env={"COLUMNS": "200", "PATH": ""},
    ).stdout
    assert "ledger" in table
    assert "mini" in table
