"""A whole review in the browser: `terrachron review` started for real, driven by keyboard.

The draft fixture (tests/data/review/) is reviewed into a temporary copy of the mini ledger:
some records accepted, one rejected, one edited, one decision undone, then written; the ledger
folder must then validate and hold exactly the accepted records (and their source).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Locator, Page, expect

from terrachron.errors import Severity
from terrachron.query import check_ledger, open_ledger
from terrachron.web import STATIC_DIR

from ..conftest import DATA, MINI
from .conftest import _free_port
from .shots import screenshot_dir

REVIEW = DATA / "review"
SCREENSHOT = screenshot_dir() / "review.png"
START_TIMEOUT_S = 300.0
EDITED_SUMMARY = "Cato holds Lumen by force from 1940 (reviewed)."


def _files(root: Path) -> set[str]:
    return {
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and p.name != ".terrachron-write.lock"
    }


@pytest.fixture
def review(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """The base URL of `terrachron review` on copies of the draft and the mini ledger."""
    if not (STATIC_DIR / "review.html").is_file():
        pytest.fail(f"the review page is not built in {STATIC_DIR}: run `make web`", pytrace=False)
    shutil.copy(REVIEW / "draft.yaml", tmp_path / "draft.yaml")
    shutil.copy(REVIEW / "article.txt", tmp_path / "article.txt")
    shutil.copytree(MINI, tmp_path / "ledger")
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "terrachron", "review", str(tmp_path / "draft.yaml")]
    command += ["--into", str(tmp_path / "ledger"), "--port", str(port), "--no-browser"]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + START_TIMEOUT_S
    try:
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/review", timeout=30) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if proc.poll() is not None:
                pytest.fail(
                    f"the review server exited: {proc.stderr.read() if proc.stderr else ''}"
                )
            if time.monotonic() > deadline:
                pytest.fail(f"the review server did not answer within {START_TIMEOUT_S:.0f} s")
            time.sleep(0.1)
        yield base, tmp_path
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _selected(page: Page) -> Locator:
    return page.locator('.record[aria-selected="true"] .label')


def _press(page: Page, key: str, times: int = 1) -> None:
    for _ in range(times):
        page.keyboard.press(key)


def test_a_whole_review_writes_exactly_the_accepted_records(
    page: Page, review: tuple[str, Path]
) -> None:
    base, folder = review
    ledger = folder / "ledger"
    before = _files(ledger)
    page.goto(base)
    expect(page.locator("body[data-ready=true]")).to_have_count(1)
    expect(page.locator("#summary")).to_contain_text("0 accepted")
    # Evidence: hovering a record lights its spans; clicking a span selects its record.
    page.locator(".record", has_text="Lumen (lumen)").hover()
    expect(page.locator("mark.span.on")).to_have_text(["Lumen"])
    page.locator("mark.span", has_text="Treaty of Vesta").click()
    expect(_selected(page)).to_have_text(re.compile("^Treaty of Vesta"))
    # The contradiction shows its reason and the ledger's record beside the draft's.
    promise = page.locator(".record", has_text="Joint Declaration of 1931")
    expect(promise.locator(".status-contradicts")).to_have_count(1)
    expect(promise).to_contain_text("1930-05-05")

    # Instruments: treaty, annexation, promise, occupation; effects: cede, occupy, loose
    # transfer; places: South, North, Lumen; polities.
    _press(page, "a")  # accept the treaty
    _press(page, "j", 3)
    expect(_selected(page)).to_have_text(re.compile("^Occupation of Lumen"))
    _press(page, "e")
    dialog = page.locator("#edit-dialog")
    expect(dialog).to_be_visible()
    area = page.locator("#edit-yaml")
    text = area.input_value()
    area.fill(text.replace("date: '1940'", "date: 1940-13"))  # a bad edit first
    page.locator("#edit-save").click()
    expect(page.locator("#edit-error")).to_contain_text("date")
    edited = yaml.safe_load(text)
    edited["summary"] = EDITED_SUMMARY
    area.fill(yaml.safe_dump(edited, sort_keys=False))
    page.locator("#edit-save").click()
    expect(dialog).to_be_hidden()
    _press(page, "ArrowDown")
    expect(_selected(page)).to_have_text(re.compile("^cede south"))
    _press(page, "a")
    _press(page, "j")
    _press(page, "a")  # the occupation's effect
    _press(page, "j")
    expect(_selected(page)).to_have_text(re.compile("^transfer north"))
    _press(page, "x")  # the loose effect: rejected
    _press(page, "j", 3)
    expect(_selected(page)).to_have_text(re.compile("^Lumen"))
    _press(page, "x")
    _press(page, "u")  # undo: Lumen is pending again ...
    expect(page.locator(".record", has_text="Lumen (lumen)")).to_have_class(
        "record decision-pending"
    )
    _press(page, "a")  # ... and accepted
    expect(page.locator("#summary")).to_contain_text("5 accepted · 1 rejected · 7 pending")

    page.locator(".record", has_text="Lumen (lumen)").hover()
    page.screenshot(path=str(SCREENSHOT))
    _press(page, "w")
    plan = page.locator("#write-plan")
    expect(plan).to_contain_text("places/lumen")
    expect(plan).to_contain_text("Replaces the ledger's record (0)")
    page.locator("#write-confirm").click()
    expect(page.locator("#summary")).to_contain_text("written: 4 file(s)")
    expect(page.locator("#message")).to_contain_text("the ledger validates with them")

    written = _files(ledger) - before
    assert written == {
        "instruments/occupation-of-lumen-by-cato-1940.yaml",
        "instruments/treaty-of-vesta-1935.yaml",
        "places/lumen.yaml",
        "sources/article.yaml",
    }
    assert not [p for p in check_ledger(ledger)[1] if p.severity is Severity.ERROR]
    led = open_ledger(ledger)
    occupation = led.instruments["occupation-of-lumen-by-cato-1940"]
    assert occupation.summary == EDITED_SUMMARY
    assert [e.op for e in occupation.effects] == ["occupy"]
    assert [e.op for e in led.instruments["treaty-of-vesta-1935"].effects] == ["cede"]
    # The decisions were kept next to the draft, for a resumed review.
    assert (folder / "draft.yaml.review.json").is_file()


def test_a_contradiction_replaces_the_ledgers_record_only_when_chosen(
    page: Page, review: tuple[str, Path]
) -> None:
    base, folder = review
    ledger = folder / "ledger"
    page.goto(base)
    expect(page.locator("body[data-ready=true]")).to_have_count(1)
    _press(page, "r")  # the treaty is new: there is nothing to replace
    expect(page.locator("#message")).to_contain_text("nothing to replace")
    _press(page, "j", 2)
    expect(_selected(page)).to_have_text(re.compile("^Joint Declaration of 1931"))
    _press(page, "r")
    promise = page.locator(".record", has_text="Joint Declaration of 1931")
    expect(promise.locator(".badge.replace")).to_have_count(1)
    expect(promise.locator(".badge.decision")).to_have_text("accept")
    _press(page, "w")
    plan = page.locator("#write-plan")
    expect(plan).to_contain_text("Replaces the ledger's record (1)")
    expect(plan).to_contain_text("promise-1930")
    page.locator("#write-confirm").click()
    expect(page.locator("#summary")).to_contain_text("written: 2 file(s)")
    assert str(open_ledger(ledger).instruments["promise-1930"].signed) == "1931"
    # A reload shows the same review: the decisions live on the server and in the sidecar.
    page.reload()
    expect(page.locator("body[data-ready=true]")).to_have_count(1)
    expect(promise.locator(".badge.decision")).to_have_text("accept")
    expect(promise.locator(".status-agrees")).to_have_count(1)
