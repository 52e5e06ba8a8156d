"""Areas: the region a point-in-polygon test sees, measured on the authalic sphere."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import Polygon, box

from terrachron.geo.geometry import AUTHALIC_RADIUS_M, geodesic_area_km2, lonlat_area_km2


@settings(max_examples=200, deadline=None)
@given(
    lon=st.floats(-180, 170),
    lat=st.floats(-89, 80),
    width=st.floats(1e-4, 10),
    height=st.floats(1e-4, 9),
)
def test_a_box_measures_what_the_sphere_says(
    lon: float, lat: float, width: float, height: float
) -> None:
    south, north = math.radians(lat), math.radians(lat + height)
    want = AUTHALIC_RADIUS_M**2 * math.radians(width) * (math.sin(north) - math.sin(south)) / 1e6
    cell = box(lon, lat, lon + width, lat + height)
    # sin(north) - sin(south) cancels for a thin box near a pole (a 1e-4° box at 87° S loses
    # about 9 of 16 digits), so both sides agree to 1e-7, not to the last bits.
    assert math.isclose(lonlat_area_km2(cell), want, rel_tol=1e-7)
    # Against the ellipsoid's geodesic measure, small boxes agree to within the sphere's error.
    if width < 1 and height < 1 and abs(lat) < 70:
        assert math.isclose(lonlat_area_km2(cell), geodesic_area_km2(cell), rel_tol=0.01)


def test_holes_are_subtracted_whatever_the_ring_orientation() -> None:
    outer = [(0, 0), (4, 0), (4, 4), (0, 4)]
    hole = [(1, 1), (2, 1), (2, 2), (1, 2)]
    for ring in (hole, hole[::-1]):
        with_hole = Polygon(outer, [ring])
        assert math.isclose(
            lonlat_area_km2(with_hole),
            lonlat_area_km2(Polygon(outer)) - lonlat_area_km2(Polygon(hole)),
            rel_tol=1e-12,
        )


def test_a_sliver_of_no_width_along_a_long_border_measures_nothing() -> None:
    # Three vertices on one line of 0.34°: the geodesic measure reads its edges as geodesics,
    # which part there, and finds 0.09 km² (in a merged ledger, an "overlap").
    sliver = Polygon(
        [
            (10.3, 10.711403349948235),
            (9.956108365605935, 10.705686425677998),
            (10.161551131548618, 10.709101747882134),
        ]
    )
    assert geodesic_area_km2(sliver) > 0.05
    assert lonlat_area_km2(sliver) < 1e-9


def test_lines_points_and_nothing_have_no_area() -> None:
    assert lonlat_area_km2(None) == 0.0
    assert lonlat_area_km2(box(0, 0, 1, 1).boundary) == 0.0
    assert lonlat_area_km2(Polygon()) == 0.0
