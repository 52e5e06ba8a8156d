"""The Typer application: every command module's commands, attached here and nowhere else.

A command module defines plain functions and imports what they share from
:mod:`terrachron.cli.common`; it never sees the app. The order below is the order of
``terrachron --help``.

Importing a command module is cheap: it imports typer, rich and :mod:`terrachron.cli.common`
at the top and everything else (the engine, the geometry stack, the extras) inside the
command's function, so that ``--help`` and ``--version`` answer at once and each command loads
only what it uses (``bench/startup.py`` measures it).
"""

from __future__ import annotations

import inspect
import sys
from typing import Annotated

import typer

from terrachron.cli import (
    extract_cmd,
    geo_cmds,
    import_cmd,
    ledger_cmds,
    query_cmds,
    review_cmd,
    scenario_cmds,
    serve_cmd,
    tour,
)

__all__ = ["app", "main"]

app = typer.Typer(
    name="terrachron",
    help="Who held which territory, on which date, by which instrument, and in whose eyes.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _print_version(value: bool) -> None:
    if value:
        import terrachron

        typer.echo(f"terrachron {terrachron.__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_print_version,
            is_eager=True,
            help="Print terrachron's version and exit.",
        ),
    ] = False,
) -> None:
    """Who held which territory, on which date, by which instrument, and in whose eyes."""


app.command()(extract_cmd.extract)
app.command("accept")(extract_cmd.accept_cmd)
app.command()(review_cmd.review)
app.command()(geo_cmds.locate)
app.command()(geo_cmds.periods)
app.command()(geo_cmds.area)
app.command("import")(import_cmd.import_)
app.command()(ledger_cmds.places)
app.command()(ledger_cmds.instruments)
app.command()(ledger_cmds.views)
app.command()(ledger_cmds.validate)
app.command()(ledger_cmds.schema)
app.command()(query_cmds.status)
app.command()(query_cmds.explain)
app.command()(query_cmds.timeline)
app.command()(query_cmds.snapshot)
app.command()(query_cmds.disputes)
app.command()(serve_cmd.serve)
app.command()(tour.tour)

scenario_app = typer.Typer(
    name="scenario",
    help="Scenarios: hypothetical settlements applied on top of the ledger, compared side by side.",
    no_args_is_help=True,
)
scenario_app.command("list")(scenario_cmds.list_scenarios)
scenario_app.command("validate")(scenario_cmds.validate_scenario)
scenario_app.command("compare")(scenario_cmds.compare_scenarios)
scenario_app.command("map")(scenario_cmds.map_scenario)
app.add_typer(scenario_app, name="scenario")


def _one_line_paragraphs(doc: str) -> str:
    """A docstring with each paragraph on one line.

    Rich help keeps a docstring's line breaks and then wraps at the terminal's width, so at 80
    columns a paragraph broken for the source at 96 reads as ragged half-lines; joined, it is
    wrapped once, at the width of the terminal. RST's double backticks become single ones.
    """
    text = inspect.cleandoc(doc).replace("``", "`")
    return "\n\n".join(" ".join(p.split()) for p in text.split("\n\n"))


for _typer in (app, scenario_app):
    for _info in _typer.registered_commands:
        _doc = _info.help or (_info.callback.__doc__ if _info.callback else None)
        if _doc:
            _info.help = _one_line_paragraphs(_doc)


def main() -> None:
    """Entry point of the ``terrachron`` console script."""
    if sys.argv[1:] == ["--help"]:
        # The same panels as Typer's help, without loading Typer's help machinery (issue 16).
        from terrachron.cli.help import print_top_help

        print_top_help(app)
        return
    try:
        app()
    except KeyboardInterrupt:  # pragma: no cover
        sys.exit(130)
