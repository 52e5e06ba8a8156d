"""The review server's API: statuses, decisions kept in the sidecar, bad edits, the write.

Each test reviews a copy of tests/data/review/draft.yaml (an extraction of article.txt against
the mini ledger, with one linked instrument whose date the ledger contradicts) into a copy of the
mini ledger, and checks the ledger folder byte for byte where nothing may be written.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from terrachron.api.review_app import create_review_app
from terrachron.api.review_state import ReviewError, ReviewSession
from terrachron.cli.app import app as cli
from terrachron.errors import LedgerWriteError, Severity
from terrachron.extract.draft import AcceptConflictError
from terrachron.query import check_ledger, open_ledger

from ..conftest import DATA, MINI

REVIEW = DATA / "review"
TREATY = "instruments/0"
TREATY_CEDE = "instruments/0/effects/0"
ANNEXATION = "instruments/1"  # linked; its year agrees with the ledger's month
PROMISE = "instruments/2"  # linked; the article's year contradicts the ledger's day
OCCUPATION = "instruments/3"
OCCUPY = "instruments/3/effects/0"
LUMEN = "places/3"
LOOSE = "loose-effects/0"


def _snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != ".terrachron-write.lock"
    }


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A temporary copy of the draft, its article and the mini ledger."""
    shutil.copy(REVIEW / "draft.yaml", tmp_path / "draft.yaml")
    shutil.copy(REVIEW / "article.txt", tmp_path / "article.txt")
    shutil.copytree(MINI, tmp_path / "ledger")
    return tmp_path


@pytest.fixture
def client(folder: Path) -> Iterator[TestClient]:
    session = ReviewSession(folder / "draft.yaml", folder / "ledger")
    with TestClient(create_review_app(session), base_url="http://127.0.0.1") as test_client:
        yield test_client


def _items(client: TestClient) -> dict[str, dict[str, object]]:
    return {it["key"]: it for it in client.get("/api/review").json()["items"]}


def _decide(client: TestClient, key: str, decision: str, **extra: object) -> dict[str, Any]:
    response = client.post(f"/api/review/decisions/{key}", json={"decision": decision, **extra})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_each_record_carries_its_evidence_and_its_status_against_the_ledger(
    client: TestClient, folder: Path
) -> None:
    state = client.get("/api/review").json()
    text = state["article"]["text"]
    assert text == (folder / "article.txt").read_text(encoding="utf-8")
    items = {it["key"]: it for it in state["items"]}
    assert {it["kind"] for it in items.values()} == {"instrument", "effect", "place", "polity"}
    for item in items.values():
        for span in item["evidence"]:
            assert text[span["start"] : span["end"]] == span["text"]
    assert items[TREATY]["status"] == "new"
    assert items[LUMEN]["status"] == "new"
    assert items[ANNEXATION]["status"] == "agrees"
    promise = items[PROMISE]
    assert promise["status"] == "contradicts"
    assert any("1930-05-05" in r for r in promise["reasons"])
    assert promise["ledger_record"]["signed"] == "1930-05-05"
    assert state["counts"] == {"accepted": 0, "rejected": 0, "pending": len(items)}


def test_decisions_are_saved_next_to_the_draft_and_a_new_session_resumes_them(
    client: TestClient, folder: Path
) -> None:
    _decide(client, TREATY, "accept")
    _decide(client, LUMEN, "reject")
    sidecar = folder / "draft.yaml.review.json"
    saved = json.loads(sidecar.read_text(encoding="utf-8"))
    assert saved["decisions"][TREATY]["decision"] == "accept"
    assert not list(folder.glob(".review-*"))  # the temporary file was renamed, not left
    resumed = ReviewSession(folder / "draft.yaml", folder / "ledger")
    assert resumed.counts()["accepted"] == 1
    assert resumed.counts()["rejected"] == 1
    _decide(client, TREATY, "pending")  # what undo sends
    assert TREATY not in json.loads(sidecar.read_text(encoding="utf-8"))["decisions"]


def test_a_sidecar_of_another_version_of_the_draft_stops_the_start(folder: Path) -> None:
    ReviewSession(folder / "draft.yaml", folder / "ledger").decide(TREATY, "accept")
    draft = folder / "draft.yaml"
    draft.write_text(draft.read_text(encoding="utf-8") + "\n# edited by hand\n", encoding="utf-8")
    with pytest.raises(ReviewError, match="another version"):
        ReviewSession(draft, folder / "ledger")


@pytest.mark.parametrize(
    ("key", "record", "rule"),
    [
        (LUMEN, "id: lumen\nnames: {en: Lumen}\nnonsense: 1\n", "nonsense"),
        (LUMEN, "id: Not A Slug\nnames: {en: Lumen}\n", "id"),
        (TREATY, "id: treaty-of-vesta-1935\nkind: treaty\ntitle: T\nsigned: 1935-13-40\n", ""),
        (TREATY_CEDE, "op: cede\nto: cato\nplaces: [south]\nwhen: never\n", ""),
        (LUMEN, "id: lumen\n  names: [", "line"),
        (LUMEN, "- just\n- a list\n", "mapping"),
    ],
)
def test_a_bad_edit_is_refused_with_the_rule_it_breaks(
    client: TestClient, folder: Path, key: str, record: str, rule: str
) -> None:
    response = client.post(
        f"/api/review/decisions/{key}", json={"decision": "edit", "record": record}
    )
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["parameter"] == "record"
    assert rule in body["detail"]
    assert "Traceback" not in response.text
    assert not (folder / "draft.yaml.review.json").exists()


def test_bad_requests_are_4xx_with_a_message(client: TestClient) -> None:
    assert (
        client.post("/api/review/decisions/places/99", json={"decision": "accept"}).status_code
        == 404
    )
    wrong = client.post(f"/api/review/decisions/{TREATY}", json={"decision": "maybe"})
    assert wrong.status_code == 422
    assert wrong.json()["detail"]
    loose = client.post(f"/api/review/decisions/{LOOSE}", json={"decision": "accept"})
    assert loose.status_code == 422
    assert "no instrument" in loose.json()["detail"]
    no_conflict = client.post(
        f"/api/review/decisions/{TREATY}", json={"decision": "accept", "replace": True}
    )
    assert no_conflict.status_code == 422
    assert "nothing to replace" in no_conflict.json()["detail"]
    empty = client.post("/api/review/write")
    assert empty.status_code == 422
    assert "nothing to write" in empty.json()["detail"]


def test_a_request_for_another_host_is_refused(client: TestClient) -> None:
    response = client.get("/api/review", headers={"host": "attacker.example"})
    assert response.status_code == 400
    assert "DNS rebinding" in response.json()["detail"]


def test_the_command_refuses_to_listen_beyond_loopback(folder: Path) -> None:
    result = CliRunner().invoke(
        cli,
        [
            "review",
            str(folder / "draft.yaml"),
            "--into",
            str(folder / "ledger"),
            "--host",
            "0.0.0.0",
        ],
    )
    assert result.exit_code == 2
    assert "127.0.0.1 only" in result.output


def test_the_write_holds_exactly_the_accepted_records(client: TestClient, folder: Path) -> None:
    ledger = folder / "ledger"
    before = _snapshot(ledger)
    for key in (TREATY, TREATY_CEDE, OCCUPATION, OCCUPY, LUMEN):
        _decide(client, key, "accept")
    _decide(client, ANNEXATION, "accept")  # linked and agreeing: nothing to write
    plan = client.get("/api/review/plan").json()
    assert sorted(plan["write"]) == [
        "instruments/occupation-of-lumen-by-cato-1940",
        "instruments/treaty-of-vesta-1935",
        "places/lumen",
        "sources/article",
    ]
    assert plan["replace"] == []
    response = client.post("/api/review/write")
    assert response.status_code == 200, response.text
    body = response.json()
    assert sorted(body["written"]) == [
        "instruments/occupation-of-lumen-by-cato-1940.yaml",
        "instruments/treaty-of-vesta-1935.yaml",
        "places/lumen.yaml",
        "sources/article.yaml",
    ]
    after = _snapshot(ledger)
    assert {k: v for k, v in after.items() if k in before} == before
    assert not [p for p in check_ledger(ledger)[1] if p.severity is Severity.ERROR]
    led = open_ledger(ledger)
    treaty = led.instruments["treaty-of-vesta-1935"]
    assert [e.op for e in treaty.effects] == ["cede"]
    assert "lumen" in led.places
    # The statuses are read again: what was written now agrees with the ledger.
    assert {it["key"]: it["status"] for it in body["state"]["items"]}[LUMEN] == "agrees"
    assert body["state"]["written"]


def test_a_rejected_effect_is_left_out_of_its_instrument(client: TestClient, folder: Path) -> None:
    _decide(client, TREATY, "accept")
    _decide(client, TREATY_CEDE, "reject")
    plan = client.get("/api/review/plan").json()
    assert any("cede" in line and "reject" in line for line in plan["left_out"])
    assert client.post("/api/review/write").status_code == 200
    assert open_ledger(folder / "ledger").instruments["treaty-of-vesta-1935"].effects == []


def test_a_write_the_ledger_would_not_validate_with_writes_nothing(
    client: TestClient, folder: Path
) -> None:
    before = _snapshot(folder / "ledger")
    _decide(client, OCCUPATION, "accept")
    _decide(client, OCCUPY, "accept")
    _decide(client, LUMEN, "reject")  # the occupation then names a place the ledger lacks
    response = client.post("/api/review/write")
    assert response.status_code == 422, response.text
    assert "lumen" in response.text
    assert _snapshot(folder / "ledger") == before


def test_a_conflict_writes_nothing_unless_the_reviewer_chose_replace(
    client: TestClient, folder: Path
) -> None:
    ledger = folder / "ledger"
    before = _snapshot(ledger)
    # An edit gives Lumen the id of North Isle: a different record under a curated id.
    answer = _decide(client, LUMEN, "edit", record="id: north\nnames: {en: Lumen}\n")
    # The status follows the edit: the record now contradicts the ledger's North Isle.
    assert answer["item"]["status"] == "contradicts"
    assert answer["item"]["label"] == "Lumen (north)"
    _decide(client, TREATY, "accept")
    response = client.post("/api/review/write")
    assert response.status_code == 409
    assert any("places/north" in c for c in response.json()["conflicts"])
    assert _snapshot(ledger) == before


def test_a_contradicted_record_is_replaced_only_by_choice(client: TestClient, folder: Path) -> None:
    ledger = folder / "ledger"
    before = _snapshot(ledger)
    fixed = (
        "id: promise-1930\nkind: joint-declaration\ntitle: Joint Declaration\n"
        "parties: [alda, borgia]\nsigned: '1931'\nsummary: Dated 1931 by the article.\n"
        "sources: [{source: notes}]\n"
    )
    _decide(client, PROMISE, "edit", record=fixed)
    plan = client.get("/api/review/plan").json()
    assert plan["write"] == []
    assert any("promise-1930" in line for line in plan["left_out"])
    assert client.post("/api/review/write").status_code == 422  # nothing to write
    assert _snapshot(ledger) == before
    _decide(client, PROMISE, "edit", record=fixed, replace=True)
    assert client.get("/api/review/plan").json()["replace"] == ["promise-1930"]
    response = client.post("/api/review/write")
    assert response.status_code == 200, response.text
    assert response.json()["written"] == ["instruments/1930-promise.yaml"]
    assert str(open_ledger(ledger).instruments["promise-1930"].signed) == "1931"


DECIDABLE = (TREATY, TREATY_CEDE, ANNEXATION, PROMISE, OCCUPATION, OCCUPY, LUMEN)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(["pending", "accept", "reject"]), min_size=7, max_size=7))
def test_a_write_writes_exactly_its_plan_or_nothing(choices: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        shutil.copy(REVIEW / "draft.yaml", folder / "draft.yaml")
        shutil.copy(REVIEW / "article.txt", folder / "article.txt")
        shutil.copytree(MINI, folder / "ledger")
        ledger = folder / "ledger"
        session = ReviewSession(folder / "draft.yaml", ledger)
        for key, choice in zip(DECIDABLE, choices, strict=True):
            session.decide(key, choice)  # type: ignore[arg-type]
        plan = session.plan()
        before = _snapshot(ledger)
        try:
            session.write()
        except (ReviewError, AcceptConflictError, LedgerWriteError):
            assert _snapshot(ledger) == before
            return
        after = _snapshot(ledger)
        assert {k: v for k, v in after.items() if k in before} == before
        assert set(after) - set(before) == {f"{rec}.yaml" for rec in plan.write}
        assert not [p for p in check_ledger(ledger)[1] if p.severity is Severity.ERROR]
