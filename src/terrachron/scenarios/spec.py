"""The file format of a scenario's ``scenario.yaml``: what the branch is and which places it splits.

A scenario folder holds ``scenario.yaml`` (one :class:`ScenarioSpec`), ``instruments/`` (the
hypothetical instruments, in the ledger's own instrument format, each marked
``hypothetical: true``) and optionally ``sources/`` (the documents its citations point into).
Like :mod:`terrachron.model`, these pydantic models are at once the file format and the validated
records; the rules that need the ledger (ids that must exist, a line that must cross its place)
live in :mod:`terrachron.scenarios.load`.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from terrachron.model import Citation

__all__ = [
    "BisectSpec",
    "BisectTarget",
    "PartSpec",
    "ScenarioSpec",
    "SplitSpec",
    "scenario_json_schema",
]

Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9\-]*$", max_length=80)]
LonLat = tuple[
    Annotated[float, Field(ge=-180, le=180)],
    Annotated[float, Field(ge=-90, le=90)],
]


class _Record(BaseModel):
    # The same configuration as the ledger's records: frozen, no unknown field, aliases allowed.
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class PartSpec(_Record):
    """One of the places a split makes: a new atomic place with its own id and names."""

    id: Slug
    names: dict[str, str] = Field(min_length=1, description="Name per language code")
    aliases: dict[str, list[str]] = Field(default_factory=dict)
    summary: str | None = None


class BisectTarget(_Record):
    """The area the first part must have: a number, or half of a group with some places added.

    ``half_of: G, with: [A, B]`` asks for ``area(first part) + area(A) + area(B) =
    area(G) / 2``: the places ``with`` and the first part make exactly one half of ``G``.
    """

    km2: float | None = Field(None, gt=0, description="Area of the first part, km²")
    half_of: Slug | None = Field(None, description="A group (or place) whose area is to be halved")
    with_: list[Slug] = Field(
        default_factory=list,
        alias="with",
        description="Places counted on the first part's side of the halving",
    )


class BisectSpec(_Record):
    """Cut the place with a straight line, placed by bisection so the first part has a target area.

    The cut lines are perpendicular to ``azimuth``; the first part lies behind the line, the
    second ahead of it (``azimuth`` points from the first part to the second).
    """

    azimuth: float = Field(
        ge=0, lt=360, description="Degrees clockwise from north, from the first part to the second"
    )
    target: BisectTarget
    tolerance_km2: float = Field(
        0.01, gt=0, le=1, description="Largest difference between the first part and its target"
    )


class SplitSpec(_Record):
    """A place of the ledger split in two along a line, given or computed.

    With ``line``, the first part is what lies left of the line walked from its first point to
    its last (the line is extended straight beyond both ends); with ``bisect``, see
    :class:`BisectSpec`. The split place's id becomes a group of its two parts.
    """

    place: Slug = Field(description="Id of the ledger place to split")
    parts: list[PartSpec] = Field(min_length=2, max_length=2)
    line: list[LonLat] | None = Field(
        None, min_length=2, description="[lon, lat] points of a line drawn across the place"
    )
    bisect: BisectSpec | None = None
    summary: str | None = None


class ScenarioSpec(_Record):
    """A named branch of a ledger: hypothetical instruments applied on top of it, and splits."""

    id: Slug
    title: str = Field(min_length=1)
    description: str = Field(min_length=1, description="In your own words")
    sources: list[Citation] = Field(
        default_factory=list, description="The publicly discussed proposal(s) this is drawn from"
    )
    splits: list[SplitSpec] = Field(default_factory=list)


def scenario_json_schema() -> dict[str, Any]:
    """The JSON Schema of ``scenario.yaml``, for editors."""
    schema = ScenarioSpec.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "terrachron scenario.yaml"
    return schema
