"""``snapshot`` as a GeoDataFrame, dissolved by holder, and geodesic areas."""

from __future__ import annotations

import pytest
from pyproj import Geod

import terrachron
from terrachron.errors import QueryError
from terrachron.geo.snapshot import SNAPSHOT_COLUMNS


def test_snapshot_rows_agree_with_status(bundled: terrachron.Ledger) -> None:
    frame = bundled.snapshot("1950-01-01", "japan")
    assert list(frame.columns) == list(SNAPSHOT_COLUMNS)
    assert frame.crs.to_epsg() == 4326
    assert sorted(frame["place"]) == sorted(bundled.places)
    for row in frame.itertuples():
        s = bundled.status(row.place, "1950-01-01", "japan")
        assert row.controller == ("|".join(s.controller) or None)
        assert row.status == s.status
        assert row.geometry.equals(bundled.geometries[row.place])
        assert row.area_km2 == pytest.approx(bundled.area(row.place))


def test_dissolve_merges_by_holder(bundled: terrachron.Ledger) -> None:
    places = bundled.snapshot("2019-02-12")
    merged = bundled.snapshot("2019-02-12", dissolve=True)
    assert list(merged.columns)[:2] == ["controller", "date"]
    assert merged["count"].sum() == len(places)
    assert set(merged["controller"]) == set(places["controller"])
    assert merged["area_km2"].sum() == pytest.approx(places["area_km2"].sum())
    by_title = bundled.snapshot("2019-02-12", "japan", dissolve=True)
    assert "title" in by_title.columns
    with pytest.raises(QueryError):
        bundled.snapshot("2019-02-12", dissolve="geometry")


def test_area_is_geodesic(mini: terrachron.Ledger) -> None:
    # One degree square at the equator, as pyproj measures it on WGS84.
    lons, lats = [10, 11, 11, 10], [1, 1, 2, 2]
    expected = abs(Geod(ellps="WGS84").polygon_area_perimeter(lons, lats)[0]) / 1e6
    assert mini.area("north") == pytest.approx(expected)
    assert 12_000 < mini.area("North Isle") < 12_500


def test_polity_area_follows_date_and_view(mini: terrachron.Ledger) -> None:
    north, south = mini.area("north"), mini.area("south")
    assert mini.area(polity="alda", date="1925-01-01") == pytest.approx(north + south)
    # Borgia's view rejects Alda's annexation of North: Borgia still holds title there.
    assert mini.area(polity="borgia", date="1925-01-01", view="borgia") == pytest.approx(north)
    assert mini.areas("1900-01-01")["borgia"] == pytest.approx(north)
    with pytest.raises(QueryError):
        mini.area(polity="alda")
    with pytest.raises(QueryError):
        mini.area("north", polity="alda", date="1925")
