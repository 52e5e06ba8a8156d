"""The broken-ledger corpus: every case must be reported exactly, by the API and by the CLI.

Each folder of ``tests/data/broken/`` is the mini ledger with one defect and an ``expected.yaml``
listing every problem (file, line, rule, severity and, where certain, column) the validator must
report. ``tests/data/broken/make_cases.py`` regenerates the folders. A case carrying ``xfail:``
records a known validator bug; its tests are marked ``xfail(strict=True)`` so that a fix shows up.
"""

from __future__ import annotations

import filecmp
import importlib.util
import os
import runpy
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
import yaml

import terrachron

DATA = Path(__file__).resolve().parents[1] / "data"
BROKEN = DATA / "broken"
MINI = DATA / "ledgers" / "mini"

Key = tuple[str | None, int, str, str]
"""(file, line, rule, severity) of one problem."""

REQUIRED_RULES = {
    "yaml-syntax",
    "yaml-tag",
    "duplicate-key",
    "schema-missing",
    "schema-unknown-field",
    "schema-type",
    "effect-op",
    "date-invalid",
    "date-order",
    "date-unbounded",
    "polity-lifespan",
    "unknown-polity",
    "unknown-place",
    "unknown-group",
    "unknown-instrument",
    "unknown-source",
    "duplicate-id",
    "title-conflict",
    "transfer-from-nonholder",
    "no-source",
    "geometry-missing",
    "geometry-format",
    "geometry-invalid",
    "geometry-overlap",
    "encoding",
    "empty-file",
    "instrument-date",
    "yaml-depth",
    "succession-cycle",
    "geometry-outside",
}


def _case_dirs() -> list[Path]:
    return sorted(p for p in BROKEN.iterdir() if p.is_dir() and not p.name.startswith(("_", ".")))


def _expected(case: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((case / "expected.yaml").read_text(encoding="utf-8"))
    return data


def _params() -> list[Any]:
    params = []
    for case in _case_dirs():
        reason = _expected(case).get("xfail")
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        params.append(pytest.param(case, id=case.name, marks=marks))
    return params


CASES = _params()


def _key(problem: terrachron.Problem) -> Key:
    file = problem.file.as_posix() if problem.file is not None else None
    return (file, problem.line, problem.rule, problem.severity.value)


def _expected_keys(case: Path, severity: str | None = None) -> set[Key]:
    return {
        (p["file"], p["line"], p["rule"], p["severity"])
        for p in _expected(case)["problems"]
        if severity is None or p["severity"] == severity
    }


def _assert_columns(case: Path, problems: Iterable[terrachron.Problem]) -> None:
    columns: dict[Key, set[int]] = {}
    for problem in problems:
        columns.setdefault(_key(problem), set()).add(problem.column)
    for p in _expected(case)["problems"]:
        if "column" in p:
            key = (p["file"], p["line"], p["rule"], p["severity"])
            assert p["column"] in columns.get(key, set()), (
                f"{key}: expected column {p['column']}, got {sorted(columns.get(key, ()))}"
            )


def _is_warning_only(case: Path) -> bool:
    return all(p["severity"] == "warning" for p in _expected(case)["problems"])


def _cli() -> list[str]:
    if importlib.util.find_spec("terrachron.__main__") is not None:
        return [sys.executable, "-m", "terrachron"]
    return [str(Path(sys.executable).parent / "terrachron")]


def _run_validate(path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200"}  # keep each problem on one line
    return subprocess.run(
        [*_cli(), "validate", str(path)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=120,
        env=env,
        check=False,
    )


def test_corpus_is_large_and_covers_every_rule() -> None:
    cases = _case_dirs()
    assert len(cases) >= 24
    covered: set[str] = set()
    for case in cases:
        expected = _expected(case)
        assert expected["problems"], f"{case.name}: expected.yaml lists no problem"
        assert (case / "ledger.yaml").is_file(), f"{case.name}: not a copy of the mini ledger"
        if not expected.get("xfail"):
            covered |= {p["rule"] for p in expected["problems"]}
    uncovered = sorted(REQUIRED_RULES - covered)
    assert not uncovered, f"rules covered only by xfail cases, or not at all: {uncovered}"


def _files_and_links(root: Path) -> tuple[list[Path], dict[Path, str]]:
    paths = sorted(root.rglob("*"))
    links = {p.relative_to(root): os.readlink(p) for p in paths if p.is_symlink()}
    files = [p.relative_to(root) for p in paths if p.is_file() and not p.is_symlink()]
    return files, links


def test_corpus_matches_its_generator(tmp_path: Path) -> None:
    # run_path neither writes bytecode next to the script nor leaves it in sys.modules
    generator = runpy.run_path(str(BROKEN / "make_cases.py"), run_name="make_cases")
    assert sorted(c.name for c in generator["CASES"]) == [p.name for p in _case_dirs()]
    for case in generator["CASES"]:
        fresh = generator["build"](case, tmp_path)
        committed = BROKEN / case.name
        fresh_files, fresh_links = _files_and_links(fresh)
        committed_files, committed_links = _files_and_links(committed)
        assert fresh_files == committed_files, case.name
        # A link is compared by where it points: from tmp_path a relative one points nowhere.
        assert fresh_links == committed_links, case.name
        _, mismatch, errors = filecmp.cmpfiles(
            fresh, committed, [str(p) for p in fresh_files], shallow=False
        )
        stale = mismatch + errors
        assert not stale, f"{case.name}: fixture files differ from the generator's: {stale}"


def test_pristine_mini_ledger_is_clean() -> None:
    _, problems = terrachron.check_ledger(MINI)
    assert problems == []
    ledger = terrachron.open_ledger(MINI)
    assert ledger.warnings == ()
    result = _run_validate(MINI)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert "0 error(s), 0 warning(s)" in result.stdout


@pytest.mark.parametrize("case", CASES)
def test_check_ledger_reports_exactly_the_expected_problems(case: Path) -> None:
    _, problems = terrachron.check_ledger(case)
    assert {_key(p) for p in problems} == _expected_keys(case), "\n".join(map(str, problems))
    _assert_columns(case, problems)


@pytest.mark.parametrize("case", CASES)
def test_open_ledger_refuses_or_warns(case: Path) -> None:
    if _is_warning_only(case):
        ledger = terrachron.open_ledger(case)
        assert {_key(p) for p in ledger.warnings} == _expected_keys(case, "warning")
        _assert_columns(case, ledger.warnings)
        return
    with pytest.raises(terrachron.LedgerError) as info:
        terrachron.open_ledger(case)
    reported = {_key(p) for p in info.value.problems}
    missing = _expected_keys(case, "error") - reported
    assert not missing, f"missing {sorted(missing)}; got:\n" + "\n".join(
        map(str, info.value.problems)
    )
    _assert_columns(case, info.value.errors)


@pytest.mark.parametrize("case", CASES)
def test_cli_validate_prints_every_problem(case: Path) -> None:
    result = _run_validate(case)
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    assert result.returncode == (0 if _is_warning_only(case) else 1), output
    lines = output.splitlines()
    for file, line, rule, severity in _expected_keys(case):
        prefix = f"{file}:{line}:"
        tag = f"{severity}[{rule}]"
        assert any(ln.startswith(prefix) and tag in ln for ln in lines), (
            f"no line '{prefix}... {tag}' in:\n{output}"
        )
