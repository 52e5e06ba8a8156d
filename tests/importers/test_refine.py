"""The common refinement: faces never overlap, cover exactly the union, and know their covers."""

from __future__ import annotations

import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import box

from terrachron.importers.refine import dissolve, refine


def test_two_overlapping_boxes_make_three_faces() -> None:
    result = refine([box(0, 0, 2, 2), box(1, 0, 3, 2)], sliver_width=0.0)
    assert len(result.faces) == 3
    covers = sorted(result.cover)
    assert covers == [(0,), (0, 1), (1,)]


def test_a_sliver_joins_the_neighbour_with_the_longest_border() -> None:
    # The second drawing of the border is 0.005° off: the strip between them is an artefact.
    result = refine([box(0, 0, 1, 1), box(1.005, 0, 2, 1), box(0, 0, 1.005, 1)], sliver_width=0.02)
    assert result.slivers_merged == 1
    assert len(result.faces) == 2


def test_a_thin_island_alone_is_kept() -> None:
    result = refine([box(0, 0, 1, 0.001 * 5)], grid=0.0001, sliver_width=0.02)
    assert len(result.faces) == 1


def test_dissolve_unions_faces_with_one_key() -> None:
    faces = [box(0, 0, 1, 1), box(1, 0, 2, 1), box(5, 5, 6, 6)]
    out = dissolve(faces, ["a", "a", "b"])
    assert [k for k, _, _ in out] == ["a", "b"]
    assert shapely.area(out[0][1]) == 2


boxes = st.lists(
    st.tuples(st.integers(0, 20), st.integers(0, 20), st.integers(1, 10), st.integers(1, 10)).map(
        lambda t: box(t[0], t[1], t[0] + t[2], t[1] + t[3])
    ),
    min_size=1,
    max_size=6,
)


@settings(max_examples=40, deadline=None)
@given(boxes)
def test_faces_partition_the_union(polys: list[shapely.Geometry]) -> None:
    result = refine(polys, grid=0.5, sliver_width=0.0)
    faces = result.faces
    total = sum(shapely.area(f) for f in faces)
    assert abs(total - shapely.area(shapely.union_all(polys))) < 1e-9
    for i, a in enumerate(faces):
        for b in faces[i + 1 :]:
            assert shapely.area(shapely.intersection(a, b)) < 1e-9
    for face, cover in zip(faces, result.cover, strict=True):
        point = shapely.point_on_surface(face)
        assert cover == tuple(i for i, p in enumerate(polys) if p.contains(point))


def test_a_protected_sliver_is_kept_and_not_merged_into() -> None:
    # A 0.005°-wide disputed strip beside a country: a sliver by width, a territory by fact.
    land, strip = box(0, 0, 1, 1), box(1, 0, 1.005, 1)
    assert refine([land, strip], sliver_width=0.02).slivers_merged == 1
    kept = refine([land, strip], sliver_width=0.02, protect=[1])
    assert kept.slivers_merged == 0
    assert sorted(kept.cover) == [(0,), (1,)]
