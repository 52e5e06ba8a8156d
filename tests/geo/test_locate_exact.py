"""``locate`` gives exactly the answer of the naive per-point shapely loop, and of ``status``."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import terrachron
from terrachron.geo.index import IndexParams, build_index
from terrachron.geo.locate import Locator, summary_of

from ..conftest import MINI
from .naive import naive_places


def _locator(ledger: terrachron.Ledger, params: IndexParams | None, view: str) -> Locator:
    """A locator over a freshly built index with ``params`` (default: the ledger's own)."""
    if params is None:
        return ledger.locator(view)
    places = tuple(sorted(ledger.geometries))
    geoms = [ledger.geometries[p] for p in places]
    index = build_index(places, geoms, params)
    return Locator(index, ledger.locator(view).timetable, geoms)


def _tricky_points(ledger: terrachron.Ledger, rng: np.random.Generator, n: int) -> np.ndarray:
    """Random points near every place, plus vertices, edge points and cell-boundary points."""
    pts: list[np.ndarray] = []
    for geom in ledger.geometries.values():
        minx, miny, maxx, maxy = geom.bounds
        pad = 0.05 * max(maxx - minx, maxy - miny, 0.01)
        xs = rng.uniform(max(minx - pad, -180), min(maxx + pad, 180), n)
        ys = rng.uniform(max(miny - pad, -90), min(maxy + pad, 90), n)
        pts.append(np.column_stack([xs, ys]))
        coords = shapely.get_coordinates(geom)
        pick = coords[rng.integers(0, len(coords), n)]
        pts.append(pick)  # vertices: on the boundary
        nxt = coords[np.minimum(rng.integers(0, len(coords), n) + 1, len(coords) - 1)]
        t = rng.uniform(0, 1, (n, 1))
        pts.append(pick + t * (nxt - pick))  # on or within rounding of an edge (mostly)
        pts.append((pick + nxt) / 2)
    both = np.concatenate(pts)
    # Coordinates on and next to the index's cell boundaries (multiples of 2**-k degrees).
    snap = np.round(both * 4) / 4
    pts.append(snap)
    pts.append(snap + np.array([1e-12, -1e-12]))
    return np.concatenate([both, *pts[len(pts) - 2 :]])


PARAMS = [
    None,
    IndexParams(top_cell=4.0, max_edges=2, max_depth=14),
    IndexParams(top_cell=0.25, max_edges=64, max_depth=4),
]


@pytest.mark.parametrize("params", PARAMS, ids=["default", "deep", "shallow"])
def test_slice_matches_the_naive_loop(
    slice_ledger: terrachron.Ledger, params: IndexParams | None
) -> None:
    rng = np.random.default_rng(42)
    pts = _tricky_points(slice_ledger, rng, 60)
    # The antimeridian and the holes: points on ±180 exactly, next to it, and inside Lesotho.
    lat = rng.uniform(-21, 72, 400)
    edge = np.concatenate(
        [
            np.column_stack([np.full(100, 180.0), lat[:100]]),
            np.column_stack([np.full(100, -180.0), lat[100:200]]),
            np.column_stack([np.full(100, np.nextafter(180.0, 0)), lat[200:300]]),
            np.column_stack([np.full(100, np.nextafter(-180.0, 0)), lat[300:]]),
        ]
    )
    lesotho = slice_ledger.geometries["lesotho"].representative_point()
    hole = np.array([[lesotho.x, lesotho.y]])
    pts = np.concatenate([pts, edge, hole])
    locator = _locator(slice_ledger, params, "de-facto")
    days = np.full(len(pts), np.datetime64("2000-01-01"))
    frame = locator.locate(pts[:, 0], pts[:, 1], days)
    got_list = _ids(frame["place"])
    want = naive_places(slice_ledger.geometries, pts[:, 0].tolist(), pts[:, 1].tolist())
    mismatches = [
        (tuple(pts[i]), got_list[i], want[i]) for i in range(len(pts)) if got_list[i] != want[i]
    ]
    assert not mismatches, mismatches[:10]
    assert got_list[-1] == "lesotho"
    # Boundary points really were among them, and some were settled by GEOS.
    assert sum(w is not None for w in want) > len(pts) // 3
    assert summary_of(frame).exact_tests > 0


def _ids(column: pd.Series) -> list[str | None]:
    return [None if pd.isna(v) else str(v) for v in column.astype(object)]


def test_points_on_an_edge_belong_to_the_place(mini: terrachron.Ledger) -> None:
    # north is [10, 11] x [1, 2] and south is [10, 11] x [-1, 0].
    got = mini.locate([10.5, 10.0, 11.0, 10.5, 10.5], [1.0, 1.5, 2.0, 0.5, 0.0], ["1900-01-01"] * 5)
    assert _ids(got["place"]) == ["north", "north", "north", None, "south"]


@pytest.mark.parametrize(("first", "second"), [("belgium", "france"), ("germany", "luxembourg")])
def test_shared_border_goes_to_the_smallest_id(
    slice_ledger: terrachron.Ledger, first: str, second: str
) -> None:
    g = slice_ledger.geometries
    a = {tuple(c) for c in shapely.get_coordinates(g[first]).tolist()}
    b = {tuple(c) for c in shapely.get_coordinates(g[second]).tolist()}
    shared = sorted(a & b)[:50]
    assert shared, "the neighbours share border vertices"
    lon, lat = zip(*shared, strict=True)
    got = _ids(slice_ledger.locate(list(lon), list(lat), ["2000-01-01"] * len(shared))["place"])
    # Never the larger id; a tripoint may go to a third neighbour with a smaller id still.
    assert second not in got
    assert first in got
    assert got == naive_places(g, list(lon), list(lat))


def _on_edges(draw: st.DrawFn) -> tuple[float, float]:
    """A point of the mini ledger's squares: on an edge, a vertex, or anywhere around."""
    kind = draw(st.integers(0, 3))
    t = draw(st.floats(0.0, 1.0))
    if kind == 0:
        return (10.0 + t, draw(st.sampled_from([-1.0, 0.0, 1.0, 2.0])))
    if kind == 1:
        return (draw(st.sampled_from([10.0, 11.0])), -1.0 + 3.0 * t)
    if kind == 2:
        return (draw(st.sampled_from([10.0, 11.0])), draw(st.sampled_from([-1.0, 0.0, 1.0, 2.0])))
    return (draw(st.floats(9.0, 12.0)), draw(st.floats(-2.0, 3.0)))


points = st.lists(st.composite(_on_edges)(), min_size=1, max_size=40)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(points)
def test_mini_matches_the_naive_loop_on_edges_and_vertices(
    pts: list[tuple[float, float]],
) -> None:
    ledger = _mini()
    lon = [p[0] for p in pts]
    lat = [p[1] for p in pts]
    got = ledger.locate(lon, lat, ["1925-01-01"] * len(pts))
    assert _ids(got["place"]) == naive_places(ledger.geometries, lon, lat)


_MINI: list[terrachron.Ledger] = []


def _mini() -> terrachron.Ledger:
    if not _MINI:
        _MINI.append(terrachron.open_ledger(MINI))
    return _MINI[0]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_bundled_islands_match_the_naive_loop(
    bundled: terrachron.Ledger, data: st.DataObject
) -> None:
    geoms = bundled.geometries
    pid = data.draw(st.sampled_from(sorted(geoms)))
    coords = shapely.get_coordinates(geoms[pid])
    i = data.draw(st.integers(0, len(coords) - 2))
    t = data.draw(st.floats(0.0, 1.0))
    a, b = coords[i], coords[i + 1]
    jitter = data.draw(st.sampled_from([0.0, 1e-15, -1e-9, 1e-6, 0.01]))
    lon = [a[0], b[0], a[0] + t * (b[0] - a[0]) + jitter]
    lat = [a[1], b[1], a[1] + t * (b[1] - a[1]) - jitter]
    got = bundled.locate(lon, lat, ["1950-01-01"] * 3)
    assert _ids(got["place"]) == naive_places(geoms, lon, lat)


@pytest.mark.parametrize("view", ["de-facto", "aurelia", "neutral"])
def test_answers_equal_status_for_every_row(slice_ledger: terrachron.Ledger, view: str) -> None:
    rng = np.random.default_rng(7)
    places = sorted(slice_ledger.geometries)
    pts = np.array(
        [np.array(slice_ledger.geometries[p].representative_point().coords[0]) for p in places]
    )
    which = rng.integers(0, len(places), 300)
    days = np.datetime64("1890-01-01") + rng.integers(0, 140 * 365, 300)
    got = slice_ledger.locate(pts[which, 0], pts[which, 1], days.astype("datetime64[D]"), view=view)
    for row, (w, day) in enumerate(zip(which.tolist(), days.tolist(), strict=True)):
        s = slice_ledger.status(places[w], day.isoformat(), view)
        r = got.iloc[row]
        assert r["place"] == places[w]
        assert (None if pd.isna(r["controller"]) else r["controller"]) == (
            "|".join(s.controller) or None
        )
        assert (None if pd.isna(r["title"]) else r["title"]) == (
            "|".join(s.title) if s.title else None
        )
        assert r["status"] == s.status
        assert bool(r["disputed"]) == s.disputed
        assert bool(r["uncertain"]) == s.uncertain
