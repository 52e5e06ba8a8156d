"""The COW Territorial Change importer against fixtures in the data set's documented schema."""

from __future__ import annotations

from pathlib import Path

import pytest

import terrachron
from terrachron.errors import TerrachronError
from terrachron.importers.common import ImportInputError
from terrachron.importers.cow import PROCEDURES, import_cow, read_cow
from terrachron.importers.cshapes import import_cshapes
from terrachron.query import _bundled_path

from ..conftest import DATA

FIXTURES = DATA / "importers"
BAD = FIXTURES / "bad"
TC_GERMANY = FIXTURES / "tc-germany.csv"
TC_JAPAN_RUSSIA = FIXTURES / "tc-japan-russia.csv"


@pytest.fixture(scope="module")
def cshapes_cow(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """CShapes in its COW version: polities keyed by COW codes, the base the rows link to."""
    out = tmp_path_factory.mktemp("base") / "cshapes-cow"
    import_cshapes([FIXTURES / "cshapes-cow.geojson"], out)
    return out


@pytest.fixture(scope="module")
def germany(cshapes_cow: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("cow") / "germany"
    import_cow(TC_GERMANY, cshapes_cow, out)
    return out


def test_reads_rows_with_missing_values() -> None:
    rows = read_cow(TC_JAPAN_RUSSIA)
    assert [r.number for r in rows] == [10, 11, 12, 13]
    assert (rows[0].year, rows[0].month, rows[0].gainer, rows[0].loser) == (1905, 10, 740, 365)
    assert rows[0].period == "1905-10"
    assert rows[2].area == 40000
    assert (rows[0].where, rows[3].where) == ("row 1 (line 2)", "row 4 (line 5)")


def test_linked_rows_become_instruments_of_their_procedure(germany: Path) -> None:
    ledger = terrachron.open_ledger(germany)
    alsace = ledger.instruments["cow-tc-2"]
    assert alsace.kind == PROCEDURES[3][1] == "treaty"
    assert alsace.date is not None
    assert alsace.date.text == "1920-01"
    assert alsace.date.precision == "month"
    assert alsace.parties == ["france", "germany"]
    assert alsace.sources[0].source == "cow-territorial-change-v6"
    assert alsace.sources[0].locator == "tc-germany.csv, row 2 (line 3)"
    unification = ledger.instruments["cow-tc-4"]
    assert unification.kind == "agreement"


def test_a_row_that_agrees_with_the_base_affirms_it(germany: Path) -> None:
    ledger = terrachron.open_ledger(germany)
    effect = ledger.instruments["cow-tc-2"].effects[0]
    assert effect.op == "affirm"
    assert effect.affirms == "cshapes-cow220-1920-01-10"  # type: ignore[union-attr]
    assert effect.places == ["france-germany"]
    # An affirmation changes nothing: the day CShapes records still decides, with no doubt.
    before = ledger.status("france-germany", "1920-01-09")
    assert before.controller == ("germany",)
    assert not before.uncertain
    chain = [link.instrument for link in ledger.status("france-germany", "1920-02-01").chain]
    assert "cow-tc-2" in chain


def test_unmatched_rows_are_listed_with_the_reason(germany: Path) -> None:
    report = (germany / "import-report.md").read_text(encoding="utf-8")
    assert "## Unmatched (2)" in report
    assert "| row 1 (line 2) | #1 Alsace-Lorraine 1871-05 | no polity with COW code 255" in report
    assert "| row 3 (line 4) | #3 Saar 1957-01 | no place has the entity's name" in report
    ledger = terrachron.open_ledger(germany)
    assert "cow-tc-1" not in ledger.instruments
    assert "cow-tc-3" not in ledger.instruments


def test_name_links_places_and_groups_and_area_alone_is_not_enough(tmp_path: Path) -> None:
    out = tmp_path / "jr"
    report = import_cow(TC_JAPAN_RUSSIA, _bundled_path(), out)
    ledger = terrachron.open_ledger(out)
    kurils = ledger.instruments["cow-tc-11"]
    touched = sorted(p for e in kurils.effects for p in e.places or ())
    assert touched == sorted(ledger.groups["kuril-islands"].members)
    # Portsmouth is in replace in October 1905: the row affirms it rather than doubling it.
    sakhalin = ledger.instruments["cow-tc-10"].effects
    assert [(e.op, e.affirms) for e in sakhalin] == [("affirm", "portsmouth-treaty-1905")]  # type: ignore[union-attr]
    # North Sakhalin 1920: no base instrument gives it to Japan then, so the row transfers it
    # over the month, and an answer inside the month is uncertain. COW code 365 in 1920 is the
    # base's Soviet Union (the polity whose lifespan covers the date).
    north = ledger.instruments["cow-tc-12"].effects[0]
    assert (north.op, north.from_, north.to) == ("transfer", "soviet-union", "japan")  # type: ignore[union-attr]
    assert ledger.status("north-sakhalin", "1920-07-15").uncertain
    # Habomai has about the Bonin Islands' area, but never passes to the United States: unmatched.
    assert "cow-tc-13" not in ledger.instruments
    assert [u.where for u in report.unmatched] == ["row 4 (line 5)"]
    assert "held by japan on 1951-08-31 and by united-states on 1951-10-01" in (
        report.unmatched[0].reason
    )


@pytest.mark.parametrize(
    ("name", "needle"),
    [
        (
            "tc-missing-column.csv",
            "line 1: not a Territorial Change CSV: missing column(s) procedur",
        ),
        ("tc-bad-procedure.csv", "row 2 (line 3): `procedur` 9 is not a procedure code"),
        ("not-csv.csv", "not CSV: the file is binary"),
        (
            "tc-unknown-code.csv",
            "row 2 (line 3): unknown code: no polity of the base ledger has COW code 999",
        ),
    ],
)
def test_bad_input_names_file_and_row_and_writes_nothing(
    cshapes_cow: Path, tmp_path: Path, name: str, needle: str
) -> None:
    out = tmp_path / "out"
    with pytest.raises(ImportInputError) as err:
        import_cow(BAD / name, cshapes_cow, out)
    assert str(BAD / name) in str(err.value)
    assert needle in str(err.value)
    assert list(tmp_path.iterdir()) == []


def test_unknown_codes_can_be_listed_instead(cshapes_cow: Path, tmp_path: Path) -> None:
    report = import_cow(
        BAD / "tc-unknown-code.csv", cshapes_cow, tmp_path / "out", skip_unknown_codes=True
    )
    assert [(u.where, u.reason) for u in report.unmatched] == [
        ("row 2 (line 3)", "no polity of the base ledger has COW code 999")
    ]
    assert report.instruments == 1


def test_importing_twice_onto_one_ledger_is_refused(germany: Path, tmp_path: Path) -> None:
    with pytest.raises(TerrachronError, match="already holds the source"):
        import_cow(TC_GERMANY, germany, tmp_path / "again")
