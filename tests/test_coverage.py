"""Honest answers outside coverage: a real place the ledger does not hold is not a typo."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import terrachron
from terrachron.coverage import describe_coverage, known_name
from terrachron.errors import NotCoveredError, UnknownPlaceError

EXE = Path(sys.executable).parent / "terrachron"
STATED = "Hokkaido, the Kuril Islands and Sakhalin (11 places), 1799–2025"


@pytest.mark.parametrize(
    ("asked", "english", "kind"),
    [
        ("France", "France", "country or territory"),
        ("frankreich", "France", "country or territory"),
        ("フランス", "France", "country or territory"),
        ("Франция", "France", "country or territory"),
        ("  CÔTE D'IVOIRE ", "Côte d’Ivoire", "country or territory"),
        ("Antigua and Barbuda", "Antigua & Barbuda", "country or territory"),
        ("Europe", "Europe", "region"),
    ],
)
def test_cldr_names_in_many_languages_are_known(asked: str, english: str, kind: str) -> None:
    known = known_name(asked, {})
    assert known is not None
    assert (known.name, known.kind) == (english, kind)


def test_nonsense_and_non_places_are_not_known() -> None:
    assert known_name("xyzzy", {}) is None
    assert known_name("", {}) is None
    assert known_name("world", {}) is None  # CLDR 001: no territory to ask about
    assert known_name("Unknown Region", {}) is None


def test_the_ledgers_polities_come_first() -> None:
    known = known_name("USSR", {"Soviet Union": ["soviet-union", "Soviet Union", "USSR"]})
    assert known is not None
    assert (known.name, known.kind) == (
        "Soviet Union",
        "polity of this ledger, not one of its places",
    )


def test_coverage_is_stated_or_derived(bundled: terrachron.Ledger, mini: terrachron.Ledger) -> None:
    assert bundled.coverage == STATED
    # The mini ledger states nothing: the text comes from its places and their geometries.
    xs = [b for g in mini.geometries.values() for b in (g.bounds[0], g.bounds[2])]
    assert mini.coverage.startswith("2 places within ")
    assert mini.coverage.endswith(": North Isle, South Isle")
    assert f"{abs(min(xs)):.1f}°" in mini.coverage
    assert describe_coverage({}, {}) == "no places"
    assert describe_coverage({"a": "A"}, {}) == "1 place: A"
    many = {f"p{i}": f"P{i}" for i in range(7)}
    assert describe_coverage(many, {}).endswith("P0, P1, P2, P3, P4 and 2 more")


def test_a_real_country_is_not_covered(bundled: terrachron.Ledger) -> None:
    with pytest.raises(NotCoveredError) as info:
        bundled.status("Frankreich", "1950-01-01")
    assert not isinstance(info.value, UnknownPlaceError)
    message = str(info.value)
    assert "'Frankreich' (France, a country or territory) is not covered by this ledger" in message
    assert f"(it covers {STATED})" in message
    assert info.value.parameter == "place"


def test_a_polity_is_not_a_place(bundled: terrachron.Ledger) -> None:
    with pytest.raises(NotCoveredError, match="Japan, a polity of this ledger"):
        bundled.timeline("japan")


def test_places_aliases_and_typos_are_unchanged(bundled: terrachron.Ledger) -> None:
    assert bundled.resolve_place("Kunashir") == "kunashiri"
    with pytest.raises(UnknownPlaceError, match="did you mean"):
        bundled.status("Kunashro", "1950-01-01")


def test_cli_says_it_in_one_line_with_status_2() -> None:
    out = subprocess.run(
        [str(EXE), "status", "France", "1950-01-01"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert out.returncode == 2
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    assert "not covered by this ledger (it covers Hokkaido" in lines[0]
    assert "`terrachron places`" in lines[0]


def test_api_answers_404_naming_the_endpoint_that_lists_ids(bundled: terrachron.Ledger) -> None:
    from terrachron.api import create_app

    with TestClient(create_app(bundled)) as client:
        response = client.get("/api/places/France/status?date=1950-01-01")
        assert response.status_code == 404
        body = response.json()
        assert body["parameter"] == "place"
        assert "not covered by this ledger (it covers Hokkaido" in body["detail"]
        assert "GET /api/places lists the places it holds" in body["detail"]
        typo = client.get("/api/places/Kunashro/status?date=1950-01-01")
        assert typo.status_code == 404
        assert "did you mean" in typo.json()["detail"]
