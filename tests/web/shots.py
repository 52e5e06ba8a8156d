"""Where the browser tests save their screenshots: an ignored folder, unless told otherwise.

By default ``.artifacts/screenshots/`` (ignored by git), so that running the tests never changes a
tracked file. ``make screenshots`` sets ``TERRACHRON_SCREENSHOTS=docs/img`` to refresh the images
the docs show, for a person to look at before committing them.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def screenshot_dir() -> Path:
    """The folder ``TERRACHRON_SCREENSHOTS`` names (relative to the repository), or the default."""
    named = os.environ.get("TERRACHRON_SCREENSHOTS")
    return REPO / named if named else REPO / ".artifacts" / "screenshots"
