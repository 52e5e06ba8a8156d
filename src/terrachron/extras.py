"""The optional parts of terrachron (extras), and the check a feature makes before it uses one.

The core (ledger, engine, command line, geometry, locate) installs with ``pip install
terrachron``; serving, extracting from articles and Dask each need an extra. A feature calls
:func:`require` before importing what it needs, so that a missing extra is one sentence naming
the extra to install, not an ``ImportError`` from deep inside.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Mapping
from types import MappingProxyType

from terrachron.errors import MissingExtraError

__all__ = ["EXTRAS", "require"]

EXTRAS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "serve": ("fastapi", "uvicorn"),
        "extract": ("spacy", "trafilatura", "dateparser"),
        "dask": ("dask", "distributed"),
    }
)
"""Each extra and the top-level modules that tell whether it is installed (as in pyproject)."""


def require(extra: str, feature: str) -> None:
    """Raise :class:`MissingExtraError` unless every module of ``extra`` can be imported.

    Parameters
    ----------
    extra
        The extra's name, a key of :data:`EXTRAS`.
    feature
        What needs it, as the message names it (``"terrachron serve"``).

    Raises
    ------
    MissingExtraError
        Naming the first missing module and the ``pip install`` that adds it.
    KeyError
        If ``extra`` is not one of terrachron's extras (a programming error).
    """
    for module in EXTRAS[extra]:
        # find_spec looks the module up without importing it: the check costs no start-up.
        if importlib.util.find_spec(module) is None:
            raise MissingExtraError(extra, feature, module)
