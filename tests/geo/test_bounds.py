"""Boxes across the antimeridian: Fiji and Russia fly to themselves, not to the whole world."""

from __future__ import annotations

import shapely
from hypothesis import given
from hypothesis import strategies as st

from terrachron.geo.bounds import wrapped_bounds


def test_a_shape_clear_of_180_keeps_its_plain_bounds() -> None:
    kunashiri = shapely.box(145.4, 43.6, 146.6, 44.5)
    assert wrapped_bounds([kunashiri]) == kunashiri.bounds


def test_islands_on_both_sides_of_180_make_a_box_across_it() -> None:
    # Fiji's Viti Levu and Vanua Levu west of 180°, the Lau group east of it.
    fiji = shapely.MultiPolygon(
        [shapely.box(177.0, -19.0, 179.9, -16.0), shapely.box(-179.9, -21.0, -178.0, -17.0)]
    )
    assert fiji.bounds[0] == -179.9
    assert fiji.bounds[2] == 179.9
    assert wrapped_bounds([fiji]) == (177.0, -21.0, -178.0, -16.0)


def test_russia_crosses_180_at_chukotka_and_keeps_kaliningrad() -> None:
    russia = shapely.MultiPolygon(
        [
            shapely.box(19.6, 54.3, 22.9, 55.3),  # Kaliningrad
            shapely.box(27.0, 41.2, 180.0, 81.9),
            shapely.box(-180.0, 64.0, -169.0, 71.6),  # Chukotka east of 180°
        ]
    )
    assert wrapped_bounds([russia]) == (19.6, 41.2, -169.0, 81.9)


def test_nothing_has_no_box() -> None:
    assert wrapped_bounds([shapely.Polygon()]) is None


@given(
    st.lists(
        st.tuples(st.floats(-180, 179), st.floats(0.01, 30), st.floats(-80, 70)),
        min_size=1,
        max_size=8,
    )
)
def test_the_box_holds_every_part_and_is_never_wider_than_the_plain_one(
    parts: list[tuple[float, float, float]],
) -> None:
    boxes = [shapely.box(w, s, min(180.0, w + width), s + 5) for w, width, s in parts]
    found = wrapped_bounds(boxes)
    assert found is not None
    west, _, east, _ = found
    plain = shapely.MultiPolygon(boxes).bounds
    width = (east - west) % 360 if west > east else east - west
    assert width <= plain[2] - plain[0] + 1e-9
    for b in boxes:
        lo, hi = b.bounds[0], b.bounds[2]
        if west <= east:
            assert west <= lo
            assert hi <= east
        else:  # across 180°: each part lies east of west or west of east
            assert lo >= west or hi <= east
