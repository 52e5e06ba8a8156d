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
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from terrachron.errors import QueryError
from terrachron.geo import kernel
from terrachron.geo.index import SpatialIndex
from terrachron.geo.inputs import EPOCH_ORDINAL, coerce_coordinates, coerce_dates
from terrachron.geo.timetable import Timetable

__all__ = ["COLUMNS", "PROBLEMS", "LocateSummary", "Locator", "summary_of"]

COLUMNS = ("place", "controller", "title", "status", "disputed", "uncertain", "problem")
"""The columns of a ``locate`` result, in order."""

PROBLEMS: tuple[tuple[int, str], ...] = (
    (int(kernel.XY_MISSING), "coordinates-missing"),
    (int(kernel.XY_RANGE), "coordinates-out-of-range"),
    (int(kernel.DATE_MISSING), "date-missing"),
    (int(kernel.DATE_UNREADABLE), "date-unreadable"),
    (int(kernel.DATE_RANGE), "date-out-of-range"),
)
"""Problem bits and the names the ``problem`` column gives them (joined by ``;``)."""

_SUMMARY_KEY = "terrachron.locate"


@dataclass(frozen=True)
class LocateSummary:
    """Counts of a ``locate`` run: every row is exactly one of located, outside, problem."""

    rows: int
    located: int
    outside: int
    problems: int
    exact_tests: int = 0

    def __add__(self, other: LocateSummary) -> LocateSummary:
        return LocateSummary(
            self.rows + other.rows,
            self.located + other.located,
            self.outside + other.outside,
            self.problems + other.problems,
            self.exact_tests + other.exact_tests,
        )

    def to_dict(self) -> dict[str, int]:
        """The counts as a plain dict."""
        return {
            "rows": self.rows,
            "located": self.located,
            "outside": self.outside,
            "problems": self.problems,
            "exact_tests": self.exact_tests,
        }


def summary_of(frame: pd.DataFrame) -> LocateSummary:
    """The :class:`LocateSummary` of a result frame (kept in ``frame.attrs``)."""
    data = frame.attrs.get(_SUMMARY_KEY)
    if data is None:
        problems = int(frame["problem"].notna().sum())
        located = int(frame["place"].notna().sum())
        return LocateSummary(len(frame), located, len(frame) - located - problems, problems)
    return LocateSummary(**data)


@dataclass(frozen=True)
class _Raw:
    place: np.ndarray
    period: np.ndarray
    uncertain: np.ndarray
    problem: np.ndarray
    exact_tests: int


class Locator:
    """Everything ``locate`` needs for one ledger and one view, compiled; cheap to pickle.

    Made by :meth:`terrachron.Ledger.locator`. It holds the spatial index, the view's
    timetable and the place geometries (for the rare points that need GEOS), and nothing of the
    ledger itself, so it can be shipped to Dask workers.
    """

    def __init__(
        self, index: SpatialIndex, timetable: Timetable, geometries: Sequence[BaseGeometry]
    ) -> None:
        if index.places != timetable.places:
            raise QueryError("the index and the timetable list different places")
        self.index = index
        self.timetable = timetable
        self.geometries = tuple(geometries)
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

    def locate_raw(
        self, lon: np.ndarray, lat: np.ndarray, lo: np.ndarray, hi: np.ndarray, problem: np.ndarray
    ) -> _Raw:
        """Run the kernel: place rank, period index, uncertainty and problem bits per row."""
        n = len(lon)
        if not (len(lat) == len(lo) == len(hi) == len(problem) == n):
            raise QueryError("lon, lat and date must have the same length")
        idx, tt = self.index, self.timetable
        out_place = np.empty(n, dtype=np.int32)
        out_period = np.empty(n, dtype=np.int32)
        out_uncertain = np.empty(n, dtype=bool)
        kernel.locate_points(
            np.ascontiguousarray(lon, dtype=np.float64),
            np.ascontiguousarray(lat, dtype=np.float64),
            np.ascontiguousarray(lo, dtype=np.int64),
            np.ascontiguousarray(hi, dtype=np.int64),
            EPOCH_ORDINAL,
            problem,
            idx.top_cell,
            idx.nx,
            idx.ny,
            idx.top,
            idx.child,
            len(idx.places),
            idx.ref,
            idx.cand_off,
            idx.cand_place,
            idx.cand_state,
            idx.edge_off,
            idx.edges,
            idx.edge_slot,
            tt.place_off,
            tt.starts,
            tt.uncertain,
            out_place,
            out_period,
            out_uncertain,
        )
        exact = np.flatnonzero(out_place == -2)
        if len(exact):
            self._decide_with_geos(
                exact, lon, lat, lo, hi, problem, out_place, out_period, out_uncertain
            )
        return _Raw(out_place, out_period, out_uncertain, problem, len(exact))

    def _decide_with_geos(
        self,
        rows: np.ndarray,
        lon: np.ndarray,
        lat: np.ndarray,
        lo: np.ndarray,
        hi: np.ndarray,
        problem: np.ndarray,
        out_place: np.ndarray,
        out_period: np.ndarray,
        out_uncertain: np.ndarray,
    ) -> None:
        """Points the kernel could not settle in floating point: GEOS's exact predicates."""
        if self._tree is None:
            self._tree = shapely.STRtree(list(self.geometries))
        points = shapely.points(lon[rows], lat[rows])
        # For a point, intersects is covers: it holds on the boundary too.
        pi, gi = self._tree.query(points, predicate="intersects")
        n_places = len(self.geometries)
        best = np.full(len(rows), n_places, dtype=np.int64)
        np.minimum.at(best, pi, gi)
        place = np.where(best == n_places, -1, best).astype(np.int32)
        out_place[rows] = place
        problem[rows] = 0
        period = np.empty(len(rows), dtype=np.int32)
        uncertain = np.empty(len(rows), dtype=bool)
        tt = self.timetable
        kernel.period_of(
            place,
            np.ascontiguousarray(lo[rows]),
            np.ascontiguousarray(hi[rows]),
            EPOCH_ORDINAL,
            tt.place_off,
            tt.starts,
            tt.uncertain,
            period,
            uncertain,
        )
        out_period[rows] = period
        out_uncertain[rows] = uncertain

    # -- the frames ------------------------------------------------------------------------------

    def locate(self, lon: Any, lat: Any, date: Any, *, index: Any = None) -> pd.DataFrame:
        """The answer for every row, as a DataFrame aligned with the input.

        Parameters
        ----------
        lon, lat : array-like of float
            WGS84 longitude and latitude in degrees.
        date : array-like
            ``datetime64`` (any unit), or text / date objects (ISO days or any EDTF date).
        index : pandas.Index, optional
            The index of the result (default: a RangeIndex).

        Returns
        -------
        pandas.DataFrame
            Columns :data:`COLUMNS`: ``place``, ``controller``, ``title`` and ``status`` as
            categoricals, ``disputed`` and ``uncertain`` as nullable booleans, ``problem`` as a
            categorical naming the defects of the row (null when it has none). The counts are in
            ``attrs`` (read them with :func:`summary_of`).
        """
        x = coerce_coordinates(lon, "lon")
        y = coerce_coordinates(lat, "lat")
        lo, hi, problem = coerce_dates(date)
        if not (len(x) == len(y) == len(lo)):
            raise QueryError(
                f"lon, lat and date must have the same length (got {len(x)}, {len(y)}, {len(lo)})"
            )
        raw = self.locate_raw(x, y, lo, hi, problem)
        return self.frame(raw, index=index)

    def frame(self, raw: _Raw, *, index: Any = None) -> pd.DataFrame:
        """Assemble the result columns from the kernel's arrays."""
        tt = self.timetable
        n = len(raw.period)
        controller = np.empty(n, dtype=np.int32)
        title = np.empty(n, dtype=np.int32)
        status = np.empty(n, dtype=np.int8)
        disputed = np.empty(n, dtype=bool)
        missing = np.empty(n, dtype=bool)
        kernel.gather_answers(
            raw.period,
            tt.controller,
            tt.title,
            tt.status,
            tt.disputed,
            controller,
            title,
            status,
            disputed,
            missing,
        )
        holders = _categories(tt.holders)
        problem_cat, n_problems = _problem_column(raw.problem)
        located = int(np.count_nonzero(raw.place >= 0))
        np.maximum(raw.place, -1, out=raw.place)  # -2 never survives, but be safe
        uncertain = raw.uncertain
        uncertain[missing] = False
        data = {
            # The codes are in range by construction: skip pandas' check of every one.
            "place": pd.Categorical.from_codes(
                raw.place, categories=_categories(tt.places), validate=False
            ),
            "controller": pd.Categorical.from_codes(controller, categories=holders, validate=False),
            "title": pd.Categorical.from_codes(title, categories=holders, validate=False),
            "status": pd.Categorical.from_codes(
                status, categories=_categories(tt.statuses), validate=False
            ),
            "disputed": pd.arrays.BooleanArray(disputed, missing, copy=False),
            "uncertain": pd.arrays.BooleanArray(uncertain, missing.copy(), copy=False),
            "problem": problem_cat,
        }
        frame = pd.DataFrame(data, index=index if index is not None else None, copy=False)
        frame.attrs[_SUMMARY_KEY] = LocateSummary(
            rows=n,
            located=located,
            outside=n - located - n_problems,
            problems=n_problems,
            exact_tests=raw.exact_tests,
        ).to_dict()
        return frame

    def locate_frame(
        self,
        df: pd.DataFrame,
        *,
        lon: str | None = None,
        lat: str | None = None,
        date: str = "date",
    ) -> pd.DataFrame:
        """:meth:`locate` on the columns of ``df`` (or the points of a GeoDataFrame).

        Returns the result columns with ``df``'s index; ``df.join(result)`` puts them side by
        side.
        """
        x, y = _frame_xy(df, lon, lat)
        if date not in df.columns:
            raise QueryError(
                f"no column {date!r} in the frame (columns: {', '.join(map(str, df.columns))})",
                parameter="date",
            )
        return self.locate(x, y, df[date], index=df.index)


def _categories(values: Sequence[str]) -> pd.Index:
    # pandas' own text dtype, as Dask and Arrow round trips produce it.
    return pd.Index(list(values), dtype=str)


def _problem_column(problem: np.ndarray) -> tuple[pd.Categorical, int]:
    """The ``problem`` categorical, and the number of rows that have one."""
    bad = problem != 0
    n_bad = int(np.count_nonzero(bad))
    if not n_bad:
        empty = pd.Categorical.from_codes(
            np.full(len(problem), -1, np.int8), categories=_categories([])
        )
        return empty, 0
    masks, codes = np.unique(problem[bad], return_inverse=True)
    names = [
        ";".join(name for bit, name in PROBLEMS if int(m) & bit) or f"problem-{int(m)}"
        for m in masks.tolist()
    ]
    full = np.full(len(problem), -1, dtype=np.int16)
    full[bad] = codes
    return pd.Categorical.from_codes(full, categories=_categories(names)), n_bad


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


def place_ranks(geometries: Mapping[str, BaseGeometry]) -> tuple[str, ...]:
    """Place ids in rank order (sorted): ties go to the first."""
    return tuple(sorted(geometries))
