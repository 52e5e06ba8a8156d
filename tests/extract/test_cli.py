"""`terrachron extract` and `terrachron accept`: in-process through Typer's runner (fast), and
once as a real subprocess of the console script."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from terrachron.cli.app import app
from terrachron.errors import Severity
from terrachron.query import check_ledger

from .conftest import ARTICLES, TEST_LEDGER

EXE = Path(sys.executable).parent / "terrachron"
RUNNER = CliRunner()


def invoke(*args: str) -> tuple[int, str]:
    result = RUNNER.invoke(app, list(args))
    return result.exit_code, result.output


def test_extract_accept_validate(tmp_path: Path) -> None:
    target = tmp_path / "ledger"
    shutil.copytree(TEST_LEDGER, target)
    draft = tmp_path / "draft.yaml"
    code, out = invoke(
        "extract", str(ARTICLES / "walvis-bay-1994.txt"), "-l", str(TEST_LEDGER), "-o", str(draft)
    )
    assert code == 0, out
    assert "x-evidence" in draft.read_text(encoding="utf-8")
    code, out = invoke("accept", str(draft), "--into", str(target))
    assert code == 0, out
    assert "penguin-islands" in out
    _, problems = check_ledger(target)
    assert [p for p in problems if p.severity is Severity.ERROR] == []


def test_diff_as_json_and_as_a_table() -> None:
    code, out = invoke(
        "extract", str(ARTICLES / "alaska-1867.txt"), "-l", str(TEST_LEDGER), "--diff", "-f", "json"
    )
    assert code == 0, out
    items = json.loads(out)
    assert {"verdict", "subject", "field", "draft", "ledger", "chars"} <= set(items[0])
    assert any(i["verdict"] == "agrees" and i["field"] == "signed" for i in items)
    code, out = invoke(
        "extract", str(ARTICLES / "alaska-1867.txt"), "-l", str(TEST_LEDGER), "--diff"
    )
    assert code == 0, out
    assert "agrees" in out


def test_a_folder_and_the_published_option() -> None:
    code, out = invoke(
        "extract", str(ARTICLES), "-l", str(TEST_LEDGER), "--published", "2020-01-01", "-f", "json"
    )
    assert code == 0, out
    drafts = json.loads(out)
    assert len(drafts) == len(list(ARTICLES.glob("*.txt")))


def test_garbage_is_one_clear_line(tmp_path: Path) -> None:
    path = tmp_path / "bin.txt"
    path.write_bytes(b"\x00\x01\x02" * 100)
    out = subprocess.run(
        [str(EXE), "extract", str(path)], capture_output=True, text=True, timeout=120, check=False
    )
    assert out.returncode == 2
    assert out.stderr.startswith("error:")
    assert "binary" in out.stderr
    assert "Traceback" not in out.stderr


def test_all_keeps_what_the_default_leaves_out(tmp_path: Path) -> None:
    article = tmp_path / "lima.txt"
    article.write_text(
        "By the Treaty of Lima of 3 June 1929 Tacna was returned to Peru while Arica passed "
        "for good to Chile.\n",
        encoding="utf-8",
    )
    code, default = invoke("extract", str(article), "-l", str(TEST_LEDGER), "-f", "json")
    assert code == 0, default
    code, everything = invoke(
        "extract", str(article), "-l", str(TEST_LEDGER), "-f", "json", "--all"
    )
    assert code == 0, everything
    # Only the parse reads "Arica passed ... to Chile", on a name the gazetteer lacks: a
    # loose effect below the default threshold.
    assert "'arica'" not in repr(json.loads(default).get("loose-effects", []))
    assert "'arica'" in repr(json.loads(everything)["loose-effects"])
    assert "--all" in repr(json.loads(default)["draft"])
