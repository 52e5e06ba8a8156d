"""Amending a pending promise's condition, and the horizon of the record, on the mini ledger.

The mini ledger's 1930 promise (Alda to Borgia, North) is amended by an invented 1940 memorandum
(tests/data/amendment/) that the borgia view rejects, as Japan's view rejects the 1960 Soviet one.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import terrachron
from terrachron import Ledger

from ..conftest import DATA, MINI

MEMO = DATA / "amendment" / "1940-memo.yaml"


@pytest.fixture(scope="module")
def amended(tmp_path_factory: pytest.TempPathFactory) -> Ledger:
    root = tmp_path_factory.mktemp("amended") / "mini"
    shutil.copytree(MINI, root)
    shutil.copy(MEMO, root / "instruments" / MEMO.name)
    view = root / "views" / "borgia.yaml"
    view.write_text(
        view.read_text(encoding="utf-8").replace(
            "rejects: [annexation-1921]", "rejects: [annexation-1921, memo-1940]"
        ),
        encoding="utf-8",
    )
    return terrachron.open_ledger(root)


def test_the_amendment_changes_the_pending_condition_from_its_date(amended: Ledger) -> None:
    before = amended.status("north", "1940-01-26", "alda")
    after = amended.status("north", "1940-01-27", "alda")
    assert [(p.condition, p.amended_by) for p in before.pending] == [("after a peace treaty", None)]
    assert [(p.effect, p.condition, p.amended_by) for p in after.pending] == [
        ("promise-1930#1", "after a peace treaty and a withdrawal of troops", "memo-1940#1")
    ]
    link = after.chain[-1]
    assert (link.effect, link.op, link.role, link.recognized) == (
        "memo-1940#1",
        "amend_condition",
        "promise",
        True,
    )
    assert "change the condition of the promise promise-1930#1" in after.narrative
    assert "condition as amended by memo-1940#1" in after.narrative


def test_a_view_that_rejects_the_amendment_keeps_the_old_condition(amended: Ledger) -> None:
    s = amended.status("north", "1950-01-01", "borgia")
    assert [(p.condition, p.amended_by) for p in s.pending] == [("after a peace treaty", None)]
    link = next(c for c in s.chain if c.effect == "memo-1940#1")
    assert not link.recognized
    assert link.reason == "rejected by the view 'borgia'"


def test_the_timeline_opens_a_period_at_the_amendment(amended: Ledger) -> None:
    periods = amended.timeline("north", "alda").periods
    opened = [p for p in periods if "memo-1940#1" in p.caused_by]
    assert [p.start_iso for p in opened] == ["1940-01-27"]
    assert opened[0].answer.pending[0].amended_by == "memo-1940#1"
    assert all(
        "memo-1940#1" not in p.caused_by for p in amended.timeline("north", "borgia").periods
    )


def test_the_json_of_a_pending_promise_names_its_amendment(amended: Ledger) -> None:
    data = amended.status("north", "1950-01-01", "alda").to_dict()
    assert data["pending"][0]["amended_by"] == "memo-1940#1"
    assert data["pending"][0]["condition"] == "after a peace treaty and a withdrawal of troops"


def test_without_recorded_until_the_horizon_is_the_latest_effect(amended: Ledger) -> None:
    assert amended.horizon == "1940-01-27"
    assert amended.status("north", "1940-01-27", "alda").horizon is None
    later = amended.status("north", "1940-01-28", "alda")
    assert later.horizon == "1940-01-27"
    assert later.to_dict()["horizon"] == "1940-01-27"
    assert "Nothing is recorded after 1940-01-27" in later.narrative
    # A reduced-precision date that reaches past the horizon carries it too.
    assert amended.status("north", "1940", "alda").horizon == "1940-01-27"


def test_recorded_until_sets_the_horizon(tmp_path: Path) -> None:
    root = tmp_path / "mini"
    shutil.copytree(MINI, root)
    meta = root / "ledger.yaml"
    meta.write_text(meta.read_text(encoding="utf-8") + 'recorded_until: "1999-12-31"\n', "utf-8")
    ledger = terrachron.open_ledger(root)
    assert ledger.horizon == "1999-12-31"
    assert ledger.status("north", "1999-12-31").horizon is None
    assert ledger.status("north", "2000-01-01").horizon == "1999-12-31"


def test_before_the_first_effect_the_narrative_says_not_yet_recorded(mini: Ledger) -> None:
    s = mini.status("north", "1800-01-01", "alda")
    assert s.status == "unrecorded"
    assert s.narrative.startswith(
        "On 1800-01-01, in the view 'alda', North Isle is not yet recorded: "
    )
    assert "controlled by" not in s.narrative
