"""One point, or a batch of points, answered as ``terrachron locate`` answers a file's rows.

``locate`` is built for files of millions of rows (:mod:`terrachron.geo.locate`); the API and
the map ask about one point at a time, or a batch small enough for one request. Both go through
the same :class:`~terrachron.geo.locate.Locator`, so a point gets exactly the columns and the
answer a file's row would get; a single point also gets what a file cannot hold: the chain that
decided its place's status, and the answer under every view.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
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
    "frame_records",
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
            "lon": _finite(lon),
            "lat": _finite(lat),
            "date": pd.Series(date, dtype=object),
        }
    )
    return pd.concat([inputs, result], axis=1)


def _finite(values: Sequence[Any]) -> pd.Series:
    """Coordinates as given, as floats; text that is no number, and ±inf, as missing (JSON has
    no infinity; the row's ``problem`` says what was wrong)."""
    numbers = pd.to_numeric(pd.Series(values, dtype=object), errors="coerce").astype(float)
    return numbers.where(np.isfinite(numbers))


def frame_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of a :func:`locate_rows` frame as plain dicts (None for every missing cell).

    Column by column rather than cell by cell: a batch of 100 000 rows is turned into Python
    values in a few vectorised passes.
    """
    names = [*INPUT_COLUMNS, *COLUMNS] + ([SNAPPED] if SNAPPED in frame.columns else [])
    columns = []
    for name in names:
        col = frame[name].astype(object)
        columns.append(col.where(col.notna(), None).tolist())
    out = [dict(zip(names, cells, strict=True)) for cells in zip(*columns, strict=True)]
    if SNAPPED in names:
        # A file has the column on every row; a JSON row has it only where a point snapped.
        for row in out:
            if row[SNAPPED] is None:
                del row[SNAPPED]
    return out


def frame_rows(frame: pd.DataFrame) -> list[LocateRow]:
    """The rows of a :func:`locate_rows` frame as records."""
    return [LocateRow(**row) for row in frame_records(frame)]


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
