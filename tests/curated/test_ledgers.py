"""Checks that hold for every curated ledger the world includes: clean on its own, every instrument
cited by locator and summarised, no place id taken from the import, outlines reproducible from their
recipes, and nothing curated left out of the world."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from terrachron import check_ledger
from tests.curated.conftest import DATA, IMPORT, curated, included

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared" / "data"
# Bundled folders that are not curated ledgers of the world.
NOT_CURATED = {"world", "land", IMPORT}


@pytest.mark.parametrize("name", curated())
def test_each_curated_ledger_validates_clean(name: str) -> None:
    files, problems = check_ledger(DATA / name)
    assert [str(p) for p in problems] == []
    assert files.places
    assert files.instruments


# Citations without a locator (article, chapter, page, or paragraph of a bundled text) in the
# ledgers written before the rule was checked for every ledger: 384 of 899 when first counted, 252
# now. A ratchet: a ledger may only lose gaps, and any ledger not listed has none
# (docs/curated.md lists every remaining one and why).
KNOWN_UNLOCATED = {
    "japan-russia": 9,
    "hong-kong-macau": 14,
    "south-asia": 10,
    "japanese-empire": 15,
    "americas": 13,
    "new-spain": 19,
    "south-america": 21,
    "caribbean": 18,
    "british-north-america": 5,
    "confederacy": 1,
    "southeast-asia": 10,
    "southern-africa": 19,
    "nile-and-horn": 14,
    "western-sahara": 7,
    "african-independence": 18,
    "maghreb": 8,
    "german-africa": 14,
    "new-guinea": 8,
    "pacific-islands": 13,
    "oceania": 8,
    "italian-east-africa": 4,
    "madagascar": 4,
}


@pytest.mark.parametrize("name", curated())
def test_every_instrument_cites_by_locator_and_summarises(name: str) -> None:
    files, _ = check_ledger(DATA / name)
    unlocated = []
    for inst in files.instruments.values():
        assert inst.sources, inst.id
        assert len(inst.summary) > 80, inst.id
        for cite in inst.sources:
            assert cite.source in files.sources, (inst.id, cite.source)
            if not (cite.locator or cite.paragraph is not None or cite.chars):
                unlocated.append((inst.id, cite.source))
    assert len(unlocated) <= KNOWN_UNLOCATED.get(name, 0), unlocated


def test_no_curated_place_takes_an_imported_id() -> None:
    # One id in two ledgers is one record (the higher wins): a clash would let the import's
    # effects apply to the curated outline.
    table = pq.read_table(DATA / IMPORT / "tables" / "places.parquet", columns=["id"])
    imported = set(table.column("id").to_pylist())
    mine = {p.stem for name in curated() for p in (DATA / name / "places").glob("*.yaml")}
    assert mine
    assert sorted(mine & imported) == []


def test_the_import_ranks_last_and_every_curated_folder_is_included() -> None:
    names = included()
    assert names[-1] == IMPORT
    assert len(set(names)) == len(names)
    folders = {p.parent.name for p in DATA.glob("*/ledger.yaml")} - NOT_CURATED
    assert sorted(folders - set(names)) == []


def test_committed_outlines_come_from_their_recipes() -> None:
    if not (SHARED / IMPORT).is_dir() or not (SHARED / "natural-earth").is_dir():
        pytest.skip(f"{SHARED} is not there (see docs/import.md)")
    with_recipes = [n for n in curated() if (DATA / n / "geometry" / "recipes.yaml").is_file()]
    run = [
        sys.executable,
        str(REPO / "scripts" / "derive_geometry.py"),
        *(str(DATA / n) for n in with_recipes),
        "--data",
        str(SHARED),
        "--check",
    ]
    result = subprocess.run(run, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
