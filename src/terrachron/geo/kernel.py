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


@_compiled(inline="always")
def _mixed_cell(x: float, y: float, o: int, leaf: np.ndarray) -> int:
    """Place rank covering (x, y) in the mixed leaf whose record starts at ``leaf[o]``; -1 for
    none; -2 when GEOS must decide (the record's layout is in :mod:`terrachron.geo.index`)."""
    rx = leaf[o]
    ry = leaf[o + 1]
    nc = int(leaf[o + 2])
    ne = int(leaf[o + 3])
    if nc > 64:
        return -2
    c0 = o + 4
    state = np.uint64(0)
    for k in range(nc):
        if int(leaf[c0 + k]) & 1:
            state |= np.uint64(1) << np.uint64(k)
    sx0 = min(x, rx)
    sx1 = max(x, rx)
    sy0 = min(y, ry)
    sy1 = max(y, ry)
    e = c0 + nc
    for _ in range(ne):
        ax = leaf[e]
        ay = leaf[e + 1]
        bx = leaf[e + 2]
        by = leaf[e + 3]
        slot = leaf[e + 4]
        e += 5
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
            state ^= np.uint64(1) << np.uint64(int(slot))
    if state == np.uint64(0):
        return -1
    # Candidates are stored in rank order, so the lowest set bit is the tie-break winner.
    k = 0
    while (state >> np.uint64(k)) & np.uint64(1) == np.uint64(0):
        k += 1
    return int(leaf[c0 + k]) >> 1


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
def _resolve_block(
    nb: int,
    bx: np.ndarray,
    by: np.ndarray,
    out: np.ndarray,
    scratch: np.ndarray,
    fscratch: np.ndarray,
    active: np.ndarray,
    top_cell: float,
    nx: int,
    ny: int,
    top: np.ndarray,
    child: np.ndarray,
    n_labels: int,
    leaf_off: np.ndarray,
    leaf: np.ndarray,
) -> float:
    """Label of the points ``(bx[k], by[k])``, ``k < nb``, into ``out``: the rank covering it,
    -1 for none, -2 when GEOS must decide. The coordinates must be finite and in range.

    The work goes in passes over the block, each making loads that do not depend on each other
    (top cells; one level of the tree for every point still descending; the offsets of the
    mixed leaves; the first line of each leaf's records), so the CPU keeps many cache misses in
    flight at once. Done point by point, each miss waits for the one before it: on the world
    ledger, whose edges do not fit in the cache, that waiting was most of the time.

    ``scratch`` (int64, 2 per point), ``fscratch`` (float64, 2 per point) and ``active`` (int64,
    one per point) are the caller's work space. Returns a sum of the touched values, which the
    caller keeps so that the touching loads are not optimised away.
    """
    inv = 1.0 / top_cell
    # Pass 1: the top-grid code of every point.
    for k in range(nb):
        x = bx[k]
        y = by[k]
        ix = min(max(int((x + 180.0) * inv), 0), nx - 1)
        iy = min(max(int((y + 90.0) * inv), 0), ny - 1)
        scratch[k] = top[iy * nx + ix]
        # Cell corners are dyadic fractions of a degree: every one of these sums is exact.
        fscratch[k] = -180.0 + ix * top_cell
        fscratch[nb + k] = -90.0 + iy * top_cell
    # Pass 2: descend one level at a time, for all the points still at an inner node.
    n_active = 0
    for k in range(nb):
        if scratch[k] >= 0:
            active[n_active] = k
            n_active += 1
    size = top_cell
    while n_active > 0:
        size *= 0.5
        still = 0
        for j in range(n_active):
            k = active[j]
            q = 0
            if bx[k] >= fscratch[k] + size:
                q += 1
                fscratch[k] += size
            if by[k] >= fscratch[nb + k] + size:
                q += 2
                fscratch[nb + k] += size
            v = child[4 * scratch[k] + q]
            scratch[k] = v
            if v >= 0:
                active[still] = k
                still += 1
        n_active = still
    # Pass 3: pure cells are answered; mixed leaves get their offsets fetched.
    n_mixed = 0
    for k in range(nb):
        v = scratch[k]
        if v == -1:
            out[k] = -1
        elif v >= -1 - n_labels:
            out[k] = -2 - v
        else:
            active[n_mixed] = k
            n_mixed += 1
            scratch[nb + k] = leaf_off[-2 - n_labels - v]
    # Pass 4: touch the first and last line of each mixed leaf's record.
    sink = 0.0
    for j in range(n_mixed):
        k = active[j]
        o = scratch[nb + k]
        sink += leaf[o] + leaf[o + 3 + int(leaf[o + 2]) + 5 * int(leaf[o + 3])]
    # Pass 5: the exact test in the mixed leaves, now mostly from the cache.
    for j in range(n_mixed):
        k = active[j]
        out[k] = _mixed_cell(bx[k], by[k], scratch[nb + k], leaf)
    return sink


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
    leaf_off: np.ndarray,
    leaf: np.ndarray,
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

    Rows go in blocks of :data:`_BLOCK`: the checks, then the places of the block's valid
    rows (:func:`_resolve_block`), then the timeline lookup, each pass over the whole block.
    The final category codes are written in whatever integer type the ``out_*`` arrays have,
    so pandas takes them without a copy. Disjoint spans can run in parallel threads: each
    writes only its own rows, and ``problem_count`` (per problem-bit mask, rows with that mask)
    should be the caller's own per span.

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
    n_exact = 0
    n_located = 0
    rows = np.empty(_BLOCK, dtype=np.int64)
    bx = np.empty(_BLOCK, dtype=np.float64)
    by = np.empty(_BLOCK, dtype=np.float64)
    blo = np.empty(_BLOCK, dtype=np.int64)
    bhi = np.empty(_BLOCK, dtype=np.int64)
    label = np.empty(_BLOCK, dtype=np.int64)
    period = np.empty(_BLOCK, dtype=np.int64)
    scratch = np.empty(2 * _BLOCK, dtype=np.int64)
    fscratch = np.empty(2 * _BLOCK, dtype=np.float64)
    active = np.empty(_BLOCK, dtype=np.int64)
    sink = 0.0
    for b0 in range(start, stop, _BLOCK):
        b1 = min(b0 + _BLOCK, stop)
        nb = 0
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
            lo = 0
            hi = 0
            if lo_raw == nat or hi_raw == nat:
                if not bad & DATE_UNREADABLE:
                    bad |= DATE_MISSING
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
            if bad:
                problem_count[bad] += 1
                out_place[i] = -1
                out_controller[i] = -1
                out_title[i] = -1
                out_status[i] = -1
                out_disputed[i] = False
                out_uncertain[i] = False
                out_missing[i] = True
                continue
            rows[nb] = i
            bx[nb] = x
            by[nb] = y
            blo[nb] = lo
            bhi[nb] = hi
            nb += 1
        sink += _resolve_block(
            nb,
            bx,
            by,
            label,
            scratch,
            fscratch,
            active,
            top_cell,
            nx,
            ny,
            top,
            child,
            n_places,
            leaf_off,
            leaf,
        )
        # The timeline: fetch every placed row's offsets first, then search its periods.
        for k in range(nb):
            place = label[k]
            if place >= 0:
                period[k] = place_off[place]
        for k in range(nb):
            place = label[k]
            i = rows[k]
            out_place[i] = place
            if place < 0:
                if place == -2:
                    problem[i] = EXACT_FALLBACK
                    n_exact += 1
                out_controller[i] = -1
                out_title[i] = -1
                out_status[i] = -1
                out_disputed[i] = False
                out_uncertain[i] = False
                out_missing[i] = True
                continue
            n_located += 1
            lo = blo[k]
            hi = bhi[k]
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
    # Kept, so that the touching loads stay: a NaN never arises from finite coordinates.
    if sink != sink:
        n_exact += 0
    return n_exact, n_located


@_compiled()
def _classify_rows(
    rows: np.ndarray,
    n_rows: int,
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
    leaf_off: np.ndarray,
    leaf: np.ndarray,
    problem_count: np.ndarray,
) -> int:
    """Mark ``rows[:n_rows]`` (in no place, without a problem) at sea or on land, in blocks."""
    n_exact = 0
    bx = np.empty(_BLOCK, dtype=np.float64)
    by = np.empty(_BLOCK, dtype=np.float64)
    label = np.empty(_BLOCK, dtype=np.int64)
    scratch = np.empty(2 * _BLOCK, dtype=np.int64)
    fscratch = np.empty(2 * _BLOCK, dtype=np.float64)
    active = np.empty(_BLOCK, dtype=np.int64)
    sink = 0.0
    for b0 in range(0, n_rows, _BLOCK):
        nb = min(_BLOCK, n_rows - b0)
        for k in range(nb):
            i = rows[b0 + k]
            bx[k] = lon[i]
            by[k] = lat[i]
        sink += _resolve_block(
            nb,
            bx,
            by,
            label,
            scratch,
            fscratch,
            active,
            top_cell,
            nx,
            ny,
            top,
            child,
            n_layers,
            leaf_off,
            leaf,
        )
        for k in range(nb):
            i = rows[b0 + k]
            layer = label[k]
            if layer == -2:
                problem[i] = EXACT_FALLBACK
                n_exact += 1
            else:
                code = AT_SEA if layer == -1 else OUTSIDE_COVERAGE
                problem[i] = code
                problem_count[code] += 1
    if sink != sink:
        n_exact += 0
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
    leaf_off: np.ndarray,
    leaf: np.ndarray,
    problem_count: np.ndarray,
) -> int:
    """Mark each of ``rows`` in no place (and without a problem) at sea or on land.

    The problem bit goes into ``problem`` and is counted in ``problem_count``; a row the
    floating-point test cannot settle gets :data:`EXACT_FALLBACK` for GEOS. Returns how many.
    """
    todo = np.empty(rows.shape[0], dtype=np.int64)
    n_rows = 0
    for k in range(rows.shape[0]):
        i = rows[k]
        if place[i] == -1 and problem[i] == 0:
            todo[n_rows] = i
            n_rows += 1
    n_exact: int = _classify_rows(
        todo,
        n_rows,
        lon,
        lat,
        place,
        problem,
        top_cell,
        nx,
        ny,
        top,
        child,
        n_layers,
        leaf_off,
        leaf,
        problem_count,
    )
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
