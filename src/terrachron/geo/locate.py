"""``locate``: which place, and so which holder, each (lon, lat, date) row falls in.

The boundary rule
-----------------
A point belongs to a place when the place's polygon **covers** it (``shapely.covers``: interior
or boundary, so a point on a coastline or a border is not lost). When several places cover it —
a point on the border of two neighbours, a shared vertex, or one of the tiny overlaps the
validator tolerates (≤ 0.01 km²) — it belongs to the one whose id comes first in code-point
order (Python's ``sorted``). Coordinates are plain WGS84 longitude/latitude on the plane, as
the ledger's GeoJSON is: longitude -180 and 180 are both accepted and each is tested against the
polygons as drawn.

A row whose coordinates are NaN, infinite or out of range, or whose date is missing, unreadable
or outside years 1–9999, gets nulls and a ``problem`` naming every defect; nothing is dropped
or reordered.

Outside coverage
----------------
A valid row in no place gets nulls and a ``problem`` saying where it lies instead:
``at-sea`` when it is off every coast of the land layers (:mod:`terrachron.geo.land`), else
``outside-coverage`` (on land the ledger does not record). With ``max_distance_km`` such a row
is given the nearest place within that geodesic distance instead (:mod:`terrachron.geo.snap`),
answered as if it lay in it, and a further column ``snapped_km`` says how far it was (null for
the rows that lie in their place). Only the rows that miss every place pay for either.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from terrachron.errors import QueryError
from terrachron.geo import kernel
from terrachron.geo.index import SpatialIndex
from terrachron.geo.inputs import EPOCH_ORDINAL, coerce_coordinates, date_counts
from terrachron.geo.land import Land
from terrachron.geo.snap import check_distance, nearest_within
from terrachron.geo.timetable import Timetable

__all__ = [
    "COLUMNS",
    "PROBLEMS",
    "SNAPPED",
    "LocateSummary",
    "Locator",
    "available_cores",
    "summary_of",
]

COLUMNS = ("place", "controller", "title", "status", "disputed", "uncertain", "problem")
"""The columns of a ``locate`` result, in order."""

SNAPPED = "snapped_km"
"""The column added after :data:`COLUMNS` when ``max_distance_km`` is given: the geodesic
distance in km from a snapped row's point to its place (null for every other row)."""

OUTSIDE_PROBLEMS = ("outside-coverage", "at-sea")
"""The ``problem`` names that say where a valid row lies rather than what is wrong with it."""

PROBLEMS: tuple[tuple[int, str], ...] = (
    (int(kernel.XY_MISSING), "coordinates-missing"),
    (int(kernel.XY_RANGE), "coordinates-out-of-range"),
    (int(kernel.DATE_MISSING), "date-missing"),
    (int(kernel.DATE_UNREADABLE), "date-unreadable"),
    (int(kernel.DATE_RANGE), "date-out-of-range"),
    (int(kernel.OUTSIDE_COVERAGE), "outside-coverage"),
    (int(kernel.AT_SEA), "at-sea"),
)
"""Problem bits and the names the ``problem`` column gives them (joined by ``;``)."""

_SUMMARY_KEY = "terrachron.locate"


@dataclass(frozen=True)
class LocateSummary:
    """Counts of a ``locate`` run: every row is exactly one of located, outside, problem.

    ``outside`` rows lie in no place (``at_sea`` of them off every coast, the others on land
    outside coverage); ``problems`` rows have unusable input; ``snapped`` of the ``located``
    rows were given the nearest place within ``max_distance_km``.
    """

    rows: int
    located: int
    outside: int
    problems: int
    exact_tests: int = 0
    at_sea: int = 0
    snapped: int = 0

    def __add__(self, other: LocateSummary) -> LocateSummary:
        return LocateSummary(
            self.rows + other.rows,
            self.located + other.located,
            self.outside + other.outside,
            self.problems + other.problems,
            self.exact_tests + other.exact_tests,
            self.at_sea + other.at_sea,
            self.snapped + other.snapped,
        )

    @property
    def outside_coverage(self) -> int:
        """Rows in no place and on land (or where land is not known)."""
        return self.outside - self.at_sea

    def to_dict(self) -> dict[str, int]:
        """The counts as a plain dict."""
        return {
            "rows": self.rows,
            "located": self.located,
            "outside": self.outside,
            "problems": self.problems,
            "exact_tests": self.exact_tests,
            "at_sea": self.at_sea,
            "snapped": self.snapped,
        }


def summary_of(frame: pd.DataFrame) -> LocateSummary:
    """The :class:`LocateSummary` of a result frame (kept in ``frame.attrs``)."""
    data = frame.attrs.get(_SUMMARY_KEY)
    if data is None:
        problem = frame["problem"]
        outside = int(problem.isin(OUTSIDE_PROBLEMS).sum())
        problems = int(problem.notna().sum()) - outside
        located = int(frame["place"].notna().sum())
        snapped = int(frame[SNAPPED].notna().sum()) if SNAPPED in frame.columns else 0
        return LocateSummary(
            len(frame),
            located,
            outside,
            problems,
            at_sea=int((problem == "at-sea").sum()),
            snapped=snapped,
        )
    return LocateSummary(**data)


_PROBLEM_MASKS = 128
"""Size of the per-mask problem counts: every problem bit is below 64."""
_MIN_SPAN = 1 << 16
"""The fewest rows worth a thread's task (about 3 ms of work)."""
_SPANS_PER_THREAD = 4


@dataclass
class _Columns:
    """The kernel's output: the result columns as arrays, and the counts."""

    place: np.ndarray
    controller: np.ndarray
    title: np.ndarray
    status: np.ndarray
    disputed: np.ndarray
    uncertain: np.ndarray
    missing: np.ndarray
    problem: np.ndarray
    problem_count: np.ndarray
    located: int = 0
    exact_tests: int = 0
    snapped_km: np.ndarray | None = None
    snapped: int = 0


class Locator:
    """Everything ``locate`` needs for one ledger and one view, compiled; cheap to pickle.

    Made by :meth:`terrachron.Ledger.locator`. It holds the spatial index, the view's
    timetable and the place geometries (for the rare points that need GEOS), and nothing of the
    ledger itself, so it can be shipped to Dask workers.
    """

    def __init__(
        self,
        index: SpatialIndex,
        timetable: Timetable,
        geometries: Sequence[BaseGeometry],
        land: Land | None = None,
    ) -> None:
        if index.places != timetable.places:
            raise QueryError("the index and the timetable list different places")
        self.index = index
        self.timetable = timetable
        self.geometries = tuple(geometries)
        self.land = land
        """Land and sea for the rows in no place; None: every such row is outside coverage."""
        self._tree: shapely.STRtree | None = None

    @property
    def view(self) -> str:
        """The view the answers are given in."""
        return self.timetable.view

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state["_tree"] = None  # rebuilt on demand where it is needed
        return state

    # -- the arrays ------------------------------------------------------------------------------

    def _columns(
        self,
        lon: np.ndarray,
        lat: np.ndarray,
        lo: np.ndarray,
        hi: np.ndarray,
        per_day: int,
        problem: np.ndarray,
        threads: int,
    ) -> _Columns:
        """Run the kernel over all rows (in spans on ``threads`` threads), then GEOS's rows."""
        n = len(lon)
        idx, tt = self.index, self.timetable
        # No copy for the usual contiguous columns; a strided view (a column of a 2-D array) is
        # copied once, rather than compiling and running a slower strided kernel.
        lon = np.ascontiguousarray(lon, dtype=np.float64)
        lat = np.ascontiguousarray(lat, dtype=np.float64)
        lo = np.ascontiguousarray(lo, dtype=np.int64)
        hi = lo if hi is lo else np.ascontiguousarray(hi, dtype=np.int64)
        # The codes go straight into the integer type pandas keeps for that many categories,
        # so from_codes takes the arrays as they are instead of casting (copying) each column.
        cols = _Columns(
            place=np.empty(n, dtype=_code_dtype(len(tt.places))),
            controller=np.empty(n, dtype=_code_dtype(len(tt.holders))),
            title=np.empty(n, dtype=_code_dtype(len(tt.holders))),
            status=np.empty(n, dtype=_code_dtype(len(tt.statuses))),
            disputed=np.empty(n, dtype=bool),
            uncertain=np.empty(n, dtype=bool),
            missing=np.empty(n, dtype=bool),
            problem=problem,
            problem_count=np.zeros(_PROBLEM_MASKS, dtype=np.int64),
        )

        def run(span: tuple[int, int]) -> tuple[int, int, np.ndarray]:
            count = np.zeros(_PROBLEM_MASKS, dtype=np.int64)
            n_exact, n_located = kernel.locate_span(
                span[0],
                span[1],
                lon,
                lat,
                lo,
                hi,
                per_day,
                EPOCH_ORDINAL,
                problem,
                idx.top_cell,
                idx.nx,
                idx.ny,
                idx.top,
                idx.child,
                len(idx.places),
                idx.leaf_off,
                idx.leaf,
                tt.place_off,
                tt.starts,
                tt.uncertain,
                tt.controller,
                tt.title,
                tt.status,
                tt.disputed,
                cols.place,
                cols.controller,
                cols.title,
                cols.status,
                cols.disputed,
                cols.uncertain,
                cols.missing,
                count,
            )
            rows = np.arange(span[0], span[1], dtype=np.int64)
            n_exact += self._classify(rows, lon, lat, cols.place, problem, count)
            return n_exact, n_located, count

        spans = _spans(n, threads)
        if len(spans) == 1:
            results = [run(spans[0])]
        else:
            # The kernel releases the GIL: the spans run truly side by side, each writing only
            # its own rows of the shared output arrays.
            with ThreadPoolExecutor(max_workers=min(threads, len(spans))) as pool:
                results = list(pool.map(run, spans))
        n_exact = sum(r[0] for r in results)
        cols.located = sum(r[1] for r in results)
        for r in results:
            cols.problem_count += r[2]
        if n_exact:
            rows = np.flatnonzero(cols.place == -2)
            if len(rows):
                cols.located += self._decide_with_geos(rows, lon, lat, lo, hi, per_day, cols)
                missed = rows[cols.place[rows] == -1]
                self._classify(missed, lon, lat, cols.place, problem, cols.problem_count)
            self._land_with_geos(lon, lat, cols)
        cols.exact_tests = n_exact
        return cols

    # -- outside coverage ------------------------------------------------------------------------

    def _classify(
        self,
        rows: np.ndarray,
        lon: np.ndarray,
        lat: np.ndarray,
        place: np.ndarray,
        problem: np.ndarray,
        count: np.ndarray,
    ) -> int:
        """Mark those of ``rows`` in no place at sea or outside coverage; returns how many need
        GEOS (a point too near a coast for the floating-point test)."""
        land = self.land
        if land is None:
            missed = rows[(place[rows] == -1) & (problem[rows] == 0)]
            problem[missed] = kernel.OUTSIDE_COVERAGE
            count[int(kernel.OUTSIDE_COVERAGE)] += len(missed)
            return 0
        li = land.index
        n_exact: int = kernel.classify_rows(
            rows.astype(np.int64, copy=False),
            lon,
            lat,
            place,
            problem,
            li.top_cell,
            li.nx,
            li.ny,
            li.top,
            li.child,
            len(li.places),
            li.leaf_off,
            li.leaf,
            count,
        )
        return n_exact

    def _land_with_geos(self, lon: np.ndarray, lat: np.ndarray, cols: _Columns) -> None:
        """The rows on or in line with a coast: GEOS says whether they are on land."""
        if self.land is None:
            return
        rows = np.flatnonzero(cols.problem == kernel.EXACT_FALLBACK)
        if not len(rows):
            return
        on_land = self.land.covers(lon[rows], lat[rows])
        code = np.where(on_land, kernel.OUTSIDE_COVERAGE, kernel.AT_SEA).astype(np.int8)
        cols.problem[rows] = code
        cols.problem_count[int(kernel.OUTSIDE_COVERAGE)] += int(on_land.sum())
        cols.problem_count[int(kernel.AT_SEA)] += int((~on_land).sum())

    def _snap(
        self,
        lon: np.ndarray,
        lat: np.ndarray,
        lo: np.ndarray,
        hi: np.ndarray,
        per_day: int,
        max_km: float,
        cols: _Columns,
    ) -> None:
        """Give each row in no place the nearest place within ``max_km``, and the distance."""
        cols.snapped_km = np.full(len(lon), np.nan)
        if max_km <= 0:
            return  # a row in no place is farther than 0 km from every place
        outside = np.flatnonzero(
            (cols.problem == kernel.OUTSIDE_COVERAGE) | (cols.problem == kernel.AT_SEA)
        )
        if not len(outside):
            return
        if self._tree is None:
            self._tree = shapely.STRtree(list(self.geometries))
        rank, km = nearest_within(lon[outside], lat[outside], self.geometries, self._tree, max_km)
        hit = rank >= 0
        rows = outside[hit]
        if not len(rows):
            return
        # They stop being outside: take them out of the outside counts before answering them.
        np.subtract.at(cols.problem_count, cols.problem[rows].astype(np.int64), 1)
        tt = self.timetable
        cols.located += kernel.answer_rows(
            rows,
            rank[hit],
            lo,
            hi,
            per_day,
            EPOCH_ORDINAL,
            tt.place_off,
            tt.starts,
            tt.uncertain,
            tt.controller,
            tt.title,
            tt.status,
            tt.disputed,
            cols.problem,
            cols.place,
            cols.controller,
            cols.title,
            cols.status,
            cols.disputed,
            cols.uncertain,
            cols.missing,
        )
        cols.snapped_km[rows] = km[hit]
        cols.snapped = len(rows)

    def _decide_with_geos(
        self,
        rows: np.ndarray,
        lon: np.ndarray,
        lat: np.ndarray,
        lo: np.ndarray,
        hi: np.ndarray,
        per_day: int,
        cols: _Columns,
    ) -> int:
        """Points the kernel could not settle in floating point: GEOS's exact predicates.

        Returns how many of them lie in a place.
        """
        if self._tree is None:
            self._tree = shapely.STRtree(list(self.geometries))
        points = shapely.points(lon[rows], lat[rows])
        # For a point, intersects is covers: it holds on the boundary too.
        pi, gi = self._tree.query(points, predicate="intersects")
        n_places = len(self.geometries)
        best = np.full(len(rows), n_places, dtype=np.int64)
        np.minimum.at(best, pi, gi)
        place = np.where(best == n_places, -1, best).astype(np.int64)
        tt = self.timetable
        located: int = kernel.answer_rows(
            rows,
            place,
            lo,
            hi,
            per_day,
            EPOCH_ORDINAL,
            tt.place_off,
            tt.starts,
            tt.uncertain,
            tt.controller,
            tt.title,
            tt.status,
            tt.disputed,
            cols.problem,
            cols.place,
            cols.controller,
            cols.title,
            cols.status,
            cols.disputed,
            cols.uncertain,
            cols.missing,
        )
        return located

    # -- the frames ------------------------------------------------------------------------------

    def locate(
        self,
        lon: Any,
        lat: Any,
        date: Any,
        *,
        index: Any = None,
        threads: int | None = None,
        max_distance_km: float | None = None,
    ) -> pd.DataFrame:
        """The answer for every row, as a DataFrame aligned with the input.

        Parameters
        ----------
        lon, lat : array-like of float
            WGS84 longitude and latitude in degrees.
        date : array-like
            ``datetime64`` (any unit), or text / date objects (ISO days or any EDTF date).
        index : pandas.Index, optional
            The index of the result (default: a RangeIndex).
        threads : int, optional
            How many threads share the rows (default: every core this process may use, see
            :func:`available_cores`). ``1`` runs on the calling thread only, which is what a
            Dask worker or any caller that is already parallel wants. The answer does not
            depend on it.
        max_distance_km : float, optional
            Give a row in no place the nearest place within this geodesic distance (0 to 100
            km), and add the column ``snapped_km``. None (the default): no snapping, no column.

        Returns
        -------
        pandas.DataFrame
            Columns :data:`COLUMNS`: ``place``, ``controller``, ``title`` and ``status`` as
            categoricals, ``disputed`` and ``uncertain`` as nullable booleans, ``problem`` as a
            categorical naming the defects of the row, or ``at-sea`` / ``outside-coverage`` for
            a row in no place (null when the row lies in a place); then ``snapped_km`` (nullable
            float) with ``max_distance_km``. The counts are in ``attrs`` (read them with
            :func:`summary_of`).
        """
        max_km = check_distance(max_distance_km)
        n_threads = _thread_count(threads)
        x = coerce_coordinates(lon, "lon")
        y = coerce_coordinates(lat, "lat")
        lo, hi, per_day, problem = date_counts(date)
        if not (len(x) == len(y) == len(lo)):
            raise QueryError(
                f"lon, lat and date must have the same length (got {len(x)}, {len(y)}, {len(lo)})"
            )
        cols = self._columns(x, y, lo, hi, per_day, problem, n_threads)
        if max_km is not None:
            self._snap(x, y, lo, hi, per_day, max_km, cols)
        return self._frame(cols, index=index)

    def _frame(self, cols: _Columns, *, index: Any = None) -> pd.DataFrame:
        """Wrap the kernel's columns in a DataFrame, without copying them."""
        tt = self.timetable
        n = len(cols.place)
        holders = _categories(tt.holders)
        problem_cat = _problem_column(cols.problem, cols.problem_count)
        masks = np.arange(_PROBLEM_MASKS)
        n_problems = int(cols.problem_count[(masks & kernel.INPUT_DEFECTS) != 0].sum())
        data = {
            # The codes are in range by construction: skip pandas' check of every one.
            "place": pd.Categorical.from_codes(
                cols.place, categories=_categories(tt.places), validate=False
            ),
            "controller": pd.Categorical.from_codes(
                cols.controller, categories=holders, validate=False
            ),
            "title": pd.Categorical.from_codes(cols.title, categories=holders, validate=False),
            "status": pd.Categorical.from_codes(
                cols.status, categories=_categories(tt.statuses), validate=False
            ),
            "disputed": pd.arrays.BooleanArray(cols.disputed, cols.missing, copy=False),
            # Its own mask: setting a value of one column must not unmask the other.
            "uncertain": pd.arrays.BooleanArray(cols.uncertain, cols.missing.copy(), copy=False),
            "problem": problem_cat,
        }
        if cols.snapped_km is not None:
            snapped = cols.snapped_km
            data[SNAPPED] = pd.arrays.FloatingArray(
                np.nan_to_num(snapped), np.isnan(snapped), copy=False
            )
        frame = pd.DataFrame(data, index=index if index is not None else None, copy=False)
        frame.attrs[_SUMMARY_KEY] = LocateSummary(
            rows=n,
            located=cols.located,
            outside=n - cols.located - n_problems,
            problems=n_problems,
            exact_tests=cols.exact_tests,
            at_sea=int(cols.problem_count[int(kernel.AT_SEA)]),
            snapped=cols.snapped,
        ).to_dict()
        return frame

    def locate_frame(
        self,
        df: pd.DataFrame,
        *,
        lon: str | None = None,
        lat: str | None = None,
        date: str = "date",
        threads: int | None = None,
        max_distance_km: float | None = None,
    ) -> pd.DataFrame:
        """:meth:`locate` on the columns of ``df`` (or the points of a GeoDataFrame).

        Returns the result columns with ``df``'s index; ``df.join(result)`` puts them side by
        side. ``threads`` and ``max_distance_km`` as in :meth:`locate`.
        """
        x, y = _frame_xy(df, lon, lat)
        if date not in df.columns:
            raise QueryError(
                f"no column {date!r} in the frame (columns: {', '.join(map(str, df.columns))})",
                parameter="date",
            )
        return self.locate(
            x, y, df[date], index=df.index, threads=threads, max_distance_km=max_distance_km
        )


def _categories(values: Sequence[str]) -> pd.Index:
    # pandas' own text dtype, as Dask and Arrow round trips produce it.
    return pd.Index(list(values), dtype=str)


def _problem_column(problem: np.ndarray, count: np.ndarray) -> pd.Categorical:
    """The ``problem`` categorical: one category per combination of defects that occurs.

    ``count`` holds the rows per problem-bit mask (from the kernel), so the categories are known
    without a pass over the rows, and a column without problems costs no pass at all.
    """
    masks = np.flatnonzero(count)
    names = [
        ";".join(name for bit, name in PROBLEMS if int(m) & bit) or f"problem-{int(m)}"
        for m in masks.tolist()
    ]
    categories = _categories(names)
    codes = np.empty(len(problem), dtype=_code_dtype(len(names)))
    if not len(masks):
        codes.fill(-1)
    else:
        code_of_mask = np.full(256, -1, dtype=codes.dtype)
        code_of_mask[masks] = np.arange(len(masks))
        kernel.problem_codes(problem.view(np.uint8), code_of_mask, codes)
    return pd.Categorical.from_codes(codes, categories=categories, validate=False)


def _code_dtype(n_categories: int) -> np.dtype[Any]:
    """The integer type pandas stores the codes of ``n_categories`` categories in."""
    for dtype in (np.int8, np.int16, np.int32):
        if n_categories < np.iinfo(dtype).max:
            return np.dtype(dtype)
    return np.dtype(np.int64)


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity where the OS has one)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def _thread_count(threads: int | None) -> int:
    if threads is None:
        return available_cores()
    if isinstance(threads, bool) or not isinstance(threads, int | np.integer) or threads < 1:
        raise QueryError(
            f"threads must be a positive integer, not {threads!r}", parameter="threads"
        )
    return int(threads)


def _spans(n: int, threads: int) -> list[tuple[int, int]]:
    """Row ranges for ``threads`` threads: a few per thread, so a slow core does not hold
    the others back, and none too small to be worth a task."""
    if threads <= 1 or n < 2 * _MIN_SPAN:
        return [(0, n)]
    size = max(_MIN_SPAN, -(-n // (threads * _SPANS_PER_THREAD)))
    return [(a, min(a + size, n)) for a in range(0, n, size)]


def _frame_xy(df: pd.DataFrame, lon: str | None, lat: str | None) -> tuple[Any, Any]:
    """Longitude and latitude from named columns, else from a GeoDataFrame's point geometry."""
    if lon is not None or lat is not None:
        missing = [c for c in (lon, lat) if c is None or c not in df.columns]
        if missing:
            raise QueryError(
                f"give both lon and lat as column names of the frame; missing: {missing}",
                parameter="lon",
            )
        return df[lon], df[lat]
    geometry = getattr(df, "geometry", None)
    if geometry is None:
        raise QueryError(
            "name the lon and lat columns (or pass a GeoDataFrame of points)", parameter="lon"
        )
    geoms = np.asarray(geometry.array if hasattr(geometry, "array") else geometry, dtype=object)
    crs = getattr(df, "crs", None)
    if crs is not None and not crs.equals("EPSG:4326") and crs.to_epsg() != 4326:
        raise QueryError(
            f"the points must be WGS84 lon/lat (EPSG:4326), not {crs.name}", parameter="geometry"
        )
    point = shapely.get_type_id(geoms) == 0
    only_points = geoms.copy()
    only_points[~point] = None  # get_x/get_y of a missing geometry is NaN
    x = np.where(point, shapely.get_x(only_points), np.nan)
    y = np.where(point, shapely.get_y(only_points), np.nan)
    return x, y
