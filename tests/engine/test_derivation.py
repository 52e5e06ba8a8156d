"""The derivation on the small invented ledger, rule by rule (tests/data/ledgers/mini)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import terrachron
from terrachron import Ledger

from ..conftest import MINI


def test_before_any_effect_the_place_is_unrecorded(mini: Ledger) -> None:
    s = mini.status("north", "1800-01-01", "alda")
    assert s.status == "unrecorded"
    assert s.controller == ()
    assert s.chain == ()


def test_establish_sets_title_and_control_on_the_in_force_date(mini: Ledger) -> None:
    assert mini.status("north", "1850-05-31").status == "unrecorded"
    s = mini.status("north", "1850-06-01", "alda")
    assert s.controller == ("borg",)
    assert s.title == ("borg",)
    assert s.status == "undisputed"
    assert [c.effect for c in s.chain] == ["partition-1850#1"]
    assert s.chain[0].citations[0].locator == "Art. 1"


def test_continuity_carries_control_and_title_to_the_successor(mini: Ledger) -> None:
    before = mini.status("north", "1899-12-31", "borgia")
    after = mini.status("north", "1900-01-01", "borgia")
    assert (before.controller, before.title) == (("borg",), ("borg",))
    assert (after.controller, after.title) == (("borgia",), ("borgia",))
    assert after.chain[-1].effect == "succession:borg>borgia"


def test_a_date_inside_an_interval_is_uncertain_with_each_alternative(mini: Ledger) -> None:
    # South is Alda's already: the pending occupation cannot change its answer.
    assert not mini.status("south", "1920-08-15").uncertain
    n = mini.status("north", "1920-08-15")
    assert n.uncertain
    assert {a.answer.controller for a in n.alternatives} == {("borgia",), ("alda",)}
    assert n.alternatives[1].assumes == ("occupation-1920#1",)
    assert n.chain[-1].pending
    assert not mini.status("north", "1920-08-20").uncertain


def test_month_precision_is_not_the_first_of_the_month(mini: Ledger) -> None:
    # The annexation is dated 1921-02: on 1921-02-01 it may not have happened yet.
    early = mini.status("north", "1921-02-01", "alda")
    assert early.uncertain
    assert {a.answer.title for a in early.alternatives} == {("borgia",), ("alda",)}
    assert mini.status("north", "1921-02-28", "alda").title == ("alda",)
    assert not mini.status("north", "1921-02-28", "alda").uncertain


def test_a_rejected_instrument_has_no_effect_in_that_view_and_shows_why(mini: Ledger) -> None:
    s = mini.status("north", "1925-01-01", "borgia")
    assert s.title == ("borgia",)
    assert s.controller == ("alda",)
    assert s.occupied
    assert s.disputed
    assert s.status == "disputed"
    link = next(c for c in s.chain if c.instrument == "annexation-1921")
    assert not link.recognized
    assert "rejected" in (link.reason or "")
    assert mini.status("north", "1925-01-01", "alda").title == ("alda",)


def test_claimants_come_from_each_polity_view(mini: Ledger) -> None:
    s = mini.status("north", "1925-01-01")
    assert s.claimants == ("alda", "borgia")
    assert s.title is None  # de-facto has no title layer
    assert s.status == "disputed"
    assert mini.status("south", "1925-01-01").claimants == ("alda",)


def test_a_promise_changes_nothing_but_is_listed_as_pending(mini: Ledger) -> None:
    before = mini.status("north", "1930-05-04", "borgia")
    after = mini.status("north", "1930-05-05", "borgia")
    assert before.answer.controller == after.answer.controller
    assert before.title == after.title
    assert after.pending[0].instrument == "promise-1930"
    assert after.pending[0].condition == "after a peace treaty"
    assert "pending" in after.narrative


def test_a_year_query_spanning_a_change_is_uncertain(mini: Ledger) -> None:
    s = mini.status("north", "1920", "alda")
    assert s.uncertain
    assert {a.answer.controller for a in s.alternatives} >= {("borgia",), ("alda",)}


def test_timeline_boundaries_name_their_cause(mini: Ledger) -> None:
    tl = mini.timeline("north", "borgia")
    starts = [(p.start_iso, p.caused_by) for p in tl.periods]
    assert ("1900-01-01", ("succession:borg>borgia",)) in starts
    assert ("1920-08-10", ("occupation-1920#1",)) in starts


def test_names_resolve_in_any_language_and_case(mini: Ledger) -> None:
    assert mini.resolve_place("ÎLE DU NORD") == "north"
    assert mini.resolve_place("sudo") == "south"
    assert mini.resolve_place("Südö") == "south"


def test_misspelling_gets_did_you_mean(mini: Ledger) -> None:
    with pytest.raises(terrachron.UnknownPlaceError) as info:
        mini.resolve_place("nrth")
    assert "north" in info.value.suggestions


def test_group_names_are_refused_with_their_members(mini: Ledger) -> None:
    with pytest.raises(terrachron.QueryError, match="north, south"):
        mini.status("The Isles", "1900-01-01")


def test_unknown_view_and_bad_date(mini: Ledger) -> None:
    with pytest.raises(terrachron.UnknownViewError):
        mini.status("north", "1900-01-01", "nobody")
    with pytest.raises(terrachron.DateError):
        mini.status("north", "1900-02-30")


def test_a_neutral_view_recognizes_only_what_the_affected_parties_agreed(tmp_path: Path) -> None:
    root = tmp_path / "mini"
    shutil.copytree(MINI, root)
    (root / "views" / "neutral.yaml").write_text("id: neutral\nkind: neutral\n", encoding="utf-8")
    ledger = terrachron.open_ledger(root)
    # The partition was agreed by both parties; Alda's unilateral annexation was not.
    assert ledger.status("north", "1860-01-01", "neutral").title == ("borg",)
    s = ledger.status("north", "1925-01-01", "neutral")
    assert s.title == ("borgia",)
    assert s.occupied


def test_the_precision_an_imported_note_states() -> None:
    from terrachron.engine.explain import note_precision

    assert note_precision("historical-basemaps 1900: france; border precision 2 (moderate)") == (
        "2 (moderate)"
    )
    assert note_precision("Ceded by the treaty.") is None
    assert note_precision(None) is None
