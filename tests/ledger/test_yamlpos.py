"""Safe YAML reading: positions kept, nothing constructed, alias bombs refused."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from terrachron.ledger.yamlpos import MAX_DEPTH, load_yaml


def test_positions_of_values_and_keys() -> None:
    doc = load_yaml("id: x\neffects:\n  - op: occupy\n    by: alda\n")
    assert doc.data == {"id": "x", "effects": [{"op": "occupy", "by": "alda"}]}
    assert doc.position(("effects", 0, "by")) == (4, 9)
    assert doc.key_position(("effects", 0, "by")) == (4, 5)


def test_dates_stay_text() -> None:
    assert load_yaml("date: 1945-09-02\n").data == {"date": "1945-09-02"}


def test_object_tags_are_refused_not_constructed() -> None:
    doc = load_yaml("x: !!python/object/apply:os.system ['true']\n")
    assert [i.rule for i in doc.issues] == ["yaml-tag"]
    assert doc.data == {"x": None}


def test_alias_bomb_is_refused_quickly() -> None:
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for i in range(1, 9):
        refs = ", ".join([f"*a{i - 1}"] * 10)
        lines.append(f"a{i}: &a{i} [{refs}]")
    doc = load_yaml("\n".join(lines) + "\n")
    assert doc.data is None
    assert [i.rule for i in doc.issues] == ["yaml-size"]


def _nested(depth: int) -> str:
    return "id: x\nvalue: " + "[" * depth + "]" * depth + "\n"


@pytest.mark.parametrize(
    ("depth", "libyaml", "column"),
    [
        (400, True, 8 + MAX_DEPTH - 1),  # libyaml composes it: the exact level is reported
        (400, False, 8 + MAX_DEPTH - 1),
        (20_000, True, 8 + 999),  # libyaml refuses 1000 levels: reported where it stopped
        (2_000, False, 8 + MAX_DEPTH - 1),  # PyYAML's composer recursed too deep
    ],
)
def test_deep_nesting_is_reported_at_its_line_not_a_recursion_error(
    depth: int, libyaml: bool, column: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Issue 15: 400 brackets in 810 bytes raised RecursionError in validate and status.
    if not libyaml:
        monkeypatch.delattr(yaml, "CSafeLoader")
    doc = load_yaml(_nested(depth))
    assert doc.data is None
    [issue] = doc.issues
    assert (issue.line, issue.column, issue.rule) == (2, column, "yaml-depth")


def test_block_style_nesting_is_limited_too() -> None:
    text = "id: x\nvalue:\n" + "".join(f"{'  ' * i}- \n" for i in range(200))
    [issue] = load_yaml(text).issues
    assert issue.rule == "yaml-depth"
    assert issue.line == 3 + MAX_DEPTH - 1  # the sequence opening level MAX_DEPTH + 1


@given(st.integers(min_value=1, max_value=3 * MAX_DEPTH))
def test_nesting_is_refused_exactly_past_the_limit(depth: int) -> None:
    doc = load_yaml(_nested(depth))
    # The document's own mapping is one level: the value may nest MAX_DEPTH - 1 more.
    refused = [i.rule for i in doc.issues] == ["yaml-depth"]
    assert refused == (depth >= MAX_DEPTH)
    assert refused or doc.issues == []
