"""Europe's occupations of 1938–1945 as windowed places over the import (europe-ww2): clean on
its own, and right through the world ledger at famous places before, during and after the war."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
import yaml

import terrachron
from terrachron import check_ledger

DATA = Path(str(resources.files("terrachron") / "data"))

# (what, lon, lat, date, de facto controller history records).
FAMOUS = [
    ("Warsaw", 21.01, 52.23, "1942-06-01", "germany"),
    ("Poznań", 16.93, 52.41, "1941-06-01", "germany"),
    ("Lviv", 24.03, 49.84, "1940-06-01", "soviet-union"),
    ("Lviv", 24.03, 49.84, "1943-06-01", "germany"),
    ("Pinsk", 26.1, 52.11, "1940-06-01", "soviet-union"),
    ("Vilnius", 25.28, 54.69, "1925-06-01", "poland"),
    ("Vilnius", 25.28, 54.69, "1940-01-01", "lithuania"),
    ("Vilnius", 25.28, 54.69, "1941-03-01", "soviet-union"),
    ("Vilnius", 25.28, 54.69, "1942-06-01", "germany"),
    ("Riga", 24.1, 56.95, "1941-03-01", "soviet-union"),
    ("Riga", 24.1, 56.95, "1943-06-01", "germany"),
    ("Minsk", 27.56, 53.9, "1942-06-01", "germany"),
    ("Kyiv", 30.52, 50.45, "1942-06-01", "germany"),
    ("Prague", 14.42, 50.09, "1940-06-01", "germany"),
    ("Vienna", 16.37, 48.21, "1940-06-01", "germany"),
    ("Oslo", 10.75, 59.91, "1942-06-01", "germany"),
    ("Utrecht", 5.12, 52.09, "1942-06-01", "germany"),
    ("Brussels", 4.35, 50.85, "1942-06-01", "germany"),
    ("Paris", 2.35, 48.86, "1942-06-01", "germany"),
    ("Lyon", 4.83, 45.76, "1941-06-01", "vichy-france"),
    ("Lyon", 4.83, 45.76, "1943-06-01", "germany"),
    ("Zagreb", 15.98, 45.81, "1942-06-01", "independent-state-of-croatia"),
    ("Ljubljana", 14.51, 46.05, "1942-06-01", "italy"),
    ("Belgrade", 20.46, 44.81, "1942-06-01", "germany"),
    ("Novi Sad", 19.84, 45.25, "1942-06-01", "hungary"),
    ("Skopje", 21.43, 42.0, "1942-06-01", "bulgaria"),
    ("Athens", 23.73, 37.98, "1942-06-01", "germany"),
    ("Tirana", 19.82, 41.33, "1940-06-01", "italy"),
    ("Cluj", 23.6, 46.77, "1942-06-01", "hungary"),
]


@pytest.fixture(scope="module")
def world() -> terrachron.Ledger:
    return terrachron.open_ledger(DATA / "world")


def test_the_ledger_validates_clean_and_every_instrument_cites_and_summarises() -> None:
    files, problems = check_ledger(DATA / "europe-ww2")
    assert [str(p) for p in problems] == []
    for inst in files.instruments.values():
        assert inst.sources, inst.id
        assert len(inst.summary) > 80, inst.id
        for cite in inst.sources:
            assert cite.source in files.sources, (inst.id, cite.source)
    # Every place is windowed: outside its war years the import answers.
    assert all(place.overrides is not None for place in files.places.values())


def test_the_world_ranks_it_just_above_the_import() -> None:
    # Only windowed ledgers may sit between it and the import: a whole-history place below it
    # would be cut by its windows' neighbours for all dates.
    meta = yaml.safe_load((DATA / "world" / "ledger.yaml").read_text(encoding="utf-8"))
    includes = meta["includes"]
    assert includes[-1] == "historical-basemaps"
    for name in includes[includes.index("europe-ww2") : -1]:
        files, _ = check_ledger(DATA / name)
        assert all(place.overrides is not None for place in files.places.values()), name


def test_famous_points_during_the_war(world: terrachron.Ledger) -> None:
    got = world.locate(
        [row[1] for row in FAMOUS], [row[2] for row in FAMOUS], [row[3] for row in FAMOUS]
    )
    wrong = [
        (what, date, want, ctrl, place)
        for (what, _, _, date, want), ctrl, place in zip(
            FAMOUS, got["controller"].astype(object), got["place"].astype(object), strict=True
        )
        if ctrl != want
    ]
    assert wrong == []


def test_before_and_after_the_window_the_import_answers(world: terrachron.Ledger) -> None:
    # Paris: a piece of an imported place under the occupied zone; outside 1940-05-10/1945-05-08
    # it answers exactly as that imported place did, and the chain names the window's close.
    place = str(world.locate([2.35], [48.86], ["1942-06-01"])["place"].iloc[0])
    below, _, above = place.partition("--")
    assert above == "france-occupied-zone"
    assert world.status(place, "1942-06-01").chain[-1].ledger == "europe-ww2"
    for day in ("1935-06-01", "1950-06-01", "1990-06-01"):
        assert world.status(place, day).answer == world.status(below, day).answer
    after = world.status(place, "1950-06-01")
    assert any(link.effect == "window:france-occupied-zone" for link in after.chain)
