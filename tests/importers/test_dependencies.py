"""Colonies the snapshots draw as their own state are held by their metropole until independence."""

from __future__ import annotations

from pathlib import Path

import pytest

from terrachron.importers.dependencies import (
    changes_of_hands,
    dependencies,
    metropole,
    qualifier_holder,
)
from terrachron.importers.historical_basemaps import build_world, place_histories
from terrachron.importers.polities import PolityNames, name_key
from terrachron.importers.snapshots import read_snapshots

from .conftest import feature, square, write


@pytest.mark.parametrize(
    ("name", "day", "expected"),
    [
        ("Kenya", "1930-07-01", "United Kingdom"),
        ("Kenya", "1963-12-11", "United Kingdom"),
        ("Kenya", "1963-12-12", None),
        ("Fiji", "1900-07-01", "United Kingdom"),
        ("Samoa", "1910-07-01", "Germany"),
        ("Samoa", "1925-07-01", "New Zealand"),
        ("Samoa", "1880-07-01", None),
        ("Ceylon", "1930-07-01", "United Kingdom"),
        ("Iceland", "1910-07-01", "Denmark"),
        ("Iceland", "1930-07-01", None),
        ("Tanzania, United Republic of", "1925-07-01", "United Kingdom"),
        ("Namibia", "1988-07-01", "South Africa"),
        ("Namibia", "1990-07-01", None),
        ("France", "1900-07-01", None),
    ],
)
def test_metropole_on_a_day(name: str, day: str, expected: str | None) -> None:
    assert metropole(name, day) == expected


def test_the_table_is_consistent() -> None:
    names = PolityNames()
    seen: set[str] = set()
    for dep in dependencies():
        assert dep.source.strip(), dep.names
        for name in dep.names:
            assert name_key(name) not in seen, f"{name} is listed twice"
            seen.add(name_key(name))
        previous_end: str | None = None
        for period in dep.periods:
            # Every metropole is a state the name table knows, in the years it held the land.
            year = int((period.start or "1800")[:4])
            assert names.known(period.by, year), (period.by, year)
            if period.start and period.end:
                assert period.start < period.end, dep.names
            if previous_end is not None:
                assert period.start is not None, dep.names
                assert period.start >= previous_end, dep.names
            previous_end = period.end


@pytest.mark.parametrize(
    ("name", "year", "expected"),
    [
        ("Northern Territory (UK)", 1880, "united-kingdom"),
        ("Acadian Peninsula (UK)", 1783, "great-britain"),
        ("Madagascar (France)", 1920, "france"),
        ("Mysore (Indian princely state)", 1815, None),
        ("Arabia (Nejd)", 1914, None),
        ("Victoria", 1880, None),
    ],
)
def test_a_qualifier_that_names_a_state_is_the_holder(
    name: str, year: int, expected: str | None
) -> None:
    assert qualifier_holder(name, year, PolityNames()) == expected


def test_a_colony_drawn_as_its_own_state_is_held_by_its_metropole(tmp_path: Path) -> None:
    """Fiji drawn with SUBJECTO "Fiji" in 1900 (a British colony since 1874) and in 1994: the
    United Kingdom holds it in 1900, Fiji in 1994; the table dates the change (10 October 1970)
    inside the snapshots' interval, and the note says so."""
    folder = tmp_path / "fiji"
    folder.mkdir()
    write(folder / "world_1900.geojson", [feature("Fiji", "Fiji", square(0, 0, 1, 1))])
    write(folder / "world_1994.geojson", [feature("Fiji", None, square(0, 0, 1, 1))])
    snaps, _ = read_snapshots([folder])
    result = build_world(snaps, sliver_width=0.0)
    [rows] = place_histories(result).values()
    assert [(r.op, r.from_, r.to, r.date) for r in rows] == [
        ("establish", None, "united-kingdom", "1900-07-01"),
        ("transfer", "united-kingdom", "fiji", "1970-10-10"),
    ]
    assert "dated by the dependency table: Deed of Cession of Fiji" in (rows[1].note or "")


def test_a_change_the_table_does_not_date_keeps_the_snapshot_interval(tmp_path: Path) -> None:
    folder = tmp_path / "moved"
    folder.mkdir()
    write(folder / "world_1900.geojson", [feature("Fiji", "Fiji", square(0, 0, 1, 1))])
    write(folder / "world_1914.geojson", [feature("Fiji", "France", square(0, 0, 1, 1))])
    snaps, _ = read_snapshots([folder])
    [rows] = place_histories(build_world(snaps, sliver_width=0.0)).values()
    assert rows[-1].date == "1900-07-02/1914-07-01"


def test_changes_of_hands_are_the_days_the_table_records() -> None:
    days = changes_of_hands(PolityNames())
    assert [d for d, _ in days[("united-kingdom", "kenya")]] == ["1963-12-12"]
    assert [d for d, _ in days[("samoa", "germany")]] == ["1900-03-01"]
    assert [d for d, _ in days[("new-zealand", "samoa")]] == ["1962-01-01"]
    # Between two metropoles the same pair changes other land on other days: not listed.
    assert ("germany", "new-zealand") not in days


def test_a_feature_whose_subjecto_names_another_holder_is_read_as_it_is(tmp_path: Path) -> None:
    folder = tmp_path / "kenya"
    folder.mkdir()
    write(folder / "world_1938.geojson", [feature("Kenya", "Italy", square(0, 0, 1, 1))])
    snaps, _ = read_snapshots([folder])
    result = build_world(snaps, sliver_width=0.0)
    [rows] = place_histories(result).values()
    assert [(r.op, r.to) for r in rows] == [("establish", "italy")]


def test_a_table_day_outside_a_polity_s_lifespan_keeps_the_interval(tmp_path: Path) -> None:
    """Finland leaves the Russian Empire when the empire ends (7 November 1917), a day after the
    empire's recorded lifespan: dating the transfer then would name a polity that no longer
    exists, so the change keeps the snapshots' interval."""
    folder = tmp_path / "finland"
    folder.mkdir()
    write(folder / "world_1914.geojson", [feature("Finland", "Finland", square(0, 0, 1, 1))])
    write(folder / "world_1920.geojson", [feature("Finland", "Finland", square(0, 0, 1, 1))])
    snaps, _ = read_snapshots([folder])
    [rows] = place_histories(build_world(snaps, sliver_width=0.0)).values()
    assert [(r.op, r.from_, r.to) for r in rows] == [
        ("establish", None, "russian-empire"),
        ("transfer", "russian-empire", "finland"),
    ]
    assert rows[1].date.startswith("1914-07-02/")
