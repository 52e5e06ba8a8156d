"""The command line is wired in one place: app.py attaches every command module's commands."""

from __future__ import annotations

import ast
from pathlib import Path

import typer.main

import terrachron.cli
from terrachron.cli.app import app

CLI = Path(terrachron.cli.__file__).parent


def test_no_command_module_imports_the_app() -> None:
    for path in sorted(CLI.glob("*.py")):
        if path.name in ("app.py", "__init__.py"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        assert "terrachron.cli.app" not in imported, path.name
        assert "terrachron.cli" not in imported, path.name


def test_the_app_holds_every_command() -> None:
    group = typer.main.get_group(app)
    assert list(group.commands) == [
        "extract",
        "accept",
        "review",
        "locate",
        "periods",
        "area",
        "import",
        "places",
        "instruments",
        "views",
        "validate",
        "schema",
        "status",
        "explain",
        "timeline",
        "snapshot",
        "disputes",
        "serve",
        "tour",
        "scenario",
    ]
    scenario = group.commands["scenario"]
    assert isinstance(scenario, typer.core.TyperGroup)
    assert list(scenario.commands) == ["list", "validate", "compare", "map"]
