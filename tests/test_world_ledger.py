"""The shipped world: the imported snapshots with the curated Japan–Russia record ranked above."""

from __future__ import annotations

import hashlib
from importlib import resources
from pathlib import Path

import pytest
import yaml

import terrachron

DATA = Path(str(resources.files("terrachron") / "data"))
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.fixture(scope="module")
def world() -> terrachron.Ledger:
    return terrachron.open_ledger(DATA / "world")


def test_curated_answers_are_unchanged(
    world: terrachron.Ledger, bundled: terrachron.Ledger
) -> None:
    for place, date, view in [
        ("kunashiri", "1950-01-01", "japan"),
        ("shikotan", "2019-02-12", "russia"),
        ("south-sakhalin", "1930-07-01", "de-facto"),
    ]:
        mine = world.status(place, date, view)
        curated = bundled.status(place, date, view)
        assert mine.answer == curated.answer
        assert {link.ledger for link in mine.chain} == {"japan-russia"}


def test_a_point_in_paris_and_in_berlin(world: terrachron.Ledger) -> None:
    # Not Strasbourg: the curated germany-borders ledger decides there now.
    got = world.locate([2.35, 13.40], [48.85, 52.52], ["1900-07-01", "1900-07-01"])
    assert list(got["controller"].astype(object)) == ["france", "germany"]
    place = str(got["place"].iloc[1])
    status = world.status(place, "1900-07-01")
    assert {link.ledger for link in status.chain} == {"historical-basemaps"}
    assert any("historical-basemaps" in c.source for link in status.chain for c in link.citations)


def test_between_two_snapshots_the_answer_is_uncertain(world: terrachron.Ledger) -> None:
    # Lviv: Polish in the 1938 snapshot, Soviet in the 1945 one (interval 1938–1945); from
    # 17 September 1939 the windowed europe-ww2 ledger decides, so ask before that.
    place = str(world.locate([24.03], [49.84], ["1900-07-01"])["place"].iloc[0])
    inside = world.status(place, "1939-01-01")
    assert inside.uncertain
    assert {alt.answer.controller for alt in inside.alternatives} >= {
        ("poland",),
        ("soviet-union",),
    }


def test_the_sea_is_not_a_place(world: terrachron.Ledger) -> None:
    got = world.locate([-30.0], [40.0], ["2000-07-01"])
    assert got["place"].isna().all()
    assert str(got["problem"].iloc[0]) == "at-sea"


def test_the_imported_ledger_cites_the_files_it_was_built_from() -> None:
    folder = SHARED / "historical-basemaps"
    if not folder.is_dir():
        pytest.skip(f"{folder} is not there (see docs/import.md)")
    sources = yaml.safe_load(
        (DATA / "historical-basemaps" / "sources" / "imported.yaml").read_text()
    )
    checked = 0
    for source in sources:
        if not source["id"].startswith("historical-basemaps-"):
            continue
        year = source["id"].rsplit("-", 1)[1]
        path = folder / f"world_{year}.geojson"
        if int(year) >= 1988:
            path = folder / "yearly-1988-2022" / f"world_{year}.geojson"
        assert hashlib.sha256(path.read_bytes()).hexdigest() == source["sha256"], path
        checked += 1
    assert checked == 44


def test_an_imported_answer_names_its_snapshots_and_their_precision(
    world: terrachron.Ledger,
) -> None:
    # Lviv early in 1939 lies between the snapshots of 1938 and 1945 (Strasbourg, which this
    # test used, is now decided by a curated ledger, and Lviv itself from September 1939 by the
    # windowed europe-ww2 one): the link that decides cites both files and says how precisely
    # each draws the border.
    place = str(world.locate([24.03], [49.84], ["1900-07-01"])["place"].iloc[0])
    status = world.status(place, "1939-01-01")
    changes = [link for link in status.chain if "/" in link.date]
    assert changes
    link = changes[-1]
    cited = {c.source for c in link.citations}
    assert len(cited) == 2
    assert all(s.startswith("historical-basemaps-") for s in cited)
    assert link.precision is not None
    assert link.precision[0] in "123"
    assert status.to_dict()["chain"][-1]["precision"] == status.chain[-1].precision
    # A curated record states no precision.
    curated = world.status("kunashiri", "1950-01-01")
    assert {link.precision for link in curated.chain} == {None}


def test_no_polity_is_named_after_a_joint_claim(world: terrachron.Ledger) -> None:
    assert not [p for p in world.polities if "claim" in p or "occupation" in p]
