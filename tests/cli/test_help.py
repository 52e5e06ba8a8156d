"""The top-level `--help` (cli/help.py): what Typer's help shows, without its help machinery."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from terrachron.cli.app import app, scenario_app
from terrachron.cli.help import HelpRow, command_rows, option_rows

# What rendering the top-level help with Typer loads and the fast path must not (issue 16):
# Typer's help module and what it imports for Markdown, tracebacks and pretty-printing.
TYPER_HELP = ("typer.rich_utils", "rich.markdown", "markdown_it", "rich.traceback", "rich.pretty")
ENGINE = ("terrachron.query", "terrachron.engine", "numpy", "shapely", "pandas", "edtf")
EXTRAS = ("spacy", "dask", "distributed", "numba", "fastapi", "uvicorn", "starlette")


def _python(code: str, columns: int = 80) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": str(columns)}
    env.pop("TERMINAL_WIDTH", None)
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300
    )


FAST = (
    "import sys; sys.argv = ['terrachron', '--help']; from terrachron.cli import main\n"
    "try:\n    main()\nexcept SystemExit:\n    pass\n"
)
# Typer's own rendering of the same help, as `terrachron --help` printed it before.
TYPER = (
    "import sys; sys.argv = ['terrachron', '--help']; from terrachron.cli.app import app\n"
    "try:\n    app()\nexcept SystemExit:\n    pass\n"
)


def _panel_rows(text: str, title: str) -> list[HelpRow]:
    """The rows of a help panel, continuation lines joined, Typer's type column dropped."""
    lines = text.splitlines()
    start = next(i for i, ln in enumerate(lines) if ln.startswith(f"╭─ {title} "))
    rows: list[list[str]] = []
    for line in lines[start + 1 :]:
        if line.startswith("╰"):
            break
        inner = line.strip("│ ")
        name, _, rest = inner.partition("  ")
        if line.startswith("│ ") and not line.startswith("│  ") and name:
            rows.append([name.strip(), rest.strip()])
        else:
            rows[-1][1] += " " + inner.strip()
    return [HelpRow(n, re.sub(r"^<\w+>\s+", "", d).strip()) for n, d in rows]


@pytest.fixture(scope="module")
def fast() -> str:
    done = _python(FAST)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return done.stdout


def test_the_fast_help_shows_what_typers_help_shows(fast: str) -> None:
    typer = _python(TYPER)
    assert typer.returncode == 0, typer.stderr
    for title in ("Options", "Commands"):
        assert _panel_rows(fast, title) == _panel_rows(typer.stdout, title), title
    # Same usage line and description.
    assert fast.splitlines()[:5] == typer.stdout.splitlines()[:5]


def test_every_command_and_group_is_listed_with_its_first_paragraph(fast: str) -> None:
    listed = _panel_rows(fast, "Commands")
    names = [row.name for row in listed]
    expected = [c.name or c.callback.__name__ for c in app.registered_commands if c.callback]
    assert names == [*expected, "scenario"]
    for row in listed:
        assert row.description, row.name
        assert "\n" not in row.description
        assert "``" not in row.description
    scenario = next(row for row in listed if row.name == "scenario")
    assert scenario.description.startswith("Scenarios: hypothetical settlements")
    assert [r.name for r in command_rows(app)] == names
    assert [r.name for r in command_rows(scenario_app)] == ["list", "validate", "compare", "map"]


def test_the_root_options_come_from_the_callback() -> None:
    assert option_rows(app) == [
        HelpRow("--version", "Print terrachron's version and exit."),
        HelpRow("--help", "Show this message and exit."),
    ]


@pytest.mark.parametrize("columns", [60, 80, 120])
def test_the_fast_help_fits_the_terminal(columns: int) -> None:
    done = _python(FAST, columns=columns)
    assert done.returncode == 0, done.stderr
    assert max(len(line) for line in done.stdout.splitlines()) <= columns
    assert "extract" in done.stdout
    assert "scenario" in done.stdout


def _loaded_after(code: str) -> set[str]:
    probe = (
        "import contextlib as c, io, json, sys\n"
        "with c.redirect_stdout(io.StringIO()), c.redirect_stderr(io.StringIO()):\n"
        f"    exec({code!r})\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    done = _python(probe)
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stdout.splitlines()[-1]))


def _under(loaded: set[str], roots: tuple[str, ...]) -> set[str]:
    return {m for m in loaded if any(m == r or m.startswith(r + ".") for r in roots)}


def test_importing_the_app_loads_neither_the_engine_nor_typers_help() -> None:
    loaded = _loaded_after("import terrachron.cli.app")
    assert not _under(loaded, ENGINE + EXTRAS + TYPER_HELP)


def test_top_level_help_loads_neither_the_engine_nor_typers_help() -> None:
    loaded = _loaded_after(FAST)
    assert "terrachron.cli.help" in loaded  # the probe did take the fast path
    assert not _under(loaded, ENGINE + EXTRAS + TYPER_HELP)


def test_a_commands_help_is_still_typers() -> None:
    loaded = _loaded_after(FAST.replace("'--help'", "'status', '--help'"))
    assert "typer.rich_utils" in loaded
    assert not _under(loaded, ENGINE + EXTRAS)
