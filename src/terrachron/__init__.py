"""terrachron: who held which territory, on which date, by which instrument, in whose eyes.

The public API is small::

    import terrachron
    ledger = terrachron.open_ledger()          # the bundled Japan–Russia ledger
    ledger.status("Итуруп", "1945-09-01")       # names in any language
    ledger.timeline("kunashiri", view="japan")
"""

from terrachron.dates import EdtfDate, parse_edtf
from terrachron.engine.answer import Answer, Pending
from terrachron.engine.explain import ChainLink
from terrachron.engine.timeline import Alternative, Period, Timeline
from terrachron.errors import (
    DateError,
    LedgerError,
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

__version__ = "0.1.0"

__all__ = [
    "Alternative",
    "Answer",
    "ChainLink",
    "DateError",
    "EdtfDate",
    "Explanation",
    "Ledger",
    "LedgerError",
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
