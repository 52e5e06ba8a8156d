"""One point, or a batch of points, answered as ``terrachron locate`` answers a file's rows.

``locate`` is built for files of millions of rows (:mod:`terrachron.geo.locate`); the API and
the map ask about one point at a time, or a batch small enough for one request. Both go through
the same :class:`~terrachron.geo.locate.Locator`, so a point gets exactly the columns and the
answer a file's row would get; a single point also gets what a file cannot hold: the chain that
decided its place's status, and the answer under every view.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from terrachron.dates import parse_query_date
from terrachron.engine.answer import Answer
from terrachron.geo.locate import COLUMNS, SNAPPED
from terrachron.results import Status

if TYPE_CHECKING:
    from terrachron.query import Ledger

__all__ = [
    "INPUT_COLUMNS",
    "LocateRow",
    "PointAnswer",
    "frame_rows",
    "locate_point",
    "locate_rows",
]

INPUT_COLUMNS = ("lon", "lat", "date")
"""The columns of a batch of points, in order, before the result columns."""


@dataclass(frozen=True)
class LocateRow:
    """One point and the answer ``locate`` gives it.

    The input (``lon``, ``lat``, ``date`` as given), then the columns of
    :data:`~terrachron.geo.locate.COLUMNS`, then ``snapped_km`` (set only for a point given the
    nearest place with ``max_distance_km``). Joint holders are joined by ``|`` as in a file.
    """

    lon: float | None
    lat: float | None
    date: str | None
    place: str | None
    controller: str | None
    title: str | None
    status: str | None
    disputed: bool | None
    uncertain: bool | None
    problem: str | None
    snapped_km: float | None = None


@dataclass(frozen=True)
class PointAnswer:
    """A point's row, and for its place the status with its chain and every view's answer.

    ``status`` and ``views`` are None / empty when the point lies in no place (or its row has a
    problem): the row's ``problem`` says why.
    """

    row: LocateRow
    status: Status | None
    views: dict[str, Answer]


def locate_rows(
    ledger: Ledger,
    lon: Sequence[Any],
    lat: Sequence[Any],
    date: Sequence[Any],
    *,
    view: str = "de-facto",
    max_distance_km: float | None = None,
) -> pd.DataFrame:
    """The input columns and ``locate``'s result columns, one row per point, as a DataFrame.

    A row with a bad coordinate or date is kept, with nulls and a ``problem`` naming the
    defect, exactly as in a file.

    Raises
    ------
    QueryError
        An unknown view, or a ``max_distance_km`` out of range.
    """
    ledger.resolve_view(view)
    result = ledger.locate(lon, lat, date, view=view, max_distance_km=max_distance_km)
    inputs = pd.DataFrame(
        {
            "lon": pd.to_numeric(pd.Series(lon, dtype=object), errors="coerce"),
            "lat": pd.to_numeric(pd.Series(lat, dtype=object), errors="coerce"),
            "date": pd.Series(date, dtype=object),
        }
    )
    return pd.concat([inputs, result], axis=1)


def _clean(value: Any) -> Any:
    """A cell as a plain Python value: None for every kind of missing."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return _clean(value.item())
    return value


def frame_rows(frame: pd.DataFrame) -> list[LocateRow]:
    """The rows of a :func:`locate_rows` frame as records."""
    names = [*INPUT_COLUMNS, *COLUMNS] + ([SNAPPED] if SNAPPED in frame.columns else [])
    columns = [frame[c].astype(object).tolist() for c in names]
    out = []
    for cells in zip(*columns, strict=True):
        values = dict(zip(names, map(_clean, cells), strict=True))
        if values["date"] is not None:
            values["date"] = str(values["date"])
        out.append(LocateRow(**values))
    return out


def locate_point(
    ledger: Ledger,
    lon: float,
    lat: float,
    date: str,
    *,
    view: str = "de-facto",
    max_distance_km: float | None = None,
) -> PointAnswer:
    """What held the point (``lon``, ``lat``) on ``date`` under ``view``, and why.

    Raises
    ------
    DateError
        ``date`` is not an EDTF date (a batch makes that a problem row; one point refuses).
    QueryError
        An unknown view, or a ``max_distance_km`` out of range.
    """
    when = parse_query_date(date)
    frame = locate_rows(
        ledger, [lon], [lat], [when.text], view=view, max_distance_km=max_distance_km
    )
    row = frame_rows(frame)[0]
    if row.place is None:
        return PointAnswer(row, None, {})
    status = ledger.status(row.place, when, view)
    views = {v: ledger.status(row.place, when, v).answer for v in ledger.views}
    return PointAnswer(row, status, views)
