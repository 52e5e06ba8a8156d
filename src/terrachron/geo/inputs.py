"""Reading the columns a caller hands to ``locate``: coordinates and dates, defects flagged.

Nothing here raises on a bad row: a coordinate that is not a number becomes NaN (and the kernel
flags it), a date that cannot be read is flagged :data:`~terrachron.geo.kernel.DATE_UNREADABLE`.
Only input of the wrong shape (columns of different lengths) is an error.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from terrachron.dates import parse_query_date
from terrachron.errors import QueryError
from terrachron.geo.kernel import DATE_UNREADABLE

__all__ = ["EPOCH_ORDINAL", "NAT", "coerce_coordinates", "coerce_dates", "date_counts"]

EPOCH_ORDINAL = _dt.date(1970, 1, 1).toordinal()
"""Ordinal of numpy's day 0: day numbers plus this are proleptic ordinals."""
NAT = np.iinfo(np.int64).min
"""numpy's NaT as int64: a missing day."""


def coerce_coordinates(values: Any, name: str) -> np.ndarray:
    """A float64 array (no copy when it already is one); text that is not a number → NaN."""
    if isinstance(values, pa.ChunkedArray | pa.Array):
        values = values.to_numpy(zero_copy_only=False)
    if isinstance(values, pd.Series | pd.Index):
        if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(
            values.dtype
        ):
            return np.asarray(values.to_numpy(dtype=np.float64, na_value=np.nan))
        return np.asarray(pd.to_numeric(pd.Series(values), errors="coerce"), dtype=np.float64)
    arr = np.asarray(values)
    if arr.ndim != 1:
        raise QueryError(
            f"{name} must be one-dimensional, not of shape {arr.shape}", parameter=name
        )
    if arr.dtype == np.float64:
        return arr
    if arr.dtype.kind in "iuf":
        return arr.astype(np.float64)
    return np.asarray(pd.to_numeric(pd.Series(arr), errors="coerce"), dtype=np.float64)


_PER_DAY = {"D": 1, "h": 24, "m": 1440, "s": 86_400, "ms": 86_400_000}
_PER_DAY["us"] = 86_400_000_000
_PER_DAY["ns"] = 86_400_000_000_000
"""How many of each ``datetime64`` unit make a day (units of a fixed length only)."""


def coerce_dates(values: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Day numbers (days since 1970-01-01) of each row's first and last possible day.

    Accepts ``datetime64`` of any unit (read as the day it falls in), and text or objects:
    ISO days (``1950-01-31``, also with a time after them), dates and timestamps, and any EDTF
    date such as ``1950`` or ``1945-08-28/1945-09-05`` — a row whose date covers several days
    is answered for its first day and marked uncertain when the answer changes inside.

    Returns
    -------
    lo, hi : numpy.ndarray of int64
        NaT (as int64) for a missing or unreadable date. ``hi`` is ``lo`` itself (the same array)
        when every date is a single day.
    problem : numpy.ndarray of int8
        :data:`~terrachron.geo.kernel.DATE_UNREADABLE` where text could not be read.
    """
    lo, hi, per_day, problem = date_counts(values)
    if per_day == 1:
        return lo, hi, problem
    nat = lo == NAT
    days = np.where(nat, NAT, lo // per_day)
    return days, days, problem


def date_counts(values: Any) -> tuple[np.ndarray, np.ndarray, int, np.ndarray]:
    """:func:`coerce_dates` without the cast to days: ``datetime64`` columns are not copied.

    Returns
    -------
    lo, hi : numpy.ndarray of int64
        Counts of a time unit since 1970-01-01 (NaT as int64 for a missing or unreadable date),
        a view of the input when it is already ``datetime64`` of a fixed-length unit.
    per_day : int
        How many of that unit make a day (1 when ``lo`` and ``hi`` are day numbers); the day of a
        count is its floor division by ``per_day``, as numpy's own cast reads it.
    problem : numpy.ndarray of int8
        :data:`~terrachron.geo.kernel.DATE_UNREADABLE` where text could not be read.
    """
    if isinstance(values, pa.ChunkedArray | pa.Array):
        if pa.types.is_date(values.type) or pa.types.is_timestamp(values.type):
            values = values.to_numpy(zero_copy_only=False)
        else:
            values = values.to_pandas()
    if isinstance(values, pd.Series | pd.Index):
        if pd.api.types.is_datetime64_any_dtype(values.dtype):
            if getattr(values.dtype, "tz", None) is not None:
                values = values.dt.tz_localize(None) if isinstance(values, pd.Series) else values
            # Its own unit (seconds, nanoseconds, ...): read in place, no conversion pass.
            values = values.to_numpy(dtype=getattr(values.dtype, "base", values.dtype))
        else:
            values = values.to_numpy(dtype=object)
    arr = np.asarray(values)
    if arr.ndim != 1:
        raise QueryError(
            f"dates must be one-dimensional, not of shape {arr.shape}", parameter="date"
        )
    if arr.dtype.kind == "M":
        unit, count = np.datetime_data(arr.dtype)
        problem = np.zeros(len(arr), dtype=np.int8)
        if count == 1 and unit in _PER_DAY:
            lo = arr.view(np.int64)
            return lo, lo, _PER_DAY[unit], problem
        # Weeks, months, years or multiples of a unit: numpy's calendar arithmetic.
        # Flooring to days keeps 1969-12-31T23:00 on 1969-12-31, as a calendar reads it.
        lo = arr.astype("datetime64[D]").view(np.int64)
        return lo, lo, 1, problem
    lo, hi, problem = _dates_from_objects(arr)
    return lo, hi, 1, problem


def _dates_from_objects(arr: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Text and objects: each distinct value read once, plain days in one vectorized pass."""
    codes, uniques = pd.factorize(pd.Series(arr, dtype=object), use_na_sentinel=True)
    n = len(uniques)
    u_lo = np.full(n, NAT, dtype=np.int64)
    u_hi = np.full(n, NAT, dtype=np.int64)
    u_bad = np.zeros(n, dtype=np.int8)
    texts = np.array([u if isinstance(u, str) else "" for u in uniques], dtype=object)
    is_text = np.array([isinstance(u, str) for u in uniques], dtype=bool)
    if is_text.any():
        days = _plain_days(texts[is_text])
        where = np.flatnonzero(is_text)
        u_lo[where] = days
        u_hi[where] = days
    for i in np.flatnonzero(u_lo == NAT).tolist():
        value = uniques[i]
        if value is None or (isinstance(value, float) and np.isnan(value)):
            continue
        if isinstance(value, str) and not value.strip():
            continue  # an empty cell is a missing date, not an unreadable one
        if isinstance(value, np.datetime64):
            if np.isnat(value):
                continue
            value = value.astype("datetime64[D]").item()
        try:
            when = parse_query_date(value)
        except Exception:  # every way a value can fail to be a date is the same defect here
            u_bad[i] = DATE_UNREADABLE
            continue
        if when.lo <= 0 or when.hi > _dt.date.max.toordinal():
            u_bad[i] = DATE_UNREADABLE  # open-ended: no day to answer for
            continue
        u_lo[i] = when.lo - EPOCH_ORDINAL
        u_hi[i] = when.hi - EPOCH_ORDINAL
    missing = codes < 0
    safe = np.where(missing, 0, codes)
    lo = np.where(missing, NAT, u_lo[safe]) if n else np.full(len(arr), NAT, dtype=np.int64)
    hi_u_differs = bool(np.any(u_hi != u_lo))
    hi = (np.where(missing, NAT, u_hi[safe]) if n else lo) if hi_u_differs else lo
    problem = (
        np.where(missing, 0, u_bad[safe]).astype(np.int8) if n else np.zeros(len(arr), np.int8)
    )
    return lo, hi, problem


def _plain_days(texts: np.ndarray) -> np.ndarray:
    """Day numbers of ISO days (a time after the day is allowed); NaT where the text is not one."""
    arr = pa.array(texts.tolist(), type=pa.string())
    # Drop a time part: 1950-01-31T12:00 and 1950-01-31 12:00 name the same day.
    cut = pc.if_else(
        pc.match_substring_regex(arr, r"^\d{4}-\d{2}-\d{2}[T ]"),
        pc.utf8_slice_codeunits(arr, 0, 10),
        arr,
    )
    exact = pc.match_substring_regex(cut, r"^\d{4}-\d{2}-\d{2}$")
    parsed = pc.strptime(
        pc.if_else(exact, cut, pa.scalar(None, pa.string())),
        format="%Y-%m-%d",
        unit="s",
        error_is_null=True,
    )
    # strptime rolls impossible days over (2000-02-30 → 2000-03-01): keep only exact round trips.
    same = pc.equal(pc.strftime(parsed, format="%Y-%m-%d"), cut)
    parsed = pc.if_else(pc.fill_null(same, False), parsed, pa.scalar(None, parsed.type))
    days = pc.cast(parsed, pa.date32()).to_numpy(zero_copy_only=False)
    return np.asarray(days, dtype="datetime64[D]").view(np.int64).copy()
