"""The geometry shortcuts of the merge decide exactly as the measures they stand in for."""

from __future__ import annotations

from pathlib import Path

import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import box

from terrachron.ledger.load import LedgerFiles, LedgerMeta
from terrachron.ledger.merge import DROP_BELOW_KM2, _km2, _sliver, _trim_pieces


@settings(max_examples=300, deadline=None)
@given(
    lon=st.floats(-180, 179),
    lat=st.floats(-90, 89.9),
    width=st.floats(1e-6, 60),
    height=st.floats(1e-6, 20),
)
def test_the_sliver_shortcut_agrees_with_the_geodesic_measure(
    lon: float, lat: float, width: float, height: float
) -> None:
    cell = box(lon, lat, min(lon + width, 180.0), min(lat + height, 90.0))
    assert _sliver(cell) == (_km2(cell) < DROP_BELOW_KM2)


def test_a_sliver_near_the_threshold_is_measured_not_guessed() -> None:
    # 0.01 km² is ~1e-6 square degrees at the equator: the planar bound cannot decide it.
    side = (DROP_BELOW_KM2 / 12_300) ** 0.5
    for scale, want in ((0.9, True), (1.1, False)):
        cell = box(10.0, 0.0, 10.0 + side * scale, side * scale)
        assert _sliver(cell) is want


def test_trimming_gives_up_the_overlap_with_every_neighbour() -> None:
    # Two pieces over the same two faces (not over each other): each loses exactly what it
    # shares with them, whether the union of the faces is computed or reused.
    faces = {"a": box(0, 0, 2, 2), "b": box(2, 0, 4, 2)}
    pieces = {"p1": box(1, 1, 3, 3), "p2": box(1, -1, 3, 0.5)}
    geoms = {**faces, **pieces}

    merged = LedgerFiles(root=Path("."), meta=LedgerMeta("t", "t"))
    _trim_pieces(merged, geoms, {"p1": "w", "p2": "w"})
    for pid, piece in pieces.items():
        want = piece.difference(shapely.union_all(list(faces.values())))
        assert geoms[pid].equals(want), pid
        assert not shapely.relate_pattern(geoms[pid], faces["a"], "2********")
        assert merged.given_geometries[pid] is geoms[pid]
