"""What the endpoints need of a ledger, made once: catalogs of each branch, and the parameters.

The router of each resource (``ledger_routes``, ``place_routes``, ``snapshot_routes``,
``scenario_routes``) is built per ledger from a :class:`Catalogs` and the :class:`Params`
declared here, so that the OpenAPI document lists that ledger's own view ids and example places.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from fastapi import Path, Query
from pydantic.fields import FieldInfo

from terrachron.api.common import MAX_DATE, MAX_NAME, MAX_VIEW
from terrachron.api.geojson import PlaceShape, place_shapes
from terrachron.api.handlers import NotFoundError
from terrachron.api.scenario_routes import branch_of, scenario_param
from terrachron.gazetteer import fold_name
from terrachron.model import Group, Instrument, Place, Polity, Source, View
from terrachron.query import Ledger

__all__ = ["Catalog", "Catalogs", "Params", "dump", "effect_id", "params_for"]


def dump(record: Instrument | Polity | Source | View) -> dict[str, Any]:
    """A ledger record as the CLI's ``--json`` dumps it."""
    return record.model_dump(mode="json", by_alias=True, exclude_none=True)


def effect_id(instrument: Instrument, index: int, effect_id: str | None) -> str:
    """The id of an instrument's effect number ``index`` (0-based)."""
    # The same rule as the engine's effect ids (``<instrument>#<n>`` unless the ledger names it).
    if effect_id:
        return effect_id if "#" in effect_id else f"{instrument.id}#{effect_id}"
    return f"{instrument.id}#{index + 1}"


class Catalog:
    """What the endpoints need of a ledger, with everything that never changes made once."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger
        self.shapes: dict[str, PlaceShape] = place_shapes(ledger.geometries)
        views = list(ledger.views)
        # de-facto first: it is the default, and the one a newcomer should see first.
        self.view_ids = sorted(views, key=lambda v: (v != "de-facto", views.index(v)))
        self.membership = self._membership()
        self.names = self._folded_names()

    def _membership(self) -> dict[str, dict[str, list[str]]]:
        """For each view, group id → its places as that view reads the group."""
        out: dict[str, dict[str, list[str]]] = {}
        for vid, view in self.ledger.views.items():
            out[vid] = {
                gid: list(view.groups.get(gid, group.members))
                for gid, group in self.ledger.groups.items()
            }
        return out

    def _folded_names(self) -> dict[str, set[str]]:
        names: dict[str, set[str]] = {}
        records: list[Place | Group] = [*self.ledger.places.values(), *self.ledger.groups.values()]
        for rec in records:
            every = [rec.id, *rec.all_names()]
            names[rec.id] = {fold_name(n) for n in every} - {""}
        return names

    def search(self, q: str) -> set[str]:
        """Place and group ids with a name or alias containing ``q`` (folded), or equal to it."""
        key = fold_name(q)
        exact = set(self.ledger.find(q))
        if not key:
            return exact
        return exact | {rid for rid, names in self.names.items() if any(key in n for n in names)}

    def instrument(self, iid: str) -> Instrument:
        inst = self.ledger.instruments.get(iid)
        if inst is None:
            # A hypothetical instrument is only found in its scenario: say which one.
            owners = [] if self.ledger.scenario else self._scenarios_holding(iid)
            hint = f"; it is hypothetical: ask with scenario={owners[0]}" if owners else ""
            raise NotFoundError(
                f"unknown instrument {iid!r} (GET /api/instruments lists them){hint}",
                parameter="instrument",
            )
        return inst

    def _scenarios_holding(self, iid: str) -> list[str]:
        return [n for n, info in self.ledger.scenarios.items() if iid in info.instruments]


class Catalogs:
    """The catalog of the ledger as recorded, and of each scenario's branch once asked for."""

    def __init__(self, ledger: Ledger) -> None:
        self.base = Catalog(ledger)
        self._branches: dict[str, Catalog] = {}
        # Two first requests for one scenario would both build its branch; the lock makes the
        # second wait for the first instead.
        self._lock = threading.Lock()

    def get(self, scenario: str | None) -> Catalog:
        """The catalog answering for ``scenario`` (None: the ledger as recorded).

        Raises
        ------
        QueryError
            An unknown scenario (400, ``parameter="scenario"``).
        ScenarioError
            A scenario that breaks a rule (409).
        """
        if scenario is None:
            return self.base
        found = self._branches.get(scenario)
        if found is None:
            with self._lock:
                found = self._branches.get(scenario)
                if found is None:
                    found = Catalog(branch_of(self.base.ledger, scenario))
                    self._branches[scenario] = found
        return found


@dataclass(frozen=True)
class Params:
    """The parameters most endpoints share, declared for one ledger (its examples and views).

    Each is the ``Path``/``Query`` metadata of an ``Annotated`` parameter, so that every router
    spells its parameters ``Annotated[str, params.place]``.
    """

    place: FieldInfo
    date: FieldInfo
    view: FieldInfo
    scenario: FieldInfo


def params_for(ledger: Ledger, view_ids: list[str]) -> Params:
    """The shared parameters of the endpoints serving ``ledger`` (views listed in ``view_ids``)."""
    # The example place: the bundled ledger's Kunashiri where there is one, else the first.
    first_place = (
        "kunashiri" if "kunashiri" in ledger.places else next(iter(sorted(ledger.places)), "")
    )
    first_name = ledger.places[first_place].names.get("ru") if first_place else None
    place_examples: dict[str, Any] = {
        "id": {"summary": "A place id", "value": first_place},
    }
    if first_name:
        place_examples["name"] = {"summary": "A name in another language", "value": first_name}

    place = Path(
        min_length=1,
        max_length=MAX_NAME,
        description="A place id, or any of its names or aliases in any language.",
        openapi_examples=place_examples,
    )
    date = Query(
        min_length=1,
        max_length=MAX_DATE,
        description="An EDTF date: a day (1950-01-01), a month (1946-02), a year (1950), an "
        "interval (1945-08-28/1945-09-05) or a qualified date (1945-09~). A date of "
        "reduced precision covers every day in it: if the answer changes inside, the "
        "status is uncertain and lists every possible answer.",
        openapi_examples={
            "day": {"summary": "A day", "value": "1950-01-01"},
            "year": {"summary": "A whole year", "value": "1946"},
            "interval": {"summary": "An interval", "value": "1945-08-28/1945-09-05"},
        },
    )
    view_examples: dict[str, Any] = {
        v: {"summary": ledger.views[v].names.get("en", v), "value": v} for v in view_ids
    }
    view = Query(
        max_length=MAX_VIEW,
        description="The point of view: de-facto (control only) or a polity's view, "
        "which reads title as that polity does. One of: " + ", ".join(view_ids) + ".",
        openapi_examples=view_examples,
        json_schema_extra={"enum": view_ids},
    )
    return Params(place=place, date=date, view=view, scenario=scenario_param(ledger))
