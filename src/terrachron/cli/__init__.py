"""The ``terrachron`` command line: one Typer app, one module per command group.

:func:`main` answers a bare ``terrachron --version`` before it imports Typer and the command
modules (a tenth of a second that a version check has no use for); everything else goes to the
Typer app of :mod:`terrachron.cli.app`, which also declares ``--version`` for ``--help``.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from terrachron.cli.app import app

__all__ = ["app", "main"]


def main() -> None:
    """Entry point of the ``terrachron`` console script."""
    if sys.argv[1:] == ["--version"]:
        import terrachron

        sys.stdout.write(f"terrachron {terrachron.__version__}\n")
        return
    from terrachron.cli.app import main as run

    run()


def __getattr__(name: str) -> Any:
    if name == "app":
        from terrachron.cli.app import app

        return app
    raise AttributeError(f"module 'terrachron.cli' has no attribute {name!r}")
