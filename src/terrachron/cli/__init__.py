"""The ``terrachron`` command line: one Typer app, one module per command group."""

from __future__ import annotations

from terrachron.cli.app import app, main

__all__ = ["app", "main"]
