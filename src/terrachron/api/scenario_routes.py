"""The scenario endpoints, and how every other endpoint answers from a scenario's branch.

* ``GET /api/scenarios``: the scenarios kept in the ledger's ``scenarios/`` folder.
* ``GET /api/scenarios/compare``: the ledger as recorded and scenarios side by side
  (:func:`terrachron.scenarios.compare`).
* ``GET /api/scenarios/{scenario}``: one scenario applied: its branch date and split lines.
* ``GET /api/scenarios/{scenario}/map``: land by holder, maritime zones and split lines, as
  GeoJSON (:func:`terrachron.scenarios.map_features`).

Every other endpoint takes ``scenario=``. Only the names the ledger lists are accepted: the
Python API also takes a folder path, which an HTTP client must never be able to point at.
"""

# No ``from __future__ import annotations``: FastAPI reads the parameter annotations at run time,
# and they are local to scenario_router (see routes.py).
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from fastapi.responses import JSONResponse
from pydantic import Field

from terrachron.api.common import (
    MAX_DATE,
    MAX_NAME,
    MAX_VIEW,
    GeoJSONResponse,
    parse_date,
    refusals,
    with_example,
)
from terrachron.api.handlers import NotFoundError
from terrachron.errors import QueryError
from terrachron.query import Ledger
from terrachron.scenarios import (
    Comparison,
    ComparisonJSON,
    ScenarioInfoJSON,
    ScenarioJSON,
    ScenarioMapJSON,
    compare,
)
from terrachron.scenarios import scenario_map as map_of_comparison  # the handler's name is taken
from terrachron.scenarios.metrics import BASELINE

__all__ = [
    "MAX_COMPARED",
    "ComparisonCache",
    "ScenarioParams",
    "branch_of",
    "compare_answer",
    "map_answer",
    "scenario_param",
    "scenario_params",
    "scenario_router",
]

MAX_COMPARED = 8
"""The most scenarios one comparison may set side by side: enough for every bundled one and a
few more, few enough that one request cannot ask for unbounded work."""


def _unknown(ledger: Ledger, name: str) -> str:
    known = ", ".join(ledger.scenarios) or "none in this ledger"
    return f"unknown scenario {name!r}; the ledger's scenarios are: {known} (GET /api/scenarios)"


def branch_of(ledger: Ledger, name: str, *, in_path: bool = False) -> Ledger:
    """The branch of ``ledger`` for the scenario called ``name``, built once and cached.

    Parameters
    ----------
    ledger : Ledger
        The ledger as recorded.
    name : str
        A name from ``ledger.scenarios``. Unlike :meth:`Ledger.with_scenario`, a folder path is
        refused: the server would otherwise read any folder a client names.
    in_path : bool
        The name is a path segment (``/api/scenarios/{scenario}``): an unknown one is a 404
        rather than the 400 of a query parameter.

    Raises
    ------
    NotFoundError, QueryError
        The ledger has no such scenario (``parameter="scenario"``).
    ScenarioError
        The scenario breaks a rule (the app answers 409).
    """
    if name not in ledger.scenarios:
        cls = NotFoundError if in_path else QueryError
        raise cls(_unknown(ledger, name), parameter="scenario")
    return ledger.with_scenario(name)


def _scenario_schema(names: Sequence[str]) -> Any:
    def fix(schema: dict[str, Any]) -> None:
        # FastAPI documents an optional parameter as ``anyOf: [string, null]``; a query string
        # has no null, and the enum belongs on the string itself.
        schema.pop("anyOf", None)
        schema.update({"type": "string", "minLength": 1, "maxLength": MAX_NAME})
        if names:
            schema["enum"] = list(names)

    return fix


def scenario_param(ledger: Ledger) -> Any:
    """The ``Query`` of the ``scenario`` parameter every endpoint takes (``str | None``)."""
    names = list(ledger.scenarios)
    examples: dict[str, Any] = {
        n: {"summary": ledger.scenarios[n].title, "value": n} for n in names[:3]
    }
    return Query(
        min_length=1,
        max_length=MAX_NAME,
        description="Answer as if this scenario had happened: the name of one of the ledger's "
        "scenarios (GET /api/scenarios). Its hypothetical instruments apply from its branch "
        "date, and a place it splits is replaced by its two parts. Default: the ledger as "
        "recorded.",
        openapi_examples=examples,
        json_schema_extra=_scenario_schema(names),
    )


class ComparisonCache:
    """Comparisons already made, by request, so that a map and its table share one computation.

    The first comparison of a ledger computes its maritime partition (about a second); the
    scenarios module keeps that per ledger. Comparisons are serialised by a lock so that two
    first requests arriving together do not both pay for it.
    """

    def __init__(self, ledger: Ledger, size: int = 64) -> None:
        self.ledger = ledger
        self.size = size
        self._lock = threading.Lock()
        self._made: OrderedDict[tuple[Any, ...], Comparison] = OrderedDict()

    def get(
        self,
        names: Sequence[str],
        date: str | None,
        views: Sequence[str] | None,
        maritime: bool,
    ) -> Comparison:
        """:func:`terrachron.scenarios.compare` of the ledger, cached."""
        key = (tuple(names), date, tuple(views) if views else None, maritime)
        with self._lock:
            found = self._made.get(key)
            if found is not None:
                self._made.move_to_end(key)
                return found
            made = compare(self.ledger, list(names), date, views, maritime=maritime)
            self._made[key] = made
            if len(self._made) > self.size:
                self._made.popitem(last=False)
            return made


def _views_schema(view_ids: Sequence[str]) -> Any:
    def fix(schema: dict[str, Any]) -> None:
        # As for ``scenario``: no null in a query string, and the enum on each item.
        schema.pop("anyOf", None)
        schema.update(
            {
                "type": "array",
                "items": {"type": "string", "enum": list(view_ids)},
                "maxItems": len(view_ids) + 1,
            }
        )

    return fix


def _default_baseline_date(ledger: Ledger) -> str | None:
    # As ``terrachron scenario map baseline`` does: the latest first date of any scenario, so
    # that the baseline is drawn on the day the scenarios are compared.
    dates = [i.first_date for i in ledger.scenarios.values() if i.first_date]
    return max(dates) if dates else None


NameItem = Annotated[str, Field(min_length=1, max_length=MAX_NAME)]
ViewItem = Annotated[str, Field(min_length=1, max_length=MAX_VIEW)]


@dataclass(frozen=True)
class ScenarioParams:
    """The documented parameters of the ``/scenarios`` endpoints, for one ledger's names."""

    scenario_path: Any
    map_path: Any
    names: Any
    date: Any
    views: Any
    view: Any
    maritime: Any


def scenario_params(ledger: Ledger, view_ids: Sequence[str]) -> ScenarioParams:
    """The ``Path`` and ``Query`` declarations, with the ledger's scenarios and views as enums."""
    known = list(ledger.scenarios)
    examples: dict[str, Any] = {
        n: {"summary": ledger.scenarios[n].title, "value": n} for n in known[:3]
    }
    name_schema: dict[str, Any] = {"type": "string", "minLength": 1, "maxLength": MAX_NAME}
    if known:
        name_schema["enum"] = known
    return ScenarioParams(
        scenario_path=Path(
            min_length=1,
            max_length=MAX_NAME,
            description="The name of one of the ledger's scenarios (GET /api/scenarios).",
            openapi_examples=examples,
            json_schema_extra={"enum": known} if known else None,
        ),
        map_path=Path(
            min_length=1,
            max_length=MAX_NAME,
            description="A scenario's name, or `baseline` for the ledger as recorded.",
            openapi_examples={**examples, BASELINE: {"summary": "As recorded", "value": BASELINE}},
            json_schema_extra={"enum": [BASELINE, *known]},
        ),
        names=Query(
            min_length=1,
            max_length=MAX_COMPARED,
            description=f"The scenarios to compare, repeated (`names=a&names=b`), 1 to "
            f"{MAX_COMPARED}; a name given twice is compared once. The baseline (the ledger "
            "as recorded) is always the first column.",
            openapi_examples={
                "two": {"summary": "Two scenarios", "value": known[:2]},
            }
            if known
            else None,
            json_schema_extra={"items": name_schema},
        ),
        date=Query(
            min_length=1,
            max_length=MAX_DATE,
            description="The day compared, an EDTF date (a date of reduced precision is read on "
            "its last day). Default: the day by which every hypothetical instrument of the "
            "scenarios asked for has taken effect.",
            openapi_examples={
                "default": {"summary": "After the bundled treaties", "value": "2031-01-01"},
                "year": {"summary": "A year", "value": "2030"},
            },
        ),
        views=Query(
            max_length=len(view_ids) + 1,
            description="The views to report, repeated (`view=japan&view=russia`). Default: every "
            "view. One of: " + ", ".join(view_ids) + ".",
            openapi_examples={v: {"summary": v, "value": [v]} for v in view_ids[:3]},
            json_schema_extra=_views_schema(view_ids),
        ),
        view=Query(
            min_length=1,
            max_length=MAX_VIEW,
            description="The view to draw: holders are title holders under a polity's view, "
            "controllers under de-facto. One of: " + ", ".join(view_ids) + ".",
            openapi_examples={v: {"summary": v, "value": v} for v in view_ids[:3]},
            json_schema_extra={"enum": list(view_ids)},
        ),
        maritime=Query(
            description="Compute the approximate maritime split (sea within 200 nm by nearest "
            "land; see `maritime.caveats` in the answer). false skips it."
        ),
    )


def compare_answer(
    cache: ComparisonCache,
    names: Sequence[str],
    date: str | None,
    views: Sequence[str] | None,
    maritime: bool,
) -> ComparisonJSON:
    """The comparison of the baseline and ``names``, every name and view checked first."""
    ledger = cache.ledger
    chosen = list(dict.fromkeys(names))
    for name in chosen:
        branch_of(ledger, name)
    distinct = list(dict.fromkeys(views)) if views else None
    for v in distinct or ():
        ledger.resolve_view(v)
    if date is not None:
        parse_date(date)  # so that a refusal names the date parameter
    return cache.get(chosen, date, distinct, maritime).to_dict()


def map_answer(
    cache: ComparisonCache, scenario: str, view: str, date: str | None, sea: bool
) -> ScenarioMapJSON:
    """The map of ``scenario`` (or the baseline) under ``view`` on ``date``."""
    ledger = cache.ledger
    column_names: list[str] = []
    if scenario != BASELINE:
        branch_of(ledger, scenario, in_path=True)
        column_names = [scenario]
    ledger.resolve_view(view)
    when = date
    if when is not None:
        parse_date(when)
    if not column_names and when is None:
        when = _default_baseline_date(ledger)
        if when is None:
            raise QueryError(
                "give a date: the ledger has no scenario to take one from", parameter="date"
            )
    comparison = cache.get(column_names, when, [view], sea)
    return map_of_comparison(comparison, view, sea=sea)


def scenario_router(ledger: Ledger, view_ids: Sequence[str]) -> APIRouter:
    """The ``/scenarios`` endpoints of ``ledger`` (gathered under ``/api`` by ``build_router``).

    Parameters
    ----------
    ledger : Ledger
        The ledger as recorded.
    view_ids : sequence of str
        Its view ids, de-facto first (for the documented enums).
    """
    router = APIRouter()
    cache = ComparisonCache(ledger)
    p = scenario_params(ledger, view_ids)
    ScenarioPath = Annotated[str, p.scenario_path]  # noqa: N806 (a type alias, named as one)
    MapPath = Annotated[str, p.map_path]  # noqa: N806
    NamesParam = Annotated[list[NameItem], p.names]  # noqa: N806
    DateParam = Annotated[str | None, p.date]  # noqa: N806
    ViewsParam = Annotated[list[ViewItem] | None, p.views]  # noqa: N806
    ViewParam = Annotated[str, p.view]  # noqa: N806
    MaritimeParam = Annotated[bool, p.maritime]  # noqa: N806
    first = [ledger.scenarios[n].to_dict() for n in list(ledger.scenarios)[:1]]

    @router.get(
        "/scenarios",
        response_model=list[ScenarioInfoJSON],
        summary="The scenarios of the ledger",
        responses=with_example(refusals(), first),
        tags=["scenarios"],
    )
    def scenarios() -> JSONResponse:
        """Every scenario kept in the ledger's `scenarios/` folder, read without applying it
        (as `terrachron scenario list --json`)."""
        return JSONResponse([info.to_dict() for info in ledger.scenarios.values()])

    @router.get(
        "/scenarios/compare",
        response_model=ComparisonJSON,
        summary="The ledger as recorded and scenarios side by side",
        responses=refusals(400, 409, 422),
        tags=["scenarios"],
    )
    def compare_scenarios(
        names: NamesParam,
        date: DateParam = None,
        view: ViewsParam = None,
        maritime: MaritimeParam = True,
    ) -> JSONResponse:
        """Land by holder under each view, shares of the disputed area, places changing holder,
        disputes ended or remaining, promises fulfilled and the approximate maritime split, for
        the baseline and each scenario (as `terrachron scenario compare --format json`)."""
        return JSONResponse(compare_answer(cache, names, date, view, maritime))

    @router.get(
        "/scenarios/{scenario}",
        response_model=ScenarioJSON,
        summary="One scenario applied: its branch date and split lines",
        responses=refusals(404, 409, 422),
        tags=["scenarios"],
    )
    def scenario_detail(scenario: ScenarioPath) -> JSONResponse:
        """The scenario as applied to the ledger: its instruments in date order, the day its
        branch starts, and each split with the parts' areas and the cut line as GeoJSON."""
        branch = branch_of(ledger, scenario, in_path=True)
        assert branch.scenario is not None
        return JSONResponse(branch.scenario.to_dict())

    @router.get(
        "/scenarios/{scenario}/map",
        response_model=ScenarioMapJSON,
        response_class=GeoJSONResponse,
        summary="A scenario (or the baseline) on a date as GeoJSON: land, sea, split lines",
        responses=refusals(400, 404, 409, 422, geojson=True),
        tags=["scenarios"],
    )
    def scenario_map(
        scenario: MapPath,
        view: ViewParam = "de-facto",
        date: DateParam = None,
        sea: MaritimeParam = True,
    ) -> GeoJSONResponse:
        """A FeatureCollection whose features carry `layer`: `land` (each place with its holder
        under the view), `sea` (each holder's approximate maritime zone) and `split-line`; its
        `properties` name the column, date and view and carry the maritime caveats (as
        `terrachron scenario map --json`)."""
        return GeoJSONResponse(map_answer(cache, scenario, view, date, sea))

    return router
