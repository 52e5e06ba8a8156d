"""What every command shares: the common options, the consoles, error handling, JSON output.

The command modules import from here, never from :mod:`terrachron.cli.app`, which imports them
to attach their commands: the dependency runs one way.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from rich.console import Console

from terrachron.errors import LedgerError, Problem, Severity, TerrachronError

if TYPE_CHECKING:
    from terrachron.query import Ledger

__all__ = [
    "JsonOpt",
    "LedgerOpt",
    "ScenarioOpt",
    "ViewOpt",
    "console",
    "err_console",
    "handles_errors",
    "load",
    "print_json",
    "print_problems",
]

console = Console(highlight=False, soft_wrap=False)
if not console.is_terminal:
    # Piped output (files, CI logs, the README) is read wide; 80 columns would truncate tables.
    console.width = 120
err_console = Console(stderr=True, highlight=False, soft_wrap=True)

LedgerOpt = Annotated[
    Path | None,
    typer.Option(
        "--ledger",
        "-l",
        help="Ledger folder, or a bundled ledger: japan-russia (the default), world, "
        "historical-basemaps.",
    ),
]
ViewOpt = Annotated[str, typer.Option("--view", "-v", help="Point of view: de-facto or a view id.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print stable JSON instead of a table.")]
ScenarioOpt = Annotated[
    str | None,
    typer.Option(
        "--scenario",
        "-s",
        help="Answer as if this scenario had happened: a name from `terrachron scenario list` "
        "or the path of a scenario folder.",
    ),
]

F = TypeVar("F", bound=Callable[..., Any])


def handles_errors(func: F) -> F:
    """Turn terrachron errors into one clear line on stderr and exit status 2 (no traceback)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except LedgerError as exc:
            # A ScenarioError names its scenario: it is the scenario, not the ledger, that fails.
            scenario = getattr(exc, "scenario", None)
            what = f"the scenario {scenario!r}" if scenario else "the ledger"
            err_console.print(f"error: {what} does not load: {len(exc.errors)} error(s)")
            for problem in exc.errors[:20]:
                err_console.print(f"  {problem}", markup=False)
            command = f"scenario validate {scenario}" if scenario else "validate PATH"
            err_console.print(f"run `terrachron {command}` to see every problem")
            raise typer.Exit(2) from None
        except TerrachronError as exc:
            err_console.print(f"error: {exc}", markup=False)
            raise typer.Exit(2) from None

    return wrapper  # type: ignore[return-value]


def print_json(data: object) -> None:
    """Print ``data`` as the stable, indented JSON every ``--json`` option writes."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def print_problems(problems: Sequence[Problem], summary: str, *, json_out: bool) -> int:
    """Print problems (errors on stderr) and a summary line, or all as JSON; return the errors."""
    errors = sum(p.severity is Severity.ERROR for p in problems)
    if json_out:
        print_json([p.to_dict() for p in problems])
        return errors
    for problem in problems:
        target = err_console if problem.severity is Severity.ERROR else console
        target.print(str(problem), markup=False, soft_wrap=True)
    warnings = len(problems) - errors
    line = f"{summary}: {errors} error(s), {warnings} warning(s)"
    (err_console if errors else console).print(line, markup=False, soft_wrap=True)
    return errors


def load(ledger: Path | None, scenario: str | None = None) -> Ledger:
    """Open the ledger named on the command line (or the bundled one), or its scenario branch."""
    # Imported here, not at the top: the engine and the geometry stack are most of a command's
    # start-up, and `--help` or a command that fails on its arguments should not pay for them.
    from terrachron.query import open_ledger

    opened = open_ledger(ledger)
    return opened if scenario is None else opened.with_scenario(scenario)
