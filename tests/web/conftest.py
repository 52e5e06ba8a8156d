"""Fixtures of the end-to-end tests: the real server on a free loopback port, and Chromium.

The browser is Debian's ``chromium`` (``make test`` installs it when missing), driven by
Playwright with ``executable_path``; Playwright's own browser downloads are never used. A missing
browser or unbuilt page fails these tests rather than skipping them, so CI cannot pass without
having exercised the page.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from terrachron.web import STATIC_DIR

# Without the background-networking flags Chromium keeps trying to reach Google's services.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SERVER_START_TIMEOUT_S = 300.0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _chromium() -> str:
    found = shutil.which("chromium") or (
        "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
    )
    if found is None:
        pytest.fail(
            "Debian's chromium is not installed: `make test` installs it "
            "(apt-get install -y chromium)",
            pytrace=False,
        )
    return found


@pytest.fixture(scope="session")
def server() -> Iterator[str]:
    """The base URL of ``terrachron serve`` on the bundled ledger, on a free loopback port."""
    # Ready once a point is located: the first locate compiles its kernel (a minute when the
    # machine is busy), which no test should have to wait for in the middle of a click.
    ready = "/api/locate?lon=145.8&lat=44.1&date=1950-01-01"
    yield from _serve([], ready, SERVER_START_TIMEOUT_S)


WORLD_START_TIMEOUT_S = 600.0
"""The world ledger's server builds each view's timetable and the simplified shapes as it
starts (a minute or more on a busy two-core machine)."""


@pytest.fixture(scope="session")
def world_server() -> Iterator[str]:
    """The base URL of ``terrachron serve --ledger world``, answering the map's first requests.

    ``$TERRACHRON_WORLD_URL`` names one already running on loopback instead: on a loaded machine
    a world server takes longer to start than the tests take to run.
    """
    ready = "/api/locate?lon=2.35&lat=48.85&date=1950-01-01"
    running = os.environ.get("TERRACHRON_WORLD_URL")
    if running:
        base = running.rstrip("/")
        if not base.startswith(("http://127.", "http://localhost", "http://[::1]")):
            pytest.fail("TERRACHRON_WORLD_URL must be a server on loopback", pytrace=False)
        with urllib.request.urlopen(f"{base}{ready}", timeout=WORLD_START_TIMEOUT_S) as response:
            assert response.status == 200
        yield base
        return
    yield from _serve(["--ledger", "world"], ready, WORLD_START_TIMEOUT_S)


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """Where the tests save what they saw: a temporary folder, or $TERRACHRON_SCREENSHOTS.

    Never docs/img: the documentation's pictures are chosen and copied there by hand.
    """
    folder = Path(
        os.environ.get("TERRACHRON_SCREENSHOTS")
        or Path(tempfile.gettempdir()) / "terrachron-screenshots"
    )
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _serve(extra: list[str], ready: str, timeout_s: float) -> Iterator[str]:
    if not (STATIC_DIR / "index.html").is_file():
        pytest.fail(
            f"the web page is not built in {STATIC_DIR}: run `make web` (or `make test`)",
            pytrace=False,
        )
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "terrachron",
            "serve",
            "--port",
            str(port),
            "--log-level",
            "warning",
            *extra,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + timeout_s
    try:
        while True:
            try:
                with urllib.request.urlopen(f"{base}{ready}", timeout=timeout_s) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if proc.poll() is not None:
                pytest.fail(f"the server exited: {proc.stderr.read() if proc.stderr else ''}")
            if time.monotonic() > deadline:
                pytest.fail(f"the server did not answer {ready} within {timeout_s:.0f} s")
            time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Headless Chromium, launched from the system's binary."""
    executable = _chromium()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh laptop-sized page; fails the test on any uncaught script error."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, device_scale_factor=1)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        yield pg
    finally:
        context.close()
    assert not errors, f"script errors on the page: {errors}"
