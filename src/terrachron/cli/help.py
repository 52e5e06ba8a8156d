"""``terrachron --help`` without Typer's help machinery: the same panels, a third of the cost.

Typer renders help through ``typer.rich_utils``, whose import pulls in Markdown (markdown-it),
tracebacks, pretty-printing and attrs, and it first turns every command's signature into Click
parameters. The top-level help needs none of that: the commands' names and first paragraphs are
already on the Typer app, and the root's options are in its callback's signature. This module
reads them there and draws them with the few rich classes the command line imports anyway, in
Typer's layout (usage, description, an Options panel, a Commands panel). A command's own
``--help`` still goes through Typer.
"""

from __future__ import annotations

import inspect
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, get_args, get_origin, get_type_hints

import typer
from rich.console import Console
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text
from typer.models import OptionInfo

__all__ = ["HelpRow", "command_rows", "option_rows", "print_top_help", "program_name"]


@dataclass(frozen=True)
class HelpRow:
    """One line of a help panel: a command or option name and its one-paragraph description."""

    name: str
    description: str


def _first_paragraph(doc: str | None) -> str:
    return " ".join(inspect.cleandoc(doc or "").split("\n\n")[0].split())


def _command_name(name: str | None, function_name: str) -> str:
    # Typer's rule for a command named after its function.
    return name or function_name.lower().replace("_", "-")


def command_rows(app: typer.Typer) -> list[HelpRow]:
    """Every visible command and command group of ``app``, in the order Typer lists them.

    Parameters
    ----------
    app : typer.Typer
        The application whose commands are listed.

    Returns
    -------
    list of HelpRow
        Commands first (in registration order), then groups, as ``typer.main`` builds them.
    """
    rows: list[HelpRow] = []
    for command in app.registered_commands:
        if command.hidden or command.callback is None:
            continue
        doc = command.help or command.callback.__doc__
        rows.append(
            HelpRow(_command_name(command.name, command.callback.__name__), _first_paragraph(doc))
        )
    for group in app.registered_groups:
        if group.hidden or group.typer_instance is None:
            continue
        info = group.typer_instance.info
        doc = group.help or info.help
        if not isinstance(doc, str):  # typer's "unset" sentinel
            doc = None
        name = group.name if isinstance(group.name, str) else info.name
        rows.append(HelpRow(name if isinstance(name, str) else "", _first_paragraph(doc)))
    return rows


def option_rows(app: typer.Typer) -> list[HelpRow]:
    """The root's options (from its callback's ``Annotated`` parameters), then ``--help``.

    Parameters
    ----------
    app : typer.Typer
        The application whose root options are listed.

    Returns
    -------
    list of HelpRow
    """
    rows: list[HelpRow] = []
    callback = app.registered_callback.callback if app.registered_callback else None
    if callback is not None:
        for param, hint in get_type_hints(callback, include_extras=True).items():
            if get_origin(hint) is not Annotated:
                continue
            for meta in get_args(hint)[1:]:
                if isinstance(meta, OptionInfo) and not meta.hidden:
                    decls = list(meta.param_decls or ())
                    # Inside Annotated, Typer reads a first positional string as a declaration.
                    if isinstance(meta.default, str) and meta.default.startswith("-"):
                        decls.insert(0, meta.default)
                    names = [d for d in decls if d.startswith("-")]
                    shown = ", ".join(names) or f"--{param.replace('_', '-')}"
                    rows.append(HelpRow(shown, _first_paragraph(meta.help)))
    rows.append(HelpRow("--help", "Show this message and exit."))
    return rows


def program_name() -> str:
    """The name the user typed, as Click shows it in ``Usage:``."""
    main = sys.modules.get("__main__")
    if getattr(main, "__package__", None) and Path(sys.argv[0]).name == "__main__.py":
        return f"python -m {main.__package__}"  # type: ignore[union-attr]
    return Path(sys.argv[0]).name or "terrachron"


def _table(rows: list[HelpRow], width: int, style: str) -> Table:
    table = Table(
        highlight=False, show_header=False, expand=True, box=None, pad_edge=False, padding=(0, 1)
    )
    table.add_column(style=style, no_wrap=True, width=width)
    # A large ratio gives the description every column the names leave, as Typer's layout does.
    table.add_column(justify="left", no_wrap=False, ratio=10)
    for row in rows:
        table.add_row(Text(row.name), Text.from_markup(row.description))
    return table


def print_top_help(app: typer.Typer, console: Console | None = None) -> None:
    """Print the top-level help of ``app``: usage, description, options and commands.

    Parameters
    ----------
    app : typer.Typer
        The application.
    console : rich.console.Console, optional
        Where to print (default: standard output, at the terminal's width or
        ``$TERMINAL_WIDTH``, as Typer's help).
    """
    if console is None:
        width = os.environ.get("TERMINAL_WIDTH")
        console = Console(width=int(width) if width and width.isdigit() else None)
    options = option_rows(app)
    commands = command_rows(app)
    # One name column for both panels, so that the descriptions line up.
    name_width = max(len(row.name) for row in (*options, *commands))
    usage = Text.assemble(
        ("Usage: ", "yellow"), (f"{program_name()} [OPTIONS] COMMAND [ARGS]...", "bold")
    )
    console.print(Padding(usage, 1))
    description = app.info.help
    if not isinstance(description, str) and app.registered_callback is not None:
        callback = app.registered_callback.callback
        description = callback.__doc__ if callback is not None else None
    if isinstance(description, str):
        console.print(Padding(Text(_first_paragraph(description)), (0, 1, 1, 1)))
    for title, rows, style in (
        ("Options", options, "bold cyan"),
        ("Commands", commands, "bold cyan"),
    ):
        console.print(
            Panel(
                _table(rows, name_width, style), border_style="dim", title=title, title_align="left"
            )
        )
