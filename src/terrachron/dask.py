"""``locate`` on Dask DataFrames: every partition located on the workers, in parallel.

The compiled :class:`~terrachron.geo.locate.Locator` (spatial index, the view's timetable and
the place geometries) travels once: with a distributed client it is scattered to every worker
(``broadcast=True``) and the Future is reused by later calls; with the local schedulers it is one
Delayed value that every partition task depends on.

On a real cluster, connect a client before computing and make sure the workers run the same
terrachron version::

    from distributed import Client
    import dask.dataframe as dd
    import terrachron, terrachron.dask

    client = Client("tcp://scheduler:8786")
    ledger = terrachron.open_ledger("path/to/ledger")
    points = dd.read_parquet("s3://bucket/points/*.parquet")
    located = terrachron.dask.locate(points, ledger, lon="lon", lat="lat", date="date")
    points.join(located).to_parquet("s3://bucket/located/")

The workers never open the ledger, so it need not be on their disks; they compile the numba
kernel once each (or load it from numba's cache).
"""

from __future__ import annotations

from typing import Any

from terrachron.extras import require

# Before Dask is imported: without the extra, one sentence naming it, not a ModuleNotFoundError.
require("dask", "terrachron.dask")

# ruff: noqa: E402
import dask.dataframe as dd
import numpy as np
import pandas as pd
from dask.base import compute
from dask.delayed import delayed

from terrachron.errors import QueryError
from terrachron.geo.locate import LocateSummary, Locator
from terrachron.query import Ledger

__all__ = ["locate", "summary"]


def _locate_partition(
    part: pd.DataFrame,
    locator: Locator,
    lon: str | None,
    lat: str | None,
    date: str,
) -> pd.DataFrame:
    # One thread: Dask already runs a task per worker thread, and more would only fight them.
    result = locator.locate_frame(part, lon=lon, lat=lat, date=date, threads=1)
    result.attrs.clear()  # per-partition counts mean nothing once partitions are combined
    return result


_SCATTERED: dict[tuple[int, str, str], Any] = {}
"""Locators already on the workers of a client: (client id, index key, view) → Future."""


def _ship(locator: Locator) -> Any:
    """The locator as a task-graph argument that reaches each worker once.

    With a distributed client, it is scattered to every worker once and the Future reused by
    later calls; without one (threads or processes schedulers), it is one named Delayed value
    that all partition tasks share.
    """
    key = locator.index.key or str(id(locator))
    try:
        from distributed import default_client

        client = default_client()  # type: ignore[no-untyped-call]
    except (ImportError, ValueError):
        return delayed(locator, name=f"terrachron-locator-{key}-{locator.view}")
    tag = (id(client), key, locator.view)
    future = _SCATTERED.get(tag)
    if future is None or future.status != "finished":
        future = client.scatter(locator, broadcast=True, hash=False)
        _SCATTERED[tag] = future
    return future


def _meta(locator: Locator, index: pd.Index) -> pd.DataFrame:
    """An empty result frame with the exact dtypes (categories included) of a real one."""
    empty = locator.locate(
        np.zeros(0), np.zeros(0), np.zeros(0, dtype="datetime64[D]"), index=index[:0]
    )
    empty.attrs.clear()
    return empty


def locate(
    ddf: dd.DataFrame,
    ledger: Ledger | Locator,
    *,
    lon: str | None = None,
    lat: str | None = None,
    date: str = "date",
    view: str = "de-facto",
) -> dd.DataFrame:
    """Locate every row of a Dask DataFrame (or dask-geopandas GeoDataFrame of points).

    Parameters
    ----------
    ddf : dask.dataframe.DataFrame
        With longitude/latitude columns, or point geometries (dask-geopandas).
    ledger : Ledger or Locator
        The ledger (its locator for ``view`` is compiled here, once) or a compiled locator.
    lon, lat : str, optional
        Column names; omit both for a GeoDataFrame of points.
    date : str, default "date"
        The date column.
    view : str, default "de-facto"
        Ignored when ``ledger`` is already a Locator (it has its view).

    Returns
    -------
    dask.dataframe.DataFrame
        The result columns of :meth:`terrachron.Ledger.locate`, partitioned and indexed like
        ``ddf``: ``ddf.join(result)`` puts them side by side.
    """
    if isinstance(ledger, Ledger):
        locator = ledger.locator(view)
    elif isinstance(ledger, Locator):
        locator = ledger
    else:
        raise QueryError("ledger must be a terrachron Ledger or Locator", parameter="ledger")
    if date not in ddf.columns:
        raise QueryError(f"no column {date!r} in the frame", parameter="date")
    for name in (lon, lat):
        if name is not None and name not in ddf.columns:
            raise QueryError(f"no column {name!r} in the frame", parameter="lon")
    shipped = _ship(locator)
    meta = _meta(locator, ddf._meta.index)
    located: dd.DataFrame = ddf.map_partitions(  # type: ignore[no-untyped-call]
        _locate_partition,
        shipped,
        lon,
        lat,
        date,
        meta=meta,
        align_dataframes=False,
    )
    return located


def summary(result: dd.DataFrame) -> LocateSummary:
    """Counts of a located Dask DataFrame (computes them): rows, located, outside, problems."""
    problem = result["problem"]
    counts = compute(  # type: ignore[no-untyped-call]
        result["place"].count(),
        problem.count(),
        problem.isin(["outside-coverage", "at-sea"]).sum(),
        (problem == "at-sea").sum(),
        result.shape[0],
    )
    located, flagged, outside, at_sea, rows = (int(c) for c in counts)
    # at-sea and outside-coverage name where a row lies, not a defect of its input.
    return LocateSummary(rows, located, outside, flagged - outside, at_sea=at_sea)
