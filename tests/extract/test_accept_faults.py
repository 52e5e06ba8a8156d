"""Fault tests of `terrachron accept`: a real subprocess killed mid-write, and a disk that fills.

Each leaves the ledger valid and its records unchanged. The kill uses the write's own pause point
(``TERRACHRON_WRITE_PAUSE``): every file is staged and none is in place yet, the widest window.
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from terrachron.ledger.write import PAUSE_ENV
from terrachron.query import check_ledger

from ..conftest import MINI

EXE = Path(sys.executable).parent / "terrachron"
COUNT = 40


def _records(root: Path) -> dict[str, bytes]:
    """Every file the ledger reads (YAML and GeoJSON), by relative path."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.suffix in {".yaml", ".yml", ".geojson", ".json"}
    }


def _draft(path: Path, count: int = COUNT, summary_bytes: int = 100) -> Path:
    """A draft of ``count`` new sources, each with a title of about ``summary_bytes`` bytes."""
    lines = ["instruments: []", "sources:"]
    for i in range(count):
        title = f"Article {i} " + "x" * summary_bytes
        lines.append(f"  - {{id: article-{i:03d}, kind: article, title: {title}}}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _assert_valid_and_unchanged(root: Path, before: dict[str, bytes]) -> None:
    assert _records(root) == before
    _, problems = check_ledger(root)
    assert [str(p) for p in problems if p.severity.value == "error"] == []


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    root = tmp_path / "ledger"
    shutil.copytree(MINI, root)
    return root


def test_kill_9_between_staging_and_rename_leaves_the_ledger_as_it_was(
    ledger: Path, tmp_path: Path
) -> None:
    draft = _draft(tmp_path / "draft.yaml")
    before = _records(ledger)
    proc = subprocess.Popen(
        [str(EXE), "accept", str(draft), "--into", str(ledger)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, PAUSE_ENV: "60"},
    )
    try:
        assert proc.stderr is not None
        line = proc.stderr.readline()  # printed once every file is staged and fsync'ed
        assert line.startswith(f"staged {COUNT} file(s)"), line
        staged = list(ledger.rglob("*.terrachron.tmp"))
        assert len(staged) == COUNT  # the kill really lands mid-write
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL
    _assert_valid_and_unchanged(ledger, before)
    # The next accept removes what the dead one left and writes everything.
    done = subprocess.run(
        [str(EXE), "accept", str(draft), "--into", str(ledger)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert f"{COUNT} record(s) written" in done.stdout
    assert list(ledger.rglob("*.terrachron.tmp")) == []
    assert len(_records(ledger)) == len(before) + COUNT


def _limit_file_size() -> None:
    # Writes past the limit fail with EFBIG instead of killing the process with SIGXFSZ.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))


def test_a_file_size_limit_mid_write_leaves_the_ledger_as_it_was(
    ledger: Path, tmp_path: Path
) -> None:
    draft = _draft(tmp_path / "draft.yaml")
    # The 31st record is too large for the limit: 30 files are staged when the write fails.
    text = draft.read_text(encoding="utf-8").replace("Article 30 ", "Article 30 " + "y" * 8000)
    draft.write_text(text, encoding="utf-8")
    before = _records(ledger)
    result = subprocess.run(
        [str(EXE), "accept", str(draft), "--into", str(ledger)],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=_limit_file_size,  # a resource limit and a signal disposition only
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 2, output
    assert "Traceback" not in output
    assert "could not write sources/article-030.yaml (File too large)" in output
    assert "the ledger is as it was" in output
    assert "not written: sources/article-000.yaml" in output
    _assert_valid_and_unchanged(ledger, before)
    assert list(ledger.rglob("*.terrachron.tmp")) == []


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 256 KiB tmpfs (needs root); skipped where mounting is not permitted."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small tmpfs needs root")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace')}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=True)


def test_a_full_disk_mid_write_leaves_the_ledger_as_it_was(
    small_disk: Path, tmp_path: Path
) -> None:
    root = small_disk / "ledger"
    shutil.copytree(MINI, root)
    # Fill the disk but for a few pages, so that the draft's 40 files cannot all be staged.
    fd = os.open(small_disk / "filler", os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        size = 0
        while True:
            try:
                size += os.write(fd, b"\1" * 4096)
            except OSError:
                break
        os.ftruncate(fd, size - 6 * 4096)
    finally:
        os.close(fd)
    draft = _draft(tmp_path / "draft.yaml", summary_bytes=3000)
    before = _records(root)
    result = subprocess.run(
        [str(EXE), "accept", str(draft), "--into", str(root)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 2, output
    assert "Traceback" not in output
    assert "No space left on device" in output
    assert "the ledger is as it was" in output
    _assert_valid_and_unchanged(root, before)
    assert list(root.rglob("*.terrachron.tmp")) == []
