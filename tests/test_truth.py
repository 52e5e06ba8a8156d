"""The truth-set scorer: reading cases, normalising and matching names, choosing snapshots,
reading them, scoring against a real (small) ledger, and the Wilson interval."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import terrachron
from terrachron.truth import (
    Case,
    SnapshotSet,
    TruthCaseError,
    accepted_names,
    choose_snapshot,
    load_cases,
    matches,
    normalise,
    score,
    snapshot_files,
    wilson_interval,
)

from .conftest import DATA

TRUTH = DATA / "truth"
MAIN = TRUTH / "snapshots" / "main"
YEARLY = TRUTH / "snapshots" / "yearly"


def _case(controller: str, *also: str) -> Case:
    return Case("eu-x", 10.5, 1.5, dt.date(1900, 1, 1), controller, also, "p", "s", "w")


# -- normalisation and matching ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Free City of Kraków", "free city of krakow"),
        ("The Netherlands", "Netherlands"),
        ("Austria-Hungary", "Austria Hungary"),
        ("Côte d'Ivoire", "cote d ivoire"),
        ("  Saar   Protectorate ", "saar protectorate"),
        ("THE GAMBIA", "gambia"),
    ],
)
def test_normalise_ignores_case_diacritics_punctuation_and_a_leading_the(a: str, b: str) -> None:
    assert normalise(a) == normalise(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [("Theodosia", "odosia"), ("Prussia", "Russia"), ("East Germany", "Germany")],
)
def test_normalise_keeps_what_tells_names_apart(a: str, b: str) -> None:
    assert normalise(a) != normalise(b)


@given(st.text())
def test_normalise_is_idempotent(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once


@given(st.text(alphabet=st.characters(min_codepoint=65, max_codepoint=122)))
def test_normalise_does_not_depend_on_ascii_case(text: str) -> None:
    assert normalise(text.upper()) == normalise(text.lower())


def test_a_case_accepts_its_controller_and_also_accept_and_nothing_else() -> None:
    case = _case("Soviet Union", "Russia")
    assert accepted_names(case) == {"soviet union", "russia"}
    assert matches(case, ["soviet-union"])  # a polity id
    assert matches(case, ["Czechia", "RUSSIA"])  # any of the names
    assert not matches(case, ["Russian Empire", "USSR"])
    assert not matches(case, [])


# -- reading cases -------------------------------------------------------------------------------


def test_load_cases_reads_every_field() -> None:
    cases = load_cases(TRUTH / "cases.csv")
    assert [c.id for c in cases] == [
        "eu-north-1860",
        "eu-north-1920",
        "eu-north-1950",
        "as-south-1800",
    ]
    third = cases[2]
    assert (third.lon, third.lat, third.date) == (10.25, 1.5, dt.date(1950, 6, 1))
    assert third.controller == "The Aldá"
    assert third.also_accept == ("Borgia",)
    assert third.line == 4
    assert [c.continent for c in cases] == ["Europe", "Europe", "Europe", "Asia"]


@pytest.mark.parametrize(
    ("name", "line", "rule"),
    [
        ("header", 1, "the header must be id,lon,lat,date,controller,also_accept"),
        ("date", 2, "must be an ISO day"),
        ("duplicate", 3, "already used on line 2"),
        ("prefix", 2, "must start with a continent prefix"),
        ("latitude", 2, "is not a WGS84 lon/lat"),
        ("why", 2, "say why historians differ"),
        ("fields", 2, "exactly 9 fields"),
        ("source", 2, "cite a treaty"),
    ],
)
def test_a_broken_cases_file_names_file_line_and_rule(name: str, line: int, rule: str) -> None:
    path = TRUTH / "bad" / f"{name}.csv"
    with pytest.raises(TruthCaseError, match=rule) as caught:
        load_cases(path)
    assert str(caught.value).startswith(f"{path}:{line}: ")
    assert isinstance(caught.value, terrachron.TerrachronError)


def test_a_missing_cases_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(TruthCaseError, match="cannot read the cases file"):
        load_cases(tmp_path / "nowhere.csv")


# -- choosing and reading snapshots --------------------------------------------------------------


def test_choose_snapshot_takes_the_latest_year_on_or_before_the_day() -> None:
    years = [1900, 1920, 1990]
    assert choose_snapshot(years, dt.date(1899, 12, 31)) is None
    assert choose_snapshot(years, dt.date(1900, 1, 1)) == 1900
    assert choose_snapshot(years, dt.date(1919, 12, 31)) == 1900
    assert choose_snapshot(years, dt.date(1920, 6, 1)) == 1920
    assert choose_snapshot(years, dt.date(2022, 1, 1)) == 1990


@given(
    st.sets(st.integers(1783, 2022), min_size=1, max_size=12),
    st.dates(dt.date(1750, 1, 1), dt.date(2030, 12, 31)),
)
def test_no_snapshot_between_the_chosen_one_and_the_day(years: set[int], day: dt.date) -> None:
    chosen = choose_snapshot(years, day)
    if chosen is None:
        assert all(y > day.year for y in years)
    else:
        assert chosen <= day.year
        assert not [y for y in years if chosen < y <= day.year]


def test_snapshot_files_keeps_world_files_and_lets_the_later_folder_win_a_year() -> None:
    files = snapshot_files([MAIN, YEARLY])
    assert sorted(files) == [1900, 1920, 1990]
    assert files[1990] == YEARLY / "world_1990.geojson"
    assert snapshot_files([YEARLY, MAIN])[1990] == MAIN / "world_1990.geojson"


def test_snapshot_answer_is_subjecto_else_name_with_overlaps_reported() -> None:
    snaps = SnapshotSet.from_folders([MAIN, YEARLY])
    first = snaps.answer(10.5, 1.5, dt.date(1910, 1, 1))
    assert first is not None
    assert (first.year, first.name, first.feature, first.precision) == (
        1900,
        "Kingdom of Borg",
        "Borg",
        1,
    )
    south = snaps.answer(10.5, -0.5, dt.date(1910, 1, 1))
    assert south is not None
    assert south.name == "Alda"  # SUBJECTO null: NAME
    overlap = snaps.answer(10.75, 1.5, dt.date(1930, 1, 1))
    assert overlap is not None
    assert (overlap.name, overlap.others) == ("Alda (occupied zone)", ("Cato",))
    at_sea = snaps.answer(20.0, 1.5, dt.date(1930, 1, 1))
    assert at_sea is not None
    assert (at_sea.year, at_sea.name) == (1920, None)
    assert snaps.answer(10.5, 1.5, dt.date(1899, 1, 1)) is None
    empty_subjecto = SnapshotSet.from_folders([YEARLY, MAIN]).answer(10.5, 1.5, dt.date(1995, 1, 1))
    assert empty_subjecto is not None
    assert empty_subjecto.name == "Borgia"


def test_no_snapshot_in_the_folders_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(TruthCaseError, match=r"no world_YYYY\.geojson snapshot"):
        SnapshotSet.from_folders([tmp_path])


# -- scoring against a real ledger ---------------------------------------------------------------


def test_score_against_the_mini_ledger(mini: terrachron.Ledger) -> None:
    cases = load_cases(TRUTH / "cases.csv")
    results = {r.case.id: r for r in score(mini, SnapshotSet.from_folders([MAIN, YEARLY]), cases)}

    held = results["eu-north-1860"]
    assert held.ledger.place == "north"
    assert held.ledger.controller == ("borg",)
    assert held.ledger_names == ("Borg",)
    assert held.ledger_right
    assert held.ledger.decided_by is not None
    assert "Partition Treaty" in held.ledger.decided_by
    # The snapshot of 1860 does not exist: the first is 1900.
    assert held.snapshot is None
    assert not held.snapshot_right

    occupied = results["eu-north-1920"]
    assert occupied.ledger.uncertain
    assert ("alda",) in occupied.ledger.alternatives
    assert occupied.ledger_right or occupied.ledger_alternative_right
    assert not (occupied.ledger_right and occupied.ledger_alternative_right)
    # "Alda (occupied zone)": wrong literally, right once read through the ledger's names.
    assert not occupied.snapshot_right
    assert occupied.snapshot_resolved_right

    annexed = results["eu-north-1950"]
    assert annexed.ledger.controller == ("alda",)
    assert annexed.ledger_right  # "The Aldá" matches Alda

    before = results["as-south-1800"]
    assert before.ledger.place == "south"
    assert before.ledger.controller == ()
    assert not before.ledger_right
    assert before.snapshot is None


# -- the interval --------------------------------------------------------------------------------


def test_wilson_interval_known_values() -> None:
    lo, hi = wilson_interval(50, 100)
    assert (round(lo, 4), round(hi, 4)) == (0.4038, 0.5962)
    lo, hi = wilson_interval(0, 10)
    assert lo == 0.0
    assert round(hi, 4) == 0.2775
    lo, hi = wilson_interval(10, 10)
    assert (round(lo, 4), hi) == (0.7225, 1.0)


@given(st.integers(1, 2000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_wilson_interval_holds_the_proportion(kn: tuple[int, int]) -> None:
    k, n = kn
    lo, hi = wilson_interval(k, n)
    assert 0.0 <= lo <= k / n <= hi <= 1.0


@pytest.mark.parametrize(("k", "n"), [(0, 0), (5, 4), (-1, 3)])
def test_wilson_interval_refuses_impossible_counts(k: int, n: int) -> None:
    with pytest.raises(ValueError, match=r"empty sample|must lie in"):
        wilson_interval(k, n)


# -- the bench script ----------------------------------------------------------------------------


def test_the_bench_script_prints_and_writes_the_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import importlib.util

    root = Path(__file__).resolve().parents[1]
    spec = importlib.util.spec_from_file_location("truth_bench", root / "bench" / "truth.py")
    assert spec is not None
    assert spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    monkeypatch.setattr(bench, "REPORT", tmp_path / "truth.md")
    monkeypatch.setattr(bench, "CASES_PAGE", tmp_path / "truth-cases.md")
    monkeypatch.setattr(bench, "ROOT", tmp_path)
    cases = tmp_path / "cases.csv"
    shutil.copy(TRUTH / "cases.csv", cases)
    argv = ["--cases", str(cases), "--ledger", str(DATA / "ledgers" / "mini")]
    argv += ["--snapshots", str(MAIN), str(YEARLY), "--report", "--label", "a test run"]
    assert bench.main(argv) == 0
    out = capsys.readouterr().out
    assert "eu-north-1860" in out
    assert "terrachron" in out
    assert "all cases (4 cases)" in out
    report = (tmp_path / "truth.md").read_text(encoding="utf-8")
    assert "a test run" in report
    assert "| as-south-1800 | 1800-06-01 | Alda |" in report  # a miss, listed
    assert "eu-north-1950 |" not in report  # right both ways: not a miss
    assert "(truth-cases.md)" in report
    page = (tmp_path / "truth-cases.md").read_text(encoding="utf-8")
    assert "Annexed by Alda; some name Borgia" in page
    assert not list(tmp_path.glob("*.tmp"))


def test_the_bench_script_reports_a_bad_cases_file_without_a_traceback(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import importlib.util

    root = Path(__file__).resolve().parents[1]
    spec = importlib.util.spec_from_file_location("truth_bench", root / "bench" / "truth.py")
    assert spec is not None
    assert spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    assert bench.main(["--cases", str(TRUTH / "bad" / "date.csv")]) == 2
    assert "must be an ISO day" in capsys.readouterr().err
