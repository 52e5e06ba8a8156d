"""Geometry recipes: a small recipe gives the expected polygon; bad ones name file, line, rule."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import box, shape

from terrachron.geo.recipe import MapData, RecipeError, derive, render

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data" / "recipes"
MAPDATA = DATA / "mapdata"
SCRIPT = REPO / "scripts" / "derive_geometry.py"


def test_difference_of_two_snapshots_cut_to_the_coast() -> None:
    strip, rest = derive(DATA / "ledger" / "geometry" / "recipes.yaml", MapData(MAPDATA))
    assert strip.id == "strip"
    assert strip.geometry.equals(box(3, 0.5, 4, 2))
    assert rest.geometry.equals(box(0, 0.5, 3, 2))
    assert strip.note == "Westland in 1900 minus Westland in 1930, on land only."
    assert strip.inputs == (
        "Natural Earth 1:10m land and minor islands (public domain)",
        "historical-basemaps 1900 (GPL-3.0)",
        "historical-basemaps 1930 (GPL-3.0)",
    )


def test_render_is_a_counter_clockwise_feature_collection_on_the_grid() -> None:
    strip = derive(DATA / "ledger" / "geometry" / "recipes.yaml", MapData(MAPDATA))[0]
    text = render(strip)
    doc = json.loads(text)
    (feature,) = doc["features"]
    assert feature["properties"]["id"] == "strip"
    geom = shape(feature["geometry"])
    assert geom.equals(box(3, 0.5, 4, 2))
    assert shapely.is_ccw(geom.exterior)
    assert text == render(strip)


def _recipe(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "recipes.yaml"
    path.write_text(body, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("body", "rule", "line"),
    [
        (
            "places:\n  a:\n    shape:\n      snapshot: {year: 1900, name: Westlnd}\n",
            "recipe-unknown-name",
            4,
        ),
        (
            "places:\n  a:\n    shape:\n      snapshot: {year: 1901, name: Westland}\n",
            "recipe-no-snapshot",
            4,
        ),
        ("places:\n  a:\n    shape: {place: b}\n  b:\n    shape: {place: a}\n", "recipe-cycle", 3),
        ("places:\n  a:\n    shape: {bbox: [5, 0, 1, 1]}\n", "recipe-bbox", 3),
        ("places:\n  a:\n    shape: {circle: 3}\n", "recipe-node", 3),
        ("places:\n  a:\n    shape: {union: [{bbox: [0, 0, 1, 1]}]}\n", "recipe-operands", 3),
        (
            "places:\n  a:\n    shape:\n      difference:\n        - bbox: [0, 0, 1, 1]\n"
            "        - bbox: [-1, -1, 2, 2]\n",
            "recipe-empty",
            4,
        ),
        (
            "places:\n  a:\n    shape: {outline: [[0, 0], [1, 1], [0, 1], [1, 0]]}\n",
            "recipe-outline",
            3,
        ),
        ("places:\n  a:\n    shap: {bbox: [0, 0, 1, 1]}\n", "recipe-place", 3),
        ("places: [\n", "yaml-syntax", 2),
    ],
)
def test_bad_recipes_name_the_line_and_rule(
    tmp_path: Path, body: str, rule: str, line: int
) -> None:
    with pytest.raises(RecipeError) as caught:
        derive(_recipe(tmp_path, body), MapData(MAPDATA))
    assert caught.value.rule == rule
    assert caught.value.line == line
    assert str(tmp_path / "recipes.yaml") in str(caught.value)


def test_unknown_name_suggests_the_near_one(tmp_path: Path) -> None:
    body = "places:\n  a:\n    shape:\n      snapshot: {year: 1900, name: Westlnd}\n"
    with pytest.raises(RecipeError, match="did you mean 'Westland'"):
        derive(_recipe(tmp_path, body), MapData(MAPDATA))


@settings(max_examples=40, deadline=None)
@given(
    x0=st.integers(-50, 40),
    y0=st.integers(-50, 40),
    w=st.integers(1, 30),
    h=st.integers(1, 30),
    cut=st.integers(1, 29),
)
def test_a_place_and_its_complement_tile_the_box(
    x0: int, y0: int, w: int, h: int, cut: int
) -> None:
    # Invariant: (A ∩ B) and (A − B) never overlap and together make A again, whatever the box.
    cut_x = x0 + min(cut, w - 1) if w > 1 else x0 + 0.5
    with tempfile.TemporaryDirectory() as tmp:
        body = (
            "places:\n"
            f"  a:\n    shape: {{intersection: [{{bbox: [{x0}, {y0}, {x0 + w}, {y0 + h}]}}, "
            f"{{bbox: [{x0 - 1}, {y0 - 1}, {cut_x}, {y0 + h + 1}]}}]}}\n"
            f"  b:\n    shape: {{difference: [{{bbox: [{x0}, {y0}, {x0 + w}, {y0 + h}]}}, "
            "{place: a}]}\n"
        )
        a, b = derive(_recipe(Path(tmp), body), MapData(MAPDATA))
    assert a.geometry.intersection(b.geometry).area == 0
    assert shapely.union(a.geometry, b.geometry).equals(box(x0, y0, x0 + w, y0 + h))


def test_script_writes_then_checks_clean_and_flags_an_edit(tmp_path: Path) -> None:
    ledger = tmp_path / "ledger"
    shutil.copytree(DATA / "ledger", ledger)
    run = [sys.executable, str(SCRIPT), str(ledger), "--data", str(MAPDATA)]
    first = subprocess.run(run, capture_output=True, text=True, check=False)
    assert first.returncode == 0, first.stderr
    written = (ledger / "geometry" / "strip.geojson").read_text("utf-8")
    assert (ledger / "geometry" / "LICENSE").is_file()
    again = subprocess.run([*run, "--check"], capture_output=True, text=True, check=False)
    assert again.returncode == 0, again.stderr
    (ledger / "geometry" / "strip.geojson").write_text(written.replace("3.0", "3.1", 1))
    stale = subprocess.run([*run, "--check"], capture_output=True, text=True, check=False)
    assert stale.returncode == 1
    assert "strip.geojson" in stale.stderr


def test_script_refuses_overlapping_places_and_writes_nothing(tmp_path: Path) -> None:
    ledger = tmp_path / "ledger"
    (ledger / "geometry").mkdir(parents=True)
    (ledger / "geometry" / "recipes.yaml").write_text(
        "places:\n  a:\n    shape: {bbox: [0, 0, 2, 2]}\n  b:\n    shape: {bbox: [1, 1, 3, 3]}\n"
    )
    run = [sys.executable, str(SCRIPT), str(ledger), "--data", str(MAPDATA)]
    result = subprocess.run(run, capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert "'a' and 'b' overlap" in result.stderr
    assert sorted(p.name for p in (ledger / "geometry").iterdir()) == ["recipes.yaml"]
