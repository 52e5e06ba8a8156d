"""Scenarios: named branches of a ledger, to test a settlement before it is signed.

A scenario is a folder (``scenarios/<name>/`` inside a ledger, or anywhere) holding
``scenario.yaml`` and hypothetical instruments in the ledger's own format, marked
``hypothetical: true``; it may split a place of the ledger in two along a line, given or placed
by bisection on area. Every query of :class:`~terrachron.query.Ledger` takes ``scenario=`` and
answers as if the branch had happened::

    import terrachron
    from terrachron.scenarios import compare

    ledger = terrachron.open_ledger()
    list(ledger.scenarios)                          # ['area-split', 'four-islands', ...]
    ledger.status("shikotan", "2031-01-01", view="russia", scenario="two-islands").title
    # ('japan',)
    compare(ledger, ["two-islands", "area-split"]).to_dict()

See ``docs/scenarios.md`` for the format, the bundled scenarios and the metrics.
"""

from terrachron.scenarios.branch import ScenarioLedger
from terrachron.scenarios.load import check_scenario, find_scenarios, load_scenario, read_info
from terrachron.scenarios.maritime import CAVEATS, MaritimeSplit, maritime_split
from terrachron.scenarios.metrics import (
    Column,
    Comparison,
    HolderChange,
    PromiseKept,
    Row,
    ViewMetrics,
    compare,
    holder_of,
    map_features,
)
from terrachron.scenarios.model import (
    Scenario,
    ScenarioError,
    ScenarioInfo,
    Split,
    UnknownScenarioError,
)
from terrachron.scenarios.spec import ScenarioSpec, scenario_json_schema

__all__ = [
    "CAVEATS",
    "Column",
    "Comparison",
    "HolderChange",
    "MaritimeSplit",
    "PromiseKept",
    "Row",
    "Scenario",
    "ScenarioError",
    "ScenarioInfo",
    "ScenarioLedger",
    "ScenarioSpec",
    "Split",
    "UnknownScenarioError",
    "ViewMetrics",
    "check_scenario",
    "compare",
    "find_scenarios",
    "holder_of",
    "load_scenario",
    "map_features",
    "maritime_split",
    "read_info",
    "scenario_json_schema",
]
