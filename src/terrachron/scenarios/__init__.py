"""Scenarios: named branches of a ledger, to test a settlement before it is signed.

A scenario is a folder (``scenarios/<name>/`` inside a ledger, or anywhere) holding
``scenario.yaml`` and hypothetical instruments in the ledger's own format, marked
``hypothetical: true``; it may split a place of the ledger in two along a line, given or placed
by bisection on area. :meth:`Ledger.with_scenario <terrachron.query.Ledger.with_scenario>` is
the ledger as if the scenario had happened, answering every query::

    import terrachron
    from terrachron.scenarios import compare

    ledger = terrachron.open_ledger()
    list(ledger.scenarios)                          # ['area-split', 'four-islands', ...]
    ledger.with_scenario("two-islands").status("shikotan", "2031-01-01", view="russia").title
    # ('japan',)
    compare(ledger, ["two-islands", "area-split"]).to_dict()

See ``docs/scenarios.md`` for the format, the bundled scenarios and the metrics.

Nothing here imports :mod:`terrachron.query` at run time: the ledger branches by calling this
package, never the other way round.
"""

from terrachron.scenarios.drawing import ScenarioMapJSON, map_features, scenario_map
from terrachron.scenarios.load import check_scenario, find_scenarios, load_scenario, read_info
from terrachron.scenarios.maritime import CAVEATS, MaritimeSplit, maritime_split
from terrachron.scenarios.metrics import (
    Column,
    ColumnJSON,
    Comparison,
    ComparisonJSON,
    HolderChange,
    PromiseKept,
    Row,
    ViewMetrics,
    compare,
    holder_of,
)
from terrachron.scenarios.model import (
    Scenario,
    ScenarioError,
    ScenarioInfo,
    ScenarioInfoJSON,
    ScenarioJSON,
    Split,
    SplitJSON,
    UnknownScenarioError,
)
from terrachron.scenarios.spec import ScenarioSpec, scenario_json_schema

__all__ = [
    "CAVEATS",
    "Column",
    "ColumnJSON",
    "Comparison",
    "ComparisonJSON",
    "HolderChange",
    "MaritimeSplit",
    "PromiseKept",
    "Row",
    "Scenario",
    "ScenarioError",
    "ScenarioInfo",
    "ScenarioInfoJSON",
    "ScenarioJSON",
    "ScenarioMapJSON",
    "ScenarioSpec",
    "Split",
    "SplitJSON",
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
    "scenario_map",
]
