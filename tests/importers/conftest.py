"""Small snapshot files written per test: two years of invented land with a border that moves."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest


def square(x0: float, y0: float, x1: float, y1: float) -> dict[str, Any]:
    """A GeoJSON polygon for the box (x0, y0)–(x1, y1)."""
    ring = [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]
    return {"type": "Polygon", "coordinates": [ring]}


def feature(name: str | None, subjecto: str | None, geom: dict[str, Any], **extra: Any) -> Any:
    props = {"NAME": name, "SUBJECTO": subjecto, "BORDERPRECISION": 2, **extra}
    return {"type": "Feature", "properties": props, "geometry": geom}


def write(path: Path, features: list[Any]) -> Path:
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return path


@pytest.fixture
def snapshots(tmp_path: Path) -> Path:
    """world_1900: France holds x 0–2, Germany x 2–4; world_1920: the border moved to x = 1;
    from 1920 Japan's and the USSR's polygons overlap on x 10–11 (an island claimed by both)."""
    folder = tmp_path / "snapshots"
    folder.mkdir()
    write(
        folder / "world_1900.geojson",
        [
            feature("France", "France", square(0, 0, 2, 2)),
            feature("German Empire", "German Empire", square(2, 0, 4, 2)),
            feature("Ezo", "Japan", square(10, 0, 11, 1)),
        ],
    )
    write(
        folder / "world_1920.geojson",
        [
            feature("France", "France", square(0, 0, 1, 2)),
            feature("Germany", "Germany", square(1, 0, 4, 2)),
            feature("Japan", "Japan", square(10, 0, 11, 1)),
            feature("USSR", "USSR", square(10, 0, 11, 1)),
        ],
    )
    return folder


@pytest.fixture
def disputes(tmp_path: Path) -> Path:
    """One Natural Earth disputed area over the island."""
    return write(
        tmp_path / "disputed.geojson",
        [
            {
                "type": "Feature",
                "properties": {
                    "NAME": "Island",
                    "BRK_NAME": "Island",
                    "NOTE_BRK": "Admin. by Russia; Claimed by Japan",
                },
                "geometry": square(10, 0, 11, 1),
            }
        ],
    )
