"""A ledger branch: the ledger as if a scenario had happened, answering every query as a ledger."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from shapely.geometry.base import BaseGeometry

from terrachron.ledger.load import LedgerFiles
from terrachron.query import Ledger
from terrachron.scenarios.model import Scenario

__all__ = ["ScenarioLedger"]


class ScenarioLedger(Ledger):
    """The ledger with a scenario's hypothetical instruments and splits applied.

    It is a :class:`~terrachron.query.Ledger` in every respect (``status``, ``timeline``,
    ``explain``, ``statuses``, ``disputes``, names, geometries), so every interface can use it as
    it is; chain links of hypothetical instruments carry ``hypothetical=True`` and the narrative
    says so. Create it with :meth:`Ledger.with_scenario`.

    A split place's id (and its names) designate the group of its two parts: asking for its status
    raises the usual "is a group" error listing the parts, and every effect that touched it
    touches both parts.
    """

    def __init__(
        self,
        files: LedgerFiles,
        geometries: Mapping[str, BaseGeometry],
        scenario: Scenario,
        base: Ledger,
    ) -> None:
        super().__init__(files, geometries)
        self._scenario = scenario
        self._base = base

    @property
    def scenario(self) -> Scenario:
        """The scenario applied."""
        return self._scenario

    @property
    def base(self) -> Ledger:
        """The ledger as recorded, which this branch starts from."""
        return self._base

    def origin(self, place: str) -> str:
        """The ledger place a place of this branch comes from (a split part → the split place)."""
        return self._scenario.origin(place)

    def with_scenario(self, scenario: str | Path) -> Ledger:
        """Scenarios branch from the recorded ledger, not from one another: the base's branch."""
        return self._base.with_scenario(scenario)
