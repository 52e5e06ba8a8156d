"""The records a loaded scenario is described by, and the errors scenarios raise."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal, cast

from pydantic import Field
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry
from typing_extensions import TypedDict

from terrachron.dates import day_to_iso
from terrachron.errors import LedgerError, Problem, QueryError
from terrachron.examples import SCENARIO, SCENARIO_INFO, SPLIT
from terrachron.model import Citation
from terrachron.results import CitationJSON, LineStringJSON, as_shape, shape

__all__ = [
    "Scenario",
    "ScenarioError",
    "ScenarioInfo",
    "ScenarioInfoJSON",
    "ScenarioJSON",
    "Split",
    "SplitJSON",
    "UnknownScenarioError",
]

Pair = Annotated[list[str], Field(min_length=2, max_length=2)]


@shape(SPLIT)
class SplitJSON(TypedDict):
    """A place of the ledger cut in two by a scenario."""

    place: Annotated[
        str,
        Field(
            description="The split place; in the scenario its id names the group of its two parts."
        ),
    ]
    parts: Annotated[Pair, Field(description="The two new places, first part first.")]
    method: Annotated[
        Literal["line", "bisect"],
        Field(
            description="`line`: cut along a line the scenario gives; `bisect`: a straight cut "
            "placed by bisection so that the first part has the target area."
        ),
    ]
    part_km2: Annotated[
        list[float],
        Field(min_length=2, max_length=2, description="Geodesic area of each part, km²."),
    ]
    target_km2: Annotated[
        float | None, Field(description="The first part's target area (bisect only).")
    ]
    error_km2: Annotated[
        float | None, Field(description="First part's area minus its target (bisect only).")
    ]
    iterations: Annotated[int, Field(ge=0, description="Bisection steps taken.")]
    # mapping() of a shapely line: a plain dict to mypy, declared as the GeoJSON LineString.
    line: Annotated[
        dict[str, Any],
        as_shape(LineStringJSON),
        Field(description="The cut across the place, for drawing."),
    ]


@shape(SCENARIO_INFO)
class ScenarioInfoJSON(TypedDict):
    """A scenario as its folder describes it, read without applying it to the ledger."""

    name: Annotated[
        str, Field(description="The name to ask for it by (`scenario=` on every endpoint).")
    ]
    path: Annotated[str, Field(description="Its folder, relative to the ledger's root.")]
    title: str
    description: Annotated[
        str, Field(description="What the proposal is and where it was discussed.")
    ]
    sources: Annotated[
        list[CitationJSON], Field(description="The proposals and documents it is drawn from.")
    ]
    instruments: Annotated[list[str], Field(description="Ids of its hypothetical instruments.")]
    first_date: Annotated[
        str | None, Field(description="The earliest date among its instruments (EDTF).")
    ]
    splits: Annotated[list[str], Field(description="The places it splits in two.")]
    problems: Annotated[
        list[str],
        Field(
            description="Problems found reading the folder on its own, as `file:line:column: "
            "rule: message`; a scenario with problems cannot be applied (its endpoints answer "
            "409)."
        ),
    ]


@shape(SCENARIO)
class ScenarioJSON(TypedDict):
    """A scenario applied to the ledger: where its branch starts and what it splits."""

    name: str
    title: str
    description: str
    path: Annotated[str, Field(description="Its folder, relative to the ledger's root.")]
    sources: list[CitationJSON]
    instruments: Annotated[
        list[str], Field(description="Its hypothetical instruments, in date order.")
    ]
    branch_date: Annotated[
        str,
        Field(
            description="The first day a hypothetical effect may take hold (ISO): every answer "
            "for an earlier day is the ledger's own."
        ),
    ]
    last_date: Annotated[
        str, Field(description="The day by which every hypothetical effect has taken hold.")
    ]
    splits: list[SplitJSON]


class ScenarioError(LedgerError):
    """A scenario breaks one or more rules; carries every problem, located as ``file:line``."""

    def __init__(self, name: str, problems: Sequence[Problem]) -> None:
        self.scenario = name
        super().__init__(problems)
        detail = self.args[0].replace(
            "run `terrachron validate`", f"run `terrachron scenario validate {name}`"
        )
        self.args = (f"the scenario {name!r} does not apply: {detail}",)


class UnknownScenarioError(QueryError):
    """No scenario has that name, and no folder with a ``scenario.yaml`` is at that path."""

    def __init__(self, name: str, known: Sequence[str]) -> None:
        self.name = name
        self.known = tuple(known)
        listed = ", ".join(known) if known else "none in this ledger"
        super().__init__(
            f"unknown scenario {name!r}: neither a scenario of the ledger ({listed}) nor a "
            "folder holding a scenario.yaml",
            parameter="scenario",
        )


@dataclass(frozen=True)
class Split:
    """A place of the ledger split in two by a scenario.

    Attributes
    ----------
    place : str
        The split place's id; in the scenario it names the group of its two parts.
    parts : tuple of str
        The two new places, first part first.
    method : str
        ``line`` (a line given in the scenario) or ``bisect`` (placed by the engine).
    line : BaseGeometry
        The cut line across the place (lon/lat), for drawing.
    part_km2 : tuple of float
        Geodesic area of each part.
    target_km2 : float or None
        The area the first part was to have (bisection only).
    iterations : int
        Bisection steps taken.
    """

    place: str
    parts: tuple[str, str]
    method: str
    line: BaseGeometry
    part_km2: tuple[float, float]
    target_km2: float | None = None
    iterations: int = 0

    @property
    def error_km2(self) -> float | None:
        """How far the first part is from its target (bisection only)."""
        return None if self.target_km2 is None else self.part_km2[0] - self.target_km2

    def to_dict(self) -> SplitJSON:
        """The JSON form; ``line`` is a GeoJSON geometry."""
        return {
            "place": self.place,
            "parts": list(self.parts),
            "method": cast(Literal["line", "bisect"], self.method),
            "part_km2": [round(a, 3) for a in self.part_km2],
            "target_km2": None if self.target_km2 is None else round(self.target_km2, 3),
            "error_km2": None if self.error_km2 is None else round(self.error_km2, 4),
            "iterations": self.iterations,
            "line": mapping(self.line),
        }


@dataclass(frozen=True)
class ScenarioInfo:
    """What a scenario folder says about itself, read without applying it to the ledger.

    Attributes
    ----------
    name : str
        The id the scenario is asked for by (its ``scenario.yaml`` id, else its folder name).
    path : Path
        The scenario folder.
    title, description : str
        From ``scenario.yaml``.
    sources : tuple of Citation
        The proposals it is drawn from.
    instruments : tuple of str
        Ids of its hypothetical instruments.
    first_date : str or None
        The earliest date among its instruments (EDTF text).
    splits : tuple of str
        The places it splits.
    problems : tuple of Problem
        Problems met while reading the folder on its own (full validation needs the ledger).
    display : Path or None
        How to show the folder: relative to the ledger's root when inside it (JSON ``path``).
    """

    name: str
    path: Path
    title: str
    description: str
    sources: tuple[Citation, ...]
    instruments: tuple[str, ...]
    first_date: str | None
    splits: tuple[str, ...]
    problems: tuple[Problem, ...] = ()
    display: Path | None = None

    def to_dict(self) -> ScenarioInfoJSON:
        """The JSON form."""
        return {
            "name": self.name,
            "path": (self.display or self.path).as_posix(),
            "title": self.title,
            "description": self.description,
            "sources": [c.model_dump(exclude_none=True) for c in self.sources],
            "instruments": list(self.instruments),
            "first_date": self.first_date,
            "splits": list(self.splits),
            "problems": [str(p) for p in self.problems],
        }


@dataclass(frozen=True)
class Scenario:
    """A scenario applied to a ledger: what it adds and where its branch starts.

    Attributes
    ----------
    name, title, description, path, sources
        As in :class:`ScenarioInfo`.
    instruments : tuple of str
        Ids of its hypothetical instruments, in date order.
    branch_day : int
        Ordinal of the first day any hypothetical effect may take hold: every answer for an
        earlier day is the ledger's own.
    last_day : int
        Ordinal of the last day by which every hypothetical effect has taken hold.
    splits : tuple of Split
        The places it splits, with the computed parts and lines.
    display : Path or None
        How to show the folder: relative to the ledger's root when inside it (JSON ``path``).
    """

    name: str
    title: str
    description: str
    path: Path
    sources: tuple[Citation, ...]
    instruments: tuple[str, ...]
    branch_day: int
    last_day: int
    splits: tuple[Split, ...]
    display: Path | None = None

    @property
    def branch_date(self) -> str:
        """The first day a hypothetical effect may take hold, as ISO text."""
        return day_to_iso(self.branch_day) or ".."

    @property
    def last_date(self) -> str:
        """The day by which every hypothetical effect has taken hold, as ISO text."""
        return day_to_iso(self.last_day) or ".."

    def origin(self, place: str) -> str:
        """The ledger place a scenario place comes from (a split part → the split place)."""
        for split in self.splits:
            if place in split.parts:
                return split.place
        return place

    def to_dict(self) -> ScenarioJSON:
        """The JSON form."""
        return {
            "name": self.name,
            "title": self.title,
            "description": self.description,
            "path": (self.display or self.path).as_posix(),
            "sources": [c.model_dump(exclude_none=True) for c in self.sources],
            "instruments": list(self.instruments),
            "branch_date": self.branch_date,
            "last_date": self.last_date,
            "splits": [s.to_dict() for s in self.splits],
        }
