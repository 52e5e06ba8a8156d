"""The compiled hot loop of ``locate``: quadtree descent, exact test in boundary cells, timeline.

Everything here is plain numpy arrays in and out, compiled with numba (``nogil`` so that
threads run it side by side on disjoint spans of rows, cached on disk so the machine compiles
it once). The layout of the arrays is described in :mod:`terrachron.geo.index`; the kernel
trusts it without bounds checks, so every index it is given has been checked once
(:func:`terrachron.geo.index.check_layout`).

numba's own ``cache=True`` writes next to the source (the package folder) or into ``$HOME``,
and fails at import when neither is writable. The compiled code is cached instead under
terrachron's cache folder (:func:`terrachron.geo.index.cache_dir`, which honours
``$TERRACHRON_CACHE`` and ``$XDG_CACHE_HOME``), and not at all when that cannot be written:
``locate`` then compiles on each run, slower to start but correct.

Exactness: a point in a *pure* cell (inside one place, or inside none, with no boundary anywhere
in the cell) is answered without any arithmetic beyond the descent. In a *mixed* cell the answer
is decided by parity: each candidate place's inside/outside state at the cell's reference point
(computed at build time by GEOS) flips once per polygon edge that the segment from the point to
the reference point crosses. Every orientation is checked against Shewchuk's error bound; when
one is too close to call (the point lies on an edge or a vertex, or in line with one) the point
is flagged and :mod:`terrachron.geo.locate` decides it with GEOS itself. So the answer is always
GEOS's, and GEOS only runs for points whose answer floating point cannot settle.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
from numba import config as numba_config
from numba import njit

from terrachron.geo.index import cache_dir

__all__ = [
    "AT_SEA",
    "DATE_MISSING",
    "DATE_RANGE",
    "EXACT_FALLBACK",
    "INPUT_DEFECTS",
    "OUTSIDE_COVERAGE",
    "XY_MISSING",
    "XY_RANGE",
    "answer_rows",
    "classify_rows",
    "classify_span",
    "code_cache_dir",
    "locate_span",
    "problem_codes",
]

_F = TypeVar("_F", bound=Callable[..., Any])

XY_MISSING = np.int8(1)
"""Problem bit: a coordinate is NaN or infinite."""
XY_RANGE = np.int8(2)
"""Problem bit: longitude outside [-180, 180] or latitude outside [-90, 90]."""
DATE_MISSING = np.int8(4)
"""Problem bit: no date (NaT, null)."""
DATE_UNREADABLE = np.int8(8)
"""Problem bit: the date could not be read (set before the kernel runs)."""
DATE_RANGE = np.int8(16)
"""Problem bit: the date falls outside years 1..9999."""
OUTSIDE_COVERAGE = np.int8(32)
"""Problem bit: the point lies in no place, on land (or where land and sea are not known)."""
AT_SEA = np.int8(64)
"""Problem bit: the point lies in no place, at sea (per the land layer)."""
EXACT_FALLBACK = np.int8(-128)
"""Not a problem: the point needs GEOS to decide (it lies on or in line with an edge). The
sign bit, so that it never combines with the problem bits and stays out of their counts."""
INPUT_DEFECTS = 31
"""The problem bits that say the row's input is unusable (the others say where it lies)."""

# Shewchuk's bound on the error of the 2D orientation determinant in floating point:
# (3 + 16 eps) eps with eps = 2**-53. Above it the sign of the computed determinant is exact.
_CCW_ERRBOUND = (3.0 + 16.0 * 2.0**-53) * 2.0**-53
_FIRST_ORDINAL = 1
_LAST_ORDINAL = 3652059  # 9999-12-31
_BLOCK = 256
"""Rows whose top-grid cells are fetched together (see :func:`locate_span`)."""


def code_cache_dir() -> Path | None:
    """Where numba keeps the compiled kernel: ``<cache folder>/numba``, or None if unwritable."""
    try:
        folder = cache_dir() / "numba"
        folder.mkdir(parents=True, exist_ok=True)
        # Permissions alone do not say (root, read-only mounts): try a real write.
        tempfile.TemporaryFile(dir=folder).close()
    except OSError:
        return None
    return folder


@contextlib.contextmanager
def _numba_cache_dir(folder: Path) -> Iterator[None]:
    # numba resolves a function's cache folder when caching is enabled, from its global config;
    # it is set only for that moment so that other numba users keep their own setting.
    saved = numba_config.CACHE_DIR  # type: ignore[attr-defined]
    numba_config.CACHE_DIR = os.fspath(folder)  # type: ignore[attr-defined]
    try:
        yield
    finally:
        numba_config.CACHE_DIR = saved  # type: ignore[attr-defined]


_CODE_CACHE = code_cache_dir()


def _compiled(**options: Any) -> Callable[[_F], _F]:
    """``njit(nogil=True, **options)``, cached under :func:`code_cache_dir` when writable."""

    def wrap(fn: _F) -> _F:
        dispatcher = njit(nogil=True, **options)(fn)
        if _CODE_CACHE is not None:
            try:
                with _numba_cache_dir(_CODE_CACHE):
                    dispatcher.enable_caching()
            except RuntimeError:
                pass  # no locator could use the folder after all: compile on each run
        return dispatcher  # type: ignore[no-any-return]

    return wrap


@_compiled(inline="always")
def _orient(ax: float, ay: float, bx: float, by: float, cx: float, cy: float) -> tuple[int, bool]:
    """Sign of the turn a→b→c, and whether that sign is certain."""
    left = (bx - ax) * (cy - ay)
    right = (by - ay) * (cx - ax)
    det = left - right
    bound = _CCW_ERRBOUND * (abs(left) + abs(right))
    if det > bound:
        return 1, True
    if -det > bound:
        return -1, True
    return 0, False


@_compiled()
def _mixed_cell(
    x: float,
    y: float,
    leaf: int,
    ref: np.ndarray,
    cand_off: np.ndarray,
    cand_place: np.ndarray,
    cand_state: np.ndarray,
    edge_off: np.ndarray,
    edges: np.ndarray,
    edge_slot: np.ndarray,
) -> int:
    """Place rank covering (x, y) in a mixed leaf; -1 for none; -2 when GEOS must decide."""
    c0 = cand_off[leaf]
    nc = cand_off[leaf + 1] - c0
    if nc > 64:
        return -2
    rx = ref[leaf, 0]
    ry = ref[leaf, 1]
    state = np.uint64(0)
    for k in range(nc):
        if cand_state[c0 + k]:
            state |= np.uint64(1) << np.uint64(k)
    sx0 = min(x, rx)
    sx1 = max(x, rx)
    sy0 = min(y, ry)
    sy1 = max(y, ry)
    for e in range(edge_off[leaf], edge_off[leaf + 1]):
        ax = edges[e, 0]
        ay = edges[e, 1]
        bx = edges[e, 2]
        by = edges[e, 3]
        # An edge whose box misses the segment's box can neither cross it nor hold the point.
        if max(ax, bx) < sx0 or min(ax, bx) > sx1 or max(ay, by) < sy0 or min(ay, by) > sy1:
            continue
        sp, okp = _orient(ax, ay, bx, by, x, y)
        if not okp:
            return -2
        sr, okr = _orient(ax, ay, bx, by, rx, ry)
        if not okr:
            return -2
        if sp == sr:
            continue
        sa, oka = _orient(x, y, rx, ry, ax, ay)
        sb, okb = _orient(x, y, rx, ry, bx, by)
        if not (oka and okb):
            return -2
        if sa != sb:
            state ^= np.uint64(1) << np.uint64(edge_slot[e])
    if state == np.uint64(0):
        return -1
    # Candidates are stored in place-id order, so the lowest set bit is the tie-break winner.
    k = 0
    while (state >> np.uint64(k)) & np.uint64(1) == np.uint64(0):
        k += 1
    return int(cand_place[c0 + k])


@_compiled(inline="always")
def _period(place: int, day: int, place_off: np.ndarray, starts: np.ndarray) -> int:
    """Index of the period of ``place`` containing ``day``: binary search of its starts."""
    lo = place_off[place]
    hi = place_off[place + 1]
    # The first period starts at the open start, so the answer is always in [lo, hi).
    while hi - lo > 1:
        mid = (lo + hi) >> 1
        if starts[mid] <= day:
            lo = mid
        else:
            hi = mid
    return int(lo)


@_compiled()
def locate_span(
    start: int,
    stop: int,
    lon: np.ndarray,
    lat: np.ndarray,
    day_lo: np.ndarray,
    day_hi: np.ndarray,
    per_day: int,
    day_offset: int,
    problem: np.ndarray,
    top_cell: float,
    nx: int,
    ny: int,
    top: np.ndarray,
    child: np.ndarray,
    n_places: int,
    ref: np.ndarray,
    cand_off: np.ndarray,
    cand_place: np.ndarray,
    cand_state: np.ndarray,
    edge_off: np.ndarray,
    edges: np.ndarray,
    edge_slot: np.ndarray,
    place_off: np.ndarray,
    starts: np.ndarray,
    period_uncertain: np.ndarray,
    period_controller: np.ndarray,
    period_title: np.ndarray,
    period_status: np.ndarray,
    period_disputed: np.ndarray,
    out_place: np.ndarray,
    out_controller: np.ndarray,
    out_title: np.ndarray,
    out_status: np.ndarray,
    out_disputed: np.ndarray,
    out_uncertain: np.ndarray,
    out_missing: np.ndarray,
    problem_count: np.ndarray,
) -> tuple[int, int]:
    """Every answer of rows ``start:stop``, written straight into the result columns.

    One pass per row does the checks, the descent, the exact test and the timeline lookup, and
    writes the final category codes (in whatever integer type the ``out_*`` arrays have, so
    pandas takes them without a copy). Disjoint spans can run in parallel threads: each writes
    only its own rows, and ``problem_count`` (per problem-bit mask, rows with that mask) should be
    the caller's own per span.

    ``day_lo``/``day_hi`` are int64 counts of a ``datetime64`` unit (``per_day`` of them make a
    day: 1 for days, 86400 for seconds, ...; NaT is int64's minimum), floored to days here so
    that the caller never makes a day-unit copy of the column. ``day_offset`` turns day numbers
    into proleptic ordinals (719163 for numpy's days since 1970-01-01). ``problem`` holds
    problem bits already found (unreadable dates) and receives the kernel's own; a row with any
    problem, or outside every place, gets code -1 and ``missing``. A row the floating-point test
    cannot settle gets place -2 and :data:`EXACT_FALLBACK` in ``problem``: the caller decides it
    with GEOS and finishes it with :func:`answer_rows`.

    Returns
    -------
    n_exact, n_located : int
        Rows left to GEOS, and rows placed here.
    """
    nat = np.iinfo(np.int64).min
    inv = 1.0 / top_cell
    n_exact = 0
    n_located = 0
    first = np.empty(_BLOCK, dtype=top.dtype)
    for b0 in range(start, stop, _BLOCK):
        b1 = min(b0 + _BLOCK, stop)
        # Fetch the top-grid entry of a block of points first: these loads do not depend on each
        # other, so the CPU keeps many cache misses in flight instead of waiting for each in
        # turn inside the branchy loop below. NaN and out-of-range coordinates are clamped
        # (comparisons with NaN are false) and their entry is never used.
        for i in range(b0, b1):
            gx = (lon[i] + 180.0) * inv
            gy = (lat[i] + 90.0) * inv
            if not gx > 0.0:
                gx = 0.0
            elif gx > nx - 1.0:
                gx = nx - 1.0
            if not gy > 0.0:
                gy = 0.0
            elif gy > ny - 1.0:
                gy = ny - 1.0
            first[i - b0] = top[int(gy) * nx + int(gx)]
        for i in range(b0, b1):
            x = lon[i]
            y = lat[i]
            bad = problem[i]
            if not (np.isfinite(x) and np.isfinite(y)):
                bad |= XY_MISSING
            elif x < -180.0 or x > 180.0 or y < -90.0 or y > 90.0:
                bad |= XY_RANGE
            lo_raw = day_lo[i]
            hi_raw = day_hi[i]
            if lo_raw == nat or hi_raw == nat:
                if not bad & DATE_UNREADABLE:
                    bad |= DATE_MISSING
                lo = 0
                hi = 0
            else:
                if per_day != 1:
                    # Floor division, as numpy's cast to days: 1969-12-31T23:00 is 1969-12-31.
                    lo_raw = lo_raw // per_day
                    hi_raw = hi_raw // per_day
                lo = lo_raw + day_offset
                hi = hi_raw + day_offset
                if lo < _FIRST_ORDINAL or hi > _LAST_ORDINAL:
                    bad |= DATE_RANGE
            problem[i] = bad
            place = -1
            if bad:
                problem_count[bad] += 1
            else:
                ix = int((x + 180.0) * inv)
                iy = int((y + 90.0) * inv)
                ix = min(max(ix, 0), nx - 1)
                iy = min(max(iy, 0), ny - 1)
                v = first[i - b0]
                # Cell corners are dyadic fractions of a degree: every one of these sums is exact.
                cx = -180.0 + ix * top_cell
                cy = -90.0 + iy * top_cell
                size = top_cell
                while v >= 0:
                    size *= 0.5
                    q = 0
                    if x >= cx + size:
                        q += 1
                        cx += size
                    if y >= cy + size:
                        q += 2
                        cy += size
                    v = child[4 * v + q]
                if v == -1:
                    place = -1
                elif v >= -1 - n_places:
                    place = -2 - v
                else:
                    place = _mixed_cell(
                        x,
                        y,
                        -2 - n_places - v,
                        ref,
                        cand_off,
                        cand_place,
                        cand_state,
                        edge_off,
                        edges,
                        edge_slot,
                    )
                    if place == -2:
                        problem[i] = EXACT_FALLBACK
                        n_exact += 1
            out_place[i] = place
            if place < 0:
                out_controller[i] = -1
                out_title[i] = -1
                out_status[i] = -1
                out_disputed[i] = False
                out_uncertain[i] = False
                out_missing[i] = True
                continue
            n_located += 1
            p = _period(place, lo, place_off, starts)
            uncertain = period_uncertain[p]
            if hi != lo and _period(place, hi, place_off, starts) != p:
                # A date of reduced precision spans a change: every answer inside it is possible.
                uncertain = True
            out_controller[i] = period_controller[p]
            out_title[i] = period_title[p]
            out_status[i] = period_status[p]
            out_disputed[i] = period_disputed[p]
            out_uncertain[i] = uncertain
            out_missing[i] = False
    return n_exact, n_located


@_compiled(inline="always")
def _land_code(
    x: float,
    y: float,
    top_cell: float,
    nx: int,
    ny: int,
    top: np.ndarray,
    child: np.ndarray,
    n_layers: int,
    ref: np.ndarray,
    cand_off: np.ndarray,
    cand_place: np.ndarray,
    cand_state: np.ndarray,
    edge_off: np.ndarray,
    edges: np.ndarray,
    edge_slot: np.ndarray,
) -> np.int8:
    """AT_SEA, OUTSIDE_COVERAGE (on land) or EXACT_FALLBACK for one point, by the land index.

    The same descent and exact test as :func:`locate_span` (kept apart so that the hot loop of
    the points that do lie in a place is not touched by this one, which only misses run).
    """
    inv = 1.0 / top_cell
    ix = min(max(int((x + 180.0) * inv), 0), nx - 1)
    iy = min(max(int((y + 90.0) * inv), 0), ny - 1)
    v = top[iy * nx + ix]
    cx = -180.0 + ix * top_cell
    cy = -90.0 + iy * top_cell
    size = top_cell
    while v >= 0:
        size *= 0.5
        q = 0
        if x >= cx + size:
            q += 1
            cx += size
        if y >= cy + size:
            q += 2
            cy += size
        v = child[4 * v + q]
    if v == -1:
        return AT_SEA
    if v >= -1 - n_layers:
        return OUTSIDE_COVERAGE
    layer = _mixed_cell(
        x,
        y,
        -2 - n_layers - v,
        ref,
        cand_off,
        cand_place,
        cand_state,
        edge_off,
        edges,
        edge_slot,
    )
    if layer == -2:
        return EXACT_FALLBACK
    return AT_SEA if layer == -1 else OUTSIDE_COVERAGE


@_compiled()
def classify_span(
    start: int,
    stop: int,
    lon: np.ndarray,
    lat: np.ndarray,
    place: np.ndarray,
    problem: np.ndarray,
    top_cell: float,
    nx: int,
    ny: int,
    top: np.ndarray,
    child: np.ndarray,
    n_layers: int,
    ref: np.ndarray,
    cand_off: np.ndarray,
    cand_place: np.ndarray,
    cand_state: np.ndarray,
    edge_off: np.ndarray,
    edges: np.ndarray,
    edge_slot: np.ndarray,
    problem_count: np.ndarray,
) -> int:
    """Mark every row of ``start:stop`` in no place (and without a problem) at sea or on land.

    The problem bit goes into ``problem`` and is counted in ``problem_count``; a row the
    floating-point test cannot settle gets :data:`EXACT_FALLBACK` for GEOS. Returns how many.
    """
    n_exact = 0
    for i in range(start, stop):
        if place[i] != -1 or problem[i] != 0:
            continue
        code = _land_code(
            lon[i],
            lat[i],
            top_cell,
            nx,
            ny,
            top,
            child,
            n_layers,
            ref,
            cand_off,
            cand_place,
            cand_state,
            edge_off,
            edges,
            edge_slot,
        )
        problem[i] = code
        if code == EXACT_FALLBACK:
            n_exact += 1
        else:
            problem_count[code] += 1
    return n_exact


@_compiled()
def classify_rows(
    rows: np.ndarray,
    lon: np.ndarray,
    lat: np.ndarray,
    place: np.ndarray,
    problem: np.ndarray,
    top_cell: float,
    nx: int,
    ny: int,
    top: np.ndarray,
    child: np.ndarray,
    n_layers: int,
    ref: np.ndarray,
    cand_off: np.ndarray,
    cand_place: np.ndarray,
    cand_state: np.ndarray,
    edge_off: np.ndarray,
    edges: np.ndarray,
    edge_slot: np.ndarray,
    problem_count: np.ndarray,
) -> int:
    """:func:`classify_span` over the given ``rows`` (those GEOS found in no place)."""
    n_exact = 0
    for k in range(rows.shape[0]):
        i = rows[k]
        if place[i] != -1 or problem[i] != 0:
            continue
        code = _land_code(
            lon[i],
            lat[i],
            top_cell,
            nx,
            ny,
            top,
            child,
            n_layers,
            ref,
            cand_off,
            cand_place,
            cand_state,
            edge_off,
            edges,
            edge_slot,
        )
        problem[i] = code
        if code == EXACT_FALLBACK:
            n_exact += 1
        else:
            problem_count[code] += 1
    return n_exact


@_compiled()
def answer_rows(
    rows: np.ndarray,
    place: np.ndarray,
    day_lo: np.ndarray,
    day_hi: np.ndarray,
    per_day: int,
    day_offset: int,
    place_off: np.ndarray,
    starts: np.ndarray,
    period_uncertain: np.ndarray,
    period_controller: np.ndarray,
    period_title: np.ndarray,
    period_status: np.ndarray,
    period_disputed: np.ndarray,
    problem: np.ndarray,
    out_place: np.ndarray,
    out_controller: np.ndarray,
    out_title: np.ndarray,
    out_status: np.ndarray,
    out_disputed: np.ndarray,
    out_uncertain: np.ndarray,
    out_missing: np.ndarray,
) -> int:
    """Finish the rows GEOS placed (``place[k]`` for row ``rows[k]``, -1 for none).

    The same timeline lookup and writes as :func:`locate_span` (their dates are valid: a row
    with a problem never reaches the exact test). Returns how many of them are placed.
    """
    n_located = 0
    for k in range(rows.shape[0]):
        i = rows[k]
        r = place[k]
        problem[i] = 0
        out_place[i] = r
        if r < 0:
            out_controller[i] = -1
            out_title[i] = -1
            out_status[i] = -1
            out_disputed[i] = False
            out_uncertain[i] = False
            out_missing[i] = True
            continue
        n_located += 1
        lo = day_lo[i]
        hi = day_hi[i]
        if per_day != 1:
            lo = lo // per_day
            hi = hi // per_day
        lo += day_offset
        hi += day_offset
        p = _period(r, lo, place_off, starts)
        out_controller[i] = period_controller[p]
        out_title[i] = period_title[p]
        out_status[i] = period_status[p]
        out_disputed[i] = period_disputed[p]
        out_uncertain[i] = period_uncertain[p] or (
            hi != lo and _period(r, hi, place_off, starts) != p
        )
        out_missing[i] = False
    return n_located


@_compiled()
def problem_codes(problem: np.ndarray, code_of_mask: np.ndarray, out: np.ndarray) -> None:
    """The ``problem`` column's category codes: each row's bit mask through a lookup table."""
    for i in range(problem.shape[0]):
        out[i] = code_of_mask[problem[i]]
