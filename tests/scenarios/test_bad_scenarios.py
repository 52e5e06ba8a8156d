"""Bad scenarios are reported like bad ledgers: every problem, with its file, line and rule."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

import terrachron
from terrachron.scenarios import ScenarioError, check_scenario

from ..conftest import DATA

SCENARIOS = DATA / "scenarios"
CASES = sorted(p.name for p in SCENARIOS.iterdir() if (p / "expected.yaml").is_file())


def _expected(case: Path) -> list[tuple[str | None, int, str]]:
    data: dict[str, Any] = yaml.safe_load((case / "expected.yaml").read_text(encoding="utf-8"))
    return sorted(
        (
            (case / p["file"]).as_posix() if p["file"] else case.as_posix(),
            int(p["line"]),
            str(p["rule"]),
        )
        for p in data["problems"]
    )


def test_the_corpus_covers_the_issue_s_cases() -> None:
    rules = {rule for case in CASES for _, _, rule in _expected(SCENARIOS / case)}
    assert {"unknown-place", "split-line", "scenario-date", "title-conflict"} <= rules
    assert len(CASES) >= 10


@pytest.mark.parametrize("case", CASES)
def test_every_problem_is_reported_at_its_file_and_line(mini: terrachron.Ledger, case: str) -> None:
    folder = SCENARIOS / case
    branch, problems = check_scenario(mini, folder)
    assert branch is None
    found = sorted(
        (p.file.as_posix() if p.file else None, p.line, p.rule)
        for p in problems
        if p.severity is terrachron.Severity.ERROR
    )
    assert found == _expected(folder)


def test_a_bad_scenario_raises_one_error_carrying_every_problem(mini: terrachron.Ledger) -> None:
    folder = SCENARIOS / "bad-references"
    with pytest.raises(ScenarioError) as info:
        mini.with_scenario(folder)
    error = info.value
    assert isinstance(error, terrachron.LedgerError)
    assert len(error.errors) == 3
    assert "bad-references" in str(error)
    assert f"{folder.as_posix()}/scenario.yaml:6:12" in str(error)
    # Nothing is cached for a scenario that failed, and the ledger itself is untouched.
    with pytest.raises(ScenarioError):
        mini.with_scenario(folder)
    assert mini.status("south", "1960").controller == ("alda",)


def test_a_scenario_inside_a_ledger_is_located_from_the_ledger_root(
    bundled: terrachron.Ledger,
) -> None:
    _, problems = check_scenario(
        bundled, bundled.scenarios["two-islands"].path, Path("scenarios/two-islands")
    )
    assert problems == []
