"""Safe YAML reading: positions kept, nothing constructed, alias bombs refused."""

from __future__ import annotations

from terrachron.ledger.yamlpos import load_yaml


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
