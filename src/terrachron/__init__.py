"""terrachron: who held which territory, on which date, by which instrument, in whose eyes.

The public API is small::

    import terrachron
    ledger = terrachron.open_ledger()          # the bundled Japan–Russia ledger
    ledger.status("Итуруп", "1945-09-01")       # names in any language
    ledger.timeline("kunashiri", view="japan")

``import terrachron`` itself loads nothing heavy: each name below is imported from its module on
first use (PEP 562), so that ``terrachron --version`` and ``--help`` start at once and a script
that only needs the errors does not load the geometry stack.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from terrachron.dates import EdtfDate, parse_edtf
    from terrachron.engine.answer import Answer, Pending
    from terrachron.engine.explain import ChainLink
    from terrachron.engine.timeline import Alternative, Period, Timeline
    from terrachron.errors import (
        DateError,
        LedgerError,
        MissingExtraError,
        NotCoveredError,
        Problem,
        QueryError,
        Severity,
        TerrachronError,
        UnknownPlaceError,
        UnknownViewError,
    )
    from terrachron.query import Ledger, check_ledger, open_ledger
    from terrachron.results import Explanation, Status

__all__ = [
    "Alternative",
    "Answer",
    "ChainLink",
    "DateError",
    "EdtfDate",
    "Explanation",
    "Ledger",
    "LedgerError",
    "MissingExtraError",
    "NotCoveredError",
    "Pending",
    "Period",
    "Problem",
    "QueryError",
    "Severity",
    "Status",
    "TerrachronError",
    "Timeline",
    "UnknownPlaceError",
    "UnknownViewError",
    "__version__",
    "check_ledger",
    "open_ledger",
    "parse_edtf",
]

_HOMES = {
    "EdtfDate": "terrachron.dates",
    "parse_edtf": "terrachron.dates",
    "Answer": "terrachron.engine.answer",
    "Pending": "terrachron.engine.answer",
    "ChainLink": "terrachron.engine.explain",
    "Alternative": "terrachron.engine.timeline",
    "Period": "terrachron.engine.timeline",
    "Timeline": "terrachron.engine.timeline",
    "DateError": "terrachron.errors",
    "LedgerError": "terrachron.errors",
    "MissingExtraError": "terrachron.errors",
    "NotCoveredError": "terrachron.errors",
    "Problem": "terrachron.errors",
    "QueryError": "terrachron.errors",
    "Severity": "terrachron.errors",
    "TerrachronError": "terrachron.errors",
    "UnknownPlaceError": "terrachron.errors",
    "UnknownViewError": "terrachron.errors",
    "Ledger": "terrachron.query",
    "check_ledger": "terrachron.query",
    "open_ledger": "terrachron.query",
    "Explanation": "terrachron.results",
    "Status": "terrachron.results",
}
"""Each public name and the module that defines it."""


def _version() -> str:
    # The version is written once, in pyproject.toml; the installed metadata carries it here.
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("terrachron")
    except PackageNotFoundError:  # a source tree on sys.path that was never installed
        return "0+unknown"


def __getattr__(name: str) -> Any:
    if name == "__version__":
        value: Any = _version()
    elif name in _HOMES:
        value = getattr(importlib.import_module(_HOMES[name]), name)
    else:
        raise AttributeError(f"module 'terrachron' has no attribute {name!r}")
    globals()[name] = value  # once imported, later lookups do not come back here
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
