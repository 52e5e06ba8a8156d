"""The bundled Japan–Russia record made exact and brought up to date (issue 14).

Each row pins the answer a correction changed: place, date, view → controller, title, status,
uncertain. The comments say which record each row rests on.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from fastapi.testclient import TestClient

from terrachron import Ledger
from terrachron.api import create_app

SOVIET = ("soviet-union",)
JAPAN = ("japan",)
EMPIRE = ("russian-empire",)

PINNED: list[tuple[str, str, str, tuple[str, ...], tuple[str, ...] | None, str, bool]] = [
    # The four southern islands, each on its own day (the Habomai islets over 3–5 September).
    ("etorofu", "1945-08-27", "de-facto", JAPAN, None, "undisputed", False),
    ("etorofu", "1945-08-28", "de-facto", SOVIET, None, "undisputed", False),
    ("kunashiri", "1945-08-31", "de-facto", JAPAN, None, "undisputed", False),
    ("kunashiri", "1945-09-03", "de-facto", SOVIET, None, "undisputed", False),
    ("kunashiri", "1945-09-03", "japan", SOVIET, JAPAN, "occupied", False),
    ("kunashiri", "1945-09-03", "russia", SOVIET, JAPAN, "occupied", False),
    ("shikotan", "1945-09-01", "de-facto", SOVIET, None, "undisputed", False),
    ("habomai", "1945-09-02", "de-facto", JAPAN, None, "undisputed", False),
    ("habomai", "1945-09-04", "de-facto", JAPAN, None, "undisputed", True),
    ("habomai", "1945-09-05", "de-facto", SOVIET, None, "undisputed", False),
    # The northern Kurils: Shumshu fought over until 23 August, Uruppu reached 31 Aug – 1 Sep.
    ("shumshu", "1945-08-17", "de-facto", JAPAN, None, "undisputed", False),
    ("shumshu", "1945-08-20", "de-facto", JAPAN, None, "undisputed", True),
    ("shumshu", "1945-08-23", "de-facto", SOVIET, None, "undisputed", False),
    ("paramushiro", "1945-08-24", "de-facto", SOVIET, None, "undisputed", False),
    ("central-kurils", "1945-08-28", "de-facto", JAPAN, None, "undisputed", True),
    ("uruppu", "1945-08-30", "de-facto", JAPAN, None, "undisputed", False),
    ("uruppu", "1945-08-31", "de-facto", JAPAN, None, "undisputed", True),
    ("uruppu", "1945-09-01", "de-facto", SOVIET, None, "undisputed", False),
    # Sakhalin 1905: invaded in July, Russian title until Portsmouth, the north handed back.
    ("south-sakhalin", "1905-07-01", "russia", EMPIRE, EMPIRE, "undisputed", False),
    ("south-sakhalin", "1905-07-20", "russia", EMPIRE, EMPIRE, "undisputed", True),
    ("south-sakhalin", "1905-08-15", "russia", JAPAN, EMPIRE, "occupied", False),
    ("south-sakhalin", "1905-10-15", "japan", JAPAN, JAPAN, "undisputed", False),
    ("north-sakhalin", "1905-08-15", "russia", JAPAN, EMPIRE, "occupied", False),
    ("north-sakhalin", "1905-12-01", "de-facto", JAPAN, None, "undisputed", True),
    ("north-sakhalin", "1907-01-01", "russia", EMPIRE, EMPIRE, "undisputed", False),
    # Northern Sakhalin 1920–1925: the landing of 21 April 1920, the withdrawal of 15 May 1925.
    ("north-sakhalin", "1920-04-20", "de-facto", SOVIET, None, "undisputed", False),
    ("north-sakhalin", "1920-04-21", "de-facto", JAPAN, None, "undisputed", False),
    ("north-sakhalin", "1920-12-31", "russia", JAPAN, SOVIET, "occupied", False),
    ("north-sakhalin", "1925-05-15", "russia", SOVIET, SOVIET, "undisputed", False),
    # Before Shimoda: Japanese Ezo and the islands to Etorofu, Russian Uruppu and north, a
    # Japanese post in south Sakhalin, nothing recorded in the north.
    ("hokkaido", "1798-06-01", "japan", (), (), "unrecorded", False),
    ("hokkaido", "1800-01-01", "japan", JAPAN, JAPAN, "undisputed", False),
    ("etorofu", "1850-01-01", "de-facto", JAPAN, None, "undisputed", False),
    ("etorofu", "1850-01-01", "russia", JAPAN, (), "undetermined", False),
    ("uruppu", "1850-01-01", "de-facto", EMPIRE, None, "undisputed", False),
    ("south-sakhalin", "1850-01-01", "de-facto", JAPAN, None, "undisputed", False),
    ("north-sakhalin", "1850-01-01", "de-facto", (), None, "unrecorded", False),
    # Shimoda's line holds from the signature, as its Article 2 says, not from the ratifications.
    ("etorofu", "1855-02-07", "russia", JAPAN, JAPAN, "undisputed", False),
    ("uruppu", "1855-02-07", "japan", EMPIRE, EMPIRE, "undisputed", False),
    (
        "north-sakhalin",
        "1855-02-07",
        "japan",
        ("japan", "russian-empire"),
        ("japan", "russian-empire"),
        "undisputed",
        False,
    ),
]


@pytest.mark.parametrize(
    ("place", "date", "view", "controller", "title", "status", "uncertain"), PINNED
)
def test_pinned_answers(
    bundled: Ledger,
    place: str,
    date: str,
    view: str,
    controller: tuple[str, ...],
    title: tuple[str, ...] | None,
    status: str,
    uncertain: bool,
) -> None:
    s = bundled.status(place, date, view=view)
    assert (s.controller, s.title, s.status, s.uncertain) == (controller, title, status, uncertain)


def test_each_southern_island_has_its_own_occupation_effect(bundled: Ledger) -> None:
    s = bundled.status("kunashiri", "1950-01-01", view="japan")
    link = next(c for c in s.chain if c.instrument == "soviet-occupation-four-islands-1945")
    assert (link.effect, link.date) == (
        "soviet-occupation-four-islands-1945#kunashiri",
        "1945-09-01",
    )


def test_yalta_names_no_giver(bundled: Ledger) -> None:
    s = bundled.status("south-sakhalin", "1945-03-01", view="russia")
    assert [(p.instrument, p.to, p.from_) for p in s.pending] == [
        ("yalta-agreement-1945", "soviet-union", None)
    ]
    link = next(c for c in s.chain if c.instrument == "yalta-agreement-1945")
    assert "japan" not in link.polities


def test_scapin_677_separates_the_kurils_without_moving_control_or_title(bundled: Ledger) -> None:
    before = bundled.status("etorofu", "1946-01-28", view="japan")
    after = bundled.status("etorofu", "1946-01-29", view="japan")
    assert (after.controller, after.title) == (before.controller, before.title) == (SOVIET, JAPAN)
    link = after.chain[-1]
    assert (link.instrument, link.op, link.date) == ("scapin-677-1946", "withdraw", "1946-01-29")
    cited = {c.locator for c in link.citations if c.source == "text-scapin-677-1946"}
    assert cited == {"Paragraph 3", "Paragraph 6"}


def test_the_1956_promise_gains_a_condition_in_1960_that_japan_rejects(bundled: Ledger) -> None:
    for place in ("habomai", "shikotan"):
        before = bundled.status(place, "1960-01-26", view="russia").pending
        russia = bundled.status(place, "1960-01-27", view="russia")
        japan = bundled.status(place, "1960-01-27", view="japan")
        assert [(p.effect, p.amended_by) for p in before] == [
            ("japan-soviet-joint-declaration-1956#1", None)
        ]
        assert [(p.effect, p.amended_by) for p in russia.pending] == [
            ("japan-soviet-joint-declaration-1956#1", "soviet-memorandum-1960#1")
        ]
        assert "all foreign troops are withdrawn from Japan" in russia.pending[0].condition
        assert [(p.condition, p.amended_by) for p in japan.pending] == [
            ("Japan and the Soviet Union (now Russia) conclude a peace treaty.", None)
        ]
        link = next(c for c in japan.chain if c.instrument == "soviet-memorandum-1960")
        assert not link.recognized
        assert link.reason == "rejected by the view 'japan'"
        assert "withdrawn from Japan" in russia.narrative
    # Today the amended condition still stands in Russia's view.
    assert bundled.status("shikotan", "2019-02-12", view="russia").pending[0].amended_by == (
        "soviet-memorandum-1960#1"
    )


def test_the_talks_after_1991_are_in_the_chain(bundled: Ledger) -> None:
    s = bundled.status("kunashiri", "2020-01-01", view="japan")
    instruments = [c.instrument for c in s.chain]
    assert instruments.index("japan-soviet-joint-communique-1991") < instruments.index(
        "tokyo-declaration-1993"
    )
    assert "moscow-declaration-1998" in instruments
    for iid in (
        "nagato-summit-2016",
        "russian-mfa-statement-2022",
        "russian-termination-visa-free-visits-2022",
        "russian-mfa-answers-2025",
    ):
        assert iid in bundled.instruments


def test_the_basic_convention_took_force_on_26_february_1925(bundled: Ledger) -> None:
    assert bundled.instruments["soviet-japanese-basic-convention-1925"].in_force is not None
    s = bundled.status("south-sakhalin", "1930-01-01", view="japan")
    link = next(c for c in s.chain if c.instrument == "soviet-japanese-basic-convention-1925")
    assert link.date == "1925-02-26"


def test_the_record_ends_on_its_stated_date(bundled: Ledger) -> None:
    assert bundled.horizon == "2025-01-24"
    assert bundled.status("kunashiri", "2025-01-24", view="japan").horizon is None
    later = bundled.status("kunashiri", "2026-01-01", view="russia")
    assert later.horizon == "2025-01-24"
    assert "Nothing is recorded after 2025-01-24" in later.narrative
    assert bundled.explain("kunashiri", "2026-01-01").to_dict()["horizon"] == "2025-01-24"


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "terrachron", *args],
        capture_output=True,
        text=True,
        check=False,
        env={"COLUMNS": "200", "PATH": "/usr/bin:/bin"},
    )


def test_the_cli_shows_the_horizon_and_not_yet_recorded() -> None:
    after = _cli("status", "kunashiri", "2026-01-01", "--view", "japan")
    assert after.returncode == 0, after.stderr
    assert "nothing recorded after 2025-01-24" in after.stdout
    before = _cli("status", "hokkaido", "1700-01-01")
    assert before.returncode == 0, before.stderr
    assert "not yet recorded" in before.stdout
    assert json.loads(_cli("explain", "kunashiri", "2026-01-01", "--json").stdout)["horizon"] == (
        "2025-01-24"
    )


def test_the_api_returns_the_horizon(bundled: Ledger) -> None:
    with TestClient(create_app(bundled)) as client:
        late = client.get("/api/places/kunashiri/status?date=2026-01-01&view=japan").json()
        early = client.get("/api/places/kunashiri/status?date=2000-01-01&view=japan").json()
    assert late["horizon"] == "2025-01-24"
    assert "Nothing is recorded after 2025-01-24" in late["narrative"]
    assert early["horizon"] is None
