"""The synthetic world ledger's build script: a slice of it validates and behaves."""

from __future__ import annotations

import itertools
import subprocess
import sys
from pathlib import Path

import pytest
import shapely

import terrachron

from .conftest import REPO, SLICE, SOURCE


def test_slice_validates_with_every_country(slice_ledger: terrachron.Ledger) -> None:
    assert len(slice_ledger.places) == len(SLICE)
    assert set(slice_ledger.geometries) == set(slice_ledger.places)
    assert not [p for p in slice_ledger.warnings if p.rule == "geometry-overlap"]


def test_every_place_has_five_changes_of_controller(slice_ledger: terrachron.Ledger) -> None:
    for pid in slice_ledger.places:
        periods = slice_ledger.timeline(pid).periods
        controllers = [p.answer.controller for p in periods if p.start_iso]
        changes = sum(1 for a, b in itertools.pairwise(controllers) if a != b)
        assert changes >= 5, pid


def test_antimeridian_rings_are_split_not_wrapped(slice_ledger: terrachron.Ledger) -> None:
    for pid in ("fiji", "russia"):
        geom = slice_ledger.geometries[pid]
        minx, _, maxx, _ = geom.bounds
        assert minx >= -180.0
        assert maxx <= 180.0
        # Both sides of the meridian are there, and no band goes round the globe.
        assert geom.intersects(shapely.box(179.0, -90, 180.0, 90))
        assert geom.intersects(shapely.box(-180.0, -90, -179.0, 90))
    fiji = slice_ledger.geometries["fiji"]
    assert fiji.area < 2.0  # a few square degrees, not a band of 360 x 9


def test_overlapping_neighbours_are_cut(slice_ledger: terrachron.Ledger) -> None:
    g = slice_ledger.geometries
    # What remains is floating-point dust along the cut (< 1e-12 deg², about 0.01 m²).
    assert g["china"].intersection(g["macao"]).area < 1e-12
    assert g["germany"].intersection(g["luxembourg"]).area < 1e-12
    assert g["south-africa"].intersection(g["lesotho"]).area < 1e-12


def test_build_is_reproducible(tmp_path: Path) -> None:
    if not SOURCE.is_file():
        pytest.skip(f"{SOURCE} is not there (see ../shared/data/README.md)")

    def build(out: Path) -> dict[str, bytes]:
        subprocess.run(
            [
                sys.executable,
                str(REPO / "scripts" / "build_world_ledger.py"),
                str(out),
                *("--only", "Fiji,Lesotho", "--seed", "7"),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
        return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*.*"))}

    first, second = build(tmp_path / "a"), build(tmp_path / "b")
    assert first == second
    assert "instruments/fiji.yaml" in first
