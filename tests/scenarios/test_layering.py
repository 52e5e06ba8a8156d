"""The scenarios build on the ledger one way: they never import the query facade at run time."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import terrachron.scenarios

PACKAGE = Path(terrachron.scenarios.__file__).parent
MODULES = sorted(PACKAGE.glob("*.py"))


def _runtime_imports(tree: ast.Module) -> list[tuple[str, list[str]]]:
    """(module, names) of every import that runs: those under ``if TYPE_CHECKING`` do not."""
    found: list[tuple[str, list[str]]] = []

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and ast.unparse(child.test) == "TYPE_CHECKING":
                for other in child.orelse:
                    visit(other)
                continue
            if isinstance(child, ast.ImportFrom) and child.module:
                found.append((child.module, [a.name for a in child.names]))
            elif isinstance(child, ast.Import):
                found.extend((a.name, []) for a in child.names)
            visit(child)

    visit(tree)
    return found


@pytest.mark.parametrize("path", MODULES, ids=[p.name for p in MODULES])
def test_no_scenario_module_imports_the_query_facade_at_run_time(path: Path) -> None:
    imports = _runtime_imports(ast.parse(path.read_text(encoding="utf-8")))
    modules = {module for module, _ in imports}
    assert "terrachron.query" not in modules
    assert "terrachron" not in modules  # the package's __init__ imports the facade


@pytest.mark.parametrize("path", MODULES, ids=[p.name for p in MODULES])
def test_no_scenario_module_imports_private_names_of_other_packages(path: Path) -> None:
    for module, names in _runtime_imports(ast.parse(path.read_text(encoding="utf-8"))):
        if module.startswith("terrachron.") and not module.startswith("terrachron.scenarios"):
            assert not [n for n in names if n.startswith("_")], module


def test_the_detector_sees_a_runtime_import_and_skips_a_type_checking_one() -> None:
    tree = ast.parse(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from terrachron.query import Ledger\n"
        "def f():\n    from terrachron.query import open_ledger\n"
    )
    assert _runtime_imports(tree) == [
        ("typing", ["TYPE_CHECKING"]),
        ("terrachron.query", ["open_ledger"]),
    ]
