"""The curated ledgers of Europe and the Middle East: clean on their own, right inside the world."""

from __future__ import annotations

import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest
import yaml

import terrachron
from terrachron import check_ledger

DATA = Path(str(resources.files("terrachron") / "data"))
REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"
CURATED = (
    "germany-borders",
    "italy-adriatic",
    "finland-soviet",
    "romania-soviet",
    "crimea",
    "cyprus",
    "hatay",
    "yugoslavia",
)


@pytest.mark.parametrize("name", CURATED)
def test_each_curated_ledger_validates_clean(name: str) -> None:
    files, problems = check_ledger(DATA / name)
    assert [str(p) for p in problems] == []
    assert files.places
    assert files.instruments


@pytest.mark.parametrize("name", CURATED)
def test_every_instrument_cites_a_source_by_locator(name: str) -> None:
    for path in sorted((DATA / name / "instruments").glob("*.yaml")):
        record = yaml.safe_load(path.read_text("utf-8"))
        assert record["sources"], path
        for citation in record["sources"]:
            assert citation.get("locator"), f"{path}: {citation}"


def test_curated_place_ids_are_not_the_imports() -> None:
    # The same id in two ledgers is one record (the higher wins), so a clash would silently
    # replace an imported place and let its effects apply to the curated outline.
    import pyarrow.parquet as pq

    table = pq.read_table(
        DATA / "historical-basemaps" / "tables" / "places.parquet", columns=["id"]
    )
    imported = set(table.column("id").to_pylist())
    mine = {p.stem for n in CURATED for p in (DATA / n / "places").glob("*.yaml")}
    assert mine
    assert sorted(mine & imported) == []


def test_the_world_ranks_the_curated_ledgers_above_the_import() -> None:
    includes = yaml.safe_load((DATA / "world" / "ledger.yaml").read_text("utf-8"))["includes"]
    assert includes.index("historical-basemaps") > max(includes.index(n) for n in CURATED)


def test_committed_outlines_come_from_their_recipes() -> None:
    if not (SHARED / "historical-basemaps").is_dir():
        pytest.skip(f"{SHARED} is not there (see docs/import.md)")
    run = [
        sys.executable,
        str(REPO / "scripts" / "derive_geometry.py"),
        *(str(DATA / n) for n in CURATED),
        "--data",
        str(SHARED),
        "--check",
    ]
    result = subprocess.run(run, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def world() -> terrachron.Ledger:
    return terrachron.open_ledger(DATA / "world")


# (name, lon, lat, date, de facto controller as history records it, deciding ledger)
FAMOUS = [
    ("Strasbourg under the Reichsland", 7.75, 48.58, "1900-07-01", "germany", "germany-borders"),
    ("Strasbourg after 1918", 7.75, 48.58, "1925-07-01", "france", "germany-borders"),
    (
        "Saarbrücken under the League",
        7.0,
        49.23,
        "1925-07-01",
        "league-of-nations",
        "germany-borders",
    ),
    ("Saarbrücken after the plebiscite", 7.0, 49.23, "1936-07-01", "germany", "germany-borders"),
    ("Eupen before 1920", 6.03, 50.63, "1910-07-01", "germany", "germany-borders"),
    ("Danzig, Free City", 18.65, 54.35, "1930-07-01", "danzig", "germany-borders"),
    ("Klaipėda in 1930", 21.14, 55.71, "1930-07-01", "lithuania", "germany-borders"),
    ("Rijeka, Free State", 14.44, 45.33, "1921-07-01", "fiume", "italy-adriatic"),
    ("Trieste, Zone A", 13.77, 45.65, "1950-07-01", "allied-military-government", "italy-adriatic"),
    ("Rhodes after the war", 28.22, 36.43, "1960-07-01", "greece", "italy-adriatic"),
    ("Vyborg in 1930", 28.75, 60.71, "1930-07-01", "finland", "finland-soviet"),
    ("Chișinău in 1930", 28.83, 47.01, "1930-07-01", "romania", "romania-soviet"),
    ("Simferopol in 2015", 34.10, 44.95, "2015-07-01", "russia", "crimea"),
    (
        "Kyrenia in 2000",
        33.35,
        35.30,
        "2000-07-01",
        "turkish-republic-of-northern-cyprus",
        "cyprus",
    ),
    ("Antakya in 1930", 36.16, 36.20, "1930-07-01", "france", "hatay"),
    ("Sarajevo in 1900", 18.41, 43.86, "1900-07-01", "austria-hungary", "yugoslavia"),
    ("Pristina in 2003", 21.17, 42.66, "2003-07-01", "united-nations", "yugoslavia"),
]


def test_famous_points_through_the_curated_ledgers(world: terrachron.Ledger) -> None:
    got = world.locate([c[1] for c in FAMOUS], [c[2] for c in FAMOUS], [c[3] for c in FAMOUS])
    wrong = [
        (case[0], controller)
        for case, controller in zip(FAMOUS, got["controller"].astype(object), strict=True)
        if controller != case[4]
    ]
    assert wrong == []
    for case, place in zip(FAMOUS, got["place"].astype(object), strict=True):
        status = world.status(str(place), case[3])
        assert case[5] in {link.ledger for link in status.chain}, case[0]


def test_the_transfer_of_crimea_is_read_per_view(world: terrachron.Ledger) -> None:
    assert world.status("crimea", "2015-07-01", "ukraine").answer.title == ("ukraine",)
    assert world.status("crimea", "2015-07-01", "russia").answer.title == ("russia",)
