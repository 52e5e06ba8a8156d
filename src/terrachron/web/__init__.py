"""The built web map: ``static/`` holds the output of ``npm run build`` in ``web/``.

The folder is not kept in git; ``make run`` and ``make test`` build it from the sources in
``web/`` when it is missing or older than them. :func:`terrachron.api.create_app` serves it.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["STATIC_DIR"]

STATIC_DIR: Path = Path(__file__).resolve().parent / "static"
"""Where the web build lands, and where the API looks for ``index.html``."""
