"""Windowed places (``overrides:``): tests/data/ledgers/windowed/over over windowed/below.

Below, Ante holds the land from 1900, Bolo from 1930-06-01, Cira from 1960-06-01. Over it, Dura
occupies the east zone from 1940-05-10 and annexes it in 1942, in the window
1940-05-10/1945-05-08. Half the zone lies over the land, half over nothing.
"""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import terrachron

from ..conftest import MINI

WINDOWED = MINI.parent / "windowed"
OVER = WINDOWED / "over"
BELOW = WINDOWED / "below"
PIECE = "land--east"


@pytest.fixture(scope="module")
def over() -> terrachron.Ledger:
    return terrachron.open_ledger(OVER, cache=False)


@pytest.fixture(scope="module")
def below() -> terrachron.Ledger:
    return terrachron.open_ledger(BELOW, cache=False)


def test_the_lower_place_is_split_and_the_windowed_place_is_a_group(
    over: terrachron.Ledger, below: terrachron.Ledger
) -> None:
    assert set(over.places) == {"land", PIECE, "east--rest"}
    groups = over.files.groups if hasattr(over, "files") else over._files.groups
    assert groups["east"].members == [PIECE, "east--rest"]
    # The land keeps its id and the west half; the piece is the east half: nothing lost.
    whole = below.geometries["land"].area
    assert over.geometries["land"].area == pytest.approx(whole / 2)
    assert over.geometries[PIECE].area == pytest.approx(whole / 2)
    assert over.geometries["land"].intersection(over.geometries[PIECE]).area == pytest.approx(0)


@pytest.mark.parametrize(
    ("day", "controller", "decided_by", "ledger"),
    [
        ("1935-01-01", ("bolo",), "cession-1930#1", "below"),
        ("1942-01-01", ("dura",), "invasion-1940#1", "over"),
        ("1945-05-08", ("dura",), "annexation-1942#1", "over"),
        ("1945-05-09", ("bolo",), "window:east", "over"),
        ("1950-01-01", ("bolo",), "window:east", "over"),
        ("1970-01-01", ("cira",), "cession-1960#1", "below"),
    ],
)
def test_answers_before_during_and_after_the_window(
    over: terrachron.Ledger,
    day: str,
    controller: tuple[str, ...],
    decided_by: str,
    ledger: str | None,
) -> None:
    status = over.status(PIECE, day)
    assert status.answer.controller == controller
    deciding = [c for c in status.chain if c.role in ("control", "title", "window")]
    assert deciding[-1].effect == decided_by
    assert deciding[-1].ledger == ledger


def test_the_chain_says_what_the_window_set_aside(over: terrachron.Ledger) -> None:
    during = {c.effect: c for c in over.status(PIECE, "1943-01-01").chain}
    assert during["annexation-1942#1"].recognized
    after = {c.effect: c for c in over.status(PIECE, "1950-01-01").chain}
    assert not after["annexation-1942#1"].recognized
    assert after["annexation-1942#1"].reason == "its window has closed"
    assert "window of east" in over.status(PIECE, "1950-01-01").narrative


def test_the_part_over_nothing_is_unrecorded_outside_the_window(over: terrachron.Ledger) -> None:
    assert over.status("east--rest", "1939-01-01").answer.status == "unrecorded"
    assert over.status("east--rest", "1943-01-01").answer.controller == ("dura",)
    assert over.status("east--rest", "1946-01-01").answer.status == "unrecorded"


def test_the_rest_of_the_lower_place_never_sees_the_window(
    over: terrachron.Ledger, below: terrachron.Ledger
) -> None:
    for day in ("1935-01-01", "1942-01-01", "1950-01-01", "1970-01-01"):
        assert over.status("land", day).answer == below.status("land", day).answer


DAYS = st.dates(date(1890, 1, 1), date(2000, 12, 31))
WINDOW = (date(1940, 5, 10), date(1945, 5, 8))


@settings(max_examples=200, deadline=None)
@given(day=DAYS)
def test_outside_the_window_the_piece_answers_as_the_record_below(
    over: terrachron.Ledger, below: terrachron.Ledger, day: date
) -> None:
    got = over.status(PIECE, day.isoformat())
    want = below.status("land", day.isoformat())
    if WINDOW[0] <= day <= WINDOW[1]:
        assert got.answer.controller == ("dura",)
    else:
        assert got.answer == want.answer
        assert got.uncertain == want.uncertain


@settings(max_examples=40, deadline=None)
@given(
    start=st.dates(date(1901, 1, 1), date(1990, 1, 1)),
    length=st.integers(1, 8000),
    day=DAYS,
)
def test_any_window_leaves_the_record_below_alone_outside_it(
    tmp_path_factory: pytest.TempPathFactory, start: date, length: int, day: date
) -> None:
    root = tmp_path_factory.mktemp("windowed")
    shutil.copytree(WINDOWED, root, dirs_exist_ok=True)
    end = start + timedelta(days=length)
    place = (root / "over" / "places" / "east.yaml").read_text()
    (root / "over" / "places" / "east.yaml").write_text(
        place.replace("1940-05-10/1945-05-08", f"{start}/{end}")
    )
    (root / "over" / "instruments" / "occupation.yaml").write_text(
        (root / "over" / "instruments" / "occupation.yaml")
        .read_text()
        .replace('"1940-05-10"', f'"{start}"')
        .replace('"1942-03-01"', f'"{end}"')
    )
    merged = terrachron.open_ledger(root / "over", cache=False)
    alone = terrachron.open_ledger(root / "below", cache=False)
    got = merged.status(PIECE, day.isoformat())
    if start <= day <= end:
        assert got.answer.controller == ("dura",)
    else:
        assert got.answer == alone.status("land", day.isoformat()).answer


def _copy(tmp_path: Path) -> Path:
    shutil.copytree(WINDOWED, tmp_path / "windowed")
    return tmp_path / "windowed" / "over"


@pytest.mark.parametrize("window", ["1940-05-10", "1940-05-10/..", "../1945"])
def test_a_window_must_be_a_closed_interval(tmp_path: Path, window: str) -> None:
    root = _copy(tmp_path)
    path = root / "places" / "east.yaml"
    path.write_text(path.read_text().replace("1940-05-10/1945-05-08", window))
    _, problems = terrachron.check_ledger(root)
    found = [(p.location, p.rule) for p in problems]
    assert ("places/east.yaml:5:12", "overrides-window") in found


def test_an_effect_outside_the_window_is_reported(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    path = root / "instruments" / "occupation.yaml"
    path.write_text(path.read_text().replace('"1942-03-01"', '"1946-03-01"'))
    _, problems = terrachron.check_ledger(root)
    found = [(p.location, p.rule) for p in problems]
    assert found == [("instruments/occupation.yaml:18:7", "overrides-effect-date")]
    assert "outside its window 1940-05-10/1945-05-08" in problems[0].message


def test_an_effect_outside_the_window_is_reported_without_a_ledger_below(
    tmp_path: Path,
) -> None:
    root = _copy(tmp_path)
    (root / "ledger.yaml").write_text("id: over\ntitle: t\n")
    shutil.copytree(root.parent / "below" / "sources", root / "sources")
    path = root / "instruments" / "occupation.yaml"
    path.write_text(path.read_text().replace('"1940-05-10"', '"1939-05-10"'))
    _, problems = terrachron.check_ledger(root)
    found = [(p.location, p.rule) for p in problems]
    assert found == [("instruments/occupation.yaml:9:7", "overrides-effect-date")]


def test_windows_disjoint_in_time_nest_over_the_same_ground() -> None:
    top = terrachron.open_ledger(WINDOWED / "top", cache=False)
    below = terrachron.open_ledger(BELOW, cache=False)
    nested = "land--east--ww1"
    assert nested in top.places
    want = {
        "1910-01-01": ("ante",),
        "1915-01-01": ("dura",),
        "1920-01-01": ("ante",),
        "1942-01-01": ("dura",),
        "1950-01-01": ("bolo",),
        "1970-01-01": ("cira",),
    }
    for day, controller in want.items():
        assert top.status(nested, day).answer.controller == controller, day
    for day in ("1910-01-01", "1920-01-01", "1950-01-01", "1970-01-01"):
        assert top.status(nested, day).answer == below.status("land", day).answer


def test_windows_overlapping_in_time_over_the_same_ground_are_refused(tmp_path: Path) -> None:
    shutil.copytree(WINDOWED, tmp_path / "windowed")
    path = tmp_path / "windowed" / "top" / "places" / "ww1.yaml"
    path.write_text(path.read_text().replace("1918-11-11", "1941-01-01"))
    _, problems = terrachron.check_ledger(tmp_path / "windowed" / "top")
    found = [(p.location, p.rule) for p in problems]
    assert ("places/ww1.yaml:4:12", "overrides-overlap") in found


ABUT = WINDOWED / "abut"
"""Over windowed/over: Eldo's window on the early zone closes 1940-05-09, the day before Dura's
on the east zone opens; Eldo's window on the middle zone opens 1945-05-09, the day after Dura's
closes, and reaches over east--rest (over nothing below)."""


@pytest.fixture(scope="module")
def abut() -> terrachron.Ledger:
    return terrachron.open_ledger(ABUT, cache=False)


@pytest.mark.parametrize(
    ("piece", "day", "controller", "decided_by"),
    [
        # A window opening the day the lower one closes: its first effect is not undone by
        # the close, over the land and over the part of the east zone that has nothing below.
        ("land--east--middle", "1945-05-08", ("dura",), "invasion-1940#1"),
        ("land--east--middle", "1945-05-09", ("eldo",), "eldo-entry-1945#1"),
        ("land--east--middle", "1947-01-01", ("eldo",), "eldo-entry-1945#1"),
        ("land--east--middle", "1951-01-01", ("bolo",), "window:middle"),
        ("east--rest--middle", "1945-05-09", ("eldo",), "eldo-entry-1945#1"),
        ("east--rest--middle", "1947-01-01", ("eldo",), "eldo-entry-1945#1"),
        # A lower window opening the day a higher one closes: the lower one's first effect
        # acts on the world the close restored.
        ("land--east--early", "1940-05-09", ("eldo",), "eldo-raid-1939#1"),
        ("land--east--early", "1940-05-10", ("dura",), "invasion-1940#1"),
        ("land--east--early", "1943-01-01", ("dura",), "invasion-1940#1"),
        ("land--east--early", "1947-01-01", ("bolo",), "window:east"),
    ],
)
def test_abutting_windows_hand_over_on_the_day(
    abut: terrachron.Ledger,
    piece: str,
    day: str,
    controller: tuple[str, ...],
    decided_by: str,
) -> None:
    status = abut.status(piece, day)
    assert status.answer.controller == controller
    deciding = [c for c in status.chain if c.role in ("control", "window")]
    assert deciding[-1].effect == decided_by


def test_a_close_comes_first_in_the_chain_of_its_day(abut: terrachron.Ledger) -> None:
    effects = [c.effect for c in abut.status("land--east--middle", "1945-05-09").chain]
    assert effects.index("window:east") < effects.index("eldo-entry-1945#1")
