"""``snapshot``: every place on one date under one view, as a GeoDataFrame."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import pandas as pd
import shapely

from terrachron.errors import QueryError
from terrachron.geo.timetable import HOLDER_SEPARATOR, holders_text

if TYPE_CHECKING:
    from terrachron.query import Ledger

__all__ = ["SNAPSHOT_COLUMNS", "snapshot_frame"]

SNAPSHOT_COLUMNS = (
    "place",
    "date",
    "view",
    "controller",
    "title",
    "claimants",
    "status",
    "disputed",
    "occupied",
    "uncertain",
    "pending",
    "chain",
    "name",
    "area_km2",
    "geometry",
)
"""The columns of a snapshot, in order. Holders are ids joined by ``|``; ``pending`` and
``chain`` list effect ids joined by ``|``."""


def snapshot_frame(
    ledger: Ledger,
    date: Any,
    view: str = "de-facto",
    *,
    areas: Mapping[str, float],
    dissolve: bool | str = False,
) -> gpd.GeoDataFrame:
    """One row per place (or per holder, dissolved) with its answer and geometry.

    Parameters
    ----------
    ledger : Ledger
    date : str, datetime.date or numpy.datetime64
        An EDTF date, as for :meth:`~terrachron.Ledger.status`.
    view : str
        The view id.
    areas : mapping of str to float
        Each place's area in km².
    dissolve : bool or str
        False: one row per place. True: merge the places by holder — by ``controller`` under
        ``de-facto``, by ``title`` under any other view. A column name (``controller``,
        ``title``, ``status``) merges by that column.
    """
    rows = ledger.statuses(date, view)
    geoms = ledger.geometries
    records = []
    for s in rows:
        records.append(
            {
                "place": s.place,
                "date": s.date,
                "view": s.view,
                "controller": holders_text(s.controller),
                "title": holders_text(s.title),
                "claimants": holders_text(s.claimants),
                "status": s.status,
                "disputed": s.disputed,
                "occupied": s.occupied,
                "uncertain": s.uncertain,
                "pending": HOLDER_SEPARATOR.join(p.effect for p in s.pending) or None,
                "chain": HOLDER_SEPARATOR.join(c.effect for c in s.chain) or None,
                "name": ledger.place_name(s.place),
                "area_km2": areas.get(s.place, 0.0),
                "geometry": geoms.get(s.place),
            }
        )
    frame = gpd.GeoDataFrame(
        pd.DataFrame.from_records(records, columns=list(SNAPSHOT_COLUMNS)),
        geometry="geometry",
        crs="EPSG:4326",
    )
    if not dissolve:
        return frame
    by = (
        dissolve if isinstance(dissolve, str) else ("controller" if view == "de-facto" else "title")
    )
    if by not in ("controller", "title", "status", "claimants"):
        raise QueryError(
            f"cannot dissolve by {by!r}; use controller, title, status or claimants",
            parameter="dissolve",
        )
    return _dissolve(frame, by)


def _dissolve(frame: gpd.GeoDataFrame, by: str) -> gpd.GeoDataFrame:
    """Merge rows sharing ``by`` (null counts as its own group): union of shapes, summed areas."""
    key = frame[by].fillna("")
    out = []
    for value, group in frame.groupby(key, sort=True):
        geoms = [g for g in group.geometry if g is not None and not g.is_empty]
        out.append(
            {
                by: value or None,
                "date": group["date"].iloc[0],
                "view": group["view"].iloc[0],
                "places": HOLDER_SEPARATOR.join(group["place"]),
                "count": len(group),
                "area_km2": float(group["area_km2"].sum()),
                "geometry": shapely.union_all(geoms) if geoms else None,
            }
        )
    columns = [by, "date", "view", "places", "count", "area_km2", "geometry"]
    return gpd.GeoDataFrame(
        pd.DataFrame.from_records(out, columns=columns), geometry="geometry", crs="EPSG:4326"
    )
